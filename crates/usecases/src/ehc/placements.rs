//! Section I's placements as data: each recorded on the issued plan and later ended, judged on
//! the plan's placements as they stand under the case's lock, so two caseworkers cannot both
//! give a plan its main placement for the same days.

use super::file::{final_plan, record, records};
use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::EventName;
use sendcase_domain::ehc::placements::{
    Placement, PlacementEnded, PlacementRecorded, ending_problem, placement_problem, placements,
};
use sendcase_store::{CaseRecord, CaseStep, LockedCase, StoreResult};

/// The plan's placements as they stand, numbered as recorded.
pub fn current(stored: &[CaseRecord]) -> StoreResult<Vec<PlacementRecorded>> {
    Ok(placements(&records(stored)?, &records(stored)?))
}

fn issued(case: &LockedCase) -> Result<Vec<PlacementRecorded>, Refused> {
    let transferred_in =
        case.case.events.iter().any(|e| e.event.event.name() == EventName::PlanTransferred);
    if final_plan(&case.versions).is_none() && !transferred_in {
        return Err(Refused::rule(
            "",
            "Placements are recorded on an issued plan: issue the final plan first",
        ));
    }
    Ok(current(&case.records)?)
}

pub(super) fn record_placement(
    case: &LockedCase,
    placement: Placement,
) -> Result<CaseStep, Refused> {
    let existing = issued(case)?;
    if let Some((field, why)) = placement_problem(&existing, &placement) {
        return Err(Refused::rule(field, why));
    }
    let number = existing.iter().map(|r| r.number).max().unwrap_or(0) + 1;
    let recorded = PlacementRecorded { number, placement };
    Ok(CaseStep { records: vec![record(&recorded)], ..CaseStep::default() })
}

pub(super) fn end_placement(
    case: &LockedCase,
    number: u32,
    ends: Date,
) -> Result<CaseStep, Refused> {
    let existing = issued(case)?;
    if let Some((field, why)) = ending_problem(&existing, number, ends) {
        return Err(Refused::rule(field, why));
    }
    let ended = PlacementEnded { number, ends };
    Ok(CaseStep { records: vec![record(&ended)], ..CaseStep::default() })
}
