//! When a step of an EHC case may be recorded, beyond the order of events the clock checks
//! (SEND Regulations 2014 regs 4–14; Code 9.14–9.134): nothing is dated after today or before the
//! request it belongs to, nothing is recorded on a case that has ended, there is one final plan,
//! and the family has its 15 days on the draft before the final plan is issued (reg 13(1)).

use crate::clock::{ClockOutput, DutyKind, long_date};
use crate::ehc::plan::Section;
use crate::ehc::records::Consultation;
use jiff::civil::Date;

/// Why a step dated `on`, on a request received on `received_on`, cannot be recorded on `today`.
pub fn date_problem(on: Date, received_on: Date, today: Date) -> Option<String> {
    if on > today {
        Some(format!("The date cannot be after today, {}", long_date(today)))
    } else if on < received_on {
        Some(format!(
            "The date cannot be before the request was received, on {}",
            long_date(received_on)
        ))
    } else {
        None
    }
}

/// Why the final plan cannot be issued on `on`, given the case's duties: while the family's 15
/// days on the draft run and they have neither commented nor said they have no comments.
pub fn final_plan_too_soon(duties: &ClockOutput, on: Date) -> Option<String> {
    still_commenting(duties, DutyKind::CommentOnDraft, on).map(|due| {
        format!(
            "The family have until {} to comment on the draft plan (regulation 13): issue the final plan after that, or once they have commented or said they have no comments",
            long_date(due)
        )
    })
}

/// Why the amended plan cannot be issued on `on`: the family's 15 days on the proposed
/// amendments have not passed and they have not commented (reg 22(2)–(3)).
pub fn amended_plan_too_soon(duties: &ClockOutput, on: Date) -> Option<String> {
    still_commenting(duties, DutyKind::CommentOnProposedAmendments, on).map(|due| {
        format!(
            "The family have until {} to comment on the proposed amendments (regulation 22): issue the amended plan after that, or once they have commented",
            long_date(due)
        )
    })
}

/// The last day of the family's time to comment (`kind`), if it is not over on `on` and they
/// have not commented; the latest such time counts.
fn still_commenting(duties: &ClockOutput, kind: DutyKind, on: Date) -> Option<Date> {
    let comments = duties.duties.iter().rev().find(|d| d.duty == kind)?;
    (comments.met_on.is_none() && on <= comments.due).then_some(comments.due)
}

/// Why a second final plan cannot be issued: after the final plan, the plan changes only through
/// a review, an amendment or a re-assessment.
pub const FINAL_PLAN_ISSUED: &str = "The final plan has been issued: changes now go through an annual review, an amendment or a re-assessment";

/// Why the plan in force cannot be edited now: it changes through a review's amendments.
pub const AMEND_THROUGH_REVIEW: &str = "The plan in force changes only through an annual review: edit it once the review meeting has been held, to propose the amendments";

/// Why nothing more is recorded on a case that has ended.
pub const CASE_CLOSED: &str = "This request has ended, so nothing more can be recorded on it";

/// Why the newest saved version cannot go to the family as the draft: there is none, or it has
/// been issued already, so a new version must be saved first.
pub fn draft_problem(newest_version: i32, newest_issued: bool) -> Option<&'static str> {
    (newest_version == 0 || newest_issued)
        .then_some("Save a new version of the plan before issuing it as a draft")
}

/// Why a save of the working plan is not kept: since the version it was edited from, someone
/// else saved different words in the same sections, and only the editor can choose between them.
pub fn stale_plan_edit(clashes: &[Section]) -> String {
    let letters: Vec<&str> = clashes.iter().map(|s| s.letter()).collect();
    let (noun, list) = match letters.as_slice() {
        [one] => ("section", (*one).to_owned()),
        many => ("sections", many.join(", ")),
    };
    format!(
        "Someone else saved {noun} {list} while you were editing it: compare the two versions and keep one"
    )
}

/// A setting's name as the clock's reference for its consultation: lower case, words joined by
/// hyphens; a consultation about a move to the next phase starts with the day of the move, so a
/// setting consulted on the first plan can be consulted again years later.
pub fn consultation_ref(institution: &str, for_move: Option<Date>) -> String {
    let name = institution
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    match for_move {
        Some(on) => format!("{on}-{name}"),
        None => name,
    }
}

/// Why `institution` cannot be consulted: it already has been on this case, about the plan or
/// about this move (Code 9.83 asks once).
pub fn consultation_problem(
    institution: &str,
    for_move: Option<Date>,
    consulted: &[Consultation],
) -> Option<String> {
    let clock_ref = consultation_ref(institution, for_move);
    consulted
        .iter()
        .any(|c| c.clock_ref == clock_ref)
        .then(|| format!("{institution} has already been consulted"))
}

/// Why a setting's answer to its consultation cannot be recorded: a setting that does not agree
/// to be named says why, for the council must weigh its reasons (Code 9.79, 9.83).
pub fn consultation_answer_problem(
    agrees_to_be_named: Option<bool>,
    reasons: &str,
) -> Option<&'static str> {
    (agrees_to_be_named == Some(false) && reasons.trim().is_empty()).then_some(
        "Say why the setting cannot be named: for example, why it could not meet the child's needs",
    )
}

/// Why a setting cannot be consulted: only a school, college or other setting known to sendcase
/// can be, so section I later names an organisation with its identifiers, not free text.
pub const UNKNOWN_SETTING: &str =
    "Choose a school, college or other setting from the list: only known settings can be consulted";

