//! How long each kind of record is kept (UK GDPR article 5(1)(e), storage limitation), from
//! when, and on whose advice; and which records a day's review finds due for deletion. The
//! defaults and their sources are listed in `docs/retention.md`; a council may set its own
//! period for any kind.

use jiff::civil::Date;
use jiff::{Span, ToSpan};

/// A kind of record with its own retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordKind {
    /// A child's record and everything held with it: SEN support, EHC requests and plans.
    ChildRecord,
    /// A message in a person's inbox.
    Message,
    /// An email the outbox sent, or gave up on.
    SentEmail,
    /// A sign-in session that has expired.
    Session,
    /// A password reset link that has expired.
    PasswordReset,
    /// A count of failed sign-ins.
    SignInCounter,
    /// A comment on the Local Offer.
    LocalOfferFeedback,
}

/// What a retention review does with a record once it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposal {
    Delete,
    /// Kept without what identifies the person (`anonymise`), because counts made from it
    /// (past SEN2 returns, caseload statistics) must still add up.
    Anonymise,
}

impl Disposal {
    /// The word the dry run lists it under.
    pub fn verb(self) -> &'static str {
        match self {
            Disposal::Delete => "delete",
            Disposal::Anonymise => "anonymise",
        }
    }
}

/// How long a record is kept after the day it is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Years(i16),
    Months(i16),
    Days(i32),
}

impl Period {
    fn span(self) -> Span {
        match self {
            Period::Years(n) => n.years(),
            Period::Months(n) => n.months(),
            Period::Days(n) => n.days(),
        }
    }

    /// `31y`, `24m` or `90d`.
    pub fn parse(text: &str) -> Result<Period, String> {
        let bad = || format!("{text:?}: expected a number and a unit, such as 31y, 24m or 90d");
        let (number, unit) =
            text.trim().split_at_checked(text.trim().len().saturating_sub(1)).ok_or_else(bad)?;
        let years_or_months = |n: &str| n.parse::<i16>().ok().filter(|n| (0..=200).contains(n));
        match unit {
            "y" => years_or_months(number).map(Period::Years),
            "m" => years_or_months(number).map(Period::Months),
            "d" => {
                number.parse::<i32>().ok().filter(|n| (0..=73_000).contains(n)).map(Period::Days)
            }
            _ => None,
        }
        .ok_or_else(bad)
    }
}

/// The shortest period a council may keep a child's record for, in years.
const CHILD_RECORD_AT_LEAST: i16 = 26;

