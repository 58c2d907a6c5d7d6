//! Each person's home page, which starts with their work (`work.rs`), and the organisations
//! list.

mod work;

use crate::AppState;
use crate::auth::{MaybeSignedIn, RequestId, SignedIn};
use crate::children::pages::{ChildRow, child_rows, children_count, organisations_by_id};
use crate::error::AppError;
use crate::page::{PageContext, PageResult, render};
use crate::records::children_page;
use askama::Template;
use axum::extract::State;
use sendcase_domain::policy;
use sendcase_store::Organisation;

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    page: PageContext,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: PageContext,
    name: String,
    roles: Vec<(String, String)>,
    children: Vec<ChildRow>,
    caption: String,
    /// How many children the user may see in all, when there are more than shown here.
    more: Option<String>,
    is_admin: bool,
    user_count: usize,
    organisation_count: usize,
    council: Vec<work::WorkList>,
    school: Option<work::SchoolWork>,
    advice: Option<Vec<crate::ehc::advice::InboxRow>>,
    family: Vec<work::FamilyCase>,
    health: Option<work::HealthWork>,
}

/// The home page shows the first few children by name; the list at `/children` has the rest.
const HOME_ROWS: u32 = 20;

pub async fn home(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    rid: RequestId,
) -> PageResult {
    let Some(user) = user else {
        return Ok(render(&StartPage { page: PageContext::new(None, "/") })?);
    };
    let orgs = organisations_by_id(&state).await?;
    let roles = user
        .actor
        .memberships
        .iter()
        .map(|m| {
            let at = m
                .organisation_id
                .and_then(|id| orgs.get(&id))
                .map(|o| o.name.clone())
                .unwrap_or_else(|| "—".to_owned());
            (m.role.label().to_owned(), at)
        })
        .collect();
    let is_admin = policy::may_manage_users(&user.actor);
    let (children, total) = if policy::may_hold_children(&user.actor) {
        let first = children_page(&state, &user, &rid, None, HOME_ROWS, 0).await?;
        (child_rows(&state, first.rows).await?, first.total)
    } else {
        (vec![], 0)
    };
    let user_count = if is_admin { state.store.users().await?.len() } else { 0 };
    Ok(render(&HomePage {
        page: PageContext::new(Some(&user), "/"),
        name: user.account.user.display_name.clone(),
        roles,
        caption: format!("Children you can see ({})", crate::page::lists::thousands(total)),
        more: (total > children.len() as u64).then(|| children_count(total)),
        children,
        is_admin,
        user_count,
        organisation_count: orgs.len(),
        council: work::council(&state, &user, &rid).await?,
        school: work::school(&state, &user, &rid).await?,
        advice: work::advice(&state, &user, &rid).await?,
        family: work::family(&state, &user, &rid).await?,
        health: work::health(&state, &user, &rid).await?,
    })?)
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    page: PageContext,
    organisations: Vec<Organisation>,
}

pub async fn organisations(State(state): State<AppState>, SignedIn(user): SignedIn) -> PageResult {
    if !policy::may_view_directory(&user.actor) {
        return Err(AppError::Forbidden.into());
    }
    let organisations = state.store.organisations().await?;
    Ok(render(&OrganisationsPage {
        page: PageContext::new(Some(&user), "/organisations"),
        organisations,
    })?)
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new().route("/", get(home)).route("/organisations", get(organisations))
}
