-- Colleges and post-16 providers are known by their UKPRN (GIAS records it beside the URN), so a
-- setting loaded from GIAS keeps it; many schools have none.
ALTER TABLE organisations ADD COLUMN ukprn TEXT;
