-- Meetings between a school and the parents of a pupil on its SEN register (Code 6.65).
CREATE TABLE parent_meetings (
    child_id UUID NOT NULL REFERENCES children (id),
    school_id UUID NOT NULL REFERENCES organisations (id),
    held_on DATE NOT NULL,
    notes TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by UUID REFERENCES users (id)
);
CREATE INDEX parent_meetings_child ON parent_meetings (child_id, school_id);
