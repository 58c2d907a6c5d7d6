//! Reading what a case's steps recorded as the domain's types. Stored JSON that no longer parses
//! is a stored-data fault, never the user's.

use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{CaseHistory, ClockOutput};
use sendcase_domain::ehc::plan::EhcPlan;
use sendcase_domain::ehc::records::{CaseRecordKind, Consultation, ConsultationResponse};
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_store::{
    CaseRecord, EhcCase, NewCaseRecord, PlanVersion, Store, StoreError, StoreResult,
};
use uuid::Uuid;

/// Records of one kind, oldest first.
pub fn records<T: CaseRecordKind>(records: &[CaseRecord]) -> StoreResult<Vec<T>> {
    records
        .iter()
        .filter(|r| r.kind == T::KIND)
        .map(|r| {
            serde_json::from_value(r.body.clone())
                .map_err(|e| StoreError::Corrupt(format!("{} unreadable: {e}", T::KIND)))
        })
        .collect()
}

pub fn record<T: CaseRecordKind>(body: &T) -> NewCaseRecord {
    NewCaseRecord {
        kind: T::KIND,
        body: serde_json::to_value(body).expect("case records are plain data"),
        invites: vec![],
        consultation: None,
    }
}

/// The newest saved plan with its version, or an empty one as version 0.
pub fn working_plan(versions: &[PlanVersion]) -> (i32, EhcPlan) {
    versions.last().map_or((0, EhcPlan::default()), |v| (v.version, v.plan.clone()))
}

/// The last version sent to the family as a draft.
pub fn issued_draft(versions: &[PlanVersion]) -> Option<&PlanVersion> {
    versions.iter().rev().find(|v| v.issued.as_deref() == Some("draft"))
}

/// The versions sent to the family as `issued` ("draft" or "final"), oldest first.
pub fn versions_issued<'a>(
    versions: &'a [PlanVersion],
    issued: &'a str,
) -> impl DoubleEndedIterator<Item = &'a PlanVersion> {
    versions.iter().filter(move |v| v.issued.as_deref() == Some(issued))
}

pub fn final_plan(versions: &[PlanVersion]) -> Option<&PlanVersion> {
    versions.iter().rev().find(|v| v.issued.as_deref() == Some("final"))
}

/// The consultations no institution has answered yet.
pub fn open_consultations(stored: &[CaseRecord]) -> StoreResult<Vec<Consultation>> {
    let answered: Vec<String> =
        records::<ConsultationResponse>(stored)?.into_iter().map(|r| r.clock_ref).collect();
    Ok(records::<Consultation>(stored)?
        .into_iter()
        .filter(|c| !answered.contains(&c.clock_ref))
        .collect())
}

/// The clock's duties for a stored history, judged on `as_of` (default `today`).
pub fn duties(
    case: &EhcCase,
    as_of: Option<Date>,
    today: Date,
    calendar: &Calendar,
) -> StoreResult<ClockOutput> {
    CaseHistory { as_of, events: case.history() }
        .duties(today, calendar)
        .map_err(|e| StoreError::Corrupt(format!("history invalid: {e}")))
}

/// The school or college sendcase knows by `name`, as consultations and section I name settings.
pub async fn setting_named(store: &dyn Store, name: &str) -> StoreResult<Option<Uuid>> {
    let settings = store.organisations().await?;
    Ok(settings
        .into_iter()
        .find(|o| o.kind == OrganisationKind::School && o.name == name)
        .map(|o| o.id))
}

/// The open consultation `clock_ref` among `stored` records, with the setting it reached; none
/// if it is not open or reached no setting sendcase knows.
pub async fn open_consultation(
    store: &dyn Store,
    stored: &[CaseRecord],
    clock_ref: &str,
) -> StoreResult<Option<(Consultation, Uuid)>> {
    let Some(open) = open_consultations(stored)?.into_iter().find(|c| c.clock_ref == clock_ref)
    else {
        return Ok(None);
    };
    Ok(setting_named(store, &open.institution).await?.map(|setting| (open, setting)))
}
