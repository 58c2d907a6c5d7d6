//! Resetting a forgotten password by email: how long a reset link works, what a new password
//! must be, what the email says, and how often one may be asked for. The answer to asking is the
//! same whether or not the address has an account, so it never tells anyone who has one.

use crate::messages::email::Email;
use crate::sign_in::{Count, Limits};
use jiff::{SignedDuration, Timestamp};

/// How long a reset link works; it works once.
pub const LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(1);

/// The shortest password there may be (as for accounts made on the command line).
pub const SHORTEST_PASSWORD: usize = 12;

/// What is wrong with `password` as a new password, if anything.
pub fn password_problem(password: &str) -> Option<&'static str> {
    if password.is_empty() {
        Some("Enter a new password")
    } else if password.chars().count() < SHORTEST_PASSWORD {
        Some("Your password must be at least 12 characters")
    } else {
        None
    }
}

/// The email carrying a reset link, with `url` the link itself.
pub fn reset_email(url: &str) -> Email {
    Email {
        subject: "Reset your sendcase password".to_owned(),
        body: format!(
            "Someone asked to reset the password of your sendcase account.\n\n\
             If it was you, follow this link within an hour to choose a new password:\n{url}\n\n\
             If it was not you, you do not need to do anything. Your password has not changed.\n"
        ),
    }
}

/// The email telling someone their password was changed, with `url` their sessions' page.
pub fn changed_email(url: &str) -> Email {
    Email {
        subject: "Your sendcase password was changed".to_owned(),
        body: format!(
            "The password of your sendcase account was just changed, and every other place \
             you were signed in was signed out.\n\n\
             If it was not you, reset your password now with \"Forgot your password?\" on the \
             sign-in page, and tell your administrator. You can see where you are signed in \
             here:\n{url}\n"
        ),
    }
}

/// Whether asking again is refused, judged on the counters of asking for one address and from
/// one client (those of signing in): a client may ask for one address as often as it may try
/// to sign in to it, and no more often in all. The time to wait, when refused.
pub fn refused(
    limits: &Limits,
    address: &Count,
    client: &Count,
    now: Timestamp,
) -> Option<SignedDuration> {
    let over = if address.attempts > limits.per_account_from_client {
        address
    } else if client.attempts > limits.per_client {
        client
    } else {
        return None;
    };
    let wait = (over.window_start + limits.window).duration_since(now);
    Some(wait.max(SignedDuration::from_secs(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_password_is_at_least_twelve_characters() {
        assert_eq!(password_problem(""), Some("Enter a new password"));
        assert_eq!(
            password_problem("short pass"),
            Some("Your password must be at least 12 characters")
        );
        assert_eq!(password_problem("twelve chars"), None);
    }

    #[test]
    fn the_email_carries_the_link_and_says_what_to_do_if_it_was_not_you() {
        let e = reset_email("https://x/reset-password/abc");
        assert!(e.body.contains("\nhttps://x/reset-password/abc\n"), "{}", e.body);
        assert!(e.body.contains("If it was not you"), "{}", e.body);
    }

    #[test]
    fn the_changed_email_says_what_to_do_if_it_was_not_you() {
        let e = changed_email("https://x/account/sessions");
        assert!(e.body.contains("\nhttps://x/account/sessions\n"), "{}", e.body);
        assert!(e.body.contains("If it was not you, reset your password"), "{}", e.body);
    }

    #[test]
    fn asking_too_often_for_one_address_or_from_one_client_is_refused_until_the_window_ends() {
        let limits = Limits::default();
        let now = Timestamp::from_second(1_000_000).unwrap();
        let count = |attempts| Count { attempts, window_start: now };
        assert_eq!(refused(&limits, &count(5), &count(50), now), None);
        let wait = refused(&limits, &count(6), &count(6), now);
        assert_eq!(wait, Some(SignedDuration::from_mins(15)));
        assert_eq!(
            refused(&limits, &count(1), &count(51), now),
            Some(SignedDuration::from_mins(15))
        );
    }
}
