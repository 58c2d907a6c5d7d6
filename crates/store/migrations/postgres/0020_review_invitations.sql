-- The professionals a review's arrangement invites through their accounts, one row each beside
-- the arrangement's record, so a professional's reviews and the invited of a child's review are
-- found without reading every arrangement. Whether the review is still under way is never
-- stored: the case's events say it.
CREATE TABLE review_invitations (
    request_id UUID NOT NULL,
    seq INTEGER NOT NULL,
    professional_user_id UUID NOT NULL REFERENCES users (id),
    PRIMARY KEY (request_id, seq, professional_user_id),
    FOREIGN KEY (request_id, seq) REFERENCES case_records (request_id, seq)
);
CREATE INDEX review_invitations_professional ON review_invitations (professional_user_id);
