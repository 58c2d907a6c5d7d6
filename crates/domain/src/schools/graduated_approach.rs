//! The graduated approach (Code 6.44–6.56): SEN support runs in cycles of assess, plan, do and
//! review. A pupil's cycles are a list of dated steps; which step may come next, and whether a
//! review is overdue, are read from that list, never stored.

use crate::needs::named_list;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Assess: a clear analysis of the pupil's needs (Code 6.45).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub concerns: String,
    pub evidence: String,
    pub assessments_used: String,
    pub pupil_views: String,
    pub parent_views: String,
}

/// Plan: the outcomes agreed with the parents, the support to reach them and when to review
/// (Code 6.48).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportPlan {
    pub outcomes: Vec<String>,
    pub provision: String,
    pub delivered_by: String,
    pub how_often: String,
    pub review_on: Date,
}

/// Do: one session of the planned provision (Code 6.52).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLog {
    pub notes: String,
}

named_list!(
    /// What the review decides happens next (Code 6.54–6.56).
    NextStep {
        Continue = ("continue", "Continue the support as planned"),
        Change = ("change", "Change the support"),
        EndSenSupport = ("end-sen-support", "End SEN support: the pupil no longer needs it"),
        ConsiderEhcRequest = ("consider-ehc-request", "Consider asking the council for an EHC needs assessment"),
    }
);

/// Review: progress against each planned outcome, in the plan's order, and the next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleReview {
    pub progress: Vec<String>,
    pub next_step: NextStep,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum CycleStep {
    Assess(Assessment),
    Plan(SupportPlan),
    Session(SessionLog),
    Review(CycleReview),
}

impl CycleStep {
    /// A review that decides the pupil no longer needs SEN support takes them off it (Code 6.58).
    pub fn ends_sen_support(&self) -> bool {
        matches!(self, CycleStep::Review(r) if r.next_step == NextStep::EndSenSupport)
    }

    pub fn kind(&self) -> StepKind {
        match self {
            CycleStep::Assess(_) => StepKind::Assess,
            CycleStep::Plan(_) => StepKind::Plan,
            CycleStep::Session(_) => StepKind::Session,
            CycleStep::Review(_) => StepKind::Review,
        }
    }
}

named_list!(
    StepKind {
        Assess = ("assess", "Assess: start a cycle of SEN support"),
        Plan = ("plan", "Plan the support"),
        Session = ("session", "Log a session"),
        Review = ("review", "Review the support"),
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedStep {
    pub on: Date,
    pub step: CycleStep,
}

/// One assess–plan–do–review cycle as far as it has gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportCycle {
    pub number: usize,
    pub assessed: (Date, Assessment),
    pub plan: Option<(Date, SupportPlan)>,
    pub sessions: Vec<(Date, SessionLog)>,
    pub review: Option<(Date, CycleReview)>,
}

impl SupportCycle {
    pub fn stage(&self) -> &'static str {
        match (&self.plan, &self.review) {
            (None, _) => "Assessed: plan the support",
            (Some(_), None) => "Doing: support under way",
            (Some(_), Some(_)) => "Reviewed",
        }
    }

    /// Days past the planned review date, if the cycle is planned, unreviewed and late.
    pub fn review_overdue(&self, today: Date) -> Option<i32> {
        let (_, plan) = self.plan.as_ref().filter(|_| self.review.is_none())?;
        let late = (today - plan.review_on).get_days();
        (plan.review_on < today).then_some(late)
    }
}

/// Why a step cannot come next.
pub fn refusal(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Assess => {
            "A new cycle starts with an assessment once the last cycle has been reviewed"
        }
        StepKind::Plan => "Plan once the pupil's needs have been assessed, and only once per cycle",
        StepKind::Session => {
            "Log sessions once the support has been planned and before it is reviewed"
        }
        StepKind::Review => "Review once the support has been planned, and only once per cycle",
    }
}

/// Folds the steps into cycles, refusing the first one that is out of order or dated before
/// its predecessor; the error names the step's position (from 0) and why.
pub fn cycles(steps: &[DatedStep]) -> Result<Vec<SupportCycle>, (usize, String)> {
    let mut out: Vec<SupportCycle> = vec![];
    let mut last_date: Option<Date> = None;
    for (i, dated) in steps.iter().enumerate() {
        if last_date.is_some_and(|d| dated.on < d) {
            return Err((i, "A step cannot be dated before the step recorded before it".into()));
        }
        last_date = Some(dated.on);
        let refused = || (i, refusal(dated.step.kind()).to_owned());
        let current = out.last_mut().filter(|c| c.review.is_none());
        match (&dated.step, current) {
            (CycleStep::Assess(a), None) => out.push(SupportCycle {
                number: out.len() + 1,
                assessed: (dated.on, a.clone()),
                plan: None,
                sessions: vec![],
                review: None,
            }),
            (CycleStep::Plan(p), Some(c)) if c.plan.is_none() => {
                c.plan = Some((dated.on, p.clone()))
            }
            (CycleStep::Session(s), Some(c)) if c.plan.is_some() => {
                c.sessions.push((dated.on, s.clone()))
            }
            (CycleStep::Review(r), Some(c)) => match &c.plan {
                Some((_, plan)) if plan.outcomes.len() == r.progress.len() => {
                    c.review = Some((dated.on, r.clone()))
                }
                Some(_) => {
                    return Err((i, "Record progress against every outcome in the plan".into()));
                }
                None => return Err(refused()),
            },
            _ => return Err(refused()),
        }
    }
    Ok(out)
}

