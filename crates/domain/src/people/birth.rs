//! Dates of birth a child or young person can have. A date in the future, or before 1900, is a
//! slip of the keyboard, and would make every age-based duty of the Code wrong.

use jiff::civil::{Date, date};

/// Why `birth` cannot be a date of birth on `today`, if it cannot.
pub fn birth_date_problem(birth: Date, today: Date) -> Option<&'static str> {
    if birth > today {
        Some("The date of birth must be in the past")
    } else if birth < date(1900, 1, 1) {
        Some("The date of birth must be in 1900 or later")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_birth_date_is_past_and_after_1900() {
        let today = date(2026, 12, 3);
        assert_eq!(birth_date_problem(date(2015, 3, 4), today), None);
        assert_eq!(birth_date_problem(today, today), None);
        assert_eq!(birth_date_problem(date(1900, 1, 1), today), None);
        assert!(birth_date_problem(date(2026, 12, 4), today).unwrap().contains("past"));
        assert!(birth_date_problem(date(1899, 12, 31), today).unwrap().contains("1900"));
    }
}
