//! SEN support at the demo SENCO's school: a provision map with costs and measures, and cycles of
//! assess, plan, do and review at different points — one reviewed, one under way, one overdue for
//! review, and one where the review chose to consider an EHC request.

use crate::CliError;
use jiff::civil::{Date, date};
use sendcase_domain::needs::BroadAreaOfNeed;
use sendcase_domain::schools::graduated_approach::{
    Assessment, CycleReview, CycleStep, DatedStep, NextStep, SessionLog, SupportPlan, cycles,
};
use sendcase_domain::schools::provision_map::{Intervention, Measures};
use sendcase_store::{AuditMeta, Store};
use uuid::Uuid;

fn intervention(
    name: &str,
    area: BroadAreaOfNeed,
    group_size: u32,
    sessions: u32,
    minutes: u32,
    weeks: u32,
) -> Intervention {
    Intervention {
        name: name.into(),
        area,
        group_size,
        staff_role: "Teaching assistant".into(),
        sessions_per_week: sessions,
        minutes_per_session: minutes,
        weeks,
        hourly_staff_cost_pence: 1_850,
    }
}

/// An assessment: the concern, the evidence, and the pupil's and parents' own views.
fn assess(concerns: &str, evidence: &str, views: [&str; 2]) -> CycleStep {
    CycleStep::Assess(Assessment {
        concerns: concerns.into(),
        evidence: evidence.into(),
        assessments_used: "Class teacher's assessment and a standardised test".into(),
        pupil_views: views[0].into(),
        parent_views: views[1].into(),
    })
}

fn plan(outcomes: &[&str], provision: &str, review_on: Date) -> CycleStep {
    CycleStep::Plan(SupportPlan {
        outcomes: outcomes.iter().map(|o| (*o).to_owned()).collect(),
        provision: provision.into(),
        delivered_by: "Teaching assistant, overseen by the class teacher".into(),
        how_often: "3 sessions a week of 20 minutes".into(),
        review_on,
    })
}

fn session(on: Date, notes: &str) -> DatedStep {
    DatedStep { on, step: CycleStep::Session(SessionLog { notes: notes.into() }) }
}

fn review(progress: &[&str], next_step: NextStep) -> CycleStep {
    CycleStep::Review(CycleReview {
        progress: progress.iter().map(|p| (*p).to_owned()).collect(),
        next_step,
    })
}

/// The histories, in the order of the school's pupils on SEN support.
fn histories() -> Vec<Vec<DatedStep>> {
    let on = |d: Date, step: CycleStep| DatedStep { on: d, step };
    let reading = [
        "Reads 30 words a minute from a book at their level",
        "Spells 20 of the year's common exception words",
    ];
    vec![
        vec![
            on(
                date(2026, 1, 12),
                assess(
                    "Reading well below age-related expectations",
                    "Phonics screening 18/40; reading age 6y2m",
                    [
                        "I like reading with Mrs Ahmed in the quiet room",
                        "We want help with reading at home too",
                    ],
                ),
            ),
            on(date(2026, 1, 19), plan(&reading, "Precision teaching", date(2026, 3, 27))),
            session(date(2026, 1, 20), "Read 18 words a minute; lost place twice"),
            session(date(2026, 1, 22), "Read 21 words a minute with a reading ruler"),
            on(
                date(2026, 3, 27),
                review(&["Reads 24 words a minute", "Spells 15 of 20"], NextStep::Continue),
            ),
            on(
                date(2026, 9, 14),
                assess(
                    "Still behind in reading after a good spring",
                    "Reading age 6y9m",
                    [
                        "Reading is getting easier but long words are hard",
                        "Reading every night now",
                    ],
                ),
            ),
            on(
                date(2026, 9, 21),
                plan(&reading, "Precision teaching and paired reading", date(2026, 11, 13)),
            ),
            session(date(2026, 9, 22), "Paired reading with a Year 6 buddy; enjoyed it"),
        ],
        vec![
            on(
                date(2026, 9, 7),
                assess(
                    "Finds it hard to follow instructions and to be understood",
                    "WellComm screen: red in 3 sections",
                    ["People don't understand me when I talk fast", "He gets frustrated at home"],
                ),
            ),
            on(
                date(2026, 9, 14),
                plan(
                    &["Follows a two-step instruction in class", "Uses sentences of four words"],
                    "Talk Boost",
                    date(2026, 12, 11),
                ),
            ),
            session(date(2026, 9, 15), "Talk Boost group: joined in the listening game"),
            session(date(2026, 9, 17), "Used a four-word sentence unprompted once"),
            session(date(2026, 11, 19), "Followed two-step instructions in 3 of 4 tries"),
        ],
        vec![
            on(
                date(2025, 11, 3),
                assess(
                    "Distressed at transitions; leaves the classroom",
                    "Boxall profile; behaviour log",
                    ["I don't like it when it's loud", "Mornings are very hard for her"],
                ),
            ),
            on(
                date(2025, 11, 10),
                plan(
                    &[
                        "Stays in class through the morning",
                        "Names how they feel with a visual scale",
                    ],
                    "Lego therapy and a morning check-in",
                    date(2026, 2, 6),
                ),
            ),
            session(date(2025, 11, 12), "Lego therapy: took the builder role for 10 minutes"),
            on(
                date(2026, 2, 6),
                review(
                    &["Some progress: leaves class twice a week", "Uses the scale with an adult"],
                    NextStep::Change,
                ),
            ),
            on(
                date(2026, 2, 23),
                assess(
                    "Needs beyond what the school can provide from its own resources",
                    "Educational psychologist's consultation; Boxall profile",
                    ["The quiet base helps", "We think she needs more help than school can give"],
                ),
            ),
            on(
                date(2026, 3, 2),
                plan(
                    &["Stays in class through the morning", "Takes part in group work"],
                    "Lego therapy, a key adult and a quiet base",
                    date(2026, 7, 10),
                ),
            ),
            session(date(2026, 3, 4), "Stayed in class until break with the key adult"),
            on(
                date(2026, 7, 10),
                review(&["Little progress", "Little progress"], NextStep::ConsiderEhcRequest),
            ),
        ],
    ]
}

