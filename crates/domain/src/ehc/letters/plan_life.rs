//! The letters about a plan in force: the decision after an annual review, ceasing the plan,
//! refusing to re-assess, and the plan moving to a new council.

use super::{
    AppealDates, DecisionFacts, LaContacts, Letter, LetterSection, Reader, appeal_rights,
    appealable, contact, free_help, law, reasons,
};
use crate::clock::{ReviewOutcome, long_date};
use jiff::civil::Date;

/// What the council decided after an annual review, and the clock's dates that follow from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDecisionFacts {
    pub reader: Reader,
    pub meeting_held: Date,
    pub decided_on: Date,
    pub outcome: ReviewOutcome,
    pub reasons: String,
    pub next: AfterReview,
}

/// What follows the decision, by the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterReview {
    /// Keeping or ceasing the plan may be appealed now.
    Appeal(AppealDates),
    /// Amending it first proposes the changes: 15 days to comment, the amended plan within 8
    /// weeks, and the right of appeal comes with it.
    Amendments { comment_by: Date, amended_plan_by: Date },
}

const STAYS_IN_FORCE: &str = "The plan stays in place until the time to appeal has passed, or until any appeal is decided. The help in it carries on until then.";

/// The notice of the council's decision after an annual review.
pub fn review_decision(facts: &ReviewDecisionFacts, la: &LaContacts) -> Letter {
    let r = &facts.reader;
    let decided = match facts.outcome {
        ReviewOutcome::Maintain => "we decided to keep the plan as it is",
        ReviewOutcome::Amend => "we decided to change the plan",
        ReviewOutcome::Cease => "we decided to stop the plan",
    };
    let mut sections = vec![
        LetterSection::new(
            "Our decision",
            vec![
                format!(
                    "The annual review meeting for {} was on {}.",
                    r.name(),
                    long_date(facts.meeting_held)
                ),
                format!("On {} {decided}.", long_date(facts.decided_on)),
            ],
        ),
        LetterSection::new("Why we decided this", reasons(&facts.reasons)),
    ];
    match &facts.next {
        AfterReview::Appeal(dates) => {
            if facts.outcome == ReviewOutcome::Cease {
                sections.push(LetterSection::new(
                    "What happens to the plan",
                    vec![STAYS_IN_FORCE.to_owned()],
                ));
            }
            sections.extend(appeal_rights(*dates, la));
        }
        AfterReview::Amendments { comment_by, amended_plan_by } => {
            sections.push(LetterSection::new("What happens next", vec![
                "With this letter we send the changes we want to make. They show what changes in each section of the plan.".to_owned(),
                format!("You have until {} to tell us what you think of them. You can also ask for a particular school or college to be named.", long_date(*comment_by)),
                format!("We will send you the changed plan by {}. You can appeal about it when you get it.", long_date(*amended_plan_by)),
            ]));
            sections.push(free_help(la));
        }
    }
    sections.push(contact(la));
    Letter {
        title: format!("Our decision after the annual review for {}", r.name()),
        sections,
        law: law(
            &[
                "Children and Families Act 2014, section 44: reviewing the plan.",
                "The Special Educational Needs and Disability Regulations 2014, regulations 18 to 22: the review, the decision and changing the plan.",
            ],
            matches!(facts.next, AfterReview::Appeal(_)),
        ),
    }
}

/// What the council decided about ceasing a plan outside a review, and the clock's dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeaseFacts {
    pub reader: Reader,
    pub decided_on: Date,
    pub reasons: String,
    pub family_consulted_on: Date,
    pub setting_consulted_on: Date,
    pub appeal: AppealDates,
}

/// The notice of a decision to stop maintaining a plan.
pub fn decision_to_cease(facts: &CeaseFacts, la: &LaContacts) -> Letter {
    let r = &facts.reader;
    let sections = vec![
        LetterSection::new(
            "Our decision",
            vec![
                format!(
                    "On {} we decided to stop the education, health and care plan for {}.",
                    long_date(facts.decided_on),
                    r.name()
                ),
                format!(
                    "Before we decided, we asked you on {}. We asked the school or college on {}.",
                    long_date(facts.family_consulted_on),
                    long_date(facts.setting_consulted_on)
                ),
            ],
        ),
        LetterSection::new("Why we decided this", reasons(&facts.reasons)),
        LetterSection::new("What happens to the plan", vec![STAYS_IN_FORCE.to_owned()]),
    ];
    appealable(
        format!("Our decision to stop the plan for {}", r.name()),
        sections,
        facts.appeal,
        la,
        &[
            "Children and Families Act 2014, section 45: ceasing to maintain a plan.",
            "The Special Educational Needs and Disability Regulations 2014, regulations 29 to 31: ceasing a plan.",
        ],
    )
}

/// The notice of a decision not to re-assess a child or young person who has a plan.
pub fn refusal_to_reassess(facts: &DecisionFacts, la: &LaContacts) -> Letter {
    let r = &facts.reader;
    let sections = vec![
        LetterSection::new(
            "Our decision",
            vec![
                format!(
                    "We got a request on {} to assess {} needs again.",
                    long_date(facts.request_received),
                    r.childs()
                ),
                format!(
                    "On {} we decided not to do a new assessment.",
                    long_date(facts.decided_on)
                ),
                format!(
                    "{} plan stays as it is, and the help in it carries on.",
                    capitalised(r.childs())
                ),
            ],
        ),
        LetterSection::new("Why we decided this", reasons(&facts.reasons)),
    ];
    appealable(
        format!("Our decision about a new assessment for {}", r.name()),
        sections,
        facts.appeal,
        la,
        &[
            "Children and Families Act 2014, section 44(2): re-assessing needs.",
            "The Special Educational Needs and Disability Regulations 2014, regulations 24 to 27: re-assessment and its time limits.",
        ],
    )
}

/// What the new council tells the family when a plan moves to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferFacts {
    pub reader: Reader,
    pub transferred_on: Date,
    /// The last day for the new council to say whether it will re-assess or change the plan.
    pub decisions_by: Date,
    /// The last day for the first review by the new council.
    pub review_by: Date,
}

/// The new council's notice that a plan has been transferred to it.
pub fn transfer_notice(facts: &TransferFacts, la: &LaContacts) -> Letter {
    let r = &facts.reader;
    Letter {
        title: format!("The plan for {} has moved to {}", r.name(), la.la_name),
        sections: vec![
            LetterSection::new(
                "What has happened",
                vec![
                    format!(
                        "You have moved to our area. On {} your old council sent {} education, health and care plan to us.",
                        long_date(facts.transferred_on),
                        r.childs()
                    ),
                    format!(
                        "We now look after the plan. We must give {} the help in it.",
                        r.child()
                    ),
                ],
            ),
            LetterSection::new(
                "What happens next",
                vec![
                    format!(
                        "By {} we will tell you if we will assess {} needs again, and if we will change the school or college named in the plan.",
                        long_date(facts.decisions_by),
                        r.childs()
                    ),
                    format!("We will review the plan with you by {}.", long_date(facts.review_by)),
                ],
            ),
            free_help(la),
            contact(la),
        ],
        law: law(
            &[
                "Children and Families Act 2014, section 47: moving to another council.",
                "The Special Educational Needs and Disability Regulations 2014, regulations 15 to 17: transferring a plan.",
            ],
            false,
        ),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
