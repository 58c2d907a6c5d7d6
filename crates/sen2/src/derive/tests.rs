use super::*;
use jiff::civil::date;
use sendcase_domain::clock::{CeaseReason, TribunalOrder};
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
        needs: vec!["ASD".into()],
        cases: vec![Sen2Case {
            request_id: Uuid::now_v7(),
            received_on: received,
            source: "parent".into(),
            events,
            placements: vec![],
            placements_ended: vec![],
            plan: None,
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
