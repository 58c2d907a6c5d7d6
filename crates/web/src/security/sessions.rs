//! The person's list of where they are signed in, and ending any other of those sessions.

use super::when;
use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::sessions::browser_summary;
use sendcase_usecases::sessions::end_sessions;
use serde::Deserialize;

struct SessionItem {
    browser: String,
    started: String,
    last_seen: String,
    /// The session's id hash, which the form to end it sends back (never its secret).
    id: String,
    this_one: bool,
}

#[derive(Template)]
#[template(path = "security/sessions.html")]
struct SessionsPage {
    page: PageContext,
    sessions: Vec<SessionItem>,
    others: usize,
}

pub async fn list(State(state): State<AppState>, SignedIn(user): SignedIn) -> PageResult {
    let now = state.settings.clock.now();
    let sessions: Vec<SessionItem> = state
        .store
        .sessions_of(user.actor.user_id, now)
        .await?
        .into_iter()
        .map(|s| SessionItem {
            browser: browser_summary(&s.user_agent),
            started: when(s.started),
            last_seen: when(s.last_seen),
            this_one: s.id_hash == user.session_hash,
            id: s.id_hash,
        })
        .collect();
    let others = sessions.iter().filter(|s| !s.this_one).count();
    let page = PageContext::new(Some(&user), "/account");
    Ok(render(&SessionsPage { page, sessions, others })?)
}

#[derive(Deserialize)]
pub struct EndForm {
    #[serde(default)]
    session: String,
}

pub async fn end_one(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Form(form): Form<EndForm>,
) -> PageResult {
    let acting = acting(&state, &user, &rid);
    end_sessions(acting, &user.session_hash, Some(&form.session)).await?;
    Ok(Redirect::to("/account/sessions").into_response())
}

pub async fn end_others(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
) -> PageResult {
    end_sessions(acting(&state, &user, &rid), &user.session_hash, None).await?;
    Ok(Redirect::to("/account/sessions").into_response())
}
