-- Signed checkpoints of the audit chain's head. Each carries a keyed MAC (HMAC-SHA256 with a key
-- kept outside the database) over what it vouches for and the MAC of the checkpoint before it, so
-- a cut-off tail, an emptied log or a re-hashed chain no longer verifies. An `archive` checkpoint
-- marks where exported entries were pruned: the chain goes on from its hash.
CREATE TABLE audit_checkpoints (
    n BIGINT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('checkpoint', 'archive')),
    head_seq BIGINT NOT NULL,
    head_hash TEXT NOT NULL,
    at_micros BIGINT NOT NULL,
    prev_mac TEXT NOT NULL,
    mac TEXT NOT NULL
);
