//! Sessions live in the database so that any number of app servers can serve a user.
//!
//! A session ends when it has been idle too long or open too long (the domain's `sessions`
//! judges which); the browser is then sent to sign in with the reason. A session whose password
//! was right but whose second step is still to come reaches only that step (`PendingSignIn`).

use super::csrf::{cookie_value, header_value};
use super::listings::answer_on_kept;
use super::{CurrentUser, PendingSignIn, hash_secret, new_secret};
use crate::AppState;
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::header::{SET_COOKIE, USER_AGENT};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use cookie::{Cookie, SameSite};
use jiff::SignedDuration;
use sendcase_domain::sessions::{Ended, ended};
use sendcase_store::{AuditMeta, NewSession, SignedIn, Stage};

pub(super) const SESSION_COOKIE: &str = "sendcase_session";
/// How stale the recorded last use may be before it is written again: not on every request.
pub(super) const TOUCH_AFTER: SignedDuration = SignedDuration::from_mins(1);
/// The most of a `User-Agent` kept.
const USER_AGENT_KEPT: usize = 400;

/// What a session cookie turned out to hold.
enum Found {
    None,
    Ended(Ended),
    Pending(PendingSignIn),
    User(CurrentUser),
}

/// Puts `Option<CurrentUser>` into the request's extensions for the extractors.
pub async fn resolve_session(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut req = match answer_on_kept(&state, req, &next).await {
        Ok(answer) => return answer,
        Err(req) => req,
    };
    let found = match cookie_value(req.headers(), SESSION_COOKIE) {
        Some(secret) => match load(&state, &hash_secret(&secret), req_id(&req)).await {
            Ok(found) => found,
            Err(e) => return e.into_html(),
        },
        None => Found::None,
    };
    let (user, pending) = match found {
        Found::None => (None, None),
        Found::User(user) => (Some(user), None),
        Found::Pending(pending) => (None, Some(pending)),
        // The API answers for itself (401); a page sends the browser to sign in, saying why.
        Found::Ended(_) if req.uri().path().starts_with("/api/") => (None, None),
        Found::Ended(why) => {
            let to = format!("/sign-in?ended={}", why.as_str());
            let expired = (SET_COOKIE, session_cookie_expired(&state));
            return ([expired], Redirect::to(&to)).into_response();
        }
    };
    req.extensions_mut().insert(user);
    req.extensions_mut().insert(pending);
    next.run(req).await
}

fn req_id(req: &Request) -> String {
    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok());
    id.unwrap_or("-").to_owned()
}

async fn load(state: &AppState, id_hash: &str, request_id: String) -> Result<Found, AppError> {
    let now = state.settings.clock.now();
    let Some(signed_in) = state.store.signed_in(id_hash).await? else {
        return Ok(Found::None);
    };
    let SignedIn { session, account, unread } = signed_in.clone();
    if let Some(why) = ended(&state.settings.sessions, session.started, session.last_seen, now) {
        let action = match why {
            Ended::Idle => "session_ended_idle",
            Ended::TooLong => "session_ended_too_long",
        };
        state.store.expire_session(id_hash, action, &AuditMeta::system(&request_id)).await?;
        return Ok(Found::Ended(why));
    }
    let user = CurrentUser::from_account(account, session.csrf_token, id_hash.to_owned());
    if session.stage != Stage::Done {
        return Ok(Found::Pending(PendingSignIn { user, stage: session.stage }));
    }
    let mut last_seen = session.last_seen;
    if now.duration_since(last_seen) >= TOUCH_AFTER {
        state.store.touch_session(id_hash, now).await?;
        last_seen = now;
    }
    state.credentials.sessions.keep(id_hash, signed_in, last_seen);
    Ok(Found::User(CurrentUser { unread, ..user }))
}

/// The browser's `User-Agent`, shortened, for the person's list of their sessions.
pub fn user_agent(headers: &HeaderMap) -> String {
    let ua = headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    ua.chars().take(USER_AGENT_KEPT).collect()
}

/// Starts a fresh session at `stage` (a new id every sign-in, so a planted id is useless) and
/// returns its cookie.
pub async fn sign_in_session(
    state: &AppState,
    user_id: uuid::Uuid,
    stage: Stage,
    headers: &HeaderMap,
    meta: &AuditMeta,
) -> Result<(HeaderName, HeaderValue), AppError> {
    let secret = new_secret();
    let started = state.settings.clock.now();
    let lifetime = state.settings.sessions.lifetime;
    let new = NewSession {
        id_hash: hash_secret(&secret),
        user_id,
        csrf_token: new_secret(),
        started,
        expires_at: started + lifetime,
        user_agent: user_agent(headers),
        stage,
    };
    state.store.create_session(new, meta).await?;
    let max_age = cookie::time::Duration::seconds(lifetime.as_secs());
    Ok((SET_COOKIE, session_cookie(state, secret, max_age)))
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
