-- Meetings between a school and the parents of a pupil on its SEN register (Code 6.65).
CREATE TABLE parent_meetings (
    child_id BLOB NOT NULL REFERENCES children (id),
    school_id BLOB NOT NULL REFERENCES organisations (id),
    held_on TEXT NOT NULL,
    notes TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by BLOB REFERENCES users (id)
);
CREATE INDEX parent_meetings_child ON parent_meetings (child_id, school_id);
