//! Preparing for adulthood in section E (Code 8.9–8.12, 9.69): from Year 9 a plan's outcomes
//! look to adult life, and each of the four areas has at least one outcome aimed at it.

use super::EhcPlan;
use crate::ehc::reviews::covers_preparing_for_adulthood;
use serde::{Deserialize, Serialize};

/// The four preparing-for-adulthood outcomes (Code 8.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdulthoodArea {
    Employment,
    IndependentLiving,
    Community,
    Health,
}

impl AdulthoodArea {
    pub const ALL: [AdulthoodArea; 4] = [
        AdulthoodArea::Employment,
        AdulthoodArea::IndependentLiving,
        AdulthoodArea::Community,
        AdulthoodArea::Health,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AdulthoodArea::Employment => "employment",
            AdulthoodArea::IndependentLiving => "independent_living",
            AdulthoodArea::Community => "community",
            AdulthoodArea::Health => "health",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AdulthoodArea::Employment => "Higher education or employment",
            AdulthoodArea::IndependentLiving => "Independent living",
            AdulthoodArea::Community => "Friends, relationships and community",
            AdulthoodArea::Health => "Good health",
        }
    }

    pub fn parse(code: &str) -> Option<AdulthoodArea> {
        AdulthoodArea::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Why `plan` cannot be issued for a pupil in national curriculum year `nc_year`: from Year 9,
/// the areas of preparing for adulthood that no outcome in section E is aimed at.
pub fn adulthood_check(plan: &EhcPlan, nc_year: i8) -> Result<(), String> {
    if !covers_preparing_for_adulthood(nc_year) {
        return Ok(());
    }
    let missing: Vec<String> = AdulthoodArea::ALL
        .into_iter()
        .filter(|area| !plan.e.iter().any(|o| o.adulthood == Some(*area)))
        .map(|area| area.label().to_lowercase())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "From Year 9 section E needs an outcome for each area of preparing for adulthood; none is for {}",
        join_and(&missing)
    ))
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ehc::plan::Outcome;

    fn outcome(area: Option<AdulthoodArea>) -> Outcome {
        Outcome {
            description: "Travels to college on the bus alone".into(),
            success_looks_like: "Three journeys a week without an adult".into(),
            by_when: None,
            adulthood: area,
        }
    }

    #[test]
    fn before_year_9_no_area_is_needed() {
        assert_eq!(adulthood_check(&EhcPlan::default(), 8), Ok(()));
    }

    #[test]
    fn from_year_9_each_area_needs_an_outcome() {
        let mut plan = EhcPlan { e: vec![outcome(None)], ..EhcPlan::default() };
        assert_eq!(
            adulthood_check(&plan, 9),
            Err("From Year 9 section E needs an outcome for each area of preparing for adulthood; none is for higher education or employment, independent living, friends, relationships and community and good health".into())
        );
        plan.e = AdulthoodArea::ALL[..3].iter().map(|a| outcome(Some(*a))).collect();
        assert_eq!(
            adulthood_check(&plan, 12),
            Err("From Year 9 section E needs an outcome for each area of preparing for adulthood; none is for good health".into())
        );
        plan.e.push(outcome(Some(AdulthoodArea::Health)));
        assert_eq!(adulthood_check(&plan, 9), Ok(()));
    }

    #[test]
    fn codes_read_back() {
        for area in AdulthoodArea::ALL {
            assert_eq!(AdulthoodArea::parse(area.code()), Some(area));
        }
        assert_eq!(AdulthoodArea::parse("leisure"), None);
    }
}
