//! The steps of an annual review (regs 18–22): each writes its record and its clock event, and
//! only in the order the domain's [`ReviewProgress`] allows.

use super::file::{final_plan, record, records};
use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::{CaseEvent, DatedEvent, ReviewOutcome};
use sendcase_domain::ehc::review_advice::{
    AdviceRefused, ReviewAdvice, advice_problem, current_arrangement,
};
use sendcase_domain::ehc::reviews::{
    Invitee, ReviewArrangement, ReviewDecision, ReviewMeeting, ReviewProgress, ReviewReport,
    ReviewStep, ReviewViews,
};
use sendcase_domain::people::school_age::national_curriculum_year;
use sendcase_domain::policy::CaseAction;
use sendcase_store::{CaseStep, LockedCase, NewCaseRecord, PlanChange};
use uuid::Uuid;

/// A review step as the person taking it describes it.
#[derive(Debug, Clone)]
pub enum ReviewTaken {
    Arrange { arrangement: ReviewArrangement, on: Date },
    SendInvitations { on: Date },
    CirculateAdvice { on: Date },
    GiveViews { going_well: String, to_change: String },
    GiveAdvice { advice: String, on: Date },
    RecordMeeting { meeting: ReviewMeeting, on: Date },
    SendReport { report: ReviewReport, on: Date },
    Decide { decision: ReviewDecision, on: Date },
}

impl ReviewTaken {
    pub fn step(&self) -> ReviewStep {
        match self {
            ReviewTaken::Arrange { .. } => ReviewStep::Arrange,
            ReviewTaken::SendInvitations { .. } => ReviewStep::SendInvitations,
            ReviewTaken::CirculateAdvice { .. } => ReviewStep::CirculateAdvice,
            ReviewTaken::GiveViews { .. } => ReviewStep::GiveViews,
            ReviewTaken::GiveAdvice { .. } => ReviewStep::GiveAdvice,
            ReviewTaken::RecordMeeting { .. } => ReviewStep::RecordMeeting,
            ReviewTaken::SendReport { .. } => ReviewStep::SendReport,
            ReviewTaken::Decide { .. } => ReviewStep::Decide,
        }
    }

    pub fn action(&self) -> CaseAction {
        action_for(self.step())
    }

    /// What the step, taken by the user `by` (none for the system), writes on this case, or the
    /// rule it breaks.
    pub(super) fn on_case(self, case: &LockedCase, by: Option<Uuid>) -> Result<CaseStep, Refused> {
        let progress = ReviewProgress::of(&case.case.history());
        if let Some(why) = progress.problem(self.step()) {
            return Err(Refused::rule("", why));
        }
        let with = |event: CaseEvent, on: Date, records| CaseStep {
            records,
            ..CaseStep::event(DatedEvent { date: on, event })
        };
        let step = self.step();
        let plain = |on: Date, records| {
            let name = step.event().expect("every review step but the views has an event");
            CaseStep { records, ..CaseStep::event(DatedEvent::plain(name, on)) }
        };
        Ok(match self {
            ReviewTaken::Arrange { arrangement, on } => {
                if let Some((missing, why)) = arrangement.problem() {
                    let field = match missing {
                        Invitee::Family => "invite-family",
                        _ => "invite-setting",
                    };
                    return Err(Refused::rule(field, why));
                }
                if arrangement.meeting_date < on {
                    return Err(Refused::rule(
                        "meeting_date-day",
                        "The meeting date must be on or after the day it is arranged",
                    ));
                }
                let event =
                    CaseEvent::ReviewMeetingScheduled { meeting_date: arrangement.meeting_date };
                let invites = arrangement.professionals.iter().map(|p| p.user_id).collect();
                with(event, on, vec![NewCaseRecord { invites, ..record(&arrangement) }])
            }
            ReviewTaken::SendInvitations { on } | ReviewTaken::CirculateAdvice { on } => {
                plain(on, vec![])
            }
            ReviewTaken::GiveViews { going_well, to_change } => {
                let meeting_date = progress.meeting_date.ok_or(Refused::NotFound)?;
                let views = ReviewViews { meeting_date, going_well, to_change };
                CaseStep { records: vec![record(&views)], ..CaseStep::default() }
            }
            ReviewTaken::RecordMeeting { meeting, on } => {
                let year = national_curriculum_year(case.child.child.birth_date, on);
                if let Some((field, why)) = meeting.problem(year) {
                    return Err(Refused::rule(field, why));
                }
                plain(on, vec![record(&meeting)])
            }
            ReviewTaken::GiveAdvice { advice, on } => {
                give_advice(case, &progress, by.ok_or(Refused::Forbidden)?, advice, on)?
            }
            ReviewTaken::SendReport { report, on } => plain(on, vec![record(&report)]),
            ReviewTaken::Decide { decision, on } => {
                let proposed = match decision.outcome {
                    ReviewOutcome::Amend => Some(proposed_amendments(case)?),
                    ReviewOutcome::Maintain | ReviewOutcome::Cease => None,
                };
                let event = CaseEvent::ReviewDecisionNotified(decision.outcome);
                CaseStep {
                    plan: proposed.map(|version| PlanChange::IssueDraft { version, on }),
                    ..with(event, on, vec![record(&decision)])
                }
            }
        })
    }
}

/// An invited professional's advice for the review under way: once each, before the meeting.
fn give_advice(
    case: &LockedCase,
    progress: &ReviewProgress,
    by: Uuid,
    advice: String,
    on: Date,
) -> Result<CaseStep, Refused> {
    let latest = records::<ReviewArrangement>(&case.records)?.pop();
    let current = current_arrangement(progress, latest);
    let given = records::<ReviewAdvice>(&case.records)?;
    match advice_problem(progress, current.as_ref(), &given, by) {
        Ok(()) => {}
        Err(AdviceRefused::NotInvited) => return Err(Refused::Forbidden),
        Err(refused) => return Err(Refused::rule("advice", refused.message())),
    }
    if advice.trim().is_empty() {
        return Err(Refused::rule("advice", "Enter your advice for the review"));
    }
    let advice =
        ReviewAdvice { review: progress.reviews_decided, professional: by, advice, given_on: on };
    Ok(CaseStep { records: vec![record(&advice)], ..CaseStep::default() })
}

/// The version a decision to amend sends the family as the proposed amendments: the newest,
/// saved since the plan in force and different from it (reg 22(2)).
fn proposed_amendments(case: &LockedCase) -> Result<i32, Refused> {
    let in_force = final_plan(&case.versions).map(|v| &v.plan);
    match case.versions.last() {
        Some(newest) if newest.issued.is_none() && Some(&newest.plan) != in_force => {
            Ok(newest.version)
        }
        _ => Err(Refused::rule(
            "outcome-0",
            "Propose the amendments first: edit the plan to say what would change, then decide to amend it",
        )),
    }
}

/// Who may take a review step: the setting or the council, the council alone for the decision,
/// the family for their views.
pub fn action_for(step: ReviewStep) -> CaseAction {
    use sendcase_domain::ehc::reviews::ReviewParty;
    match step.party() {
        ReviewParty::SettingOrCouncil => CaseAction::ConductReview,
        ReviewParty::Council => CaseAction::RecordStatutoryEvent,
        ReviewParty::Family => CaseAction::GiveFamilyViews,
        ReviewParty::Professional => CaseAction::SubmitAdvice,
    }
}
