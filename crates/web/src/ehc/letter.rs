//! The notice of a decision not to assess, as a printable page with reg 32's content.

use super::CaseView;
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::error::AppError;
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use jiff::civil::Date;
use sendcase_domain::clock::{DutyKind, EventName, long_date};
use sendcase_domain::ehc::letters::{DecisionFacts, LaContacts, Letter, decision_not_to_assess};
use sendcase_domain::ehc::records::AssessmentDecision;
use sendcase_domain::policy::CaseAction;

#[derive(Template)]
#[template(path = "ehc/letter.html")]
struct LetterPage {
    page: PageContext,
    back: String,
    dated: String,
    letter: Letter,
}

pub async fn decision_letter(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let decided_on = view
        .case
        .events
        .iter()
        .find(|e| e.event.event.name() == EventName::DecidedNotToAssess)
        .map(|e| e.event.date)
        .ok_or(AppError::NotFound)?;
    let reasons = view
        .records::<AssessmentDecision>()?
        .into_iter()
        .rev()
        .find(|d| !d.to_assess)
        .map(|d| d.reasons)
        .unwrap_or_default();
    let (Some(mediation_contact_by), Some(appeal_by)) =
        (view.due(DutyKind::ContactMediationAdviser), view.due(DutyKind::RegisterAppeal))
    else {
        return Err(
            AppError::Internal("a decision not to assess without its appeal clock".into()).into()
        );
    };
    let facts = DecisionFacts {
        child_name: view.child.child.full_name(),
        request_received: view.case.request.received_on,
        decided_on,
        reasons,
        mediation_contact_by,
        appeal_by,
    };
    let contacts = la_contacts(&state, view.child.child.responsible_la_id).await?;
    show_letter(&user, view.href(), decided_on, decision_not_to_assess(&facts, &contacts))
}

/// The council's details every decision notice names; a council that has not set them cannot
/// send one.
pub async fn la_contacts(state: &AppState, la_id: uuid::Uuid) -> Result<LaContacts, AppError> {
    let la = state.store.organisation(la_id).await?.ok_or(AppError::NotFound)?;
    let contacts = state.store.la_contacts(la_id).await?.ok_or_else(|| AppError::Conflict(format!(
        "{} has not set the contacts every decision notice must give (SEND team, mediation adviser, information advice and support service)",
        la.name
    )))?;
    Ok(LaContacts {
        la_name: la.name,
        send_team: contacts.send_team,
        mediation_service: contacts.mediation_service,
        information_advice_support: contacts.information_advice_support,
    })
}

/// A letter dated `dated`, printable, with a way back to `back`.
pub fn show_letter(user: &CurrentUser, back: String, dated: Date, letter: Letter) -> PageResult {
    let page = LetterPage {
        page: PageContext::new(Some(user), "/caseload"),
        back,
        dated: long_date(dated),
        letter,
    };
    Ok(render(&page)?)
}
