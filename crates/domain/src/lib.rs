//! The rules of the SEND Code of Practice (England, 0–25) as pure functions and types, grouped as
//! the Code is: the Local Offer (chapter 4), early years (chapter 5), schools (chapter 6) and EHC
//! needs assessments and plans (chapter 9), with the statutory clock that keeps their deadlines,
//! the people they concern and the access policy shared by all of them.
//!
//! Nothing here performs I/O: storage, HTTP and the command line call in, never the other way.

pub mod anonymise;
pub mod clock;
pub mod csv_lines;
pub mod documents;
pub mod early_years;
pub mod edits;
pub mod ehc;
pub mod input_limits;
pub mod local_offer;
pub mod messages;
pub mod needs;
pub mod password_reset;
pub mod people;
pub mod policy;
pub mod retention;
pub mod schools;
pub mod second_factor;
pub mod sessions;
pub mod sign_in;
pub mod single_sign_on;
