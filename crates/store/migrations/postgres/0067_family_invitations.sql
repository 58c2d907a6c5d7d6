-- The outbox also carries a council's invitation to a parent or young person: a link (kept as a
-- password reset link is, by its hash) that sets the new account's first password.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('message', 'password_reset', 'password_changed', 'invitation'));