/// The steps that may be recorded next after these cycles.
pub fn next_steps(cycles: &[SupportCycle]) -> Vec<StepKind> {
    match cycles.last() {
        None => vec![StepKind::Assess],
        Some(c) if c.review.is_some() => vec![StepKind::Assess],
        Some(c) if c.plan.is_none() => vec![StepKind::Plan],
        Some(_) => vec![StepKind::Session, StepKind::Review],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn assess() -> CycleStep {
        CycleStep::Assess(Assessment {
            concerns: "Reading well below age".into(),
            evidence: "Phonics screening 18/40".into(),
            assessments_used: "York Assessment of Reading for Comprehension".into(),
            pupil_views: "I like stories read to me".into(),
            parent_views: "Worried about homework".into(),
        })
    }

    fn plan(review_on: Date) -> CycleStep {
        CycleStep::Plan(SupportPlan {
            outcomes: vec!["Reads 40 words a minute".into(), "Blends CVC words".into()],
            provision: "Precision teaching".into(),
            delivered_by: "Teaching assistant".into(),
            how_often: "Daily, 10 minutes".into(),
            review_on,
        })
    }

    fn review(n: usize, next_step: NextStep) -> CycleStep {
        CycleStep::Review(CycleReview { progress: vec!["Met".into(); n], next_step })
    }

    fn on(d: Date, step: CycleStep) -> DatedStep {
        DatedStep { on: d, step }
    }

    #[test]
    fn only_a_review_that_ends_support_takes_the_pupil_off_it() {
        assert!(review(1, NextStep::EndSenSupport).ends_sen_support());
        assert!(!review(1, NextStep::Continue).ends_sen_support());
        assert!(!review(1, NextStep::ConsiderEhcRequest).ends_sen_support());
    }

    #[test]
    fn a_full_cycle_then_a_second_one() {
        let steps = vec![
            on(date(2026, 9, 7), assess()),
            on(date(2026, 9, 14), plan(date(2026, 12, 4))),
            on(date(2026, 9, 15), CycleStep::Session(SessionLog { notes: "Good focus".into() })),
            on(date(2026, 12, 4), review(2, NextStep::Change)),
            on(date(2026, 12, 5), assess()),
        ];
        let found = cycles(&steps).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].sessions.len(), 1);
        assert_eq!(found[0].stage(), "Reviewed");
        assert_eq!(found[1].number, 2);
        assert_eq!(next_steps(&found), vec![StepKind::Plan]);
        assert_eq!(next_steps(&found[..1]), vec![StepKind::Assess]);
        assert_eq!(next_steps(&[]), vec![StepKind::Assess]);
    }

    #[test]
    fn steps_out_of_order_are_refused_with_their_position() {
        let session = CycleStep::Session(SessionLog { notes: String::new() });
        assert_eq!(cycles(&[on(date(2026, 9, 7), plan(date(2026, 12, 1)))]).unwrap_err().0, 0);
        assert_eq!(
            cycles(&[on(date(2026, 9, 7), assess()), on(date(2026, 9, 8), session.clone())])
                .unwrap_err()
                .0,
            1
        );
        assert_eq!(
            cycles(&[on(date(2026, 9, 7), assess()), on(date(2026, 9, 8), assess())])
                .unwrap_err()
                .0,
            1
        );
        let twice_planned = [
            on(date(2026, 9, 7), assess()),
            on(date(2026, 9, 8), plan(date(2026, 12, 1))),
            on(date(2026, 9, 9), plan(date(2026, 12, 1))),
        ];
        assert_eq!(cycles(&twice_planned).unwrap_err(), (2, refusal(StepKind::Plan).to_owned()));
        let early = [on(date(2026, 9, 7), assess()), on(date(2026, 9, 6), plan(date(2026, 12, 1)))];
        assert!(cycles(&early).unwrap_err().1.contains("before"));
    }

    #[test]
    fn a_review_answers_every_outcome() {
        let steps = [
            on(date(2026, 9, 7), assess()),
            on(date(2026, 9, 8), plan(date(2026, 12, 1))),
            on(date(2026, 12, 1), review(1, NextStep::Continue)),
        ];
        assert_eq!(
            cycles(&steps).unwrap_err(),
            (2, "Record progress against every outcome in the plan".to_owned())
        );
    }

    #[test]
    fn a_review_is_overdue_only_after_its_date_and_until_it_happens() {
        let steps =
            vec![on(date(2026, 9, 7), assess()), on(date(2026, 9, 8), plan(date(2026, 12, 1)))];
        let found = cycles(&steps).unwrap();
        assert_eq!(found[0].review_overdue(date(2026, 12, 1)), None);
        assert_eq!(found[0].review_overdue(date(2026, 12, 4)), Some(3));
        let mut reviewed = steps.clone();
        reviewed.push(on(date(2026, 12, 9), review(2, NextStep::EndSenSupport)));
        assert_eq!(cycles(&reviewed).unwrap()[0].review_overdue(date(2026, 12, 10)), None);
        let assessed_only = cycles(&steps[..1]).unwrap();
        assert_eq!(assessed_only[0].review_overdue(date(2027, 6, 1)), None);
    }

    #[test]
    fn steps_round_trip_through_json() {
        let step = plan(date(2026, 12, 1));
        let json = serde_json::to_value(&step).unwrap();
        assert_eq!(json["step"], "plan");
        assert_eq!(serde_json::from_value::<CycleStep>(json).unwrap(), step);
        assert_eq!(
            "consider-ehc-request".parse::<NextStep>().unwrap(),
            NextStep::ConsiderEhcRequest
        );
    }
}
