//! Children's records: the list a user may see and one child's record, as pages and in the API.

pub mod api;
mod decision_form;
mod invite;
pub mod pages;
mod request;
mod who_can_see;

pub(crate) use invite::new_link;

use crate::AppState;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children", get(pages::list))
        .route("/children/{id}", get(pages::show))
        .route("/children/{id}/request-assessment", get(request::form).post(request::submit))
        .route("/children/{id}/family/invite", get(invite::form).post(invite::submit))
        .route(
            "/children/{id}/who-can-see",
            get(who_can_see::show).post(who_can_see::decide_parent),
        )
        .route(
            "/children/{id}/who-can-see/record",
            get(decision_form::record_page).post(decision_form::record_submit),
        )
}