impl Period {
    /// Whether the period is at least `years` long from any day.
    fn at_least(self, years: i16) -> bool {
        // The shortest stretch of `years` years starts on 29 February or in a year with fewer
        // leap days; a day count is checked against it, and years and months directly.
        match self {
            Period::Years(n) => n >= years,
            Period::Months(n) => i32::from(n) >= i32::from(years) * 12,
            Period::Days(n) => i64::from(n) >= i64::from(years) * 366,
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (n, unit) = match *self {
            Period::Years(n) => (i32::from(n), "year"),
            Period::Months(n) => (i32::from(n), "month"),
            Period::Days(n) => (n, "day"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

impl RecordKind {
    pub const ALL: [RecordKind; 7] = [
        RecordKind::ChildRecord,
        RecordKind::Message,
        RecordKind::SentEmail,
        RecordKind::Session,
        RecordKind::PasswordReset,
        RecordKind::SignInCounter,
        RecordKind::LocalOfferFeedback,
    ];

    /// The name a council uses to set the kind's period.
    pub fn slug(self) -> &'static str {
        match self {
            RecordKind::ChildRecord => "child-record",
            RecordKind::Message => "message",
            RecordKind::SentEmail => "sent-email",
            RecordKind::Session => "session",
            RecordKind::PasswordReset => "password-reset",
            RecordKind::SignInCounter => "sign-in-counter",
            RecordKind::LocalOfferFeedback => "local-offer-feedback",
        }
    }

    pub fn parse(slug: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The day the period is counted from, in words.
    pub fn counted_from(self) -> &'static str {
        match self {
            RecordKind::ChildRecord => "the child's date of birth",
            RecordKind::Message => "the day it was sent",
            RecordKind::SentEmail => "the day it was sent or given up",
            RecordKind::Session | RecordKind::PasswordReset => "the day it expired",
            RecordKind::SignInCounter => "the day its count began",
            RecordKind::LocalOfferFeedback => "the day it was received",
        }
    }

    pub fn default_period(self) -> Period {
        match self {
            RecordKind::ChildRecord => Period::Years(31),
            RecordKind::Message => Period::Years(2),
            RecordKind::SentEmail => Period::Days(90),
            RecordKind::Session | RecordKind::PasswordReset | RecordKind::SignInCounter => {
                Period::Days(1)
            }
            RecordKind::LocalOfferFeedback => Period::Years(3),
        }
    }

    /// What becomes of a record of this kind once due.
    pub fn disposal(self) -> Disposal {
        match self {
            RecordKind::ChildRecord => Disposal::Anonymise,
            _ => Disposal::Delete,
        }
    }

    /// Where the default comes from, in short (`docs/retention.md` gives each in full).
    pub fn source(self) -> &'static str {
        match self {
            RecordKind::ChildRecord => {
                "IRMS Information Management Toolkit for Schools: SEN files, reviews and EHC plans, date of birth + 31 years"
            }
            RecordKind::Message => {
                "sendcase's choice: a copy of what the case's events record, kept for two years of questions about what was sent"
            }
            RecordKind::SentEmail => {
                "sendcase's choice: long enough to answer whether an email went, no longer"
            }
            RecordKind::Session | RecordKind::PasswordReset | RecordKind::SignInCounter => {
                "sendcase's choice: security data of no use once expired (UK GDPR article 5(1)(e))"
            }
            RecordKind::LocalOfferFeedback => {
                "sendcase's choice: SEND Regulations 2014 reg 56 has comments published and answered, and the Local Offer is reviewed; three years covers a review and its questions"
            }
        }
    }
}

/// Each kind's period: the defaults, with the council's own where it set one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    periods: Vec<(RecordKind, Period)>,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule { periods: RecordKind::ALL.map(|k| (k, k.default_period())).to_vec() }
    }
}

impl Schedule {
    /// The defaults with each `kind=period` of `settings` in place of its kind's.
    pub fn with(settings: &[String]) -> Result<Schedule, String> {
        let mut schedule = Schedule::default();
        for setting in settings {
            let (kind, period) = setting
                .split_once('=')
                .ok_or_else(|| format!("{setting:?}: expected KIND=PERIOD, such as message=3y"))?;
            let kind = RecordKind::parse(kind.trim()).ok_or_else(|| {
                let known: Vec<&str> = RecordKind::ALL.map(RecordKind::slug).to_vec();
                format!("{kind:?} is not a kind of record (known: {})", known.join(", "))
            })?;
            let period = Period::parse(period)?;
            if kind.disposal() == Disposal::Anonymise && !period.at_least(CHILD_RECORD_AT_LEAST) {
                return Err(format!(
                    "{setting:?}: a child's record is kept at least {CHILD_RECORD_AT_LEAST} years, \
                     since an EHC plan may run until the end of the school year in which the \
                     young person turns 25 (Children and Families Act 2014, section 46) and \
                     anonymising it while it runs would take it from the SEN2 return"
                ));
            }
            for entry in schedule.periods.iter_mut().filter(|(k, _)| *k == kind) {
                entry.1 = period;
            }
        }
        Ok(schedule)
    }

    pub fn period(&self, kind: RecordKind) -> Period {
        self.periods.iter().find(|(k, _)| *k == kind).map_or(kind.default_period(), |(_, p)| *p)
    }

    /// The last day a record of `kind` may be counted from to be due for deletion on `today`:
    /// a later start never falls due earlier, so the records due are exactly those counted from
    /// this day or before, and the store reads and deletes by it.
    pub fn latest_start(&self, kind: RecordKind, today: Date) -> Date {
        let back = today.checked_sub(self.period(kind).span()).unwrap_or(Date::MIN);
        // Adding months or years to the 29th to 31st lands on a shorter month's last day, so a
        // start up to three days after `back` may be due too.
        let mut day = back.checked_add(3.days()).unwrap_or(back);
        while self.due_on(kind, day) > today {
            match day.yesterday() {
                Ok(before) => day = before,
                Err(_) => break,
            }
        }
        day
    }

