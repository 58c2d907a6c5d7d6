-- The outbox also carries a council's invitation to a parent or young person: a link (kept as a
-- password reset link is, by its hash) that sets the new account's first password. SQLite
-- cannot change a CHECK, so the table is made again with the same rows.
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
    kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'password_reset', 'password_changed', 'invitation'))
);
INSERT INTO outbox_new SELECT id, user_id, body, link, state, attempts, run_after_micros, locked_by,
    locked_until_micros, sent_micros, last_error, kind FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, run_after_micros);
