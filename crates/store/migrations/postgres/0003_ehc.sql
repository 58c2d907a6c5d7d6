-- EHC needs assessment requests and their dated events. Deadlines are never stored: the clock
-- computes them from the events.
CREATE TABLE ehc_requests (
    id UUID PRIMARY KEY,
    child_id UUID NOT NULL REFERENCES children (id),
    received_on DATE NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('parent', 'young_person', 'school', 'health', 'social_care', 'other')),
    caseworker_user_id UUID REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ehc_requests_child ON ehc_requests (child_id);

CREATE TABLE case_events (
    request_id UUID NOT NULL REFERENCES ehc_requests (id),
    seq INTEGER NOT NULL,
    event_date DATE NOT NULL,
    event JSONB NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by UUID REFERENCES users (id),
    PRIMARY KEY (request_id, seq)
);

ALTER TABLE advice_requests ADD COLUMN ehc_request_id UUID REFERENCES ehc_requests (id);
