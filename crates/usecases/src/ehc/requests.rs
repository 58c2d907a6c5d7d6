//! Opening an EHC needs assessment case (Code 9.14–9.16): the council records a request it
//! received, or a school sends its request pack. What the rules read (the child's relations and
//! earlier requests, or the children a new one might already be) is read under the lock the
//! write holds, so two requests sent at once are judged one after the other.

use super::file::{duties, record};
use crate::{Acting, Refused};
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::summarise;
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::ehc::records::FamilyRequest;
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::{CaseAction, decide_case, may_lead_sen_support, may_register_child};
use sendcase_domain::schools::request_pack::{SchoolRequestPack, cannot_request};
use sendcase_store::{EhcCase, NewChild, NewEhcRequest, StoreResult, StoredBeforeRequest};
use uuid::Uuid;

/// Who a request is for.
#[derive(Debug, Clone)]
pub enum RequestedChild {
    /// A child the council already holds.
    OnRecord(Uuid),
    /// A child new to the council, recorded with the request.
    New(NewChild),
}

/// The council records a request it received on `received_on` from `source`, handled by
/// `caseworker` if one is named. A child on record must be one the actor may
/// record statutory steps for; a new child must be of a council the actor registers children
/// for, and not already on record (one child, one record).
pub async fn record_request(
    acting: Acting<'_>,
    child: RequestedChild,
    received_on: Date,
    source: RequestSource,
    caseworker: Option<Uuid>,
) -> Result<Uuid, Refused> {
    let (child_id, new_child) = match child {
        RequestedChild::OnRecord(id) => (id, None),
        RequestedChild::New(child) => {
            if !may_register_child(acting.actor, child.responsible_la_id) {
                return Err(Refused::Forbidden);
            }
            (Uuid::now_v7(), Some(child))
        }
    };
    let mut new = NewEhcRequest::received(child_id, received_on, source, acting.calendar)
        .map_err(Refused::Clock)?;
    if let Some(caseworker) = caseworker {
        new = new.handled_by(caseworker);
    }
    if let Some(child) = new_child.clone() {
        new = new.for_new_child(child);
    }
    let opening = acting.store.open_request(new, acting.today).await?;
    let role = match &new_child {
        None => {
            let child = opening.stored().child.as_ref().ok_or(Refused::NotFound)?;
            let decision = decide_case(
                acting.actor,
                CaseAction::RecordStatutoryEvent,
                &child.relations,
                acting.today,
            );
            Some(decision.allowed()?)
        }
        Some(typed) => {
            not_already_on_record(typed, opening.stored())?;
            None
        }
    };
    Ok(opening.write(&acting.audit(role)).await?)
}

/// One child, one record: a new child who matches one the council holds is refused, naming them.
fn not_already_on_record(typed: &NewChild, stored: &StoredBeforeRequest) -> Result<(), Refused> {
    let same = stored.possible_same_child.iter().find(|c| typed.details().same_child(&c.details()));
    match same {
        Some(c) => Err(Refused::rule(
            "child",
            format!(
                "{} (born {}) already has a record: search for them and choose them",
                c.full_name(),
                sendcase_domain::clock::long_date(c.birth_date)
            ),
        )),
        None => Ok(()),
    }
}

/// A school sends its request for an assessment of a pupil on its roll, with the pack as
/// evidence: the council receives it today, so the 6 weeks run from today. Refused while the
/// child has a plan or an assessment is open.
pub async fn send_request_pack(
    acting: Acting<'_>,
    school: Uuid,
    child: Uuid,
    has_plan: bool,
    pack: &SchoolRequestPack,
) -> Result<Uuid, Refused> {
    if !may_lead_sen_support(acting.actor, school) {
        return Err(Refused::Forbidden);
    }
    let new = NewEhcRequest::received(child, acting.today, RequestSource::School, acting.calendar)
        .map_err(Refused::Clock)?
        .with_evidence(record(pack));
    let opening = acting.store.open_request(new, acting.today).await?;
    let stored = opening.stored();
    let on_roll =
        stored.child.as_ref().is_some_and(|c| c.relations.schools_on_roll.contains(&school));
    if !on_roll {
        return Err(Refused::NotFound);
    }
    if let Some(why) =
        request_pack_refusal(has_plan, &stored.earlier_requests, acting.today, acting.calendar)?
    {
        return Err(Refused::rule("", why));
    }
    Ok(opening.write(&acting.audit(None)).await?)
}

/// Why a school may not send a request now, judged on the child's requests so far (Code 9.14):
/// none while the child has a plan or an assessment is open.
pub fn request_pack_refusal(
    has_plan: bool,
    earlier_requests: &[EhcCase],
    today: Date,
    calendar: &Calendar,
) -> StoreResult<Option<&'static str>> {
    let mut open = false;
    for case in earlier_requests {
        open |= duties(case, None, today, calendar)?.assessment_open();
    }
    Ok(cannot_request(has_plan, open))
}

/// A parent or young person asks for an assessment of the child online, with documents that
/// show why if they have them: the council receives it today, so the 6 weeks run from today. Refused while the child has a plan or an assessment
/// is open, and without reasons.
pub async fn family_request(
    acting: Acting<'_>,
    child: Uuid,
    reasons: &str,
    files: Vec<super::Upload>,
) -> Result<Uuid, Refused> {
    if reasons.trim().is_empty() {
        return Err(Refused::rule("reasons", "Enter why you are asking for an assessment"));
    }
    let source = if acting.actor.holds(Role::YoungPerson) {
        RequestSource::YoungPerson
    } else {
        RequestSource::Parent
    };
    let asked = FamilyRequest { reasons: reasons.trim().to_owned() };
    let new = NewEhcRequest::received(child, acting.today, source, acting.calendar)
        .map_err(Refused::Clock)?
        .with_evidence(record(&asked))
        .with_documents(super::case_documents::attachments(files)?);
    let opening = acting.store.open_request(new, acting.today).await?;
    let stored = opening.stored();
    let relations = &stored.child.as_ref().ok_or(Refused::NotFound)?.relations;
    let role = decide_case(acting.actor, CaseAction::RequestAssessment, relations, acting.today)
        .allowed()?;
    let mut has_plan = false;
    for case in &stored.earlier_requests {
        let summary = summarise(&case.history(), acting.calendar).map_err(Refused::Clock)?;
        has_plan |= summary.plan.is_some();
    }
    if let Some(why) =
        request_pack_refusal(has_plan, &stored.earlier_requests, acting.today, acting.calendar)?
    {
        return Err(Refused::rule("", why));
    }
    Ok(opening.write(&acting.audit(Some(role))).await?)
}
