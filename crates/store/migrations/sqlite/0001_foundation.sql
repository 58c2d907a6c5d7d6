-- Organisations, people and the relationships that decide access; sessions, tokens and the audit chain.
CREATE TABLE organisations (
    id BLOB PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('local_authority', 'school', 'health_body', 'social_care_team', 'other_provider')),
    name TEXT NOT NULL,
    la_code TEXT UNIQUE,
    urn TEXT UNIQUE,
    phase TEXT,
    school_type TEXT,
    local_authority_id BLOB REFERENCES organisations (id),
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id BLOB PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE memberships (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    organisation_id BLOB REFERENCES organisations (id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE children (
    id BLOB PRIMARY KEY NOT NULL,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    upn TEXT UNIQUE,
    nhs_number TEXT UNIQUE,
    uln TEXT UNIQUE,
    responsible_la_id BLOB NOT NULL REFERENCES organisations (id),
    created_at TEXT NOT NULL
);
CREATE INDEX children_la ON children (responsible_la_id);

CREATE TABLE enrolments (
    child_id BLOB NOT NULL REFERENCES children (id),
    school_id BLOB NOT NULL REFERENCES organisations (id),
    start_date TEXT NOT NULL,
    end_date TEXT
);
CREATE INDEX enrolments_child ON enrolments (child_id);
CREATE INDEX enrolments_school ON enrolments (school_id);

CREATE TABLE family_links (
    child_id BLOB NOT NULL REFERENCES children (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    relationship TEXT NOT NULL CHECK (relationship IN ('parent_or_carer', 'self')),
    PRIMARY KEY (child_id, user_id)
);
CREATE INDEX family_links_user ON family_links (user_id);

CREATE TABLE advice_requests (
    id BLOB PRIMARY KEY NOT NULL,
    child_id BLOB NOT NULL REFERENCES children (id),
    professional_user_id BLOB NOT NULL REFERENCES users (id),
    advice_kind TEXT NOT NULL,
    requested_on TEXT NOT NULL,
    answered_on TEXT
);
CREATE INDEX advice_requests_professional ON advice_requests (professional_user_id);
CREATE INDEX advice_requests_child ON advice_requests (child_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sign_in_failures (
    email_key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (email_key, at);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_micros INTEGER NOT NULL,
    actor_user_id BLOB,
    acting_role TEXT,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT,
    request_id TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
