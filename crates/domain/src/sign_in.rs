//! Sign-in throttling: how many guesses a client may take, and what happens past the limit.
//!
//! Guessing is limited on three counters, each a fixed window that starts at its first attempt:
//! one account from one client, one client across all accounts, and one account from everywhere.
//! The first two refuse (with the time to wait), because only the guesser's own client is
//! refused. The account's own counter never refuses: it slows every attempt down instead, so
//! nobody can lock a known user out by guessing wrong from elsewhere; the right password still
//! works, a little later.

use jiff::{SignedDuration, Timestamp};

/// The limits, with the defaults used in service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Attempts at one account from one client within a window.
    pub per_account_from_client: i64,
    /// Attempts from one client within a window, whatever the account.
    pub per_client: i64,
    /// Attempts at one account from everywhere before each further one is slowed down.
    pub per_account_before_slowing: i64,
    pub window: SignedDuration,
    /// How much longer each attempt past `per_account_before_slowing` waits than the one before.
    pub slow_step: SignedDuration,
    pub slow_most: SignedDuration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_account_from_client: 5,
            // A school or council office signs in from one address; a few mistakes each is normal.
            per_client: 50,
            per_account_before_slowing: 10,
            window: SignedDuration::from_mins(15),
            slow_step: SignedDuration::from_secs(1),
            slow_most: SignedDuration::from_secs(10),
        }
    }
}

/// One counter after this attempt was counted: how many attempts its window holds, and when the
/// window began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub attempts: i64,
    pub window_start: Timestamp,
}

/// The three counters an attempt is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub account_from_client: Count,
    pub client: Count,
    pub account: Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many attempts at this account from this client.
    AccountFromClient,
    /// Too many attempts from this client.
    Client,
}

impl Refusal {
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::AccountFromClient => "account_from_client",
            Refusal::Client => "client",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password.
    Check,
    /// The account is being guessed at: check the password after waiting `delay`.
    SlowDown { delay: SignedDuration },
    /// Do not check the password; the client may try again after `retry_after`.
    Refuse { why: Refusal, retry_after: SignedDuration },
}

/// A client already past its limit is refused before its attempt is counted anywhere else, so a
/// guesser trying address after address adds no counter for each new one.
pub fn judge_client(limits: &Limits, client: &Count, now: Timestamp) -> Option<Verdict> {
    (client.attempts > limits.per_client).then(|| Verdict::Refuse {
        why: Refusal::Client,
        retry_after: retry_after(limits, client, now),
    })
}

/// What to do with an attempt, judged on the counters it was counted on.
pub fn judge(limits: &Limits, counts: &Counts, now: Timestamp) -> Verdict {
    if counts.account_from_client.attempts > limits.per_account_from_client {
        let retry_after = retry_after(limits, &counts.account_from_client, now);
        return Verdict::Refuse { why: Refusal::AccountFromClient, retry_after };
    }
    if let Some(refused) = judge_client(limits, &counts.client, now) {
        return refused;
    }
    let over = counts.account.attempts - limits.per_account_before_slowing;
    if over <= 0 {
        return Verdict::Check;
    }
    let over = i32::try_from(over).unwrap_or(i32::MAX);
    let delay =
        limits.slow_step.checked_mul(over).unwrap_or(limits.slow_most).min(limits.slow_most);
    Verdict::SlowDown { delay }
}

/// Until the counter's window ends: whole seconds, rounded up, as `Retry-After` says it, so never
/// sooner than the window ends.
fn retry_after(limits: &Limits, c: &Count, now: Timestamp) -> SignedDuration {
    let wait = (c.window_start + limits.window).duration_since(now);
    let secs = wait.as_secs() + i64::from(wait.subsec_nanos() > 0);
    SignedDuration::from_secs(secs.max(1))
}

/// Whole minutes to tell a person to wait, never "0 minutes".
pub fn minutes_to_wait(retry_after: SignedDuration) -> i64 {
    (retry_after.as_secs() + 59).div_euclid(60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).unwrap()
    }

    fn counts(pair: i64, client: i64, account: i64) -> Counts {
        let c = |attempts| Count { attempts, window_start: at(0) };
        Counts { account_from_client: c(pair), client: c(client), account: c(account) }
    }

    #[test]
    fn the_first_attempts_are_checked_at_once() {
        let l = Limits::default();
        for n in 1..=5 {
            let v = judge(&l, &counts(n, n, n), at(10));
            assert_eq!(v, Verdict::Check);
        }
    }

    #[test]
    fn a_client_past_its_limit_on_an_account_waits_for_the_rest_of_the_window() {
        let v = judge(&Limits::default(), &counts(6, 6, 6), at(60));
        let retry_after = SignedDuration::from_secs(14 * 60);
        assert_eq!(v, Verdict::Refuse { why: Refusal::AccountFromClient, retry_after });
        assert_eq!(minutes_to_wait(retry_after), 14);
    }

    #[test]
    fn a_client_guessing_across_accounts_is_refused() {
        let v = judge(&Limits::default(), &counts(1, 51, 1), at(0));
        assert!(matches!(v, Verdict::Refuse { why: Refusal::Client, .. }), "{v:?}");
        let client = Count { attempts: 51, window_start: at(0) };
        assert_eq!(judge_client(&Limits::default(), &client, at(0)), Some(v));
        let within = Count { attempts: 50, window_start: at(0) };
        assert_eq!(judge_client(&Limits::default(), &within, at(0)), None);
    }

    #[test]
    fn an_account_guessed_at_from_everywhere_is_slowed_but_never_refused() {
        let l = Limits::default();
        assert_eq!(
            judge(&l, &counts(1, 1, 11), at(0)),
            Verdict::SlowDown { delay: SignedDuration::from_secs(1) }
        );
        assert_eq!(
            judge(&l, &counts(1, 1, 1_000_000), at(0)),
            Verdict::SlowDown { delay: l.slow_most }
        );
    }

    #[test]
    fn the_wait_is_never_shown_as_nothing() {
        let v = judge(&Limits::default(), &counts(6, 6, 6), at(15 * 60));
        let Verdict::Refuse { retry_after, .. } = v else { panic!("{v:?}") };
        assert_eq!(retry_after, SignedDuration::from_secs(1));
        assert_eq!(minutes_to_wait(retry_after), 1);
    }
}
