//! The web crate's one integration-test binary. Every test runs twice: on a fresh SQLite file and
//! on a fresh PostgreSQL database (`SENDCASE_TEST_PG_URL`, an admin URL; `scripts/test.sh` sets it).

mod access;
mod advice;
mod amendments;
mod anonymise;
mod api;
mod app;
mod authorisation;
mod bad_input;
mod caseload;
mod ceasing;
mod clock;
mod consultations;
mod disagreements;
mod documents;
mod early_years;
mod edits;
mod ehc;
mod family_invitations;
mod family_requests;
mod fixtures;
mod headers;
mod health;
mod home;
mod journeys;
mod lists;
mod local_offer;
mod local_offer_officers;
mod local_offer_oruk;
mod local_offer_search;
mod messages;
mod moves;
mod outbox;
mod pages;
mod password_reset;
mod placements;
mod plans;
mod reassessment;
mod register;
mod review_advice;
mod reviews;
mod school_documents;
mod second_factor;
mod sen_support;
mod sessions;
mod sign_in;
mod sso;
mod step_rules;
mod subject_access;
mod transfers;
mod two_servers;
mod young_person_rights;

pub use app::TestApp;

/// Declares each listed `async fn(TestApp)` as two tests, one per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::TestApp::sqlite().await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::TestApp::postgres().await).await
            }
        }
    )*};
}
