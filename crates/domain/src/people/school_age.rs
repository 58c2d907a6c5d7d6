//! Ages and school years in England: the school year runs 1 September to 31 August, and
//! compulsory school age ends on the last Friday of June of the school year in which a child turns 16.

use jiff::civil::{Date, Weekday};

/// The calendar year in which the school year containing `d` ends (2026 for 2025/26).
fn school_year_ending(d: Date) -> i16 {
    if d.month() >= 9 { d.year().saturating_add(1) } else { d.year() }
}

/// The last Friday of June in `year`.
fn last_friday_of_june(year: i16) -> Date {
    let june30 =
        Date::new(year.clamp(-9998, 9998), 6, 30).expect("30 June exists in every supported year");
    let back = (june30.weekday().to_monday_zero_offset() - Weekday::Friday.to_monday_zero_offset())
        .rem_euclid(7);
    june30.saturating_sub(jiff::Span::new().days(i64::from(back)))
}

/// When the child stops being of compulsory school age and, under the Children and Families Act
/// 2014 s83(2), becomes a young person who makes decisions for themselves.
pub fn compulsory_school_age_ends(birth: Date) -> Date {
    // Born 1 September–31 August: turns 16 in the school year ending in the June after (birth year + 16)'s August.
    let sixteenth_year_ends = school_year_ending(birth).saturating_add(16);
    last_friday_of_june(sixteenth_year_ends)
}

/// A young person: over compulsory school age and under 25.
pub fn is_young_person(birth: Date, on: Date) -> bool {
    on >= compulsory_school_age_ends(birth) && age_on(birth, on) < 25
}

/// Age in whole years on `on` (someone born on 29 February has a birthday on 28 February in other years).
pub fn age_on(birth: Date, on: Date) -> i16 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// National curriculum year group on `on`: Reception is 0, Year 1 is 1, … Year 13 is 13;
/// negative before Reception (−1 is the year before, usually nursery).
pub fn national_curriculum_year(birth: Date, on: Date) -> i8 {
    // A child enters Reception in the September after their fourth birthday's school year starts.
    let years = school_year_ending(on) - school_year_ending(birth) - 5;
    years.clamp(i16::from(i8::MIN), i16::from(i8::MAX)) as i8
}

/// The first and last dates of birth of the children in national curriculum year `year` on `on`.
pub fn births_in_year(year: i8, on: Date) -> (Date, Date) {
    let ends = school_year_ending(on) - 5 - i16::from(year);
    let first = Date::new(ends.saturating_sub(1).clamp(-9998, 9998), 9, 1);
    let last = Date::new(ends.clamp(-9998, 9998), 8, 31);
    (first.unwrap_or(Date::MIN), last.unwrap_or(Date::MAX))
}

/// The first and last days of the school term `on` falls in, as terms usually run: autumn from
/// 1 September, spring from 1 January, summer from 1 April, each holiday counted with the term
/// before it.
pub fn term_around(on: Date) -> (Date, Date) {
    let y = on.year();
    let (first, last) = match on.month() {
        9..=12 => ((y, 9, 1), (y, 12, 31)),
        1..=3 => ((y, 1, 1), (y, 3, 31)),
        _ => ((y, 4, 1), (y, 8, 31)),
    };
    let day = |(y, m, d): (i16, i8, i8)| Date::new(y, m, d).unwrap_or(on);
    (day(first), day(last))
}

/// The school term after the one `on` falls in.
pub fn next_term(on: Date) -> (Date, Date) {
    let (_, last) = term_around(on);
    term_around(last.tomorrow().unwrap_or(last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_next_term_follows_this_one() {
        assert_eq!(next_term(date(2026, 12, 3)), (date(2027, 1, 1), date(2027, 3, 31)));
        assert_eq!(next_term(date(2027, 8, 31)), (date(2027, 9, 1), date(2027, 12, 31)));
    }

    #[test]
    fn a_term_runs_to_the_next_one() {
        assert_eq!(term_around(date(2026, 12, 3)), (date(2026, 9, 1), date(2026, 12, 31)));
        assert_eq!(term_around(date(2027, 3, 31)), (date(2027, 1, 1), date(2027, 3, 31)));
        assert_eq!(term_around(date(2027, 8, 20)), (date(2027, 4, 1), date(2027, 8, 31)));
    }

    #[test]
    fn a_year_group_is_the_children_born_in_one_school_year() {
        let on = date(2026, 12, 3);
        assert_eq!(births_in_year(6, on), (date(2015, 9, 1), date(2016, 8, 31)));
        for year in -2..=20 {
            let (first, last) = births_in_year(year, on);
            assert_eq!(national_curriculum_year(first, on), year);
            assert_eq!(national_curriculum_year(last, on), year);
            assert_eq!(national_curriculum_year(first.yesterday().unwrap(), on), year + 1);
            assert_eq!(national_curriculum_year(last.tomorrow().unwrap(), on), year - 1);
        }
    }

    #[test]
    fn compulsory_school_age_ends_on_the_last_friday_of_june() {
        // statutory.md §3.1: in 2026 that is Friday 26 June.
        assert_eq!(compulsory_school_age_ends(date(2010, 3, 10)), date(2026, 6, 26));
        // 31 August and 1 September births fall in different school years.
        assert_eq!(compulsory_school_age_ends(date(2010, 8, 31)), date(2026, 6, 26));
        assert_eq!(compulsory_school_age_ends(date(2010, 9, 1)), date(2027, 6, 25));
    }

    #[test]
    fn ages_and_year_groups() {
        assert_eq!(age_on(date(2012, 2, 29), date(2026, 2, 28)), 13);
        assert_eq!(age_on(date(2012, 2, 29), date(2026, 3, 1)), 14);
        assert_eq!(national_curriculum_year(date(2021, 9, 1), date(2026, 9, 1)), 0);
        assert_eq!(national_curriculum_year(date(2021, 8, 31), date(2026, 9, 1)), 1);
        assert_eq!(national_curriculum_year(date(2010, 3, 10), date(2026, 1, 10)), 11);
        assert!(is_young_person(date(2009, 6, 15), date(2026, 11, 23)));
        assert!(!is_young_person(date(2012, 6, 15), date(2026, 11, 23)));
    }
}
