//! `sendcase demo --scale la`: a local authority the size of the largest in England — 25,000
//! children with plans, 8,000 open requests at every stage, 600 settings — with histories from
//! the domain's believable request generator, each summarised by the clock as it is stored.
//! Loaded in large transactions, one audit entry per batch saying what it held.

use crate::CliError;
use crate::progress::Progress;
use jiff::civil::{Date, date};
use sendcase_domain::clock::{
    CaseEvent, DatedEvent, EventName, Stage, summarise, synthetic_request,
};
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::ehc::placements::{self, PlacedAt, PlacementRank, PlacementRecorded};
use sendcase_domain::ehc::plan::{EhcPlan, Placement};
use sendcase_domain::ehc::records::{Consultation, ConsultationResponse};
use sendcase_domain::ehc::step_rules::consultation_ref;
use sendcase_domain::needs::NeedType;
use sendcase_domain::people::identifiers::{LaCode, synthetic_nhs_number, synthetic_upn};
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::policy::Membership;
use sendcase_domain::schools::year_group::YearGroup;
use sendcase_store::{
    AuditMeta, BulkChild, BulkRegisterEntry, BulkRequest, ConsultationMark, DatabaseUrl, Issued,
    NewCaseRecord, NewChild, NewOrganisation, NewUser, PlanIssue, Store,
};
use sendcase_usecases::ehc::file::record;
use std::time::Instant;
use uuid::Uuid;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Scale {
    /// The largest local authority in England
    La,
}

pub const LA_CODE: &str = "850";
pub const CASEWORKER: &str = "scale.caseworker@example.org";
const PLANS: usize = 25_000;
const OPEN: usize = 8_000;
const SETTINGS: usize = 600;
const CASEWORKERS: usize = 40;
/// Requests that ended without a plan, so every stage is represented.
const CLOSED: usize = 1_500;
const BATCH: usize = 2_000;

pub async fn run(url: &DatabaseUrl, percent: u8) -> Result<(), CliError> {
    let store = sendcase_store::connect(url).await?;
    let started = Instant::now();
    // Brought up to date first, while the database holds little, the summaries the load adds are
    // computed with the same clock and calendar, and nothing is summarised twice.
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    crate::rebuild::bring_up_to_date(store.as_ref(), calendar).await?;
    let loaded = load(store.as_ref(), percent, crate::demo::TODAY).await?;
    match loaded {
        Some(requests) => println!(
            "scale demo loaded into {url}: {requests} requests in {:.1} s",
            started.elapsed().as_secs_f64()
        ),
        None => println!("the scale demo is already in {url}: nothing to do"),
    }
    println!("sign in as {CASEWORKER} with the password {}", crate::demo::PASSWORD);
    Ok(())
}

/// The stage of request `i` of `total`: plans first, then open requests spread over the three
/// open stages, then the ways a request ends.
fn stage_of(i: usize, plans: usize, open: usize) -> Stage {
    if i < plans {
        Stage::FinalPlanIssued
    } else if i < plans + open {
        [Stage::DecidingWhetherToAssess, Stage::Assessing, Stage::Assessing, Stage::DraftPlanIssued]
            [i % 4]
    } else {
        [Stage::NotAssessed, Stage::NoPlanIssued, Stage::Withdrawn][i % 3]
    }
}

