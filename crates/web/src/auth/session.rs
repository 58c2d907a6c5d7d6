//! Sessions live in the database so that any number of app servers can serve a user.

use super::csrf::{cookie_value, header_value};
use super::{CurrentUser, hash_secret, new_secret};
use crate::AppState;
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, SameSite};
use sendcase_store::{AuditMeta, NewSession};

pub(super) const SESSION_COOKIE: &str = "sendcase_session";
const SESSION_HOURS: i64 = 8;

/// Puts `Option<CurrentUser>` into the request's extensions for the extractors.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let user = match cookie_value(req.headers(), SESSION_COOKIE) {
        Some(secret) => match load(&state, &hash_secret(&secret)).await {
            Ok(user) => user,
            Err(e) => return e.into_html(),
        },
        None => None,
    };
    req.extensions_mut().insert(user);
    next.run(req).await
}

async fn load(state: &AppState, id_hash: &str) -> Result<Option<CurrentUser>, AppError> {
    let Some(session) = state.store.session(id_hash, jiff::Timestamp::now()).await? else {
        return Ok(None);
    };
    let Some(account) = state.store.user_account(session.user_id).await? else {
        return Ok(None);
    };
    let unread = state.store.unread_count(session.user_id).await?;
    let user = CurrentUser::from_account(account, session.csrf_token, id_hash.to_owned());
    Ok(Some(CurrentUser { unread, ..user }))
}

/// Starts a fresh session (a new id every sign-in, so a planted id is useless) and returns its cookie.
pub async fn sign_in_session(
    state: &AppState,
    user_id: uuid::Uuid,
    meta: &AuditMeta,
) -> Result<(HeaderName, HeaderValue), AppError> {
    let secret = new_secret();
    let expires_at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(SESSION_HOURS);
    state
        .store
        .create_session(
            NewSession {
                id_hash: hash_secret(&secret),
                user_id,
                csrf_token: new_secret(),
                expires_at,
            },
            meta,
        )
        .await?;
    Ok((SET_COOKIE, session_cookie(state, secret, cookie::time::Duration::hours(SESSION_HOURS))))
}

fn session_cookie(state: &AppState, value: String, max_age: cookie::time::Duration) -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(max_age)
        .secure(state.settings.secure_cookies)
        .build();
    header_value(&cookie)
}

/// A cookie that removes the session cookie from the browser.
pub fn session_cookie_expired(state: &AppState) -> HeaderValue {
    session_cookie(state, String::new(), cookie::time::Duration::ZERO)
}
