//! The rules of the SEND Code of Practice (England, 0–25) as pure functions and types.
//!
//! Nothing here performs I/O: storage, HTTP and the command line call in, never the other way.

pub mod calendar;
pub mod case_records;
pub mod clock;
pub mod early_years;
pub mod ehc;
pub mod identifiers;
pub mod information_report;
pub mod letters;
pub mod plan;
pub mod local_offer;
pub mod needs;
pub mod one_page_profile;
pub mod policy;
pub mod roles;
pub mod school_age;
pub mod sen_register;
pub mod school_tasks;
pub mod sen_support;
pub mod graduated_approach;
pub mod provision_map;
pub mod request_pack;
pub mod timeliness;
