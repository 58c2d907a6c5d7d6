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

/// The year group as the school census records it on `on`: `R` for Reception (and any child
/// younger), otherwise the national curriculum year's number.
pub fn census_year_group(birth: Date, on: Date) -> String {
    let year = national_curriculum_year(birth, on);
    if year <= 0 { "R".to_owned() } else { year.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_census_writes_reception_as_r() {
        let on = date(2025, 10, 2);
        assert_eq!(census_year_group(date(2021, 1, 5), on), "R");
        assert_eq!(census_year_group(date(2022, 1, 5), on), "R");
        assert_eq!(census_year_group(date(2017, 3, 14), on), "4");
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
