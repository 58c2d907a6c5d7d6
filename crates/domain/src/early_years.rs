//! The progress check at age two (EYFS statutory framework 2.3; Code 5.23): between a child's
//! second and third birthdays the early years setting reviews their progress in the three prime
//! areas and gives the parents a short written summary, ideally shared with the health visitor
//! for the integrated review. A concern found here is where SEN support in the early years begins.

use crate::clock::long_date;
use crate::documents::{Fact, FactTable, FamilyDocument, paragraphs};
use crate::ehc::letters::LetterSection;
use crate::needs::named_list;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

named_list!(
    /// The prime areas of learning and development the check covers, in the framework's order.
    PrimeArea {
        CommunicationAndLanguage = ("communication-and-language", "Communication and language"),
        PhysicalDevelopment = ("physical-development", "Physical development"),
        PersonalSocialEmotional = ("personal-social-and-emotional-development", "Personal, social and emotional development"),
    }
);

named_list!(
    /// The practitioner's judgement of the child's progress in one prime area.
    Judgement {
        OnTrack = ("on-track", "On track"),
        Emerging = ("emerging", "Emerging: some concern"),
        NotYet = ("not-yet", "Not yet: needs support"),
    }
);

/// What the check records; this is also how it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressCheck {
    pub done_on: Date,
    /// One judgement for each of [`PrimeArea::ALL`], in order.
    pub judgements: [Judgement; 3],
    pub strengths: String,
    /// Where the child needs more support and what the setting will do about it.
    pub next_steps: String,
    pub parent_comments: String,
    /// Whether the summary went to the health visitor for the integrated review (with consent).
    pub shared_with_health_visitor: bool,
}

/// The first and last day the check can be done: from the second birthday to the day before
/// the third (someone born on 29 February has their birthday on 28 February in other years).
pub fn window(birth: Date) -> (Date, Date) {
    let birthday = |years: i16| birth.saturating_add(years.years());
    (birthday(2), birthday(3).saturating_sub(1.day()))
}

/// Whether a child of this age is in the early years (the EYFS runs to the end of the reception
/// year; under five is taken as the age at which the check and early years SEN support matter).
pub fn in_early_years(birth: Date, on: Date) -> bool {
    crate::people::school_age::age_on(birth, on) < 5
}

/// Where a child stands with their check on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStatus {
    NotYetDue {
        from: Date,
    },
    DueNow {
        by: Date,
    },
    Done {
        on: Date,
    },
    /// The child turned three without a check.
    Missed,
}

impl CheckStatus {
    pub fn describe(self) -> String {
        use crate::clock::long_date;
        match self {
            CheckStatus::NotYetDue { from } => {
                format!("Not yet due: it can be done from {}", long_date(from))
            }
            CheckStatus::DueNow { by } => format!("Due now: to be done by {}", long_date(by)),
            CheckStatus::Done { on } => format!("Done on {}", long_date(on)),
            CheckStatus::Missed => {
                "Missed: the child turned three without a progress check".to_owned()
            }
        }
    }
}

/// The child's status on `today`, given the dates of the checks recorded for them.
pub fn status(birth: Date, done: &[Date], today: Date) -> CheckStatus {
    let (from, by) = window(birth);
    match done.iter().max() {
        Some(on) => CheckStatus::Done { on: *on },
        None if today < from => CheckStatus::NotYetDue { from },
        None if today <= by => CheckStatus::DueNow { by },
        None => CheckStatus::Missed,
    }
}

/// Why a check done on `done_on` cannot be recorded for a child born on `birth`: it must
/// already be done, between the second and third birthdays.
pub fn date_problem(done_on: Date, birth: Date, today: Date) -> Option<String> {
    use crate::clock::long_date;
    let (from, by) = window(birth);
    if done_on > today {
        Some("The check must already be done: enter today's date or an earlier one".to_owned())
    } else if done_on < from || done_on > by {
        Some(format!(
            "The check is done between the child's second and third birthdays: from {} to {}",
            long_date(from),
            long_date(by)
        ))
    } else {
        None
    }
}

impl ProgressCheck {
    /// The short written summary the parents keep (Code 5.23), from the setting `setting`
    /// about `name`.
    pub fn summary_for_parents(&self, name: &str, setting: &str) -> FamilyDocument {
        let or = |given: Vec<String>, none: &str| {
            if given.is_empty() { vec![none.to_owned()] } else { given }
        };
        let shared = if self.shared_with_health_visitor {
            "The setting has shared this summary with your health visitor for the integrated review."
        } else {
            "The setting has not shared this summary with your health visitor."
        };
        FamilyDocument {
            from: setting.to_owned(),
            title: format!("Progress check at age two: {name}"),
            intro: vec![format!(
                "This is a short summary of {name}'s progress, written by the setting on {} for you to keep. Please share it with your health visitor.",
                long_date(self.done_on)
            )],
            table: Some(FactTable {
                heading: "Progress in the prime areas".to_owned(),
                columns: ["Prime area".to_owned(), "Progress".to_owned()],
                rows: self.areas().map(|(a, j)| Fact::new(a.label(), j.label())).collect(),
            }),
            sections: vec![
                LetterSection::new("Strengths", or(paragraphs(&self.strengths), "None recorded.")),
                LetterSection::new(
                    "Where more support is needed and what the setting will do",
                    or(paragraphs(&self.next_steps), "Nothing more at present."),
                ),
                LetterSection::new(
                    "Your comments",
                    or(paragraphs(&self.parent_comments), "None recorded."),
                ),
            ],
            closing: vec![shared.to_owned()],
        }
    }

