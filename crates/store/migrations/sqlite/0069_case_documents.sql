-- Documents that come with a request for an assessment (the family's evidence) or with advice
-- (Code 9.49: advice may rest on a report already written), checked to be what their bytes say
-- they are. A document of the request itself has no `advice_request_id`. `child_id` lets a
-- subject access request and anonymising a record find them without reading every case.
CREATE TABLE case_documents (
    id BLOB PRIMARY KEY NOT NULL,
    ehc_request_id BLOB NOT NULL REFERENCES ehc_requests (id),
    child_id BLOB NOT NULL REFERENCES children (id),
    advice_request_id BLOB REFERENCES advice_requests (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    added_on TEXT NOT NULL
);
CREATE INDEX case_documents_request ON case_documents (ehc_request_id);
CREATE INDEX case_documents_advice ON case_documents (advice_request_id);
CREATE INDEX case_documents_child ON case_documents (child_id);
