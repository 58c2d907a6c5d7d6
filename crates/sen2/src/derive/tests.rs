use super::*;
use jiff::civil::date;
use sendcase_domain::clock::{CeaseReason, TribunalOrder};
use sendcase_domain::ehc::disagreements::{AppealIssue, AppealRegistration, MediationRequest};
use sendcase_domain::people::identifiers::synthetic_upn;
use sendcase_store::Child;
use uuid::Uuid;

fn plain(name: EventName, on: Date) -> DatedEvent {
    DatedEvent::plain(name, on)
}

fn person_with(events: Vec<DatedEvent>) -> Sen2Person {
    let received = events[0].date;
    Sen2Person {
        child: Child {
            id: Uuid::now_v7(),
            given_name: "Alex".into(),
            family_name: "Example".into(),
            birth_date: date(2012, 1, 1),
            upn: None,
            nhs_number: None,
            uln: None,
            responsible_la_id: Uuid::now_v7(),
        },
        anonymised_on: None,
        needs: vec!["ASD".into()],
        cases: vec![Sen2Case {
            request_id: Uuid::now_v7(),
            received_on: received,
            source: "parent".into(),
            events,
            placements: vec![],
            placements_ended: vec![],
            appeals: vec![],
            mediations: vec![],
            plan: None,
            transferred_out_on: None,
            transferred_from: None,
        }],
    }
}

fn period() -> Period {
    Period::of(date(2026, 1, 15))
}

#[test]
fn a_refusal_overturned_on_appeal_stays_n_with_its_flags() {
    let events = vec![
        plain(EventName::RequestReceived, date(2025, 2, 3)),
        plain(EventName::DecidedNotToAssess, date(2025, 3, 10)),
        plain(EventName::MediationRequested, date(2025, 3, 24)),
        plain(EventName::AppealRegistered, date(2025, 5, 1)),
        DatedEvent {
            date: date(2025, 9, 1),
            event: CaseEvent::TribunalDecided(TribunalOrder::Assess),
        },
        plain(EventName::DecidedToAssess, date(2025, 9, 8)),
    ];
    let p = person(&person_with(events), &period()).unwrap();
    let r = &p.requests[0];
    assert_eq!((r.outcome.as_str(), r.outcome_date), ("N", Some(date(2025, 3, 10))));
    assert!(r.mediation && r.tribunal);
    assert_eq!(r.assessment.as_ref().unwrap().outcome, "A");
}

#[test]
fn a_plan_ended_in_the_year_is_returned_with_its_end_and_no_active_module() {
    let events = vec![
        plain(EventName::RequestReceived, date(2022, 2, 7)),
        plain(EventName::DecidedToAssess, date(2022, 3, 14)),
        plain(EventName::FinalPlanIssued, date(2022, 6, 27)),
        DatedEvent {
            date: date(2025, 7, 18),
            event: CaseEvent::PlanCeased { reason: CeaseReason::HigherEducation },
        },
    ];
    let p = person(&person_with(events), &period()).unwrap();
    let r = &p.requests[0];
    assert_eq!(r.outcome, "H");
    let a = r.assessment.as_ref().unwrap();
    assert_eq!((a.outcome.as_str(), a.outcome_date), ("H", None));
    let plan = a.plan.as_ref().unwrap();
    assert_eq!(plan.start, date(2022, 6, 27));
    assert_eq!(
        (plan.cease_date, plan.cease_reason.as_deref()),
        (Some(date(2025, 7, 18)), Some("3"))
    );
    assert!(r.active.is_none());
}

#[test]
fn work_finished_before_the_year_is_out_of_scope_and_work_under_way_is_in() {
    let finished = vec![
        plain(EventName::RequestReceived, date(2024, 5, 6)),
        plain(EventName::DecidedNotToAssess, date(2024, 6, 10)),
    ];
    assert_eq!(person(&person_with(finished), &period()), None);
    let open = vec![
        plain(EventName::RequestReceived, date(2024, 11, 4)),
        plain(EventName::DecidedToAssess, date(2024, 12, 9)),
    ];
    let p = person(&person_with(open), &period()).unwrap();
    assert_eq!(p.requests[0].outcome, "H");
    assert_eq!(p.requests[0].assessment.as_ref().unwrap().outcome, "A");
    let after = vec![plain(EventName::RequestReceived, date(2026, 1, 19))];
    assert_eq!(person(&person_with(after), &period()), None, "received after the survey day");
}

