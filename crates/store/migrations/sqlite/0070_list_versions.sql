-- A number per list that every change to what the list counts moves on, in the change's own
-- transaction, whichever code or server made it. A server keeps the total of a list's query
-- with the number it counted at and counts again only once the number has moved: counting a
-- large council's open requests or plans is most of the work of showing one page of them.
-- 'caseload' counts the caseload table; 'plans' counts plans, filtered by the child, their
-- setting and the request's caseworker.
CREATE TABLE list_versions (
    list TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL
);
INSERT INTO list_versions (list, version) VALUES ('caseload', 0), ('plans', 0);
CREATE TRIGGER caseload_insert_moves_caseload AFTER INSERT ON caseload
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'caseload';
END;
CREATE TRIGGER caseload_update_moves_caseload AFTER UPDATE ON caseload
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'caseload';
END;
CREATE TRIGGER caseload_delete_moves_caseload AFTER DELETE ON caseload
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'caseload';
END;
CREATE TRIGGER ehc_plans_insert_moves_plans AFTER INSERT ON ehc_plans
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER ehc_plans_update_moves_plans AFTER UPDATE ON ehc_plans
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER ehc_plans_delete_moves_plans AFTER DELETE ON ehc_plans
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER children_insert_moves_plans AFTER INSERT ON children
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER children_update_moves_plans AFTER UPDATE ON children
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER children_delete_moves_plans AFTER DELETE ON children
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER ehc_requests_insert_moves_plans AFTER INSERT ON ehc_requests
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER ehc_requests_update_moves_plans AFTER UPDATE ON ehc_requests
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER ehc_requests_delete_moves_plans AFTER DELETE ON ehc_requests
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER enrolments_insert_moves_plans AFTER INSERT ON enrolments
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER enrolments_update_moves_plans AFTER UPDATE ON enrolments
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
CREATE TRIGGER enrolments_delete_moves_plans AFTER DELETE ON enrolments
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = 'plans';
END;
