-- Holds every column the caseload's filters test, so counting a filtered caseload reads the index
-- alone. (This change was first made by editing 0005 after it shipped; see migrations.rs.)
DROP INDEX IF EXISTS caseload_la_due;
CREATE INDEX caseload_la_due ON caseload (la_id, due, valid_from, valid_until, stage, caseworker_user_id, school_urn, exception_applies);
