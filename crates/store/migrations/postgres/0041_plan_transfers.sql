-- A plan transferred to another council (reg 15) moves its case there, so the council it left
-- must still know it held it: its SEN2 return counts the plan as ceased on the day of the
-- transfer, and the new council's return names the council it came from (TransferLA).
CREATE TABLE plan_transfers (
    request_id UUID NOT NULL REFERENCES ehc_requests (id),
    seq INTEGER NOT NULL,
    from_la_id UUID NOT NULL REFERENCES organisations (id),
    to_la_id UUID NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (request_id, seq),
    FOREIGN KEY (request_id, seq) REFERENCES case_events (request_id, seq)
);
CREATE INDEX plan_transfers_from ON plan_transfers (from_la_id);
