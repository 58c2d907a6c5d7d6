//! Ceasing to maintain a plan (Children and Families Act 2014 s45; SEND Regulations 2014 regs
//! 29–31; Code 9.199–9.210): the council decides after consulting the family and the setting,
//! and the plan stays in force until the family's time to appeal has passed or any appeal is
//! decided.

use super::records::CaseRecordKind;
use crate::clock::{
    CaseEvent, CeaseReason, ClockOutput, DatedEvent, DutyKind, EventName, ReviewOutcome,
    TribunalOrder, long_date,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The council's decision to cease outside a review, with its reasons and its consultations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CeaseDecision {
    pub reasons: String,
    pub family_consulted_on: Date,
    pub setting_consulted_on: Date,
}

impl CaseRecordKind for CeaseDecision {
    const KIND: &'static str = "cease_decision";
}

impl CeaseDecision {
    /// What the decision made on `decided_on` lacks, as `(field, message)`: the family and the
    /// setting are consulted before it (reg 31(1)).
    pub fn problem(&self, decided_on: Date) -> Option<(&'static str, &'static str)> {
        if self.family_consulted_on > decided_on {
            Some((
                "family_consulted-day",
                "The family must be consulted before the decision: enter a date on or before it",
            ))
        } else if self.setting_consulted_on > decided_on {
            Some((
                "setting_consulted-day",
                "The school or college must be consulted before the decision: enter a date on or before it",
            ))
        } else {
            None
        }
    }
}

/// Why the plan cannot end yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndProblem {
    /// No decision to cease has been made, at a review or outside one.
    NotDecided,
    /// The family may still appeal, until this day.
    AppealWindow(Date),
    /// An appeal is with the Tribunal.
    AppealPending,
    /// The Tribunal ordered the council to keep the plan.
    OrderedToMaintain,
}

impl EndProblem {
    pub fn message(&self) -> String {
        match self {
            EndProblem::NotDecided => "Decide to cease the plan first, after consulting the family and the school or college (regulation 31)".into(),
            EndProblem::AppealWindow(due) => format!(
                "The family can appeal until {}: the plan stays in force until then (section 45)",
                long_date(*due)
            ),
            EndProblem::AppealPending => "An appeal against ceasing the plan is with the Tribunal: the plan stays in force until it is decided".into(),
            EndProblem::OrderedToMaintain => "The Tribunal ordered the council to keep maintaining the plan".into(),
        }
    }
}

