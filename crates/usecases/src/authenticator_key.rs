//! Authenticator secrets sealed at rest. A TOTP secret must be read in the clear to check a
//! code, so it cannot be hashed as passwords and recovery codes are; with a key kept outside
//! the database, each is sealed (AES-256-GCM) instead, so a copy of the database or a backup
//! does not hand over anyone's second step. The user's id is sealed in with it, so a secret
//! copied onto another account's row does not open.
//!
//! Without a key, secrets are stored as they were before this existed (base32), and `serve`
//! says so at start-up; once a key is given, [`seal_stored`] seals those.

use crate::Refused;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use sendcase_store::{AuditMeta, Store};
use uuid::Uuid;

/// What a sealed secret starts with; a base32 secret never has a colon.
const SEALED: &str = "sealed:v1:";

/// The key authenticator secrets are sealed with. Never stored in the database, never printed.
#[derive(Clone)]
pub struct AuthenticatorKey([u8; 32]);

impl AuthenticatorKey {
    /// A key from at least 32 bytes of secret material (for example 32 random bytes in
    /// base64). The sealing key is derived from it with HMAC-SHA256, so the material may be
    /// text of any length.
    pub fn new(material: &[u8]) -> Result<Self, String> {
        if material.len() < 32 {
            let len = material.len();
            return Err(format!("the authenticator key must be at least 32 bytes (it is {len})"));
        }
        let derived = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, material),
            b"sendcase authenticator secrets v1",
        );
        let mut key = [0; 32];
        key.copy_from_slice(derived.as_ref());
        Ok(AuthenticatorKey(key))
    }

    fn aead(&self) -> LessSafeKey {
        LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.0).expect("AES-256 takes 32 bytes"))
    }

    /// `secret` sealed for `user`, as stored.
    pub fn seal(&self, user: Uuid, secret: &str) -> String {
        let mut nonce = [0; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).expect("the system's random source works");
        let mut sealed = secret.as_bytes().to_vec();
        self.aead()
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(user.as_bytes()),
                &mut sealed,
            )
            .expect("a secret is far shorter than AES-GCM's limit");
        format!("{SEALED}{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// The secret `stored` for `user`, if it was sealed for them with this key.
    fn open(&self, user: Uuid, stored: &str) -> Option<String> {
        let bytes = hex::decode(stored.strip_prefix(SEALED)?).ok()?;
        let (nonce, sealed) = bytes.split_at_checked(NONCE_LEN)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut sealed = sealed.to_vec();
        let plain =
            self.aead().open_in_place(nonce, Aad::from(user.as_bytes()), &mut sealed).ok()?;
        String::from_utf8(plain.to_vec()).ok()
    }
}

impl std::fmt::Debug for AuthenticatorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthenticatorKey(***)")
    }
}

/// `secret` as it is to be stored for `user`: sealed when there is a key.
pub(crate) fn to_store(key: Option<&AuthenticatorKey>, user: Uuid, secret: &str) -> String {
    key.map_or_else(|| secret.to_owned(), |k| k.seal(user, secret))
}

/// The secret from what is stored for `user`. One sealed without a key to open it, or with
/// another key, is the operator's mistake, not the person's: it is said as such.
pub(crate) fn from_store(
    key: Option<&AuthenticatorKey>,
    user: Uuid,
    stored: String,
) -> Result<String, Refused> {
    if !stored.starts_with(SEALED) {
        return Ok(stored);
    }
    let Some(key) = key else {
        return Err(Refused::NotSetUp(
            "authenticator secrets are sealed, and no authenticator key was given".into(),
        ));
    };
    key.open(user, &stored).ok_or_else(|| {
        Refused::NotSetUp(format!("the authenticator secret of user {user} does not open"))
    })
}

/// Makes the stored secrets agree with the key given, at start-up: with a key, every secret
/// stored in the clear is sealed (how many is returned) and every sealed one must open; without
/// one, none may be sealed. A mismatch is refused, naming what to give.
pub async fn seal_stored(
    store: &dyn Store,
    key: Option<&AuthenticatorKey>,
    request_id: &str,
) -> Result<u64, Refused> {
    let stored = store.authenticator_secrets().await?;
    let mut to_seal = vec![];
    for (user, secret) in stored {
        let plain = from_store(key, user, secret.clone()).map_err(|_| {
            Refused::NotSetUp(match key {
                Some(_) => format!(
                    "the authenticator secret of user {user} was sealed with another key: give \
                     the authenticator key this database was set up with"
                ),
                None => "this database's authenticator secrets are sealed: give the \
                         authenticator key (SECURITY.md)"
                    .into(),
            })
        })?;
        if let Some(key) = key.filter(|_| plain == secret) {
            to_seal.push((user, secret, key.seal(user, &plain)));
        }
    }
    if to_seal.is_empty() {
        return Ok(0);
    }
    Ok(store.restore_authenticator_secrets(to_seal, &AuditMeta::system(request_id)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> AuthenticatorKey {
        AuthenticatorKey::new(&[byte; 32]).unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_for_its_user_with_its_key_only() {
        let (alice, bob) = (Uuid::now_v7(), Uuid::now_v7());
        let sealed = key(1).seal(alice, "JBSWY3DPEHPK3PXP");
        assert!(sealed.starts_with(SEALED) && !sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(key(1).open(alice, &sealed).as_deref(), Some("JBSWY3DPEHPK3PXP"));
        assert_eq!(key(1).open(bob, &sealed), None, "copied onto another account");
        assert_eq!(key(2).open(alice, &sealed), None, "another key");
        let mut tampered = sealed.clone();
        let last = if tampered.ends_with('0') { "1" } else { "0" };
        tampered.replace_range(tampered.len() - 1.., last);
        assert_eq!(key(1).open(alice, &tampered), None);
        assert_ne!(key(1).seal(alice, "JBSWY3DPEHPK3PXP"), sealed, "a fresh nonce each time");
    }

    #[test]
    fn a_key_is_at_least_32_bytes() {
        let err = AuthenticatorKey::new(b"short").unwrap_err();
        assert_eq!(err, "the authenticator key must be at least 32 bytes (it is 5)");
        assert_eq!(format!("{:?}", key(1)), "AuthenticatorKey(***)");
    }

    #[test]
    fn secrets_stored_before_a_key_still_read_and_sealed_ones_need_it() {
        let user = Uuid::now_v7();
        assert_eq!(from_store(None, user, "JBSWY3DP".into()).unwrap(), "JBSWY3DP");
        assert_eq!(from_store(Some(&key(1)), user, "JBSWY3DP".into()).unwrap(), "JBSWY3DP");
        let stored = to_store(Some(&key(1)), user, "JBSWY3DP");
        assert_eq!(from_store(Some(&key(1)), user, stored.clone()).unwrap(), "JBSWY3DP");
        assert!(matches!(from_store(None, user, stored.clone()), Err(Refused::NotSetUp(_))));
        assert!(matches!(from_store(Some(&key(2)), user, stored), Err(Refused::NotSetUp(_))));
        assert_eq!(to_store(None, user, "JBSWY3DP"), "JBSWY3DP");
    }
}