/// Why section I cannot name `institution`: the final plan names a setting the council consulted
/// on the draft (reg 11; Code 9.79–9.84), whether the family asked for it or the council chose it;
/// a plan amended for a move names one consulted about that move.
pub fn placement_problem(
    institution: &str,
    for_move: Option<Date>,
    consulted: &[Consultation],
) -> Option<String> {
    if institution.trim().is_empty() {
        return Some("Choose the school or other institution to name in section I".to_owned());
    }
    let clock_ref = consultation_ref(institution, for_move);
    let about = if for_move.is_some() { "about the move" } else { "on the draft plan" };
    (!consulted.iter().any(|c| c.clock_ref == clock_ref)).then(|| {
        format!(
            "{institution} has not been consulted {about}: consult it before naming it in section I"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::calendar::Calendar;
    use crate::clock::{CaseHistory, DatedEvent, EventName};
    use jiff::civil::date;

    #[test]
    fn a_setting_that_will_not_be_named_says_why() {
        assert!(consultation_answer_problem(Some(false), " ").is_some());
        assert!(consultation_answer_problem(Some(false), "We are full in Year 3").is_none());
        assert!(consultation_answer_problem(Some(true), "").is_none());
        assert!(consultation_answer_problem(None, "").is_none());
    }

    #[test]
    fn a_draft_is_a_newly_saved_version_and_a_save_never_replaces_a_newer_one() {
        assert!(draft_problem(0, false).is_some());
        assert!(draft_problem(2, true).is_some());
        assert_eq!(draft_problem(2, false), None);
        assert_eq!(
            stale_plan_edit(&[Section::B]),
            "Someone else saved section B while you were editing it: compare the two versions and keep one"
        );
        assert!(stale_plan_edit(&[Section::B, Section::F]).contains("sections B, F while"));
    }

    #[test]
    fn a_setting_is_consulted_once_about_the_plan_and_once_about_each_move() {
        assert_eq!(consultation_ref("Oakfield Primary School!", None), "oakfield-primary-school");
        let september = date(2027, 9, 1);
        assert_eq!(
            consultation_ref("Oakfield Primary", Some(september)),
            "2027-09-01-oakfield-primary"
        );
        let consulted = [Consultation {
            clock_ref: "oakfield-primary".into(),
            institution: "Oakfield Primary".into(),
        }];
        let again = consultation_problem("Oakfield  Primary", None, &consulted).unwrap();
        assert_eq!(again, "Oakfield  Primary has already been consulted");
        assert_eq!(consultation_problem("Chatham Reach", None, &consulted), None);
        assert_eq!(consultation_problem("Oakfield Primary", Some(september), &consulted), None);
    }

    #[test]
    fn section_i_names_a_setting_consulted_about_the_plan_or_the_move() {
        let consulted = [Consultation {
            clock_ref: "oakfield-primary".into(),
            institution: "Oakfield Primary".into(),
        }];
        assert_eq!(placement_problem("Oakfield Primary", None, &consulted), None);
        let not = placement_problem("Chatham Reach", None, &consulted).unwrap();
        assert!(not.starts_with("Chatham Reach has not been consulted on the draft"), "{not}");
        let moving = placement_problem("Oakfield Primary", Some(date(2027, 9, 1)), &consulted);
        assert!(moving.unwrap().contains("not been consulted about the move"));
        assert!(placement_problem(" ", None, &consulted).unwrap().starts_with("Choose the school"));
    }

    #[test]
    fn steps_are_dated_between_the_request_and_today() {
        let (received, today) = (date(2026, 1, 5), date(2026, 12, 3));
        assert_eq!(date_problem(date(2026, 2, 1), received, today), None);
        assert_eq!(date_problem(received, received, today), None);
        assert_eq!(date_problem(today, received, today), None);
        let ahead = date_problem(date(2026, 12, 4), received, today).unwrap();
        assert!(ahead.contains("after today, Thursday 3 December 2026"), "{ahead}");
        let before = date_problem(date(2026, 1, 4), received, today).unwrap();
        assert!(before.contains("before the request was received, on Monday 5 January 2026"));
    }

    fn duties(events: &[(EventName, Date)]) -> ClockOutput {
        let events = events.iter().map(|(n, d)| DatedEvent::plain(*n, *d)).collect();
        CaseHistory { as_of: None, events }
            .duties(date(2026, 12, 3), Calendar::england_and_wales())
            .unwrap()
    }

    #[test]
    fn the_family_has_15_days_on_the_draft_unless_they_answer_sooner() {
        use EventName as E;
        let drafted = [
            (E::RequestReceived, date(2026, 1, 5)),
            (E::DecidedToAssess, date(2026, 2, 10)),
            (E::DraftPlanIssued, date(2026, 4, 1)),
        ];
        let waiting = duties(&drafted);
        // 15 days beginning with 1 April end on 15 April.
        let early = final_plan_too_soon(&waiting, date(2026, 4, 15)).unwrap();
        assert!(early.contains("until Wednesday 15 April 2026"), "{early}");
        assert_eq!(final_plan_too_soon(&waiting, date(2026, 4, 16)), None);
        let mut answered = drafted.to_vec();
        answered.push((E::DraftCommentsReceived, date(2026, 4, 3)));
        assert_eq!(final_plan_too_soon(&duties(&answered), date(2026, 4, 4)), None);
        assert_eq!(final_plan_too_soon(&duties(&drafted[..2]), date(2026, 4, 4)), None);
    }
}
