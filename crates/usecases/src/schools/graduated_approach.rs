//! The graduated approach (Code 6.44–6.56): assess, plan, do, review, as dated steps that must
//! make whole cycles. Whether a step may follow the pupil's steps so far is judged inside the
//! write, on the steps as stored, so two steps recorded at once cannot both follow the same one.

use crate::{Acting, Refused};
use sendcase_domain::policy::may_record_support_step;
use sendcase_domain::schools::graduated_approach::{DatedStep, cycles};
use sendcase_store::StoreError;
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
    let check = |steps: &[DatedStep]| cycles(steps).map(|_| ()).map_err(|(_, reason)| reason);
    let meta = acting.audit(None);
    match acting.store.append_support_step(child, school, step, &check, &meta).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(reason)) => Err(Refused::rule("date-day", reason)),
        Err(StoreError::Duplicate { .. }) => Err(Refused::rule(
            "",
            "Someone recorded another step for this pupil at the same moment: check the pupil's page and try again",
        )),
        Err(e) => Err(e.into()),
    }
}
