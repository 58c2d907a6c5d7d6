//! The SEN information report every maintained school and academy must publish (SEND
//! Regulations 2014 reg 51, Schedule 1; Code 6.79–6.83): the Schedule's headings, which of them
//! the school's own data fills in, and the figures from its SEN register. The report is public,
//! so figures are counts only and small counts are suppressed: no pupil can be picked out.

use crate::edits::{Parts, merge_parts, stale_edit};
use crate::needs::{BroadAreaOfNeed, named_list};
use crate::schools::register::{CensusNeed, SenProvision};
use serde::{Deserialize, Serialize};

named_list!(
    /// The headings of Schedule 1, in its order.
    ReportHeading {
        KindsOfSen = ("kinds-of-sen", "The kinds of special educational needs provided for"),
        Identifying = ("identifying", "Identifying children and young people with SEN and assessing their needs"),
        ConsultingParents = ("consulting-parents", "Consulting parents and involving them in their child's education"),
        ConsultingPupils = ("consulting-pupils", "Consulting children and young people and involving them in their education"),
        Progress = ("progress", "Assessing and reviewing progress towards outcomes"),
        Transitions = ("transitions", "Moving between phases of education and preparing for adulthood"),
        Teaching = ("teaching", "Our approach to teaching children and young people with SEN"),
        Adaptations = ("adaptations", "Adapting the curriculum and the learning environment"),
        Expertise = ("expertise", "Expertise and training of staff, and how specialist expertise is secured"),
        Evaluating = ("evaluating", "Evaluating the effectiveness of our provision"),
        Inclusion = ("inclusion", "Taking part in activities with children and young people who do not have SEN"),
        Wellbeing = ("wellbeing", "Support for emotional and social development"),
        OtherBodies = ("other-bodies", "Working with health, social care, the local authority and voluntary bodies"),
        Complaints = ("complaints", "Complaints about SEN provision"),
        Senco = ("senco", "Our SEN co-ordinator (SENCO)"),
        LocalOffer = ("local-offer", "The local authority's Local Offer"),
    }
);

impl ReportHeading {
    /// Whether the school must write something here: every heading but the Local Offer's, which
    /// the service fills with its link. The SENCO's heading shows their name but needs contact details.
    pub fn narrative_required(self) -> bool {
        self != ReportHeading::LocalOffer
    }
}

/// The most a heading's narrative may hold: a report parents can read, not a policy library.
pub const MAX_NARRATIVE_CHARS: usize = 10_000;

/// The school's narrative, one text per heading (blank where it wrote nothing).
pub type Narrative = std::collections::BTreeMap<ReportHeading, String>;

/// `mine`, edited from `base` while `newest` was published: see [`merge_parts`].
pub fn merged_narrative(
    mine: &Narrative,
    base: &Narrative,
    newest: &Narrative,
) -> Result<Narrative, String> {
    let parts = |n: &Narrative| -> Parts<ReportHeading> {
        ReportHeading::ALL.iter().map(|h| (*h, n.get(h).cloned().unwrap_or_default())).collect()
    };
    match merge_parts(&parts(base), &parts(newest), &parts(mine)) {
        Ok(merged) => Ok(merged.into_iter().collect()),
        Err(clashes) => {
            let labels: Vec<&str> = clashes.iter().map(|h| h.label()).collect();
            Err(stale_edit("SEN information report", &labels))
        }
    }
}

/// What is wrong with `text` as the school's narrative under `heading`, if anything.
pub fn narrative_problem(heading: ReportHeading, text: &str) -> Option<String> {
    if heading.narrative_required() && text.trim().is_empty() {
        Some(format!("Enter what the report says under “{}”", heading.label()))
    } else if text.chars().count() > MAX_NARRATIVE_CHARS {
        Some(format!("“{}” must be {MAX_NARRATIVE_CHARS} characters or fewer", heading.label()))
    } else {
        None
    }
}

/// Counts below this are shown as "fewer than 5".
pub const SUPPRESS_BELOW: usize = 5;

/// A count as the public may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Count(usize),
    /// Below [`SUPPRESS_BELOW`].
    Suppressed,
    /// Hidden only so that a suppressed count cannot be worked out from the total; it may be
    /// any size, so it never claims to be small.
    Withheld,
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Figure::Count(n) => write!(f, "{n}"),
            Figure::Suppressed => write!(f, "fewer than {SUPPRESS_BELOW}"),
            Figure::Withheld => f.write_str("not shown"),
        }
    }
}

/// A breakdown of the pupils with SEN, each row a label and its figure, and their total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub rows: Vec<(&'static str, Figure)>,
    pub total: Figure,
}

/// The school's figures: pupils with SEN by provision and by the broad area of their primary need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFigures {
    pub by_provision: Breakdown,
    pub by_area: Breakdown,
}

pub const UNASSESSED_AREA: &str = "Type of need not yet assessed, or across areas";

/// The figures from each pupil's current register entry (provision and primary need).
pub fn report_figures(
    current: impl IntoIterator<Item = (SenProvision, Option<CensusNeed>)>,
) -> ReportFigures {
    let mut provision = [0usize; 2];
    let mut area = vec![0usize; BroadAreaOfNeed::ALL.len() + 1];
    for (p, need) in current {
        match p {
            SenProvision::SenSupport => provision[0] += 1,
            SenProvision::EhcPlan => provision[1] += 1,
            SenProvision::NoSen => continue,
        }
        area[need
            .and_then(CensusNeed::broad_area)
            .map_or(BroadAreaOfNeed::ALL.len(), |a| a.index())] += 1;
    }
    let area_labels = BroadAreaOfNeed::ALL.iter().map(|a| a.label()).chain([UNASSESSED_AREA]);
    ReportFigures {
        by_provision: breakdown(
            ["SEN support", "Education, health and care plan"].into_iter().zip(provision),
        ),
        by_area: breakdown(area_labels.zip(area)),
    }
}

