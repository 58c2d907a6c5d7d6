-- The plans in force keep the child's name beside each plan, as the caseload does, so a page of
-- a council's plans is chosen from one index in the list's own order (review due, then name)
-- without joining every child the offset passes over. The names are written with the plan, from
-- the child's record, and anonymising a child rewrites them.
ALTER TABLE ehc_plans ADD COLUMN family_name TEXT NOT NULL DEFAULT '';
ALTER TABLE ehc_plans ADD COLUMN given_name TEXT NOT NULL DEFAULT '';
UPDATE ehc_plans p SET family_name = c.family_name, given_name = c.given_name
    FROM children c WHERE c.id = p.child_id;
ALTER TABLE ehc_plans ALTER COLUMN family_name DROP DEFAULT;
ALTER TABLE ehc_plans ALTER COLUMN given_name DROP DEFAULT;
DROP INDEX ehc_plans_la_review;
CREATE INDEX ehc_plans_la_review_name
    ON ehc_plans (la_id, review_due, family_name, given_name, request_id, status, issued_on);