/// Whether a plan with this history (and the clock's duties for it) may end on `on` for
/// `reason`. A plan ends on a child's death whatever else stands, and when the family has moved
/// to a council that takes the plan over outside sendcase.
pub fn end_problem(
    history: &[DatedEvent],
    duties: &ClockOutput,
    reason: CeaseReason,
    on: Date,
) -> Option<EndProblem> {
    let moved = history.iter().any(|e| e.event.name() == EventName::MovingToAnotherLa);
    if reason == CeaseReason::Deceased || (reason == CeaseReason::AnotherLaInEngland && moved) {
        return None;
    }
    let decided = history.iter().rposition(|e| {
        e.event.name() == EventName::DecidedToCease
            || e.event == CaseEvent::ReviewDecisionNotified(ReviewOutcome::Cease)
    });
    let Some(decided) = decided else { return Some(EndProblem::NotDecided) };
    let since = &history[decided..];
    let appealed = since.iter().any(|e| e.event.name() == EventName::AppealRegistered);
    let outcome = since.iter().rev().find_map(|e| match e.event {
        CaseEvent::TribunalDecided(order) | CaseEvent::AppealConceded(order) => Some(order),
        _ => None,
    });
    match outcome {
        Some(TribunalOrder::Maintain) => return Some(EndProblem::OrderedToMaintain),
        Some(_) => return None,
        None if appealed => return Some(EndProblem::AppealPending),
        None => {}
    }
    let window = duties.duties.iter().rev().find(|d| d.duty == DutyKind::RegisterAppeal);
    match window {
        Some(d) if d.met_on.is_none() && on <= d.due => Some(EndProblem::AppealWindow(d.due)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::calendar::Calendar;
    use crate::clock::{CaseHistory, Named};
    use jiff::civil::date;

    fn plain(name: EventName, on: Date) -> DatedEvent {
        DatedEvent::plain(name, on)
    }

    /// A plan that came from another council, the shortest history with a plan in force.
    fn transferred_in() -> DatedEvent {
        DatedEvent {
            date: date(2025, 5, 20),
            event: CaseEvent::PlanTransferred { last_review: None },
        }
    }

    fn judged(history: &[DatedEvent], reason: CeaseReason, on: Date) -> Option<EndProblem> {
        let duties = CaseHistory { as_of: None, events: history.to_vec() }
            .duties(on, Calendar::england_and_wales())
            .unwrap();
        end_problem(history, &duties, reason, on)
    }

    #[test]
    fn a_plan_ends_only_after_the_decision_and_the_appeal() {
        let mut history = vec![transferred_in()];
        let reason = CeaseReason::NeedsMetWithoutPlan;
        assert_eq!(judged(&history, reason, date(2026, 3, 2)), Some(EndProblem::NotDecided));
        history.push(plain(EventName::DecidedToCease, date(2026, 3, 2)));
        let Some(EndProblem::AppealWindow(until)) = judged(&history, reason, date(2026, 3, 20))
        else {
            panic!("the family may appeal first");
        };
        assert!(EndProblem::AppealWindow(until).message().contains(&long_date(until)));
        assert_eq!(judged(&history, reason, until.tomorrow().unwrap()), None);
        assert_eq!(judged(&history, CeaseReason::Deceased, date(2026, 3, 3)), None);
        let mut moving = vec![transferred_in()];
        let another = CeaseReason::AnotherLaInEngland;
        assert_eq!(judged(&moving, another, date(2026, 3, 3)), Some(EndProblem::NotDecided));
        moving.push(DatedEvent {
            date: date(2026, 2, 2),
            event: CaseEvent::MovingToAnotherLa { move_date: date(2026, 3, 2) },
        });
        assert_eq!(judged(&moving, another, date(2026, 3, 3)), None, "the plan goes with them");

        history.push(plain(EventName::AppealRegistered, date(2026, 4, 1)));
        assert_eq!(judged(&history, reason, date(2026, 6, 1)), Some(EndProblem::AppealPending));
        let order = |o: &str| DatedEvent {
            date: date(2026, 7, 1),
            event: CaseEvent::TribunalDecided(TribunalOrder::parse(o).unwrap()),
        };
        let mut kept = history.clone();
        kept.push(order("maintain"));
        assert_eq!(judged(&kept, reason, date(2026, 7, 2)), Some(EndProblem::OrderedToMaintain));
        history.push(order("dismissed"));
        assert_eq!(judged(&history, reason, date(2026, 7, 2)), None);
    }

    #[test]
    fn a_review_decision_to_cease_counts_and_consultation_comes_first() {
        let history = [
            transferred_in(),
            DatedEvent {
                date: date(2026, 4, 1),
                event: CaseEvent::ReviewMeetingScheduled { meeting_date: date(2026, 4, 20) },
            },
            plain(EventName::ReviewMeetingHeld, date(2026, 4, 20)),
            DatedEvent {
                date: date(2026, 5, 1),
                event: CaseEvent::ReviewDecisionNotified(ReviewOutcome::Cease),
            },
        ];
        let reason = CeaseReason::HigherEducation;
        assert!(matches!(
            judged(&history, reason, date(2026, 5, 2)),
            Some(EndProblem::AppealWindow(_))
        ));
        let decision = CeaseDecision {
            reasons: "Starting university".into(),
            family_consulted_on: date(2026, 3, 1),
            setting_consulted_on: date(2026, 3, 9),
        };
        assert_eq!(decision.problem(date(2026, 3, 9)), None);
        assert_eq!(decision.problem(date(2026, 3, 8)).unwrap().0, "setting_consulted-day");
    }
}
