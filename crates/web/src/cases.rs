//! EHC needs assessment requests as the pages and the API both need them: loaded only for
//! those the policy allows (and audited), with their duties from the clock.

use crate::auth::{CurrentUser, RequestId};
use crate::error::AppError;
use crate::records::today;
use crate::AppState;
use jiff::civil::Date;
use sendcase_domain::calendar::Calendar;
use sendcase_domain::clock::{events_from_json, CaseHistory, ClockOutput};
use sendcase_domain::policy::{child_scopes, decide_case, CaseAction, Decision};
use sendcase_store::{ChildRecord, EhcCase};
use std::collections::HashMap;
use uuid::Uuid;

/// The case, and its child's record, if `user` may do `action` on it; reads and refusals are
/// audited, and a refusal is a 404 for a case the caller may not know exists.
pub async fn case_for(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
    action: CaseAction,
) -> Result<(EhcCase, ChildRecord, Decision), AppError> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let case = state.store.ehc_case(id).await?.ok_or(AppError::NotFound)?;
    let today = today();
    let record = state.store.child(case.request.child_id, today).await?.ok_or(AppError::NotFound)?;
    let decision = decide_case(&user.actor, action, &record.relations, today);
    let allowed = matches!(decision, Decision::Allowed(_));
    // Changes are audited with the change itself; reads and refusals here.
    if !allowed || action == CaseAction::Read {
        let verb = if allowed { "read" } else { "refused" };
        state.store.record_access(&rid.audit(&user.actor, Some(decision)), verb, "ehc_request", Some(&id.to_string())).await?;
    }
    decision.allowed()?;
    Ok((case, record, decision))
}

/// The clock's duties for a stored history, judged on `as_of` (default today).
pub fn case_duties(case: &EhcCase, as_of: Option<Date>, calendar: &Calendar) -> Result<ClockOutput, AppError> {
    let events = events_from_json(&case.event_values()).map_err(|e| AppError::Internal(format!("stored history unreadable: {e}")))?;
    CaseHistory { as_of, events }.duties(today(), calendar).map_err(|e| AppError::Internal(format!("stored history invalid: {e}")))
}

pub struct OpenRequest {
    pub case: EhcCase,
    pub child_name: String,
    pub duties: ClockOutput,
}

/// The open requests `user` may read, earliest next duty first; the listing is audited once.
pub async fn open_requests(state: &AppState, user: &CurrentUser, rid: &RequestId, as_of: Date) -> Result<Vec<OpenRequest>, AppError> {
    let today = today();
    let scopes = child_scopes(&user.actor);
    let names: HashMap<Uuid, String> = state
        .store
        .children_in_scopes(&scopes, today)
        .await?
        .into_iter()
        .filter(|r| matches!(decide_case(&user.actor, CaseAction::Read, &r.relations, today), Decision::Allowed(_)))
        .map(|r| (r.child.id, r.child.full_name()))
        .collect();
    let mut open = vec![];
    for case in state.store.ehc_cases_in_scopes(&scopes).await? {
        let Some(name) = names.get(&case.request.child_id) else { continue };
        let duties = case_duties(&case, Some(as_of), &state.settings.calendar)?;
        if duties.assessment_open() {
            open.push(OpenRequest { case, child_name: name.clone(), duties });
        }
    }
    open.sort_by_key(|r| r.duties.next_duty().map(|d| d.due));
    state.store.record_access(&rid.audit(&user.actor, None), "list", "ehc_requests", None).await?;
    Ok(open)
}
