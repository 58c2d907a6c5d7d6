//! The letters the Code requires the LA to send, as content the web renders and prints.
//!
//! A decision not to assess is appealable (s51(2)), so its notice must carry what reg 32 lists:
//! the right to mediation and the certificate needed before appealing, the mediation adviser's
//! contact, the time limits, what to tell the LA when asking for mediation, the information,
//! advice and support service, and whom at the LA to contact.

use crate::clock::{ReviewOutcome, long_date};
use jiff::civil::Date;

/// The LA's own details that every decision notice names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaContacts {
    pub la_name: String,
    pub send_team: String,
    pub mediation_service: String,
    pub information_advice_support: String,
}

/// What this decision's letter says about this child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFacts {
    pub child_name: String,
    pub request_received: Date,
    pub decided_on: Date,
    pub reasons: String,
    /// From the clock: the last day to contact a mediation adviser (reg 33).
    pub mediation_contact_by: Date,
    /// From the clock: the last day to register an appeal, before any certificate extends it.
    pub appeal_by: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterSection {
    pub heading: &'static str,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub title: String,
    pub sections: Vec<LetterSection>,
}

/// The notice of a decision not to carry out an EHC needs assessment (s36(5), reg 5, reg 32).
pub fn decision_not_to_assess(facts: &DecisionFacts, la: &LaContacts) -> Letter {
    let section = |heading, paragraphs: Vec<String>| LetterSection { heading, paragraphs };
    Letter {
        title: format!("Decision not to carry out an education, health and care needs assessment for {}", facts.child_name),
        sections: vec![
            section("Our decision", vec![
                format!(
                    "{} received a request for an education, health and care (EHC) needs assessment for {} on {}. On {} we decided not to carry out an assessment.",
                    la.la_name, facts.child_name, long_date(facts.request_received), long_date(facts.decided_on)
                ),
                "We considered whether the child or young person has or may have special educational needs, and whether it may be necessary for special educational provision to be made through an EHC plan (section 36(8) of the Children and Families Act 2014).".to_owned(),
            ]),
            section("Why we made this decision", lines(&facts.reasons)),
        ]
        .into_iter()
        .chain(appeal_sections(facts.appeal_by, facts.mediation_contact_by, la))
        .chain([
            section("Contact us", vec![
                format!("If you have any questions about this decision, contact {}.", la.send_team),
                "We will continue to support your child through the school's SEN support, and you may ask for an assessment again if things change.".to_owned(),
            ]),
        ])
        .collect(),
    }
}

/// The appeal rights every appealable decision's notice gives (reg 32): the Tribunal and its
/// deadline, mediation first, and where to get independent help.
fn appeal_sections(
    appeal_by: Date,
    mediation_contact_by: Date,
    la: &LaContacts,
) -> Vec<LetterSection> {
    let section = |heading, paragraphs: Vec<String>| LetterSection { heading, paragraphs };
    vec![
        section("Your right to appeal", vec![
            "You have the right to appeal against this decision to the First-tier Tribunal (Special Educational Needs and Disability).".to_owned(),
            format!(
                "You must register an appeal by {}, or within one month of the date of a mediation certificate if that is later.",
                long_date(appeal_by)
            ),
        ]),
        section("Mediation", vec![
            format!(
                "Before you can appeal you must contact a mediation adviser to discuss whether mediation might resolve the disagreement, and get a mediation certificate. Contact the mediation adviser by {}.",
                long_date(mediation_contact_by)
            ),
            format!("Mediation adviser: {}", la.mediation_service),
            "Mediation is free. You do not have to take part in mediation: if you decide not to, the adviser will give you a certificate within 3 working days so that you can appeal.".to_owned(),
            format!(
                "If you want mediation, tell {} within 2 months of the date of this letter, and tell us what you disagree with and whether you also want mediation about health or social care.",
                la.la_name
            ),
            "Mediation must take place within 30 days of our being told that you want it.".to_owned(),
        ]),
        section("Information, advice and support", vec![
            format!("Free, impartial information, advice and support is available from {}.", la.information_advice_support),
        ]),
    ]
}

/// What the council decided after an annual review, and the clock's dates that follow from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDecisionFacts {
    pub child_name: String,
    pub meeting_held: Date,
    pub decided_on: Date,
    pub outcome: ReviewOutcome,
    pub reasons: String,
    pub next: AfterReview,
}