    /// Each prime area with its judgement.
    pub fn areas(&self) -> impl Iterator<Item = (PrimeArea, Judgement)> + '_ {
        PrimeArea::ALL.iter().copied().zip(self.judgements.iter().copied())
    }

    /// What the setting should do next because of what the check found: a judgement of "not
    /// yet" in any prime area is a significant concern (Code 5.23 and 5.36–5.39).
    pub fn prompts(&self) -> Vec<String> {
        let not_yet: Vec<&str> =
            self.areas().filter(|(_, j)| *j == Judgement::NotYet).map(|(a, _)| a.label()).collect();
        if not_yet.is_empty() {
            return vec![];
        }
        vec![
            format!("Not yet in: {}. Consider SEN support through the graduated approach: assess, plan, do and review, with the setting's SENCO.", not_yet.join("; ")),
            "Talk to the parents about the concern, agree a targeted plan with them and involve other professionals such as the health visitor as needed.".to_owned(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn check(done_on: Date, judgements: [Judgement; 3]) -> ProgressCheck {
        ProgressCheck {
            done_on,
            judgements,
            strengths: "Loves climbing and songs".into(),
            next_steps: "Daily small-group talk time".into(),
            parent_comments: "Few words at home too".into(),
            shared_with_health_visitor: true,
        }
    }

    #[test]
    fn the_window_runs_from_the_second_birthday_to_the_day_before_the_third() {
        assert_eq!(window(date(2024, 5, 10)), (date(2026, 5, 10), date(2027, 5, 9)));
        assert_eq!(window(date(2024, 2, 29)), (date(2026, 2, 28), date(2027, 2, 27)));
    }

    #[test]
    fn the_early_years_end_at_the_fifth_birthday() {
        assert!(in_early_years(date(2021, 11, 24), date(2026, 11, 23)));
        assert!(!in_early_years(date(2021, 11, 23), date(2026, 11, 23)));
    }

    #[test]
    fn status_moves_from_not_due_to_due_to_missed_unless_done() {
        let birth = date(2024, 5, 10);
        assert_eq!(
            status(birth, &[], date(2026, 5, 9)),
            CheckStatus::NotYetDue { from: date(2026, 5, 10) }
        );
        assert_eq!(
            status(birth, &[], date(2026, 5, 10)),
            CheckStatus::DueNow { by: date(2027, 5, 9) }
        );
        assert_eq!(
            status(birth, &[], date(2027, 5, 9)),
            CheckStatus::DueNow { by: date(2027, 5, 9) }
        );
        assert_eq!(status(birth, &[], date(2027, 5, 10)), CheckStatus::Missed);
        assert_eq!(
            status(birth, &[date(2026, 6, 1), date(2026, 9, 1)], date(2028, 1, 1)),
            CheckStatus::Done { on: date(2026, 9, 1) }
        );
        assert_eq!(
            CheckStatus::DueNow { by: date(2027, 5, 9) }.describe(),
            "Due now: to be done by Sunday 9 May 2027"
        );
    }

    #[test]
    fn a_check_is_dated_inside_the_window_and_not_in_the_future() {
        let birth = date(2024, 5, 10);
        assert_eq!(date_problem(date(2026, 6, 15), birth, date(2026, 6, 15)), None);
        assert!(
            date_problem(date(2026, 6, 15), birth, date(2026, 6, 14))
                .unwrap()
                .contains("already be done"),
            "in the future"
        );
        let early = date_problem(date(2026, 5, 9), birth, date(2026, 6, 1)).unwrap();
        assert!(early.contains("from Sunday 10 May 2026 to Sunday 9 May 2027"), "{early}");
        assert!(
            date_problem(date(2027, 5, 10), birth, date(2027, 6, 1)).is_some(),
            "after the window"
        );
        assert_eq!(date_problem(date(2027, 5, 9), birth, date(2027, 6, 1)), None, "its last day");
    }

    #[test]
    fn not_yet_in_any_prime_area_prompts_sen_support_and_a_talk_with_parents() {
        assert!(
            check(date(2026, 6, 15), [Judgement::OnTrack, Judgement::Emerging, Judgement::OnTrack])
                .prompts()
                .is_empty()
        );
        let prompts =
            check(date(2026, 6, 15), [Judgement::NotYet, Judgement::OnTrack, Judgement::NotYet])
                .prompts();
        assert!(prompts[0].starts_with("Not yet in: Communication and language; Personal, social and emotional development. Consider SEN support"), "{}", prompts[0]);
        assert!(prompts[1].contains("parents"));
    }

    #[test]
    fn a_check_round_trips_through_json_with_the_codes() {
        let c =
            check(date(2026, 6, 15), [Judgement::NotYet, Judgement::OnTrack, Judgement::Emerging]);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["judgements"][0], "not-yet");
        assert_eq!(serde_json::from_value::<ProgressCheck>(json).unwrap(), c);
    }
}
