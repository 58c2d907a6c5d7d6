//! Civil-date arithmetic as the SEND Regulations phrase it ("within 6 weeks of", "15 days
//! beginning with", "15 working days"), and the bank-holiday table that defines a working day.

use jiff::civil::{Date, Weekday};
use jiff::Span;
use std::sync::LazyLock;

/// The default table, copied from `shared/standards/bank-holidays-england-and-wales.csv`
/// (see `data/README.md`); replaceable at run time with [`Calendar::from_csv_str`].
const ENGLAND_AND_WALES_CSV: &str = include_str!("../data/bank-holidays-england-and-wales.csv");

static ENGLAND_AND_WALES: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_csv_str(ENGLAND_AND_WALES_CSV).expect("the embedded bank-holiday table is valid")
});

/// The days that are not working days besides weekends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    bank_holidays: Vec<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct CalendarError {
    pub line: usize,
    pub problem: String,
}

impl Calendar {
    pub fn england_and_wales() -> &'static Calendar {
        &ENGLAND_AND_WALES
    }

    /// Reads a `date,name` CSV with a header line, as published for England and Wales.
    pub fn from_csv_str(text: &str) -> Result<Calendar, CalendarError> {
        let mut bank_holidays = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let row = raw.trim();
            if row.is_empty() || (i == 0 && row.starts_with("date")) {
                continue;
            }
            let field = row.split(',').next().unwrap_or_default().trim();
            let date = parse_iso_date(field).map_err(|problem| CalendarError { line, problem })?;
            bank_holidays.push(date);
        }
        if bank_holidays.is_empty() {
            return Err(CalendarError { line: 1, problem: "the table lists no bank holidays".into() });
        }
        bank_holidays.sort_unstable();
        bank_holidays.dedup();
        Ok(Calendar { bank_holidays })
    }

    pub fn bank_holidays(&self) -> &[Date] {
        &self.bank_holidays
    }

    pub fn is_bank_holiday(&self, date: Date) -> bool {
        self.bank_holidays.binary_search(&date).is_ok()
    }

    /// Monday to Friday and not a bank holiday.
    pub fn is_working_day(&self, date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.is_bank_holiday(date)
    }

    /// "within N working days of X": the N-th working day after X, X itself not counted.
    pub fn working_days_after(&self, start: Date, n: u32) -> Date {
        let mut date = start;
        let mut counted = 0;
        while counted < n {
            date = days_after(date, 1);
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        date
    }

    /// "N working days beginning with X": X is day 1 when it is a working day.
    pub fn working_days_beginning_with(&self, start: Date, n: u32) -> Date {
        if n == 0 {
            return start;
        }
        let first = if self.is_working_day(start) { start } else { self.working_days_after(start, 1) };
        self.working_days_after(first, n - 1)
    }

    /// The latest working day on or before `date`: the day to plan for.
    pub fn working_day_on_or_before(&self, date: Date) -> Date {
        let mut day = date;
        while !self.is_working_day(day) {
            day = days_after(day, -1);
        }
        day
    }

    /// The Tribunal's practice for appeal deadlines: one ending 25 December–1 January moves to the
    /// first working day after 1 January, one ending in August to the first working day of September.
    pub fn roll_appeal_deadline(&self, date: Date) -> Date {
        let (year, month, day) = (date.year(), date.month(), date.day());
        if month == 12 && day >= 25 {
            self.working_days_after(ymd(year + 1, 1, 1), 1)
        } else if month == 1 && day == 1 {
            self.working_days_after(date, 1)
        } else if month == 8 {
            self.working_days_beginning_with(ymd(year, 9, 1), 1)
        } else {
            date
        }
    }
}

/// Parses exactly `YYYY-MM-DD`, rejecting impossible days such as 2026-02-30.
pub fn parse_iso_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(format!("{text:?} is not a date in the form YYYY-MM-DD"));
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0i16, |n, c| n * 10 + i16::from(c - b'0'));
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    // Both casts are lossless: two decimal digits never exceed 99.
    Date::new(year, month as i8, day as i8).map_err(|_| format!("{text} is not a real date"))
}

fn ymd(year: i16, month: i8, day: i8) -> Date {
    jiff::civil::date(year, month, day)
}

