-- The Local Offer: services (kept whole as JSON, with the columns queries need), the postcode
-- table the LA loads for distances, and comments from families under reg 56.
CREATE TABLE local_offer_services (
    id BLOB PRIMARY KEY NOT NULL,
    provider_id BLOB NOT NULL,
    name TEXT NOT NULL,
    published INTEGER NOT NULL,
    last_modified_micros INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX local_offer_services_provider ON local_offer_services (provider_id);

CREATE TABLE postcodes (
    postcode TEXT PRIMARY KEY NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL
);

CREATE TABLE local_offer_feedback (
    id BLOB PRIMARY KEY NOT NULL,
    received_on TEXT NOT NULL,
    about TEXT NOT NULL,
    comment TEXT NOT NULL,
    response TEXT,
    action_taken TEXT,
    responded_on TEXT,
    published INTEGER NOT NULL DEFAULT 0
);

-- Bumped by every change to a service, so a server's search index knows when to reload.
CREATE TABLE local_offer_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO local_offer_revision (id, revision) VALUES (1, 0);
