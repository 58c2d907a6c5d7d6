//! How long a signed-in session lasts, and how a person recognises each of theirs.
//!
//! A session ends after a time without use (someone walked away from a shared computer) and
//! after a time in all (a stolen cookie is not good for ever), whichever comes first.

use jiff::{SignedDuration, Timestamp};

/// How long a session may sit unused, and how long it may last in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub idle: SignedDuration,
    pub lifetime: SignedDuration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { idle: SignedDuration::from_mins(30), lifetime: SignedDuration::from_hours(8) }
    }
}

/// Why a session ended on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Idle,
    TooLong,
}

impl Ended {
    /// The word the sign-in page is sent with (`?ended=`).
    pub fn as_str(self) -> &'static str {
        match self {
            Ended::Idle => "idle",
            Ended::TooLong => "too-long",
        }
    }

    pub fn parse(s: &str) -> Option<Ended> {
        [Ended::Idle, Ended::TooLong].into_iter().find(|e| e.as_str() == s)
    }

    /// What the sign-in page tells the person whose session ended.
    pub fn explain(self, limits: &Limits) -> String {
        match self {
            Ended::Idle => format!(
                "You were signed out because you had not used sendcase for {}. Sign in again to carry on.",
                spoken(limits.idle)
            ),
            Ended::TooLong => format!(
                "You were signed out because you had been signed in for {}. Sign in again to carry on.",
                spoken(limits.lifetime)
            ),
        }
    }
}

/// Whether a session started at `started` and last used at `last_seen` has ended by `now`.
pub fn ended(
    limits: &Limits,
    started: Timestamp,
    last_seen: Timestamp,
    now: Timestamp,
) -> Option<Ended> {
    if now >= started + limits.lifetime {
        Some(Ended::TooLong)
    } else if now >= last_seen + limits.idle {
        Some(Ended::Idle)
    } else {
        None
    }
}

/// "30 minutes", "8 hours", "1 hour and 30 minutes".
fn spoken(d: SignedDuration) -> String {
    let mins = d.as_mins().max(1);
    let (hours, mins) = (mins / 60, mins % 60);
    let unit = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (hours, mins) {
        (0, m) => unit(m, "minute"),
        (h, 0) => unit(h, "hour"),
        (h, m) => format!("{} and {}", unit(h, "hour"), unit(m, "minute")),
    }
}

/// A browser's `User-Agent` as a person knows it: "Firefox on Windows". Edge and Opera say they
/// are Chrome too, and Chrome says it is Safari, so the most particular name is looked for first.
pub fn browser_summary(user_agent: &str) -> String {
    const BROWSERS: [(&str, &str); 6] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("HeadlessChrome/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: [(&str, &str); 6] = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "Mac"),
        ("Linux", "Linux"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table.iter().find(|(mark, _)| user_agent.contains(mark)).map(|(_, name)| *name)
    };
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) => "An unknown browser or program".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(mins: i64) -> Timestamp {
        Timestamp::from_second(1_000_000).unwrap() + SignedDuration::from_mins(mins)
    }

    #[test]
    fn a_session_ends_after_thirty_minutes_idle_or_eight_hours_in_all() {
        let limits = Limits::default();
        assert_eq!(ended(&limits, at(0), at(0), at(29)), None);
        assert_eq!(ended(&limits, at(0), at(0), at(30)), Some(Ended::Idle));
        assert_eq!(ended(&limits, at(0), at(470), at(479)), None);
        assert_eq!(ended(&limits, at(0), at(470), at(480)), Some(Ended::TooLong));
    }

    #[test]
    fn the_reason_is_said_in_words_with_the_configured_times() {
        let limits =
            Limits { idle: SignedDuration::from_mins(1), lifetime: SignedDuration::from_mins(90) };
        assert!(Ended::Idle.explain(&limits).contains("for 1 minute."));
        assert!(Ended::TooLong.explain(&limits).contains("for 1 hour and 30 minutes."));
        assert!(Ended::Idle.explain(&Limits::default()).contains("for 30 minutes."));
        assert_eq!(Ended::parse("too-long"), Some(Ended::TooLong));
        assert_eq!(Ended::parse("x"), None);
    }

    #[test]
    fn browsers_are_named_by_their_most_particular_mark() {
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0";
        assert_eq!(browser_summary(edge), "Edge on Windows");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_summary(safari), "Safari on iPhone");
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
        assert_eq!(browser_summary(firefox), "Firefox on Linux");
        assert_eq!(browser_summary("curl/8.0"), "An unknown browser or program");
    }
}
