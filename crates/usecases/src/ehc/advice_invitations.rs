//! Advice asked of someone without an account (reg 6–8): the council names them and gives their
//! email address, and the step that asks for the advice also makes their professional's account,
//! whose invitation email sets its first password. The account reads only what it was asked
//! about, as any professional's does, and only until the advice is given.

use super::steps::{Judge, Step};
use crate::Refused;
use crate::family_invitations::{NewLink, Newcomer};
use jiff::Timestamp;
use jiff::civil::Date;
use sendcase_domain::ehc::records::AdviceKind;
use sendcase_domain::people::invitations::{
    advice_invitation_text, email_address_problem, invitee_name_problem,
};
use sendcase_domain::people::roles::Role;
use sendcase_store::LockedCase;
use uuid::Uuid;

/// Whom the council invites to give advice, as it typed them, with the invitation's link.
#[derive(Debug, Clone)]
pub struct AdviceInvitation {
    pub name: String,
    pub email: String,
    pub link: NewLink,
    pub now: Timestamp,
}

impl Judge<'_> {
    /// The request for advice that invites `invitation`'s newcomer, or why they cannot be.
    pub(super) async fn invited_adviser(
        &self,
        case: &LockedCase,
        invitation: AdviceInvitation,
        kind: AdviceKind,
        on: Date,
    ) -> Result<Step, Refused> {
        let AdviceInvitation { name, email, link, now } = invitation;
        let name = name.trim();
        if let Some(problem) = invitee_name_problem(name) {
            return Err(Refused::rule("name", problem));
        }
        if let Some(problem) = email_address_problem(&email) {
            return Err(Refused::rule("email", problem));
        }
        let email = email.trim().to_lowercase();
        if self.store.user_account_by_email(&email).await?.is_some() {
            return Err(Refused::rule(
                "email",
                "There is already an account with this email address: choose them from the list",
            ));
        }
        let relations = &case.child.relations;
        let council = self.store.organisation(relations.responsible_la).await?;
        let council = council.map(|o| o.name).ok_or(Refused::NotFound)?;
        let text = advice_invitation_text(&council, &case.child.child.given_name);
        let newcomer = Newcomer { email, name, role: Role::Professional };
        let account = link.account(newcomer, text, now);
        Ok(Step::RequestAdvice {
            professional_user_id: Uuid::now_v7(),
            kind,
            on,
            invited: Some(Box::new(account)),
        })
    }
}
