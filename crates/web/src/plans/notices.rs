//! The notices of the council's decisions about a plan in force: after the latest annual review
//! (with the clock's dates for the appeal or the proposed amendments), and to cease the plan.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::ehc::CaseView;
use crate::ehc::letter::{la_contacts, show_letter};
use crate::error::AppError;
use crate::page::PageResult;
use axum::extract::{Path, State};
use sendcase_domain::clock::{CaseEvent, DutyKind, EventName, ReviewOutcome};
use sendcase_domain::ehc::ceasing::CeaseDecision;
use sendcase_domain::ehc::letters::{
    AfterReview, CeaseFacts, ReviewDecisionFacts, decision_to_cease, review_decision,
};
use sendcase_domain::ehc::reviews::ReviewDecision;
use sendcase_domain::policy::CaseAction;

pub async fn review_notice(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let history = view.case.history();
    let decided =
        history.iter().rposition(|e| matches!(e.event, CaseEvent::ReviewDecisionNotified(_)));
    let decided = decided.ok_or(AppError::NotFound)?;
    let meeting_held = history[..decided]
        .iter()
        .rev()
        .find(|e| e.event.name() == EventName::ReviewMeetingHeld)
        .map(|e| e.date)
        .ok_or_else(|| AppError::Internal("a review decision without its meeting".into()))?;
    let CaseEvent::ReviewDecisionNotified(outcome) = history[decided].event else {
        unreachable!("found by its kind")
    };
    // A decision recorded through the API as a bare event has no reasons to give.
    let decisions_told =
        history.iter().filter(|e| e.event.name() == EventName::ReviewDecisionNotified);
    let recorded = view.records::<ReviewDecision>()?;
    let reasons = match recorded.last() {
        Some(d) if recorded.len() == decisions_told.count() => d.reasons.clone(),
        _ => String::new(),
    };
    let missing = || AppError::Internal("a review decision without the clock's dates".into());
    let next = match outcome {
        ReviewOutcome::Amend => AfterReview::Amendments {
            comment_by: view.due(DutyKind::CommentOnProposedAmendments).ok_or_else(missing)?,
            amended_plan_by: view.due(DutyKind::IssueAmendedPlan).ok_or_else(missing)?,
        },
        ReviewOutcome::Maintain | ReviewOutcome::Cease => AfterReview::Appeal {
            mediation_contact_by: view
                .due(DutyKind::ContactMediationAdviser)
                .ok_or_else(missing)?,
            appeal_by: view.due(DutyKind::RegisterAppeal).ok_or_else(missing)?,
        },
    };
    let decided_on = history[decided].date;
    let facts = ReviewDecisionFacts {
        child_name: view.child.child.full_name(),
        meeting_held,
        decided_on,
        outcome,
        reasons,
        next,
    };
    let contacts = la_contacts(&state, view.child.child.responsible_la_id).await?;
    let back = format!("{}/review", view.href());
    show_letter(&user, back, decided_on, review_decision(&facts, &contacts))
}

pub async fn cease_notice(
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
        .rev()
        .find(|e| e.event.event.name() == EventName::DecidedToCease)
        .map(|e| e.event.date)
        .ok_or(AppError::NotFound)?;
    // A decision recorded through the API as a bare event has no record to quote.
    let decision = view.records::<CeaseDecision>()?.pop().ok_or(AppError::NotFound)?;
    let missing = || AppError::Internal("a decision to cease without its appeal clock".into());
    let facts = CeaseFacts {
        child_name: view.child.child.full_name(),
        decided_on,
        reasons: decision.reasons,
        family_consulted_on: decision.family_consulted_on,
        setting_consulted_on: decision.setting_consulted_on,
        mediation_contact_by: view.due(DutyKind::ContactMediationAdviser).ok_or_else(missing)?,
        appeal_by: view.due(DutyKind::RegisterAppeal).ok_or_else(missing)?,
    };
    let contacts = la_contacts(&state, view.child.child.responsible_la_id).await?;
    show_letter(&user, view.href(), decided_on, decision_to_cease(&facts, &contacts))
}
