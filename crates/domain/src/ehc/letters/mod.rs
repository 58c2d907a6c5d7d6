//! The letters the Code requires the council to send, as content that the web page and the PDF
//! both render.
//!
//! Families read them, so they are written to a reading age of about 9: short sentences, "you"
//! and "your child", dates in full. The law each letter rests on is listed once, at the end,
//! never cited in the sentences. Every appealable decision's letter carries what reg 32 lists:
//! the right to mediation and the certificate needed before appealing, the mediation adviser's
//! contact, the time limits, what to tell the council when asking for mediation, the
//! information, advice and support service, and whom at the council to contact.

mod assessment;
mod plan_life;
#[cfg(test)]
mod tests;

pub use assessment::{
    AssessFacts, DecisionFacts, FinalPlanFacts, decision_not_to_assess, decision_not_to_issue,
    decision_to_assess, final_plan_notice,
};
pub use plan_life::{
    AfterReview, CeaseFacts, ReviewDecisionFacts, TransferFacts, decision_to_cease,
    refusal_to_reassess, review_decision, transfer_notice,
};

use crate::clock::long_date;
use jiff::civil::Date;
use serde::Serialize;

/// The council's own details that every decision notice names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaContacts {
    pub la_name: String,
    pub send_team: String,
    pub mediation_service: String,
    pub information_advice_support: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

impl LetterSection {
    pub fn new(heading: impl Into<String>, paragraphs: Vec<String>) -> LetterSection {
        LetterSection { heading: heading.into(), paragraphs }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    pub title: String,
    pub sections: Vec<LetterSection>,
    /// The Acts and regulations the letter rests on, for its closing "The law" section.
    pub law: Vec<String>,
}

/// Whom a letter speaks to. From the end of compulsory school age the young person makes their
/// own decisions (Code 8.13), so the letter is theirs and says "you" of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reader {
    ParentOf { child_name: String },
    YoungPerson { name: String },
}

impl Reader {
    pub fn name(&self) -> &str {
        match self {
            Reader::ParentOf { child_name } => child_name,
            Reader::YoungPerson { name } => name,
        }
    }

    /// "your child" or "you".
    pub fn child(&self) -> &'static str {
        match self {
            Reader::ParentOf { .. } => "your child",
            Reader::YoungPerson { .. } => "you",
        }
    }

    /// "your child's" or "your".
    pub fn childs(&self) -> &'static str {
        match self {
            Reader::ParentOf { .. } => "your child's",
            Reader::YoungPerson { .. } => "your",
        }
    }

    /// Who the letter is addressed to, as its first lines.
    pub fn addressee(&self) -> Vec<String> {
        match self {
            Reader::ParentOf { child_name } => {
                vec![format!("To the parent or carer of {child_name}")]
            }
            Reader::YoungPerson { name } => vec![format!("To {name}")],
        }
    }
}

/// The last days for the steps towards an appeal, from the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppealDates {
    pub mediation_contact_by: Date,
    pub appeal_by: Date,
}

/// What every appealable decision tells the family about disagreeing with it (reg 32).
pub fn appeal_rights(dates: AppealDates, la: &LaContacts) -> Vec<LetterSection> {
    vec![
        LetterSection::new("If you disagree", vec![
            "You can ask a tribunal to look at our decision. This is called an appeal. The tribunal is called the First-tier Tribunal (Special Educational Needs and Disability). It is independent of us.".to_owned(),
            format!("You must appeal by {}.", long_date(dates.appeal_by)),
            "If you get a mediation certificate, you can appeal up to one month after the date on it, if that is later.".to_owned(),
        ]),
        LetterSection::new("Talk to a mediation adviser first", vec![
            format!("Before you can appeal, you must talk to a mediation adviser. Do this by {}.", long_date(dates.mediation_contact_by)),
            format!("Mediation adviser: {}.", la.mediation_service),
            "Mediation is a meeting with someone who does not work for us. It can help us agree. It is free.".to_owned(),
            "You do not have to have mediation. If you do not want it, the adviser will give you a mediation certificate within 3 working days. You need the certificate to appeal.".to_owned(),
            format!("If you want mediation, tell {} within 2 months of the date of this letter. Tell us what you disagree with. Tell us if you also disagree about health or social care.", la.la_name),
            "The mediation meeting will happen within 30 days of you telling us.".to_owned(),
        ]),
        free_help(la),
    ]
}

/// What a family may do with a draft plan: comment within 15 days, ask for a setting to be
/// named, and ask for a meeting.
pub fn draft_plan_rights(reader: &Reader, comment_by: Date, la: &LaContacts) -> Vec<LetterSection> {
    vec![
        LetterSection::new("What you can do now", vec![
            format!("This is a draft. Tell us what you think of it by {}.", long_date(comment_by)),
            format!("You can ask for a meeting with us to talk about the draft. You can also ask us to name a school or college for {}.", reader.child()),
            "Section I is blank in a draft. We will fill it in the final plan.".to_owned(),
            "You cannot appeal about a draft. You can appeal about the final plan when you get it.".to_owned(),
        ]),
        free_help(la),
        contact(la),
    ]
}

/// The law a plan rests on, with the law of appeals for a plan that can be appealed.
pub fn plan_law(appealable: bool) -> Vec<String> {
    law(
        &[
            "Children and Families Act 2014, section 37: education, health and care plans.",
            "The Special Educational Needs and Disability Regulations 2014, regulations 11 to 14: the plan's sections, the draft and the final plan.",
        ],
        appealable,
    )
}

/// A letter about an appealable decision: its own sections, then the family's rights and whom to
/// contact, and the law with the law of appeals.
fn appealable(
    title: String,
    mut sections: Vec<LetterSection>,
    dates: AppealDates,
    la: &LaContacts,
    own_law: &[&str],
) -> Letter {
    sections.extend(appeal_rights(dates, la));
    sections.push(contact(la));
    Letter { title, sections, law: law(own_law, true) }
}

fn free_help(la: &LaContacts) -> LetterSection {
    LetterSection::new(
        "Free help and advice",
        vec![format!(
            "{} gives free advice about special educational needs. They do not work for us and will listen to you.",
            la.information_advice_support
        )],
    )
}

fn contact(la: &LaContacts) -> LetterSection {
    LetterSection::new(
        "Contact us",
        vec![format!("If you have a question about this letter, contact {}.", la.send_team)],
    )
}

/// Where every appealable decision's rights come from.
const APPEAL_LAW: [&str; 3] = [
    "Children and Families Act 2014, section 51: appeals to the First-tier Tribunal.",
    "Children and Families Act 2014, sections 52 and 53: mediation.",
    "The Special Educational Needs and Disability Regulations 2014, regulations 32 to 35 and 42 to 44: mediation and appeals.",
];

fn law(own: &[&str], appealable: bool) -> Vec<String> {
    let appeal: &[&str] = if appealable { &APPEAL_LAW } else { &[] };
    own.iter().chain(appeal).map(|l| (*l).to_owned()).collect()
}

/// The reasons as the caseworker wrote them, a paragraph a line; a letter never goes out with
/// an empty "Why we decided this".
fn reasons(text: &str) -> Vec<String> {
    let given = crate::documents::paragraphs(text);
    if given.is_empty() {
        vec!["The reasons were not written down when the decision was recorded. Contact us and we will explain them.".to_owned()]
    } else {
        given
    }
}
