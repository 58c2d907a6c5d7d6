//! Signing in and out, and the administrator's list of users.

use crate::AppState;
use crate::auth::csrf::form_token;
use crate::auth::{
    AnySession, ClientAddr, MaybePending, MaybeSignedIn, RequestId, SignedIn, Stage, acting,
    sign_in_session, verify_password,
};
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::policy::{self, SecondStep};
use sendcase_domain::sessions::Ended;
use sendcase_domain::sign_in::minutes_to_wait;
use sendcase_usecases::sign_in::{self, Attempt, Outcome, Purpose};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    page: PageContext,
    form_token: String,
    email: String,
    /// `(id, label)` of each identity provider people may sign in through.
    providers: Vec<(String, String)>,
    /// Why the person's last session ended, when that is why they are here.
    ended: Option<String>,
}

fn sign_in_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    email: String,
    errors: Vec<FieldError>,
) -> PageResult {
    sign_in_page_saying(state, headers, status, email, errors, None)
}

fn sign_in_page_saying(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    email: String,
    errors: Vec<FieldError>,
    ended: Option<String>,
) -> PageResult {
    let (form_token, cookie) = form_token(state, None, headers);
    let page = SignInPage {
        page: PageContext::new(None, "/sign-in").with_errors(errors),
        form_token,
        email,
        providers: crate::sso::buttons(state),
        ended,
    };
    Ok((status, cookie.into_iter().collect::<HeaderMap>(), render(&page)?).into_response())
}

#[derive(Deserialize)]
pub struct SignInQuery {
    ended: Option<String>,
}

pub async fn sign_in_form(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    MaybePending(pending): MaybePending,
    headers: HeaderMap,
    Query(query): Query<SignInQuery>,
) -> PageResult {
    if user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    if let Some(pending) = pending {
        return Ok(Redirect::to(pending.next_step()).into_response());
    }
    let ended = query.ended.as_deref().and_then(Ended::parse);
    let ended = ended.map(|why| why.explain(&state.settings.sessions));
    sign_in_page_saying(&state, &headers, StatusCode::OK, String::new(), vec![], ended)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    rid: RequestId,
    client: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> PageResult {
    let email = form.email.trim().to_lowercase();
    let mut errors = vec![];
    if email.is_empty() {
        errors.push(FieldError::new("email", "Enter your email address"));
    }
    if form.password.is_empty() {
        errors.push(FieldError::new("password", "Enter your password"));
    }
    if !errors.is_empty() {
        return sign_in_page(
            &state,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            form.email,
            errors,
        );
    }
    let attempt = Attempt {
        store: state.store.as_ref(),
        limits: &state.settings.sign_in,
        email: &email,
        client: &client.0,
        now: state.settings.clock.now(),
        request_id: &rid.0,
        purpose: Purpose::SignIn,
    };
    let refusal = |status, msg: String| {
        sign_in_page(
            &state,
            &headers,
            status,
            form.email.clone(),
            vec![FieldError::new("email", msg)],
        )
    };
    let account = match sign_in::sign_in(attempt, async |account| {
        verify_password(form.password.clone(), account.map(|a| a.password_hash)).await
    })
    .await?
    {
        Outcome::SignedIn(account) => account,
        Outcome::Wrong => {
            let msg = "Enter a correct email address and password";
            return refusal(StatusCode::UNAUTHORIZED, msg.into());
        }
        Outcome::Disabled => {
            let msg = "This account has been disabled. Ask your administrator to enable it again.";
            return refusal(StatusCode::FORBIDDEN, msg.into());
        }
        Outcome::Refused { retry_after } => {
            let minutes = minutes_to_wait(retry_after);
            let unit = if minutes == 1 { "minute" } else { "minutes" };
            let msg = format!(
                "Too many failed attempts to sign in from this device. Wait {minutes} {unit} and try again."
            );
            let mut res = refusal(StatusCode::TOO_MANY_REQUESTS, msg)?;
            res.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after.as_secs()));
            return Ok(res);
        }
    };
    let cookie = first_step_passed(&state, &account, false, &headers, &rid).await?;
    Ok(cookie.into_response())
}

/// After a password or an identity provider: a new session (a fresh cookie, so one planted
/// before signing in is never the one signed in) at the stage the policy's `second_step` says,
/// and the redirect to that stage.
pub(crate) async fn first_step_passed(
    state: &AppState,
    account: &sendcase_store::UserAccount,
    provider_asserted_mfa: bool,
    headers: &HeaderMap,
    rid: &RequestId,
) -> Result<([(HeaderName, HeaderValue); 1], Redirect), AppError> {
    let actor =
        policy::Actor { user_id: account.user.id, memberships: account.memberships.clone() };
    let has_authenticator = state.store.authenticator_secret(account.user.id).await?.is_some();
    let (stage, next) = match policy::second_step(&actor, has_authenticator, provider_asserted_mfa)
    {
        SecondStep::Code => (Stage::Code, "/sign-in/code"),
        SecondStep::Enrol => (Stage::Enrol, "/account/two-step/set-up"),
        SecondStep::None => (Stage::Done, "/"),
    };
    let meta = rid.audit(&actor, None);
    let cookie = sign_in_session(state, account.user.id, stage, headers, &meta).await?;
    Ok(([cookie], Redirect::to(next)))
}

pub async fn sign_out(
    State(state): State<AppState>,
    AnySession(user): AnySession,
    rid: RequestId,
) -> PageResult {
    state.store.delete_session(&user.session_hash, &rid.audit(&user.actor, None)).await?;
    let expired = crate::auth::session_cookie_expired(&state);
    Ok(([(SET_COOKIE, expired)], Redirect::to("/")).into_response())
}

pub struct UserRow {
    pub email: String,
    pub name: String,
    pub roles: String,
    pub id: String,
    pub disabled: bool,
    pub is_me: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    page: PageContext,
    users: Vec<UserRow>,
}

pub async fn users(State(state): State<AppState>, SignedIn(user): SignedIn) -> PageResult {
    if !policy::may_manage_users(&user.actor) {
        return Err(AppError::Forbidden.into());
    }
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|a| UserRow {
            id: a.user.id.to_string(),
            roles: a.memberships.iter().map(|m| m.role.label()).collect::<Vec<_>>().join(", "),
            email: a.user.email,
            name: a.user.display_name,
            disabled: a.disabled,
            is_me: a.user.id == user.actor.user_id,
        })
        .collect();
    Ok(render(&UsersPage { page: PageContext::new(Some(&user), "/users"), users })?)
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/sign-in", get(sign_in_form).post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/users", get(users))
        .route("/users/{id}/disable", post(disable))
        .route("/users/{id}/enable", post(enable))
}

async fn disable(
    state: State<AppState>,
    user: SignedIn,
    rid: RequestId,
    id: Path<String>,
) -> PageResult {
    set_disabled(state, user, rid, id, true).await
}

async fn enable(
    state: State<AppState>,
    user: SignedIn,
    rid: RequestId,
    id: Path<String>,
) -> PageResult {
    set_disabled(state, user, rid, id, false).await
}

async fn set_disabled(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    disabled: bool,
) -> PageResult {
    let id: uuid::Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    sendcase_usecases::accounts::set_user_disabled(acting(&state, &user, &rid), id, disabled)
        .await
        .map_err(AppError::from)?;
    Ok(Redirect::to("/users").into_response())
}
