//! Random secrets (session ids, CSRF and API tokens) and bearer-token authentication.

use super::CurrentUser;
use super::listings::KeptCaller;
use crate::AppState;
use crate::error::{ApiError, AppError};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

/// 256 random bits, hex-encoded.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Secrets are stored only as hashes, so a copy of the database cannot be used to sign in.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The caller of a JSON API route, from `Authorization: Bearer <token>`.
pub struct ApiCaller(pub CurrentUser);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthenticated)?;
        if let Some(KeptCaller(user)) = parts.extensions.get::<KeptCaller>() {
            return Ok(ApiCaller(user.clone()));
        }
        let (hash, now) = (hash_secret(token.trim()), jiff::Timestamp::now());
        let account =
            state.store.api_token_account(&hash, now).await?.ok_or(AppError::Unauthenticated)?;
        state.credentials.tokens.keep(&hash, account.clone(), now);
        Ok(ApiCaller(CurrentUser::from_account(account, String::new(), String::new())))
    }
}

/// A caller of a URL that serves both people and programs, such as a document's PDF: the
/// signed-in person, or else the bearer token's user (`api` is then true, and errors are JSON).
/// Anyone else is sent to sign in.
pub struct PageOrApiCaller {
    pub user: CurrentUser,
    pub api: bool,
}

impl FromRequestParts<AppState> for PageOrApiCaller {
    type Rejection = axum::response::Response;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        if let Some(user) = parts.extensions.get::<Option<CurrentUser>>().cloned().flatten() {
            return Ok(PageOrApiCaller { user, api: false });
        }
        if !parts.headers.contains_key(axum::http::header::AUTHORIZATION) {
            return Err(axum::response::Redirect::to("/sign-in").into_response());
        }
        match ApiCaller::from_request_parts(parts, state).await {
            Ok(ApiCaller(user)) => Ok(PageOrApiCaller { user, api: true }),
            Err(e) => Err(e.into_response()),
        }
    }
}
