//! A forgotten password, reset by email. Asking is throttled on the sign-in counters and answered
//! the same way whether or not the address has an account; the link's secret is stored only as
//! a hash, works once within its hour, and using it ends every session of the account.

use jiff::{SignedDuration, Timestamp};
use sendcase_domain::password_reset::{LINK_LIFETIME, refused};
use sendcase_domain::sign_in::{Count, Limits};
use sendcase_store::{AuditMeta, NewPasswordReset, Store, StoreError};
use sha2::{Digest, Sha256};

/// Someone asking for a reset link for `email` from `client`; `secret` is the new link's secret
/// (random, from the caller) and `token_hash` its hash.
pub struct Asking<'a> {
    pub store: &'a dyn Store,
    pub limits: &'a Limits,
    pub email: &'a str,
    pub client: &'a str,
    pub secret: &'a str,
    pub token_hash: String,
    pub now: Timestamp,
    pub request_id: &'a str,
}

/// Sends the link if the address has an account in use, unless the asking is refused (then the
/// time to wait). Whether there was an account is never said.
pub async fn ask(a: Asking<'_>) -> Result<Option<SignedDuration>, StoreError> {
    let email = a.email.trim().to_lowercase();
    let hash = |s: String| hex::encode(Sha256::digest(s.as_bytes()));
    let keys =
        [hash(format!("reset-account\0{email}")), hash(format!("reset-client\0{}", a.client))];
    let counted = a.store.count_sign_in_attempt(&keys, a.now, a.limits.window).await?;
    let counts: Vec<Count> = counted
        .into_iter()
        .map(|(attempts, window_start)| Count { attempts, window_start })
        .collect();
    let [address, client]: [Count; 2] = counts
        .try_into()
        .map_err(|_| StoreError::Corrupt("a reset counter was not counted".into()))?;
    let audit = AuditMeta::system(a.request_id);
    if let Some(wait) = refused(a.limits, &address, &client, a.now) {
        tracing::warn!(client = a.client, "password reset refused: asked too often");
        a.store.record_access(&audit, "password_reset_throttled", "user", None).await?;
        return Ok(Some(wait));
    }
    match a.store.user_account_by_email(&email).await? {
        Some(account) if !account.disabled => {
            let new = NewPasswordReset {
                user_id: account.user.id,
                token_hash: a.token_hash,
                expires: a.now + LINK_LIFETIME,
                link: format!("/reset-password/{}", a.secret),
            };
            a.store.create_password_reset(new, &audit).await?;
        }
        _ => tracing::info!("password reset asked for an address with no account in use"),
    }
    Ok(None)
}

/// Sets a new password with the link whose secret hashes to `token_hash`, ending the account's
/// sessions; false if the link does not work (unknown, used or expired).
pub async fn reset(
    store: &dyn Store,
    token_hash: &str,
    password_hash: &str,
    now: Timestamp,
    request_id: &str,
) -> Result<bool, StoreError> {
    let meta = AuditMeta::system(request_id);
    Ok(store.reset_password(token_hash, password_hash, now, &meta).await?.is_some())
}
