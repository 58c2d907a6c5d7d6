//! Who the Code is about and who acts under it (Code introduction, "definitions"; chapter 8 on
//! young people): children's and settings' identifiers, the roles people hold, and the ages and
//! school years that decide when a child becomes a young person.

pub mod birth;
pub mod identifiers;
pub mod invitations;
pub mod roles;
pub mod same_child;
pub mod school_age;
pub mod search;
pub mod young_person_rights;
