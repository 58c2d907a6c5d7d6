-- The plans in force: what the clock last said about each request's plan (when it was issued,
-- where it stands, its next review and move, its end), rewritten in the same transaction as
-- every event, as the caseload is. Nothing here is computed by SQL: the clock writes it.
CREATE TABLE ehc_plans (
    request_id BLOB PRIMARY KEY NOT NULL REFERENCES ehc_requests (id),
    la_id BLOB NOT NULL REFERENCES organisations (id),
    child_id BLOB NOT NULL REFERENCES children (id),
    issued_on TEXT NOT NULL,
    status TEXT NOT NULL,
    review_due TEXT,
    phase_transfer_due TEXT,
    ended_on TEXT,
    cease_reason TEXT
);
-- Covering the list's order and its own filters, so counting a council's plans reads only the index.
CREATE INDEX ehc_plans_la_review ON ehc_plans (la_id, review_due, status, issued_on);
CREATE INDEX ehc_plans_child ON ehc_plans (child_id);
