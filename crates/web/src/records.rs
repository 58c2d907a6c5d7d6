//! Reading children's records on behalf of a user: the policy decides, the audit log remembers,
//! for pages and API alike.

use crate::AppState;
use crate::auth::{CurrentUser, RequestId};
use crate::error::AppError;
use jiff::civil::Date;
use sendcase_domain::people::search::ChildSearch;
use sendcase_domain::policy::{
    ChildAction, ChildRelations, Decision, Refusal, child_scopes, children_reach, decide_child,
    may_hold_children,
};
use sendcase_store::{ChildListQuery, ChildRecord, ListPage};
use uuid::Uuid;

/// Today in England, the day every access and deadline is judged on.
pub fn today() -> jiff::civil::Date {
    jiff::Zoned::now().with_time_zone(london()).date()
}

/// The time zone the Code's days are counted in.
pub fn london() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC)
}

fn may_read(user: &CurrentUser, record: &ChildRecord, today: jiff::civil::Date) -> bool {
    matches!(
        decide_child(&user.actor, ChildAction::Read, &record.relations, today),
        Decision::Allowed(_)
    )
}

/// Whether `user` may list children at all; a refusal is audited.
async fn may_list(state: &AppState, user: &CurrentUser, rid: &RequestId) -> Result<(), AppError> {
    if may_hold_children(&user.actor) {
        return Ok(());
    }
    state
        .store
        .record_access(&rid.audit(&user.actor, None), "list_refused", "children", None)
        .await?;
    Err(AppError::Forbidden)
}

/// The children `user` may read today, with the listing audited once.
pub async fn visible_children(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Vec<ChildRecord>, AppError> {
    may_list(state, user, rid).await?;
    let today = today();
    let records = state.store.children_in_scopes(&child_scopes(&user.actor), today).await?;
    let visible = records.into_iter().filter(|r| may_read(user, r, today)).collect();
    state.store.record_access(&rid.audit(&user.actor, None), "list", "children", None).await?;
    Ok(visible)
}

/// One page, by name, of the children `user` may read today that match `search`, with how many
/// match in all; audited as [`visible_children`] is. Whole authorities and school rolls are
/// selected in the database; the few children of other scopes are each checked first.
pub async fn children_page(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    search: Option<ChildSearch>,
    limit: u32,
    offset: u32,
) -> Result<ListPage<ChildRecord>, AppError> {
    may_list(state, user, rid).await?;
    let today = today();
    let reach = children_reach(&user.actor);
    let child_ids = if reach.to_check.is_empty() {
        vec![]
    } else {
        let records = state.store.children_in_scopes(&reach.to_check, today).await?;
        records.into_iter().filter(|r| may_read(user, r, today)).map(|r| r.child.id).collect()
    };
    let query = ChildListQuery {
        whole_las: reach.whole_las,
        school_rolls: reach.school_rolls,
        child_ids,
        on: today,
        search,
        limit,
        offset,
    };
    let page = state.store.children_page(&query).await?;
    state.store.record_access(&rid.audit(&user.actor, None), "list", "children", None).await?;
    Ok(page)
}

/// One child's record if `user` may read it; a refused attempt is audited as such.
pub async fn read_child(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
) -> Result<ChildRecord, AppError> {
    read_child_if(state, user, rid, id, |relations, today| {
        decide_child(&user.actor, ChildAction::Read, relations, today)
    })
    .await
}

/// The child's id and name, once `user` has read their record and `may` allows what the form
/// does with it.
pub async fn child_for_form(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
    may: impl Fn(&ChildRelations, Date) -> Decision,
) -> Result<(Uuid, String), AppError> {
    let record = read_child(state, user, rid, id).await?;
    may(&record.relations, today()).allowed()?;
    Ok((record.child.id, record.child.full_name()))
}

/// One child's record if the policy's `decide` lets `user` read it, audited as [`read_child`].
pub async fn read_child_if(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
    decide: impl Fn(&ChildRelations, Date) -> Decision,
) -> Result<ChildRecord, AppError> {
    let Ok(id) = id.parse::<Uuid>() else { return Err(AppError::NotFound) };
    let today = today();
    let record = state.store.child(id, today).await?;
    let decision = match &record {
        Some(r) => decide(&r.relations, today),
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
