-- From the end of compulsory school age a parent takes part only as the young person decides,
-- or where a decision under the Mental Capacity Act 2005 says the young person cannot decide.
-- Every decision is kept, oldest first by id, so who could see the record on any day can be
-- told; the latest of each kind counts.
CREATE TABLE young_person_decisions (
    id BLOB PRIMARY KEY NOT NULL,
    child_id BLOB NOT NULL REFERENCES children (id),
    decision TEXT NOT NULL
        CHECK (decision IN ('agreed', 'withdrawn', 'lacks_capacity', 'has_capacity')),
    parent_user_id BLOB REFERENCES users (id),
    decided_on TEXT NOT NULL,
    -- Empty when the system loaded it (the demo).
    recorded_by BLOB REFERENCES users (id),
    CHECK ((decision IN ('agreed', 'withdrawn')) = (parent_user_id IS NOT NULL))
);
CREATE INDEX young_person_decisions_child ON young_person_decisions (child_id);
