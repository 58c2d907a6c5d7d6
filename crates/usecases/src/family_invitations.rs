//! The council links a parent or carer, or the young person, to a child's record. Someone with
//! an account is linked and told; someone new gets an account with an invitation email, whose
//! link sets their first password. A staff account is never linked as family: one person's
//! work and family roles stay in separate accounts, so neither reaches the other's records.

use crate::{Acting, Refused};
use jiff::Timestamp;
use sendcase_domain::people::invitations::{
    Invitee, LINK_LIFETIME, email_address_problem, invitation_text, invitee_name_problem,
    invitee_problem, linked_text,
};
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::{ChildAction, Membership, decide_child};
use sendcase_store::{
    FamilyRelationship, InvitationLink, Invited, NewAccount, NewMessage, NewUser,
};
use uuid::Uuid;

/// Who the council links, as it typed them.
pub struct Invitation<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub invitee: Invitee,
}

/// What a new account's invitation is made with, by the caller: the link's secret and its
/// hash, and a password hash no one knows (the account cannot be signed in to until its
/// first password is set).
#[derive(Debug, Clone)]
pub struct NewLink {
    pub secret: String,
    pub token_hash: String,
    pub unusable_password_hash: String,
}

/// Whom a new account is for, and the one role it holds.
pub(crate) struct Newcomer<'a> {
    pub email: String,
    pub name: &'a str,
    pub role: Role,
}

impl NewLink {
    /// The account for `newcomer`, with this link, which works for [`LINK_LIFETIME`] from
    /// `now`, and `text`, what its invitation email says.
    pub(crate) fn account(
        self,
        newcomer: Newcomer<'_>,
        text: String,
        now: Timestamp,
    ) -> NewAccount {
        NewAccount {
            user: NewUser {
                email: newcomer.email,
                display_name: newcomer.name.to_owned(),
                password_hash: self.unusable_password_hash,
                memberships: vec![Membership { role: newcomer.role, organisation_id: None }],
            },
            invitation: InvitationLink {
                token_hash: self.token_hash,
                expires: now + LINK_LIFETIME,
                link: format!("/invitation/{}", self.secret),
                text,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linked {
    /// A new account, sent its invitation.
    Invited,
    /// An account already in use, told it was linked.
    Existing,
}

pub async fn invite(
    acting: Acting<'_>,
    child: Uuid,
    invitation: Invitation<'_>,
    link: NewLink,
    now: Timestamp,
) -> Result<Linked, Refused> {
    let record = acting.store.child(child, acting.today).await?.ok_or(Refused::NotFound)?;
    let relations = &record.relations;
    let role =
        decide_child(acting.actor, ChildAction::InviteFamily, relations, acting.today).allowed()?;
    let name = invitation.name.trim();
    if let Some(problem) = invitee_name_problem(name) {
        return Err(Refused::rule("name", problem));
    }
    if let Some(problem) = email_address_problem(invitation.email) {
        return Err(Refused::rule("email", problem));
    }
    let invitee = invitation.invitee;
    let own = relations.own_account.is_some();
    if let Some(problem) = invitee_problem(invitee, relations.birth_date, acting.today, own) {
        return Err(Refused::rule("invitee", problem));
    }
    let council = acting.store.organisation(relations.responsible_la).await?;
    let council = council.map(|o| o.name).ok_or(Refused::NotFound)?;
    let first_name = &record.child.given_name;
    let (family_role, relationship) = match invitee {
        Invitee::ParentOrCarer => (Role::Parent, FamilyRelationship::ParentOrCarer),
        Invitee::YoungPerson => (Role::YoungPerson, FamilyRelationship::OwnAccount),
    };
    let email = invitation.email.trim().to_lowercase();
    let invited = match acting.store.user_account_by_email(&email).await? {
        Some(account) => {
            let id = account.user.id;
            let family = |r: Role| matches!(r, Role::Parent | Role::YoungPerson);
            if account.memberships.iter().any(|m| !family(m.role)) {
                return Err(Refused::rule(
                    "email",
                    "This email address belongs to a staff account. Ask them for the address \
                     they use at home",
                ));
            }
            if account.memberships.iter().any(|m| m.role != family_role) {
                return Err(Refused::rule(
                    "email",
                    "This email address belongs to another member of the family's account. \
                     Each person needs their own address",
                ));
            }
            if account.disabled {
                return Err(Refused::rule(
                    "email",
                    "The account with this email address is disabled",
                ));
            }
            if relations.parents.contains(&id) || relations.own_account == Some(id) {
                return Err(Refused::rule("email", "They are already linked to this record"));
            }
            let message = NewMessage {
                user_id: id,
                kind: "family_linked",
                body: linked_text(&council, first_name, invitee),
                link: format!("/children/{child}"),
                once_key: None,
            };
            Invited::Existing { user_id: id, message }
        }
        None => {
            let text = invitation_text(&council, first_name, invitee);
            Invited::New(link.account(Newcomer { email, name, role: family_role }, text, now))
        }
    };
    let linked = match invited {
        Invited::Existing { .. } => Linked::Existing,
        Invited::New(_) => Linked::Invited,
    };
    acting.store.link_invited(child, relationship, invited, &acting.audit(Some(role))).await?;
    Ok(linked)
}