/// "within N days of X" and "within N weeks of X" (7·N days): the trigger day is not counted.
pub fn days_after(date: Date, days: i32) -> Date {
    date.checked_add(Span::new().days(days)).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// "N days beginning with X": X is day 1.
pub fn days_beginning_with(date: Date, days: i32) -> Date {
    days_after(date, days - 1)
}

pub fn weeks_after(date: Date, weeks: i32) -> Date {
    days_after(date, 7 * weeks)
}

/// "N months after X": the same day of the month, or the month's last day where that day does
/// not exist (31 December + 2 months = 28 February). Negative N counts back the same way.
pub fn months_after(date: Date, months: i32) -> Date {
    date.checked_add(Span::new().months(months)).unwrap_or(if months < 0 { Date::MIN } else { Date::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal() -> &'static Calendar {
        Calendar::england_and_wales()
    }

    #[test]
    fn the_law_s_phrases_as_in_the_contract() {
        assert_eq!(weeks_after(date(2026, 1, 5), 6), date(2026, 2, 16));
        assert_eq!(days_beginning_with(date(2026, 4, 27), 15), date(2026, 5, 11));
        assert_eq!(days_after(date(2026, 5, 1), 15), date(2026, 5, 16));
        assert_eq!(cal().working_days_after(date(2026, 6, 1), 3), date(2026, 6, 4));
        assert_eq!(cal().working_days_after(date(2026, 8, 5), 3), date(2026, 8, 10));
        assert_eq!(cal().working_days_beginning_with(date(2026, 3, 2), 15), date(2026, 3, 20));
        assert_eq!(months_after(date(2026, 12, 31), 2), date(2027, 2, 28));
        assert_eq!(months_after(date(2027, 1, 4), -5), date(2026, 8, 4));
    }

    #[test]
    fn month_ends_and_leap_years_clamp_to_the_last_day() {
        assert_eq!(months_after(date(2026, 1, 31), 1), date(2026, 2, 28));
        assert_eq!(months_after(date(2028, 1, 31), 1), date(2028, 2, 29));
        assert_eq!(months_after(date(2028, 2, 29), 12), date(2029, 2, 28));
        assert_eq!(months_after(date(2026, 3, 31), -1), date(2026, 2, 28));
        assert_eq!(months_after(date(2026, 8, 31), 1), date(2026, 9, 30));
    }

    #[test]
    fn working_days_skip_christmas_and_easter() {
        // 2026: Good Friday 3 April, Easter Monday 6 April; Christmas 25 December, Boxing Day substitute 28 December.
        assert_eq!(cal().working_days_after(date(2026, 4, 2), 1), date(2026, 4, 7));
        assert_eq!(cal().working_days_after(date(2026, 12, 24), 1), date(2026, 12, 29));
        assert_eq!(cal().working_days_beginning_with(date(2026, 12, 25), 1), date(2026, 12, 29));
        assert_eq!(cal().working_days_after(date(2026, 12, 31), 1), date(2027, 1, 4));
        assert_eq!(cal().working_day_on_or_before(date(2026, 5, 25)), date(2026, 5, 22));
        assert_eq!(cal().working_day_on_or_before(date(2026, 4, 6)), date(2026, 4, 2));
    }

    #[test]
    fn appeal_deadlines_roll_past_august_and_christmas() {
        assert_eq!(cal().roll_appeal_deadline(date(2026, 8, 30)), date(2026, 9, 1));
        assert_eq!(cal().roll_appeal_deadline(date(2026, 8, 1)), date(2026, 9, 1));
        assert_eq!(cal().roll_appeal_deadline(date(2026, 12, 25)), date(2027, 1, 4));
        assert_eq!(cal().roll_appeal_deadline(date(2026, 12, 31)), date(2027, 1, 4));
        assert_eq!(cal().roll_appeal_deadline(date(2027, 1, 1)), date(2027, 1, 4));
        assert_eq!(cal().roll_appeal_deadline(date(2026, 12, 24)), date(2026, 12, 24));
        assert_eq!(cal().roll_appeal_deadline(date(2026, 7, 31)), date(2026, 7, 31));
        assert_eq!(cal().roll_appeal_deadline(date(2026, 9, 1)), date(2026, 9, 1));
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(parse_iso_date("2026-02-28"), Ok(date(2026, 2, 28)));
        assert!(parse_iso_date("2026-02-30").unwrap_err().contains("not a real date"));
        for bad in ["2026-2-28", "20260228", "2026-02-28T00:00", " 2026-02-28", "2026/02/28", ""] {
            assert!(parse_iso_date(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_replacement_table_reports_the_bad_line() {
        let err = Calendar::from_csv_str("date,name\n2027-01-01,New Year\n2027-13-01,Oops\n").unwrap_err();
        assert_eq!(err.line, 3);
        let only = Calendar::from_csv_str("date,name\n2026-06-03,Local holiday\n").unwrap();
        assert!(!only.is_working_day(date(2026, 6, 3)));
        assert!(only.is_working_day(date(2026, 12, 25)));
        assert!(Calendar::from_csv_str("date,name\n").is_err());
    }
}
