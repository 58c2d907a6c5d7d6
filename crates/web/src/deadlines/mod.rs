//! The statutory clock for anyone: the public deadlines calculator, and the API that computes a
//! case history's duties.

pub mod api;
mod page;

use crate::AppState;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/deadlines", get(page::deadlines))
}
