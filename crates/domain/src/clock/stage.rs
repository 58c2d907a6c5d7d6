//! Where an EHC needs assessment request stands (Code chapter 9), read from its history.

use super::duty::named;
use super::event::{DatedEvent, EventName};

named!(
    /// The stages of a request, in the Code's words. The first three are open: the 20-week duty
    /// to issue a final plan is still owed. The rest are the ways a request ends.
    Stage {
        DecidingWhetherToAssess = "deciding_whether_to_assess",
        Assessing = "assessing",
        DraftPlanIssued = "draft_plan_issued",
        FinalPlanIssued = "final_plan_issued",
        NotAssessed = "not_assessed",
        NoPlanIssued = "no_plan_issued",
        Withdrawn = "withdrawn",
        PlanEnded = "plan_ended",
    }
);

impl Stage {
    pub const OPEN: [Stage; 3] =
        [Stage::DecidingWhetherToAssess, Stage::Assessing, Stage::DraftPlanIssued];

    pub fn is_open(self) -> bool {
        Stage::OPEN.contains(&self)
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::DecidingWhetherToAssess => "Deciding whether to assess",
            Stage::Assessing => "Assessing",
            Stage::DraftPlanIssued => "Draft plan issued",
            Stage::FinalPlanIssued => "Final plan issued",
            Stage::NotAssessed => "Closed: decided not to assess",
            Stage::NoPlanIssued => "Closed: decided not to issue a plan",
            Stage::Withdrawn => "Closed: withdrawn",
            Stage::PlanEnded => "Closed: the plan ended",
        }
    }
}

/// The stage of the request in `events`, replayed in the clock's order (by date, ties in input
/// order); `None` when the history holds no request. Issuing the final plan, or a decision or
/// withdrawal that ends the request, settles the 20-week duty for good (clock.md: a met or
/// `not_applicable` duty never changes), so the first of them decides the stage.
pub fn stage(events: &[DatedEvent]) -> Option<Stage> {
    let mut order: Vec<&DatedEvent> = events.iter().collect();
    order.sort_by_key(|e| e.date);
    let (mut requested, mut assessing, mut drafted) = (false, false, false);
    for e in order {
        let ended = match e.event.name() {
            EventName::RequestReceived => {
                requested = true;
                None
            }
            EventName::DecidedToAssess | EventName::AdviceRequested | EventName::AdviceReceived => {
                assessing = true;
                None
            }
            EventName::DraftPlanIssued => {
                drafted = true;
                None
            }
            EventName::FinalPlanIssued => Some(Stage::FinalPlanIssued),
            EventName::DecidedNotToAssess => Some(Stage::NotAssessed),
            EventName::DecidedNotToIssuePlan => Some(Stage::NoPlanIssued),
            EventName::RequestWithdrawn => Some(Stage::Withdrawn),
            EventName::PlanCeased => Some(Stage::PlanEnded),
            _ => None,
        };
        if ended.is_some() {
            return ended;
        }
    }
    requested.then_some(if drafted {
        Stage::DraftPlanIssued
    } else if assessing {
        Stage::Assessing
    } else {
        Stage::DecidingWhetherToAssess
    })
}
