-- Reg 56 comments are published without what could identify someone: the council may publish a
-- redacted text, kept beside the original comment, which stays for the council to read.
ALTER TABLE local_offer_feedback ADD COLUMN published_comment TEXT;
