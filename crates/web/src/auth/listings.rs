//! The busiest listings act on their caller's credential as last read (see `kept`), sparing a
//! statement per request. The answer made on it is sent only if its audited read confirmed the
//! credential still gives the same; otherwise the request is answered again on a fresh read, so
//! a session ended or a role taken away is seen as soon as it would have been.

use super::session::SESSION_COOKIE;
use super::{CurrentUser, PendingSignIn, hash_secret};
use crate::AppState;
use crate::auth::csrf::cookie_value;
use axum::body::Body;
use axum::extract::Request;
use axum::http::Method;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;
use sendcase_domain::sessions::ended;
use sendcase_store::{AsRead, Unconfirmed};

/// GET routes whose every answer that shows anything follows an audited read, and which write
/// nothing else: acting on a kept credential there risks only answering twice.
const CONFIRMED_BY_THEIR_AUDIT: [&str; 4] =
    ["/caseload", "/plans", "/api/v1/caseload", "/api/v1/plans"];

/// The API's caller as kept, for [`super::ApiCaller`].
#[derive(Clone)]
pub(super) struct KeptCaller(pub CurrentUser);

/// The answer to `req` made on its caller's kept credential, if it had one and its read
/// confirmed it; otherwise `req` back, to be answered on a fresh read.
pub(super) async fn answer_on_kept(
    state: &AppState,
    req: Request,
    next: &Next,
) -> Result<Response, Request> {
    let path = req.uri().path();
    if req.method() != Method::GET || !CONFIRMED_BY_THEIR_AUDIT.contains(&path) {
        return Err(req);
    }
    let api = path.starts_with("/api/");
    let Some((user, as_read)) = (if api { token(state, &req) } else { session(state, &req) })
    else {
        return Err(req);
    };
    let key = as_read.key().to_owned();
    let unconfirmed = Unconfirmed::new(as_read);
    let (parts, body) = req.into_parts();
    let mut first = Request::from_parts(parts.clone(), body);
    let extensions = first.extensions_mut();
    extensions.insert(unconfirmed.clone());
    extensions.insert(None::<PendingSignIn>);
    if api {
        extensions.insert(None::<CurrentUser>);
        extensions.insert(KeptCaller(user.clone()));
    } else {
        extensions.insert(Some(user.clone()));
    }
    let answer = next.clone().run(first).await;
    if unconfirmed.confirmed() {
        return Ok(answer);
    }
    let kept = &state.credentials;
    match api {
        true => kept.tokens.forget(&key),
        false => kept.sessions.forget(&key),
    }
    Err(Request::from_parts(parts, Body::empty()))
}

/// The page's caller from their kept session, if it is kept and has not ended.
fn session(state: &AppState, req: &Request) -> Option<(CurrentUser, AsRead)> {
    let id_hash = hash_secret(&cookie_value(req.headers(), SESSION_COOKIE)?);
    let now = state.settings.clock.now();
    let gave = state.credentials.sessions.get(&id_hash, now)?;
    let s = &gave.session;
    if ended(&state.settings.sessions, s.started, s.last_seen, now).is_some() {
        return None;
    }
    let user =
        CurrentUser::from_account(gave.account.clone(), s.csrf_token.clone(), id_hash.clone());
    let user = CurrentUser { unread: gave.unread, ..user };
    Some((user, AsRead::Session { id_hash, gave: Box::new(gave) }))
}

/// The API's caller from their kept token, if it is kept; a cookie sent too is read afresh.
fn token(state: &AppState, req: &Request) -> Option<(CurrentUser, AsRead)> {
    if cookie_value(req.headers(), SESSION_COOKIE).is_some() {
        return None;
    }
    let bearer = req.headers().get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")?;
    let hash = hash_secret(bearer.trim());
    let gave = state.credentials.tokens.get(&hash, jiff::Timestamp::now())?;
    let user = CurrentUser::from_account(gave.clone(), String::new(), String::new());
    Some((user, AsRead::Token { hash, gave: Box::new(gave) }))
}
