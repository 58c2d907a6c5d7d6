//! The second step of signing in: setting up an authenticator app (TOTP, RFC 6238) with its
//! recovery codes, giving a code after the password, and turning it off where the policy allows.
//!
//! A code is accepted once: the store takes its time step only if it is later than the last one
//! taken. Wrong codes are counted on the sign-in counters, so guessing them is as slow as
//! guessing passwords.

use crate::Refused;
use crate::authenticator_key::{from_store, to_store};
use crate::sessions::{Checked, Here};
use crate::sign_in::{self, Outcome, Purpose};
use jiff::Timestamp;
use sendcase_domain::policy::must_use_second_factor;
use sendcase_domain::second_factor::{Given, RECOVERY_CODES, read, recovery_code};
use sendcase_store::{NewAuthenticator, Store, UserAccount};
use sha2::{Digest, Sha256};
use totp_rs::{Builder, Secret, Totp};

/// What a person needs to set up their app: the key to type in, and the `otpauth://` address a
/// QR code or a link hands over.
pub struct Setup {
    pub key: String,
    pub url: String,
}

fn authenticator(email: &str, secret: Option<&str>) -> Result<Totp, Refused> {
    let mut builder = Builder::new().with_issuer(Some("Sendcase")).with_account_name(email);
    if let Some(secret) = secret {
        let secret = Secret::try_from_base32(secret)
            .map_err(|_| Refused::rule("code", "The key of this authenticator is not valid"))?;
        builder = builder.with_secret(secret);
    }
    builder.build().map_err(|e| {
        Refused::rule("code", format!("This email address cannot name an authenticator: {e}"))
    })
}

/// A new key for the person with `email` (made at random; kept nowhere until a code proves the
/// app has it).
pub fn new_setup(email: &str) -> Result<Setup, Refused> {
    let totp = authenticator(email, None)?;
    let url = totp.to_url().map_err(|e| Refused::rule("code", e.to_string()))?;
    Ok(Setup { key: totp.secret().to_base32(), url })
}

/// The `otpauth://` address of the key `key` typed back from the set-up page.
pub fn setup_url(email: &str, key: &str) -> Result<String, Refused> {
    authenticator(email, Some(key))?.to_url().map_err(|e| Refused::rule("code", e.to_string()))
}

/// The time step of `code` for `key` at `now`, if it is right (one step either side is allowed
/// for a clock that is a little out).
fn step_of(email: &str, key: &str, code: &str, now: Timestamp) -> Result<Option<u64>, Refused> {
    let seconds = u64::try_from(now.as_second()).unwrap_or(0);
    Ok(authenticator(email, Some(key))?.check(code, seconds))
}

/// The person's authenticator secret, opened, if they have one.
async fn secret_of(here: &Here<'_>) -> Result<Option<String>, Refused> {
    let user = here.acting.actor.user_id;
    match here.acting.store.authenticator_secret(user).await? {
        Some(stored) => Ok(Some(from_store(here.authenticator_key, user, stored)?)),
        None => Ok(None),
    }
}

fn hashed(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// What setting up an authenticator came to, when nothing was refused outright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrolled {
    /// Set up, and the session let through: the recovery codes to show once.
    Done(Vec<String>),
    /// The new app's code was not right; nothing changed.
    WrongCode,
    /// Replacing an authenticator: the code from the one used now was not right.
    WrongCurrent,
    /// Too many wrong guesses from this client: nothing was checked.
    Throttled { retry_after: jiff::SignedDuration },
}

