-- A number that every change to the caseload table moves on, in the change's own transaction,
-- whichever code or server made it. A server keeps the count of a caseload query it has run with
-- the number it ran at, and counts again only when the number has moved: counting a large
-- council's open requests is most of the work of showing one page of them. Once per statement,
-- so loading many rows moves it once.
CREATE TABLE caseload_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO caseload_version (id, version) VALUES (1, 0);
CREATE FUNCTION caseload_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE caseload_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER caseload_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON caseload
    FOR EACH STATEMENT EXECUTE FUNCTION caseload_changed();
