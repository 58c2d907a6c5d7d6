//! Reading children's records on behalf of a user: the policy decides, the audit log remembers,
//! for pages and API alike.

use crate::AppState;
use crate::auth::{CurrentUser, RequestId};
use crate::error::AppError;
use sendcase_domain::policy::{
    ChildAction, Decision, Refusal, child_scopes, decide_child, may_hold_children,
};
use sendcase_store::ChildRecord;
use uuid::Uuid;

/// Today in England, the day every access and deadline is judged on.
pub fn today() -> jiff::civil::Date {
    jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC))
        .date()
}

/// The children `user` may read today, with the listing audited once.
pub async fn visible_children(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Vec<ChildRecord>, AppError> {
    if !may_hold_children(&user.actor) {
        state
            .store
            .record_access(&rid.audit(&user.actor, None), "list_refused", "children", None)
            .await?;
        return Err(AppError::Forbidden);
    }
    let today = today();
    let records = state.store.children_in_scopes(&child_scopes(&user.actor), today).await?;
    let visible = records
        .into_iter()
        .filter(|r| {
            matches!(
                decide_child(&user.actor, ChildAction::Read, &r.relations, today),
                Decision::Allowed(_)
            )
        })
        .collect();
    state.store.record_access(&rid.audit(&user.actor, None), "list", "children", None).await?;
    Ok(visible)
}

/// One child's record if `user` may read it; a refused attempt is audited as such.
pub async fn read_child(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
) -> Result<ChildRecord, AppError> {
    let Ok(id) = id.parse::<Uuid>() else { return Err(AppError::NotFound) };
    let today = today();
    let record = state.store.child(id, today).await?;
    let decision = match &record {
        Some(r) => decide_child(&user.actor, ChildAction::Read, &r.relations, today),
        None => Decision::Refused(Refusal::NotFound),
    };
    let action = if matches!(decision, Decision::Allowed(_)) { "read" } else { "read_refused" };
    state
        .store
        .record_access(
            &rid.audit(&user.actor, Some(decision)),
            action,
            "child",
            Some(&id.to_string()),
        )
        .await?;
    decision.allowed()?;
    record.ok_or(AppError::NotFound)
}
