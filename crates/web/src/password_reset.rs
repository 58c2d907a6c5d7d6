//! "Forgot your password?": asking for a reset link by email (`/forgot-password`, answered the
//! same whether or not there is an account), and choosing a new password with the link
//! (`/reset-password/{secret}`), which signs the account out everywhere. An invitation's link
//! (`/invitation/{secret}`) is the same kind of link, worded for a first password.

use crate::AppState;
use crate::auth::csrf::form_token;
use crate::auth::{ClientAddr, RequestId, hash_password, hash_secret, new_secret};
use crate::error::FieldError;
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use sendcase_domain::password_reset::password_problem;
use sendcase_domain::sign_in::minutes_to_wait;
use sendcase_usecases::password_reset::{Asking, ask, reset};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "password_reset/forgot.html")]
struct ForgotPage {
    page: PageContext,
    form_token: String,
    email: String,
    /// The link has been asked for: say what happens next.
    sent: bool,
}

fn forgot_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    email: String,
    sent: bool,
    errors: Vec<FieldError>,
) -> PageResult {
    let (form_token, cookie) = form_token(state, None, headers);
    let page = ForgotPage {
        page: PageContext::new(None, "/forgot-password").with_errors(errors),
        form_token,
        email,
        sent,
    };
    Ok((status, cookie.into_iter().collect::<HeaderMap>(), render(&page)?).into_response())
}

pub async fn forgot_form(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    forgot_page(&state, &headers, StatusCode::OK, String::new(), false, vec![])
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn forgot(
    State(state): State<AppState>,
    rid: RequestId,
    client: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<ForgotForm>,
) -> PageResult {
    let email = form.email.trim();
    if email.is_empty() {
        let error = FieldError::new("email", "Enter your email address");
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return forgot_page(&state, &headers, status, String::new(), false, vec![error]);
    }
    let secret = new_secret();
    let asking = Asking {
        store: state.store.as_ref(),
        limits: &state.settings.sign_in,
        email,
        client: &client.0,
        secret: &secret,
        token_hash: hash_secret(&secret),
        now: state.settings.clock.now(),
        request_id: &rid.0,
    };
    match ask(asking).await? {
        None => forgot_page(&state, &headers, StatusCode::OK, email.to_owned(), true, vec![]),
        Some(wait) => {
            let minutes = minutes_to_wait(wait);
            let unit = if minutes == 1 { "minute" } else { "minutes" };
            let msg =
                format!("You have asked too many times. Wait {minutes} {unit} and try again.");
            let errors = vec![FieldError::new("email", msg)];
            let status = StatusCode::TOO_MANY_REQUESTS;
            let mut res = forgot_page(&state, &headers, status, email.to_owned(), false, errors)?;
            res.headers_mut().insert(RETRY_AFTER, HeaderValue::from(wait.as_secs()));
            Ok(res)
        }
    }
}

/// Which emailed link sets the password: a reset, or an invitation's first password.
#[derive(Clone, Copy)]
enum Link {
    Reset,
    Invitation,
}

impl Link {
    fn path(self) -> &'static str {
        match self {
            Link::Reset => "/reset-password",
            Link::Invitation => "/invitation",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Link::Reset => "Choose a new password",
            Link::Invitation => "Choose a password for your account",
        }
    }

    fn does_not_work(self) -> &'static str {
        match self {
            Link::Reset => {
                "This link does not work. It may have been used already, or be more than an hour old. Ask for a new one."
            }
            Link::Invitation => {
                "This link does not work. It may have been used already, or be more than 7 days old. If you have set your password, sign in. If not, ask for a new link, or ask the council to invite you again."
            }
        }
    }

    fn done(self) -> &'static str {
        match self {
            Link::Reset => {
                "Your password has been changed, and you have been signed out everywhere. Sign in with your new password."
            }
            Link::Invitation => {
                "Your password is set. Sign in with your email address and your new password."
            }
        }
    }
}

