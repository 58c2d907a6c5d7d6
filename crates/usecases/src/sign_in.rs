//! Signing in with a password, throttled so that guessing is slow and nobody can be locked out.
//!
//! Every attempt is counted before the password is checked (so simultaneous guesses cannot all
//! slip under the limit), judged by `domain::sign_in::judge`, and every failure and every throttle
//! is logged and audited. A right password takes its attempt back off the counters.
//!
//! The same counters guard every check of something only the person knows: the current password
//! when changing it, and the code of the second step, so guesses at those are as slow.

use jiff::{SignedDuration, Timestamp};
use sendcase_domain::sign_in::{Count, Counts, Limits, Verdict, judge, judge_client};
use sendcase_store::{AuditMeta, Store, StoreError, UserAccount};
use sha2::{Digest, Sha256};

/// One attempt to sign in: `email` as typed (it is trimmed and lower-cased here), from `client`
/// (the address the request came from).
pub struct Attempt<'a> {
    pub store: &'a dyn Store,
    pub limits: &'a Limits,
    pub email: &'a str,
    pub client: &'a str,
    pub now: Timestamp,
    pub request_id: &'a str,
    pub purpose: Purpose,
}

/// What is being checked, which names the audit entries of failures and throttles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    /// The current password, given to change it.
    PasswordChange,
    /// The code of the second step of signing in.
    SecondStep,
}

impl Purpose {
    fn action(self, what: &str) -> String {
        let purpose = match self {
            Purpose::SignIn => "sign_in",
            Purpose::PasswordChange => "password_change",
            Purpose::SecondStep => "mfa",
        };
        format!("{purpose}_{what}")
    }
}

#[derive(Debug)]
pub enum Outcome {
    SignedIn(Box<UserAccount>),
    /// The email address and password do not match an account (which of them is never said).
    Wrong,
    /// The right password for an account an administrator disabled.
    Disabled,
    /// Too many attempts from this client: the password was not checked.
    Refused {
        retry_after: SignedDuration,
    },
}

/// The counters' keys: one account from one client, one client, one account. Hashed, so the
/// table of counters holds neither addresses typed nor network addresses.
fn keys(email: &str, client: &str) -> [String; 3] {
    let hash = |s: String| hex::encode(Sha256::digest(s.as_bytes()));
    [
        hash(format!("account-from-client\0{email}\0{client}")),
        hash(format!("client\0{client}")),
        hash(format!("account\0{email}")),
    ]
}

/// Counts, judges and (unless refused) checks what was given with `verify`, which is given the
/// account (none when there is no such account, so a password check takes as long either way).
pub async fn sign_in<Err: From<StoreError>>(
    a: Attempt<'_>,
    verify: impl AsyncFnOnce(Option<UserAccount>) -> Result<bool, Err>,
) -> Result<Outcome, Err> {
    let email = a.email.trim().to_lowercase();
    let keys = keys(&email, a.client);
    let [pair_key, client_key, account_key] = &keys;
    let [client] = counted(&a, [client_key]).await?;
    let verdict = match judge_client(a.limits, &client, a.now) {
        Some(refused) => refused,
        None => {
            let [pair, account] = counted(&a, [pair_key, account_key]).await?;
            let counts = Counts { account_from_client: pair, client, account };
            judge(a.limits, &counts, a.now)
        }
    };
    let found = a.store.user_account_by_email(&email).await?;
    let user = found.as_ref().map(|f| f.user.id.to_string());
    let audit = AuditMeta::system(a.request_id);
    match verdict {
        Verdict::Refuse { why, retry_after } => {
            tracing::warn!(
                client = a.client,
                user = user.as_deref().unwrap_or("unknown"),
                why = why.as_str(),
                "sign-in refused: too many attempts"
            );
            let action = a.purpose.action("throttled");
            a.store.record_access(&audit, &action, "user", user.as_deref()).await?;
            return Ok(Outcome::Refused { retry_after });
        }
        Verdict::Check => {}
        Verdict::SlowDown { delay } => {
            tracing::warn!(
                client = a.client,
                user = user.as_deref().unwrap_or("unknown"),
                delay_ms = delay.as_millis(),
                "sign-in slowed down: this account is being guessed at"
            );
            let action = a.purpose.action("slowed");
            a.store.record_access(&audit, &action, "user", user.as_deref()).await?;
            tokio::time::sleep(delay.unsigned_abs()).await;
        }
    }
    let right = verify(found.clone()).await?;
    let Some(account) = found.filter(|_| right) else {
        tracing::warn!(
            client = a.client,
            user = user.as_deref().unwrap_or("unknown"),
            purpose = ?a.purpose,
            "sign-in failed: wrong email address, password or code"
        );
        let action = a.purpose.action("failed");
        a.store.record_access(&audit, &action, "user", user.as_deref()).await?;
        return Ok(Outcome::Wrong);
    };
    let [pair_key, client_key, account_key] = keys;
    let refund = [client_key, account_key];
    a.store.refund_sign_in_attempt(&pair_key, &refund, a.now, a.limits.window).await?;
    if account.disabled {
        return Ok(Outcome::Disabled);
    }
    Ok(Outcome::SignedIn(Box::new(account)))
}

/// Counts the attempt on each of `keys`, in order.
async fn counted<const N: usize>(
    a: &Attempt<'_>,
    keys: [&String; N],
) -> Result<[Count; N], StoreError> {
    let keys = keys.map(String::clone);
    let counted = a.store.count_sign_in_attempt(&keys, a.now, a.limits.window).await?;
    let counts: Vec<Count> = counted
        .into_iter()
        .map(|(attempts, window_start)| Count { attempts, window_start })
        .collect();
    counts.try_into().map_err(|_| StoreError::Corrupt("a sign-in counter was not counted".into()))
}
