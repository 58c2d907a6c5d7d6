//! The web front of sendcase: GOV.UK-styled HTML pages and the JSON API under `/api/v1`.
//!
//! Handlers are thin: they parse input, ask [`sendcase_domain::policy`] whether the caller may act,
//! call the domain and the store, and render. Every read of a child's record and every change is
//! audited with the request id that also marks the request's log lines.

mod account;
mod api;
mod assets;
pub mod auth;
mod children;
mod deadlines;
mod ehc;
mod error;
mod home;
mod info;
mod local_offer;
mod messages;
mod page;
mod password_reset;
mod plans;
mod records;
mod schools;
mod security;
pub mod sso;
mod subject_access;

pub use error::{AppError, FieldError};
pub use records::today;

use axum::Router;
use axum::http::{HeaderName, Request};
use sendcase_domain::clock::calendar::Calendar;
use sendcase_store::Store;
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Settings that change how the app behaves, read once at start-up.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark cookies `Secure`: on whenever the service is reached over HTTPS.
    pub secure_cookies: bool,
    /// Send `Strict-Transport-Security`: on whenever the public URL is https.
    pub hsts: bool,
    /// Count sign-in guesses by the address a trusted reverse proxy puts last in
    /// `X-Forwarded-For`, rather than by the connection's peer (which is then the proxy).
    pub trust_forwarded_for: bool,
    /// How many sign-in attempts are allowed, and how they are slowed down.
    pub sign_in: sendcase_domain::sign_in::Limits,
    /// How long a session may sit idle, and last in all.
    pub sessions: sendcase_domain::sessions::Limits,
    /// What authenticator secrets are sealed with at rest, when the operator gave a key.
    pub authenticator_key: Option<sendcase_usecases::authenticator_key::AuthenticatorKey>,
    /// The bank holidays the statutory clock counts working days with.
    pub calendar: Arc<Calendar>,
    pub clock: Clock,
    /// The identity providers people may sign in through (none unless configured).
    pub sso: Arc<sso::providers::Providers>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            hsts: false,
            trust_forwarded_for: false,
            sign_in: Default::default(),
            sessions: Default::default(),
            authenticator_key: None,
            calendar: Arc::new(Calendar::england_and_wales().clone()),
            clock: Clock::default(),
            sso: Arc::default(),
        }
    }
}

/// The time now, as sign-in throttling, sessions and authenticator codes see it: the system's, or a test's that it moves on.
#[derive(Clone)]
pub struct Clock(pub Arc<dyn Fn() -> jiff::Timestamp + Send + Sync>);

impl Clock {
    pub fn now(&self) -> jiff::Timestamp {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock(Arc::new(jiff::Timestamp::now))
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

/// The largest request body the app reads.
pub(crate) const MAX_BODY: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub local_offer: Arc<local_offer::Directory>,
    pub credentials: Arc<auth::KeptCredentials>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, settings: Settings) -> Self {
        AppState {
            store,
            settings: Arc::new(settings),
            local_offer: Arc::default(),
            credentials: Arc::default(),
        }
    }
}

/// The whole application, ready to serve.
pub fn app(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(home::routes())
        .merge(account::routes())
        .merge(sso::routes())
        .merge(info::routes())
        .merge(children::routes())
        .merge(deadlines::routes())
        .merge(ehc::routes())
        .merge(plans::routes())
        .merge(schools::routes())
        .merge(local_offer::routes())
        .merge(messages::routes())
        .merge(password_reset::routes())
        .merge(security::routes())
        .merge(subject_access::routes())
        .nest("/api/v1", api::routes())
        .merge(assets::routes())
        .route("/healthz", axum::routing::get(healthz))
        .fallback(page::not_found)
        // Inside the session layer, so the check knows whose session a form belongs to.
        .layer(axum::middleware::from_fn(page::input::refuse_unstorable_text))
        .layer(axum::middleware::from_fn(auth::csrf::require_token))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::resolve_session))
        .layer(axum::middleware::from_fn_with_state(state.clone(), page::security_headers))
        // The most any request may send: the layers inside read a signed-in person's form with
        // files up to this and everything else up to `MAX_BODY`.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(page::uploads::MAX_UPLOAD_BODY))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", request.id = %id, http.method = %req.method(), http.path = %req.uri().path())
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// For load balancers and orchestration: 200 when the database answers, 503 when it does not.
async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let backend = match state.store.backend() {
        sendcase_store::Backend::Sqlite => "sqlite",
        sendcase_store::Backend::Postgres => "postgres",
    };
    match state.store.ping().await {
        Ok(()) => {
            axum::Json(serde_json::json!({"status": "ok", "database": backend})).into_response()
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "health check failed: {e}");
            let body = serde_json::json!({"status": "unavailable", "database": backend});
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response()
        }
    }
}
