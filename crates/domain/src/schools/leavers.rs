//! Pupils leaving a school: the day they come off roll, from the SENCO's page or the school's
//! leavers file (`UPN,DateLeft`). From that day the school no longer reaches their record; their
//! SEN history stays with them for the next school.

use crate::clock::calendar::parse_iso_date;
use crate::clock::long_date;
use crate::people::identifiers::Upn;
use jiff::civil::Date;

pub const LEAVERS_HEADER: &str = "UPN,DateLeft";

/// Why a pupil cannot be recorded as leaving on `left_on` (their first day off roll), if not.
pub fn leaving_date_problem(left_on: Date, today: Date) -> Option<String> {
    (left_on > today).then(|| {
        format!(
            "The date the pupil left cannot be after today, {}: record a leaver once they have gone",
            long_date(today)
        )
    })
}

/// One row of a leavers file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaverRow {
    pub line: usize,
    pub upn: Upn,
    pub left_on: Date,
}

/// Reads a whole leavers file as of `today`; any bad row fails it, each error naming its line.
pub fn read_leavers(text: &str, today: Date) -> Result<Vec<LeaverRow>, Vec<String>> {
    crate::csv_lines::read_file(text, LEAVERS_HEADER, |line, cols| {
        let upn = cols[0].parse::<Upn>().map_err(|e| format!("UPN \"{}\": {e}", cols[0]));
        let left_on = parse_iso_date(&cols[1])
            .map_err(|_| format!("DateLeft \"{}\" is not a real date (YYYY-MM-DD)", cols[1]))
            .and_then(|on| leaving_date_problem(on, today).map_or(Ok(on), Err));
        match (upn, left_on) {
            (Ok(upn), Ok(left_on)) => Ok(LeaverRow { line, upn, left_on }),
            (upn, left_on) => Err([upn.err(), left_on.err()].into_iter().flatten().collect()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_leavers_file_is_read_whole_or_refused_by_line() {
        let today = date(2026, 12, 3);
        let upn = crate::people::identifiers::synthetic_upn("886".parse().unwrap(), 1);
        let good = format!("{LEAVERS_HEADER}\n{upn},2026-11-30\n");
        assert_eq!(
            read_leavers(&good, today).unwrap(),
            vec![LeaverRow { line: 2, upn: upn.clone(), left_on: date(2026, 11, 30) }]
        );
        let bad = format!("{LEAVERS_HEADER}\nnope,2026-02-30\n{upn},2027-01-04\nshort\n");
        let errors = read_leavers(&bad, today).unwrap_err();
        assert!(errors[0].starts_with("line 2: UPN \"nope\""), "{errors:?}");
        assert_eq!(errors[1], "line 2: DateLeft \"2026-02-30\" is not a real date (YYYY-MM-DD)");
        assert!(errors[2].starts_with("line 3: The date the pupil left cannot be after today"));
        assert_eq!(errors[3], "line 4: expected 2 columns, found 1");
        assert!(read_leavers("UPN\n", today).unwrap_err()[0].contains("header must be"));
    }
}
