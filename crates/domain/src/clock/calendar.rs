//! Civil-date arithmetic as the SEND Regulations phrase it ("within 6 weeks of", "15 days
//! beginning with", "15 working days"), and the bank-holiday table that defines a working day.

use jiff::civil::Date;
use std::sync::LazyLock;

/// The default table, copied from `shared/standards/bank-holidays-england-and-wales.csv`
/// (see `data/README.md`); replaceable at run time with [`Calendar::from_csv_str`].
const ENGLAND_AND_WALES_CSV: &str = include_str!("../../data/bank-holidays-england-and-wales.csv");

static ENGLAND_AND_WALES: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_csv_str(ENGLAND_AND_WALES_CSV).expect("the embedded bank-holiday table is valid")
});

/// The days that are not working days besides weekends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The bank holidays as a bitmap of days from `first_holiday`, for the clock's hot loop.
    first_holiday: Day,
    holiday_bits: Vec<u64>,
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
        for (line, row) in crate::csv_lines::numbered_records(text) {
            let row = row.map_err(|e| CalendarError { line, problem: e.to_string() })?;
            let field = row.get(0).unwrap_or_default();
            if field.is_empty() || (line == 1 && field.starts_with("date")) {
                continue;
            }
            let date = parse_iso_date(field).map_err(|problem| CalendarError { line, problem })?;
            bank_holidays.push(date);
        }
        if bank_holidays.is_empty() {
            return Err(CalendarError {
                line: 1,
                problem: "the table lists no bank holidays".into(),
            });
        }
        bank_holidays.sort_unstable();
        bank_holidays.dedup();
        let first_holiday = Day::of(bank_holidays[0]);
        let span = Day::of(bank_holidays[bank_holidays.len() - 1]).0 - first_holiday.0 + 1;
        let mut holiday_bits = vec![0u64; (span as usize).div_ceil(64)];
        for &d in &bank_holidays {
            let offset = (Day::of(d).0 - first_holiday.0) as usize;
            holiday_bits[offset / 64] |= 1 << (offset % 64);
        }
        Ok(Calendar { first_holiday, holiday_bits })
    }

    /// Every bank holiday in the table, in order.
    pub fn bank_holidays(&self) -> impl Iterator<Item = Date> + '_ {
        let first = self.first_holiday;
        self.holiday_bits.iter().enumerate().flat_map(move |(word, bits)| {
            (0..64)
                .filter(move |bit| bits & (1u64 << bit) != 0)
                .map(move |bit| first.plus((word * 64 + bit) as i32).date())
        })
    }

    pub fn is_bank_holiday(&self, date: Date) -> bool {
        self.is_holiday(Day::of(date))
    }

    /// Monday to Friday and not a bank holiday.
    pub fn is_working_day(&self, date: Date) -> bool {
        self.is_working(Day::of(date))
    }

    /// "within N working days of X": the N-th working day after X, X itself not counted.
    pub fn working_days_after(&self, start: Date, n: u32) -> Date {
        self.working_days_after_day(Day::of(start), n).date()
    }

    /// "N working days beginning with X": X is day 1 when it is a working day.
    pub fn working_days_beginning_with(&self, start: Date, n: u32) -> Date {
        self.working_days_beginning_with_day(Day::of(start), n).date()
    }

    /// The latest working day on or before `date`: the day to plan for.
    pub fn working_day_on_or_before(&self, date: Date) -> Date {
        self.working_day_on_or_before_day(Day::of(date)).date()
    }

    /// The Tribunal's practice for appeal deadlines: one ending 25 December–1 January moves to the
    /// first working day after 1 January, one ending in August to the first working day of September.
    pub fn roll_appeal_deadline(&self, date: Date) -> Date {
        let (year, month, day) = (date.year(), date.month(), date.day());
        if month == 12 && day >= 25 {
            self.working_days_after(jiff::civil::date(year + 1, 1, 1), 1)
        } else if month == 1 && day == 1 {
            self.working_days_after(date, 1)
        } else if month == 8 {
            self.working_days_beginning_with(jiff::civil::date(year, 9, 1), 1)
        } else {
            date
        }
    }

    fn is_holiday(&self, day: Day) -> bool {
        let Ok(offset) = usize::try_from(day.0 - self.first_holiday.0) else { return false };
        self.holiday_bits.get(offset / 64).is_some_and(|bits| bits & (1 << (offset % 64)) != 0)
    }

    pub(crate) fn is_working(&self, day: Day) -> bool {
        day.weekday() < 5 && !self.is_holiday(day)
    }

    pub(crate) fn working_days_after_day(&self, start: Day, n: u32) -> Day {
        let mut day = start;
        // The weekday is carried along rather than recomputed for each day.
        let mut weekday = start.weekday();
        let mut counted = 0;
        while counted < n {
            day = day.plus(1);
            weekday = if weekday == 6 { 0 } else { weekday + 1 };
            if weekday < 5 && !self.is_holiday(day) {
                counted += 1;
            }
        }
        day
    }

    pub(crate) fn working_days_beginning_with_day(&self, start: Day, n: u32) -> Day {
        if n == 0 {
            return start;
        }
        let first =
            if self.is_working(start) { start } else { self.working_days_after_day(start, 1) };
        self.working_days_after_day(first, n - 1)
    }

    pub(crate) fn working_day_on_or_before_day(&self, day: Day) -> Day {
        let mut d = day;
        while !self.is_working(d) {
            d = d.plus(-1);
        }
        d
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
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0i16, |n, c| n * 10 + i16::from(c - b'0'));
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    // Both casts are lossless: two decimal digits never exceed 99.
    Date::new(year, month as i8, day as i8).map_err(|_| format!("{text} is not a real date"))
}

