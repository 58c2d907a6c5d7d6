//! A school's request for an EHC needs assessment, built from what the school already recorded
//! under the graduated approach, so nobody re-keys it. The council reads it as evidence of the
//! "relevant and purposeful action" the Code asks about (Code 9.14).

use crate::clock::long_date;
use crate::ehc::records::CaseRecordKind;
use crate::schools::graduated_approach::SupportCycle;
use crate::schools::provision_map::pounds;
use serde::{Deserialize, Serialize};

/// One intervention the pupil has been on, with its cost to the school and their measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackProvision {
    pub intervention: String,
    pub area: String,
    pub cost_per_pupil_pence: u64,
    pub measures: String,
}

/// Why the school cannot send a request now, if it cannot: a pupil with a plan has it reviewed
/// instead (Code 9.166), and the council is already deciding or assessing an open request.
pub fn cannot_request(has_plan: bool, assessment_open: bool) -> Option<&'static str> {
    match (has_plan, assessment_open) {
        (true, _) => Some(
            "The pupil already has an EHC plan: ask the council for an early review of it instead.",
        ),
        (false, true) => Some(
            "The council is already considering a request for this pupil: add to it through the council instead.",
        ),
        (false, false) => None,
    }
}

impl PackProvision {
    pub fn line(&self) -> String {
        format!(
            "{} ({}): {} a pupil; {}",
            self.intervention,
            self.area,
            pounds(self.cost_per_pupil_pence),
            self.measures
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolRequestPack {
    pub school: String,
    pub register: String,
    pub reason: String,
    pub cycles: Vec<(String, Vec<String>)>,
    pub provision: Vec<PackProvision>,
    pub pupil_views: String,
    pub parent_views: String,
}

impl CaseRecordKind for SchoolRequestPack {
    const KIND: &'static str = "school_request_pack";
}

/// One cycle as the council reads it: when, why, what was planned, and what came of it.
fn cycle_lines(c: &SupportCycle) -> (String, Vec<String>) {
    let (assessed_on, a) = &c.assessed;
    let mut lines = vec![
        format!("Concerns: {}", a.concerns),
        format!("Evidence: {}", a.evidence),
        format!("Assessments used: {}", a.assessments_used),
    ];
    if let Some((_, plan)) = &c.plan {
        lines.push(format!(
            "Provision: {}, by {}, {}",
            plan.provision, plan.delivered_by, plan.how_often
        ));
        lines.push(format!("Sessions logged: {}", c.sessions.len()));
        for (i, outcome) in plan.outcomes.iter().enumerate() {
            let progress = c
                .review
                .as_ref()
                .and_then(|(_, r)| r.progress.get(i))
                .map_or("not yet reviewed", String::as_str);
            lines.push(format!("Outcome: {outcome} (progress: {progress})"));
        }
    }
    if let Some((on, review)) = &c.review {
        lines.push(format!("Reviewed {}: {}", long_date(*on), review.next_step.label()));
    }
    (format!("Cycle {} (assessed {})", c.number, long_date(*assessed_on)), lines)
}

impl SchoolRequestPack {
    /// The pack pre-filled from the pupil's cycles; the pupil's and parents' views are the most
    /// recent the school recorded.
    pub fn build(
        school: &str,
        register: &str,
        reason: &str,
        cycles: &[SupportCycle],
        provision: Vec<PackProvision>,
    ) -> Self {
        let latest = cycles.last().map(|c| &c.assessed.1);
        SchoolRequestPack {
            school: school.to_owned(),
            register: register.to_owned(),
            reason: reason.to_owned(),
            cycles: cycles.iter().map(cycle_lines).collect(),
            provision,
            pupil_views: latest.map(|a| a.pupil_views.clone()).unwrap_or_default(),
            parent_views: latest.map(|a| a.parent_views.clone()).unwrap_or_default(),
        }
    }

    /// What the council will ask about that the pack cannot yet show.
    pub fn warnings(cycles: &[SupportCycle]) -> Vec<String> {
        let mut warnings = vec![];
        if !cycles.iter().any(|c| c.review.is_some()) {
            warnings.push("No cycle of SEN support has been reviewed yet: the council looks for the action the school has taken and its effect (Code 9.14).".to_owned());
        }
        if cycles.last().is_some_and(|c| c.assessed.1.parent_views.trim().is_empty()) {
            warnings.push("The latest assessment records no views from the parents.".to_owned());
        }
        warnings
    }

    pub fn total_cost_pence(&self) -> u64 {
        self.provision.iter().map(|p| p.cost_per_pupil_pence).sum()
    }

    /// The pack as headed sections of text, the same for the SENCO's check and the council.
    pub fn sections(&self) -> Vec<(String, Vec<String>)> {
        let mut out = vec![
            ("Why the school is asking now".to_owned(), vec![self.reason.clone()]),
            ("On the school's SEN register".to_owned(), vec![self.register.clone()]),
        ];
        out.extend(self.cycles.iter().cloned());
        let mut provision: Vec<String> = self.provision.iter().map(PackProvision::line).collect();
        provision.push(format!(
            "Total cost of additional provision: {}",
            pounds(self.total_cost_pence())
        ));
        out.push(("Provision from the school's provision map".to_owned(), provision));
        out.push(("The child's views".to_owned(), vec![self.pupil_views.clone()]));
        out.push(("The parents' views".to_owned(), vec![self.parent_views.clone()]));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schools::graduated_approach::{
        Assessment, CycleReview, CycleStep, DatedStep, NextStep, SessionLog, SupportPlan, cycles,
    };
    use jiff::civil::date;

    fn history(reviewed: bool) -> Vec<SupportCycle> {
        let mut steps = vec![
            DatedStep {
                on: date(2026, 9, 7),
                step: CycleStep::Assess(Assessment {
                    concerns: "Few words".into(),
                    evidence: "WellComm 2/10".into(),
                    assessments_used: "WellComm".into(),
                    pupil_views: "I like Lego".into(),
                    parent_views: "He is frustrated at home".into(),
                }),
            },
            DatedStep {
                on: date(2026, 9, 10),
                step: CycleStep::Plan(SupportPlan {
                    outcomes: vec!["Uses two-word phrases".into()],
                    provision: "Talk Boost".into(),
                    delivered_by: "Teaching assistant".into(),
                    how_often: "three times a week".into(),
                    review_on: date(2026, 12, 1),
                }),
            },
            DatedStep {
                on: date(2026, 9, 11),
                step: CycleStep::Session(SessionLog { notes: "ok".into() }),
            },
        ];
        if reviewed {
            steps.push(DatedStep {
                on: date(2026, 12, 1),
                step: CycleStep::Review(CycleReview {
                    progress: vec!["Some".into()],
                    next_step: NextStep::ConsiderEhcRequest,
                }),
            });
        }
        cycles(&steps).unwrap()
    }

    #[test]
    fn the_pack_carries_cycles_costs_and_views() {
        let provision = vec![PackProvision {
            intervention: "Talk Boost".into(),
            area: "Communication and interaction".into(),
            cost_per_pupil_pence: 6_000,
            measures: "entry 2, exit 4".into(),
        }];
        let pack = SchoolRequestPack::build(
            "Oakfield Primary",
            "SEN support: SLCN",
            "Little progress after a year",
            &history(true),
            provision,
        );
        let text: Vec<String> = pack
            .sections()
            .into_iter()
            .flat_map(|(h, lines)| std::iter::once(h).chain(lines))
            .collect();
        for expected in [
            "Cycle 1 (assessed Monday 7 September 2026)",
            "Outcome: Uses two-word phrases (progress: Some)",
            "Sessions logged: 1",
            "Reviewed Tuesday 1 December 2026: Consider asking the council for an EHC needs assessment",
            "Talk Boost (Communication and interaction): £60.00 a pupil; entry 2, exit 4",
            "Total cost of additional provision: £60.00",
            "He is frustrated at home",
        ] {
            assert!(text.iter().any(|l| l == expected), "missing {expected:?} in {text:#?}");
        }
        assert!(SchoolRequestPack::warnings(&history(true)).is_empty());
    }

    #[test]
    fn no_second_request_while_one_is_open_or_a_plan_exists() {
        assert_eq!(cannot_request(false, false), None);
        assert!(cannot_request(true, false).unwrap().contains("early review"));
        assert!(cannot_request(false, true).unwrap().contains("already considering"));
    }

    #[test]
    fn an_unreviewed_history_is_flagged() {
        let warnings = SchoolRequestPack::warnings(&history(false));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("9.14"));
    }
}
