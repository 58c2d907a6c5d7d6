//! A school's provision map: the interventions it runs beyond ordinary teaching, what each costs
//! per pupil, and whether pupils' measures moved between entry and exit (Code 6.76–6.79 on
//! evaluating provision and 6.99 on the notional SEN budget).

use crate::needs::BroadAreaOfNeed;
use serde::{Deserialize, Serialize};

/// An intervention as the school describes it. Money is in pence, so sums are exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intervention {
    pub name: String,
    pub area: BroadAreaOfNeed,
    pub group_size: u32,
    pub staff_role: String,
    pub sessions_per_week: u32,
    pub minutes_per_session: u32,
    pub weeks: u32,
    pub hourly_staff_cost_pence: u32,
}

impl Intervention {
    /// The staff time the whole intervention takes, priced.
    pub fn total_cost_pence(&self) -> u64 {
        let minutes = u64::from(self.sessions_per_week)
            * u64::from(self.minutes_per_session)
            * u64::from(self.weeks);
        (minutes * u64::from(self.hourly_staff_cost_pence) + 30) / 60
    }

    /// Each pupil's share of a group's staff time.
    pub fn cost_per_pupil_pence(&self) -> u64 {
        let size = u64::from(self.group_size.max(1));
        (self.total_cost_pence() + size / 2) / size
    }

    /// Checks what a form cannot: sizes and counts must be at least one and believable.
    pub fn check(&self) -> Vec<(&'static str, String)> {
        let mut errors = vec![];
        let mut within = |field: &'static str, value: u32, max: u32, what: &str| {
            if value == 0 || value > max {
                errors.push((field, format!("{what} must be between 1 and {max}")));
            }
        };
        within("group_size", self.group_size, 40, "Group size");
        within("sessions_per_week", self.sessions_per_week, 25, "Sessions a week");
        within("minutes_per_session", self.minutes_per_session, 300, "Minutes a session");
        within("weeks", self.weeks, 52, "Number of weeks");
        if self.hourly_staff_cost_pence > 20_000 {
            errors.push(("hourly_cost", "Hourly staff cost must be £200 or less".into()));
        }
        if self.name.trim().is_empty() {
            errors.push(("name", "Enter the intervention's name".into()));
        }
        if self.staff_role.trim().is_empty() {
            errors.push((
                "staff_role",
                "Enter who delivers it, for example teaching assistant".into(),
            ));
        }
        errors
    }
}

/// Entry and exit measures of one pupil on an intervention (a score on the same scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Measures {
    pub entry: Option<i32>,
    pub exit: Option<i32>,
}

/// What the measures say about an intervention.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Impact {
    pub pupils: usize,
    /// Pupils with both measures.
    pub measured: usize,
    pub improved: usize,
    pub mean_change: Option<f64>,
}

impl Impact {
    pub fn of(measures: &[Measures]) -> Impact {
        let changes: Vec<i32> = measures.iter().filter_map(|m| Some(m.exit? - m.entry?)).collect();
        let mean_change = (!changes.is_empty())
            .then(|| f64::from(changes.iter().sum::<i32>()) / changes.len() as f64);
        Impact {
            pupils: measures.len(),
            measured: changes.len(),
            improved: changes.iter().filter(|c| **c > 0).count(),
            mean_change,
        }
    }

    pub fn summary(&self) -> String {
        match self.mean_change {
            None => format!(
                "{} pupil{}, none measured at entry and exit yet",
                self.pupils,
                plural(self.pupils)
            ),
            Some(mean) => format!(
                "{} of {} measured pupil{} improved; average change {mean:+.1}",
                self.improved,
                self.measured,
                plural(self.measured)
            ),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Pence as pounds for people: £1,234.56.
pub fn pounds(pence: u64) -> String {
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

/// Pounds as a person types them ("18.50", "£18", "1,200") into pence.
pub fn parse_pounds(text: &str) -> Option<u32> {
    let clean: String = text.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    let (whole, frac) = clean.split_once('.').unwrap_or((&clean, "0"));
    if whole.is_empty()
        || frac.len() > 2
        || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    whole.parse::<u32>().ok()?.checked_mul(100)?.checked_add(frac.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading_group() -> Intervention {
        Intervention {
            name: "Precision teaching".into(),
            area: BroadAreaOfNeed::CognitionAndLearning,
            group_size: 3,
            staff_role: "Teaching assistant".into(),
            sessions_per_week: 3,
            minutes_per_session: 20,
            weeks: 10,
            hourly_staff_cost_pence: 1_850,
        }
    }

    #[test]
    fn cost_is_staff_time_priced_and_shared_by_the_group() {
        // 3 × 20 minutes × 10 weeks = 10 hours at £18.50.
        assert_eq!(reading_group().total_cost_pence(), 18_500);
        assert_eq!(reading_group().cost_per_pupil_pence(), 6_167);
        assert_eq!(pounds(6_167), "£61.67");
        assert_eq!(pounds(123_456_789), "£1,234,567.89");
        assert_eq!(pounds(5), "£0.05");
    }

    #[test]
    fn pounds_are_read_as_typed() {
        assert_eq!(parse_pounds("18.50"), Some(1_850));
        assert_eq!(parse_pounds("£18.5"), Some(1_850));
        assert_eq!(parse_pounds("1,200"), Some(120_000));
        for bad in ["", "abc", "1.234", "-3", "£"] {
            assert_eq!(parse_pounds(bad), None, "{bad}");
        }
    }

    #[test]
    fn impossible_interventions_are_named_field_by_field() {
        let mut i = reading_group();
        assert!(i.check().is_empty());
        i.group_size = 0;
        i.weeks = 60;
        i.staff_role = " ".into();
        let fields: Vec<_> = i.check().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["group_size", "weeks", "staff_role"]);
    }

    #[test]
    fn impact_counts_only_pupils_measured_twice() {
        let m = |entry, exit| Measures { entry, exit };
        let impact = Impact::of(&[m(Some(80), Some(92)), m(Some(85), Some(84)), m(Some(70), None)]);
        assert_eq!((impact.pupils, impact.measured, impact.improved), (3, 2, 1));
        assert_eq!(impact.summary(), "1 of 2 measured pupils improved; average change +5.5");
        assert_eq!(
            Impact::of(&[m(None, None)]).summary(),
            "1 pupil, none measured at entry and exit yet"
        );
    }
}
