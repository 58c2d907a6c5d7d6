//! Who is calling: sessions for pages, bearer tokens for the API, and the request id that ties
//! log lines and audit entries together.

mod client;
pub mod csrf;
mod kept;
mod listings;
mod passwords;
mod session;
mod tokens;

pub use client::ClientAddr;
pub use kept::KeptCredentials;
pub use passwords::{hash_password, verify_password};
pub use sendcase_store::Stage;
pub use session::{resolve_session, session_cookie_expired, sign_in_session};
pub use tokens::{ApiCaller, PageOrApiCaller, hash_secret, new_secret};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::{Actor, Decision};
use sendcase_store::{AuditMeta, Unconfirmed, UserAccount};

/// A signed-in person, resolved from their session cookie by [`resolve_session`].
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub account: UserAccount,
    pub actor: Actor,
    pub csrf_token: String,
    pub session_hash: String,
    /// How many of their messages are unread, for the navigation of every page.
    pub unread: i64,
}

impl CurrentUser {
    pub fn from_account(account: UserAccount, csrf_token: String, session_hash: String) -> Self {
        let actor = Actor { user_id: account.user.id, memberships: account.memberships.clone() };
        CurrentUser { account, actor, csrf_token, session_hash, unread: 0 }
    }

    pub fn primary_role(&self) -> Option<Role> {
        self.actor.primary_role()
    }
}

/// The id set on every request by the request-id layer, and the credential the request acts
/// on as last read, if it does (its audited reads confirm it).
#[derive(Debug, Clone)]
pub struct RequestId(pub String, Option<Unconfirmed>);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let id = parts.headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
        Ok(RequestId(id.to_owned(), parts.extensions.get::<Unconfirmed>().cloned()))
    }
}

/// `user` acting today within HTTP request `rid`, as the use cases take them.
pub fn acting<'a>(
    state: &'a crate::AppState,
    user: &'a CurrentUser,
    rid: &'a RequestId,
) -> sendcase_usecases::Acting<'a> {
    sendcase_usecases::Acting {
        store: state.store.as_ref(),
        calendar: &state.settings.calendar,
        actor: &user.actor,
        request_id: &rid.0,
        today: crate::records::today(),
    }
}

impl RequestId {
    /// The audit record of an action by `actor` in the role the policy granted.
    pub fn audit(&self, actor: &Actor, decision: Option<Decision>) -> AuditMeta {
        let meta = AuditMeta::acting(actor, decision.and_then(|d| d.allowed().ok()), &self.0);
        AuditMeta { credential: self.1.clone(), ..meta }
    }
}

/// A page that needs a signed-in user; anyone else is sent to sign in.
pub struct SignedIn(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Option<CurrentUser>>().cloned().flatten() {
            Some(user) => Ok(SignedIn(user)),
            None => Err(Redirect::to("/sign-in").into_response()),
        }
    }
}

/// Someone whose password was right, with their second step still to take: they may reach only
/// that step (and signing out).
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    pub user: CurrentUser,
    pub stage: Stage,
}

impl PendingSignIn {
    /// Where this person's sign-in carries on.
    pub fn next_step(&self) -> &'static str {
        match self.stage {
            Stage::Enrol => "/account/two-step/set-up",
            _ => "/sign-in/code",
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PendingSignIn {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Option<PendingSignIn>>().cloned().flatten() {
            Some(pending) => Ok(pending),
            None => Err(Redirect::to("/sign-in").into_response()),
        }
    }
}

/// A session waiting for its second step, if the request has one.
pub struct MaybePending(pub Option<PendingSignIn>);

impl<S: Send + Sync> FromRequestParts<S> for MaybePending {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybePending(parts.extensions.get::<Option<PendingSignIn>>().cloned().flatten()))
    }
}

/// Anyone with a session, whether or not their second step is done: for signing out.
pub struct AnySession(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for AnySession {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        if let Some(pending) = parts.extensions.get::<Option<PendingSignIn>>().cloned().flatten() {
            return Ok(AnySession(pending.user));
        }
        SignedIn::from_request_parts(parts, s).await.map(|SignedIn(user)| AnySession(user))
    }
}

/// A page anyone may see, signed in or not.
pub struct MaybeSignedIn(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSignedIn {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeSignedIn(parts.extensions.get::<Option<CurrentUser>>().cloned().flatten()))
    }
}
