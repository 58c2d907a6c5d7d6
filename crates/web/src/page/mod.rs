//! What every server-rendered page shares: the layout's context (who is signed in, the
//! navigation, errors), rendering, error pages, security headers, form fields and how duties read.

pub mod duties;
pub mod forms;
pub mod input;
pub mod lists;
pub mod pdf;
pub mod uploads;

use crate::auth::CurrentUser;
use crate::error::{AppError, FieldError};
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sendcase_domain::policy;

/// What every page's layout needs: who is signed in and where they can go.
pub struct PageContext {
    pub user: Option<UserBanner>,
    pub csrf_token: String,
    pub nav: Vec<NavItem>,
    pub errors: Vec<FieldError>,
}

pub struct UserBanner {
    pub name: String,
    pub role: String,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
    /// How many new things wait there (the unread messages), shown beside the label.
    pub count: Option<i64>,
}

impl PageContext {
    pub fn new(user: Option<&CurrentUser>, path: &str) -> Self {
        let mut links: Vec<(&'static str, &'static str)> =
            vec![("/", "Home"), ("/deadlines", "Check deadlines"), ("/local-offer", "Local Offer")];
        if let Some(u) = user {
            if policy::may_hold_children(&u.actor) {
                links.push(("/children", "Children"));
                links.push(("/caseload", "EHC requests"));
            }
            if !policy::register_schools(&u.actor).is_empty() {
                links.push(("/sen-register", "SEN register"));
                links.push(("/pupils", "Pupils"));
                links.push(("/school-tasks", "Statutory tasks"));
            }
            if policy::may_answer_advice(&u.actor) {
                links.push(("/advice", "Advice requests"));
            }
            if !policy::designated_for(&u.actor).is_empty() {
                links.push(("/health", "Health in plans"));
            }
            if !policy::councils_of(&u.actor).is_empty() {
                links.push(("/plans", "Plans"));
                links.push(("/timeliness", "Timeliness"));
            }
            if !policy::subject_access_councils(&u.actor).is_empty() {
                links.push(("/subject-access", "Subject access"));
            }
            if policy::may_view_directory(&u.actor) {
                links.push(("/organisations", "Organisations"));
            }
            if policy::may_manage_users(&u.actor) {
                links.push(("/users", "Users"));
            }
            links.push(("/inbox", "Messages"));
        }
        let nav = links
            .into_iter()
            .map(|(href, label)| NavItem {
                href,
                label,
                current: path == href || (href != "/" && path.starts_with(href)),
                count: user.filter(|u| href == "/inbox" && u.unread > 0).map(|u| u.unread),
            })
            .collect();
        PageContext {
            user: user.map(|u| UserBanner {
                name: u.account.user.display_name.clone(),
                role: u.primary_role().map(|r| r.label()).unwrap_or("No role").to_owned(),
            }),
            csrf_token: user.map(|u| u.csrf_token.clone()).unwrap_or_default(),
            nav,
            errors: vec![],
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// The message for one field, shown beside it by the `field_error` markup.
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

pub fn render<T: Template>(t: &T) -> Result<Response, AppError> {
    Ok(Html(t.render()?).into_response())
}

/// A page handler's error, shown as a GOV.UK error page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.into_html()
    }
}

pub type PageResult = Result<Response, PageError>;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: PageContext,
    title: String,
    message: String,
    status: u16,
}

impl AppError {
    pub fn into_html(self) -> Response {
        if matches!(self, AppError::Unauthenticated) {
            return Redirect::to("/sign-in").into_response();
        }
        if let AppError::Internal(cause) = &self {
            tracing::error!(error.cause = %cause, "page failed: {cause}");
        }
        let status = self.status();
        let title = match self {
            AppError::NotFound => "Page not found",
            AppError::Forbidden => "You do not have permission to see this page",
            AppError::Internal(_) => "Sorry, there is a problem with the service",
            AppError::TooManyRequests(_) => "Too many attempts",
            _ => "There is a problem",
        };
        let page = ErrorPage {
            page: PageContext::new(None, ""),
            title: title.to_owned(),
            message: self.public_message(),
            status: status.as_u16(),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, title).into_response(),
        }
    }
}

pub async fn not_found() -> Response {
    AppError::NotFound.into_html()
}

/// Headers every response carries: no framing, no sniffing, scripts only from this origin; not
/// stored by browsers or proxies; and, when the service is public over https, HTTPS only.
pub async fn security_headers(
    State(state): State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // Any page may hold personal data (the layout names who is signed in, forms echo what was
    // typed, the API returns records), so nothing is stored unless its handler said it may be:
    // only the static assets do. Safe by default beats a list of pages to remember.
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.settings.hsts {
        // The host only: a council's other sites under the same domain may not be on https yet.
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::CONTENT_SECURITY_POLICY, content_security_policy(&state));
    res
}

/// The one inline script is GOV.UK Frontend's body-class snippet, allowed by its hash. It ends
/// with `form-action`, so that the identity providers' origins can follow: a browser applies
/// `form-action` to a form's redirects too, and single sign-on's button redirects to them.
const CSP: &str = "default-src 'self'; script-src 'self' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; form-action 'self'";

fn content_security_policy(state: &crate::AppState) -> HeaderValue {
    let origins = &state.settings.sso.form_action;
    if origins.is_empty() {
        return HeaderValue::from_static(CSP);
    }
    HeaderValue::from_str(&format!("{CSP} {origins}")).unwrap_or(HeaderValue::from_static(CSP))
}

/// The version of a record a form was opened on, carried in its action (`?version=N`), so a save
/// made from an older version than the newest is merged or refused instead of silently
/// replacing someone else's.
#[derive(serde::Deserialize)]
pub struct OpenedOn {
    pub version: Option<i32>,
}
