//! From the end of compulsory school age the rights under Part 3 of the Children and Families Act
//! 2014 are the young person's own (s80; Code 8.13–8.15). A parent takes part only where the
//! young person agrees, or where a decision under the Mental Capacity Act 2005 finds that the
//! young person cannot make these decisions (Code Annex 1: the parent then acts for them).

use crate::clock::long_date;
use crate::people::school_age::compulsory_school_age_ends;
use jiff::civil::Date;
use uuid::Uuid;

/// One decision about who takes part, as it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyDecision {
    /// The young person agrees that this parent sees their record and acts with them, or
    /// withdraws that agreement.
    ParentAccess { parent: Uuid, agreed: bool },
    /// A decision under the Mental Capacity Act 2005 on whether the young person can make the
    /// decisions about their assessment and plan themselves.
    Capacity { lacks_capacity: bool },
}

impl FamilyDecision {
    /// How it is stored.
    pub fn as_str(self) -> &'static str {
        match self {
            FamilyDecision::ParentAccess { agreed: true, .. } => "agreed",
            FamilyDecision::ParentAccess { agreed: false, .. } => "withdrawn",
            FamilyDecision::Capacity { lacks_capacity: true } => "lacks_capacity",
            FamilyDecision::Capacity { lacks_capacity: false } => "has_capacity",
        }
    }

    /// Reads a stored decision; `parent` is stored only with a parent's access.
    pub fn parse(s: &str, parent: Option<Uuid>) -> Option<Self> {
        match (s, parent) {
            ("agreed", Some(parent)) => Some(FamilyDecision::ParentAccess { parent, agreed: true }),
            ("withdrawn", Some(parent)) => {
                Some(FamilyDecision::ParentAccess { parent, agreed: false })
            }
            ("lacks_capacity", None) => Some(FamilyDecision::Capacity { lacks_capacity: true }),
            ("has_capacity", None) => Some(FamilyDecision::Capacity { lacks_capacity: false }),
            _ => None,
        }
    }

    pub fn parent(self) -> Option<Uuid> {
        match self {
            FamilyDecision::ParentAccess { parent, .. } => Some(parent),
            FamilyDecision::Capacity { .. } => None,
        }
    }
}

/// A decision and the day it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedDecision {
    pub decision: FamilyDecision,
    pub decided_on: Date,
}

/// Where a linked parent stands with their child's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentStanding {
    /// Before the end of compulsory school age the parent decides (until `until`).
    ParentDecides { until: Date },
    /// The young person has agreed that the parent takes part.
    Agreed,
    /// The young person cannot make these decisions, so the parent acts for them.
    ActsUnderMentalCapacityAct,
    /// The young person has not said that the parent may take part.
    NotAgreed,
    /// The young person has withdrawn their agreement.
    Withdrawn,
}

impl ParentStanding {
    /// Whether the parent sees the record and acts on it.
    pub fn takes_part(self) -> bool {
        matches!(
            self,
            ParentStanding::ParentDecides { .. }
                | ParentStanding::Agreed
                | ParentStanding::ActsUnderMentalCapacityAct
        )
    }
}

/// Where `parent` stands on `today`, given the decisions recorded for the child, oldest first.
/// The latest decision of each kind made on or before `today` counts.
pub fn parent_standing(
    birth_date: Date,
    decisions: &[RecordedDecision],
    parent: Uuid,
    today: Date,
) -> ParentStanding {
    let rights_pass = compulsory_school_age_ends(birth_date);
    if today < rights_pass {
        return ParentStanding::ParentDecides { until: rights_pass };
    }
    if lacks_capacity(decisions, today) {
        return ParentStanding::ActsUnderMentalCapacityAct;
    }
    let agreed = decisions
        .iter()
        .filter(|d| d.decided_on <= today)
        .filter_map(|d| match d.decision {
            FamilyDecision::ParentAccess { parent: p, agreed } if p == parent => Some(agreed),
            _ => None,
        })
        .next_back();
    match agreed {
        Some(true) => ParentStanding::Agreed,
        Some(false) => ParentStanding::Withdrawn,
        None => ParentStanding::NotAgreed,
    }
}

/// Whether the latest decision under the Mental Capacity Act made on or before `today` found that
/// the young person cannot make these decisions themselves.
pub fn lacks_capacity(decisions: &[RecordedDecision], today: Date) -> bool {
    decisions
        .iter()
        .filter(|d| d.decided_on <= today)
        .filter_map(|d| match d.decision {
            FamilyDecision::Capacity { lacks_capacity } => Some(lacks_capacity),
            FamilyDecision::ParentAccess { .. } => None,
        })
        .next_back()
        .unwrap_or(false)
}

/// Why a decision cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error(
        "These decisions are the young person's only from the end of compulsory school age, on {}",
        long_date(*.0)
    )]
    BeforeRightsPass(Date),
    #[error("The date of the decision cannot be in the future")]
    InTheFuture,
    #[error("The date of the decision cannot be before the young person was born")]
    BeforeBirth,
    #[error("Choose a parent or carer linked to this young person")]
    NotTheirParent,
}

