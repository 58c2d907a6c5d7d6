-- Each council keeps its own Local Offer (CFA s30): a service and a comment on the Local Offer
-- belong to one council, and only its officers manage them.
ALTER TABLE local_offer_services ADD COLUMN council_id BLOB;
ALTER TABLE local_offer_feedback ADD COLUMN council_id BLOB;
-- Before councils were recorded, a service was its provider's council's (or the provider was a
-- council); what cannot be told, like every comment, went to the first council by name.
UPDATE local_offer_services SET council_id = COALESCE(
    (SELECT CASE WHEN o.kind = 'local_authority' THEN o.id ELSE o.local_authority_id END
     FROM organisations o WHERE o.id = local_offer_services.provider_id),
    (SELECT id FROM organisations WHERE kind = 'local_authority' ORDER BY name LIMIT 1));
UPDATE local_offer_feedback SET council_id =
    (SELECT id FROM organisations WHERE kind = 'local_authority' ORDER BY name LIMIT 1);
CREATE INDEX local_offer_services_council ON local_offer_services (council_id);
CREATE INDEX local_offer_feedback_council ON local_offer_feedback (council_id);

-- No edit is lost: each save of a service is a numbered version, kept so that two officers'
-- saves made from the same version can be merged.
ALTER TABLE local_offer_services ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE local_offer_service_versions (
    service_id BLOB NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (service_id, version)
);
INSERT INTO local_offer_service_versions (service_id, version, document)
    SELECT id, version, document FROM local_offer_services;
