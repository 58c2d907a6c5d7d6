//! EHC needs assessments and plans (Code chapter 9; SEND Regulations 2014 Part 2): the request,
//! what is recorded at each statutory step, the plan itself, the letters the LA must send and
//! the timeliness figure the DfE publishes. The deadlines themselves are the [`crate::clock`]'s.

pub mod attachments;
pub mod ceasing;
pub mod disagreements;
pub mod family_work;
pub mod letters;
pub mod moves;
pub mod open_steps;
pub mod phase_transfer;
pub mod placements;
pub mod plan;
pub mod reassessment;
pub mod records;
pub mod requests;
pub mod review_advice;
pub mod reviews;
pub mod step_rules;
pub mod timeliness;

pub use requests::RequestSource;
