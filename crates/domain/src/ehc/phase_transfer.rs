//! Moves to the next phase of education (SEND Regulations 2014 reg 18; Code 9.179–9.180): the
//! year groups that move each September, the day they move, and the family's preference for the
//! setting to be named. The deadline for amending each plan is the clock's.

use super::records::CaseRecordKind;
use crate::clock::{CaseEvent, DatedEvent, EventName, PhaseTransferKind};
use crate::people::school_age::births_in_year;
use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

/// A year group that moves to a new phase at the end of this school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cohort {
    /// From early years into Reception.
    EarlyYears,
    /// From an infant school to a junior school, where they are separate.
    InfantToJunior,
    /// From primary to secondary school.
    Year6,
    /// From school into post-16 education or training.
    Year11,
    /// Between post-16 institutions.
    Post16,
}

impl Cohort {
    pub const ALL: [Cohort; 5] =
        [Cohort::EarlyYears, Cohort::InfantToJunior, Cohort::Year6, Cohort::Year11, Cohort::Post16];

    pub fn slug(self) -> &'static str {
        match self {
            Cohort::EarlyYears => "early-years",
            Cohort::InfantToJunior => "year-2",
            Cohort::Year6 => "year-6",
            Cohort::Year11 => "year-11",
            Cohort::Post16 => "post-16",
        }
    }

    pub fn parse(slug: &str) -> Option<Cohort> {
        Cohort::ALL.into_iter().find(|c| c.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Cohort::EarlyYears => "Early years into Reception",
            Cohort::InfantToJunior => "Year 2 from infant to junior school",
            Cohort::Year6 => "Year 6 into secondary school",
            Cohort::Year11 => "Year 11 into post-16 education",
            Cohort::Post16 => "Post-16 moves",
        }
    }

    /// Who moves, as the plural a sentence needs: "every Year 6 pupil".
    pub fn members(self) -> &'static str {
        match self {
            Cohort::EarlyYears => "child in their last year of early years",
            Cohort::InfantToJunior => "Year 2 pupil at an infant school",
            Cohort::Year6 => "Year 6 pupil",
            Cohort::Year11 => "Year 11 pupil",
            Cohort::Post16 => "young person in Year 12 or 13",
        }
    }

    /// The birthdays of the cohort on `today`: the national curriculum years it is in before
    /// it moves (Reception's rising fives are "year -1"; post-16 is Years 12 and 13).
    pub fn born(self, today: Date) -> (Date, Date) {
        let (oldest, youngest) = match self {
            Cohort::EarlyYears => (-1, -1),
            Cohort::InfantToJunior => (2, 2),
            Cohort::Year6 => (6, 6),
            Cohort::Year11 => (11, 11),
            Cohort::Post16 => (13, 12),
        };
        (births_in_year(oldest, today).0, births_in_year(youngest, today).1)
    }

    /// Which of reg 18's time limits the move falls under.
    pub fn kind(self) -> PhaseTransferKind {
        match self {
            Cohort::Year11 => PhaseTransferKind::ToPost16,
            Cohort::Post16 => PhaseTransferKind::PostSixteenOther,
            _ => PhaseTransferKind::SchoolPhase,
        }
    }

    /// What the name of a member's setting says: infant to junior only where the schools are
    /// separate, as an infant school's name says.
    pub fn setting_named(self) -> Option<&'static str> {
        (self == Cohort::InfantToJunior).then_some("infant")
    }
}

/// The day this school year's cohorts move: 1 September after `today`'s school year.
pub fn transfer_date(today: Date) -> Date {
    let year = if today.month() >= 9 { today.year() + 1 } else { today.year() };
    date(year, 9, 1)
}

/// The setting the family would like named after the move (Code 9.78–9.79).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferPreference {
    /// The day of the move it is for.
    pub transfer_on: Date,
    pub setting: String,
}

impl CaseRecordKind for TransferPreference {
    const KIND: &'static str = "transfer_preference";
}

