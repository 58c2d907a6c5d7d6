//! Single sign-on through OpenID Connect: a button per provider on the sign-in page starts the
//! authorisation code flow with PKCE; the callback checks the state against the one kept for
//! this browser, exchanges the code, verifies the ID token and its nonce, and hands what the
//! provider vouched for to `usecases::single_sign_on`. Administrators approve those waiting
//! (`approvals.rs`).

mod approvals;
pub mod providers;

use crate::AppState;
use crate::auth::csrf::{cookie_value, header_value};
use crate::auth::{RequestId, hash_secret, new_secret};
use crate::error::AppError;
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse, Redirect};
use cookie::{Cookie, SameSite};
use openidconnect::core::CoreAuthenticationFlow;
use openidconnect::{
    AuthorizationCode, CsrfToken, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    Scope, TokenResponse,
};
use providers::Provider;
use sendcase_domain::single_sign_on::asserts_mfa;
use sendcase_store::{AuditMeta, SsoStart};
use sendcase_usecases::single_sign_on::{self as sso, Outcome, Vouched};
use serde::Deserialize;

/// The cookie that ties a callback to the browser that started it. `sendcase_form` cannot: it
/// is `SameSite=Strict`, so it is not sent on the provider's redirect back.
const BROWSER_COOKIE: &str = "sendcase_sso";
/// How long a person has at their provider before the sign-in must start again.
const START_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/sign-in/sso/{provider}", post(start))
        .route("/sign-in/sso/{provider}/callback", get(callback))
        .merge(approvals::routes())
}

/// The sign-in page's buttons: `(id, label)` of each provider.
pub fn buttons(state: &AppState) -> Vec<(String, String)> {
    state.settings.sso.list.iter().map(|p| (p.id.clone(), p.label.clone())).collect()
}

fn provider<'a>(state: &'a AppState, id: &str) -> Result<&'a Provider, AppError> {
    state.settings.sso.get(id).ok_or(AppError::NotFound)
}

fn http(state: &AppState) -> Result<&openidconnect::reqwest::Client, AppError> {
    state.settings.sso.http.as_ref().ok_or(AppError::NotFound)
}

async fn start(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let provider = provider(&state, &id)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = provider
        .client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let browser = new_secret();
    let now = state.settings.clock.now();
    let start = SsoStart {
        state: csrf.secret().clone(),
        browser_hash: hash_secret(&browser),
        provider: provider.id.clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
        expires_micros: (now + START_LIFETIME).as_microsecond(),
    };
    state.store.save_sso_start(start, now).await?;
    let cookie = Cookie::build((BROWSER_COOKIE, browser))
        .path("/sign-in/sso")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(START_LIFETIME.as_secs()))
        .secure(state.settings.secure_cookies)
        .build();
    Ok(([(SET_COOKIE, header_value(&cookie))], Redirect::to(url.as_str())).into_response())
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "sso/waiting.html")]
struct WaitingPage {
    page: PageContext,
    label: String,
}

async fn callback(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<CallbackQuery>,
    rid: RequestId,
    headers: HeaderMap,
) -> PageResult {
    let provider = provider(&state, &id)?;
    let failed = async |why: &str| -> PageResult {
        tracing::warn!(provider = provider.id, why, "single sign-on failed");
        let meta = AuditMeta::system(&rid.0);
        state.store.record_access(&meta, "sso_failed", "sso_provider", Some(&provider.id)).await?;
        let msg = format!(
            "Signing in with {} did not work: {why}. Go back and try again.",
            provider.label
        );
        Err(AppError::BadRequest(msg).into())
    };
    if let Some(error) = &query.error {
        return failed(&format!("it answered “{error}”")).await;
    }
    let (Some(code), Some(given_state)) = (&query.code, &query.state) else {
        return failed("its answer had no code").await;
    };
    let browser = cookie_value(&headers, BROWSER_COOKIE).unwrap_or_default();
    let now = state.settings.clock.now();
    let taken = state.store.take_sso_start(given_state, &hash_secret(&browser), now).await?;
    let Some(started) = taken.filter(|s| s.provider == provider.id) else {
        return failed("it was not started from this browser, or it took too long").await;
    };
    let vouched = match verify(&state, provider, code, started).await {
        Ok(v) => v,
        Err(why) => return failed(&why).await,
    };
    let (vouched, mfa) = vouched;
    let organisations = &provider.organisations;
    let who = sso::Provider { id: &provider.id, organisations };
    let account = match sso::sign_in(state.store.as_ref(), who, vouched, now, &rid.0).await? {
        Outcome::SignedIn(account) => account,
        Outcome::Disabled => return Err(AppError::Forbidden.into()),
        Outcome::AwaitingApproval => {
            let page = WaitingPage {
                page: PageContext::new(None, "/sign-in"),
                label: provider.label.clone(),
            };
            return Ok(render(&page)?.into_response());
        }
    };
    let (cookie, to) =
        crate::account::first_step_passed(&state, &account, mfa, &headers, &rid).await?;
    let gone = Cookie::build((BROWSER_COOKIE, ""))
        .path("/sign-in/sso")
        .max_age(cookie::time::Duration::ZERO)
        .build();
    // Appended: an array of headers would keep only the last `Set-Cookie`.
    let cookies = AppendHeaders([cookie[0].clone(), (SET_COOKIE, header_value(&gone))]);
    Ok((cookies, to).into_response())
}

/// Exchanges the code and verifies the ID token (signature, issuer, audience, expiry, nonce);
/// what it vouches for, and whether it asserts a second factor. The email comes from the ID
/// token, or from user info when the provider keeps it there.
async fn verify(
    state: &AppState,
    provider: &Provider,
    code: &str,
    started: SsoStart,
) -> Result<(Vouched, bool), String> {
    let http = http(state).map_err(|e| e.to_string())?;
    let tokens = provider
        .client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|e| format!("it has no token endpoint ({e})"))?
        .set_pkce_verifier(PkceCodeVerifier::new(started.pkce_verifier))
        .request_async(http)
        .await
        .map_err(|e| format!("the code was not accepted ({e})"))?;
    let id_token = tokens.id_token().ok_or("it sent no ID token")?;
    let nonce = Nonce::new(started.nonce);
    let claims = id_token
        .claims(&provider.client.id_token_verifier(), &nonce)
        .map_err(|e| format!("its ID token was not valid ({e})"))?;
    let amr: Vec<String> = claims
        .auth_method_refs()
        .map(|v| v.iter().map(|a| a.as_str().to_owned()).collect())
        .unwrap_or_default();
    let name = |n: Option<&openidconnect::LocalizedClaim<openidconnect::EndUserName>>| {
        n.and_then(|n| n.get(None)).map(|n| n.as_str().to_owned())
    };
    let mut email = claims.email().map(|e| e.as_str().to_owned());
    let mut verified = claims.email_verified();
    let mut display_name = name(claims.name());
    if email.is_none() {
        let info: openidconnect::core::CoreUserInfoClaims = provider
            .client
            .user_info(tokens.access_token().clone(), Some(claims.subject().clone()))
            .map_err(|e| format!("it has no user info endpoint ({e})"))?
            .request_async(http)
            .await
            .map_err(|e| format!("its user info was not valid ({e})"))?;
        email = info.email().map(|e| e.as_str().to_owned());
        verified = info.email_verified();
        display_name = display_name.or_else(|| name(info.name()));
    }
    let email = email.unwrap_or_default();
    let vouched = Vouched {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        display_name: display_name.unwrap_or_else(|| email.clone()),
        email,
        email_verified: verified == Some(true),
    };
    Ok((vouched, asserts_mfa(&amr)))
}
