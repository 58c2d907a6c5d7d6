-- The SEN2 return reads a council's children a page at a time, by id. Keeping each request's child
-- beside its council in the summary, indexed by both, lets a page find the council's next children
-- in the index alone. Before, a page walked every child of England in id order and asked of each
-- whether one of their requests was the council's: on a database of all 153 councils that read
-- every other council's children and requests too. Written with the rest of the summary, from the
-- request; SQLite cannot add a column NOT NULL without a default, so it is nullable here and
-- always written.
ALTER TABLE ehc_summaries ADD COLUMN child_id BLOB REFERENCES children (id);
UPDATE ehc_summaries
    SET child_id = (SELECT r.child_id FROM ehc_requests r WHERE r.id = ehc_summaries.request_id);
CREATE INDEX ehc_summaries_council_children ON ehc_summaries (la_id, child_id);