#[derive(Template)]
#[template(path = "password_reset/reset.html")]
struct ResetPage {
    page: PageContext,
    form_token: String,
    action: String,
    title: &'static str,
    /// What the page says instead of the form: the link does not work, or the password is set.
    outcome: Option<&'static str>,
}

fn reset_page(
    state: &AppState,
    headers: &HeaderMap,
    (link, status): (Link, StatusCode),
    secret: &str,
    outcome: Option<&'static str>,
    errors: Vec<FieldError>,
) -> PageResult {
    let (form_token, cookie) = form_token(state, None, headers);
    let page = ResetPage {
        page: PageContext::new(None, link.path()).with_errors(errors),
        form_token,
        action: format!("{}/{secret}", link.path()),
        title: link.title(),
        outcome,
    };
    Ok((status, cookie.into_iter().collect::<HeaderMap>(), render(&page)?).into_response())
}

/// A link unknown, used or out of date: 404, with the way to ask for another.
fn link_does_not_work(
    state: &AppState,
    headers: &HeaderMap,
    link: Link,
    secret: &str,
) -> PageResult {
    let status = (link, StatusCode::NOT_FOUND);
    reset_page(state, headers, status, secret, Some(link.does_not_work()), vec![])
}

async fn link_form(state: AppState, headers: HeaderMap, link: Link, secret: String) -> PageResult {
    let token_hash = hash_secret(&secret);
    if state.store.password_reset_works(&token_hash, state.settings.clock.now()).await? {
        reset_page(&state, &headers, (link, StatusCode::OK), &secret, None, vec![])
    } else {
        link_does_not_work(&state, &headers, link, &secret)
    }
}

pub async fn reset_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
) -> PageResult {
    link_form(state, headers, Link::Reset, secret).await
}

pub async fn invitation_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
) -> PageResult {
    link_form(state, headers, Link::Invitation, secret).await
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn link_submit(
    state: AppState,
    (rid, headers): (RequestId, HeaderMap),
    link: Link,
    secret: String,
    form: ResetForm,
) -> PageResult {
    let errors = new_password_errors(&form.password, &form.confirm);
    if !errors.is_empty() {
        let status = (link, StatusCode::UNPROCESSABLE_ENTITY);
        return reset_page(&state, &headers, status, &secret, None, errors);
    }
    let hash = hash_password(&form.password)?;
    let now = state.settings.clock.now();
    if reset(state.store.as_ref(), &hash_secret(&secret), &hash, now, &rid.0).await? {
        reset_page(&state, &headers, (link, StatusCode::OK), &secret, Some(link.done()), vec![])
    } else {
        link_does_not_work(&state, &headers, link, &secret)
    }
}

pub async fn reset_submit(
    State(state): State<AppState>,
    rid: RequestId,
    headers: HeaderMap,
    Path(secret): Path<String>,
    Form(form): Form<ResetForm>,
) -> PageResult {
    link_submit(state, (rid, headers), Link::Reset, secret, form).await
}

pub async fn invitation_submit(
    State(state): State<AppState>,
    rid: RequestId,
    headers: HeaderMap,
    Path(secret): Path<String>,
    Form(form): Form<ResetForm>,
) -> PageResult {
    link_submit(state, (rid, headers), Link::Invitation, secret, form).await
}

/// What is wrong with a new password typed twice (`password`, `confirm`), for a reset and for a
/// change alike.
pub fn new_password_errors(password: &str, confirm: &str) -> Vec<FieldError> {
    let problem = password_problem(password).map(|why| FieldError::new("password", why));
    let mismatch = (problem.is_none() && password != confirm)
        .then(|| FieldError::new("confirm", "Enter the same password twice"));
    problem.into_iter().chain(mismatch).collect()
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/forgot-password", get(forgot_form).post(forgot))
        .route("/reset-password/{secret}", get(reset_form).post(reset_submit))
        .route("/invitation/{secret}", get(invitation_form).post(invitation_submit))
}
