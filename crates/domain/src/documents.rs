//! The documents a council sends about a case — the plans and a letter for every decision — as
//! the data that both its web page and its PDF are made from, so the two never differ.

use crate::ehc::letters::{Letter, LetterSection};
use serde::Serialize;

/// Every document sendcase makes for a request, by the name used in its URL and on the command
/// line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    DraftPlan,
    FinalPlan,
    AmendedPlan,
    DecisionNotToAssess,
    DecisionToAssess,
    DecisionNotToIssuePlan,
    FinalPlanNotice,
    ReviewDecision,
    DecisionToCease,
    RefusalToReassess,
    TransferNotice,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 11] = [
        DocumentKind::DraftPlan,
        DocumentKind::FinalPlan,
        DocumentKind::AmendedPlan,
        DocumentKind::DecisionNotToAssess,
        DocumentKind::DecisionToAssess,
        DocumentKind::DecisionNotToIssuePlan,
        DocumentKind::FinalPlanNotice,
        DocumentKind::ReviewDecision,
        DocumentKind::DecisionToCease,
        DocumentKind::RefusalToReassess,
        DocumentKind::TransferNotice,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            DocumentKind::DraftPlan => "draft-plan",
            DocumentKind::FinalPlan => "final-plan",
            DocumentKind::AmendedPlan => "amended-plan",
            DocumentKind::DecisionNotToAssess => "decision-not-to-assess",
            DocumentKind::DecisionToAssess => "decision-to-assess",
            DocumentKind::DecisionNotToIssuePlan => "decision-not-to-issue-plan",
            DocumentKind::FinalPlanNotice => "final-plan-notice",
            DocumentKind::ReviewDecision => "review-decision",
            DocumentKind::DecisionToCease => "decision-to-cease",
            DocumentKind::RefusalToReassess => "refusal-to-reassess",
            DocumentKind::TransferNotice => "transfer-notice",
        }
    }

    pub fn parse(slug: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// What the document is, as a list of documents names it.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::DraftPlan => "Draft EHC plan",
            DocumentKind::FinalPlan => "Final EHC plan",
            DocumentKind::AmendedPlan => "Amended EHC plan",
            DocumentKind::DecisionNotToAssess => "Letter: decision not to assess",
            DocumentKind::DecisionToAssess => "Letter: decision to assess",
            DocumentKind::DecisionNotToIssuePlan => "Letter: decision not to issue a plan",
            DocumentKind::FinalPlanNotice => "Letter: the final plan's covering notice",
            DocumentKind::ReviewDecision => "Letter: decision after the annual review",
            DocumentKind::DecisionToCease => "Letter: decision to cease the plan",
            DocumentKind::RefusalToReassess => "Letter: decision not to re-assess",
            DocumentKind::TransferNotice => "Letter: the plan transferred to a new council",
        }
    }

    pub fn is_plan(self) -> bool {
        matches!(
            self,
            DocumentKind::DraftPlan | DocumentKind::FinalPlan | DocumentKind::AmendedPlan
        )
    }
}

/// The reference a request's documents carry, for a family to quote: the year it was received
/// and the random end of its id, never the whole internal id.
pub fn reference(request_id: uuid::Uuid, received: jiff::civil::Date) -> String {
    let id = request_id.simple().to_string().to_uppercase();
    format!("EHC-{}-{}", received.year(), &id[id.len() - 8..])
}

/// Who signs a letter for the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    pub name: String,
    pub role: String,
}

/// A letter as it is sent: the council's heading, the addressee, the date and reference, the
/// letter itself and who signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterDocument {
    pub council: String,
    pub reference: String,
    /// The date in full, as the letter prints it.
    pub dated: String,
    pub addressee: Vec<String>,
    pub letter: Letter,
    pub signature: Signature,
}

/// A label and its value, such as "NHS number" and the number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

impl Fact {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Fact {
        Fact { label: label.into(), value: value.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSectionText {
    pub letter: String,
    pub title: String,
    pub lines: Vec<String>,
}

/// A piece of advice appended to section K: what it is and from whom, when it came, and its
/// text under each heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppendedAdvice {
    pub title: String,
    pub status: String,
    pub sections: Vec<Fact>,
    /// The documents the advice carries ([`crate::ehc::attachments`]).
    pub files: Vec<AttachedFile>,
}

/// A document attached to advice: its name, and what it is and how big ("PDF, 120 KB").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachedFile {
    pub id: uuid::Uuid,
    pub name: String,
    pub about: String,
}

/// An EHC plan as it is sent: the council and reference, who the child is, every section A–K,
/// the advice appended to section K, the next review, and what the family may do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDocument {
    pub council: String,
    pub reference: String,
    pub title: String,
    pub status: String,
    pub child: Vec<Fact>,
    pub sections: Vec<PlanSectionText>,
    pub advice: Vec<AppendedAdvice>,
    pub next_review: Option<String>,
    /// The family's rights: to comment on a draft, or to appeal a final plan.
    pub rights: Vec<LetterSection>,
    pub law: Vec<String>,
}

/// Rows of a label and its value under a heading, such as each prime area and its judgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactTable {
    pub heading: String,
    pub columns: [String; 2],
    pub rows: Vec<Fact>,
}

/// What a school or setting gives the family to keep: the one-page profile, the progress
/// check's summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyDocument {
    /// The school or setting it comes from.
    pub from: String,
    pub title: String,
    pub intro: Vec<String>,
    pub table: Option<FactTable>,
    pub sections: Vec<LetterSection>,
    pub closing: Vec<String>,
}

/// Any document, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    Letter(LetterDocument),
    Plan(PlanDocument),
    Family(FamilyDocument),
}

/// Text as typed, one paragraph per non-empty line.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_short_and_shows_no_internal_id() {
        let id: uuid::Uuid = "01a24017-0a61-72b5-b50d-9cd8e5973114".parse().unwrap();
        let made = reference(id, jiff::civil::date(2026, 3, 2));
        assert_eq!(made, "EHC-2026-E5973114");
        assert!(!made.to_lowercase().contains(&id.to_string()));
    }

    #[test]
    fn every_kind_has_one_slug_that_parses_back() {
        let mut slugs: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.slug()).collect();
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(k.slug()), Some(k));
        }
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), DocumentKind::ALL.len());
        assert_eq!(DocumentKind::parse("final-plan.pdf"), None);
    }
}
