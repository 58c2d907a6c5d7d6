-- A number that every change to the caseload table moves on, in the change's own transaction,
-- whichever code or server made it. A server keeps the count of a caseload query it has run with
-- the number it ran at, and counts again only when the number has moved: counting a large
-- council's open requests is most of the work of showing one page of them.
CREATE TABLE caseload_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO caseload_version (id, version) VALUES (1, 0);
CREATE TRIGGER caseload_inserted AFTER INSERT ON caseload
BEGIN
    UPDATE caseload_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER caseload_updated AFTER UPDATE ON caseload
BEGIN
    UPDATE caseload_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER caseload_deleted AFTER DELETE ON caseload
BEGIN
    UPDATE caseload_version SET version = version + 1 WHERE id = 1;
END;
