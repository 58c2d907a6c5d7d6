//! The EHC plan (reg 12; Code 9.61–9.69) as structured data: every section separately
//! identified, every provision line tied to the need it meets, so the checks the Code asks for
//! (specific, quantified provision for each need; section I blank in the draft; a final that
//! differs from the draft only where the family asked) can be made by the software.

mod adulthood;
mod budget;
mod checks;
mod diff;
mod merge;
mod wording;

pub use adulthood::{AdulthoodArea, adulthood_check};
pub use budget::{BudgetPart, DirectPayment, PersonalBudget, provision_line};
pub use checks::{PlanWarning, content_check, draft_check, finalise_check};
pub use diff::{Change, SectionDiff, diff};
pub use merge::merge_edit;

pub use crate::needs::BroadAreaOfNeed;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The sections of reg 12(1), in the Code's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Section {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H1,
    H2,
    I,
    J,
    K,
}

impl Section {
    pub const ALL: [Section; 12] = [
        Section::A,
        Section::B,
        Section::C,
        Section::D,
        Section::E,
        Section::F,
        Section::G,
        Section::H1,
        Section::H2,
        Section::I,
        Section::J,
        Section::K,
    ];

    pub fn letter(self) -> &'static str {
        match self {
            Section::A => "A",
            Section::B => "B",
            Section::C => "C",
            Section::D => "D",
            Section::E => "E",
            Section::F => "F",
            Section::G => "G",
            Section::H1 => "H1",
            Section::H2 => "H2",
            Section::I => "I",
            Section::J => "J",
            Section::K => "K",
        }
    }

    pub fn parse(text: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.letter().eq_ignore_ascii_case(text))
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::A => {
                "The views, interests and aspirations of the child and their parents, or of the young person"
            }
            Section::B => "Special educational needs",
            Section::C => "Health needs related to special educational needs",
            Section::D => "Social care needs related to special educational needs or a disability",
            Section::E => "Outcomes sought",
            Section::F => "Special educational provision",
            Section::G => "Health provision",
            Section::H1 => {
                "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970"
            }
            Section::H2 => "Other social care provision",
            Section::I => "Placement: the school or other institution",
            Section::J => "Personal budget and direct payments",
            Section::K => "Advice and information gathered during the assessment",
        }
    }

    /// Where a provision section's lines must point: F meets B, G meets C, H1 and H2 meet D.
    pub fn needs_met_by(self) -> Option<Section> {
        match self {
            Section::F => Some(Section::B),
            Section::G => Some(Section::C),
            Section::H1 | Section::H2 => Some(Section::D),
            _ => None,
        }
    }
}

/// Section A: each question answered in the child's or young person's own words and, kept
/// apart, by their parents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AboutMe {
    pub answers: Vec<AboutMeAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AboutMeAnswer {
    pub question: AboutMeQuestion,
    pub own_words: String,
    pub parents_words: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AboutMeQuestion {
    WhatPeopleLikeAboutMe,
    WhatIsImportantToMe,
    MyHopes,
    HowBestToSupportMe,
}

impl AboutMeQuestion {
    pub const ALL: [AboutMeQuestion; 4] = [
        AboutMeQuestion::WhatPeopleLikeAboutMe,
        AboutMeQuestion::WhatIsImportantToMe,
        AboutMeQuestion::MyHopes,
        AboutMeQuestion::HowBestToSupportMe,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AboutMeQuestion::WhatPeopleLikeAboutMe => "what_people_like_about_me",
            AboutMeQuestion::WhatIsImportantToMe => "what_is_important_to_me",
            AboutMeQuestion::MyHopes => "my_hopes",
            AboutMeQuestion::HowBestToSupportMe => "how_best_to_support_me",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AboutMeQuestion::WhatPeopleLikeAboutMe => "What people like and admire about me",
            AboutMeQuestion::WhatIsImportantToMe => "What is important to me",
            AboutMeQuestion::MyHopes => "My hopes and aspirations for the future",
            AboutMeQuestion::HowBestToSupportMe => "How best to support me",
        }
    }
}

/// Does a duration start with its own preposition ("until the next annual review", "for two
/// terms")? Then "for" is not put in front of it.
fn says_its_own_span(duration: &str) -> bool {
    let first = duration.split_whitespace().next().unwrap_or_default().to_lowercase();
    ["until", "till", "for", "to", "from", "throughout", "during", "by"].contains(&first.as_str())
}

/// A need in B, C or D; B's needs also name their broad area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    /// Stable within the plan (`B1`, `C2`), so provision lines can point at it across versions.
    pub id: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<BroadAreaOfNeed>,
}

/// An outcome in E: the difference the provision should make, and how everyone will know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub description: String,
    pub success_looks_like: String,
    pub by_when: Option<Date>,
    /// The preparing-for-adulthood area it is aimed at, if any: from Year 9 each area has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adulthood: Option<AdulthoodArea>,
}

/// One line of provision in F, G, H1 or H2.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionLine {
    /// The ids of the needs this line meets.
    pub meets: Vec<String>,
    pub what: String,
    pub who: String,
    pub expertise: String,
    pub frequency: String,
    pub duration: String,
    pub group_size: String,
}

