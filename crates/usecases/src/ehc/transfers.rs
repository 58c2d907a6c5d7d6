//! Moves to the next phase (reg 18): planning a whole year group's moves in one action, the
//! family's preference, and the plan amended to name the new setting. Each plan's move is its
//! own step, judged and written under that case's lock as any other.

use super::steps::{Step, take_step};
use crate::{Acting, Refused};
use sendcase_domain::ehc::phase_transfer::{Cohort, transfer_date};
use sendcase_domain::people::school_age::births_in_year;
use sendcase_domain::policy::councils_of;
use sendcase_store::{PlanRow, PlansQuery};

/// A year group's plans in force at the council's settings, for the move after this school year.
pub async fn cohort_plans(acting: &Acting<'_>, cohort: Cohort) -> Result<Vec<PlanRow>, Refused> {
    let la_ids = councils_of(acting.actor);
    if la_ids.is_empty() {
        return Err(Refused::Forbidden);
    }
    let mut rows = vec![];
    for year in cohort.years() {
        let query = PlansQuery {
            la_ids: la_ids.clone(),
            on: acting.today,
            search: None,
            review_due: None,
            overdue: false,
            setting: None,
            born: Some(births_in_year(*year, acting.today)),
            caseworker: None,
            ended: false,
            limit: u32::MAX,
            offset: 0,
        };
        let page = acting.store.plans_in_force(&query).await?;
        rows.extend(
            page.rows.into_iter().filter(|p| cohort.includes_setting(p.setting.as_deref())),
        );
    }
    rows.sort_by(|a, b| a.child.family_name.cmp(&b.child.family_name));
    Ok(rows)
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
    for plan in cohort_plans(&acting, cohort).await? {
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
