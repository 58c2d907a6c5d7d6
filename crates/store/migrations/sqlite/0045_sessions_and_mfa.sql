-- Sessions end after a time idle as well as a time in all, so each keeps when it was last used;
-- the person's list of their sessions names each by its browser. A session signed in with a
-- password alone waits for its second step ('code') or, where one is required and none is set
-- up, for an authenticator to be set up ('enrol'); only 'done' reaches the service.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '1970-01-01T00:00:00Z';
UPDATE sessions SET last_seen_at = created_at;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'done' CHECK (stage IN ('code', 'enrol', 'done'));
CREATE INDEX sessions_user ON sessions (user_id);

-- A person's authenticator: its secret (needed in the clear to check codes), and the last time
-- step a code was accepted for, so no code works twice.
CREATE TABLE user_totp (
    user_id BLOB PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    last_step BIGINT NOT NULL,
    enrolled_micros BIGINT NOT NULL
);

-- Recovery codes, by their SHA-256 only (each is shown once), each working once.
CREATE TABLE recovery_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    used_micros BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- The outbox also carries the notice that a password was changed. SQLite cannot change a CHECK,
-- so the table is made again with the same rows.
CREATE TABLE outbox_new (
    id BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    run_after_micros BIGINT NOT NULL,
    locked_by TEXT,
    locked_until_micros BIGINT,
    sent_micros BIGINT,
    last_error TEXT,
    kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'password_reset', 'password_changed'))
);
INSERT INTO outbox_new SELECT id, user_id, body, link, state, attempts, run_after_micros, locked_by,
    locked_until_micros, sent_micros, last_error, kind FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, run_after_micros);
