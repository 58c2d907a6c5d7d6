-- Single sign-on through OpenID Connect. A person at a provider is known by the provider's issuer
-- and their subject there, never by email (an address can be reassigned; the pair cannot).
CREATE TABLE sso_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    linked_micros BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_identities_user ON sso_identities (user_id);

-- A sign-in sent to a provider and not yet back: its state, nonce and PKCE verifier stay here,
-- tied to the browser that started it by the hash of a cookie, and are taken once.
CREATE TABLE sso_starts (
    state TEXT PRIMARY KEY NOT NULL,
    browser_hash TEXT NOT NULL,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_micros BIGINT NOT NULL
);
CREATE INDEX sso_starts_expiry ON sso_starts (expires_micros);

-- Someone a provider vouched for whom no account matched: they wait for an administrator, who
-- gives them a role in an organisation (the account is made then) or refuses them.
CREATE TABLE sso_pending (
    id BLOB PRIMARY KEY NOT NULL,
    provider TEXT NOT NULL,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    asked_micros BIGINT NOT NULL,
    UNIQUE (issuer, subject)
);
