//! A pupil's year group, as the census records it (NCyearActual): Nursery 1 and 2, Reception,
//! Years 1 to 14. It follows from the date of birth and the school year, so it is never typed in;
//! a pupil taught out of their year group keeps the difference, with the reason, and moves up
//! with their class each September.

use crate::people::school_age::national_curriculum_year;
use jiff::civil::Date;

/// A national curriculum year: −2 is Nursery 1, −1 Nursery 2, 0 Reception, 1 to 14 Years 1–14.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearGroup(i8);

impl YearGroup {
    const FIRST: i8 = -2;
    const LAST: i8 = 14;

    /// Every year group, youngest first.
    pub fn all() -> impl Iterator<Item = YearGroup> {
        (Self::FIRST..=Self::LAST).map(YearGroup)
    }

    fn new(year: i16) -> Option<YearGroup> {
        let year = i8::try_from(year).ok()?;
        (Self::FIRST..=Self::LAST).contains(&year).then_some(YearGroup(year))
    }

    /// The year group a child born on `birth` is in on `on`, if any (none before Nursery 1 or
    /// after Year 14).
    pub fn for_birth(birth: Date, on: Date) -> Option<YearGroup> {
        YearGroup::new(i16::from(national_curriculum_year(birth, on)))
    }

    /// Reads a census code: `N1`, `N2`, `R` or `1` to `14`.
    pub fn parse(code: &str) -> Result<YearGroup, String> {
        let year = match code.trim() {
            "N1" => Some(-2),
            "N2" => Some(-1),
            "R" => Some(0),
            n => n.parse::<i16>().ok().filter(|n| (1..=14).contains(n)),
        };
        year.and_then(YearGroup::new)
            .ok_or_else(|| format!("Year group \"{code}\" is not N1, N2, R or 1 to 14"))
    }

    /// The national curriculum year: −2 and −1 for nursery, 0 for Reception.
    pub fn number(self) -> i8 {
        self.0
    }

    pub fn code(self) -> String {
        match self.0 {
            -2 => "N1".into(),
            -1 => "N2".into(),
            0 => "R".into(),
            n => n.to_string(),
        }
    }

    pub fn label(self) -> String {
        match self.0 {
            -2 => "Nursery 1".into(),
            -1 => "Nursery 2".into(),
            0 => "Reception".into(),
            n => format!("Year {n}"),
        }
    }

    /// Today's year group of a pupil recorded in `self` on `recorded_on`: as many years on as
    /// school years have passed, so an out-of-cohort pupil stays out of cohort.
    pub fn moved_on(self, birth: Date, recorded_on: Date, today: Date) -> Option<YearGroup> {
        let then = i16::from(national_curriculum_year(birth, recorded_on));
        let now = i16::from(national_curriculum_year(birth, today));
        YearGroup::new(i16::from(self.0) + now - then)
    }
}

/// The year group on `today` of a pupil born on `birth` whose register entry recorded `code` on
/// `recorded_on`. An entry without a valid year group (from before they were checked) counts as
/// the one the date of birth gives.
pub fn current_year_group(
    birth: Date,
    code: &str,
    recorded_on: Date,
    today: Date,
) -> Option<YearGroup> {
    match YearGroup::parse(code) {
        Ok(recorded) => recorded.moved_on(birth, recorded_on, today),
        Err(_) => YearGroup::for_birth(birth, today),
    }
}

/// How a page names the year group on `today` of a pupil born on `birth`: from their latest
/// register entry (its code, the day it was recorded, whether out of year group), or from the
/// date of birth if they have none.
pub fn year_group_label(birth: Date, latest: Option<(&str, Date, bool)>, today: Date) -> String {
    let (now, out_of_cohort) = match latest {
        Some((code, recorded_on, out)) => {
            (current_year_group(birth, code, recorded_on, today), out)
        }
        None => (YearGroup::for_birth(birth, today), false),
    };
    let label = now.map_or_else(|| "No year group".to_owned(), YearGroup::label);
    if out_of_cohort { format!("{label} (out of year group)") } else { label }
}

