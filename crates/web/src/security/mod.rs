//! A person's own security: changing their password (`password.rs`), the list of their sessions
//! (`sessions.rs`), and two-step sign-in with an authenticator app (`second_factor.rs`), both
//! its setting up and the code asked for after the password.

mod password;
mod second_factor;
mod sessions;

use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, RequestId, acting};
use crate::error::FieldError;
use crate::page::PageResult;
use axum::http::HeaderValue;
use axum::http::header::RETRY_AFTER;
use jiff::{SignedDuration, Timestamp};
use sendcase_domain::sign_in::minutes_to_wait;
use sendcase_usecases::sessions::Here;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/account/password", get(password::form).post(password::change))
        .route("/account/sessions", get(sessions::list))
        .route("/account/sessions/end", post(sessions::end_one))
        .route("/account/sessions/end-others", post(sessions::end_others))
        .route("/account/two-step", get(second_factor::overview))
        .route("/account/two-step/set-up", get(second_factor::set_up).post(second_factor::enrol))
        .route("/account/two-step/turn-off", post(second_factor::turn_off))
        .route("/sign-in/code", get(second_factor::code_form).post(second_factor::code))
}

/// The person acting from this session and client, for the use cases that count guesses.
fn here<'a>(
    state: &'a AppState,
    user: &'a CurrentUser,
    rid: &'a RequestId,
    client: &'a ClientAddr,
) -> Here<'a> {
    Here {
        acting: acting(state, user, rid),
        email: &user.account.user.email,
        client: &client.0,
        session: &user.session_hash,
        limits: &state.settings.sign_in,
        authenticator_key: state.settings.authenticator_key.as_ref(),
        now: state.settings.clock.now(),
    }
}

/// The error for too many wrong guesses at `field`.
fn too_many(field: &str, retry_after: SignedDuration) -> FieldError {
    let minutes = minutes_to_wait(retry_after);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    FieldError::new(
        field,
        format!("Too many wrong attempts from this device. Wait {minutes} {unit} and try again."),
    )
}

/// Adds `Retry-After` to a page refused for too many guesses.
fn with_retry_after(page: PageResult, retry_after: SignedDuration) -> PageResult {
    let mut res = page?;
    res.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after.as_secs()));
    Ok(res)
}

/// "4 December 2026 at 1:05pm", in England's time.
fn when(t: Timestamp) -> String {
    t.to_zoned(crate::records::london()).strftime("%-d %B %Y at %-I:%M%P").to_string()
}
