-- The SEN register: each pupil's SEN provision and ranked need types at a school, as dated
-- entries, so the register's history is kept. The latest entry is the pupil's current status.
CREATE TABLE sen_register (
    child_id BLOB NOT NULL REFERENCES children (id),
    school_id BLOB NOT NULL REFERENCES organisations (id),
    seq INTEGER NOT NULL,
    recorded_on TEXT NOT NULL,
    year_group TEXT NOT NULL,
    provision TEXT NOT NULL CHECK (provision IN ('N', 'K', 'E')),
    need1 TEXT,
    need2 TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (child_id, school_id, seq)
);
CREATE INDEX sen_register_school ON sen_register (school_id);