/// A civil date as a count of days since 1 January 1970, so the clock's hot loop adds and
/// compares integers; it converts to and from [`Date`] at its edges only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Day(i32);

impl Day {
    pub(crate) fn of(date: Date) -> Day {
        let (y, m, d) = (i32::from(date.year()), i32::from(date.month()), i32::from(date.day()));
        match usize::try_from((y - TABLE_FIRST_YEAR) * 12 + m - 1) {
            Ok(i) if i < MONTH_STARTS.len() => Day(MONTH_STARTS[i] + d - 1),
            _ => Day(days_from_civil(y, m, d)),
        }
    }

    pub(crate) fn date(self) -> Date {
        match usize::try_from(self.0 - TABLE_FIRST_DAY) {
            Ok(i) if i < TABLE_DAYS => DATES[i],
            _ => {
                let (y, m, d) = civil_from_days(self.0);
                clamp_to_date(y, m, d)
            }
        }
    }

    /// Monday is 0 and Sunday 6. Day 0, 1 January 1970, was a Thursday.
    fn weekday(self) -> i32 {
        self.0.wrapping_add(3).rem_euclid(7)
    }

    pub(crate) fn plus(self, days: i32) -> Day {
        Day(self.0.saturating_add(days))
    }
}

// Day numbers of the first of each month in the years the clock meets in practice, built at
// compile time so converting a date is one table read; other years use the general algorithm.
const TABLE_FIRST_YEAR: i32 = 1900;
const TABLE_YEARS: usize = 400;
static MONTH_STARTS: [i32; TABLE_YEARS * 12] = {
    let mut starts = [0; TABLE_YEARS * 12];
    let mut i = 0;
    while i < TABLE_YEARS * 12 {
        starts[i] = days_from_civil(TABLE_FIRST_YEAR + (i / 12) as i32, (i % 12) as i32 + 1, 1);
        i += 1;
    }
    starts
};
const DAYS_BEFORE_MONTH: [[i32; 12]; 2] = [
    [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
    [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335],
];

// Every date of 2000–2099 by day number, built at compile time, so turning a deadline back into
// a date is one read of a table the clock's dates stay near, without checking the date again.
const TABLE_FIRST_DATE_YEAR: i32 = 2000;
const TABLE_FIRST_DAY: i32 = days_from_civil(TABLE_FIRST_DATE_YEAR, 1, 1);
const TABLE_DAYS: usize =
    (days_from_civil(TABLE_FIRST_DATE_YEAR + 100, 1, 1) - TABLE_FIRST_DAY) as usize;
static DATES: [Date; TABLE_DAYS] = {
    let mut table = [Date::MIN; TABLE_DAYS];
    let (mut i, mut year) = (0, 0);
    while year < 100 {
        let leap = is_leap(TABLE_FIRST_DATE_YEAR + year) as usize;
        let mut month = 0;
        while month < 12 {
            let next =
                if month == 11 { 365 + leap as i32 } else { DAYS_BEFORE_MONTH[leap][month + 1] };
            let mut day = 1;
            while day <= next - DAYS_BEFORE_MONTH[leap][month] {
                let y = (TABLE_FIRST_DATE_YEAR + year) as i16;
                table[i] = Date::constant(y, month as i8 + 1, day as i8);
                (i, day) = (i + 1, day + 1);
            }
            month += 1;
        }
        year += 1;
    }
    table
};

const fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days since 1 January 1970 by the proleptic Gregorian calendar ("days from civil").
const fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i32) -> (i32, i32, i32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (year_of_era + era * 400 + i32::from(m <= 2), m, d)
}

