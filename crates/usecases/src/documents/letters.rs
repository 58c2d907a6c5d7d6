//! Each decision's letter: which event it tells of, the reasons recorded with it, and the
//! clock's dates as they stood when it was made.

use super::{ClockAt, Dated, last, reader, reference, signature};
use crate::Refused;
use crate::ehc::file;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{CaseEvent, DatedEvent, DutyKind, EventName, long_date};
use sendcase_domain::documents::{Document, DocumentKind, LetterDocument};
use sendcase_domain::ehc::ceasing::CeaseDecision;
use sendcase_domain::ehc::letters::{self, *};
use sendcase_domain::ehc::plan::Section;
use sendcase_domain::ehc::reassessment::ReassessmentDecision;
use sendcase_domain::ehc::records::{AssessmentDecision, NoPlanDecision};
use sendcase_domain::ehc::reviews::ReviewDecision;
use sendcase_store::{Store, StoreError};

/// The index of the event a letter of `kind` tells of: the latest such decision, except the
/// final plan's notice, which goes with the first final plan.
pub(super) fn decision(history: &[DatedEvent], kind: DocumentKind) -> Option<usize> {
    match kind {
        DocumentKind::DecisionNotToAssess => last(history, EventName::DecidedNotToAssess),
        DocumentKind::DecisionToAssess => last(history, EventName::DecidedToAssess),
        DocumentKind::DecisionNotToIssuePlan => last(history, EventName::DecidedNotToIssuePlan),
        DocumentKind::FinalPlanNotice => {
            history.iter().position(|e| e.event.name() == EventName::FinalPlanIssued)
        }
        DocumentKind::ReviewDecision => last(history, EventName::ReviewDecisionNotified),
        DocumentKind::DecisionToCease => last(history, EventName::DecidedToCease),
        DocumentKind::RefusalToReassess => history
            .iter()
            .rposition(|e| matches!(e.event, CaseEvent::ReassessmentDecided { reassess: false })),
        DocumentKind::TransferNotice => last(history, EventName::PlanTransferred),
        DocumentKind::DraftPlan | DocumentKind::FinalPlan | DocumentKind::AmendedPlan => None,
    }
}

