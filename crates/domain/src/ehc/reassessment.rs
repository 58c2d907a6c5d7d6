//! Re-assessing the needs of a child or young person with a plan (SEND Regulations 2014 regs
//! 24–27; Code 9.186–9.192): a request from the family or the setting, the council's decision
//! within 15 days, and the re-assessed plan within 14 weeks of the request.

use super::records::CaseRecordKind;
use super::reviews::ReviewProgress;
use crate::clock::{CaseEvent, DatedEvent, EventName};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Why a re-assessment was asked for, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReassessmentRequest {
    pub by: String,
    pub reasons: String,
}

impl CaseRecordKind for ReassessmentRequest {
    const KIND: &'static str = "reassessment_request";
}

/// The council's decision on a request to re-assess, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReassessmentDecision {
    pub reassess: bool,
    pub reasons: String,
}

impl CaseRecordKind for ReassessmentDecision {
    const KIND: &'static str = "reassessment_decision";
}

/// Where the latest request to re-assess stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reassessment {
    /// Asked for on this day; the council has not decided.
    Requested(Date),
    /// The council is re-assessing: advice is sought and the plan rewritten.
    Reassessing,
}

impl Reassessment {
    /// The request still open in this history, if any.
    pub fn of(history: &[DatedEvent]) -> Option<Reassessment> {
        let mut open = None;
        for e in history {
            open = match (&e.event, e.event.name()) {
                (_, EventName::ReassessmentRequested) => Some(Reassessment::Requested(e.date)),
                (CaseEvent::ReassessmentDecided { reassess: true }, _) => {
                    Some(Reassessment::Reassessing)
                }
                (CaseEvent::ReassessmentDecided { reassess: false }, _)
                | (_, EventName::ReassessedPlanIssued | EventName::PlanCeased) => None,
                _ => open,
            };
        }
        open
    }
}

/// Whether the council may change the plan in force: to propose amendments after a review, or
/// while re-assessing.
pub fn may_change_plan(history: &[DatedEvent]) -> bool {
    ReviewProgress::of(history).may_amend_plan()
        || Reassessment::of(history) == Some(Reassessment::Reassessing)
}

/// Why a re-assessment cannot be asked for now.
pub fn request_problem(history: &[DatedEvent]) -> Option<&'static str> {
    Reassessment::of(history).is_some().then_some(
        "A re-assessment has already been asked for: the council is deciding or re-assessing",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_request_is_open_until_refused_or_the_plan_is_reissued() {
        let asked = DatedEvent::plain(EventName::ReassessmentRequested, date(2026, 3, 2));
        let mut history = vec![asked.clone()];
        assert_eq!(Reassessment::of(&history), Some(Reassessment::Requested(date(2026, 3, 2))));
        assert!(request_problem(&history).is_some());
        let refused = DatedEvent {
            date: date(2026, 3, 10),
            event: CaseEvent::ReassessmentDecided { reassess: false },
        };
        assert_eq!(Reassessment::of(&[asked.clone(), refused]), None);
        history.push(DatedEvent {
            date: date(2026, 3, 10),
            event: CaseEvent::ReassessmentDecided { reassess: true },
        });
        assert_eq!(Reassessment::of(&history), Some(Reassessment::Reassessing));
        history.push(DatedEvent::plain(EventName::ReassessedPlanIssued, date(2026, 6, 1)));
        assert_eq!(Reassessment::of(&history), None);
        assert_eq!(request_problem(&history), None);
    }
}
