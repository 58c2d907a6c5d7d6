//! One council's children for the scale demos: those with requests, at every stage, their
//! histories from the domain's believable request generator with the case file each step
//! leaves (consultations, drafts, the final plan naming a setting), summarised by the clock;
//! and the pupils on SEN support in its schools. Generated in batches on a blocking thread.

use jiff::civil::{Date, date};
use sendcase_domain::clock::calendar::Calendar;
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
use sendcase_domain::schools::register::SenProvision;
use sendcase_domain::schools::year_group::YearGroup;
use sendcase_store::{
    BulkChild, BulkRegisterEntry, BulkRequest, ConsultationMark, Issued, NewCaseRecord, NewChild,
    PlanIssue,
};
use sendcase_usecases::ehc::file::record;
use std::ops::Range;
use uuid::Uuid;

/// The synthetic NHS numbers (the 999 range) number 100,000; the first 90,000 children with
/// requests get one and the rest, as many in a council's records do, have none recorded.
const NHS_NUMBERS: usize = 90_000;

/// What a council's children are generated from: the council, its settings and caseworkers,
/// how many of its requests stand at each stage, and where its share of the seeds and
/// identifiers shared by every council starts.
pub struct Cases {
    pub la: Uuid,
    pub la_code: LaCode,
    pub settings: Vec<(Uuid, String)>,
    pub first_urn: usize,
    pub caseworkers: Vec<Uuid>,
    pub plans: usize,
    pub open: usize,
    pub closed: usize,
    /// The number of this council's first request among every council's.
    pub first_request: usize,
    pub today: Date,
}

/// The children of one batch, and the requests of those who have one.
pub type Batch = (Vec<BulkChild>, Vec<BulkRequest>);

impl Cases {
    pub fn requests(&self) -> usize {
        self.plans + self.open + self.closed
    }

    /// Children `range` of the council: its children with requests first, then its pupils on
    /// SEN support.
    pub fn batch(&self, range: Range<usize>) -> Result<Batch, String> {
        let (mut children, mut requests) = (vec![], vec![]);
        for i in range {
            if i < self.requests() {
                let (child, request) = self.with_request(i)?;
                children.push(child);
                requests.push(request);
            } else {
                children.push(self.on_sen_support(i));
            }
        }
        Ok((children, requests))
    }

    /// The stage of request `i`: plans first, then open requests spread over the three open
    /// stages, then the ways a request ends.
    fn stage_of(&self, i: usize) -> Stage {
        if i < self.plans {
            Stage::FinalPlanIssued
        } else if i < self.plans + self.open {
            [
                Stage::DecidingWhetherToAssess,
                Stage::Assessing,
                Stage::Assessing,
                Stage::DraftPlanIssued,
            ][i % 4]
        } else {
            [Stage::NotAssessed, Stage::NoPlanIssued, Stage::Withdrawn][i % 3]
        }
    }

    fn with_request(&self, i: usize) -> Result<(BulkChild, BulkRequest), String> {
        let stage = self.stage_of(i);
        let seed = self.first_request + i;
        let mut events = synthetic_request(seed as u64, self.today, stage);
        let given = GIVEN[i % GIVEN.len()];
        let (mut records, plan_versions, setting) = self.case_file(&mut events, given, i);
        let summary = summarise(&events, Calendar::england_and_wales())
            .map_err(|e| format!("generated history {seed} rejected: {e}"))?;
        let birth = date(2004 + (i % 19) as i16, 1 + (i % 12) as i8, 1 + (i % 28) as i8);
        // Children with plans are all at a setting, the youngest at a school's nursery.
        let placed = birth.year() <= 2021 || stage == Stage::FinalPlanIssued;
        if let Some((n, issued_on)) = setting {
            let (urn, name) = self.setting(n);
            records.push(placement(&urn, name, issued_on)?);
        }
        // Pupils with plans are on their school's register with the SEN types the return gives
        // for them.
        let register =
            (stage == Stage::FinalPlanIssued).then(|| registered(SenProvision::EhcPlan, i, birth));
        let mut child = self.child(i, birth, placed, register);
        child.child.nhs_number =
            (seed < NHS_NUMBERS).then(|| synthetic_nhs_number((10_000 + seed) as u32));
        let source = RequestSource::ALL[i % RequestSource::ALL.len()];
        // A few new requests wait to be allocated.
        let caseworker = (stage != Stage::DecidingWhetherToAssess || !i.is_multiple_of(5))
            .then(|| self.caseworkers[i % self.caseworkers.len()]);
        let request = BulkRequest {
            id: Uuid::now_v7(),
            child_id: child.id,
            source: source.as_str().into(),
            caseworker_user_id: caseworker,
            events,
            summary,
            records,
            plans: plan_versions,
        };
        Ok((child, request))
    }

