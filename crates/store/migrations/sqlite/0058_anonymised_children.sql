-- The day a child's record was anonymised once its retention passed (`sendcase retention
-- --apply`); a record anonymised is not listed as due again.
ALTER TABLE children ADD COLUMN anonymised_on TEXT;
