//! Dates cross into the database as `time` values (which sqlx maps natively on both backends)
//! and come back out as `jiff` civil dates; nothing outside this crate sees `time`.

use crate::error::{StoreError, StoreResult};
use jiff::civil::Date;

pub(crate) fn to_db_date(d: Date) -> time::Date {
    let month = time::Month::try_from(d.month() as u8).expect("jiff months are 1–12");
    time::Date::from_calendar_date(i32::from(d.year()), month, d.day() as u8)
        .expect("every jiff civil date exists in the proleptic Gregorian calendar time uses")
}

pub(crate) fn from_db_date(d: time::Date) -> StoreResult<Date> {
    let year = i16::try_from(d.year())
        .map_err(|_| StoreError::Corrupt(format!("year {} out of range", d.year())))?;
    Date::new(year, u8::from(d.month()) as i8, d.day() as i8)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The first and last days a stored span of days may name. A span open at either end is stored
/// as reaching them rather than as NULL, so the filter for a day is two comparisons that an index
/// holding both columns can test without reading the row (migration 0077).
const SINCE_EVER: time::Date = day(1, time::Month::January, 1);
const FOR_EVER: time::Date = day(9999, time::Month::December, 31);

const fn day(year: i32, month: time::Month, day: u8) -> time::Date {
    match time::Date::from_calendar_date(year, month, day) {
        Ok(date) => date,
        Err(_) => panic!("a day that exists"),
    }
}

/// A span's first day as stored; `None` is open, from the earliest day there is.
pub(crate) fn to_db_span_start(from: Option<Date>) -> time::Date {
    from.map_or(SINCE_EVER, to_db_date)
}

/// A span's last day as stored; `None` is open, with no end.
pub(crate) fn to_db_span_end(until: Option<Date>) -> time::Date {
    until.map_or(FOR_EVER, to_db_date)
}

/// A stored span's first day, `None` if it is open.
pub(crate) fn from_db_span_start(from: time::Date) -> StoreResult<Option<Date>> {
    (from != SINCE_EVER).then(|| from_db_date(from)).transpose()
}

/// A stored span's last day, `None` if it is open.
pub(crate) fn from_db_span_end(until: time::Date) -> StoreResult<Option<Date>> {
    (until != FOR_EVER).then(|| from_db_date(until)).transpose()
}

pub(crate) fn to_db_time(t: jiff::Timestamp) -> time::OffsetDateTime {
    // Microseconds are what PostgreSQL keeps; truncating here makes both backends agree.
    let micros = t.as_microsecond();
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .expect("jiff timestamps are within time's range")
}

pub(crate) fn from_db_time(t: time::OffsetDateTime) -> StoreResult<jiff::Timestamp> {
    let micros = i64::try_from(t.unix_timestamp_nanos() / 1_000)
        .map_err(|_| StoreError::Corrupt(format!("time {t} out of range")))?;
    jiff::Timestamp::from_microsecond(micros).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn parse_stored<T: std::str::FromStr>(what: &str, text: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e| StoreError::Corrupt(format!("{what} \"{text}\": {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_and_times_round_trip() {
        for d in [date(2026, 1, 5), date(2024, 2, 29), date(1, 1, 1), date(9999, 12, 31)] {
            assert_eq!(from_db_date(to_db_date(d)).unwrap(), d);
        }
    }

    #[test]
    fn an_open_span_is_stored_reaching_the_first_or_last_day_and_read_back_open() {
        assert_eq!(from_db_span_start(to_db_span_start(None)).unwrap(), None);
        assert_eq!(from_db_span_end(to_db_span_end(None)).unwrap(), None);
        let day = date(2026, 12, 7);
        assert_eq!(from_db_span_start(to_db_span_start(Some(day))).unwrap(), Some(day));
        assert_eq!(from_db_span_end(to_db_span_end(Some(day))).unwrap(), Some(day));
        assert!(to_db_span_start(None) < to_db_date(date(1900, 1, 1)));
        assert!(to_db_span_end(None) > to_db_date(date(2200, 1, 1)));
    }
}
