//! The life of a plan after it is issued (Code 9.166–9.210). For now the council's list of the
//! plans in force: its work tray of reviews and moves to come.

mod list;

use crate::AppState;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/plans", get(list::plans))
}
