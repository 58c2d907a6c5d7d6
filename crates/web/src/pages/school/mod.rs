//! What a school keeps under the Code's chapter 6, and an early years setting under chapter 5:
//! the SEN register, each pupil's page with the graduated approach, the provision map, requests
//! to the council, the one-page profile, the progress check at age two, the statutory tasks from
//! every council, and the public SEN information report.

pub mod early_years;
pub mod information_report;
pub mod profile;
pub mod provision_map;
pub mod pupil;
pub mod register;
pub mod register_entry;
pub mod request_pack;
pub mod school_tasks;
pub mod support;