async fn record(
    store: &dyn Store,
    meta: &AuditMeta,
    child: Uuid,
    school: Uuid,
    steps: Vec<DatedStep>,
) -> Result<(), CliError> {
    let accept = |steps: &[DatedStep]| cycles(steps).map(|_| ()).map_err(|(_, reason)| reason);
    for step in steps {
        store
            .append_support_step(child, school, step, &accept, None, meta)
            .await?
            .map_err(|e| anyhow::anyhow!("demo support step: {e}"))?;
    }
    Ok(())
}

/// The demo parent's child on SEN support has a spelling cycle of her own, so the family's view
/// shows one.
pub async fn load_family(
    store: &dyn Store,
    meta: &AuditMeta,
    child: Uuid,
    school: Uuid,
) -> Result<(), CliError> {
    let on = |d: Date, step: CycleStep| DatedStep { on: d, step };
    let spelling = vec![
        on(
            date(2026, 2, 2),
            assess(
                "Spelling and handwriting well behind her reading",
                "Single-word spelling test: spelling age 6y0m",
                ["I know the words but they come out wrong", "Ellie gets upset about her writing"],
            ),
        ),
        on(
            date(2026, 2, 9),
            plan(
                &["Spells 15 of the Year 3 common exception words", "Forms letters on the line"],
                "Multisensory spelling and a handwriting programme",
                date(2026, 4, 24),
            ),
        ),
        session(date(2026, 2, 10), "Traced and wrote 5 words from memory"),
        on(
            date(2026, 4, 24),
            review(&["Spells 11 of 15", "Letters mostly on the line"], NextStep::Continue),
        ),
    ];
    record(store, meta, child, school, spelling).await
}

pub async fn load(store: &dyn Store, meta: &AuditMeta, school: Uuid) -> Result<(), CliError> {
    let on_support: Vec<Uuid> = {
        let entries = store.register_entries(school, None).await?;
        let mut latest: Vec<(Uuid, String)> = vec![];
        for e in entries {
            match latest.last_mut() {
                Some(last) if last.0 == e.child_id => last.1 = e.provision,
                _ => latest.push((e.child_id, e.provision)),
            }
        }
        latest.into_iter().filter(|(_, p)| p == "K").map(|(c, _)| c).collect()
    };
    for (child, steps) in on_support.iter().zip(histories()) {
        record(store, meta, *child, school, steps).await?;
    }
    let interventions = [
        (
            intervention("Precision teaching", BroadAreaOfNeed::CognitionAndLearning, 1, 3, 10, 12),
            vec![(0, 84, Some(92))],
        ),
        (
            intervention("Talk Boost", BroadAreaOfNeed::CommunicationAndInteraction, 4, 3, 30, 10),
            vec![(1, 3, None)],
        ),
        (
            intervention(
                "Lego therapy",
                BroadAreaOfNeed::SocialEmotionalAndMentalHealth,
                3,
                1,
                45,
                12,
            ),
            vec![(2, 12, Some(14))],
        ),
    ];
    for (intervention, pupils) in interventions {
        let id = store.add_intervention(school, &intervention, meta).await?;
        for (i, entry, exit) in pupils {
            if let Some(child) = on_support.get(i) {
                store
                    .set_intervention_pupil(id, *child, Measures { entry: Some(entry), exit }, meta)
                    .await?;
            }
        }
    }
    Ok(())
}