fn with_plan(extra: Vec<DatedEvent>) -> Vec<DatedEvent> {
    let mut events = vec![
        plain(EventName::RequestReceived, date(2023, 2, 6)),
        plain(EventName::DecidedToAssess, date(2023, 3, 13)),
        plain(EventName::FinalPlanIssued, date(2023, 6, 26)),
    ];
    events.extend(extra);
    events
}

#[test]
fn a_plan_transferred_out_ends_here_on_the_day_of_the_transfer_as_moved_to_another_la() {
    let mut records = person_with(with_plan(vec![]));
    records.cases[0].transferred_out_on = Some(date(2025, 10, 6));
    let p = person(&records, &period()).unwrap();
    let plan = p.requests[0].assessment.as_ref().unwrap().plan.as_ref().unwrap();
    assert_eq!(
        (plan.cease_date, plan.cease_reason.as_deref()),
        (Some(date(2025, 10, 6)), Some("5"))
    );
    assert!(p.requests[0].active.is_none());

    records.cases[0].transferred_out_on = Some(date(2026, 2, 2));
    let p = person(&records, &period()).unwrap();
    let plan = p.requests[0].assessment.as_ref().unwrap().plan.as_ref().unwrap();
    assert_eq!(plan.cease_date, None, "a transfer after the survey day is next year's");
    assert!(p.requests[0].active.is_some());

    records.cases[0].transferred_out_on = Some(date(2024, 10, 7));
    assert_eq!(person(&records, &period()), None, "transferred out before the year");
}

#[test]
fn transfer_la_names_the_council_a_plan_came_from_in_the_year() {
    let transferred = |on| {
        vec![
            plain(EventName::RequestReceived, date(2023, 2, 6)),
            DatedEvent { date: on, event: CaseEvent::PlanTransferred { last_review: None } },
        ]
    };
    let mut records = person_with(transferred(date(2025, 4, 7)));
    records.cases[0].transferred_from = Some("886".into());
    let p = person(&records, &period()).unwrap();
    let active = p.requests[0].active.as_ref().unwrap();
    assert_eq!(active.transfer_la.as_deref(), Some("886"));

    let mut records = person_with(transferred(date(2024, 4, 8)));
    records.cases[0].transferred_from = Some("886".into());
    let p = person(&records, &period()).unwrap();
    assert_eq!(p.requests[0].active.as_ref().unwrap().transfer_la, None, "before the year");
}

#[test]
fn review_draft_is_the_day_of_a_decision_to_amend_in_the_year() {
    let decided = |outcome| {
        with_plan(vec![
            plain(EventName::ReviewMeetingHeld, date(2025, 5, 12)),
            DatedEvent {
                date: date(2025, 5, 23),
                event: CaseEvent::ReviewDecisionNotified(outcome),
            },
        ])
    };
    let p = person(&person_with(decided(ReviewOutcome::Amend)), &period()).unwrap();
    let active = p.requests[0].active.as_ref().unwrap();
    assert_eq!(
        (active.review_outcome.as_deref(), active.review_draft),
        (Some("A"), Some(date(2025, 5, 23)))
    );
    let p = person(&person_with(decided(ReviewOutcome::Maintain)), &period()).unwrap();
    let active = p.requests[0].active.as_ref().unwrap();
    assert_eq!((active.review_outcome.as_deref(), active.review_draft), (Some("M"), None));
}

