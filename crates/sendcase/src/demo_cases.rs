//! The demo council's EHC needs assessment requests, at different stages so the caseload and
//! the family's view show overdue, due and finished duties. Each is taken through the same
//! steps, rules and clock as a caseworker's pages: plans have content before they are issued, a
//! setting is consulted before section I names it, and the family has its 15 days.

use crate::CliError;
use jiff::civil::{Date, date};
use sendcase_domain::clock::ReviewOutcome;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{DatedEvent, DutyKind, EventName, TribunalOrder};
use sendcase_domain::ehc::ceasing::CeaseDecision;
use sendcase_domain::ehc::disagreements::{
    AppealIssue, AppealRegistration, MediationRequest, TribunalDecisionRecord,
};
use sendcase_domain::ehc::moves::CouncilMove;
use sendcase_domain::ehc::placements::{self, PlacedAt, PlacementRank};
use sendcase_domain::ehc::plan::{EhcPlan, Placement};
use sendcase_domain::ehc::records::AdviceKind;
use sendcase_domain::ehc::requests::RequestSource;
use sendcase_domain::ehc::review_advice::InvitedProfessional;
use sendcase_domain::ehc::reviews::{
    Invitee, PreparingForAdulthood, ReviewArrangement, ReviewDecision, ReviewMeeting, ReviewReport,
};
use sendcase_domain::ehc::step_rules::consultation_ref;
use sendcase_store::{AuditMeta, NewEhcRequest, Organisation, PlanVersion, Store};
use sendcase_usecases::ehc::file::final_plan;
use sendcase_usecases::ehc::{DisagreementTaken, Judge, ReviewTaken, Step, take_system_step};
use uuid::Uuid;

/// One request: the child, who asked, when it arrived, and the steps taken on it since.
pub struct DemoCase {
    pub child: Uuid,
    pub source: RequestSource,
    pub received: Date,
    pub steps: Vec<Step>,
}

fn decided(on: Date) -> Step {
    Step::Decide { to_assess: true, on, reasons: "The evidence shows the child may need special educational provision through a plan (section 36(8)).".into() }
}

fn event(name: EventName, reference: &str, on: Date) -> Step {
    Step::Event(DatedEvent::referenced(name, reference, on))
}

/// A plan written, sent as the draft, discussed with the setting and, if `finalised`, issued as
/// final naming it: the steps a caseworker takes from the plan's first version.
pub fn plan_steps(
    plan: EhcPlan,
    drafted: Date,
    setting: (&str, &str),
    finalised: Option<Date>,
) -> Vec<Step> {
    let mut steps = vec![
        Step::SavePlan { plan: Box::new(plan), based_on: 0 },
        Step::IssueDraft { on: drafted },
    ];
    let Some(on) = finalised else { return steps };
    let (institution, kind) = setting;
    let consulted = drafted.tomorrow().expect("demo dates are far from the end of time");
    steps.extend([
        Step::Consult { institution: institution.into(), on: consulted, setting: None },
        Step::RecordResponse {
            consultation: consultation_ref(institution, None),
            on: consulted.saturating_add(jiff::Span::new().days(10)),
            response: format!("{institution} can meet the needs in the plan."),
            agrees_to_be_named: Some(true),
            by_setting: false,
        },
        Step::IssueFinal {
            placement: Placement { institution: institution.into(), kind: kind.into() },
            on,
        },
    ]);
    steps
}

/// An annual review meeting arranged on `on` for `meeting`, with everyone the Code expects
/// invited and the educational psychologist who advised on the plan, through their account when
/// given (who are then named as their account is); the invitations and the advice sent a day later.
fn review_arranged(on: Date, meeting: Date, psychologist: Option<Uuid>) -> Vec<Step> {
    let next = on.tomorrow().expect("demo dates are far from the end of time");
    let others = match psychologist {
        Some(_) => vec![],
        None => vec!["The educational psychologist who gave advice for the plan".into()],
    };
    let professionals = psychologist
        .map(|user_id| InvitedProfessional { user_id, name: String::new() })
        .into_iter()
        .collect();
    let arrangement = ReviewArrangement {
        meeting_date: meeting,
        invited: Invitee::ALL.to_vec(),
        others,
        professionals,
    };
    [
        ReviewTaken::Arrange { arrangement, on },
        ReviewTaken::SendInvitations { on: next },
        ReviewTaken::CirculateAdvice { on: next },
    ]
    .into_iter()
    .map(Step::Review)
    .collect()
}

