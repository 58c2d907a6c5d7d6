//! One home per use case. Each write the Code constrains is one function here: it takes who is
//! acting, asks the policy, checks the Code's rules against what is stored and writes, all in one
//! transaction, so two people acting at once cannot both pass a rule only one of them may.
//! HTML pages and the JSON API parse their input into these functions' arguments and render
//! what they return; neither decides access or applies a rule itself.

pub mod accounts;
pub mod authenticator_key;
pub mod children;
pub mod documents;
pub mod ehc;
pub mod family_invitations;
pub mod health;
pub mod local_offer;
pub mod messages;
pub mod password_reset;
mod refused;
pub mod retention;
pub mod schools;
pub mod second_factor;
pub mod sessions;
pub mod sign_in;
pub mod single_sign_on;
pub mod subject_access;
mod versioned;
pub mod young_person_rights;

pub use refused::Refused;

use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::Actor;
use sendcase_store::{AuditMeta, Store};

/// Who is acting, on which day, in which request, against which store and calendar.
#[derive(Clone, Copy)]
pub struct Acting<'a> {
    pub store: &'a dyn Store,
    pub calendar: &'a Calendar,
    pub actor: &'a Actor,
    /// The id of the HTTP request or command, carried into the audit log.
    pub request_id: &'a str,
    pub today: Date,
}

impl Acting<'_> {
    /// The audit entry's who and as-what for a change made in `role`.
    pub fn audit(&self, role: Option<Role>) -> AuditMeta {
        AuditMeta::acting(self.actor, role, self.request_id)
    }
}
