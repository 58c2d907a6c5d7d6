//! The email that carries a message, and when one that failed is tried again.
//!
//! An email carries the minimum: the person's first name, what changed and what to do, and the
//! link. Whatever else there is to know stays behind the sign-in.

use jiff::SignedDuration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub subject: String,
    pub body: String,
}

/// The email telling `name` (their name as their account gives it) the message `text`, with the
/// absolute `url` of the page where they act.
pub fn email(name: &str, text: &str, url: &str) -> Email {
    let first = first_name(name);
    Email {
        subject: "You have a new message in sendcase".to_owned(),
        body: format!(
            "Hello {first},\n\n{text}\n\nSign in to see it:\n{url}\n\n\
             You can stop these emails on your account page. The message stays in sendcase.\n"
        ),
    }
}

/// The first word of a name that is not a title ("Dr Amara Bello" is Amara); the whole name
/// if it has no other.
fn first_name(name: &str) -> &str {
    const TITLES: [&str; 8] = ["dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor"];
    let is_title =
        |word: &&str| TITLES.contains(&word.trim_end_matches('.').to_lowercase().as_str());
    name.split_whitespace().find(|word| !is_title(word)).unwrap_or(name)
}

/// How many times an email is tried before it is given up (it stays in the person's inbox).
pub const MOST_ATTEMPTS: i32 = 8;

/// How long to wait before trying again an email whose `attempts`-th try failed: a minute,
/// doubling each time (so a mail server down for about two hours is waited out); `None` once
/// it has been tried [`MOST_ATTEMPTS`] times.
pub fn retry_after(attempts: i32) -> Option<SignedDuration> {
    if attempts >= MOST_ATTEMPTS {
        return None;
    }
    Some(SignedDuration::from_mins(1 << (attempts.max(1) - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_greets_by_first_name_and_carries_the_message_and_link() {
        let e = email(
            "Sam Parent",
            "The council has sent you the draft plan for Ellie.",
            "https://x/y",
        );
        assert_eq!(e.subject, "You have a new message in sendcase");
        assert!(e.body.starts_with("Hello Sam,\n\n"), "{}", e.body);
        assert!(e.body.contains("draft plan for Ellie.\n\nSign in to see it:\nhttps://x/y\n"));
        assert!(!e.body.contains("Parent"), "no surname: {}", e.body);
        assert_eq!(first_name("Cher"), "Cher");
        assert_eq!(first_name("Dr Amara Bello"), "Amara");
        assert_eq!(first_name("Mrs. Sarah Whitfield"), "Sarah");
    }

    #[test]
    fn failures_are_retried_later_each_time_then_given_up() {
        let waits: Vec<_> = (1..=9).map(retry_after).collect();
        let mins = |m| Some(SignedDuration::from_mins(m));
        assert_eq!(
            waits,
            vec![mins(1), mins(2), mins(4), mins(8), mins(16), mins(32), mins(64), None, None]
        );
    }
}
