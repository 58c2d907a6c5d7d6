-- Documents that come with a request for an assessment (the family's evidence) or with advice
-- (Code 9.49: advice may rest on a report already written), checked to be what their bytes say
-- they are. A document of the request itself has no `advice_request_id`. `child_id` lets a
-- subject access request and anonymising a record find them without reading every case.
CREATE TABLE case_documents (
    id UUID PRIMARY KEY,
    ehc_request_id UUID NOT NULL REFERENCES ehc_requests (id),
    child_id UUID NOT NULL REFERENCES children (id),
    advice_request_id UUID REFERENCES advice_requests (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content BYTEA NOT NULL,
    added_on DATE NOT NULL
);
CREATE INDEX case_documents_request ON case_documents (ehc_request_id);
CREATE INDEX case_documents_advice ON case_documents (advice_request_id);
CREATE INDEX case_documents_child ON case_documents (child_id);
