//! The plan as it was sent: the draft, the first final plan, or the latest amended one, with
//! who the child is, the advice appended to section K, the next review and the family's rights.

use super::letters::comment_by;
use super::{CaseFile, ClockAt, Dated, advice_shown, reader, reference};
use crate::Refused;
use crate::ehc::file;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{DutyKind, EventName, long_date};
use sendcase_domain::documents::{Document, DocumentKind, Fact, PlanDocument, PlanSectionText};
use sendcase_domain::ehc::letters::{LaContacts, appeal_rights, draft_plan_rights, plan_law};
use sendcase_domain::ehc::plan::Section;
use sendcase_store::{PlanVersion, StoreError};

/// The version a plan document of `kind` prints: a draft sent before the first final plan, the
/// first final plan, or the latest of those that amended it.
pub(super) fn version<'a>(file: &CaseFile<'a>, kind: DocumentKind) -> Option<&'a PlanVersion> {
    let finals: Vec<&PlanVersion> = file::versions_issued(file.versions, "final").collect();
    match kind {
        DocumentKind::DraftPlan => file::versions_issued(file.versions, "draft")
            .rev()
            .find(|d| finals.first().is_none_or(|f| d.version < f.version)),
        DocumentKind::FinalPlan => finals.first().copied(),
        DocumentKind::AmendedPlan => finals.get(1..).and_then(<[_]>::last).copied(),
        _ => None,
    }
}

/// The events that send the family a plan in force.
const ISSUES_PLAN: [EventName; 4] = [
    EventName::FinalPlanIssued,
    EventName::AmendedPlanIssued,
    EventName::PlanAmendedForPhaseTransfer,
    EventName::ReassessedPlanIssued,
];

pub(super) fn plan(
    calendar: &Calendar,
    file: &CaseFile<'_>,
    kind: DocumentKind,
    la: &LaContacts,
) -> Result<Dated, Refused> {
    let chosen = version(file, kind).ok_or(Refused::NotFound)?;
    let on = chosen.issued_on.ok_or(Refused::NotFound)?;
    let history = file.case.history();
    let reader = reader(file.child, on);
    let corrupt =
        |what: &str| Refused::Store(StoreError::Corrupt(format!("{} {what}", kind.slug())));
    let (title, status, rights, appealable, next_review) = match kind {
        DocumentKind::DraftPlan => {
            let by =
                comment_by(&history, on, calendar)?.ok_or_else(|| corrupt("without its event"))?;
            let status = format!("Draft plan, sent to the family on {}.", long_date(on));
            (
                "Draft education, health and care plan",
                status,
                draft_plan_rights(&reader, by, la),
                false,
                None,
            )
        }
        _ => {
            let at = history
                .iter()
                .rposition(|e| e.date == on && ISSUES_PLAN.contains(&e.event.name()))
                .ok_or_else(|| corrupt("without its event"))?;
            let review =
                ClockAt::of(&history, history.len() - 1, calendar)?.due(DutyKind::ReviewPlan);
            let (title, what) = match kind {
                DocumentKind::FinalPlan => ("Final education, health and care plan", "Final plan"),
                _ => ("Amended education, health and care plan", "Amended plan"),
            };
            let status = format!("{what}, issued on {}.", long_date(on));
            let rights = appeal_rights(ClockAt::of(&history, at, calendar)?.appeal()?, la);
            (title, status, rights, true, review.map(long_date))
        }
    };
    let child = file.child;
    let mut facts = vec![
        Fact::new("Name", child.full_name()),
        Fact::new("Date of birth", long_date(child.birth_date)),
    ];
    facts.extend(child.nhs_number.as_ref().map(|n| Fact::new("NHS number", n.to_string())));
    facts.extend(child.upn.as_ref().map(|n| Fact::new("Unique pupil number", n.to_string())));
    facts.extend(child.uln.as_ref().map(|n| Fact::new("Unique learner number", n.to_string())));
    facts.push(Fact::new("Council", la.la_name.clone()));
    let document = PlanDocument {
        council: la.la_name.clone(),
        reference: reference(file.case),
        title: format!("{title}: {}", child.full_name()),
        status,
        child: facts,
        sections: Section::ALL
            .into_iter()
            .map(|s| PlanSectionText {
                letter: s.letter().to_owned(),
                title: s.title().to_owned(),
                lines: chosen.plan.section_lines(s),
            })
            .collect(),
        advice: advice_shown(file.advice, true),
        next_review,
        rights,
        law: plan_law(appealable),
    };
    Ok(Dated { document: Document::Plan(document), on })
}
