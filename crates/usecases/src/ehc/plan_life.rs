//! What each step in the life of a plan in force writes: ceasing and ending it, moves to the
//! next phase and to another council, re-assessment, and the amended plan. Each function is
//! one arm of `Step::on_case`, judged on the case as it stands under its lock.

use super::file::{record, records, working_plan};
use super::steps::issuable;
use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::{CaseEvent, CeaseReason, DatedEvent, EventName, PhaseTransferKind};
use sendcase_domain::ehc::ceasing::CeaseDecision;
use sendcase_domain::ehc::moves::{CouncilMove, last_review, open_move, transfer_problem};
use sendcase_domain::ehc::phase_transfer::{TransferPreference, open_transfer, planning_problem};
use sendcase_domain::ehc::plan::Placement;
use sendcase_domain::ehc::reassessment::{
    Reassessment, ReassessmentDecision, ReassessmentRequest, request_problem,
};
use sendcase_domain::ehc::records::Consultation;
use sendcase_domain::ehc::reviews::ReviewProgress;
use sendcase_domain::ehc::step_rules::placement_problem;
use sendcase_store::{CaseStep, LockedCase, PlanChange};

fn event(dated: DatedEvent) -> CaseStep {
    CaseStep::event(dated)
}

fn no_move() -> Refused {
    Refused::rule("", "No move to the next phase is planned: plan it first")
}

/// The council's decision to cease the plan outside a review (reg 31).
pub(super) fn decide_to_cease(
    case: &LockedCase,
    decision: CeaseDecision,
    on: Date,
) -> Result<CaseStep, Refused> {
    let progress = ReviewProgress::of(&case.case.history());
    if !progress.plan_in_force {
        return Err(Refused::rule("", "There is no plan in force to cease"));
    }
    if progress.ceasing {
        return Err(Refused::rule("", "The council has already decided to cease the plan"));
    }
    if let Some((field, why)) = decision.problem(on) {
        return Err(Refused::rule(field, why));
    }
    Ok(CaseStep {
        records: vec![record(&decision)],
        ..event(DatedEvent::plain(EventName::DecidedToCease, on))
    })
}

/// The day the plan ended; when it may is judged with the clock (`Judge::when_allowed`).
pub(super) fn end_plan(
    case: &LockedCase,
    reason: CeaseReason,
    on: Date,
) -> Result<CaseStep, Refused> {
    if !ReviewProgress::of(&case.case.history()).plan_in_force {
        return Err(Refused::rule("", "There is no plan in force to end"));
    }
    Ok(event(DatedEvent { date: on, event: CaseEvent::PlanCeased { reason } }))
}

/// A move to the next phase on `transfer_on` (reg 18).
pub(super) fn plan_transfer(
    case: &LockedCase,
    transfer_on: Date,
    kind: PhaseTransferKind,
    on: Date,
) -> Result<CaseStep, Refused> {
    let history = case.case.history();
    let progress = ReviewProgress::of(&history);
    if !progress.plan_in_force || progress.ceasing {
        return Err(Refused::rule("", "There is no plan in force to move with the child"));
    }
    if let Some(why) = planning_problem(&history, transfer_on) {
        return Err(Refused::rule("", why));
    }
    Ok(event(DatedEvent {
        date: on,
        event: CaseEvent::PhaseTransferPlanned { transfer_date: transfer_on, kind },
    }))
}

/// The setting the family would like named after the move.
pub(super) fn record_preference(case: &LockedCase, setting: String) -> Result<CaseStep, Refused> {
    let transfer_on = open_transfer(&case.case.history()).ok_or_else(no_move)?;
    let preference = TransferPreference { transfer_on, setting };
    Ok(CaseStep { records: vec![record(&preference)], ..CaseStep::default() })
}

/// The plan amended for the move, naming a consulted setting in section I.
pub(super) fn amend_for_transfer(
    case: &LockedCase,
    placement: Placement,
    on: Date,
) -> Result<CaseStep, Refused> {
    let transfer_on = open_transfer(&case.case.history()).ok_or_else(no_move)?;
    let consulted = records::<Consultation>(&case.records)?;
    if let Some(why) = placement_problem(&placement.institution, Some(transfer_on), &consulted) {
        return Err(Refused::rule("institution", why));
    }
    let (_, mut plan) = working_plan(&case.versions);
    plan.i = Some(placement);
    Ok(CaseStep {
        plan: Some(PlanChange::IssueFinal { plan: Box::new(plan), on }),
        ..event(DatedEvent::plain(EventName::PlanAmendedForPhaseTransfer, on))
    })
}

