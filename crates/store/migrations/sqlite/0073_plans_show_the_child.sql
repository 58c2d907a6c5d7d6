-- A page of plans shows each child's date of birth and UPN and the caseworker's name. Kept beside
-- the plan, as the name already is, they are read with the plan's own row instead of two lookups
-- (the child, the request) for each of a page's fifty: on SQLite each such lookup is two B-tree
-- searches, a UUID's index and then the row. Written with the plan from the child's record and the
-- request; anonymising a child rewrites them. SQLite cannot add a column NOT NULL without a
-- default, so the date of birth is nullable here and always written.
ALTER TABLE ehc_plans ADD COLUMN birth_date TEXT;
ALTER TABLE ehc_plans ADD COLUMN upn TEXT;
ALTER TABLE ehc_plans ADD COLUMN caseworker_user_id BLOB REFERENCES users (id);
UPDATE ehc_plans SET
    birth_date = (SELECT c.birth_date FROM children c WHERE c.id = ehc_plans.child_id),
    upn = (SELECT c.upn FROM children c WHERE c.id = ehc_plans.child_id),
    caseworker_user_id =
        (SELECT r.caseworker_user_id FROM ehc_requests r WHERE r.id = ehc_plans.request_id);
