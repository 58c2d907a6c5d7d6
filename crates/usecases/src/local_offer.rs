//! The Local Offer (Code chapter 4): providers keep their services' entries, the council answers
//! the comments it receives and publishes what it did (Code 4.26–4.27). Comments are anonymous.

use crate::{Acting, Refused};
use sendcase_domain::local_offer::LocalOfferService;
use sendcase_domain::policy::{may_edit_local_offer_service, may_manage_local_offer};
use sendcase_store::{AuditMeta, FeedbackResponse, NewFeedback, Store};
use uuid::Uuid;

/// A service's entry as its provider (or the council) changed it.
pub async fn update_service(acting: Acting<'_>, service: LocalOfferService) -> Result<(), Refused> {
    if !may_edit_local_offer_service(acting.actor, service.provider.id) {
        return Err(Refused::Forbidden);
    }
    Ok(acting.store.put_local_offer_services(&[service], &acting.audit(None)).await?)
}

/// The council's answer to a comment, and whether to publish it.
pub async fn respond_to_feedback(
    acting: Acting<'_>,
    comment: Uuid,
    response: FeedbackResponse,
) -> Result<(), Refused> {
    if !may_manage_local_offer(acting.actor) {
        return Err(Refused::Forbidden);
    }
    Ok(acting.store.respond_to_feedback(comment, response, &acting.audit(None)).await?)
}

/// A comment on the Local Offer from anyone; who sent it is never recorded, even when signed in.
pub async fn send_feedback(
    store: &dyn Store,
    request_id: &str,
    feedback: NewFeedback,
) -> Result<Uuid, Refused> {
    Ok(store.add_feedback(feedback, &AuditMeta::system(request_id)).await?)
}
