//! EHC needs assessments and plans (Code chapter 9): the steps of a case, each judged against
//! the case as it stands under its lock.

pub mod file;
mod steps;

pub use steps::{Step, record_as_system, take_step};