/// Poppy's early review: the meeting, the school's report, the amended plan saved over the
/// plan in force (version 2), and the decision that proposes it.
fn amendments_proposed(setting: &(String, String)) -> Vec<Step> {
    let meeting = ReviewMeeting {
        attended: vec!["Poppy's mother".into(), "Class teacher".into(), "SENCO".into()],
        agreed: "Lunchtimes are the hardest part of Poppy's day: add support for them to the plan."
            .into(),
        preparing_for_adulthood: None,
    };
    let report = ReviewReport {
        recommendation: ReviewOutcome::Amend,
        summary: "Good progress with PECS. Poppy is distressed in the dinner hall and eats little."
            .into(),
    };
    let decision = ReviewDecision {
        outcome: ReviewOutcome::Amend,
        reasons:
            "Poppy's needs at lunchtime are not described in the plan, nor the support for them."
                .into(),
    };
    let placement = Placement { institution: setting.0.clone(), kind: setting.1.clone() };
    vec![
        Step::Review(ReviewTaken::RecordMeeting { meeting, on: date(2026, 11, 2) }),
        Step::Review(ReviewTaken::SendReport { report, on: date(2026, 11, 13) }),
        Step::SavePlan { plan: Box::new(crate::demo_plans::poppy_amended(placement)), based_on: 2 },
        Step::Review(ReviewTaken::Decide { decision, on: date(2026, 11, 25) }),
    ]
}

/// A review meeting held on `meeting`, its report a week later and the decision to keep the
/// plan a week after that.
fn plan_kept(meeting: Date) -> Vec<Step> {
    let week = |n: i64| meeting.saturating_add(jiff::Span::new().weeks(n));
    let record = ReviewMeeting {
        attended: vec!["Mia".into(), "Mia's father".into(), "SENCO".into(), "Specialist teacher".into()],
        agreed: "Mia's reading is improving with the programme: keep it, and start planning her move to secondary school.".into(),
        preparing_for_adulthood: None,
    };
    let summary =
        "Mia has moved up two reading levels this year. The provision in the plan is working.";
    vec![
        Step::Review(ReviewTaken::RecordMeeting { meeting: record, on: meeting }),
        Step::Review(ReviewTaken::SendReport {
            report: ReviewReport {
                recommendation: ReviewOutcome::Maintain,
                summary: summary.into(),
            },
            on: week(1),
        }),
        Step::Review(ReviewTaken::Decide {
            decision: ReviewDecision {
                outcome: ReviewOutcome::Maintain,
                reasons: "The plan meets Mia's needs as they are.".into(),
            },
            on: week(2),
        }),
    ]
}

/// The family's appeal to the Tribunal about `issue`, registered on `on`.
fn appealed(issue: AppealIssue, on: Date, hearing_date: Option<Date>) -> Step {
    let appeal = AppealRegistration { issues: vec![issue], hearing_date };
    Step::Disagreement(DisagreementTaken::RegisterAppeal { appeal, on, by_family: false })
}

fn jordans_review() -> ReviewMeeting {
    let said = |s: &str| s.to_owned();
    ReviewMeeting {
        attended: vec![
            said("Jordan"),
            said("Jordan's tutor"),
            said("The college's SEN coordinator"),
            said("A council SEN officer"),
        ],
        agreed: said(
            "Keep the mentoring. Add travel training before the work placement in the spring.",
        ),
        preparing_for_adulthood: Some(PreparingForAdulthood {
            employment: said(
                "Jordan wants to work with animals: a placement at the city farm is being arranged.",
            ),
            independent_living: said("Travel training on the bus to college, then to the farm."),
            community: said("Jordan has joined the college's gaming club and wants to keep it up."),
            health: said("Jordan will have the annual health check with the GP from age 17."),
        }),
    }
}

/// Every demo request, written to the store through the steps' rules.
pub async fn load(
    store: &dyn Store,
    meta: &AuditMeta,
    cases: Vec<DemoCase>,
) -> Result<(), CliError> {
    let calendar = Calendar::england_and_wales();
    let judge = Judge { store, calendar, today: sendcase_web::today() };
    let settings = store.organisations().await?;
    for case in cases {
        let new = NewEhcRequest::received(case.child, case.received, case.source, calendar)
            .map_err(|e| anyhow::anyhow!("demo history: {e}"))?;
        let id = store.create_ehc_request(new, meta).await?;
        for step in case.steps {
            take_system_step(judge, id, step, meta.clone())
                .await
                .map_err(|e| anyhow::anyhow!("demo case of child {}: {e}", case.child))?;
        }
        if let Some(step) = placed(&store.plan_versions(id).await?, &settings) {
            take_system_step(judge, id, step, meta.clone())
                .await
                .map_err(|e| anyhow::anyhow!("demo placement of child {}: {e}", case.child))?;
        }
    }
    Ok(())
}

