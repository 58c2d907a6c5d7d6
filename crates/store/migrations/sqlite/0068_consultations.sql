-- The settings consulted about being named in a child's plan (Code 9.78–9.83), one row beside
-- each consultation's record, so a school finds the consultations addressed to it, and reads the
-- draft it is asked about, without reading every record. `answered_seq` is the record of its
-- answer. Consultations recorded before this table are found from their records, by the name of
-- the setting, as the step that recorded them checked it.
CREATE TABLE consultations (
    request_id BLOB NOT NULL,
    seq INTEGER NOT NULL,
    setting_id BLOB NOT NULL REFERENCES organisations (id),
    clock_ref TEXT NOT NULL,
    answered_seq INTEGER,
    PRIMARY KEY (request_id, seq),
    UNIQUE (request_id, clock_ref),
    FOREIGN KEY (request_id, seq) REFERENCES case_records (request_id, seq)
);
CREATE INDEX consultations_open ON consultations (setting_id) WHERE answered_seq IS NULL;

INSERT INTO consultations (request_id, seq, setting_id, clock_ref, answered_seq)
SELECT cr.request_id, cr.seq,
    (SELECT o.id FROM organisations o WHERE o.kind = 'school'
        AND o.name = json_extract(cr.body, '$.institution') ORDER BY o.id LIMIT 1),
    json_extract(cr.body, '$.clock_ref'),
    (SELECT MIN(a.seq) FROM case_records a WHERE a.request_id = cr.request_id
        AND a.kind = 'consultation_response'
        AND json_extract(a.body, '$.clock_ref') = json_extract(cr.body, '$.clock_ref'))
FROM case_records cr
WHERE cr.kind = 'consultation' AND EXISTS (SELECT 1 FROM organisations o
    WHERE o.kind = 'school' AND o.name = json_extract(cr.body, '$.institution'));
