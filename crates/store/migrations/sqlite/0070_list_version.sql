-- One number that every change to what the lists of requests and of plans count moves on, in
-- the change's own transaction, whichever code or server made it. A server keeps a list's total
-- with the number it counted at and counts again only once the number has moved: counting a
-- large council's open requests or plans is most of the work of showing one page of them. The
-- caseload counts the caseload table; the plans in force count plans, filtered by the child,
-- their setting and the request's caseworker; both offer the council's staff to filter by
-- caseworker. One number, not one per list: a transaction that changes both would otherwise
-- take their locks in either order, and two such could deadlock.
CREATE TABLE list_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO list_version (id, version) VALUES (1, 0);
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
CREATE TRIGGER ehc_plans_insert_moves_lists AFTER INSERT ON ehc_plans
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER ehc_plans_update_moves_lists AFTER UPDATE ON ehc_plans
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER ehc_plans_delete_moves_lists AFTER DELETE ON ehc_plans
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER children_insert_moves_lists AFTER INSERT ON children
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER children_update_moves_lists AFTER UPDATE ON children
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER children_delete_moves_lists AFTER DELETE ON children
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER ehc_requests_insert_moves_lists AFTER INSERT ON ehc_requests
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER ehc_requests_update_moves_lists AFTER UPDATE ON ehc_requests
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER ehc_requests_delete_moves_lists AFTER DELETE ON ehc_requests
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER enrolments_insert_moves_lists AFTER INSERT ON enrolments
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER enrolments_update_moves_lists AFTER UPDATE ON enrolments
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER enrolments_delete_moves_lists AFTER DELETE ON enrolments
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER users_insert_moves_lists AFTER INSERT ON users
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER users_update_moves_lists AFTER UPDATE ON users
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER users_delete_moves_lists AFTER DELETE ON users
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER memberships_insert_moves_lists AFTER INSERT ON memberships
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER memberships_update_moves_lists AFTER UPDATE ON memberships
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER memberships_delete_moves_lists AFTER DELETE ON memberships
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
END;