/// The main placement at the setting the newest final plan names in section I, from the day
/// that plan was issued, as a caseworker records it after issuing the plan.
fn placed(versions: &[PlanVersion], settings: &[Organisation]) -> Option<Step> {
    let issued = final_plan(versions)?;
    let named = issued.plan.i.as_ref()?;
    let setting = settings.iter().find(|o| o.name == named.institution)?;
    Some(Step::RecordPlacement {
        placement: placements::Placement {
            at: PlacedAt::Establishment(setting.urn.clone()?),
            name: setting.name.clone(),
            rank: PlacementRank::MAIN,
            residential: None,
            work_based: false,
            sen_unit: false,
            resourced_provision: false,
            starts: issued.issued_on?,
            ends: None,
        },
    })
}

/// The requests, given the children they are about and the people and settings involved.
pub struct Cast {
    pub ellie: Uuid,
    pub aisha: Uuid,
    pub noah: Uuid,
    pub harry: Uuid,
    pub poppy: (Uuid, (String, String)),
    pub oliver: (Uuid, (String, String)),
    pub mia: (Uuid, (String, String)),
    pub grace: Uuid,
    pub luca: Uuid,
    pub ruby: Uuid,
    pub kent: Uuid,
    pub jordan: (Uuid, (String, String)),
    pub oakfield: (String, String),
    pub educational_psychologist: Uuid,
}

fn at(setting: &(String, String)) -> (&str, &str) {
    (&setting.0, &setting.1)
}

