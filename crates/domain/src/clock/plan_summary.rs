//! What the list of plans in force keeps of each plan: when it was issued, where it stands and
//! its next review and move, all read from the clock's duties so the list and the case agree.

use super::duty::{Duty, DutyKind, DutyStatus, named};
use super::event::{CaseEvent, CeaseReason, DatedEvent, EventName, ReviewOutcome, TribunalOrder};
use jiff::civil::Date;

named!(
    /// Where a plan stands, as a caseworker would say it.
    PlanStatus {
        InForce = "in_force",
        BeingAmended = "being_amended",
        Ending = "ending",
        Ended = "ended",
    }
);

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::InForce => "In force",
            PlanStatus::BeingAmended => "Being amended",
            PlanStatus::Ending => "Decided to cease",
            PlanStatus::Ended => "Ended",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSummary {
    /// The day the final plan was issued, or the plan was transferred in.
    pub issued_on: Date,
    pub status: PlanStatus,
    /// The annual review still owed (reg 15(5) for a transferred plan); none once it ends.
    pub review_due: Option<Date>,
    /// The amendment a move to the next phase needs (reg 18), while it is owed.
    pub phase_transfer_due: Option<Date>,
    pub ended: Option<(Date, CeaseReason)>,
    /// The latest move to the next phase planned (reg 18), and how far it has gone.
    pub transfer: Option<TransferSummary>,
}

/// A planned move to the next phase: the day of the move, when the first setting was consulted
/// about it, and when the plan was amended to name the new setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferSummary {
    pub on: Date,
    pub consulted_on: Option<Date>,
    pub amended_on: Option<Date>,
}

