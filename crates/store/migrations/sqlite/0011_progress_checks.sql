-- Progress checks at age two (EYFS 2.3, Code 5.23): each check a child has at a setting, as
-- the JSON the domain defines; a check is never edited, a later one is added beside it.
CREATE TABLE progress_checks (
    id BLOB PRIMARY KEY,
    child_id BLOB NOT NULL REFERENCES children (id),
    setting_id BLOB NOT NULL REFERENCES organisations (id),
    done_on TEXT NOT NULL,
    progress_check TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by BLOB REFERENCES users (id)
);
CREATE INDEX progress_checks_child ON progress_checks (child_id, setting_id, done_on);
