//! EHC needs assessments and plans (Code chapter 9): the steps of a case, each judged against
//! the case as it stands under its lock.

mod advice_invitations;
mod case_documents;
mod disagreements;
pub mod file;
pub mod placements;
mod plan_life;
mod reminders;
mod requests;
mod reviews;
mod steps;
mod tell;
mod transfers;

pub use advice_invitations::AdviceInvitation;
pub use case_documents::{FILES_FIELD, Upload, case_document};
pub use disagreements::DisagreementTaken;
pub use reminders::write_reminders;
pub use requests::{
    RequestedChild, family_request, record_request, request_pack_refusal, send_request_pack,
};
pub use reviews::{ReviewTaken, action_for as review_action};
pub use steps::{Judge, Step, record_as_system, take_step, take_system_step};
pub use transfers::{CohortPlanned, cohort_plans, cohort_progress, plan_cohort};
