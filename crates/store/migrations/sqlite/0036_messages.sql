-- What people are told when something changes that they must act on: one row per message to one
-- person, written in the same transaction as the change, so it is never lost and never written
-- for a change that rolled back. `once_key` lets a reminder be written at most once.
CREATE TABLE messages (
    id BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    created_micros BIGINT NOT NULL,
    read_micros BIGINT,
    once_key TEXT UNIQUE
);
CREATE INDEX messages_inbox ON messages (user_id, created_micros);

-- Each person chooses whether their messages also come by email.
ALTER TABLE users ADD COLUMN email_messages INTEGER NOT NULL DEFAULT 1;
