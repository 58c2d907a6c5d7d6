-- What the clock last said about each EHC needs assessment request, rewritten in the same
-- transaction as every event, so the caseload and the timeliness figures read indexed rows
-- instead of replaying every history. Nothing here is computed by SQL: the clock writes it.
CREATE TABLE ehc_summaries (
    request_id BLOB PRIMARY KEY NOT NULL REFERENCES ehc_requests (id),
    la_id BLOB NOT NULL REFERENCES organisations (id),
    stage TEXT NOT NULL,
    received_on TEXT NOT NULL,
    final_plan_issued_on TEXT,
    final_plan_within_time INTEGER,
    exception_recorded INTEGER NOT NULL
);
CREATE INDEX ehc_summaries_plans ON ehc_summaries (la_id, final_plan_issued_on);

-- One row per open request and span of days: the next duty changes with the day asked about
-- only when a family's right lapses (see CaseSummary in the domain crate). The child's name,
-- school and caseworker are copied in with each rewrite so that listing needs no join.
CREATE TABLE caseload (
    request_id BLOB NOT NULL REFERENCES ehc_requests (id),
    span INTEGER NOT NULL,
    valid_from TEXT,
    valid_until TEXT,
    la_id BLOB NOT NULL REFERENCES organisations (id),
    child_id BLOB NOT NULL REFERENCES children (id),
    child_name TEXT NOT NULL,
    school_urn TEXT,
    caseworker_user_id BLOB REFERENCES users (id),
    stage TEXT NOT NULL,
    received_on TEXT NOT NULL,
    duty TEXT NOT NULL,
    duty_ref TEXT,
    due TEXT NOT NULL,
    target TEXT NOT NULL,
    rule TEXT NOT NULL,
    explanation TEXT NOT NULL,
    exception_applies INTEGER NOT NULL,
    PRIMARY KEY (request_id, span)
);
CREATE INDEX caseload_la_due ON caseload (la_id, due);
CREATE INDEX caseload_child ON caseload (child_id);
