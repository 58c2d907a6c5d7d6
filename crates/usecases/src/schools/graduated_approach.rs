//! The graduated approach (Code 6.44–6.58): assess, plan, do, review, as dated steps that must
//! make whole cycles. Whether a step may follow the pupil's steps so far is judged inside the
//! write, on the steps as stored, so two steps recorded at once cannot both follow the same one.

use crate::{Acting, Refused};
use sendcase_domain::policy::may_record_support_step;
use sendcase_domain::schools::graduated_approach::{DatedStep, cycles};
use sendcase_domain::schools::register::SenProvision;
use sendcase_domain::schools::year_group::{YearGroup, current_year_group};
use sendcase_store::{RegisterChange, StoreError};
use uuid::Uuid;

/// Records `step` for the pupil at `school`, if the actor may record steps of its kind there.
pub async fn record_support_step(
    acting: Acting<'_>,
    school: Uuid,
    child: Uuid,
    step: DatedStep,
) -> Result<(), Refused> {
    if !may_record_support_step(step.step.kind())(acting.actor, school) {
        return Err(Refused::Forbidden);
    }
    let register = ending_support(&acting, school, child, &step).await?;
    let check = |steps: &[DatedStep]| cycles(steps).map(|_| ()).map_err(|(_, reason)| reason);
    let meta = acting.audit(None);
    let appended =
        acting.store.append_support_step(child, school, step, &check, register.as_ref(), &meta);
    match appended.await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(reason)) => Err(Refused::rule("date-day", reason)),
        Err(StoreError::Duplicate { .. }) => Err(Refused::rule(
            "",
            "Someone recorded another step for this pupil at the same moment: check the pupil's page and try again",
        )),
        Err(e) => Err(e.into()),
    }
}

/// A review that ends SEN support takes the pupil off it on the register too (Code 6.58): an `N`
/// entry dated the review, in the same write, keeping their year group.
async fn ending_support(
    acting: &Acting<'_>,
    school: Uuid,
    child: Uuid,
    step: &DatedStep,
) -> Result<Option<RegisterChange>, Refused> {
    if !step.step.ends_sen_support() {
        return Ok(None);
    }
    let entries = acting.store.register_entries(school, Some(child)).await?;
    let Some(last) = entries.last() else { return Ok(None) };
    let year_group =
        current_year_group(last.birth_date, &last.year_group, last.recorded_on, step.on)
            .map(YearGroup::code)
            .unwrap_or_else(|| last.year_group.clone());
    Ok(Some(RegisterChange {
        year_group,
        out_of_cohort_reason: last.out_of_cohort_reason.clone(),
        provision: SenProvision::NoSen.code().to_owned(),
        need1: None,
        need2: None,
    }))
}
