-- The Local Offer: services (kept whole as JSON, with the columns queries need), the postcode
-- table the LA loads for distances, and comments from families under reg 56.
CREATE TABLE local_offer_services (
    id UUID PRIMARY KEY,
    provider_id UUID NOT NULL,
    name TEXT NOT NULL,
    published BOOLEAN NOT NULL,
    last_modified_micros BIGINT NOT NULL,
    document JSONB NOT NULL
);
CREATE INDEX local_offer_services_provider ON local_offer_services (provider_id);

CREATE TABLE postcodes (
    postcode TEXT PRIMARY KEY,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL
);

CREATE TABLE local_offer_feedback (
    id UUID PRIMARY KEY,
    received_on DATE NOT NULL,
    about TEXT NOT NULL,
    comment TEXT NOT NULL,
    response TEXT,
    action_taken TEXT,
    responded_on DATE,
    published BOOLEAN NOT NULL DEFAULT FALSE
);

-- Bumped by every change to a service, so a server's search index knows when to reload.
CREATE TABLE local_offer_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO local_offer_revision (id, revision) VALUES (1, 0);
