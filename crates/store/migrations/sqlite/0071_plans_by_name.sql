-- The plans in force keep the child's name beside each plan, as the caseload does, so a page of
-- a council's plans is chosen from one index in the list's own order (review due, then name)
-- without joining every child the offset passes over. The names are written with the plan, from
-- the child's record, and anonymising a child rewrites them.
ALTER TABLE ehc_plans ADD COLUMN family_name TEXT NOT NULL DEFAULT '';
ALTER TABLE ehc_plans ADD COLUMN given_name TEXT NOT NULL DEFAULT '';
UPDATE ehc_plans SET
    family_name = (SELECT c.family_name FROM children c WHERE c.id = ehc_plans.child_id),
    given_name = (SELECT c.given_name FROM children c WHERE c.id = ehc_plans.child_id);
DROP INDEX ehc_plans_la_review;
CREATE INDEX ehc_plans_la_review_name
    ON ehc_plans (la_id, review_due, family_name, given_name, request_id, status, issued_on);
