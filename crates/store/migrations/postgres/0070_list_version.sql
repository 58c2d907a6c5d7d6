-- One number that every change to what the lists of requests and of plans count moves on, in
-- the change's own transaction, whichever code or server made it. A server keeps a list's total
-- with the number it counted at and counts again only once the number has moved: counting a
-- large council's open requests or plans is most of the work of showing one page of them. The
-- caseload counts the caseload table; the plans in force count plans, filtered by the child,
-- their setting and the request's caseworker; both offer the council's staff to filter by
-- caseworker. One number, not one per list: a transaction that changes both would otherwise
-- take their locks in either order, and two such could deadlock.
-- Once per statement, so a bulk load moves it once.
CREATE TABLE list_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO list_version (id, version) VALUES (1, 0);
CREATE FUNCTION lists_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE list_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER caseload_moves_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON caseload
    FOR EACH STATEMENT EXECUTE FUNCTION lists_changed();
CREATE TRIGGER ehc_plans_moves_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ehc_plans
    FOR EACH STATEMENT EXECUTE FUNCTION lists_changed();
CREATE TRIGGER children_moves_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON children
    FOR EACH STATEMENT EXECUTE FUNCTION lists_changed();
CREATE TRIGGER ehc_requests_moves_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ehc_requests
    FOR EACH STATEMENT EXECUTE FUNCTION lists_changed();
CREATE TRIGGER enrolments_moves_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON enrolments
    FOR EACH STATEMENT EXECUTE FUNCTION lists_changed();
CREATE TRIGGER users_moves_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION lists_changed();
CREATE TRIGGER memberships_moves_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION lists_changed();
