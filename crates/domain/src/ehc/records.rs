//! What is recorded beside a case's dated events: the content of each statutory step (reasons,
//! exceptions, the family's views and representations, consultations, advice). The clock reads
//! only the events; these say what the events were about.

use crate::ehc::plan::{AboutMe, Section};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A record's kind as stored, and its body's shape.
pub trait CaseRecordKind: Serialize + for<'de> Deserialize<'de> {
    const KIND: &'static str;
}

/// The decision whether to assess, with the reasons the notice must give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDecision {
    pub to_assess: bool,
    pub reasons: String,
}

impl CaseRecordKind for AssessmentDecision {
    const KIND: &'static str = "decision";
}

/// Why a parent or young person asked for an assessment, in their words (s36(1); Code 9.14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyRequest {
    pub reasons: String,
}

impl CaseRecordKind for FamilyRequest {
    const KIND: &'static str = "family_request";
}

/// Why, after assessing, the council decided not to issue a plan (s36(9), reg 10): the family's
/// letter gives these reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoPlanDecision {
    pub reasons: String,
}

impl CaseRecordKind for NoPlanDecision {
    const KIND: &'static str = "no_plan_decision";
}

/// A reg 10(4) exception, why it made the time limit impractical, and when the family was told
/// (Code 9.43).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionRecord {
    pub ground: String,
    pub note: String,
    pub family_told_on: Option<Date>,
}

impl CaseRecordKind for ExceptionRecord {
    const KIND: &'static str = "exception";
}

/// Section A as the family gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyViews {
    pub about_me: AboutMe,
}

impl CaseRecordKind for FamilyViews {
    const KIND: &'static str = "family_views";
}

/// The family's representations on a draft (reg 13(1)): comments by section and the setting
/// they ask to be named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representation {
    pub draft_version: i32,
    pub comments: Vec<(Section, String)>,
    pub requested_setting: String,
}

impl CaseRecordKind for Representation {
    const KIND: &'static str = "representation";
}

/// A setting consulted about being named (Code 9.78–9.83); `clock_ref` is its duty's ref.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    pub clock_ref: String,
    pub institution: String,
}

impl CaseRecordKind for Consultation {
    const KIND: &'static str = "consultation";
}

/// A setting's answer to its consultation: whether it agrees to be named, and its reasons
/// (Code 9.83). Answers recorded before the question was asked, or taken from the API's bare
/// event, say neither way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationResponse {
    pub clock_ref: String,
    pub response: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agrees_to_be_named: Option<bool>,
}

impl ConsultationResponse {
    /// The answer in a sentence, for the council's page.
    pub fn summary(&self) -> &'static str {
        match self.agrees_to_be_named {
            Some(true) => "Agrees to be named",
            Some(false) => "Does not agree to be named",
            None => "Responded",
        }
    }
}

impl CaseRecordKind for ConsultationResponse {
    const KIND: &'static str = "consultation_response";
}

/// Whose advice the LA seeks (reg 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdviceKind {
    Educational,
    EducationalPsychologist,
    Health,
    SocialCare,
    PreparationForAdulthood,
    Other,
}

impl AdviceKind {
    pub const ALL: [AdviceKind; 6] = [
        AdviceKind::Educational,
        AdviceKind::EducationalPsychologist,
        AdviceKind::Health,
        AdviceKind::SocialCare,
        AdviceKind::PreparationForAdulthood,
        AdviceKind::Other,
    ];

    /// Also the stem of the clock's `ref` for the advice.
    pub fn code(self) -> &'static str {
        match self {
            AdviceKind::Educational => "educational",
            AdviceKind::EducationalPsychologist => "educational-psychologist",
            AdviceKind::Health => "health",
            AdviceKind::SocialCare => "social-care",
            AdviceKind::PreparationForAdulthood => "preparation-for-adulthood",
            AdviceKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AdviceKind::Educational => "Educational advice (the school or setting)",
            AdviceKind::EducationalPsychologist => "Educational psychologist",
            AdviceKind::Health => "Medical advice (health)",
            AdviceKind::SocialCare => "Social care",
            AdviceKind::PreparationForAdulthood => "Preparation for adulthood (Year 9 and above)",
            AdviceKind::Other => {
                "Someone else the family reasonably asks for, or the council thinks appropriate"
            }
        }
    }

    pub fn parse(code: &str) -> Option<AdviceKind> {
        AdviceKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// A `ref` not among `taken`: the kind's code, then `-2`, `-3`, … for a second professional.
    pub fn clock_ref(self, taken: &[&str]) -> String {
        (1..)
            .map(|n| if n == 1 { self.code().to_owned() } else { format!("{}-{n}", self.code()) })
            .find(|r| !taken.contains(&r.as_str()))
            .expect("an unbounded range always has a free ref")
    }
}

/// Who gives the advice a clock reference names, for a family: "educational-psychologist-2"
/// is the second request to an educational psychologist; any other reference is already a name.
pub fn adviser(reference: &str) -> String {
    let kind = reference.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-');
    match AdviceKind::parse(kind) {
        Some(AdviceKind::Educational) => "the school or setting".into(),
        Some(AdviceKind::EducationalPsychologist) => "the educational psychologist".into(),
        Some(AdviceKind::Health) => "health services".into(),
        Some(AdviceKind::SocialCare) => "social care".into(),
        Some(AdviceKind::PreparationForAdulthood) => "the preparing for adulthood adviser".into(),
        Some(AdviceKind::Other) => "another adviser".into(),
        None => reference.to_owned(),
    }
}

/// The headings a professional's advice is written under, so the plan can draw on it.
pub const ADVICE_HEADINGS: [(&str, &str); 4] = [
    ("needs", "The child or young person's needs"),
    ("outcomes", "Outcomes the provision should achieve"),
    ("provision", "Provision recommended, with how often and by whom"),
    ("other", "Anything else the council should know"),
];

/// A professional's advice under [`ADVICE_HEADINGS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub sections: Vec<(String, String)>,
}

impl Advice {
    /// Each section under its heading as readers see it: a heading of [`ADVICE_HEADINGS`] by its
    /// label, any other (advice the council recorded as it arrived) as written.
    pub fn headed(&self) -> Vec<(String, String)> {
        self.sections
            .iter()
            .map(|(heading, text)| {
                let label = ADVICE_HEADINGS.iter().find(|(code, _)| code == heading);
                (label.map_or(heading.as_str(), |(_, label)| label).to_owned(), text.clone())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_reads_under_its_headings() {
        let advice = Advice {
            sections: vec![
                ("needs".into(), "Reads at age 6".into()),
                ("As received by post".into(), "See letter".into()),
            ],
        };
        assert_eq!(
            advice.headed(),
            [
                ("The child or young person's needs".to_owned(), "Reads at age 6".to_owned()),
                ("As received by post".to_owned(), "See letter".to_owned()),
            ]
        );
    }

    #[test]
    fn second_requests_of_a_kind_get_their_own_ref() {
        assert_eq!(AdviceKind::Health.clock_ref(&[]), "health");
        assert_eq!(AdviceKind::Health.clock_ref(&["health", "health-2"]), "health-3");
        for k in AdviceKind::ALL {
            assert_eq!(AdviceKind::parse(k.code()), Some(k));
        }
    }
}
