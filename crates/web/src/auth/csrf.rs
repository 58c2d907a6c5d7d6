//! Forged requests: one layer checks every state-changing request a browser can send. A signed-in
//! user's form must carry their session's token; before a session exists (signing in, public
//! feedback) the form's token must match the `sendcase_form` cookie. The JSON API is exempt: it
//! accepts only bearer tokens, which a browser never attaches on another site's behalf.

use super::{CurrentUser, new_secret};
use crate::AppState;
use crate::error::AppError;
use crate::page::uploads::{body_limit, boundary, parts};
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, SameSite};
use subtle::ConstantTimeEq;

/// The hidden field every form carries.
pub const FIELD: &str = "csrf_token";
/// For scripts that send JSON with a session cookie.
const HEADER: &str = "x-csrf-token";
const FORM_COOKIE: &str = "sendcase_form";

pub async fn require_token(req: Request, next: Next) -> Response {
    if req.method().is_safe() || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let pending = req.extensions().get::<Option<super::PendingSignIn>>().cloned().flatten();
    let user = req.extensions().get::<Option<CurrentUser>>().cloned().flatten();
    let user = user.or(pending.map(|p| p.user));
    let expected = match &user {
        Some(user) => Some(user.csrf_token.clone()),
        None => cookie_value(req.headers(), FORM_COOKIE),
    };
    let (parts, body) = req.into_parts();
    let limit = body_limit(&parts.headers, user.is_some());
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return AppError::BadRequest("the form was too large".into()).into_html();
    };
    let submitted = match parts.headers.get(HEADER).and_then(|v| v.to_str().ok()) {
        Some(token) => Some(token.to_owned()),
        None if is_form(&parts.headers) => form_urlencoded::parse(&bytes)
            .find(|(name, _)| name == FIELD)
            .map(|(_, value)| value.into_owned()),
        None => match boundary(&parts.headers) {
            Some(boundary) => multipart_token(bytes.clone(), &boundary).await,
            None => None,
        },
    };
    let matches = match (expected, submitted) {
        (Some(expected), Some(submitted)) => {
            !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
        }
        _ => false,
    };
    if !matches {
        // A session that ended while the form was open: sign in again rather than an error.
        if user.is_none() && cookie_value(&parts.headers, super::session::SESSION_COOKIE).is_some()
        {
            return AppError::Unauthenticated.into_html();
        }
        let expired = "the form had expired: go back, reload the page and try again";
        return AppError::BadRequest(expired.into()).into_html();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// The token in a form with files: its text field of that name.
async fn multipart_token(body: axum::body::Bytes, boundary: &str) -> Option<String> {
    let parts = parts(body, boundary).await.ok()?;
    let (_, _, token) =
        parts.into_iter().find(|(name, file, _)| name == FIELD && file.is_none())?;
    String::from_utf8(token.to_vec()).ok()
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// One cookie's value from the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The token a form must carry: the session's when signed in; before that, the browser's
/// `sendcase_form` cookie, with the cookie to set when it has none yet (one token per browser, so
/// two such forms open at once both still work).
pub fn form_token(
    state: &AppState,
    user: Option<&CurrentUser>,
    headers: &HeaderMap,
) -> (String, Option<(HeaderName, HeaderValue)>) {
    if let Some(user) = user {
        return (user.csrf_token.clone(), None);
    }
    if let Some(token) = cookie_value(headers, FORM_COOKIE).filter(|t| !t.is_empty()) {
        return (token, None);
    }
    let token = new_secret();
    let cookie = Cookie::build((FORM_COOKIE, token.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies)
        .build();
    (token, Some((SET_COOKIE, header_value(&cookie))))
}

/// A `Set-Cookie` value; cookie names and values here are ASCII, so it is always a valid header.
pub(crate) fn header_value(cookie: &Cookie<'_>) -> HeaderValue {
    HeaderValue::from_str(&cookie.to_string()).expect("cookies are built from ASCII tokens")
}
