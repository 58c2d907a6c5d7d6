-- A child's place on a day is the latest enrolment begun by then and not yet ended: kept in the
-- child's index in start order with the place itself, it is read from the index alone, without a
-- sort. On a page of plans in force, naming each child's setting sorted each child's enrolments
-- and read the table for them, a seventh of the page's query.
CREATE INDEX enrolments_child_place ON enrolments (child_id, start_date, end_date, school_id);
DROP INDEX enrolments_child;
