-- Plans transferred before 0041 have no plan_transfers row, so the council they left lost them
-- from its SEN2 return. The council is the one whose officer recorded the move
-- (moving_to_another_la); the plan went to the child's council now. A move recorded by no
-- council officer (a command-line import) cannot be placed and is left as it was.
INSERT INTO plan_transfers (request_id, seq, from_la_id, to_la_id)
SELECT e.request_id, e.seq, MIN(m.organisation_id), c.responsible_la_id
FROM case_events e
JOIN ehc_requests r ON r.id = e.request_id
JOIN children c ON c.id = r.child_id
JOIN case_events mv ON mv.request_id = e.request_id AND mv.seq = (
    SELECT MAX(x.seq) FROM case_events x
    WHERE x.request_id = e.request_id AND x.seq < e.seq
      AND json_extract(x.event, '$.event') = 'moving_to_another_la')
JOIN memberships m ON m.user_id = mv.recorded_by
JOIN organisations o ON o.id = m.organisation_id AND o.kind = 'local_authority'
WHERE json_extract(e.event, '$.event') = 'plan_transferred'
  AND m.organisation_id <> c.responsible_la_id
  AND NOT EXISTS (
    SELECT 1 FROM plan_transfers t WHERE t.request_id = e.request_id AND t.seq = e.seq)
GROUP BY e.request_id, e.seq, c.responsible_la_id;