/// A date from parts known to be in range for the month, saturating at jiff's limits.
fn clamp_to_date(year: i32, month: i32, day: i32) -> Date {
    match i16::try_from(year) {
        // Month and day come from calendar arithmetic, so they are valid for the month.
        Ok(y) if (-9999..=9999).contains(&y) => {
            Date::new(y, month as i8, day as i8).unwrap_or(Date::MAX)
        }
        _ if year < 0 => Date::MIN,
        _ => Date::MAX,
    }
}

/// "within N days of X" and "within N weeks of X" (7·N days): the trigger day is not counted.
pub fn days_after(date: Date, days: i32) -> Date {
    Day::of(date).plus(days).date()
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
    let index = i32::from(date.year()) * 12 + i32::from(date.month()) - 1 + months;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let last = match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    };
    clamp_to_date(year, month, i32::from(date.day()).min(last))
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

    proptest::proptest! {
        #[test]
        fn day_and_month_arithmetic_agrees_with_jiff(y in 1500i16..2500, m in 1i8..=12, d in 1i8..=31, n in -4000i32..4000, months in -40i32..40) {
            let Ok(start) = Date::new(y, m, d) else { return Ok(()) };
            proptest::prop_assert_eq!(days_after(start, n), start.checked_add(jiff::Span::new().days(n)).unwrap());
            proptest::prop_assert_eq!(months_after(start, months), start.checked_add(jiff::Span::new().months(months)).unwrap());
            proptest::prop_assert_eq!(Calendar::england_and_wales().is_working_day(start),
                !matches!(start.weekday(), jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday)
                    && !Calendar::england_and_wales().is_bank_holiday(start));
        }
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
        let err = Calendar::from_csv_str("date,name\n2027-01-01,New Year\n2027-13-01,Oops\n")
            .unwrap_err();
        assert_eq!(err.line, 3);
        let only = Calendar::from_csv_str("date,name\n2026-06-03,Local holiday\n").unwrap();
        assert!(!only.is_working_day(date(2026, 6, 3)));
        assert!(only.is_working_day(date(2026, 12, 25)));
        assert!(Calendar::from_csv_str("date,name\n").is_err());
        let listed: Vec<Date> = only.bank_holidays().collect();
        assert_eq!(listed, [jiff::civil::date(2026, 6, 3)]);
        assert!(
            Calendar::england_and_wales()
                .bank_holidays()
                .all(|d| { Calendar::england_and_wales().is_bank_holiday(d) })
        );
        assert!(Calendar::england_and_wales().bank_holidays().count() > 50);
    }
}