impl PlanSummary {
    /// The plan of a history, if it has one; `duties` are the clock's for it judged before any
    /// due date, so every duty still owed is `pending`.
    pub fn of(events: &[DatedEvent], duties: &[Duty<'_>]) -> Option<PlanSummary> {
        let mut order: Vec<&DatedEvent> = events.iter().collect();
        order.sort_by_key(|e| e.date);
        let (mut issued_on, mut ceasing, mut ended) = (None, false, None);
        let mut transfer: Option<TransferSummary> = None;
        for e in order {
            match &e.event {
                CaseEvent::Plain(EventName::FinalPlanIssued)
                | CaseEvent::PlanTransferred { .. } => {
                    issued_on.get_or_insert(e.date);
                }
                CaseEvent::Plain(EventName::DecidedToCease) => ceasing = true,
                CaseEvent::ReviewDecisionNotified(outcome) => {
                    ceasing = *outcome == ReviewOutcome::Cease
                }
                // An order or a concession about the plan keeps it going.
                CaseEvent::TribunalDecided(order) | CaseEvent::AppealConceded(order) => {
                    ceasing &= *order == TribunalOrder::Dismissed
                }
                CaseEvent::PlanCeased { reason } => ended = Some((e.date, *reason)),
                CaseEvent::PhaseTransferPlanned { transfer_date, .. } => {
                    transfer = Some(TransferSummary {
                        on: *transfer_date,
                        consulted_on: None,
                        amended_on: None,
                    })
                }
                CaseEvent::Referenced(EventName::InstitutionConsulted, _) => {
                    if let Some(t) = transfer.as_mut().filter(|t| t.amended_on.is_none()) {
                        t.consulted_on.get_or_insert(e.date);
                    }
                }
                CaseEvent::Plain(EventName::PlanAmendedForPhaseTransfer) => {
                    if let Some(t) = transfer.as_mut() {
                        t.amended_on.get_or_insert(e.date);
                    }
                }
                _ => {}
            }
        }
        let owed = |kinds: &[DutyKind]| {
            duties
                .iter()
                .filter(|d| kinds.contains(&d.kind) && d.status == DutyStatus::Pending)
                .map(|d| d.due)
                .min()
        };
        let amending = owed(&[DutyKind::IssueAmendedPlan, DutyKind::IssueAmendedPlanAfterOrder]);
        let status = match (ended, ceasing, amending) {
            (Some(_), _, _) => PlanStatus::Ended,
            (None, true, _) => PlanStatus::Ending,
            (None, false, Some(_)) => PlanStatus::BeingAmended,
            (None, false, None) => PlanStatus::InForce,
        };
        Some(PlanSummary {
            issued_on: issued_on?,
            status,
            review_due: owed(&[DutyKind::ReviewPlan, DutyKind::ReviewTransferredPlan]),
            phase_transfer_due: owed(&[DutyKind::AmendPlanForPhaseTransfer]),
            ended,
            transfer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::calendar::Calendar;
    use crate::clock::{duties, events_from_json};
    use jiff::civil::date;
    use serde_json::{Value, json};

    fn summary(events: Value) -> Option<PlanSummary> {
        let events = events_from_json(events.as_array().unwrap()).unwrap();
        let owed = duties(&events, Date::MIN, Calendar::england_and_wales()).unwrap();
        PlanSummary::of(&events, &owed)
    }

    fn with_plan(more: Value) -> Value {
        let mut events = vec![
            json!({"event": "request_received", "date": "2026-01-05"}),
            json!({"event": "draft_plan_issued", "date": "2026-04-27"}),
            json!({"event": "final_plan_issued", "date": "2026-05-22"}),
        ];
        events.extend(more.as_array().unwrap().iter().cloned());
        Value::Array(events)
    }

    #[test]
    fn no_plan_no_summary() {
        assert_eq!(summary(json!([{"event": "request_received", "date": "2026-01-05"}])), None);
    }

    #[test]
    fn a_plan_in_force_owes_its_review_and_any_move() {
        let s =
            summary(with_plan(json!([{"event": "phase_transfer_planned", "date": "2026-06-01",
            "transfer_date": "2027-09-01", "kind": "school_phase"}])))
            .unwrap();
        assert_eq!(s.issued_on, date(2026, 5, 22));
        assert_eq!(s.status, PlanStatus::InForce);
        assert_eq!(s.review_due, Some(date(2027, 5, 22)));
        assert_eq!(s.phase_transfer_due, Some(date(2027, 2, 14)));
        assert_eq!(s.ended, None);
        let planned =
            TransferSummary { on: date(2027, 9, 1), consulted_on: None, amended_on: None };
        assert_eq!(s.transfer, Some(planned));
    }

    #[test]
    fn a_planned_move_keeps_when_settings_were_consulted_and_the_plan_amended() {
        let s = summary(with_plan(json!([
            {"event": "institution_consulted", "date": "2026-05-01", "ref": "oakfield"},
            {"event": "phase_transfer_planned", "date": "2026-10-01",
             "transfer_date": "2027-09-01", "kind": "school_phase"},
            {"event": "institution_consulted", "date": "2026-11-02", "ref": "hillside"},
            {"event": "institution_consulted", "date": "2026-11-09", "ref": "valley"},
            {"event": "plan_amended_for_phase_transfer", "date": "2027-01-20"}])))
        .unwrap();
        let moved = TransferSummary {
            on: date(2027, 9, 1),
            consulted_on: Some(date(2026, 11, 2)),
            amended_on: Some(date(2027, 1, 20)),
        };
        assert_eq!(s.transfer, Some(moved), "only consultations after the plan count");
        assert_eq!(s.phase_transfer_due, None);
    }

    #[test]
    fn an_amendment_then_a_cease_then_the_end() {
        let held = json!([{"event": "review_meeting_held", "date": "2027-04-20"},
            {"event": "review_decision_notified", "date": "2027-05-10", "outcome": "amend"}]);
        let s = summary(with_plan(held.clone())).unwrap();
        assert_eq!((s.status, s.review_due), (PlanStatus::BeingAmended, Some(date(2028, 5, 10))));
        let mut ceasing = held.as_array().unwrap().clone();
        ceasing.push(json!({"event": "amended_plan_issued", "date": "2027-06-01"}));
        ceasing.push(json!({"event": "decided_to_cease", "date": "2027-09-01"}));
        let s = summary(with_plan(Value::Array(ceasing.clone()))).unwrap();
        assert_eq!(s.status, PlanStatus::Ending);
        ceasing.push(json!({"event": "plan_ceased", "date": "2027-11-10", "reason": "3"}));
        let s = summary(with_plan(Value::Array(ceasing))).unwrap();
        assert_eq!(s.status, PlanStatus::Ended);
        assert_eq!(s.ended, Some((date(2027, 11, 10), CeaseReason::HigherEducation)));
        assert_eq!(s.review_due, None, "an ended plan is reviewed no more");
    }

    #[test]
    fn an_order_to_maintain_keeps_a_plan_the_council_decided_to_cease() {
        let s = summary(with_plan(json!([{"event": "decided_to_cease", "date": "2026-09-01"},
            {"event": "appeal_registered", "date": "2026-09-20"},
            {"event": "tribunal_decided", "date": "2027-01-10", "order": "maintain"}])))
        .unwrap();
        assert_eq!(s.status, PlanStatus::InForce);
    }

    #[test]
    fn a_transferred_plan_is_dated_from_its_transfer() {
        let s = summary(json!([{"event": "plan_transferred", "date": "2026-03-02",
            "last_review": "2025-11-20"}]))
        .unwrap();
        assert_eq!((s.issued_on, s.review_due), (date(2026, 3, 2), Some(date(2026, 11, 20))));
    }
}
