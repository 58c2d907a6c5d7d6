//! The life of a plan after it is issued (Code 9.166–9.210): the council's list of the plans in
//! force (its work tray of reviews and moves to come), each year group's moves to the next phase,
//! each plan's annual review, and the plan with its history for a council outside sendcase.

pub mod api;
mod export;
mod health;
mod list;
mod review;
pub mod review_advice;
pub mod review_api;
mod review_steps;
mod sen2;
mod transfers;

use crate::AppState;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans", get(list::plans))
        .route("/health", get(health::list))
        .route("/health/plans/{id}", get(health::show))
        .route("/plans/transfers", get(transfers::overview))
        .route("/plans/sen2", get(sen2::check))
        .route("/plans/transfers/{cohort}", get(transfers::cohort).post(transfers::plan_all))
        .route("/ehc-requests/{id}/review", get(review::show))
        .route("/ehc-requests/{id}/export", get(export::export))
        .route(
            "/ehc-requests/{id}/review/{step}",
            get(review_steps::form).post(review_steps::submit),
        )
}
