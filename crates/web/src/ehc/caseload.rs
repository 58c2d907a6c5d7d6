//! The caseload as the page and the API both read it: filters from the query string, reach from
//! the policy, rows from the store's summary of what the clock said, and the listing audited.

use crate::AppState;
use crate::auth::{CurrentUser, RequestId};
use crate::error::{AppError, FieldError};
use crate::records::today;
use jiff::civil::Date;
use sendcase_domain::clock::{CaseloadStatus, Named, Stage, StatusWindow};
use sendcase_domain::policy::{CaseAction, Decision, decide_case, listing_reach};
use sendcase_store::{CaseloadPage, CaseloadQuery, CaseloadSort};
use serde::Deserialize;
use uuid::Uuid;

/// The caseload's filters and order, as they appear in its URL. Empty values mean "any".
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct CaseloadParams {
    /// YYYY-MM-DD; statuses are judged on this day (default today).
    pub as_of: Option<String>,
    /// The id of the caseworker the requests are assigned to.
    pub caseworker: Option<String>,
    /// deciding_whether_to_assess, assessing or draft_plan_issued
    pub stage: Option<String>,
    /// The URN of the child's school.
    pub school: Option<String>,
    /// overdue, exception_claimed, due_soon (within 14 days) or on_track
    pub status: Option<String>,
    /// YYYY-MM-DD; only requests received on or after this day.
    pub received_from: Option<String>,
    /// due (default), received, child or stage
    pub sort: Option<String>,
    /// asc (default) or desc
    pub order: Option<String>,
}

pub const SORTS: [(&str, CaseloadSort); 4] = [
    ("due", CaseloadSort::Due),
    ("received", CaseloadSort::Received),
    ("child", CaseloadSort::ChildName),
    ("stage", CaseloadSort::Stage),
];

/// The parsed filters; the reach and the page are filled in by [`load`].
pub struct Filters {
    pub as_of: Date,
    pub caseworker: Option<Uuid>,
    pub stage: Option<Stage>,
    pub school: Option<String>,
    pub status: Option<CaseloadStatus>,
    pub received_from: Option<Date>,
    pub sort: CaseloadSort,
    pub descending: bool,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl CaseloadParams {
    pub fn parse(&self) -> Result<Filters, AppError> {
        let mut errors = vec![];
        let mut bad = |field: &str, message: String| errors.push(FieldError::new(field, message));
        let mut date = |field: &str, value: &Option<String>| {
            let text = given(value)?;
            sendcase_domain::clock::calendar::parse_iso_date(text)
                .map_err(|_| {
                    bad(
                        field,
                        format!(
                            "{field} must be a real date in the form YYYY-MM-DD, not \"{text}\""
                        ),
                    )
                })
                .ok()
        };
        let as_of = given(&self.as_of).map_or(Some(today()), |_| date("as_of", &self.as_of));
        let received_from = date("received_from", &self.received_from);
        let caseworker = given(&self.caseworker).and_then(|t| {
            t.parse()
                .map_err(|_| bad("caseworker", format!("no caseworker has the id \"{t}\"")))
                .ok()
        });
        let stage = given(&self.stage).and_then(|t| {
            Stage::parse(t).filter(|s| s.is_open()).or_else(|| {
                bad("stage", format!("stage must be deciding_whether_to_assess, assessing or draft_plan_issued, not \"{t}\""));
                None
            })
        });
        let school = given(&self.school).and_then(|t| {
            let urn = t
                .parse::<sendcase_domain::people::identifiers::Urn>()
                .map_err(|e| bad("school", format!("school: {e}")))
                .ok()?;
            Some(urn.to_string())
        });
        let status = given(&self.status).and_then(|t| {
            CaseloadStatus::parse(t).or_else(|| {
                bad("status", format!("status must be overdue, exception_claimed, due_soon or on_track, not \"{t}\""));
                None
            })
        });
        let sort = match given(&self.sort) {
            None => Some(CaseloadSort::Due),
            Some(t) => SORTS.iter().find(|(name, _)| *name == t).map(|(_, s)| *s).or_else(|| {
                bad("sort", format!("sort must be due, received, child or stage, not \"{t}\""));
                None
            }),
        };
        let descending = match given(&self.order) {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(t) => {
                bad("order", format!("order must be asc or desc, not \"{t}\""));
                false
            }
        };
        match (as_of, sort) {
            (Some(as_of), Some(sort)) if errors.is_empty() => Ok(Filters {
                as_of,
                caseworker,
                stage,
                school,
                status,
                received_from,
                sort,
                descending,
            }),
            _ => Err(AppError::invalid(errors)),
        }
    }
}

/// One page of the open requests `user` may read (every match when `limit` is `None`); the
/// listing is audited once.
pub async fn load(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    filters: &Filters,
    limit: Option<u32>,
    offset: u32,
) -> Result<CaseloadPage, AppError> {
    let window = filters.status.map(|s| s.window(filters.as_of));
    load_window(state, user, rid, filters, window, limit, offset).await
}

/// As [`load`], with the next duty's due dates in `window` whatever `filters.status` says.
pub async fn load_window(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    filters: &Filters,
    window: Option<StatusWindow>,
    limit: Option<u32>,
    offset: u32,
) -> Result<CaseloadPage, AppError> {
    let today = today();
    let reach = listing_reach(&user.actor);
    let child_ids = if reach.to_check.is_empty() {
        vec![]
    } else {
        let records = state.store.children_in_scopes(&reach.to_check, today).await?;
        records
            .into_iter()
            .filter(|r| {
                matches!(
                    decide_case(&user.actor, CaseAction::Read, &r.relations, today),
                    Decision::Allowed(_)
                )
            })
            .map(|r| r.child.id)
            .collect()
    };
    let query = CaseloadQuery {
        as_of: filters.as_of,
        la_ids: reach.whole_las,
        child_ids,
        caseworker: filters.caseworker,
        stage: filters.stage,
        school_urn: filters.school.clone(),
        status: window,
        received_from: filters.received_from,
        sort: filters.sort,
        descending: filters.descending,
        limit,
        offset,
    };
    let page = state.store.caseload(&query).await?;
    state.store.record_access(&rid.audit(&user.actor, None), "list", "ehc_requests", None).await?;
    Ok(page)
}
