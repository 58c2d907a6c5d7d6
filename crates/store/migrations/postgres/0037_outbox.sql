-- Emails waiting to go, written in the same transaction as what they tell. A worker claims one
-- with a single `UPDATE … RETURNING` and a lease (`locked_until_micros`), sends it outside any
-- transaction, then records it sent while its lease holds; a claim whose worker stopped becomes
-- claimable again when the lease ends. A failure is retried later (`run_after_micros`). Once
-- sent, the text and link are blanked: the database keeps no more of an email than it must.
CREATE TABLE outbox (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    run_after_micros BIGINT NOT NULL,
    locked_by TEXT,
    locked_until_micros BIGINT,
    sent_micros BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (state, run_after_micros);
