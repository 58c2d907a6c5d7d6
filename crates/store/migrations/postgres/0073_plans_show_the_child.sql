-- A page of plans shows each child's date of birth and UPN and the caseworker's name. Kept beside
-- the plan, as the name already is, they are read with the plan's own row instead of two lookups
-- (the child, the request) for each of a page's fifty. Written with the plan from the child's
-- record and the request; anonymising a child rewrites them. The date of birth is nullable, as
-- SQLite must have it, and always written.
ALTER TABLE ehc_plans ADD COLUMN birth_date DATE;
ALTER TABLE ehc_plans ADD COLUMN upn TEXT;
ALTER TABLE ehc_plans ADD COLUMN caseworker_user_id UUID REFERENCES users (id);
UPDATE ehc_plans p SET birth_date = c.birth_date, upn = c.upn
    FROM children c WHERE c.id = p.child_id;
UPDATE ehc_plans p SET caseworker_user_id = r.caseworker_user_id
    FROM ehc_requests r WHERE r.id = p.request_id;
