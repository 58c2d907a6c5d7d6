-- A span of days open at either end is stored as reaching 1 January 1 or 31 December 9999, not
-- as NULL, so the caseload's filter for a day is two plain comparisons, which PostgreSQL tests on
-- the caseload's index before it reads a row (see the PostgreSQL migration of the same number).
-- SQLite can make a column NOT NULL only by building its table again: the copy keeps every
-- column, index and trigger as they were.
CREATE TABLE caseload_bounded (
    request_id BLOB NOT NULL REFERENCES ehc_requests (id),
    span INTEGER NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    la_id BLOB NOT NULL REFERENCES organisations (id),
    child_id BLOB NOT NULL REFERENCES children (id),
    child_name TEXT NOT NULL,
    school_urn TEXT,
    caseworker_user_id BLOB REFERENCES users (id),
    stage TEXT NOT NULL,
    received_on TEXT NOT NULL,
    duty TEXT NOT NULL,
    duty_ref TEXT,
    due TEXT NOT NULL,
    target TEXT NOT NULL,
    rule TEXT NOT NULL,
    explanation TEXT NOT NULL,
    exception_applies INTEGER NOT NULL,
    PRIMARY KEY (request_id, span)
);
INSERT INTO caseload_bounded (request_id, span, valid_from, valid_until, la_id, child_id,
    child_name, school_urn, caseworker_user_id, stage, received_on, duty, duty_ref, due, target,
    rule, explanation, exception_applies)
SELECT request_id, span, COALESCE(valid_from, '0001-01-01'), COALESCE(valid_until, '9999-12-31'),
    la_id, child_id, child_name, school_urn, caseworker_user_id, stage, received_on, duty,
    duty_ref, due, target, rule, explanation, exception_applies
FROM caseload;
DROP TABLE caseload;
ALTER TABLE caseload_bounded RENAME TO caseload;
CREATE INDEX caseload_la_due ON caseload (la_id, due, child_name, request_id, valid_from, valid_until, stage, caseworker_user_id, school_urn, exception_applies);
CREATE INDEX caseload_child ON caseload (child_id);
CREATE TRIGGER caseload_insert_moves_lists AFTER INSERT ON caseload
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER caseload_update_moves_lists AFTER UPDATE ON caseload
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER caseload_delete_moves_lists AFTER DELETE ON caseload
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
UPDATE list_version SET version = version + 1 WHERE id = 1;