#[test]
fn upn_unknown_gives_the_reasons_the_records_can_tell() {
    let refused = vec![
        plain(EventName::RequestReceived, date(2025, 2, 3)),
        plain(EventName::DecidedNotToAssess, date(2025, 3, 10)),
    ];
    let mut records = person_with(refused);
    let unknown = |r: &Sen2Person| person(r, &period()).unwrap().upn_unknown;
    assert_eq!(unknown(&records).as_deref(), Some("UN10"), "no further action");
    records.child.birth_date = date(2021, 3, 1);
    assert_eq!(unknown(&records).as_deref(), Some("UN1"), "under 6");

    let mut records = person_with(vec![
        plain(EventName::RequestReceived, date(2023, 2, 6)),
        DatedEvent {
            date: date(2025, 4, 7),
            event: CaseEvent::PlanTransferred { last_review: None },
        },
    ]);
    assert_eq!(unknown(&records).as_deref(), Some("UN8"), "new to the council");
    records.child.upn = Some(synthetic_upn("886".parse().unwrap(), 7));
    assert_eq!(unknown(&records), None, "a UPN is known");

    let open = person_with(with_plan(vec![]));
    assert_eq!(unknown(&open), None, "the council must find out why");

    let mut gone = person_with(vec![
        plain(EventName::RequestReceived, date(2025, 2, 3)),
        plain(EventName::DecidedNotToAssess, date(2025, 3, 10)),
    ]);
    gone.anonymised_on = Some(date(2052, 9, 1));
    let derived = person(&gone, &period()).unwrap();
    assert_eq!(derived.upn_unknown, None, "anonymised: no reason fits");
    assert_eq!(derived.anonymised_on, Some(date(2052, 9, 1)));
}

fn registered(issues: Vec<AppealIssue>) -> AppealRegistration {
    AppealRegistration { issues, hearing_date: None }
}

#[test]
fn an_appeal_s_stage_is_what_its_registration_says_it_is_about() {
    let refused = vec![
        plain(EventName::RequestReceived, date(2025, 2, 3)),
        plain(EventName::DecidedNotToAssess, date(2025, 3, 10)),
        plain(EventName::AppealRegistered, date(2025, 5, 1)),
    ];
    let mut records = person_with(refused);
    records.cases[0].appeals = vec![registered(vec![AppealIssue::Refusal])];
    let r = &person(&records, &period()).unwrap().requests[0];
    assert!(r.tribunal && !r.mediation);

    let mut records =
        person_with(with_plan(vec![plain(EventName::AppealRegistered, date(2025, 8, 4))]));
    records.cases[0].appeals = vec![registered(vec![AppealIssue::SectionI])];
    let r = &person(&records, &period()).unwrap().requests[0];
    let a = r.assessment.as_ref().unwrap();
    assert!(!r.tribunal && !a.tribunal && a.other_tribunal, "about the plan's setting");
    // The same appeal registered as against a refusal, after the plan, is a refusal to
    // re-assess or amend: still about the plan, never the request.
    records.cases[0].appeals = vec![registered(vec![AppealIssue::Refusal])];
    let r = &person(&records, &period()).unwrap().requests[0];
    assert!(!r.tribunal && r.assessment.as_ref().unwrap().other_tribunal);
}

#[test]
fn mediation_s_stage_is_what_it_was_asked_about() {
    let mediated = |issues: Option<Vec<AppealIssue>>| {
        let mut records =
            person_with(with_plan(vec![plain(EventName::MediationRequested, date(2025, 8, 4))]));
        records.cases[0].mediations =
            issues.into_iter().map(|issues| MediationRequest { issues }).collect();
        let r = person(&records, &period()).unwrap().requests.remove(0);
        let a = r.assessment.unwrap();
        (r.mediation, a.mediation, a.other_mediation)
    };
    assert_eq!(mediated(None), (false, false, true), "unrecorded: the decision it followed");
    assert_eq!(mediated(Some(vec![AppealIssue::SectionF])), (false, false, true));
    // Asked about a refusal after the plan was issued: a refusal to re-assess, still the plan.
    assert_eq!(mediated(Some(vec![AppealIssue::Refusal])), (false, false, true));

    let refused = vec![
        plain(EventName::RequestReceived, date(2025, 2, 3)),
        plain(EventName::DecidedNotToAssess, date(2025, 3, 10)),
        plain(EventName::MediationRequested, date(2025, 4, 1)),
    ];
    let mut records = person_with(refused);
    records.cases[0].mediations = vec![MediationRequest { issues: vec![AppealIssue::Ceasing] }];
    let r = &person(&records, &period()).unwrap().requests[0];
    assert!(!r.mediation, "about ceasing a plan, not the refusal to assess");
    records.cases[0].mediations = vec![MediationRequest { issues: vec![AppealIssue::Refusal] }];
    let r = &person(&records, &period()).unwrap().requests[0];
    assert!(r.mediation && !r.tribunal);
}
