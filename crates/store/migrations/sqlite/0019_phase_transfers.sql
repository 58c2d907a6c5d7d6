-- How far each plan's latest planned move to the next phase has gone (reg 18), so a council
-- sees each year group's moves against their deadline without reading every history.
ALTER TABLE ehc_plans ADD COLUMN transfer_on TEXT;
ALTER TABLE ehc_plans ADD COLUMN transfer_consulted_on TEXT;
ALTER TABLE ehc_plans ADD COLUMN transfer_amended_on TEXT;