/// Suppresses counts below [`SUPPRESS_BELOW`]. Where the total is shown and only one row is
/// suppressed, that row could be worked out by subtraction, so the next smallest is withheld too.
fn breakdown(rows: impl IntoIterator<Item = (&'static str, usize)>) -> Breakdown {
    let rows: Vec<(&'static str, usize)> = rows.into_iter().collect();
    let total: usize = rows.iter().map(|(_, n)| n).sum();
    let small = |n: usize| n < SUPPRESS_BELOW;
    let mut figures: Vec<Figure> = rows
        .iter()
        .map(|(_, n)| if small(*n) { Figure::Suppressed } else { Figure::Count(*n) })
        .collect();
    if !small(total) && figures.iter().filter(|f| **f == Figure::Suppressed).count() == 1 {
        let smallest_shown = (0..rows.len())
            .filter(|i| matches!(figures[*i], Figure::Count(_)))
            .min_by_key(|i| rows[*i].1);
        if let Some(i) = smallest_shown {
            figures[i] = Figure::Withheld;
        }
    }
    Breakdown {
        rows: rows.iter().map(|(label, _)| *label).zip(figures).collect(),
        total: if small(total) { Figure::Suppressed } else { Figure::Count(total) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::needs::NeedType;
    use Figure::{Count, Suppressed, Withheld};

    fn pupils(n: usize, p: SenProvision, need: &str) -> Vec<(SenProvision, Option<CensusNeed>)> {
        vec![(p, CensusNeed::parse(need)); n]
    }

    #[test]
    fn the_schedule_has_sixteen_headings_from_kinds_of_sen_to_the_local_offer() {
        assert_eq!(ReportHeading::ALL.len(), 16);
        assert_eq!(ReportHeading::ALL.first(), Some(&ReportHeading::KindsOfSen));
        assert_eq!("complaints".parse(), Ok(ReportHeading::Complaints));
        let optional: Vec<_> =
            ReportHeading::ALL.iter().filter(|h| !h.narrative_required()).collect();
        assert_eq!(optional, vec![&ReportHeading::LocalOffer]);
    }

    #[test]
    fn every_heading_but_the_local_offer_needs_the_school_s_words_and_none_may_run_on() {
        assert_eq!(
            narrative_problem(ReportHeading::Complaints, " "),
            Some("Enter what the report says under “Complaints about SEN provision”".to_owned())
        );
        assert_eq!(narrative_problem(ReportHeading::LocalOffer, ""), None);
        assert_eq!(narrative_problem(ReportHeading::Senco, "Mrs Marsh, 01632 960500"), None);
        assert!(
            narrative_problem(ReportHeading::LocalOffer, &"x".repeat(MAX_NARRATIVE_CHARS + 1))
                .is_some()
        );
    }

    #[test]
    fn figures_count_current_sen_by_provision_and_broad_area_leaving_out_pupils_without_sen() {
        let mut register = pupils(6, SenProvision::SenSupport, "SPLD");
        register.extend(pupils(5, SenProvision::EhcPlan, "ASD"));
        register.extend(pupils(7, SenProvision::SenSupport, "NSA"));
        register.extend(pupils(40, SenProvision::NoSen, ""));
        let f = report_figures(register);
        assert_eq!(
            f.by_provision,
            Breakdown {
                rows: vec![
                    ("SEN support", Count(13)),
                    ("Education, health and care plan", Count(5))
                ],
                total: Count(18)
            }
        );
        assert_eq!(f.by_area.total, Count(18));
        assert_eq!(f.by_area.rows[0], ("Communication and interaction", Count(5)));
        assert_eq!(f.by_area.rows[1], ("Cognition and learning", Count(6)));
        assert_eq!(f.by_area.rows[4], (UNASSESSED_AREA, Count(7)));
        // Two empty areas are both suppressed, so neither can be worked out from the total.
        assert_eq!((f.by_area.rows[2].1, f.by_area.rows[3].1), (Suppressed, Suppressed));
    }

    #[test]
    fn a_lone_small_count_takes_the_next_smallest_with_it() {
        let mut register = pupils(3, SenProvision::EhcPlan, "HI");
        register.extend(pupils(9, SenProvision::SenSupport, "HI"));
        let f = report_figures(register);
        assert_eq!(
            f.by_provision.rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            vec![Withheld, Suppressed],
            "9 is not \"fewer than 5\": it is withheld, so the 3 cannot be worked out from 12"
        );
        assert_eq!(Withheld.to_string(), "not shown");
        assert_eq!(f.by_provision.total, Count(12));
        assert_eq!(
            f.by_area.rows[3],
            ("Sensory and/or physical needs", Count(12)),
            "{:?}",
            f.by_area
        );
    }

    #[test]
    fn a_school_with_fewer_than_five_pupils_with_sen_shows_no_count_at_all() {
        let f = report_figures(pupils(4, SenProvision::SenSupport, "SEMH"));
        assert_eq!(f.by_provision.total, Suppressed);
        assert!(f.by_area.rows.iter().all(|(_, n)| *n == Suppressed));
        assert_eq!(Suppressed.to_string(), "fewer than 5");
        assert_eq!(Count(12).to_string(), "12");
        assert_eq!(CensusNeed::Type(NeedType::Ds).broad_area(), None);
    }
}