/// Loads the scale demo unless its authority is there; returns how many requests were loaded.
pub async fn load(store: &dyn Store, percent: u8, today: Date) -> Result<Option<usize>, CliError> {
    let la_code: LaCode = LA_CODE.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    if store.organisations().await?.iter().any(|o| o.la_code.as_ref() == Some(&la_code)) {
        return Ok(None);
    }
    let part = |n: usize| (n * usize::from(percent)).div_ceil(100);
    let (plans, open, closed, settings) =
        (part(PLANS), part(OPEN), part(CLOSED), part(SETTINGS).max(1));
    let meta = AuditMeta::system(format!("scale-demo-{}", Uuid::now_v7()));
    let la = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::LocalAuthority,
                name: "Hampshire County Council (scale demo)".into(),
                la_code: Some(la_code.clone()),
                urn: None,
                phase: None,
                school_type: None,
                ukprn: None,
                local_authority_id: None,
            },
            &meta,
        )
        .await?;
    let mut schools = Vec::with_capacity(settings);
    let mut setting_names = Vec::with_capacity(settings);
    for i in 0..settings {
        let phase = ["Primary", "Primary", "Secondary", "All-through"][i % 4];
        setting_names.push(format!("Setting {:03} {phase} School", i + 1));
        let new = NewOrganisation {
            kind: OrganisationKind::School,
            name: setting_names[i].clone(),
            la_code: None,
            urn: Some(format!("{}", 700_001 + i).parse().map_err(|e| anyhow::anyhow!("{e}"))?),
            phase: Some(phase.into()),
            school_type: Some("Community school".into()),
            ukprn: None,
            local_authority_id: Some(la),
        };
        schools.push(store.create_organisation(new, &meta).await?);
    }
    let hash = sendcase_web::auth::hash_password(crate::demo::PASSWORD)?;
    let mut caseworkers = Vec::with_capacity(CASEWORKERS);
    for i in 0..CASEWORKERS {
        let email =
            if i == 0 { CASEWORKER.to_owned() } else { format!("scale.caseworker{i}@example.org") };
        let memberships = vec![Membership { role: Role::LaCaseworker, organisation_id: Some(la) }];
        let name = format!("{} {}", GIVEN[i % GIVEN.len()], FAMILY[(i * 7) % FAMILY.len()]);
        let new = NewUser { email, display_name: name, password_hash: hash.clone(), memberships };
        caseworkers.push(store.create_user(new, &meta).await?);
    }

    let total = plans + open + closed;
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    let progress = Progress::new(total, "requests");
    for start in (0..total).step_by(BATCH) {
        let end = (start + BATCH).min(total);
        let mut children = Vec::with_capacity(end - start);
        let mut requests = Vec::with_capacity(end - start);
        for i in start..end {
            let stage = stage_of(i, plans, open);
            let mut events = synthetic_request(i as u64, today, stage);
            let given = GIVEN[i % GIVEN.len()];
            let (mut records, plan_versions, setting) =
                case_file(&mut events, (&setting_names, &schools), given, i);
            let summary = summarise(&events, calendar)
                .map_err(|e| anyhow::anyhow!("generated history {i} rejected: {e}"))?;
            let birth = date(2004 + (i % 19) as i16, 1 + (i % 12) as i8, 1 + (i % 28) as i8);
            let child_id = Uuid::now_v7();
            let enrolled_on = date(2025, 9, 3);
            // Children with plans are all at a setting, the youngest at a school's nursery.
            let placed = birth.year() <= 2021 || stage == Stage::FinalPlanIssued;
            let school = placed.then(|| (schools[i % schools.len()], enrolled_on));
            if let Some((n, issued_on)) = setting {
                let urn = format!("{}", 700_001 + n % settings);
                records.push(placement(&urn, &setting_names[n % settings], issued_on)?);
            }
            // Pupils with plans are on their school's register with the SEN types the return
            // gives for them.
            let register = (stage == Stage::FinalPlanIssued).then(|| {
                let need = NeedType::ALL[i % NeedType::ALL.len()];
                let second = NeedType::ALL[(i + 5) % NeedType::ALL.len()];
                BulkRegisterEntry {
                    year_group: YearGroup::for_birth(birth, enrolled_on)
                        .map_or_else(|| "14".into(), YearGroup::code),
                    needs: (need.code().into(), (i % 3 == 0).then(|| second.code().into())),
                }
            });
            children.push(BulkChild {
                id: child_id,
                register,
                child: NewChild {
                    given_name: given.into(),
                    family_name: FAMILY[(i / GIVEN.len()) % FAMILY.len()].into(),
                    birth_date: birth,
                    upn: Some(synthetic_upn(la_code.clone(), i as u32)),
                    nhs_number: Some(synthetic_nhs_number(10_000 + i as u32)),
                    uln: None,
                    responsible_la_id: la,
                    enrolment: school,
                },
            });
            let source = RequestSource::ALL[i % RequestSource::ALL.len()];
            // A few new requests wait to be allocated.
            let caseworker = (stage != Stage::DecidingWhetherToAssess || i % 5 != 0)
                .then(|| caseworkers[i % caseworkers.len()]);
            requests.push(BulkRequest {
                id: Uuid::now_v7(),
                child_id,
                source: source.as_str().into(),
                caseworker_user_id: caseworker,
                events,
                summary,
                records,
                plans: plan_versions,
            });
        }
        let note = format!("scale demo: children and requests {} to {} of {total}", start + 1, end);
        store.load_in_bulk(&children, &requests, &note, &meta).await?;
        progress.show(end);
    }
    progress.finish();
    // A database planned on no statistics reads whole tables where an index would do: every
    // caller (the demo command and the benches) gets the plans a settled database would.
    store.refresh_statistics().await?;
    Ok(Some(total))
}