/// The year group to record for a pupil born on `birth`, on `on`: the one their date of birth
/// gives, unless `chosen` names another, which needs the reason the pupil is taught out of
/// their year group. Returns the year group and the reason, if it is out of cohort.
pub fn year_group_to_record(
    birth: Date,
    on: Date,
    chosen: &str,
    reason: &str,
) -> Result<(YearGroup, Option<String>), String> {
    let derived = YearGroup::for_birth(birth, on);
    if chosen.trim().is_empty() {
        return derived.map(|y| (y, None)).ok_or_else(|| {
            "The date of birth gives no school year group today: choose the year group the pupil is taught in, and say why".to_owned()
        });
    }
    let chosen = YearGroup::parse(chosen)?;
    if Some(chosen) == derived {
        return Ok((chosen, None));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        let born = birth.strftime("%-d %B %Y");
        let usual = derived.map_or("no year group".to_owned(), YearGroup::label);
        return Err(format!(
            "A pupil born on {born} is in {usual}: say why they are taught in {} instead",
            chosen.label()
        ));
    }
    Ok((chosen, Some(reason.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn census_codes_read_and_print_and_nothing_else_is_a_year_group() {
        for y in YearGroup::all() {
            assert_eq!(YearGroup::parse(&y.code()), Ok(y));
        }
        assert_eq!(YearGroup::parse("R").unwrap().label(), "Reception");
        assert_eq!(YearGroup::parse("N1").unwrap().label(), "Nursery 1");
        assert_eq!(YearGroup::parse("4").unwrap().label(), "Year 4");
        for bad in ["99", "Q", "0", "15", "Year 4", "", "-1"] {
            let why = YearGroup::parse(bad).unwrap_err();
            assert!(why.contains("is not N1, N2, R or 1 to 14"), "{bad}: {why}");
        }
    }

    #[test]
    fn the_date_of_birth_gives_the_year_group_and_it_moves_on_each_september() {
        let birth = date(2019, 3, 10);
        let year3 = YearGroup::for_birth(birth, date(2026, 12, 3)).unwrap();
        assert_eq!(year3.label(), "Year 3");
        assert_eq!(YearGroup::for_birth(birth, date(2027, 9, 1)).unwrap().label(), "Year 4");
        assert_eq!(YearGroup::for_birth(date(2024, 12, 1), date(2026, 12, 3)), None);
        // Recorded a year behind in 2025; still a year behind now.
        let behind = YearGroup::parse("1").unwrap();
        let now = behind.moved_on(birth, date(2025, 10, 2), date(2026, 12, 3)).unwrap();
        assert_eq!(now.label(), "Year 2");
        let today = date(2026, 12, 3);
        let current = |code| current_year_group(birth, code, date(2025, 10, 2), today);
        assert_eq!(current("1").unwrap().label(), "Year 2");
        assert_eq!(current("Year 99").unwrap().label(), "Year 3", "old junk reads as the cohort");
        let recorded = Some(("1", date(2025, 10, 2), true));
        assert_eq!(year_group_label(birth, recorded, today), "Year 2 (out of year group)");
        assert_eq!(year_group_label(birth, None, today), "Year 3");
        assert_eq!(year_group_label(date(2024, 12, 1), None, today), "No year group");
    }

    #[test]
    fn another_year_group_than_the_birth_date_gives_needs_a_reason() {
        let (birth, on) = (date(2019, 3, 10), date(2026, 12, 3));
        assert_eq!(year_group_to_record(birth, on, "", "").unwrap().0.label(), "Year 3");
        assert_eq!(year_group_to_record(birth, on, "3", "").unwrap().1, None);
        let why = year_group_to_record(birth, on, "2", " ").unwrap_err();
        assert_eq!(
            why,
            "A pupil born on 10 March 2019 is in Year 3: say why they are taught in Year 2 instead"
        );
        let (year, reason) =
            year_group_to_record(birth, on, "2", "Summer-born, parents asked").unwrap();
        assert_eq!(
            (year.label(), reason.as_deref()),
            ("Year 2".into(), Some("Summer-born, parents asked"))
        );
        assert!(year_group_to_record(birth, on, "99", "why").unwrap_err().contains("\"99\""));
        assert!(year_group_to_record(date(2025, 1, 1), on, "", "").is_err());
    }
}
