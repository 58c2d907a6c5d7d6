//! Two-step sign-in: the page that asks for the code after the password, setting up an
//! authenticator app (from the account page, or at sign-in where the role requires one), the
//! recovery codes shown once, and turning it off where that is allowed.

use super::{here, too_many, with_retry_after};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, PendingSignIn, RequestId, SignedIn, Stage, new_secret};
use crate::error::{AppError, FieldError, on_form};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use sendcase_domain::policy::must_use_second_factor;
use sendcase_domain::second_factor::RECOVERY_CODES;
use sendcase_usecases::second_factor::{self as two_step, Enrolled, new_setup};
use sendcase_usecases::sessions::Checked;
use serde::Deserialize;

/// Someone setting up an authenticator: signed in, or signed in with a password and required to
/// set one up before anything else.
pub struct Enrolling {
    user: CurrentUser,
    at_sign_in: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Enrolling {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let pending = parts.extensions.get::<Option<PendingSignIn>>().cloned().flatten();
        match pending {
            Some(p) if p.stage == Stage::Enrol => Ok(Enrolling { user: p.user, at_sign_in: true }),
            Some(p) => Err(Redirect::to(p.next_step()).into_response()),
            None => {
                let SignedIn(user) = SignedIn::from_request_parts(parts, s).await?;
                Ok(Enrolling { user, at_sign_in: false })
            }
        }
    }
}

#[derive(Template)]
#[template(path = "security/two_step.html")]
struct OverviewPage {
    page: PageContext,
    /// How many recovery codes are left, when an authenticator is set up.
    codes_left: Option<i64>,
    required: bool,
    turned_off: bool,
}

