-- Access that ends: an administrator can disable a user (their sessions and tokens stop working at
-- once), and API tokens expire and can be revoked. Tokens issued before this have no expiry.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
