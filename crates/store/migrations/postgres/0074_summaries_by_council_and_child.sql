-- The SEN2 return reads a council's children a page at a time, by id. Keeping each request's child
-- beside its council in the summary, indexed by both, lets a page find the council's next children
-- in the index alone, instead of walking every child of England in id order and asking of each
-- whether one of their requests is the council's. Written with the rest of the summary, from the
-- request; nullable, as SQLite must have it, and always written.
ALTER TABLE ehc_summaries ADD COLUMN child_id UUID REFERENCES children (id);
UPDATE ehc_summaries s SET child_id = r.child_id FROM ehc_requests r WHERE r.id = s.request_id;
CREATE INDEX ehc_summaries_council_children ON ehc_summaries (la_id, child_id);
