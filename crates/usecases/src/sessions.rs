//! A signed-in person's own account: changing their password (which ends their other sessions
//! and tells them by email) and ending sessions of theirs they no longer want.

use crate::authenticator_key::AuthenticatorKey;
use crate::sign_in::{self, Attempt, Outcome, Purpose};
use crate::{Acting, Refused};
use jiff::{SignedDuration, Timestamp};
use sendcase_domain::password_reset::password_problem;
use sendcase_domain::sign_in::Limits;
use sendcase_store::{Others, StoreError, UserAccount};

/// How a check of something only the person knows came out, when nothing was refused outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    Done,
    /// What was given was wrong; nothing changed.
    Wrong,
    /// Too many wrong guesses from this client: nothing was checked.
    Throttled {
        retry_after: SignedDuration,
    },
}

/// Where the person is and from which session, for the counters and for what is kept.
#[derive(Clone, Copy)]
pub struct Here<'a> {
    pub acting: Acting<'a>,
    pub email: &'a str,
    pub client: &'a str,
    pub session: &'a str,
    pub limits: &'a Limits,
    /// What authenticator secrets are sealed with, if the operator gave a key.
    pub authenticator_key: Option<&'a AuthenticatorKey>,
    pub now: Timestamp,
}

impl<'a> Here<'a> {
    pub(crate) fn attempt(&self, purpose: Purpose) -> Attempt<'a> {
        Attempt {
            store: self.acting.store,
            limits: self.limits,
            email: self.email,
            client: self.client,
            now: self.now,
            request_id: self.acting.request_id,
            purpose,
        }
    }
}

/// Changes the password to `new` when `verify` accepts the current one (counted as a sign-in
/// guess is), hashing it with `hash`; every other session of the person ends and the email
/// telling them is queued.
pub async fn change_password<Err: From<Refused> + From<StoreError>>(
    here: Here<'_>,
    new: &str,
    verify: impl AsyncFnOnce(Option<UserAccount>) -> Result<bool, Err>,
    hash: impl AsyncFnOnce(String) -> Result<String, Err>,
) -> Result<Checked, Err> {
    if let Some(problem) = password_problem(new) {
        return Err(Refused::rule("password", problem).into());
    }
    match sign_in::sign_in(here.attempt(Purpose::PasswordChange), verify).await? {
        Outcome::SignedIn(account) if account.user.id == here.acting.actor.user_id => {}
        Outcome::Refused { retry_after } => return Ok(Checked::Throttled { retry_after }),
        _ => return Ok(Checked::Wrong),
    }
    let new_hash = hash(new.to_owned()).await?;
    let store = here.acting.store;
    let meta = here.acting.audit(None);
    let user = here.acting.actor.user_id;
    store.change_password(user, &new_hash, here.session, "/account/sessions", &meta).await?;
    Ok(Checked::Done)
}

/// Ends one other session of the person's (`Some` of its id) or all the others; how many ended.
pub async fn end_sessions(
    acting: Acting<'_>,
    keep: &str,
    which: Option<&str>,
) -> Result<u64, Refused> {
    let which = which.map_or(Others::All, Others::One);
    let user = acting.actor.user_id;
    Ok(acting.store.end_other_sessions(user, keep, which, &acting.audit(None)).await?)
}