pub(super) async fn letter(
    store: &dyn Store,
    calendar: &Calendar,
    file: &super::CaseFile<'_>,
    kind: DocumentKind,
    la: &LaContacts,
) -> Result<Dated, Refused> {
    let history = file.case.history();
    let at = decision(&history, kind).ok_or(Refused::NotFound)?;
    let on = history[at].date;
    let reader = reader(file.child, on);
    let received = file.case.request.received_on;
    let clock = ClockAt::of(&history, at, calendar)?;
    let due = |duty| clock.required(duty);
    let refusal = |reasons: String| -> Result<DecisionFacts, Refused> {
        Ok(DecisionFacts {
            reader: reader.clone(),
            request_received: received,
            decided_on: on,
            reasons,
            appeal: clock.appeal()?,
        })
    };
    let letter = match kind {
        DocumentKind::DecisionNotToAssess => {
            let decided = file::records::<AssessmentDecision>(file.records)?;
            let reasons = decided.into_iter().rev().find(|d| !d.to_assess).map(|d| d.reasons);
            decision_not_to_assess(&refusal(reasons.unwrap_or_default())?, la)
        }
        DocumentKind::DecisionToAssess => decision_to_assess(
            &AssessFacts {
                reader: reader.clone(),
                request_received: received,
                decided_on: on,
                no_plan_by: due(DutyKind::NotifyDecisionNotToIssuePlan)?,
                final_plan_by: due(DutyKind::IssueFinalPlan)?,
            },
            la,
        ),
        DocumentKind::DecisionNotToIssuePlan => {
            // A decision recorded through the API as a bare event has no reasons: the letter
            // offers to explain them.
            let decided = file::records::<NoPlanDecision>(file.records)?.pop();
            decision_not_to_issue(&refusal(decided.map(|d| d.reasons).unwrap_or_default())?, la)
        }
        DocumentKind::FinalPlanNotice => {
            let plan =
                file::versions_issued(file.versions, "final").next().ok_or(Refused::NotFound)?;
            let placed = plan.plan.section_lines(Section::I);
            final_plan_notice(
                &FinalPlanFacts {
                    reader: reader.clone(),
                    issued_on: on,
                    setting: (!placed.is_empty()).then(|| placed.join("; ")),
                    review_by: due(DutyKind::ReviewPlan)?,
                    appeal: clock.appeal()?,
                },
                la,
            )
        }
        DocumentKind::ReviewDecision => {
            review_letter(file, &history, at, &clock, reader.clone(), la)?
        }
        DocumentKind::DecisionToCease => {
            // A decision recorded through the API as a bare event has no record to quote.
            let decided =
                file::records::<CeaseDecision>(file.records)?.pop().ok_or(Refused::NotFound)?;
            decision_to_cease(
                &CeaseFacts {
                    reader: reader.clone(),
                    decided_on: on,
                    reasons: decided.reasons,
                    family_consulted_on: decided.family_consulted_on,
                    setting_consulted_on: decided.setting_consulted_on,
                    appeal: clock.appeal()?,
                },
                la,
            )
        }
        DocumentKind::RefusalToReassess => {
            let decided = file::records::<ReassessmentDecision>(file.records)?;
            let reasons = decided.into_iter().rev().find(|d| !d.reassess).map(|d| d.reasons);
            let asked =
                last(&history[..at], EventName::ReassessmentRequested).map(|i| history[i].date);
            let mut facts = refusal(reasons.unwrap_or_default())?;
            facts.request_received = asked.unwrap_or(on);
            refusal_to_reassess(&facts, la)
        }
        DocumentKind::TransferNotice => transfer_notice(
            &TransferFacts {
                reader: reader.clone(),
                transferred_on: on,
                decisions_by: due(DutyKind::NotifyTransferDecisions)?,
                review_by: due(DutyKind::ReviewTransferredPlan)?,
            },
            la,
        ),
        DocumentKind::DraftPlan | DocumentKind::FinalPlan | DocumentKind::AmendedPlan => {
            return Err(Refused::NotFound);
        }
    };
    let document = LetterDocument {
        council: la.la_name.clone(),
        reference: reference(file.case),
        dated: long_date(on),
        addressee: reader.addressee(),
        letter,
        signature: signature(store, file.case.events[at].recorded_by, la).await?,
    };
    Ok(Dated { document: Document::Letter(document), on })
}

fn review_letter(
    file: &super::CaseFile<'_>,
    history: &[DatedEvent],
    at: usize,
    clock: &ClockAt,
    reader: Reader,
    la: &LaContacts,
) -> Result<letters::Letter, Refused> {
    let CaseEvent::ReviewDecisionNotified(outcome) = history[at].event else {
        return Err(Refused::NotFound);
    };
    let meeting_held = last(&history[..at], EventName::ReviewMeetingHeld)
        .map(|i| history[i].date)
        .ok_or_else(|| StoreError::Corrupt("a review decision without its meeting".into()))?;
    // A decision recorded through the API as a bare event has no reasons to give.
    let told = history.iter().filter(|e| e.event.name() == EventName::ReviewDecisionNotified);
    let recorded = file::records::<ReviewDecision>(file.records)?;
    let reasons = match recorded.last() {
        Some(d) if recorded.len() == told.count() => d.reasons.clone(),
        _ => String::new(),
    };
    let due = |duty| clock.required(duty);
    let next = match outcome {
        sendcase_domain::clock::ReviewOutcome::Amend => AfterReview::Amendments {
            comment_by: due(DutyKind::CommentOnProposedAmendments)?,
            amended_plan_by: due(DutyKind::IssueAmendedPlan)?,
        },
        _ => AfterReview::Appeal(clock.appeal()?),
    };
    let facts = ReviewDecisionFacts {
        reader,
        meeting_held,
        decided_on: history[at].date,
        outcome,
        reasons,
        next,
    };
    Ok(review_decision(&facts, la))
}

/// Used by the plan's document to date a family's comments on a draft.
pub(super) fn comment_by(
    history: &[DatedEvent],
    issued_on: Date,
    calendar: &Calendar,
) -> Result<Option<Date>, Refused> {
    let at = history
        .iter()
        .rposition(|e| e.event.name() == EventName::DraftPlanIssued && e.date == issued_on);
    match at {
        Some(at) => Ok(ClockAt::of(history, at, calendar)?.due(DutyKind::CommentOnDraft)),
        None => Ok(None),
    }
}
