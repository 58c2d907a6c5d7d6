//! Single sign-on through a council's, school's or health trust's own identity provider: when the
//! provider's word that someone used a second factor counts, and what a first sign-in does.

use crate::people::roles::Role;
use crate::policy::Membership;
use uuid::Uuid;

/// The `amr` values (RFC 8176) that show the provider checked more than a password: `mfa`
/// itself, which Microsoft Entra ID and most providers send, and the possession factors (a
/// one-time code, a hardware or software key, a smart card, a code by text or call), which
/// a provider names only when one was used. Biometrics and `pwd` alone are one factor.
pub const MFA_AMR: &[&str] = &["mfa", "otp", "hwk", "swk", "sc", "sms", "tel"];

/// Whether the ID token's `amr` asserts a second factor.
pub fn asserts_mfa(amr: &[String]) -> bool {
    amr.iter().any(|v| MFA_AMR.contains(&v.trim().to_ascii_lowercase().as_str()))
}

/// What a first sign-in from a provider does, for a person not yet linked to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstSignIn {
    /// Link them to this existing account and sign them in.
    Link(Uuid),
    /// Put them on the administrators' list to approve.
    AwaitApproval,
}

/// An existing account with the same email is linked only when the provider says it checked the
/// address and the account belongs to one of the organisations the provider signs in for; either
/// missing, the provider could be vouching for someone else, so an administrator decides.
pub fn first_sign_in(
    account: Option<(Uuid, &[Membership])>,
    email_verified: bool,
    provider_organisations: &[Uuid],
) -> FirstSignIn {
    let Some((user, memberships)) = account else { return FirstSignIn::AwaitApproval };
    let belongs = memberships
        .iter()
        .any(|m| m.organisation_id.is_some_and(|o| provider_organisations.contains(&o)));
    if email_verified && belongs { FirstSignIn::Link(user) } else { FirstSignIn::AwaitApproval }
}

/// The roles an administrator may give someone approved: staff roles, each held in one of the
/// provider's organisations. Families are linked to a child by the council, never approved here,
/// and an administrator's account is made by hand.
pub fn may_be_approved_as(role: Role) -> bool {
    !matches!(role, Role::Parent | Role::YoungPerson | Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amr(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn mfa_is_asserted_by_mfa_or_a_possession_factor() {
        assert!(asserts_mfa(&amr(&["pwd", "mfa"])));
        assert!(asserts_mfa(&amr(&["OTP"])));
        assert!(asserts_mfa(&amr(&["hwk", "user"])));
        assert!(!asserts_mfa(&amr(&["pwd"])));
        assert!(!asserts_mfa(&amr(&["fpt"])));
        assert!(!asserts_mfa(&[]));
    }

    #[test]
    fn only_staff_roles_are_given_on_approval() {
        assert!(may_be_approved_as(Role::LaCaseworker));
        assert!(may_be_approved_as(Role::SchoolStaff));
        assert!(!may_be_approved_as(Role::Parent));
        assert!(!may_be_approved_as(Role::Admin));
    }

    #[test]
    fn links_only_a_verified_email_of_the_providers_organisations() {
        let council = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        let user = Uuid::from_u128(9);
        let member =
            |org| vec![Membership { role: Role::LaCaseworker, organisation_id: Some(org) }];
        let ours = member(council);
        let theirs = member(other);
        let orgs = [council];
        assert_eq!(first_sign_in(Some((user, &ours)), true, &orgs), FirstSignIn::Link(user));
        assert_eq!(first_sign_in(Some((user, &ours)), false, &orgs), FirstSignIn::AwaitApproval);
        assert_eq!(first_sign_in(Some((user, &theirs)), true, &orgs), FirstSignIn::AwaitApproval);
        assert_eq!(first_sign_in(None, true, &orgs), FirstSignIn::AwaitApproval);
        let admin = [Membership { role: Role::Admin, organisation_id: None }];
        assert_eq!(first_sign_in(Some((user, &admin)), true, &orgs), FirstSignIn::AwaitApproval);
    }
}
