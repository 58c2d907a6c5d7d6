//! A child with a plan moving to another council in England (SEND Regulations 2014 regs 15–17;
//! Code 9.149–9.165): the old council records the move and transfers the plan on the day of it,
//! and the new council owes its decisions and the next review from then.

use super::records::CaseRecordKind;
use crate::clock::{CaseEvent, DatedEvent, EventName, long_date};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where the family is moving: a council that keeps its plans in sendcase, or another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilMove {
    pub move_date: Date,
    /// The new council's organisation, when it uses sendcase.
    pub to_council: Option<Uuid>,
    pub to_name: String,
}

impl CaseRecordKind for CouncilMove {
    const KIND: &'static str = "council_move";
}

/// The day of a recorded move whose plan has not yet been transferred, if any.
pub fn open_move(history: &[DatedEvent]) -> Option<Date> {
    let mut open = None;
    for e in history {
        match e.event {
            CaseEvent::MovingToAnotherLa { move_date } => open = Some(move_date),
            CaseEvent::PlanTransferred { .. } | CaseEvent::PlanCeased { .. } => open = None,
            _ => {}
        }
    }
    open
}

/// The last annual review's decision, which the new council's first review counts from (reg
/// 15(5)).
pub fn last_review(history: &[DatedEvent]) -> Option<Date> {
    history
        .iter()
        .rev()
        .find(|e| e.event.name() == EventName::ReviewDecisionNotified)
        .map(|e| e.date)
}

/// Why the plan cannot be transferred on `on` for a move on `move_date`: the old council
/// transfers it on the day of the move, not before (reg 15(1)).
pub fn transfer_problem(move_date: Date, on: Date) -> Option<String> {
    (on < move_date).then(|| {
        format!("The plan transfers on the day of the move, {}, or after it", long_date(move_date))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ReviewOutcome;
    use jiff::civil::date;

    #[test]
    fn a_move_is_open_until_the_plan_is_transferred() {
        let moving = DatedEvent {
            date: date(2026, 10, 1),
            event: CaseEvent::MovingToAnotherLa { move_date: date(2026, 11, 2) },
        };
        let mut history = vec![
            DatedEvent {
                date: date(2026, 5, 4),
                event: CaseEvent::ReviewDecisionNotified(ReviewOutcome::Maintain),
            },
            moving,
        ];
        assert_eq!(open_move(&history), Some(date(2026, 11, 2)));
        assert_eq!(last_review(&history), Some(date(2026, 5, 4)));
        assert!(
            transfer_problem(date(2026, 11, 2), date(2026, 11, 1))
                .unwrap()
                .contains("2 November 2026")
        );
        assert_eq!(transfer_problem(date(2026, 11, 2), date(2026, 11, 2)), None);
        history.push(DatedEvent {
            date: date(2026, 11, 2),
            event: CaseEvent::PlanTransferred { last_review: Some(date(2026, 5, 4)) },
        });
        assert_eq!(open_move(&history), None);
    }
}
