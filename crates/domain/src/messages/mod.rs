//! What people are told when something changes that they must act on: which change tells whom,
//! in what words, with a link to where they act (`email.rs`: the email that carries it and when a
//! failed one is tried again).
//!
//! A family's words are plain English for a reading age of about 9: short sentences to "you",
//! the child by their first name only, never their needs. Dates are written in words.

pub mod email;
pub mod reminders;

use crate::clock::{CaseEvent, DatedEvent, Duty, DutyKind, EventName, ReviewOutcome};
use jiff::civil::Date;
use uuid::Uuid;

/// Who a notice is for, as the case knows them; the policy turns each into people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Whoever holds the family's rights on the case: the parents, and the young person from
    /// the end of compulsory school age.
    Family,
    /// The case's caseworker, or while none is allocated the council's managers, who allocate.
    Caseworker,
    /// The setting the child is on roll at, which arranges the annual review (Code 9.176): its
    /// SENCO; the caseworker where the child is on no setting's roll.
    Setting,
    /// The professional whose advice was asked.
    AdviceGiver,
    /// The school or college consulted about being named in the plan (Code 9.83): its SENCOs;
    /// nobody in sendcase where it has none, for the council writes to it.
    Consulted,
}

/// One thing to tell, before it is addressed to anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub to: Audience,
    /// What kind of message it is, as stored (`draft_plan_issued`).
    pub kind: &'static str,
    pub text: String,
    /// The words for the young person the case is about, who from the end of compulsory school
    /// age is told as the family is: their own plan, not one "for" them. `None`: as `text`.
    pub to_the_young_person: Option<String>,
    /// The path of the page where the person acts.
    pub link: String,
}

impl Notice {
    /// The words for one reader: `young_person` when it is the young person themself.
    pub fn text_for(&self, young_person: bool) -> &str {
        match &self.to_the_young_person {
            Some(own) if young_person => own,
            _ => &self.text,
        }
    }
}

/// What recording `event` on the request `request` tells, if anything: `duties` are the case's
/// duties with the event recorded (for the date the person must act by), `child` the child's
/// first name, `today` the day it is recorded (a date this year is written without its year).
pub fn on_event(
    event: &DatedEvent,
    duties: &[Duty<'_>],
    child: &str,
    request: Uuid,
    today: Date,
) -> Option<Notice> {
    let due = |kind: DutyKind| {
        let reference = event.event.reference();
        duties
            .iter()
            .filter(|d| d.kind == kind && d.met_on.is_none() && d.reference == reference)
            .map(|d| d.due)
            .max()
    };
    let case = format!("/ehc-requests/{request}");
    let notice = |to, kind, text: String, link: String| {
        Some(Notice { to, kind, text, to_the_young_person: None, link })
    };
    let to_family = |kind, text: String, own: String, link: String| {
        Some(Notice { to: Audience::Family, kind, text, to_the_young_person: Some(own), link })
    };
    match event.event.name() {
        EventName::AdviceRequested => {
            let by = due(DutyKind::ProvideAdvice)
                .map(|d| format!(" Please send it by {}.", in_words(d, today)))
                .unwrap_or_default();
            notice(
                Audience::AdviceGiver,
                "advice_requested",
                format!("The council has asked for your advice about {child}.{by}"),
                "/advice".to_owned(),
            )
        }
        EventName::DraftPlanIssued => {
            let by = due(DutyKind::CommentOnDraft)
                .map(|d| format!(" You have until {} to comment.", in_words(d, today)))
                .unwrap_or_default();
            to_family(
                "draft_plan_issued",
                format!("The council has sent you the draft plan for {child}.{by}"),
                format!("The council has sent you your draft plan.{by}"),
                format!("{case}/steps/comments"),
            )
        }
        EventName::DraftCommentsReceived => notice(
            Audience::Caseworker,
            "draft_comments_received",
            format!(
                "The family has commented on the draft plan for {child}. Read their comments before the final plan."
            ),
            case,
        ),
        EventName::InstitutionConsulted => {
            let by = due(DutyKind::RespondToConsultation)
                .map(|d| format!(" Please reply by {}.", in_words(d, today)))
                .unwrap_or_default();
            notice(
                Audience::Consulted,
                "consultation_sent",
                format!(
                    "The council asks whether your school or college can be named in the plan for {child}.{by}"
                ),
                format!("{case}/consultations/{}", event.event.reference().unwrap_or_default()),
            )
        }
        EventName::InstitutionResponded => notice(
            Audience::Caseworker,
            "consultation_answered",
            format!(
                "A school or college has answered the consultation about {child}'s plan. Read its answer before naming a setting."
            ),
            format!("{case}#consultations"),
        ),
        EventName::ReviewReportSent => {
            let by = due(DutyKind::NotifyReviewDecision)
                .map(|d| format!(" The council must decide by {}.", in_words(d, today)))
                .unwrap_or_default();
            notice(
                Audience::Caseworker,
                "review_report_sent",
                format!("The report of the annual review of {child}'s plan has arrived.{by}"),
                format!("{case}/review"),
            )
        }
        EventName::ReviewDecisionNotified => {
            let letter = format!("{case}/documents/review-decision");
            let (text, own, link) = match event.event {
                CaseEvent::ReviewDecisionNotified(ReviewOutcome::Amend) => {
                    let by = due(DutyKind::CommentOnProposedAmendments)
                        .map(|d| format!(" You have until {} to comment.", in_words(d, today)))
                        .unwrap_or_default();
                    (
                        format!("After the annual review, the council wants to change {child}'s plan.{by}"),
                        format!("After the annual review, the council wants to change your plan.{by}"),
                        format!("{case}/steps/comments"),
                    )
                }
                CaseEvent::ReviewDecisionNotified(ReviewOutcome::Cease) => (
                    format!("After the annual review, the council has decided to stop {child}'s plan. Its letter says how to disagree."),
                    "After the annual review, the council has decided to stop your plan. Its letter says how to disagree.".to_owned(),
                    letter,
                ),
                _ => (
                    format!("After the annual review, the council will keep {child}'s plan as it is. You can read its letter now."),
                    "After the annual review, the council will keep your plan as it is. You can read its letter now.".to_owned(),
                    letter,
                ),
            };
            to_family("review_decision_notified", text, own, link)
        }
        EventName::AmendedPlanIssued => to_family(
            "amended_plan_issued",
            format!("The council has sent you the amended plan for {child}. You can read it now."),
            "The council has sent you your amended plan. You can read it now.".to_owned(),
            format!("{case}/documents/amended-plan"),
        ),
        EventName::DecidedToCease => to_family(
            "decided_to_cease",
            format!(
                "The council has decided to stop {child}'s plan. Its letter says why and how to disagree."
            ),
            "The council has decided to stop your plan. Its letter says why and how to disagree."
                .to_owned(),
            format!("{case}/documents/decision-to-cease"),
        ),
        EventName::FinalPlanIssued => to_family(
            "final_plan_issued",
            format!("The council has sent you the final plan for {child}. You can read it now."),
            "The council has sent you your final plan. You can read it now.".to_owned(),
            format!("{case}/documents/final-plan"),
        ),
        _ => None,
    }
}

/// "16 December", or "16 December 2027" when it is not this year.
pub fn in_words(date: Date, today: Date) -> String {
    if date.year() == today.year() {
        date.strftime("%-d %B").to_string()
    } else {
        date.strftime("%-d %B %Y").to_string()
    }
}

#[cfg(test)]
mod tests;
