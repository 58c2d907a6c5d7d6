//! Section I's settings as dated placements, in the terms the SEN2 return counts them (items
//! 4.7 and 5.7): the organisation by its URN or UKPRN, or, for a setting with neither, the kind
//! of arrangement; the rank, residential weeks and work-based learning. A placement is
//! recorded once and ended once, so the return can say which setting a plan named on any day.

use super::records::CaseRecordKind;
use crate::clock::duty::named;
use crate::clock::long_date;
use crate::people::identifiers::{Ukprn, Urn};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

named!(
    /// SEN2's `SENsetting`: a setting that has no URN or UKPRN.
    SenSetting {
        Ola = "OLA",
        Opa = "OPA",
        Ehe = "EHE",
        Eyp = "EYP",
        Oth = "OTH",
        Neet = "NEET",
        Niec = "NIEC",
        Nieo = "NIEO",
    }
);

impl SenSetting {
    pub fn label(self) -> &'static str {
        use SenSetting::*;
        match self {
            Ola => "Arranged by the council otherwise than in a school (section 61)",
            Opa => "Arranged by the parents or young person (section 42(5)), not home education",
            Ehe => "Elective home education",
            Eyp => "Early years provider with no URN",
            Oth => "A type of setting named, but no setting",
            Neet => "Not in education, employment or training (16 to 25)",
            Niec => "Not in education or training: notice to cease issued",
            Nieo => "Not in education or training: other reason",
        }
    }
}

named!(
    /// SEN2's `PlanRes` and `RES`: how many weeks a year a residential placement runs.
    Residential { WeeksUpTo51 = "A", Weeks52 = "B" }
);

impl Residential {
    pub fn label(self) -> &'static str {
        match self {
            Residential::WeeksUpTo51 => "Residential, 38 to 51 weeks a year",
            Residential::Weeks52 => "Residential, 52 weeks a year",
        }
    }
}

/// Where the child or young person is placed: an establishment in GIAS by its URN, a provider
/// on the UK Register of Learning Providers by its UKPRN, or an arrangement with neither.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacedAt {
    Establishment(Urn),
    Provider(Ukprn),
    Other { setting: SenSetting, details: String },
}

/// 1 for the main placement, 2 for a second one at the same time (SEN2 `PlacementRank`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct PlacementRank(u8);

impl PlacementRank {
    pub const MAIN: PlacementRank = PlacementRank(1);
    pub const SECOND: PlacementRank = PlacementRank(2);

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for PlacementRank {
    type Error = String;
    fn try_from(rank: u8) -> Result<Self, String> {
        match rank {
            1 | 2 => Ok(PlacementRank(rank)),
            _ => Err(format!("a placement rank is 1 (main) or 2 (second), not {rank}")),
        }
    }
}

impl From<PlacementRank> for u8 {
    fn from(rank: PlacementRank) -> u8 {
        rank.0
    }
}

/// One placement as the caseworker records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub at: PlacedAt,
    /// The setting's name as the plan gives it, for people to read.
    pub name: String,
    pub rank: PlacementRank,
    pub residential: Option<Residential>,
    /// A supported internship, apprenticeship or traineeship.
    pub work_based: bool,
    pub sen_unit: bool,
    pub resourced_provision: bool,
    pub starts: Date,
    pub ends: Option<Date>,
}

impl Placement {
    /// The placement in words, for the plan's page.
    pub fn describe(&self) -> String {
        let mut text = match &self.at {
            PlacedAt::Establishment(urn) => format!("{} (URN {urn})", self.name),
            PlacedAt::Provider(ukprn) => format!("{} (UKPRN {ukprn})", self.name),
            PlacedAt::Other { setting, details } if details.trim().is_empty() => {
                setting.label().to_owned()
            }
            PlacedAt::Other { setting, details } => format!("{}: {details}", setting.label()),
        };
        text.push_str(if self.rank == PlacementRank::MAIN {
            ", main placement"
        } else {
            ", second placement"
        });
        let flags = [
            self.residential.map(|r| r.label().to_lowercase()),
            self.work_based.then(|| "work-based learning".to_owned()),
            self.sen_unit.then(|| "in the SEN unit".to_owned()),
            self.resourced_provision.then(|| "in the resourced provision".to_owned()),
        ];
        for flag in flags.into_iter().flatten() {
            text.push_str(", ");
            text.push_str(&flag);
        }
        text.push_str(&format!(", from {}", long_date(self.starts)));
        if let Some(end) = self.ends {
            text.push_str(&format!(" to {}", long_date(end)));
        }
        text
    }

    pub fn covers(&self, on: Date) -> bool {
        self.starts <= on && self.ends.is_none_or(|end| on <= end)
    }

    /// Whether the two are ever in place on the same day.
    fn overlaps(&self, other: &Placement) -> bool {
        let before = |a: &Placement, b: &Placement| a.ends.is_some_and(|end| end < b.starts);
        !before(self, other) && !before(other, self)
    }
}

/// A placement recorded on a plan; `number` counts from 1 within the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementRecorded {
    pub number: u32,
    pub placement: Placement,
}

impl CaseRecordKind for PlacementRecorded {
    const KIND: &'static str = "placement";
}

/// The last day of placement `number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementEnded {
    pub number: u32,
    pub ends: Date,
}

impl CaseRecordKind for PlacementEnded {
    const KIND: &'static str = "placement_ended";
}

