-- One-page profiles: each save is a new version, so what was agreed with the pupil and their
-- parents on each date is kept; the highest version is the current profile.
CREATE TABLE one_page_profiles (
    child_id UUID NOT NULL REFERENCES children (id),
    school_id UUID NOT NULL REFERENCES organisations (id),
    version INTEGER NOT NULL,
    agreed_on DATE NOT NULL,
    contributors TEXT NOT NULL,
    likes TEXT NOT NULL,
    important TEXT NOT NULL,
    support TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by UUID REFERENCES users (id),
    PRIMARY KEY (child_id, school_id, version)
);

-- A school's SEN information report (SEND Regulations 2014 reg 51): dated versions of the
-- narrative the SENCO writes under each Schedule 1 heading; the figures are never stored.
CREATE TABLE sen_information_reports (
    school_id UUID NOT NULL REFERENCES organisations (id),
    version INTEGER NOT NULL,
    published_on DATE NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by UUID REFERENCES users (id),
    PRIMARY KEY (school_id, version)
);
CREATE TABLE sen_information_report_sections (
    school_id UUID NOT NULL,
    version INTEGER NOT NULL,
    heading TEXT NOT NULL,
    narrative TEXT NOT NULL,
    PRIMARY KEY (school_id, version, heading),
    FOREIGN KEY (school_id, version) REFERENCES sen_information_reports (school_id, version)
);
