-- What the clock last said about each EHC needs assessment request, rewritten in the same
-- transaction as every event, so the caseload and the timeliness figures read indexed rows
-- instead of replaying every history. Nothing here is computed by SQL: the clock writes it.
CREATE TABLE ehc_summaries (
    request_id UUID PRIMARY KEY REFERENCES ehc_requests (id),
    la_id UUID NOT NULL REFERENCES organisations (id),
    stage TEXT NOT NULL,
    received_on DATE NOT NULL,
    final_plan_issued_on DATE,
    final_plan_within_time BOOLEAN,
    exception_recorded BOOLEAN NOT NULL
);
CREATE INDEX ehc_summaries_plans ON ehc_summaries (la_id, final_plan_issued_on);

-- One row per open request and span of days: the next duty changes with the day asked about
-- only when a family's right lapses (see CaseSummary in the domain crate). The child's name,
-- school and caseworker are copied in with each rewrite so that listing needs no join.
CREATE TABLE caseload (
    request_id UUID NOT NULL REFERENCES ehc_requests (id),
    span INTEGER NOT NULL,
    valid_from DATE,
    valid_until DATE,
    la_id UUID NOT NULL REFERENCES organisations (id),
    child_id UUID NOT NULL REFERENCES children (id),
    child_name TEXT NOT NULL,
    school_urn TEXT,
    caseworker_user_id UUID REFERENCES users (id),
    stage TEXT NOT NULL,
    received_on DATE NOT NULL,
    duty TEXT NOT NULL,
    duty_ref TEXT,
    due DATE NOT NULL,
    target DATE NOT NULL,
    rule TEXT NOT NULL,
    explanation TEXT NOT NULL,
    exception_applies BOOLEAN NOT NULL,
    PRIMARY KEY (request_id, span)
);
CREATE INDEX caseload_la_due ON caseload (la_id, due);
CREATE INDEX caseload_child ON caseload (child_id);