/// The number of the setting a final plan named, and the day it was issued.
type Named = (usize, Date);

/// The main placement at the setting a final plan named, from the day it was issued.
fn placement(urn: &str, name: &str, starts: Date) -> Result<NewCaseRecord, CliError> {
    let urn = urn.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(record(&PlacementRecorded {
        number: 1,
        placement: placements::Placement {
            at: PlacedAt::Establishment(urn),
            name: name.into(),
            rank: PlacementRank::MAIN,
            residential: None,
            work_based: false,
            sen_unit: false,
            resourced_provision: false,
            starts,
            ends: None,
        },
    }))
}

/// What accompanies a generated history: the setting its consultation names (one of the
/// authority's, under the clock reference a caseworker's consultation would get), and the
/// plan, sent as a draft and, once final, naming that setting in section I; with the setting's
/// number and the day the final plan named it.
fn case_file(
    events: &mut [DatedEvent],
    (settings, ids): (&[String], &[Uuid]),
    name: &str,
    seed: usize,
) -> (Vec<NewCaseRecord>, Vec<(EhcPlan, Issued)>, Option<Named>) {
    let (mut records, mut plans) = (vec![], vec![]);
    let (mut setting, mut named) = (None, None);
    let mut number = 0;
    for e in events.iter_mut() {
        let on = e.date;
        match &mut e.event {
            CaseEvent::Referenced(
                EventName::InstitutionConsulted | EventName::InstitutionResponded,
                r,
            ) => {
                let n: usize = r.trim_start_matches("setting-").parse().unwrap_or_default();
                number = n;
                let institution = settings[n % settings.len()].clone();
                *r = consultation_ref(&institution, None);
                setting = Some(institution);
            }
            CaseEvent::Plain(EventName::DraftPlanIssued) => {
                plans.push((crate::demo_plans::typical(name, seed), Some((PlanIssue::Draft, on))));
            }
            CaseEvent::Plain(EventName::FinalPlanIssued) => {
                let mut plan = crate::demo_plans::typical(name, seed);
                let institution = setting.clone().unwrap_or_default();
                plan.i = Some(Placement { institution, kind: "Community school".into() });
                plans.push((plan, Some((PlanIssue::Final, on))));
                named = Some((number, on));
            }
            _ => {}
        }
    }
    if let Some(institution) = setting {
        let clock_ref = consultation_ref(&institution, None);
        let responded = events.iter().any(|e| e.event.name() == EventName::InstitutionResponded);
        let setting = ids[number % ids.len()];
        records.push(NewCaseRecord {
            consultation: Some(ConsultationMark::Opens { setting, clock_ref: clock_ref.clone() }),
            ..record(&Consultation {
                clock_ref: clock_ref.clone(),
                institution: institution.clone(),
            })
        });
        if responded {
            let response = format!("{institution} can meet the needs in the plan.");
            let answer = ConsultationResponse {
                clock_ref: clock_ref.clone(),
                response,
                agrees_to_be_named: Some(true),
            };
            records.push(NewCaseRecord {
                consultation: Some(ConsultationMark::Answers { clock_ref }),
                ..record(&answer)
            });
        }
    }
    (records, plans, named)
}

const GIVEN: [&str; 24] = [
    "Amara", "Ben", "Chloe", "Dev", "Ella", "Farah", "George", "Hana", "Isaac", "Jade", "Kofi",
    "Lena", "Milo", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
    "Will", "Zoe",
];
const FAMILY: [&str; 30] = [
    "Abbott",
    "Begum",
    "Carter",
    "Dlamini",
    "Edwards",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Mensah",
    "Nowak",
    "Okoro",
    "Patel",
    "Quinn",
    "Reid",
    "Shah",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walker",
    "Xu",
    "Young",
    "Zielinski",
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
];