pub fn cases(c: Cast) -> Vec<DemoCase> {
    let ep = |on| Step::RequestAdvice {
        professional_user_id: c.educational_psychologist,
        kind: AdviceKind::EducationalPsychologist,
        on,
        invited: None,
    };
    vec![
        DemoCase { child: c.ellie, source: RequestSource::Parent, received: date(2026, 10, 5), steps: vec![ep(date(2026, 10, 20))] },
        DemoCase {
            child: c.aisha,
            source: RequestSource::School,
            received: date(2026, 7, 6),
            steps: [
                vec![
                    decided(date(2026, 8, 10)),
                    ep(date(2026, 8, 12)),
                    event(EventName::AdviceRequested, "health", date(2026, 8, 12)),
                    event(EventName::AdviceReceived, "health", date(2026, 9, 15)),
                ],
                plan_steps(crate::demo_plans::aisha(), date(2026, 11, 9), ("", ""), None),
                // Oakfield has not yet answered: its SENCO has the reply on their tasks.
                vec![Step::Consult {
                    institution: "Oakfield Primary School".into(),
                    on: date(2026, 11, 10),
                    setting: None,
                }],
            ]
            .concat(),
        },
        DemoCase {
            child: c.noah,
            source: RequestSource::Parent,
            received: date(2026, 9, 7),
            // His parents disagree with the decision not to assess and asked for mediation,
            // which the council must hold by 23 December.
            steps: vec![
                Step::Decide { to_assess: false, on: date(2026, 10, 19), reasons: "The school's SEN support is meeting Noah's needs and he is making good progress.".into() },
                Step::Disagreement(DisagreementTaken::ChooseMediation { wanted: Some(MediationRequest { issues: vec![AppealIssue::Refusal] }), on: date(2026, 11, 23), by_family: false }),
            ],
        },
        DemoCase { child: c.harry, source: RequestSource::Health, received: date(2026, 11, 2), steps: vec![] },
        DemoCase {
            child: c.poppy.0,
            source: RequestSource::School,
            received: date(2026, 3, 2),
            // Her school asked for an early review in the autumn; the council proposed
            // amendments on 25 November, and they are out for the family's comments.
            steps: [
                vec![decided(date(2026, 4, 10))],
                plan_steps(crate::demo_plans::poppy(), date(2026, 6, 29), at(&c.poppy.1), Some(date(2026, 7, 17))),
                // Her parents appealed against the school named in section I; the hearing is
                // in February.
                vec![appealed(AppealIssue::SectionI, date(2026, 9, 10), Some(date(2027, 2, 15)))],
                review_arranged(date(2026, 10, 5), date(2026, 11, 2), None),
                amendments_proposed(&c.poppy.1),
            ]
            .concat(),
        },
        // Oliver's therapy worked: after consulting his family and school the council decided
        // to cease his plan, which stays in force while his family may appeal.
        DemoCase {
            child: c.oliver.0,
            source: RequestSource::Parent,
            received: date(2024, 9, 9),
            steps: [
                vec![decided(date(2024, 10, 14))],
                plan_steps(crate::demo_plans::oliver(), date(2024, 12, 9), at(&c.oliver.1), Some(date(2025, 1, 27))),
                vec![Step::DecideToCease {
                    decision: CeaseDecision {
                        reasons: "Oliver is understood by adults who do not know him and met the outcome in his plan. His school can meet his needs through SEN support.".into(),
                        family_consulted_on: date(2026, 10, 19),
                        setting_consulted_on: date(2026, 10, 21),
                    },
                    on: date(2026, 11, 16),
                }],
            ]
            .concat(),
        },
        // Mia, in Year 6, moves to secondary school next September: her move is still to
        // plan, with the Year 6 deadline of 15 February ahead.
        DemoCase {
            child: c.mia.0,
            source: RequestSource::School,
            received: date(2025, 1, 13),
            steps: [
                vec![decided(date(2025, 2, 17))],
                plan_steps(crate::demo_plans::mia(), date(2025, 4, 28), at(&c.mia.1), Some(date(2025, 5, 30))),
                // Her family appealed against section I; the council conceded and named the
                // school they asked for within the 2 weeks a concession allows.
                vec![
                    appealed(AppealIssue::SectionI, date(2025, 7, 10), None),
                    Step::Disagreement(DisagreementTaken::Concede { order: TribunalOrder::NameSchool, on: date(2025, 9, 1) }),
                    Step::Disagreement(DisagreementTaken::ComplyWithOrder { duty: DutyKind::IssueAmendedPlanAfterOrder, on: date(2025, 9, 12) }),
                ],
                review_arranged(date(2026, 4, 20), date(2026, 5, 11), None),
                plan_kept(date(2026, 5, 11)),
            ]
            .concat(),
        },
        // Ruby's plan was made by Medway; her family moved into Kent on 1 September and the
        // plan came with her, so Kent now owes her decisions and her next review.
        DemoCase {
            child: c.ruby,
            source: RequestSource::Parent,
            received: date(2024, 9, 2),
            steps: [
                vec![decided(date(2024, 10, 7))],
                plan_steps(crate::demo_plans::ruby(), date(2024, 12, 2), at(&c.oakfield), Some(date(2025, 1, 20))),
                vec![
                    Step::RecordMove {
                        to: CouncilMove { move_date: date(2026, 9, 1), to_council: Some(c.kent), to_name: "Kent County Council".into() },
                        on: date(2026, 7, 20),
                    },
                    Step::TransferPlan { on: date(2026, 9, 1) },
                ],
            ]
            .concat(),
        },
        // Medway's cases at a Kent school: a plan due its annual review this term, which the
        // school has arranged inviting the educational psychologist (who sees it among their
        // advice requests), and educational advice asked of the school.
        DemoCase {
            child: c.grace,
            source: RequestSource::Parent,
            received: date(2025, 6, 2),
            steps: [
                vec![decided(date(2025, 7, 7))],
                plan_steps(crate::demo_plans::grace(), date(2025, 10, 6), at(&c.oakfield), Some(date(2025, 12, 8))),
                review_arranged(date(2026, 11, 9), date(2026, 12, 7), Some(c.educational_psychologist)),
            ]
            .concat(),
        },
        DemoCase {
            child: c.luca,
            source: RequestSource::School,
            received: date(2026, 10, 12),
            steps: vec![decided(date(2026, 11, 16)), event(EventName::AdviceRequested, "educational", date(2026, 11, 17))],
        },
        // Jordan asked for their own assessment at 16; their plan's first annual review met in
        // November, covering preparing for adulthood, and the college's report is overdue.
        DemoCase {
            child: c.jordan.0,
            source: RequestSource::YoungPerson,
            received: date(2025, 9, 15),
            steps: [
                vec![decided(date(2025, 10, 20))],
                plan_steps(crate::demo_plans::jordan(), date(2025, 12, 15), at(&c.jordan.1), Some(date(2026, 1, 26))),
                vec![appealed(AppealIssue::SectionF, date(2026, 3, 16), Some(date(2026, 11, 23)))],
                review_arranged(date(2026, 10, 5), date(2026, 11, 9), None),
                vec![
                    Step::Review(ReviewTaken::RecordMeeting { meeting: jordans_review(), on: date(2026, 11, 9) }),
                    // The Tribunal ordered more travel training in section F: the amended plan
                    // is due within 5 weeks of the order.
                    Step::Disagreement(DisagreementTaken::RecordDecision {
                        order: TribunalOrder::Amend,
                        decision: TribunalDecisionRecord {
                            upheld: vec![AppealIssue::SectionF],
                            summary: "Section F is to specify travel training of 2 sessions a week until Jordan travels alone.".into(),
                        },
                        on: date(2026, 11, 23),
                    }),
                ],
            ]
            .concat(),
        },
    ]
}
