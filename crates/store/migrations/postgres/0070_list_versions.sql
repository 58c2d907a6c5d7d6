-- A number per list that every change to what the list counts moves on, in the change's own
-- transaction, whichever code or server made it. A server keeps the total of a list's query
-- with the number it counted at and counts again only once the number has moved: counting a
-- large council's open requests or plans is most of the work of showing one page of them.
-- 'caseload' counts the caseload table; 'plans' counts plans, filtered by the child, their
-- setting and the request's caseworker. Once per statement, so a bulk load moves it once.
CREATE TABLE list_versions (
    list TEXT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL
);
INSERT INTO list_versions (list, version) VALUES ('caseload', 0), ('plans', 0);
CREATE FUNCTION list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE list_versions SET version = version + 1 WHERE list = TG_ARGV[0];
    RETURN NULL;
END
$$;
CREATE TRIGGER caseload_moves_caseload AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON caseload
    FOR EACH STATEMENT EXECUTE FUNCTION list_changed('caseload');
CREATE TRIGGER ehc_plans_moves_plans AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ehc_plans
    FOR EACH STATEMENT EXECUTE FUNCTION list_changed('plans');
CREATE TRIGGER children_moves_plans AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON children
    FOR EACH STATEMENT EXECUTE FUNCTION list_changed('plans');
CREATE TRIGGER ehc_requests_moves_plans AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ehc_requests
    FOR EACH STATEMENT EXECUTE FUNCTION list_changed('plans');
CREATE TRIGGER enrolments_moves_plans AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON enrolments
    FOR EACH STATEMENT EXECUTE FUNCTION list_changed('plans');
