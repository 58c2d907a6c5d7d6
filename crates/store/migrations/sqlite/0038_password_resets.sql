-- Links that reset a forgotten password, each by the hash of its secret (the secret itself is only
-- ever in the email), working once and until it expires. Resetting ends the user's sessions.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_micros BIGINT NOT NULL,
    used_micros BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- What an email in the outbox is: a message's, or a reset link's (worded by the worker).
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'password_reset'));
