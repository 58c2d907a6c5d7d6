//! What a family's home page says about one case: what they can do and by when, spoken to
//! "you", and what happens next. The regulation behind each date is on the case's own page.

use crate::clock::{DutyKind, DutyOutput, DutyStatus, Responsible, long_date, must_happen};
use crate::ehc::records::adviser;

/// One case as its family reads it on their home page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyWork {
    /// What they can do and the last day to do it, soonest first.
    pub to_do: Vec<String>,
    /// What someone else must do next, and by when.
    pub next: Option<String>,
}

/// The family's work on a case about `name` from the clock's `duties` on the day they were
/// judged: their own duties still open, and the soonest duty of anyone else.
pub fn family_work(name: &str, duties: &[DutyOutput]) -> FamilyWork {
    let mut theirs: Vec<&DutyOutput> = duties
        .iter()
        .filter(|d| d.responsible == Responsible::ParentOrYoungPerson)
        .filter(|d| d.status == DutyStatus::Pending)
        .collect();
    theirs.sort_by_key(|d| d.due);
    let to_do = theirs.into_iter().map(|d| to_do(d.duty, name, &long_date(d.due))).collect();
    let next = duties
        .iter()
        .filter(|d| d.responsible != Responsible::ParentOrYoungPerson && d.status.awaits_action())
        .min_by_key(|d| d.due)
        .map(|d| {
            let adviser = d.reference.as_deref().map(adviser);
            let what = must_happen(d.duty, adviser.as_deref());
            if d.status == DutyStatus::Pending {
                format!("{what} by {}.", long_date(d.due))
            } else {
                format!("{what}. This was due by {}.", long_date(d.due))
            }
        });
    FamilyWork { to_do, next }
}

fn to_do(duty: DutyKind, name: &str, by: &str) -> String {
    match duty {
        DutyKind::CommentOnDraft => format!(
            "Tell the council what you think of the draft plan for {name}, and which school or college you would like named. You have until {by}."
        ),
        DutyKind::CommentOnProposedAmendments => format!(
            "Tell the council what you think of the changes it wants to make to {name}'s plan. You have until {by}."
        ),
        DutyKind::ContactMediationAdviser => format!(
            "If you want to appeal, talk to the mediation adviser first. You have until {by}."
        ),
        DutyKind::RegisterAppeal => format!("You can appeal to the Tribunal until {by}."),
        other => format!("{} by {by}.", must_happen(other, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Date, date};

    fn duty(duty: DutyKind, due: Date, status: DutyStatus) -> DutyOutput {
        DutyOutput {
            duty,
            reference: None,
            due,
            target: due,
            status,
            met_on: None,
            responsible: duty.responsible(),
            rule: "",
            explanation: String::new(),
        }
    }

    #[test]
    fn the_family_is_told_what_they_can_do_by_when_and_what_the_council_does_next() {
        let duties = [
            duty(DutyKind::IssueFinalPlan, date(2027, 1, 18), DutyStatus::Pending),
            duty(DutyKind::CommentOnDraft, date(2026, 12, 16), DutyStatus::Pending),
            duty(DutyKind::DecideWhetherToAssess, date(2026, 9, 1), DutyStatus::Met),
        ];
        let work = family_work("Ellie", &duties);
        assert_eq!(
            work.to_do,
            [
                "Tell the council what you think of the draft plan for Ellie, and which school or college you would like named. You have until Wednesday 16 December 2026."
            ]
        );
        assert_eq!(
            work.next.as_deref(),
            Some("The council must issue the final EHC plan by Monday 18 January 2027.")
        );
    }

    #[test]
    fn a_time_limit_that_has_passed_or_was_met_is_not_work_and_the_soonest_comes_first() {
        let duties = [
            duty(DutyKind::CommentOnDraft, date(2026, 11, 1), DutyStatus::Overdue),
            duty(DutyKind::RegisterAppeal, date(2027, 3, 1), DutyStatus::Pending),
            duty(DutyKind::ContactMediationAdviser, date(2027, 2, 1), DutyStatus::Pending),
            duty(DutyKind::CommentOnProposedAmendments, date(2026, 10, 1), DutyStatus::Met),
        ];
        let work = family_work("Sam", &duties);
        assert_eq!(
            work.to_do,
            [
                "If you want to appeal, talk to the mediation adviser first. You have until Monday 1 February 2027.",
                "You can appeal to the Tribunal until Monday 1 March 2027.",
            ]
        );
        assert_eq!(work.next, None, "nobody else has anything open");
    }

    #[test]
    fn what_happens_next_says_when_it_is_late_and_who_gives_advice() {
        let mut advice = duty(DutyKind::ProvideAdvice, date(2026, 11, 16), DutyStatus::Overdue);
        advice.reference = Some("educational-psychologist-2".into());
        let work = family_work("Ellie", &[advice]);
        assert_eq!(
            work.next.as_deref(),
            Some(
                "Advice from the educational psychologist must be given. This was due by Monday 16 November 2026."
            )
        );
    }
}