/// The day of the planned move still waiting for the plan to be amended, if any.
pub fn open_transfer(history: &[DatedEvent]) -> Option<Date> {
    let mut open = None;
    for e in history {
        match e.event {
            CaseEvent::PhaseTransferPlanned { transfer_date, .. } => open = Some(transfer_date),
            CaseEvent::Plain(EventName::PlanAmendedForPhaseTransfer) => open = None,
            _ => {}
        }
    }
    open
}

/// Why a consultation about the open move cannot be dated `on`: not before the move was
/// planned, so the year group's progress counts it.
pub fn move_consultation_problem(history: &[DatedEvent], on: Date) -> Option<String> {
    open_transfer(history)?;
    let planned = history
        .iter()
        .rev()
        .find(|e| matches!(e.event, CaseEvent::PhaseTransferPlanned { .. }))?
        .date;
    (on < planned).then(|| {
        format!(
            "A consultation about the move cannot be dated before the move was planned, on {}",
            crate::clock::long_date(planned)
        )
    })
}

/// Why a move on `transfer_on` cannot be planned for a plan with this history.
pub fn planning_problem(history: &[DatedEvent], transfer_on: Date) -> Option<&'static str> {
    let planned = history.iter().any(|e| {
        matches!(e.event, CaseEvent::PhaseTransferPlanned { transfer_date, .. } if transfer_date == transfer_on)
    });
    planned.then_some("The move is already planned")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_is_open_from_its_planning_until_the_plan_is_amended() {
        let planned = DatedEvent {
            date: date(2026, 10, 1),
            event: CaseEvent::PhaseTransferPlanned {
                transfer_date: date(2027, 9, 1),
                kind: PhaseTransferKind::SchoolPhase,
            },
        };
        let mut history = vec![planned];
        assert_eq!(open_transfer(&history), Some(date(2027, 9, 1)));
        assert!(planning_problem(&history, date(2027, 9, 1)).is_some());
        assert_eq!(planning_problem(&history, date(2028, 9, 1)), None);
        assert_eq!(move_consultation_problem(&history, date(2026, 10, 1)), None);
        let early = move_consultation_problem(&history, date(2026, 9, 30)).unwrap();
        assert!(early.ends_with("planned, on Thursday 1 October 2026"), "{early}");
        history.push(DatedEvent::plain(EventName::PlanAmendedForPhaseTransfer, date(2027, 1, 20)));
        assert_eq!(open_transfer(&history), None);
        assert_eq!(move_consultation_problem(&history, date(2026, 9, 30)), None);
    }

    #[test]
    fn cohorts_move_on_the_first_of_september_after_this_school_year() {
        assert_eq!(transfer_date(date(2026, 12, 3)), date(2027, 9, 1));
        assert_eq!(transfer_date(date(2027, 3, 1)), date(2027, 9, 1));
        assert_eq!(transfer_date(date(2027, 9, 1)), date(2028, 9, 1));
    }

    #[test]
    fn each_cohort_has_its_years_and_time_limit() {
        for c in Cohort::ALL {
            assert_eq!(Cohort::parse(c.slug()), Some(c));
        }
        let today = date(2026, 12, 3);
        // In Year 6 in 2026/27: born 1 September 2015 to 31 August 2016.
        assert_eq!(Cohort::Year6.born(today), (date(2015, 9, 1), date(2016, 8, 31)));
        assert_eq!(Cohort::Post16.born(today), (date(2008, 9, 1), date(2010, 8, 31)));
        assert_eq!(Cohort::EarlyYears.born(today), (date(2022, 9, 1), date(2023, 8, 31)));
        assert_eq!(Cohort::Year11.kind(), PhaseTransferKind::ToPost16);
        assert_eq!(Cohort::Year6.kind(), PhaseTransferKind::SchoolPhase);
        assert_eq!(Cohort::InfantToJunior.setting_named(), Some("infant"));
        assert_eq!(Cohort::Year6.setting_named(), None);
    }
}