async fn overview_page(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    errors: Vec<FieldError>,
    turned_off: bool,
) -> PageResult {
    let codes_left = two_step::status(state.store.as_ref(), user.actor.user_id).await?;
    let page = OverviewPage {
        page: PageContext::new(Some(user), "/account").with_errors(errors),
        codes_left,
        required: must_use_second_factor(&user.actor),
        turned_off,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn overview(State(state): State<AppState>, SignedIn(user): SignedIn) -> PageResult {
    overview_page(&state, &user, StatusCode::OK, vec![], false).await
}

#[derive(Template)]
#[template(path = "security/set_up.html")]
struct SetUpPage {
    page: PageContext,
    csrf_token: String,
    key: String,
    /// The key in groups of four, easier to read and type.
    key_grouped: String,
    url: String,
    required: bool,
    /// An authenticator is set up already: the form asks for a code from it too.
    replacing: bool,
}

async fn set_up_page(
    state: &AppState,
    enrolling: &Enrolling,
    key: String,
    url: String,
    status: StatusCode,
    errors: Vec<FieldError>,
) -> PageResult {
    let replacing =
        two_step::status(state.store.as_ref(), enrolling.user.actor.user_id).await?.is_some();
    let user = &enrolling.user;
    let shown = (!enrolling.at_sign_in).then_some(user);
    let key_grouped =
        key.as_bytes().chunks(4).map(String::from_utf8_lossy).collect::<Vec<_>>().join(" ");
    let page = SetUpPage {
        page: PageContext::new(shown, "/account").with_errors(errors),
        csrf_token: user.csrf_token.clone(),
        key,
        key_grouped,
        url,
        required: enrolling.at_sign_in,
        replacing,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn set_up(State(state): State<AppState>, enrolling: Enrolling) -> PageResult {
    let setup = new_setup(&enrolling.user.account.user.email).map_err(AppError::from)?;
    set_up_page(&state, &enrolling, setup.key, setup.url, StatusCode::OK, vec![]).await
}

#[derive(Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    code: String,
    /// When replacing an authenticator: a code from the one used now.
    #[serde(default)]
    current: String,
}

#[derive(Template)]
#[template(path = "security/recovery_codes.html")]
struct RecoveryCodesPage {
    page: PageContext,
    codes: Vec<String>,
}

pub async fn enrol(
    State(state): State<AppState>,
    enrolling: Enrolling,
    rid: RequestId,
    client: ClientAddr,
    Form(form): Form<EnrolForm>,
) -> PageResult {
    let user = &enrolling.user;
    // The key came back from the page that showed it; a changed one fails its code.
    let url = two_step::setup_url(&user.account.user.email, &form.key).map_err(AppError::from)?;
    let random: [u64; RECOVERY_CODES] = std::array::from_fn(|_| random_u64());
    let here = here(&state, user, &rid, &client);
    let enrolled = two_step::enrol(here, &form.key, &form.code, &form.current, random).await;
    let (status, error) = match on_form(enrolled)? {
        Ok(Enrolled::Done(codes)) => {
            let page = PageContext::new(Some(user), "/account");
            return Ok(render(&RecoveryCodesPage { page, codes })?);
        }
        Ok(Enrolled::WrongCode) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            FieldError::new(
                "code",
                "The code is not right. Check the key you typed into your app, and enter the code it shows now",
            ),
        ),
        Ok(Enrolled::WrongCurrent) => (
            StatusCode::UNAUTHORIZED,
            FieldError::new("current", "The code is not right, or has been used already"),
        ),
        Ok(Enrolled::Throttled { retry_after }) => {
            let errors = vec![too_many("current", retry_after)];
            let refused = set_up_page(
                &state,
                &enrolling,
                form.key,
                url,
                StatusCode::TOO_MANY_REQUESTS,
                errors,
            );
            return with_retry_after(refused.await, retry_after);
        }
        Err(error) => (StatusCode::UNPROCESSABLE_ENTITY, error),
    };
    set_up_page(&state, &enrolling, form.key, url, status, vec![error]).await
}

fn random_u64() -> u64 {
    let hex = new_secret();
    u64::from_str_radix(&hex[..16], 16).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "security/code.html")]
struct CodePage {
    page: PageContext,
    csrf_token: String,
}

fn code_page(pending: &PendingSignIn, status: StatusCode, errors: Vec<FieldError>) -> PageResult {
    let page = CodePage {
        page: PageContext::new(None, "/sign-in").with_errors(errors),
        csrf_token: pending.user.csrf_token.clone(),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn code_form(pending: PendingSignIn) -> PageResult {
    if pending.stage != Stage::Code {
        return Ok(Redirect::to(pending.next_step()).into_response());
    }
    code_page(&pending, StatusCode::OK, vec![])
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn code(
    State(state): State<AppState>,
    pending: PendingSignIn,
    rid: RequestId,
    client: ClientAddr,
    Form(form): Form<CodeForm>,
) -> PageResult {
    if pending.stage != Stage::Code {
        return Ok(Redirect::to(pending.next_step()).into_response());
    }
    let here = here(&state, &pending.user, &rid, &client);
    match on_form(two_step::second_step(here, &form.code).await)? {
        Ok(Checked::Done) => Ok(Redirect::to("/").into_response()),
        Ok(Checked::Wrong) => {
            let wrong = FieldError::new("code", "The code is not right, or has been used already");
            code_page(&pending, StatusCode::UNAUTHORIZED, vec![wrong])
        }
        Ok(Checked::Throttled { retry_after }) => {
            let refused = code_page(
                &pending,
                StatusCode::TOO_MANY_REQUESTS,
                vec![too_many("code", retry_after)],
            );
            with_retry_after(refused, retry_after)
        }
        Err(error) => code_page(&pending, StatusCode::UNPROCESSABLE_ENTITY, vec![error]),
    }
}

pub async fn turn_off(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    client: ClientAddr,
    Form(form): Form<CodeForm>,
) -> PageResult {
    let here = here(&state, &user, &rid, &client);
    let (status, errors, off) = match on_form(two_step::turn_off(here, &form.code).await)? {
        Ok(Checked::Done) => (StatusCode::OK, vec![], true),
        Ok(Checked::Wrong) => {
            let wrong = FieldError::new("code", "The code is not right, or has been used already");
            (StatusCode::UNAUTHORIZED, vec![wrong], false)
        }
        Ok(Checked::Throttled { retry_after }) => {
            let refused = overview_page(
                &state,
                &user,
                StatusCode::TOO_MANY_REQUESTS,
                vec![too_many("code", retry_after)],
                false,
            );
            return with_retry_after(refused.await, retry_after);
        }
        Err(error) => (StatusCode::UNPROCESSABLE_ENTITY, vec![error], false),
    };
    overview_page(&state, &user, status, errors, off).await
}