    /// The day a record of `kind` counted from `start` falls due for deletion.
    pub fn due_on(&self, kind: RecordKind, start: Date) -> Date {
        start.checked_add(self.period(kind).span()).unwrap_or(Date::MAX)
    }
}

/// A record a day's review found due for deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub kind: RecordKind,
    pub record: String,
    pub counted_from: Date,
    pub since: Date,
}

impl Due {
    /// Why it is due, in words.
    pub fn why(&self, schedule: &Schedule) -> String {
        format!(
            "kept {} from {} ({})",
            schedule.period(self.kind),
            self.kind.counted_from(),
            self.counted_from
        )
    }
}

/// Of `records` of `kind` (each with the day its period is counted from), those due for
/// deletion on `today`, oldest first.
pub fn due(
    schedule: &Schedule,
    kind: RecordKind,
    records: impl IntoIterator<Item = (String, Date)>,
    today: Date,
) -> Vec<Due> {
    let mut due: Vec<Due> = records
        .into_iter()
        .map(|(record, start)| Due {
            kind,
            record,
            counted_from: start,
            since: schedule.due_on(kind, start),
        })
        .filter(|d| d.since <= today)
        .collect();
    due.sort_by(|a, b| (a.since, &a.record).cmp(&(b.since, &b.record)));
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_child_s_record_falls_due_on_their_31st_birthday_and_not_a_day_before() {
        let s = Schedule::default();
        let born = [("leap".to_owned(), date(1992, 2, 29)), ("may".to_owned(), date(1995, 5, 1))];
        assert_eq!(s.due_on(RecordKind::ChildRecord, date(1992, 2, 29)), date(2023, 2, 28));
        let on = |today| due(&s, RecordKind::ChildRecord, born.clone(), today);
        assert_eq!(on(date(2026, 4, 30)).len(), 1, "born 1995: not yet");
        let both = on(date(2026, 5, 1));
        assert_eq!(both.iter().map(|d| d.record.as_str()).collect::<Vec<_>>(), ["leap", "may"]);
        assert_eq!(both[1].since, date(2026, 5, 1));
        assert!(both[1].why(&s).contains("31 years from the child's date of birth (1995-05-01)"));
    }

    #[test]
    fn the_records_due_are_exactly_those_counted_from_the_latest_start_or_before() {
        let s = Schedule::with(&["message=1m".into()]).unwrap();
        for today in [date(2026, 12, 4), date(2023, 2, 28), date(2026, 2, 28), date(2026, 4, 30)] {
            for kind in RecordKind::ALL {
                let latest = s.latest_start(kind, today);
                let mut start = latest.checked_sub(40.days()).unwrap();
                while start < latest.checked_add(40.days()).unwrap() {
                    let due = s.due_on(kind, start) <= today;
                    assert_eq!(due, start <= latest, "{kind:?} from {start} on {today}");
                    start = start.tomorrow().unwrap();
                }
            }
        }
    }

    #[test]
    fn a_council_sets_its_own_periods_and_a_bad_setting_is_named() {
        let s = Schedule::with(&["message=3y".into(), "sent-email=30d".into()]).unwrap();
        assert_eq!(s.period(RecordKind::Message), Period::Years(3));
        assert_eq!(s.period(RecordKind::SentEmail), Period::Days(30));
        assert_eq!(s.period(RecordKind::ChildRecord), Period::Years(31));
        let short = Schedule::with(&["child-record=25y".into()]).unwrap_err();
        assert!(short.contains("at least 26 years"), "{short}");
        assert!(Schedule::with(&["child-record=26y".into()]).is_ok());
        assert!(Schedule::with(&["child-record=200m".into()]).is_err());
        assert!(Schedule::with(&["child-record=9000d".into()]).is_err());
        for bad in ["message", "letters=3y", "message=3", "message=y", "message=-1d", "message=3w"]
        {
            let err = Schedule::with(&[bad.into()]).unwrap_err();
            assert!(err.contains('"'), "{bad}: {err}");
        }
    }

    #[test]
    fn every_kind_has_a_name_a_default_and_a_source() {
        for kind in RecordKind::ALL {
            assert_eq!(RecordKind::parse(kind.slug()), Some(kind));
            assert!(!kind.source().is_empty() && !kind.counted_from().is_empty());
        }
        assert_eq!(Period::Years(1).to_string(), "1 year");
        assert_eq!(Period::Days(90).to_string(), "90 days");
    }
}