/// What follows the decision, by the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterReview {
    /// Keeping or ceasing the plan may be appealed now (reg 20(10)–(11), reg 31).
    Appeal { mediation_contact_by: Date, appeal_by: Date },
    /// Amending it first proposes the changes: 15 days to comment, the amended plan within 8
    /// weeks, and the right of appeal comes with it (reg 22).
    Amendments { comment_by: Date, amended_plan_by: Date },
}

/// The notice of the council's decision after an annual review (reg 20(10), reg 22, reg 31).
pub fn review_decision(facts: &ReviewDecisionFacts, la: &LaContacts) -> Letter {
    let section = |heading, paragraphs: Vec<String>| LetterSection { heading, paragraphs };
    let decided = match facts.outcome {
        ReviewOutcome::Maintain => "we decided to keep the plan as it is",
        ReviewOutcome::Amend => "we decided to amend the plan",
        ReviewOutcome::Cease => "we decided to stop maintaining the plan",
    };
    let mut sections = vec![
        section(
            "Our decision",
            vec![format!(
                "The annual review meeting for {} was held on {}. On {} {decided}.",
                facts.child_name,
                long_date(facts.meeting_held),
                long_date(facts.decided_on)
            )],
        ),
        section("Why we made this decision", lines(&facts.reasons)),
    ];
    match facts.next {
        AfterReview::Appeal { mediation_contact_by, appeal_by } => {
            if facts.outcome == ReviewOutcome::Cease {
                sections.push(section("What happens to the plan", vec![
                    "The plan stays in force, and the support in it continues, until the time to appeal has passed or any appeal has been decided.".to_owned(),
                ]));
            }
            sections.extend(appeal_sections(appeal_by, mediation_contact_by, la));
        }
        AfterReview::Amendments { comment_by, amended_plan_by } => {
            sections.push(section("What happens next", vec![
                "We will send you the changes we propose, showing what changes in each section of the plan.".to_owned(),
                format!("You have until {} to comment on them and to ask for a particular school or college to be named.", long_date(comment_by)),
                format!("We will issue the amended plan by {}. You can appeal against it once it is issued.", long_date(amended_plan_by)),
            ]));
        }
    }
    sections.push(section(
        "Contact us",
        vec![format!("If you have any questions about this decision, contact {}.", la.send_team)],
    ));
    Letter { title: format!("Decision after the annual review for {}", facts.child_name), sections }
}

/// What the council decided about ceasing a plan outside a review, and the clock's dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeaseFacts {
    pub child_name: String,
    pub decided_on: Date,
    pub reasons: String,
    pub family_consulted_on: Date,
    pub setting_consulted_on: Date,
    pub mediation_contact_by: Date,
    pub appeal_by: Date,
}