/// Section I: named only in the final plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub institution: String,
    pub kind: String,
}

/// One appendix in K.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appendix {
    pub title: String,
    pub from: String,
    pub received_on: Date,
}

/// A whole plan, draft or final.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EhcPlan {
    pub a: AboutMe,
    pub b: Vec<Need>,
    pub c: Vec<Need>,
    pub d: Vec<Need>,
    pub e: Vec<Outcome>,
    pub f: Vec<ProvisionLine>,
    pub g: Vec<ProvisionLine>,
    pub h1: Vec<ProvisionLine>,
    pub h2: Vec<ProvisionLine>,
    pub i: Option<Placement>,
    pub j: PersonalBudget,
    pub k: Vec<Appendix>,
}

impl EhcPlan {
    pub fn needs(&self, section: Section) -> &[Need] {
        match section {
            Section::B => &self.b,
            Section::C => &self.c,
            Section::D => &self.d,
            _ => &[],
        }
    }

    pub fn provision(&self, section: Section) -> &[ProvisionLine] {
        match section {
            Section::F => &self.f,
            Section::G => &self.g,
            Section::H1 => &self.h1,
            Section::H2 => &self.h2,
            _ => &[],
        }
    }

    /// Each section as lines of plain text: what the diff compares and the print view shows.
    pub fn section_lines(&self, section: Section) -> Vec<String> {
        let need = |n: &Need| match n.area {
            Some(area) => format!("{}: {} ({})", n.id, n.description, area.label()),
            None => format!("{}: {}", n.id, n.description),
        };
        // Parts left blank are left out, so a draft reads as written, not as empty slots.
        let line = |p: &ProvisionLine| {
            let parts = [
                (p.who.as_str(), "delivered by "),
                (p.expertise.as_str(), "with expertise: "),
                (p.frequency.as_str(), ""),
                (p.duration.as_str(), "for "),
                (p.group_size.as_str(), "group size "),
            ];
            let details: Vec<String> = parts
                .iter()
                .filter(|(v, _)| !v.trim().is_empty())
                .map(|(v, label)| {
                    let own = *label == "for " && says_its_own_span(v);
                    format!("{}{v}", if own { "" } else { label })
                })
                .collect();
            let mut text = format!("For {}: {}", p.meets.join(", "), p.what);
            for d in details {
                text.push_str("; ");
                text.push_str(&d);
            }
            text
        };
        match section {
            Section::A => self
                .a
                .answers
                .iter()
                .flat_map(|a| {
                    [
                        (!a.own_words.is_empty()).then(|| {
                            format!("{} (in my own words): {}", a.question.label(), a.own_words)
                        }),
                        (!a.parents_words.is_empty()).then(|| {
                            format!(
                                "{} (my parents' words): {}",
                                a.question.label(),
                                a.parents_words
                            )
                        }),
                    ]
                })
                .flatten()
                .collect(),
            Section::B | Section::C | Section::D => self.needs(section).iter().map(need).collect(),
            Section::E => self
                .e
                .iter()
                .map(|o| {
                    let mut text =
                        format!("{} — success looks like: {}", o.description, o.success_looks_like);
                    if let Some(by) = o.by_when {
                        text.push_str(&format!(" — by {}", crate::clock::long_date(by)));
                    }
                    if let Some(area) = o.adulthood {
                        text.push_str(&format!(" (preparing for adulthood: {})", area.label()));
                    }
                    text
                })
                .collect(),
            Section::F | Section::G | Section::H1 | Section::H2 => {
                self.provision(section).iter().map(line).collect()
            }
            Section::I => {
                self.i.iter().map(|p| format!("{} ({})", p.institution, p.kind)).collect()
            }
            Section::J => self.j.lines(),
            Section::K => self
                .k
                .iter()
                .map(|a| {
                    let on = crate::clock::long_date(a.received_on);
                    format!("{} from {}, received {on}", a.title, a.from)
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provision_reads_as_english() {
        let mut line = ProvisionLine {
            meets: vec!["B1".into()],
            what: "Speech and language therapy".into(),
            who: "speech and language therapist".into(),
            frequency: "30 minutes weekly".into(),
            duration: "until the next annual review".into(),
            ..ProvisionLine::default()
        };
        let plan = |line: &ProvisionLine| EhcPlan { f: vec![line.clone()], ..EhcPlan::default() };
        assert_eq!(
            plan(&line).section_lines(Section::F),
            [
                "For B1: Speech and language therapy; delivered by speech and language therapist; 30 minutes weekly; until the next annual review"
            ]
        );
        line.duration = "two terms".into();
        assert!(plan(&line).section_lines(Section::F)[0].ends_with("; for two terms"));
        let outcome = Outcome {
            description: "Reads aloud".into(),
            success_looks_like: "a page a day".into(),
            by_when: Some(jiff::civil::date(2027, 7, 16)),
            adulthood: None,
        };
        let with_outcome = EhcPlan { e: vec![outcome], ..EhcPlan::default() };
        assert!(with_outcome.section_lines(Section::E)[0].ends_with("by Friday 16 July 2027"));
    }
}
