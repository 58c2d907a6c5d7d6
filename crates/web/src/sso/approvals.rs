//! The administrator's list of people a provider vouched for whom no account matched: each is
//! approved with a role in one of their provider's organisations, or refused.

use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting, hash_password, new_secret};
use crate::error::AppError;
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy;
use sendcase_domain::single_sign_on::may_be_approved_as;
use sendcase_usecases::single_sign_on as sso;
use serde::Deserialize;
use uuid::Uuid;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/users/single-sign-on", get(list))
        .route("/users/single-sign-on/{id}/approve", post(approve))
        .route("/users/single-sign-on/{id}/refuse", post(refuse))
}

struct Waiting {
    id: String,
    name: String,
    email: String,
    provider: String,
    /// `(id, name)` of the organisations their provider signs in for.
    organisations: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "sso/pending.html")]
struct PendingPage {
    page: PageContext,
    waiting: Vec<Waiting>,
    roles: Vec<(&'static str, &'static str)>,
}

async fn list(State(state): State<AppState>, SignedIn(user): SignedIn) -> PageResult {
    if !policy::may_manage_users(&user.actor) {
        return Err(AppError::Forbidden.into());
    }
    let names: Vec<(Uuid, String)> =
        state.store.organisations().await?.into_iter().map(|o| (o.id, o.name)).collect();
    let named = |id: &Uuid| {
        let name = names.iter().find(|(o, _)| o == id).map(|(_, n)| n.clone());
        (id.to_string(), name.unwrap_or_else(|| id.to_string()))
    };
    let waiting = state
        .store
        .sso_pending()
        .await?
        .into_iter()
        .map(|p| {
            let provider = state.settings.sso.get(&p.provider);
            Waiting {
                id: p.id.to_string(),
                name: p.display_name,
                email: p.email,
                provider: provider.map_or(p.provider.clone(), |pr| pr.label.clone()),
                organisations: provider
                    .map(|pr| pr.organisations.iter().map(named).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let roles = Role::ALL
        .into_iter()
        .filter(|r| may_be_approved_as(*r))
        .map(|r| (r.as_str(), r.label()))
        .collect();
    let page = PageContext::new(Some(&user), "/users/single-sign-on");
    Ok(render(&PendingPage { page, waiting, roles })?)
}

#[derive(Deserialize)]
struct Approval {
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation: String,
}

async fn approve(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<Uuid>,
    Form(form): Form<Approval>,
) -> PageResult {
    let role =
        form.role.parse::<Role>().map_err(|_| AppError::BadRequest("choose a role".into()))?;
    let organisation: Uuid = form
        .organisation
        .parse()
        .map_err(|_| AppError::BadRequest("choose an organisation".into()))?;
    let waiting = state.store.sso_pending().await?;
    let provider =
        waiting.iter().find(|p| p.id == id).and_then(|p| state.settings.sso.get(&p.provider));
    let organisations = provider.map(|p| p.organisations.clone()).unwrap_or_default();
    let hash = hash_password(&new_secret())?;
    let acting = acting(&state, &user, &rid);
    sso::approve(acting, id, role, organisation, &organisations, hash)
        .await
        .map_err(AppError::from)?;
    Ok(Redirect::to("/users/single-sign-on").into_response())
}

async fn refuse(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<Uuid>,
) -> PageResult {
    sso::refuse(acting(&state, &user, &rid), id).await.map_err(AppError::from)?;
    Ok(Redirect::to("/users/single-sign-on").into_response())
}
