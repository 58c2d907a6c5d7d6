//! Pages about the service itself.

use crate::auth::MaybeSignedIn;
use crate::page::{PageContext, PageResult, render};
use askama::Template;

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    page: PageContext,
}

pub async fn accessibility(MaybeSignedIn(user): MaybeSignedIn) -> PageResult {
    Ok(render(&AccessibilityPage { page: PageContext::new(user.as_ref(), "/accessibility") })?)
}

#[derive(Template)]
#[template(path = "cookies.html")]
struct CookiesPage {
    page: PageContext,
}

pub async fn cookies(MaybeSignedIn(user): MaybeSignedIn) -> PageResult {
    Ok(render(&CookiesPage { page: PageContext::new(user.as_ref(), "/cookies") })?)
}

pub fn routes() -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new().route("/accessibility", get(accessibility)).route("/cookies", get(cookies))
}
