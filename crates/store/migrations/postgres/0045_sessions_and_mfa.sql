-- Sessions end after a time idle as well as a time in all, so each keeps when it was last used;
-- the person's list of their sessions names each by its browser. A session signed in with a
-- password alone waits for its second step ('code') or, where one is required and none is set
-- up, for an authenticator to be set up ('enrol'); only 'done' reaches the service.
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMPTZ NOT NULL DEFAULT '1970-01-01T00:00:00Z';
UPDATE sessions SET last_seen_at = created_at;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'done' CHECK (stage IN ('code', 'enrol', 'done'));
CREATE INDEX sessions_user ON sessions (user_id);

-- A person's authenticator: its secret (needed in the clear to check codes), and the last time
-- step a code was accepted for, so no code works twice.
CREATE TABLE user_totp (
    user_id UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    last_step BIGINT NOT NULL,
    enrolled_micros BIGINT NOT NULL
);

-- Recovery codes, by their SHA-256 only (each is shown once), each working once.
CREATE TABLE recovery_codes (
    code_hash TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    used_micros BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- The outbox also carries the notice that a password was changed.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('message', 'password_reset', 'password_changed'));
