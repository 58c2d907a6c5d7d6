-- What accompanies a case's statutory steps: the reasons for a decision, exceptions, the
-- family's views and representations, consultation responses and professionals' advice (as
-- typed JSON the domain defines), and every saved version of the plan. Deadlines still come only
-- from case_events, through the clock.
CREATE TABLE case_records (
    request_id BLOB NOT NULL REFERENCES ehc_requests (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by BLOB REFERENCES users (id),
    PRIMARY KEY (request_id, seq)
);

CREATE TABLE plan_versions (
    request_id BLOB NOT NULL REFERENCES ehc_requests (id),
    version INTEGER NOT NULL,
    plan TEXT NOT NULL,
    issued TEXT CHECK (issued IN ('draft', 'final')),
    issued_on TEXT,
    saved_at TEXT NOT NULL,
    saved_by BLOB REFERENCES users (id),
    PRIMARY KEY (request_id, version)
);

-- The clock's ref for the advice request, unique within its case.
ALTER TABLE advice_requests ADD COLUMN clock_ref TEXT;
ALTER TABLE advice_requests ADD COLUMN advice TEXT;
CREATE UNIQUE INDEX advice_requests_case_ref ON advice_requests (ehc_request_id, clock_ref);

-- The details every decision notice from this LA must give (reg 32).
CREATE TABLE la_contacts (
    organisation_id BLOB PRIMARY KEY REFERENCES organisations (id),
    send_team TEXT NOT NULL,
    mediation_service TEXT NOT NULL,
    information_advice_support TEXT NOT NULL
);
