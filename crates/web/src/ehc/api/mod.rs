//! EHC needs assessment requests in the JSON API: creating children and requests, recording
//! dated events, reading duties and the caseload.

pub mod events;
pub mod plan;
pub mod requests;
