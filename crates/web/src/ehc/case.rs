//! EHC needs assessment requests as the pages and the API both need them: loaded only for
//! those the policy allows (and audited), with their duties from the clock.

use crate::AppState;
use crate::auth::{CurrentUser, RequestId};
use crate::error::AppError;
use crate::records::today;
use jiff::civil::Date;
use sendcase_domain::clock::ClockOutput;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::policy::{CaseAction, Decision, decide_case};
use sendcase_store::{ChildRecord, EhcCase};
use uuid::Uuid;

/// The case, and its child's record, if `user` may do `action` on it; every access and refusal
/// is audited, and a refusal is a 404 for a case the caller may not know exists.
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
    let record =
        state.store.child(case.request.child_id, today).await?.ok_or(AppError::NotFound)?;
    let decision = decide_case(&user.actor, action, &record.relations, today);
    let allowed = matches!(decision, Decision::Allowed(_));
    // Every access to a case is audited, whatever the caller goes on to do: a form shows the
    // child's record as much as the case page does. A change is audited again with the change.
    let verb = if allowed { "read" } else { "refused" };
    state
        .store
        .record_access(
            &rid.audit(&user.actor, Some(decision)),
            verb,
            "ehc_request",
            Some(&id.to_string()),
        )
        .await?;
    decision.allowed()?;
    Ok((case, record, decision))
}

/// The clock's duties for a stored history, judged on `as_of` (default today).
pub fn case_duties(
    case: &EhcCase,
    as_of: Option<Date>,
    calendar: &Calendar,
) -> Result<ClockOutput, AppError> {
    Ok(sendcase_usecases::ehc::file::duties(case, as_of, today(), calendar)?)
}
