//! The rules of the SEND Code of Practice (England, 0–25) as pure functions and types.
//!
//! Nothing here performs I/O: storage, HTTP and the command line call in, never the other way.

pub mod calendar;
pub mod clock;
pub mod ehc;
pub mod identifiers;
pub mod policy;
pub mod roles;
pub mod school_age;
pub mod timeliness;