/// The family's move to another council (reg 15).
pub(super) fn record_move(
    case: &LockedCase,
    to: CouncilMove,
    on: Date,
) -> Result<CaseStep, Refused> {
    let history = case.case.history();
    let progress = ReviewProgress::of(&history);
    if !progress.plan_in_force {
        return Err(Refused::rule("", "There is no plan in force to move with the child"));
    }
    if open_move(&history).is_some() {
        return Err(Refused::rule("", "A move is already recorded: transfer the plan first"));
    }
    if to.to_council == Some(case.child.child.responsible_la_id) {
        return Err(Refused::rule(
            "council",
            "Choose the council the family is moving to, not this one",
        ));
    }
    let dated =
        DatedEvent { date: on, event: CaseEvent::MovingToAnotherLa { move_date: to.move_date } };
    Ok(CaseStep { records: vec![record(&to)], ..event(dated) })
}

/// The plan handed to the new council on or after the day of the move.
pub(super) fn transfer_plan(case: &LockedCase, on: Date) -> Result<CaseStep, Refused> {
    let history = case.case.history();
    let move_date = open_move(&history)
        .ok_or_else(|| Refused::rule("", "No move to another council is recorded"))?;
    let to = records::<CouncilMove>(&case.records)?.pop().and_then(|m| m.to_council);
    let Some(council) = to else {
        return Err(Refused::rule(
            "",
            "The new council does not use sendcase: send it the plan and its history, then end the plan here",
        ));
    };
    if let Some(why) = transfer_problem(move_date, on) {
        return Err(Refused::rule("date-day", why));
    }
    let transferred = CaseEvent::PlanTransferred { last_review: last_review(&history) };
    Ok(CaseStep {
        move_child_to: Some(council),
        ..event(DatedEvent { date: on, event: transferred })
    })
}

/// A request to re-assess (reg 24).
pub(super) fn request_reassessment(
    case: &LockedCase,
    request: ReassessmentRequest,
    on: Date,
) -> Result<CaseStep, Refused> {
    let history = case.case.history();
    let progress = ReviewProgress::of(&history);
    if !progress.plan_in_force || progress.ceasing {
        return Err(Refused::rule("", "There is no plan in force to re-assess"));
    }
    if let Some(why) = request_problem(&history) {
        return Err(Refused::rule("", why));
    }
    Ok(CaseStep {
        records: vec![record(&request)],
        ..event(DatedEvent::plain(EventName::ReassessmentRequested, on))
    })
}

/// Whether the council will re-assess (reg 25).
pub(super) fn decide_reassessment(
    case: &LockedCase,
    decision: ReassessmentDecision,
    on: Date,
) -> Result<CaseStep, Refused> {
    if !matches!(Reassessment::of(&case.case.history()), Some(Reassessment::Requested(_))) {
        return Err(Refused::rule("", "No request to re-assess is waiting for a decision"));
    }
    let decided = CaseEvent::ReassessmentDecided { reassess: decision.reassess };
    Ok(CaseStep {
        records: vec![record(&decision)],
        ..event(DatedEvent { date: on, event: decided })
    })
}

/// The re-assessed plan: the newest version, issued (reg 27).
pub(super) fn issue_reassessed(case: &LockedCase, on: Date) -> Result<CaseStep, Refused> {
    if Reassessment::of(&case.case.history()) != Some(Reassessment::Reassessing) {
        return Err(Refused::rule(
            "",
            "The council is not re-assessing: decide to re-assess first",
        ));
    }
    let (_, plan) = working_plan(&case.versions);
    issuable(case, &plan, on)?;
    Ok(CaseStep {
        plan: Some(PlanChange::IssueFinal { plan: Box::new(plan), on }),
        ..event(DatedEvent::plain(EventName::ReassessedPlanIssued, on))
    })
}

/// The amended plan: the newest version, issued (reg 22).
pub(super) fn issue_amended(case: &LockedCase, on: Date) -> Result<CaseStep, Refused> {
    let progress = ReviewProgress::of(&case.case.history());
    if let Some(why) = progress.amendment_problem() {
        return Err(Refused::rule("", why));
    }
    let (_, plan) = working_plan(&case.versions);
    issuable(case, &plan, on)?;
    Ok(CaseStep {
        plan: Some(PlanChange::IssueFinal { plan: Box::new(plan), on }),
        ..event(DatedEvent::plain(EventName::AmendedPlanIssued, on))
    })
}
