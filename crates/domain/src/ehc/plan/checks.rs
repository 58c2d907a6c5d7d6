//! What the Code asks of a plan's content, as checks a caseworker sees while drafting.
//!
//! Section F "must be detailed and specific and should normally be quantified" (Code 9.69), and
//! every need in B, C and D needs provision in F, G or H. These are warnings, not blocks: a draft
//! is work in progress. The finalise check is a block, because Code 9.125 makes any change beyond
//! the family's representations and section I a new draft.

use super::wording::{measured, vague_phrases};
use super::{EhcPlan, Section};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanWarning {
    /// Line `line` (1-based) of a provision section uses vague wording: every such phrase on it.
    VagueWording { section: Section, line: usize, phrases: Vec<&'static str> },
    /// "how often" or "how long" is filled in but gives no number and unit, nor a named end.
    Unmeasured { section: Section, line: usize, part: &'static str, said: String },
    /// A provision line leaves out how often, for how long, or who delivers it.
    Unquantified { section: Section, line: usize, missing: Vec<&'static str> },
    /// A provision line meets no need, or a need that is not in the plan.
    UnlinkedProvision { section: Section, line: usize },
    /// A need with no provision meeting it.
    NeedWithoutProvision { need: String },
    /// A need in B without its broad area.
    NeedWithoutArea { need: String },
}

impl std::fmt::Display for PlanWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanWarning::VagueWording { section, line, phrases } => {
                let quoted: Vec<String> = phrases.iter().map(|p| format!("\"{p}\"")).collect();
                write!(
                    f,
                    "Section {} line {line} says {}: say exactly what will be provided",
                    section.letter(),
                    quoted.join(", ")
                )
            }
            PlanWarning::Unmeasured { section, line, part, said } => write!(
                f,
                "Section {} line {line} says {part} as \"{said}\": give a number and a unit \
                 (for example, 3 sessions of 30 minutes a week) or a named end (for example, \
                 until the next annual review)",
                section.letter()
            ),
            PlanWarning::Unquantified { section, line, missing } => {
                write!(
                    f,
                    "Section {} line {line} does not say {}",
                    section.letter(),
                    missing.join(" or ")
                )
            }
            PlanWarning::UnlinkedProvision { section, line } => {
                write!(
                    f,
                    "Section {} line {line} does not meet any need in the plan",
                    section.letter()
                )
            }
            PlanWarning::NeedWithoutProvision { need } => {
                write!(f, "Need {need} has no provision to meet it")
            }
            PlanWarning::NeedWithoutArea { need } => {
                write!(f, "Need {need} does not say its broad area of need")
            }
        }
    }
}

impl EhcPlan {
    /// Every warning about the plan's content, in section order.
    pub fn warnings(&self) -> Vec<PlanWarning> {
        let mut out: Vec<PlanWarning> = self
            .b
            .iter()
            .filter(|n| n.area.is_none())
            .map(|n| PlanWarning::NeedWithoutArea { need: n.id.clone() })
            .collect();
        for section in [Section::F, Section::G, Section::H1, Section::H2] {
            let needs_section = section.needs_met_by().expect("provision sections meet needs");
            for (i, line) in self.provision(section).iter().enumerate() {
                let line_no = i + 1;
                let linked = !line.meets.is_empty()
                    && line
                        .meets
                        .iter()
                        .all(|id| self.needs(needs_section).iter().any(|n| &n.id == id));
                if !linked {
                    out.push(PlanWarning::UnlinkedProvision { section, line: line_no });
                }
                if section == Section::F {
                    let phrases = vague_phrases(&line.what, &line.frequency, &line.duration);
                    if !phrases.is_empty() {
                        out.push(PlanWarning::VagueWording { section, line: line_no, phrases });
                    }
                    for (part, said) in
                        [("how often", &line.frequency), ("how long", &line.duration)]
                    {
                        if !said.trim().is_empty() && !measured(said) {
                            let said = said.trim().to_owned();
                            out.push(PlanWarning::Unmeasured {
                                section,
                                line: line_no,
                                part,
                                said,
                            });
                        }
                    }
                }
                let missing: Vec<&'static str> = [
                    ("how often", &line.frequency),
                    ("for how long", &line.duration),
                    ("who delivers it", &line.who),
                ]
                .into_iter()
                .filter(|(_, v)| v.trim().is_empty())
                .map(|(name, _)| name)
                .collect();
                if !missing.is_empty() {
                    out.push(PlanWarning::Unquantified { section, line: line_no, missing });
                }
            }
        }
        for needs_section in [Section::B, Section::C, Section::D] {
            for need in self.needs(needs_section) {
                let met = Section::ALL
                    .into_iter()
                    .filter(|s| s.needs_met_by() == Some(needs_section))
                    .any(|s| self.provision(s).iter().any(|l| l.meets.contains(&need.id)));
                if !met {
                    out.push(PlanWarning::NeedWithoutProvision { need: need.id.clone() });
                }
            }
        }
        out
    }
}

