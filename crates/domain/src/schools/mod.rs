//! SEN support in schools (Code chapter 6): the settings themselves, loaded from GIAS, the SEN
//! register the census reads, the graduated approach, provision maps, working with parents, the
//! one-page profile, the SEN information report, a school's request for an EHC needs assessment
//! and its part in the council's cases.

pub mod ctf;
pub mod gias;
pub mod graduated_approach;
pub mod information_report;
pub mod leavers;
pub mod one_page_profile;
pub mod parents;
pub mod provision_map;
pub mod register;
pub mod request_pack;
pub mod tasks;
pub mod year_group;
