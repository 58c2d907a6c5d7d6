-- What the stored summaries of the clock (ehc_summaries, caseload) were computed with. One row;
-- when the running clock's fingerprint differs, the summaries are rebuilt from the events.
CREATE TABLE projection_fingerprint (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    clock_version INTEGER NOT NULL,
    bank_holidays TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
