//! What the export reads from the standards copied into `standards/`: each collection's survey
//! day and the code lists, so a new year or a corrected list is a change of data, not of code.

use jiff::civil::Date;
use std::sync::LazyLock;

const SURVEY_DAYS: &str = include_str!("../standards/survey-days.csv");
const CODE_LISTS: &str = include_str!("../standards/sen2-codelists.json");

static LISTS: LazyLock<serde_json::Value> = LazyLock::new(|| {
    serde_json::from_str(CODE_LISTS).expect("the code lists are embedded and tested")
});

/// The survey day of the collection of `year`, when the standards give it.
pub fn reference_date(year: i16) -> Option<Date> {
    SURVEY_DAYS.lines().skip(1).find_map(|line| {
        let mut cells = line.split(',');
        let listed: i16 = cells.next()?.parse().ok()?;
        (listed == year).then(|| cells.next()?.parse().ok()).flatten()
    })
}

/// The years the standards give a survey day for.
pub fn years() -> Vec<i16> {
    SURVEY_DAYS.lines().skip(1).filter_map(|l| l.split(',').next()?.parse().ok()).collect()
}

/// Whether `code` is in the standards' list `list` (as `sen2-codelists.json` names it).
pub fn listed(list: &str, code: &str) -> bool {
    LISTS[list]["codes"].as_object().is_some_and(|codes| codes.contains_key(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survey_days_are_those_the_standards_give() {
        assert_eq!(reference_date(2026), Some(jiff::civil::date(2026, 1, 15)));
        assert_eq!(reference_date(2027), Some(jiff::civil::date(2027, 1, 21)));
        assert_eq!(reference_date(2023), None);
        assert_eq!(years(), [2024, 2025, 2026, 2027]);
    }

    #[test]
    fn the_records_vocabularies_are_the_standards_lists() {
        use sendcase_domain::clock::{CeaseReason, Named};
        use sendcase_domain::ehc::placements::{Residential, SenSetting};
        use sendcase_domain::needs::NeedType;
        assert!(SenSetting::ALL.iter().all(|s| listed("SENsetting", s.as_str())));
        assert!(CeaseReason::ALL.iter().all(|r| listed("CeaseReason", r.as_str())));
        assert!(Residential::ALL.iter().all(|r| listed("PlanRes_RES", r.as_str())));
        assert!(NeedType::ALL.iter().all(|n| listed("SENtype", n.code())));
    }

    #[test]
    fn code_lists_are_read_from_the_standards() {
        assert!(listed("SENtype", "DS") && !listed("SENtype", "NSA"));
        assert!(listed("CeaseReason", "9") && !listed("CeaseReason", "10"));
        assert!(!listed("NoSuchList", "A"));
    }
}
