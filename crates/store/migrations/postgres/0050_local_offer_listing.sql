-- The officers' list of services is searched, filtered and paged in SQL, not by reading every
-- entry: the words searched (name and provider, lower-cased), the kinds of provision as
-- |code|code|, when the review lapses, and the last day families see the entry (the domain's
-- LocalOfferService::shown_until). Rows stored before this are filled in when the store opens,
-- since only the domain can say when an entry is shown.
ALTER TABLE local_offer_services ADD COLUMN listing_text TEXT;
ALTER TABLE local_offer_services ADD COLUMN categories TEXT;
ALTER TABLE local_offer_services ADD COLUMN review_due DATE;
ALTER TABLE local_offer_services ADD COLUMN shown_until DATE;
CREATE INDEX local_offer_services_council_name ON local_offer_services (council_id, name, id);
CREATE INDEX local_offer_services_provider_name ON local_offer_services (provider_id, name, id);