/// Whether `decision`, made on `decided_on`, can be recorded for a young person born on
/// `birth_date` whose linked parents are `parents`.
pub fn check_decision(
    birth_date: Date,
    parents: &[Uuid],
    decision: FamilyDecision,
    decided_on: Date,
    today: Date,
) -> Result<(), DecisionError> {
    let rights_pass = compulsory_school_age_ends(birth_date);
    if today < rights_pass {
        return Err(DecisionError::BeforeRightsPass(rights_pass));
    }
    if decided_on > today {
        return Err(DecisionError::InTheFuture);
    }
    if decided_on < birth_date {
        return Err(DecisionError::BeforeBirth);
    }
    match decision.parent() {
        Some(parent) if !parents.contains(&parent) => Err(DecisionError::NotTheirParent),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const BORN: Date = date(2009, 6, 15);
    // The last Friday in June of the school year in which they turn 16.
    const RIGHTS_PASS: Date = date(2025, 6, 27);

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn access(parent: u128, agreed: bool, on: Date) -> RecordedDecision {
        RecordedDecision {
            decision: FamilyDecision::ParentAccess { parent: id(parent), agreed },
            decided_on: on,
        }
    }

    fn capacity(lacks_capacity: bool, on: Date) -> RecordedDecision {
        RecordedDecision { decision: FamilyDecision::Capacity { lacks_capacity }, decided_on: on }
    }

    #[test]
    fn the_parent_decides_until_the_end_of_compulsory_school_age() {
        assert_eq!(compulsory_school_age_ends(BORN), RIGHTS_PASS);
        let day_before = date(2025, 6, 26);
        let withdrawn = [access(1, false, date(2025, 6, 1))];
        assert_eq!(
            parent_standing(BORN, &withdrawn, id(1), day_before),
            ParentStanding::ParentDecides { until: RIGHTS_PASS }
        );
        assert_eq!(parent_standing(BORN, &[], id(1), RIGHTS_PASS), ParentStanding::NotAgreed);
    }

    #[test]
    fn the_latest_agreement_about_each_parent_counts() {
        let today = date(2026, 12, 4);
        let decisions = [
            access(1, true, date(2025, 9, 1)),
            access(2, true, date(2025, 9, 1)),
            access(1, false, date(2026, 3, 1)),
        ];
        assert_eq!(parent_standing(BORN, &decisions, id(1), today), ParentStanding::Withdrawn);
        assert_eq!(parent_standing(BORN, &decisions, id(2), today), ParentStanding::Agreed);
        assert_eq!(parent_standing(BORN, &decisions, id(3), today), ParentStanding::NotAgreed);
        assert!(!ParentStanding::Withdrawn.takes_part());
        assert!(ParentStanding::Agreed.takes_part());
    }

    #[test]
    fn a_decision_counts_from_the_day_it_was_made() {
        let decisions = [access(1, true, date(2026, 12, 10))];
        assert_eq!(
            parent_standing(BORN, &decisions, id(1), date(2026, 12, 9)),
            ParentStanding::NotAgreed
        );
        assert_eq!(
            parent_standing(BORN, &decisions, id(1), date(2026, 12, 10)),
            ParentStanding::Agreed
        );
    }

    #[test]
    fn lacking_capacity_lets_every_parent_act_until_a_later_decision_says_otherwise() {
        let today = date(2026, 12, 4);
        let lacks = [access(1, false, date(2025, 9, 1)), capacity(true, date(2025, 10, 1))];
        assert_eq!(
            parent_standing(BORN, &lacks, id(1), today),
            ParentStanding::ActsUnderMentalCapacityAct
        );
        assert!(ParentStanding::ActsUnderMentalCapacityAct.takes_part());
        let regained = [lacks[0], lacks[1], capacity(false, date(2026, 1, 5))];
        assert_eq!(parent_standing(BORN, &regained, id(1), today), ParentStanding::Withdrawn);
    }

    #[test]
    fn decisions_are_recorded_only_once_the_rights_have_passed_and_about_their_own_parents() {
        let parents = [id(1)];
        let agree = FamilyDecision::ParentAccess { parent: id(1), agreed: true };
        let today = date(2026, 12, 4);
        assert_eq!(check_decision(BORN, &parents, agree, today, today), Ok(()));
        assert_eq!(
            check_decision(BORN, &parents, agree, date(2025, 6, 1), date(2025, 6, 1)),
            Err(DecisionError::BeforeRightsPass(RIGHTS_PASS))
        );
        assert_eq!(
            check_decision(BORN, &parents, agree, date(2026, 12, 5), today),
            Err(DecisionError::InTheFuture)
        );
        assert_eq!(
            check_decision(BORN, &parents, agree, date(2009, 1, 1), today),
            Err(DecisionError::BeforeBirth)
        );
        let stranger = FamilyDecision::ParentAccess { parent: id(9), agreed: true };
        assert_eq!(
            check_decision(BORN, &parents, stranger, today, today),
            Err(DecisionError::NotTheirParent)
        );
        let capacity = FamilyDecision::Capacity { lacks_capacity: true };
        assert_eq!(check_decision(BORN, &[], capacity, today, today), Ok(()));
    }

    #[test]
    fn stored_decisions_read_back_as_written() {
        for d in [
            FamilyDecision::ParentAccess { parent: id(1), agreed: true },
            FamilyDecision::ParentAccess { parent: id(1), agreed: false },
            FamilyDecision::Capacity { lacks_capacity: true },
            FamilyDecision::Capacity { lacks_capacity: false },
        ] {
            assert_eq!(FamilyDecision::parse(d.as_str(), d.parent()), Some(d));
        }
        assert_eq!(FamilyDecision::parse("agreed", None), None);
        assert_eq!(FamilyDecision::parse("lacks_capacity", Some(id(1))), None);
    }
}
