//! Signing in through an identity provider, once the web layer has checked the provider's answer
//! (state, code, ID token and nonce): the person is found by the provider's issuer and subject,
//! linked on a first sign-in as `domain::single_sign_on::first_sign_in` decides, or put on the
//! administrators' list; and the administrator's approval or refusal of those waiting.

use crate::{Acting, Refused};
use jiff::Timestamp;
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::{Membership, may_manage_users};
use sendcase_domain::single_sign_on::{FirstSignIn, first_sign_in, may_be_approved_as};
use sendcase_store::{AuditMeta, NewUser, SsoPending, Store, StoreError, UserAccount};
use uuid::Uuid;

/// What the provider vouched for, from its verified ID token (and user info).
#[derive(Debug, Clone)]
pub struct Vouched {
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub email_verified: bool,
    pub display_name: String,
}

/// The provider signed in through: its id in URLs and the organisations it signs in for.
pub struct Provider<'a> {
    pub id: &'a str,
    pub organisations: &'a [Uuid],
}

#[derive(Debug)]
pub enum Outcome {
    SignedIn(Box<UserAccount>),
    /// Nobody matched: the person waits for an administrator.
    AwaitingApproval,
    /// The account linked to them was disabled by an administrator.
    Disabled,
}

pub async fn sign_in(
    store: &dyn Store,
    provider: Provider<'_>,
    vouched: Vouched,
    now: Timestamp,
    request_id: &str,
) -> Result<Outcome, StoreError> {
    if let Some(user) = store.sso_identity(&vouched.issuer, &vouched.subject).await? {
        let account = store.user_account(user).await?;
        let account = account.ok_or_else(|| StoreError::Corrupt("a linked account".into()))?;
        return signed_in(store, account, request_id).await;
    }
    let email = vouched.email.trim().to_lowercase();
    let found = if email.is_empty() { None } else { store.user_account_by_email(&email).await? };
    let account = found.as_ref().map(|a| (a.user.id, a.memberships.as_slice()));
    match first_sign_in(account, vouched.email_verified, provider.organisations) {
        FirstSignIn::Link(user) => {
            let meta = AuditMeta { actor_user_id: Some(user), ..AuditMeta::system(request_id) };
            store.link_sso_identity(&vouched.issuer, &vouched.subject, user, &meta).await?;
            let account = found.ok_or_else(|| StoreError::Corrupt("a linked account".into()))?;
            signed_in(store, account, request_id).await
        }
        FirstSignIn::AwaitApproval => {
            tracing::warn!(
                provider = provider.id,
                verified = vouched.email_verified,
                "single sign-on: nobody matched, waiting for an administrator"
            );
            let pending = SsoPending {
                id: Uuid::now_v7(),
                provider: provider.id.to_owned(),
                issuer: vouched.issuer,
                subject: vouched.subject,
                email,
                display_name: vouched.display_name,
                asked_micros: now.as_microsecond(),
            };
            store.ask_sso_approval(pending, &AuditMeta::system(request_id)).await?;
            Ok(Outcome::AwaitingApproval)
        }
    }
}

async fn signed_in(
    store: &dyn Store,
    account: UserAccount,
    request_id: &str,
) -> Result<Outcome, StoreError> {
    if account.disabled {
        let user = account.user.id.to_string();
        let meta = AuditMeta::system(request_id);
        store.record_access(&meta, "sso_sign_in_disabled", "user", Some(&user)).await?;
        return Ok(Outcome::Disabled);
    }
    Ok(Outcome::SignedIn(Box::new(account)))
}

/// Approves the person waiting as `id` with `role` in `organisation`, which must be one of those
/// their provider signs in for (`provider_organisations`, looked up by the caller from the
/// configuration). `unusable_password_hash` is a hash of a password nobody knows: they sign in
/// through their provider, or set a password with "Forgot your password?".
pub async fn approve(
    acting: Acting<'_>,
    id: Uuid,
    role: Role,
    organisation: Uuid,
    provider_organisations: &[Uuid],
    unusable_password_hash: String,
) -> Result<Uuid, Refused> {
    if !may_manage_users(acting.actor) {
        return Err(Refused::Forbidden);
    }
    let waiting = acting.store.sso_pending().await?;
    let pending = waiting.into_iter().find(|p| p.id == id).ok_or(Refused::NotFound)?;
    if !may_be_approved_as(role) {
        return Err(Refused::rule("role", "Choose a staff role"));
    }
    if !provider_organisations.contains(&organisation) {
        let msg = "Choose one of the organisations their identity provider signs in for";
        return Err(Refused::rule("organisation", msg));
    }
    let user = NewUser {
        email: pending.email,
        display_name: pending.display_name,
        password_hash: unusable_password_hash,
        memberships: vec![Membership { role, organisation_id: Some(organisation) }],
    };
    let approved = acting.store.approve_sso(id, user, &acting.audit(None)).await?;
    approved.ok_or(Refused::NotFound)
}

/// Refuses the person waiting as `id`; they may try again, and wait again.
pub async fn refuse(acting: Acting<'_>, id: Uuid) -> Result<(), Refused> {
    if !may_manage_users(acting.actor) {
        return Err(Refused::Forbidden);
    }
    if acting.store.refuse_sso(id, &acting.audit(None)).await? {
        Ok(())
    } else {
        Err(Refused::NotFound)
    }
}
