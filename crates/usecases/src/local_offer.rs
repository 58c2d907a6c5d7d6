//! The Local Offer (Code chapter 4): each council keeps its own, providers keep their services'
//! entries in it, and the council answers the comments made on it and publishes what it did
//! (Code 4.26–4.27). Comments are anonymous.

use crate::versioned::{Versioned, save_edit};
use crate::{Acting, Refused};
use async_trait::async_trait;
use sendcase_domain::local_offer::editing::merge_service;
use sendcase_domain::local_offer::{LocalOfferService, redaction};
use sendcase_domain::policy::{may_edit_local_offer_service, may_manage_local_offer};
use sendcase_store::{AuditMeta, FeedbackResponse, NewFeedback, Store, StoreResult};
use uuid::Uuid;

/// A service's entry as its provider (or its council) changed it from version `based_on` (the
/// newest if not said); the version written. Parts others changed meanwhile are kept; the same
/// part changed by both is refused as stale.
pub async fn update_service(
    acting: Acting<'_>,
    service: &LocalOfferService,
    based_on: Option<i32>,
) -> Result<i32, Refused> {
    // Whoever keeps the entry as stored decides, so a save cannot move it to another council.
    let stored = acting.store.local_offer_service(service.id).await?;
    let kept = stored.as_ref().unwrap_or(service);
    if !may_edit_local_offer_service(acting.actor, kept.council, kept.provider.id) {
        return Err(Refused::NotFound);
    }
    let blank = LocalOfferService::blank(
        kept.id,
        kept.council,
        kept.provider.clone(),
        service.last_modified,
    );
    let edit = LocalOfferService {
        council: kept.council,
        provider: kept.provider.clone(),
        ..service.clone()
    };
    let entry = ServiceEntry { acting: &acting, blank, meta: acting.audit(None) };
    save_edit(&entry, &edit, based_on).await
}

/// One service's entry, as versions.
struct ServiceEntry<'a> {
    acting: &'a Acting<'a>,
    blank: LocalOfferService,
    meta: AuditMeta,
}

#[async_trait]
impl Versioned for ServiceEntry<'_> {
    type Record = LocalOfferService;

    fn blank(&self) -> LocalOfferService {
        self.blank.clone()
    }

    async fn version(&self, which: Option<i32>) -> StoreResult<Option<(i32, LocalOfferService)>> {
        self.acting.store.local_offer_service_version(self.blank.id, which).await
    }

    fn merge(
        &self,
        mine: &LocalOfferService,
        base: &LocalOfferService,
        theirs: &LocalOfferService,
    ) -> Result<LocalOfferService, String> {
        merge_service(mine, base, theirs)
    }

    async fn write(&self, service: &LocalOfferService, newest: i32) -> StoreResult<i32> {
        self.acting.store.save_local_offer_service(service, newest, &self.meta).await
    }
}

/// The council's answer to a comment on its Local Offer, and whether to publish it, with the
/// comment as it is to be published (`redacted`, as the council edited it; kept only when it
/// differs from what was sent, which stays for the council). Another council's comments are not
/// found.
pub async fn respond_to_feedback(
    acting: Acting<'_>,
    comment: Uuid,
    mut response: FeedbackResponse,
) -> Result<(), Refused> {
    let found = acting.store.feedback_comment(comment).await?;
    let Some(found) = found.filter(|c| may_manage_local_offer(acting.actor, c.council)) else {
        return Err(Refused::NotFound);
    };
    if let Some(published) = response.redacted.take() {
        response.redacted = redaction(&found.comment, &published)
            .map_err(|why| Refused::rule("published_comment", why))?;
    }
    Ok(acting.store.respond_to_feedback(comment, response, &acting.audit(None)).await?)
}

/// A comment on a council's Local Offer from anyone; who sent it is never recorded, even when
/// signed in.
pub async fn send_feedback(
    store: &dyn Store,
    request_id: &str,
    feedback: NewFeedback,
) -> Result<Uuid, Refused> {
    if !store.local_offer_councils().await?.contains(&feedback.council) {
        return Err(Refused::rule("council", "Select the council whose Local Offer it is about"));
    }
    Ok(store.add_feedback(feedback, &AuditMeta::system(request_id)).await?)
}
