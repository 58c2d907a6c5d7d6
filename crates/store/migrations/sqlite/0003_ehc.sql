-- EHC needs assessment requests and their dated events. Deadlines are never stored: the clock
-- computes them from the events.
CREATE TABLE ehc_requests (
    id BLOB PRIMARY KEY NOT NULL,
    child_id BLOB NOT NULL REFERENCES children (id),
    received_on TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('parent', 'young_person', 'school', 'health', 'social_care', 'other')),
    caseworker_user_id BLOB REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX ehc_requests_child ON ehc_requests (child_id);

CREATE TABLE case_events (
    request_id BLOB NOT NULL REFERENCES ehc_requests (id),
    seq INTEGER NOT NULL,
    event_date TEXT NOT NULL,
    event TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by BLOB REFERENCES users (id),
    PRIMARY KEY (request_id, seq)
);

ALTER TABLE advice_requests ADD COLUMN ehc_request_id BLOB REFERENCES ehc_requests (id);
