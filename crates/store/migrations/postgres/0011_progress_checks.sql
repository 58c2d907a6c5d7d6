-- Progress checks at age two (EYFS 2.3, Code 5.23): each check a child has at a setting, as
-- the JSON the domain defines; a check is never edited, a later one is added beside it.
CREATE TABLE progress_checks (
    id UUID PRIMARY KEY,
    child_id UUID NOT NULL REFERENCES children (id),
    setting_id UUID NOT NULL REFERENCES organisations (id),
    done_on DATE NOT NULL,
    progress_check JSONB NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by UUID REFERENCES users (id)
);
CREATE INDEX progress_checks_child ON progress_checks (child_id, setting_id, done_on);