    /// A pupil on SEN support at one of the council's schools.
    fn on_sen_support(&self, i: usize) -> BulkChild {
        let birth = date(2008 + (i % 14) as i16, 1 + (i % 12) as i8, 1 + (i % 28) as i8);
        self.child(i, birth, true, Some(registered(SenProvision::SenSupport, i, birth)))
    }

    fn child(
        &self,
        i: usize,
        birth: Date,
        placed: bool,
        register: Option<BulkRegisterEntry>,
    ) -> BulkChild {
        let school = self.settings[i % self.settings.len()].0;
        BulkChild {
            id: Uuid::now_v7(),
            register,
            child: NewChild {
                given_name: GIVEN[i % GIVEN.len()].into(),
                family_name: FAMILY[(i / GIVEN.len()) % FAMILY.len()].into(),
                birth_date: birth,
                upn: Some(synthetic_upn(self.la_code.clone(), i as u32)),
                nhs_number: None,
                uln: None,
                responsible_la_id: self.la,
                enrolment: placed.then_some((school, ENROLLED_ON)),
            },
        }
    }

    /// The URN and name of setting `n`.
    fn setting(&self, n: usize) -> (String, &str) {
        let n = n % self.settings.len();
        ((self.first_urn + n).to_string(), &self.settings[n].1)
    }

    /// What accompanies a generated history: the setting its consultation names (one of the
    /// council's, under the clock reference a caseworker's consultation would get), and the
    /// plan, sent as a draft and, once final, naming that setting in section I; with the
    /// setting's number and the day the final plan named it.
    fn case_file(
        &self,
        events: &mut [DatedEvent],
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
                    number = r.trim_start_matches("setting-").parse().unwrap_or_default();
                    let institution = self.setting(number).1.to_owned();
                    *r = consultation_ref(&institution, None);
                    setting = Some(institution);
                }
                CaseEvent::Plain(EventName::DraftPlanIssued) => {
                    let plan = crate::demo_plans::typical(name, seed);
                    plans.push((plan, Some((PlanIssue::Draft, on))));
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
            let responded =
                events.iter().any(|e| e.event.name() == EventName::InstitutionResponded);
            let setting = self.settings[number % self.settings.len()].0;
            records.push(NewCaseRecord {
                consultation: Some(ConsultationMark::Opens {
                    setting,
                    clock_ref: clock_ref.clone(),
                }),
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
}

/// The day every placed child of the scale demos joined their setting.
const ENROLLED_ON: Date = date(2025, 9, 3);

/// The number of the setting a final plan named, and the day it was issued.
type Named = (usize, Date);

/// Child `i`'s entry on their school's register, with the SEN types by `i`.
fn registered(provision: SenProvision, i: usize, birth: Date) -> BulkRegisterEntry {
    let need = NeedType::ALL[i % NeedType::ALL.len()];
    let second = NeedType::ALL[(i + 5) % NeedType::ALL.len()];
    BulkRegisterEntry {
        provision,
        year_group: YearGroup::for_birth(birth, ENROLLED_ON)
            .map_or_else(|| "14".into(), YearGroup::code),
        needs: (need.code().into(), i.is_multiple_of(3).then(|| second.code().into())),
    }
}

/// The main placement at the setting a final plan named, from the day it was issued.
fn placement(urn: &str, name: &str, starts: Date) -> Result<NewCaseRecord, String> {
    let urn = urn.parse().map_err(|e| format!("{e}"))?;
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

pub const GIVEN: [&str; 24] = [
    "Amara", "Ben", "Chloe", "Dev", "Ella", "Farah", "George", "Hana", "Isaac", "Jade", "Kofi",
    "Lena", "Milo", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
    "Will", "Zoe",
];
pub const FAMILY: [&str; 30] = [
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
