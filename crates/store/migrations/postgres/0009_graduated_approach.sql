-- The graduated approach: each pupil's assess, plan, do and review steps at a school, as dated
-- JSON the domain defines. Cycles, next steps and overdue reviews are read from these rows.
CREATE TABLE support_cycle_steps (
    child_id UUID NOT NULL REFERENCES children (id),
    school_id UUID NOT NULL REFERENCES organisations (id),
    seq INTEGER NOT NULL,
    step_on DATE NOT NULL,
    step JSONB NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by UUID REFERENCES users (id),
    PRIMARY KEY (child_id, school_id, seq)
);

-- The provision map: a school's interventions (as the domain's JSON) and the pupils on each,
-- with their entry and exit measures.
CREATE TABLE interventions (
    id UUID PRIMARY KEY,
    school_id UUID NOT NULL REFERENCES organisations (id),
    intervention JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX interventions_school ON interventions (school_id);

CREATE TABLE intervention_pupils (
    intervention_id UUID NOT NULL REFERENCES interventions (id),
    child_id UUID NOT NULL REFERENCES children (id),
    entry_measure INTEGER,
    exit_measure INTEGER,
    PRIMARY KEY (intervention_id, child_id)
);