/// A plan's placements as they stand: each recorded one with its end, if any.
pub fn placements(
    recorded: &[PlacementRecorded],
    ended: &[PlacementEnded],
) -> Vec<PlacementRecorded> {
    recorded
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if let Some(end) = ended.iter().rev().find(|e| e.number == r.number) {
                r.placement.ends = Some(end.ends);
            }
            r
        })
        .collect()
}

/// Why `new` cannot join the plan's placements `existing`, as `(field, message)`: it ends
/// before it starts, or another placement holds its rank on some day they share.
pub fn placement_problem(
    existing: &[PlacementRecorded],
    new: &Placement,
) -> Option<(&'static str, &'static str)> {
    if new.ends.is_some_and(|end| end < new.starts) {
        return Some(("ends-day", "The placement cannot end before it starts"));
    }
    if let PlacedAt::Other { setting: SenSetting::Oth, details } = &new.at
        && details.trim().is_empty()
    {
        return Some(("details", "Say what type of setting the plan names"));
    }
    let clash = existing.iter().any(|r| r.placement.rank == new.rank && r.placement.overlaps(new));
    clash.then_some((
        "rank",
        "Another placement has this rank at the same time: a plan has one main placement and at most one second",
    ))
}

/// Why placement `number` cannot end on `ends`, as `(field, message)`.
pub fn ending_problem(
    current: &[PlacementRecorded],
    number: u32,
    ends: Date,
) -> Option<(&'static str, &'static str)> {
    match current.iter().find(|r| r.number == number) {
        None => Some(("placement", "Choose a placement of this plan")),
        Some(r) if r.placement.ends.is_some() => Some(("placement", "That placement has ended")),
        Some(r) if ends < r.placement.starts => {
            Some(("ends-day", "The placement cannot end before it starts"))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at_school(rank: PlacementRank, starts: Date, ends: Option<Date>) -> Placement {
        Placement {
            at: PlacedAt::Establishment("100001".parse().unwrap()),
            name: "Oakfield Primary School".into(),
            rank,
            residential: None,
            work_based: false,
            sen_unit: false,
            resourced_provision: false,
            starts,
            ends,
        }
    }

    fn recorded(number: u32, placement: Placement) -> PlacementRecorded {
        PlacementRecorded { number, placement }
    }

    #[test]
    fn a_rank_is_held_by_one_placement_at_a_time() {
        let first = recorded(1, at_school(PlacementRank::MAIN, date(2025, 9, 3), None));
        let same_time = at_school(PlacementRank::MAIN, date(2026, 1, 5), None);
        assert_eq!(placement_problem(std::slice::from_ref(&first), &same_time).unwrap().0, "rank");
        let second = at_school(PlacementRank::SECOND, date(2026, 1, 5), None);
        assert_eq!(placement_problem(std::slice::from_ref(&first), &second), None);
        let ended =
            recorded(1, at_school(PlacementRank::MAIN, date(2025, 9, 3), Some(date(2025, 12, 19))));
        assert_eq!(placement_problem(&[ended], &same_time), None);
    }

    #[test]
    fn a_placement_ends_after_it_starts() {
        let backwards = at_school(PlacementRank::MAIN, date(2026, 1, 5), Some(date(2026, 1, 4)));
        assert_eq!(placement_problem(&[], &backwards).unwrap().0, "ends-day");
        let one_day = at_school(PlacementRank::MAIN, date(2026, 1, 5), Some(date(2026, 1, 5)));
        assert_eq!(placement_problem(&[], &one_day), None);
        assert!(one_day.covers(date(2026, 1, 5)) && !one_day.covers(date(2026, 1, 6)));
    }

    #[test]
    fn a_setting_of_another_type_says_which() {
        let mut other = at_school(PlacementRank::MAIN, date(2026, 1, 5), None);
        other.at = PlacedAt::Other { setting: SenSetting::Oth, details: " ".into() };
        assert_eq!(placement_problem(&[], &other).unwrap().0, "details");
        other.at = PlacedAt::Other { setting: SenSetting::Oth, details: "A special school".into() };
        assert_eq!(placement_problem(&[], &other), None);
    }

    #[test]
    fn ending_a_placement_keeps_its_dates_in_order() {
        let current = [recorded(1, at_school(PlacementRank::MAIN, date(2025, 9, 3), None))];
        assert_eq!(ending_problem(&current, 2, date(2026, 1, 1)).unwrap().0, "placement");
        assert_eq!(ending_problem(&current, 1, date(2025, 9, 2)).unwrap().0, "ends-day");
        assert_eq!(ending_problem(&current, 1, date(2025, 12, 19)), None);
        let ended = placements(&current, &[PlacementEnded { number: 1, ends: date(2025, 12, 19) }]);
        assert_eq!(ended[0].placement.ends, Some(date(2025, 12, 19)));
        assert_eq!(ending_problem(&ended, 1, date(2025, 12, 20)).unwrap().0, "placement");
    }

    #[test]
    fn a_placement_reads_as_english() {
        let mut p = at_school(PlacementRank::MAIN, date(2025, 9, 3), Some(date(2026, 7, 17)));
        p.residential = Some(Residential::WeeksUpTo51);
        assert_eq!(
            p.describe(),
            "Oakfield Primary School (URN 100001), main placement, residential, 38 to 51 weeks a year, from Wednesday 3 September 2025 to Friday 17 July 2026"
        );
    }

    #[test]
    fn ranks_are_one_or_two() {
        assert!(PlacementRank::try_from(0).is_err() && PlacementRank::try_from(3).is_err());
        let rank: PlacementRank = serde_json::from_str("2").unwrap();
        assert_eq!(rank, PlacementRank::SECOND);
        assert!(serde_json::from_str::<PlacementRank>("3").is_err());
    }
}