/// The notice of a decision to cease to maintain a plan (s45, reg 31(2), reg 32).
pub fn decision_to_cease(facts: &CeaseFacts, la: &LaContacts) -> Letter {
    let section = |heading, paragraphs: Vec<String>| LetterSection { heading, paragraphs };
    let mut sections = vec![
        section("Our decision", vec![
            format!(
                "On {} we decided to stop maintaining the education, health and care plan for {}.",
                long_date(facts.decided_on), facts.child_name
            ),
            format!(
                "Before deciding we consulted you on {} and the school or college on {}.",
                long_date(facts.family_consulted_on), long_date(facts.setting_consulted_on)
            ),
        ]),
        section("Why we made this decision", lines(&facts.reasons)),
        section("What happens to the plan", vec![
            "The plan stays in force, and the support in it continues, until the time to appeal has passed or any appeal has been decided.".to_owned(),
        ]),
    ];
    sections.extend(appeal_sections(facts.appeal_by, facts.mediation_contact_by, la));
    sections.push(section(
        "Contact us",
        vec![format!("If you have any questions about this decision, contact {}.", la.send_team)],
    ));
    Letter {
        title: format!("Decision to stop maintaining the EHC plan for {}", facts.child_name),
        sections,
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_letter_carries_every_reg_32_item_with_the_clocks_dates() {
        let facts = DecisionFacts {
            child_name: "Amara Okafor".into(),
            request_received: date(2026, 1, 5),
            decided_on: date(2026, 2, 10),
            reasons:
                "Progress with SEN support is good.\n\nThe school's provision meets her needs."
                    .into(),
            mediation_contact_by: date(2026, 4, 10),
            appeal_by: date(2026, 4, 10),
        };
        let la = LaContacts {
            la_name: "Northbrook Council".into(),
            send_team: "the SEND team, 01632 960000".into(),
            mediation_service: "Northbrook Mediation, 01632 960111".into(),
            information_advice_support: "Northbrook SENDIASS, 01632 960222".into(),
        };
        let letter = decision_not_to_assess(&facts, &la);
        let text: String = letter
            .sections
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n");
        for needed in [
            "First-tier Tribunal",
            "10 April 2026",
            "mediation certificate",
            "Northbrook Mediation, 01632 960111",
            "within 2 months",
            "health or social care",
            "Northbrook SENDIASS",
            "the SEND team, 01632 960000",
            "5 January 2026",
            "10 February 2026",
        ] {
            assert!(text.contains(needed), "letter lacks {needed:?}:\n{text}");
        }
        let reasons = &letter.sections[1];
        assert_eq!(
            letter.sections.len(),
            6,
            "decision, reasons, appeal, mediation, support, contact"
        );
        assert_eq!(
            reasons.paragraphs,
            vec!["Progress with SEN support is good.", "The school's provision meets her needs."]
        );
    }

    fn contacts() -> LaContacts {
        LaContacts {
            la_name: "Northbrook Council".into(),
            send_team: "the SEND team, 01632 960000".into(),
            mediation_service: "Northbrook Mediation, 01632 960111".into(),
            information_advice_support: "Northbrook SENDIASS, 01632 960222".into(),
        }
    }

    fn review(outcome: ReviewOutcome, next: AfterReview) -> String {
        let facts = ReviewDecisionFacts {
            child_name: "Amara Okafor".into(),
            meeting_held: date(2026, 4, 20),
            decided_on: date(2026, 5, 12),
            outcome,
            reasons: "She has met her outcomes.".into(),
            next,
        };
        let letter = review_decision(&facts, &contacts());
        letter.sections.iter().flat_map(|s| s.paragraphs.clone()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_decision_to_cease_names_its_consultations_and_the_appeal() {
        let facts = CeaseFacts {
            child_name: "Amara Okafor".into(),
            decided_on: date(2026, 3, 2),
            reasons: "She is starting university.".into(),
            family_consulted_on: date(2026, 2, 2),
            setting_consulted_on: date(2026, 2, 9),
            mediation_contact_by: date(2026, 5, 2),
            appeal_by: date(2026, 5, 4),
        };
        let letter = decision_to_cease(&facts, &contacts());
        let text: String = letter
            .sections
            .iter()
            .flat_map(|s| s.paragraphs.clone())
            .collect::<Vec<_>>()
            .join("\n");
        for needed in [
            "2 February 2026",
            "9 February 2026",
            "4 May 2026",
            "stays in force",
            "starting university",
        ] {
            assert!(text.contains(needed), "lacks {needed:?}:\n{text}");
        }
    }

    #[test]
    fn a_review_decision_gives_appeal_rights_or_the_amendment_timetable() {
        let appeal = AfterReview::Appeal {
            mediation_contact_by: date(2026, 7, 12),
            appeal_by: date(2026, 7, 12),
        };
        let ceased = review(ReviewOutcome::Cease, appeal.clone());
        for needed in [
            "stop maintaining",
            "stays in force",
            "12 July 2026",
            "Northbrook Mediation",
            "20 April 2026",
        ] {
            assert!(ceased.contains(needed), "lacks {needed:?}:\n{ceased}");
        }
        let kept = review(ReviewOutcome::Maintain, appeal);
        assert!(kept.contains("keep the plan as it is") && !kept.contains("stays in force"));
        let amended = review(
            ReviewOutcome::Amend,
            AfterReview::Amendments {
                comment_by: date(2026, 5, 26),
                amended_plan_by: date(2026, 7, 7),
            },
        );
        for needed in ["26 May 2026", "7 July 2026", "each section"] {
            assert!(amended.contains(needed), "lacks {needed:?}:\n{amended}");
        }
        assert!(!amended.contains("Mediation adviser"), "the appeal comes with the amended plan");
    }
}
