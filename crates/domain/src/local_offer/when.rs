//! When a service runs, as search asks about it: the days of its weekly sessions (iCalendar BYDAY
//! codes, as Open Referral stores them) and the hours each session keeps.

use super::OpeningSchedule;
use jiff::civil::Time;

/// The BYDAY codes, Monday first; a day's bit in a mask is its place here.
const CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const NAMES: [&str; 7] =
    ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

/// A day of the week from its BYDAY code ("MO") or English name ("Monday", "mon"), as a bit.
pub fn day_bit(text: &str) -> Option<u8> {
    let t = text.trim().to_ascii_lowercase();
    let i = CODES.iter().position(|c| c.eq_ignore_ascii_case(&t)).or_else(|| {
        // "mon", "monday", "mondays" all name Monday; three letters are enough to tell days apart.
        (t.len() >= 3).then(|| NAMES.iter().position(|n| n.to_ascii_lowercase().starts_with(&t)))?
    })?;
    Some(1 << i)
}

/// The days a BYDAY list ("MO,WE,FR") names, as a mask; unknown codes are ignored.
pub fn days_mask(byday: &str) -> u8 {
    byday.split(',').filter_map(day_bit).fold(0, |m, b| m | b)
}

/// "Mondays, Wednesdays" for a BYDAY list, as a family reads it.
pub fn days_named(byday: &str) -> String {
    let mask = days_mask(byday);
    let named: Vec<&str> =
        NAMES.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, n)| *n).collect();
    named.join(", ")
}

/// A session that will do: on one of `days` (any day if 0), opening at or after `opens_from`
/// and closing by `closes_by`. A service matches when one of its sessions meets them all.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sessions {
    pub days: u8,
    pub opens_from: Option<Time>,
    pub closes_by: Option<Time>,
}

/// One weekly session, as the index keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Session {
    days: u8,
    opens: Option<Time>,
    closes: Option<Time>,
}

impl Session {
    pub fn of(s: &OpeningSchedule) -> Self {
        Session {
            days: s.byday.as_deref().map_or(0, days_mask),
            opens: s.opens_at,
            closes: s.closes_at,
        }
    }
}

impl Sessions {
    /// A session whose day or hours are not stated cannot be said to meet a filter on them.
    pub fn met_by(&self, s: &Session) -> bool {
        (self.days == 0 || s.days & self.days != 0)
            && self.opens_from.is_none_or(|from| s.opens.is_some_and(|o| o >= from))
            && self.closes_by.is_none_or(|by| s.closes.is_some_and(|c| c <= by))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::time;

    #[test]
    fn days_are_read_from_codes_and_names() {
        assert_eq!(day_bit("MO"), Some(1));
        assert_eq!(day_bit("su"), Some(64));
        assert_eq!(day_bit("Saturday"), Some(32));
        assert_eq!(day_bit("wed"), Some(4));
        for bad in ["", "M", "Funday", "XX"] {
            assert_eq!(day_bit(bad), None, "{bad}");
        }
        assert_eq!(days_mask("MO,WE,FR"), 1 | 4 | 16);
        assert_eq!(days_named("FR,MO"), "Mondays, Fridays");
    }

    #[test]
    fn a_session_meets_day_and_hours_together() {
        let s = Session::of(&OpeningSchedule {
            id: uuid::Uuid::nil(),
            byday: Some("TU,TH".into()),
            opens_at: Some(time(16, 0, 0, 0)),
            closes_at: Some(time(18, 0, 0, 0)),
            description: String::new(),
        });
        let want = |days, from: Option<Time>, by: Option<Time>| {
            Sessions { days, opens_from: from, closes_by: by }.met_by(&s)
        };
        assert!(want(2, None, None) && want(0, Some(time(15, 30, 0, 0)), Some(time(18, 0, 0, 0))));
        assert!(!want(1, None, None), "not on Mondays");
        assert!(!want(2, Some(time(16, 30, 0, 0)), None), "opens before the time asked");
        assert!(!want(2, None, Some(time(17, 0, 0, 0))), "closes after the time asked");
        let unstated = Session::of(&OpeningSchedule {
            id: uuid::Uuid::nil(),
            byday: None,
            opens_at: None,
            closes_at: None,
            description: "By appointment".into(),
        });
        assert!(Sessions::default().met_by(&unstated));
        assert!(!Sessions { days: 1, ..Default::default() }.met_by(&unstated));
    }
}
