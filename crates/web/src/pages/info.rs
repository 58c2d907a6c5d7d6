//! Pages about the service itself.

use super::{PageContext, PageResult, render};
use crate::auth::MaybeSignedIn;
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