/// Sets up the authenticator with `key` if `code` is the app's current code, and lets the
/// session through; the recovery codes are made from `random`. Replacing one takes `current`, a
/// code from the app used now or a recovery code, checked and counted as a second step is: an
/// unattended session is not enough to move the second step to another phone.
pub async fn enrol(
    here: Here<'_>,
    key: &str,
    code: &str,
    current: &str,
    random: [u64; RECOVERY_CODES],
) -> Result<Enrolled, Refused> {
    let Some(Given::Code(code)) = read(code) else {
        return Err(Refused::rule("code", "Enter the 6-digit code from your authenticator app"));
    };
    let acting = here.acting;
    let user = acting.actor.user_id;
    // The new code first: checking it takes nothing, where checking the current one uses it up.
    let Some(step) = step_of(here.email, key, &code, here.now)? else {
        acting.store.record_access(&acting.audit(None), "mfa_enrol_failed", "user", None).await?;
        return Ok(Enrolled::WrongCode);
    };
    if secret_of(&here).await?.is_some() {
        if read(current).is_none() {
            return Err(Refused::rule(
                "current",
                "Enter the code from the authenticator app you use now, or a recovery code",
            ));
        }
        match second_step(here, current).await? {
            Checked::Done => {}
            Checked::Wrong => return Ok(Enrolled::WrongCurrent),
            Checked::Throttled { retry_after } => return Ok(Enrolled::Throttled { retry_after }),
        }
    }
    let codes: Vec<String> = random.into_iter().map(recovery_code).collect();
    let new = NewAuthenticator {
        user_id: user,
        secret: to_store(here.authenticator_key, user, key),
        step,
        recovery_hashes: codes.iter().map(|c| hashed(c)).collect(),
    };
    acting.store.enrol_authenticator(new, here.session, here.now, &acting.audit(None)).await?;
    Ok(Enrolled::Done(codes))
}

/// Checks the second step: `typed` is the app's code or a recovery code. Right, it lets the
/// session through (the code used up); wrong, it counts as a guess.
pub async fn second_step(here: Here<'_>, typed: &str) -> Result<Checked, Refused> {
    let Some(given) = read(typed) else {
        return Err(Refused::rule(
            "code",
            "Enter the 6-digit code from your authenticator app, or a recovery code",
        ));
    };
    let store = here.acting.store;
    let meta = here.acting.audit(None);
    let (user, session, now) = (here.acting.actor.user_id, here.session, here.now);
    let email = here.email;
    let verify = async |account: Option<UserAccount>| -> Result<bool, Refused> {
        if account.is_none_or(|a| a.user.id != user) {
            return Ok(false);
        }
        match &given {
            Given::Code(code) => {
                let Some(key) = secret_of(&here).await? else { return Ok(false) };
                match step_of(email, &key, code, now)? {
                    Some(step) => Ok(store.use_time_step(user, step, session, &meta).await?),
                    None => Ok(false),
                }
            }
            Given::Recovery(code) => {
                Ok(store.use_recovery_code(user, &hashed(code), session, now, &meta).await?)
            }
        }
    };
    Ok(match sign_in::sign_in(here.attempt(Purpose::SecondStep), verify).await? {
        Outcome::SignedIn(_) => Checked::Done,
        Outcome::Refused { retry_after } => Checked::Throttled { retry_after },
        Outcome::Wrong | Outcome::Disabled => Checked::Wrong,
    })
}

/// Turns the authenticator off, if the policy lets this person sign in without one and `typed`
/// is its current code.
pub async fn turn_off(here: Here<'_>, typed: &str) -> Result<Checked, Refused> {
    if must_use_second_factor(here.acting.actor) {
        return Err(Refused::Forbidden);
    }
    let store: &dyn Store = here.acting.store;
    let user = here.acting.actor.user_id;
    let Some(Given::Code(code)) = read(typed) else {
        return Err(Refused::rule("code", "Enter the 6-digit code from your authenticator app"));
    };
    let email = here.email;
    let now = here.now;
    let meta = here.acting.audit(None);
    let verify = async |account: Option<UserAccount>| -> Result<bool, Refused> {
        if account.is_none_or(|a| a.user.id != user) {
            return Ok(false);
        }
        let Some(key) = secret_of(&here).await? else { return Ok(false) };
        match step_of(email, &key, &code, now)? {
            // Taking the step first means the code that turned it off cannot be used again.
            Some(step) => Ok(store.use_time_step(user, step, "", &meta).await?),
            None => Ok(false),
        }
    };
    match sign_in::sign_in(here.attempt(Purpose::SecondStep), verify).await? {
        Outcome::SignedIn(_) => {}
        Outcome::Refused { retry_after } => return Ok(Checked::Throttled { retry_after }),
        Outcome::Wrong | Outcome::Disabled => return Ok(Checked::Wrong),
    }
    store.remove_authenticator(user, &meta).await?;
    Ok(Checked::Done)
}

/// Whether the person has an authenticator set up, and how many recovery codes they have left.
pub async fn status(store: &dyn Store, user: uuid::Uuid) -> Result<Option<i64>, Refused> {
    if store.authenticator_secret(user).await?.is_none() {
        return Ok(None);
    }
    Ok(Some(store.recovery_codes_left(user).await?))
}