/// May `plan` be sent as the draft? Section I stays blank so the family can say which school
/// they want before any is named (Code 9.78); the refusal says so.
pub fn draft_check(plan: &EhcPlan) -> Result<(), &'static str> {
    if plan.i.is_some() { Err("Section I must be blank in a draft plan") } else { Ok(()) }
}

/// Why `plan` cannot be issued at all: a draft or final plan with nothing in it says nothing the
/// family could comment on or the council be held to. Section I is blank in a draft, and section J
/// always says whether a personal budget was asked for, so neither counts.
pub fn content_check(plan: &EhcPlan) -> Result<(), &'static str> {
    let written = Section::ALL.into_iter().filter(|s| !matches!(s, Section::I | Section::J));
    if written.into_iter().all(|s| plan.section_lines(s).is_empty()) {
        Err("The plan has nothing in it yet: write its sections before issuing it")
    } else {
        Ok(())
    }
}

/// May `final_plan` be issued after `last_draft`? Only section I and the sections the family made
/// representations about may differ (Code 9.125); section I must name the placement. On refusal,
/// the sections that changed without a representation (or I, if it is still blank).
pub fn finalise_check(
    last_draft: &EhcPlan,
    final_plan: &EhcPlan,
    represented: &[Section],
) -> Result<(), Vec<Section>> {
    let mut wrong: Vec<Section> = Section::ALL
        .into_iter()
        .filter(|s| *s != Section::I && !represented.contains(s))
        .filter(|s| last_draft.section_lines(*s) != final_plan.section_lines(*s))
        .collect();
    if final_plan.i.is_none() {
        wrong.insert(0, Section::I);
    }
    if wrong.is_empty() { Ok(()) } else { Err(wrong) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_plan_is_not_issued() {
        assert!(content_check(&EhcPlan::default()).is_err());
        assert_eq!(content_check(&good_plan()), Ok(()));
    }

    #[test]
    fn a_draft_names_no_school() {
        let mut plan = EhcPlan::default();
        assert_eq!(draft_check(&plan), Ok(()));
        plan.i = Some(crate::ehc::plan::Placement {
            institution: "Oakfield Primary School".into(),
            kind: String::new(),
        });
        assert_eq!(draft_check(&plan), Err("Section I must be blank in a draft plan"));
    }
    use crate::ehc::plan::{BroadAreaOfNeed, Need, Placement, ProvisionLine};

    fn need(id: &str) -> Need {
        Need {
            id: id.into(),
            description: format!("need {id}"),
            area: Some(BroadAreaOfNeed::CognitionAndLearning),
        }
    }

    fn line(meets: &[&str], what: &str) -> ProvisionLine {
        ProvisionLine {
            meets: meets.iter().map(|s| s.to_string()).collect(),
            what: what.into(),
            who: "specialist teacher".into(),
            expertise: "qualified teacher of the deaf".into(),
            frequency: "3 sessions of 30 minutes a week".into(),
            duration: "until the annual review".into(),
            group_size: "1:1".into(),
        }
    }

    fn good_plan() -> EhcPlan {
        EhcPlan {
            b: vec![need("B1"), need("B2")],
            f: vec![line(&["B1", "B2"], "Precision teaching of phonics")],
            ..EhcPlan::default()
        }
    }

    #[test]
    fn specific_quantified_linked_provision_draws_no_warning() {
        assert_eq!(good_plan().warnings(), vec![]);
    }

    #[test]
    fn every_vague_phrase_is_caught_as_a_whole_phrase_only() {
        // "support with" counts only without an amount, and the good plan's line has one.
        for phrase in super::super::wording::VAGUE.into_iter().filter(|p| *p != "support with") {
            let mut plan = good_plan();
            plan.f[0].what = format!("Speech therapy, {phrase} the programme");
            assert_eq!(
                plan.warnings(),
                vec![PlanWarning::VagueWording {
                    section: Section::F,
                    line: 1,
                    phrases: vec![phrase]
                }],
                "{phrase}"
            );
        }
        let mut plan = good_plan();
        plan.f[0].what = "Irregular verbs with the mayor's shoulder".into();
        assert_eq!(plan.warnings(), vec![]);
    }

    #[test]
    fn every_vague_phrase_and_unmeasured_amount_on_a_line_is_reported() {
        let mut plan = good_plan();
        plan.f[0].what = "Support with reading, access to a laptop".into();
        plan.f[0].frequency = "as needed".into();
        plan.f[0].duration = "ongoing".into();
        let warnings = plan.warnings();
        assert_eq!(
            warnings,
            vec![
                PlanWarning::VagueWording {
                    section: Section::F,
                    line: 1,
                    phrases: vec!["as needed", "ongoing", "access to", "support with"]
                },
                PlanWarning::Unmeasured {
                    section: Section::F,
                    line: 1,
                    part: "how often",
                    said: "as needed".into()
                },
                PlanWarning::Unmeasured {
                    section: Section::F,
                    line: 1,
                    part: "how long",
                    said: "ongoing".into()
                },
            ]
        );
        assert!(warnings[0].to_string().starts_with(
            "Section F line 1 says \"as needed\", \"ongoing\", \"access to\", \"support with\""
        ));
    }

    #[test]
    fn missing_quantities_and_links_are_named() {
        let mut plan = good_plan();
        plan.f[0].frequency.clear();
        plan.f[0].who = " ".into();
        plan.f.push(line(&["B9"], "Touch typing"));
        plan.b.push(Need { id: "B3".into(), description: "x".into(), area: None });
        assert_eq!(
            plan.warnings(),
            vec![
                PlanWarning::NeedWithoutArea { need: "B3".into() },
                PlanWarning::Unquantified {
                    section: Section::F,
                    line: 1,
                    missing: vec!["how often", "who delivers it"]
                },
                PlanWarning::UnlinkedProvision { section: Section::F, line: 2 },
                PlanWarning::NeedWithoutProvision { need: "B3".into() },
            ]
        );
        assert_eq!(
            plan.warnings()[1].to_string(),
            "Section F line 1 does not say how often or who delivers it"
        );
    }

    #[test]
    fn health_and_care_needs_are_met_from_their_own_sections() {
        let mut plan = good_plan();
        plan.c.push(Need { id: "C1".into(), description: "epilepsy".into(), area: None });
        plan.d.push(Need { id: "D1".into(), description: "respite".into(), area: None });
        plan.f.push(line(&["C1"], "Seizure plan"));
        assert_eq!(
            plan.warnings(),
            vec![
                PlanWarning::UnlinkedProvision { section: Section::F, line: 2 },
                PlanWarning::NeedWithoutProvision { need: "C1".into() },
                PlanWarning::NeedWithoutProvision { need: "D1".into() },
            ]
        );
        plan.f.pop();
        plan.g.push(line(&["C1"], "Seizure plan"));
        plan.h2.push(line(&["D1"], "Overnight short breaks"));
        assert_eq!(plan.warnings(), vec![]);
    }

    #[test]
    fn a_final_may_differ_only_in_i_and_where_the_family_made_representations() {
        let draft = good_plan();
        let placement = Some(Placement {
            institution: "Hill Top Academy".into(),
            kind: "Mainstream academy".into(),
        });
        let mut fin = EhcPlan { i: placement, ..draft.clone() };
        assert_eq!(finalise_check(&draft, &fin, &[]), Ok(()));
        fin.f[0].frequency = "daily".into();
        assert_eq!(finalise_check(&draft, &fin, &[]), Err(vec![Section::F]));
        assert_eq!(finalise_check(&draft, &fin, &[Section::F]), Ok(()));
        fin.i = None;
        assert_eq!(finalise_check(&draft, &fin, &[Section::B]), Err(vec![Section::I, Section::F]));
    }

    #[test]
    fn sections_parse_from_their_letters_either_case() {
        for s in Section::ALL {
            assert_eq!(Section::parse(s.letter()), Some(s));
            assert_eq!(Section::parse(&s.letter().to_lowercase()), Some(s));
        }
        assert_eq!(Section::parse("L"), None);
    }
}
