//! What a school keeps under the Code's chapter 6, and an early years setting under chapter 5:
//! the SEN register, every pupil on roll, each pupil's page with the graduated approach, the provision map, requests
//! to the council, the one-page profile, the progress check at age two, the statutory tasks from
//! every council, and the public SEN information report.

pub mod early_years;
pub mod information_report;
pub mod leaving;
pub mod profile;
pub mod provision_map;
pub mod pupil;
pub mod pupils;
pub mod register;
pub mod register_entry;
pub mod request_pack;
pub mod school_tasks;
pub mod support;

use crate::AppState;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sen-register", get(register::own))
        .route("/school-tasks", get(school_tasks::tasks))
        .route("/pupils", get(pupils::own))
        .route("/schools/{school}/pupils", get(pupils::list))
        .route("/schools/{id}/sen-register", get(register::show))
        .route("/schools/{school}/pupils/{child}", get(pupil::show))
        .route("/schools/{school}/pupils/{child}/leaving", get(leaving::show).post(leaving::save))
        .route(
            "/schools/{school}/pupils/{child}/meetings",
            get(pupil::meeting).post(pupil::record_meeting),
        )
        .route("/schools/{school}/pupils/{child}/sen-notice", get(pupil::notice))
        .route(
            "/schools/{school}/pupils/{child}/register",
            get(register_entry::show).post(register_entry::save),
        )
        .route(
            "/schools/{school}/pupils/{child}/support/{step}",
            get(support::show).post(support::submit),
        )
        .route(
            "/schools/{school}/pupils/{child}/ehc-request",
            get(request_pack::show).post(request_pack::submit),
        )
        .route("/schools/{id}/provision-map", get(provision_map::show))
        .route(
            "/schools/{id}/provision-map/new",
            get(provision_map::new_form).post(provision_map::create),
        )
        .route(
            "/schools/{school}/provision-map/{id}",
            get(provision_map::intervention).post(provision_map::set_pupil),
        )
        .route("/schools/{school}/pupils/{child}/profile", get(profile::form).post(profile::save))
        .route("/schools/{school}/pupils/{child}/profile/print", get(profile::print))
        .route("/schools/{school}/pupils/{child}/profile.pdf", get(profile::print_pdf))
        .route(
            "/schools/{school}/pupils/{child}/progress-check",
            get(early_years::show).post(early_years::submit),
        )
        .route("/schools/{school}/pupils/{child}/progress-check/print", get(early_years::print))
        .route("/schools/{school}/pupils/{child}/progress-check.pdf", get(early_years::print_pdf))
        .route("/schools/{urn}/sen-information-report", get(information_report::public))
        .route(
            "/schools/{urn}/sen-information-report/edit",
            get(information_report::form).post(information_report::save),
        )
}
