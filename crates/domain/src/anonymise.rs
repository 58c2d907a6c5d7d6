//! What anonymising a child's record takes out and what it keeps, once its retention has passed
//! (`retention::Disposal::Anonymise`). The SEN2 returns already made, and the caseload's counts,
//! were computed from the record's dated events, need types, placements and outcomes, so those
//! are kept; whatever names or identifies the child or their family goes. The store applies this
//! table by table (`crates/store/src/anonymise.rs`); `docs/retention.md` says it in words.

use jiff::civil::Date;

/// The name an anonymised record is shown under.
pub const GIVEN_NAME: &str = "Anonymised";
pub const FAMILY_NAME: &str = "record";

/// The date of birth kept: its month and year only (the first of the month), since a census
/// year group and an age at a census day need no more, and the day itself helps identify.
pub fn birth_date(born: Date) -> Date {
    born.first_of_month()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn only_the_month_and_year_of_birth_are_kept() {
        assert_eq!(birth_date(date(1995, 5, 17)), date(1995, 5, 1));
        assert_eq!(birth_date(date(1992, 2, 29)), date(1992, 2, 1));
    }
}
