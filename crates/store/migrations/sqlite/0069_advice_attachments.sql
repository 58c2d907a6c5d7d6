-- Documents attached to advice (Code 9.49): kept with the advice they came with, checked to be
-- what their bytes say they are. `child_id` lets a subject access request and anonymising a
-- record find them without reading every piece of advice.
CREATE TABLE advice_attachments (
    id BLOB PRIMARY KEY NOT NULL,
    advice_request_id BLOB NOT NULL REFERENCES advice_requests (id) ON DELETE CASCADE,
    child_id BLOB NOT NULL REFERENCES children (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    added_on TEXT NOT NULL
);
CREATE INDEX advice_attachments_advice ON advice_attachments (advice_request_id);
CREATE INDEX advice_attachments_child ON advice_attachments (child_id);
