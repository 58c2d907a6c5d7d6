//! Moves to the next phase (reg 18): planning a whole year group's moves in one action, the
//! family's preference, and the plan amended to name the new setting. Each plan's move is its
//! own step, judged and written under that case's lock as any other.

use super::steps::{Step, take_step};
use crate::{Acting, Refused};
use sendcase_domain::ehc::phase_transfer::{Cohort, transfer_date};
use sendcase_domain::policy::councils_of;
use sendcase_store::{PlanRow, PlansQuery, TransferCounts, VersionedPage};

/// A year group's plans in force at the council's settings, by name, for the move after this
/// school year.
fn cohort_query(acting: &Acting<'_>, cohort: Cohort) -> Result<PlansQuery, Refused> {
    let la_ids = councils_of(acting.actor);
    if la_ids.is_empty() {
        return Err(Refused::Forbidden);
    }
    Ok(PlansQuery {
        la_ids,
        on: acting.today,
        search: None,
        review_due: None,
        overdue: false,
        setting: cohort.setting_named().map(str::to_owned),
        born: Some(cohort.born(acting.today)),
        caseworker: None,
        ended: false,
        by_name: true,
        limit: u32::MAX,
        offset: 0,
    })
}

/// One page of a year group's plans, by name.
pub async fn cohort_plans(
    acting: &Acting<'_>,
    cohort: Cohort,
    limit: u32,
    offset: u32,
) -> Result<VersionedPage<PlanRow>, Refused> {
    let query = PlansQuery { limit, offset, ..cohort_query(acting, cohort)? };
    Ok(acting.store.plans_in_force(&query).await?)
}

/// How far a year group's moves this September have gone.
pub async fn cohort_progress(
    acting: &Acting<'_>,
    cohort: Cohort,
) -> Result<TransferCounts, Refused> {
    let query = cohort_query(acting, cohort)?;
    Ok(acting.store.transfer_counts(&query, transfer_date(acting.today)).await?)
}

/// What planning a year group's moves did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CohortPlanned {
    pub planned: usize,
    pub already: usize,
    /// Each plan whose move could not be planned, by child, and why.
    pub refused: Vec<(String, String)>,
}

/// Plans the move for every plan in the year group that has none yet for this September.
pub async fn plan_cohort(acting: Acting<'_>, cohort: Cohort) -> Result<CohortPlanned, Refused> {
    let transfer_on = transfer_date(acting.today);
    let mut done = CohortPlanned::default();
    for plan in cohort_plans(&acting, cohort, u32::MAX, 0).await?.rows {
        if plan.transfer.is_some_and(|t| t.on == transfer_on) {
            done.already += 1;
            continue;
        }
        let step = Step::PlanTransfer { transfer_on, kind: cohort.kind(), on: acting.today };
        match take_step(acting, plan.request_id, step).await {
            Ok(_) => done.planned += 1,
            Err(Refused::Rule { message, .. } | Refused::Clock(message)) => {
                done.refused.push((plan.child.full_name(), message));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(done)
}
