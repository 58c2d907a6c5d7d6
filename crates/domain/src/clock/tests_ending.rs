//! The contract's extension for the end of a plan and for what follows an appeal: a review that
//! decides to cease, `decided_to_cease` and `plan_ceased` (reg 31), and the Tribunal's orders and
//! the council's concessions (regs 44(2) and 45), with their input errors.

use super::tests::{d, duty, error, ev, run};
use super::*;
use jiff::civil::Date;
use serde_json::{Value, json};

fn plan() -> Vec<Value> {
    vec![
        ev("request_received", "2026-01-05"),
        ev("draft_plan_issued", "2026-04-27"),
        ev("final_plan_issued", "2026-05-22"),
    ]
}

fn with(mut events: Vec<Value>, more: Value) -> Value {
    events.extend(more.as_array().unwrap().iter().cloned());
    Value::Array(events)
}

/// A plan appealed on 2026-06-10 after its final issue.
fn appealed() -> Vec<Value> {
    let mut events = plan();
    events.push(ev("appeal_registered", "2026-06-10"));
    events
}

#[test]
fn a_review_deciding_to_cease_meets_the_review_and_starts_no_new_one() {
    let history = with(
        plan(),
        json!([ev("review_meeting_held", "2027-04-20"),
            {"event": "review_decision_notified", "date": "2027-05-10", "outcome": "cease"}]),
    );
    let out = run("2027-05-11", history);
    let review = duty(&out, "review_plan");
    assert_eq!((review.due, review.met_on), (d("2027-05-22"), Some(d("2027-05-10"))));
    assert_eq!(review.status, DutyStatus::Met);
    let appeal = duty(&out, "register_appeal");
    assert_eq!((appeal.due, appeal.status), (d("2027-07-10"), DutyStatus::Pending));
    assert!(out.duties.iter().all(|d| d.duty != DutyKind::IssueAmendedPlan));
}

#[test]
fn a_decision_to_cease_outside_a_review_starts_the_appeal_clock_and_the_plan_stays() {
    let out = run("2026-09-02", with(plan(), json!([ev("decided_to_cease", "2026-09-01")])));
    assert_eq!(duty(&out, "register_appeal").due, d("2026-11-01"), "2 months, a Sunday kept");
    assert_eq!(duty(&out, "contact_mediation_adviser").due, d("2026-11-01"));
    assert_eq!(duty(&out, "review_plan").status, DutyStatus::Pending, "still in force");
}

#[test]
fn a_ceased_plan_owes_nothing_but_the_familys_rights_survive() {
    let history = with(
        plan(),
        json!([
            {"event": "phase_transfer_planned", "date": "2026-06-01", "transfer_date": "2027-09-01", "kind": "school_phase"},
            ev("decided_to_cease", "2026-09-01"),
            ev("mediation_requested", "2026-09-20"),
            {"event": "plan_ceased", "date": "2026-11-10", "reason": "2"},
            ev("mediation_concluded", "2026-11-12"),
            ev("mediation_certificate_issued", "2026-11-13"),
            ev("appeal_registered", "2026-11-20"),
        ]),
    );
    let out = run("2027-06-01", history);
    for gone in ["review_plan", "amend_plan_for_phase_transfer"] {
        assert_eq!(duty(&out, gone).status, DutyStatus::NotApplicable, "{gone}");
    }
    assert_eq!(duty(&out, "issue_final_plan").status, DutyStatus::Met, "met duties stay met");
    assert_eq!(duty(&out, "hold_mediation").met_on, Some(d("2026-11-12")));
    assert_eq!(duty(&out, "issue_mediation_certificate").status, DutyStatus::Met);
    assert_eq!(duty(&out, "register_appeal").met_on, Some(d("2026-11-20")));
    assert!(!out.assessment_open());
}

#[test]
fn the_familys_rights_left_open_by_a_cease_stay_owed() {
    let history = with(
        plan(),
        json!([ev("decided_to_cease", "2026-09-01"),
            {"event": "plan_ceased", "date": "2026-11-10", "reason": "4"}]),
    );
    let out = run("2026-11-01", history);
    assert_eq!(duty(&out, "register_appeal").status, DutyStatus::Pending);
    assert_eq!(duty(&out, "contact_mediation_adviser").status, DutyStatus::Pending);
}

#[test]
fn each_order_starts_its_duties_from_the_order() {
    let cases: [(&str, &[(&str, &str)]); 6] = [
        (
            "assess",
            &[
                ("notify_assessment_after_order", "2026-09-15"),
                ("notify_no_plan_after_order", "2026-11-10"),
                ("issue_final_plan_after_order", "2026-12-08"),
            ],
        ),
        (
            "make_plan",
            &[
                ("issue_draft_plan_after_order", "2026-10-06"),
                ("issue_final_plan_after_order", "2026-11-17"),
            ],
        ),
        ("amend", &[("issue_amended_plan_after_order", "2026-10-06")]),
        ("name_school", &[("issue_amended_plan_after_order", "2026-09-15")]),
        ("maintain", &[("comply_with_order", "2026-09-01")]),
        ("dismissed", &[]),
    ];
    for (order, expected) in cases {
        let history = with(
            appealed(),
            json!([{"event": "tribunal_decided", "date": "2026-09-01", "order": order}]),
        );
        let out = run("2026-09-01", history);
        let started: Vec<(&str, Date)> = out
            .duties
            .iter()
            .filter(|d| d.duty.follows_an_order())
            .map(|d| (d.duty.as_str(), d.due))
            .collect();
        let expected: Vec<(&str, Date)> = expected.iter().map(|(k, due)| (*k, d(due))).collect();
        let mut started_sorted = started.clone();
        started_sorted.sort();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        assert_eq!(started_sorted, expected_sorted, "order {order}");
        for o in out.duties.iter().filter(|d| d.duty.follows_an_order()) {
            assert_eq!(o.responsible, Responsible::La);
            assert!(o.rule.contains("reg 44(2)"), "{}", o.rule);
        }
    }
}

#[test]
fn a_concession_runs_from_the_councils_notice() {
    let history = with(
        appealed(),
        json!([{"event": "appeal_conceded", "date": "2026-07-01", "order": "amend"}]),
    );
    let out = run("2026-07-02", history);
    let amended = duty(&out, "issue_amended_plan_after_order");
    assert_eq!(amended.due, d("2026-08-05"));
    assert!(amended.rule.contains("reg 45") && amended.rule.contains("SI 2015/359"));
    assert!(amended.explanation.contains("the council told the Tribunal it concedes"));
}

#[test]
fn order_duties_are_met_only_by_complying_and_an_assessment_ends_one_way() {
    let ordered = with(
        appealed(),
        json!([{"event": "tribunal_decided", "date": "2026-09-01", "order": "assess"},
            {"event": "order_complied", "date": "2026-09-10", "duty": "notify_assessment_after_order"}]),
    );
    let out = run("2026-12-20", ordered.clone());
    assert_eq!(duty(&out, "notify_assessment_after_order").status, DutyStatus::Met);
    assert_eq!(duty(&out, "notify_no_plan_after_order").status, DutyStatus::Overdue);
    assert_eq!(duty(&out, "issue_final_plan_after_order").status, DutyStatus::Overdue);
    let no_plan = with(
        ordered.as_array().unwrap().clone(),
        json!([{"event": "order_complied", "date": "2026-11-01", "duty": "notify_no_plan_after_order"}]),
    );
    let out = run("2026-12-20", no_plan);
    assert_eq!(duty(&out, "issue_final_plan_after_order").status, DutyStatus::NotApplicable);
    let plan_made = with(
        ordered.as_array().unwrap().clone(),
        json!([{"event": "order_complied", "date": "2026-11-20", "duty": "issue_final_plan_after_order"}]),
    );
    let out = run("2026-12-20", plan_made);
    assert_eq!(duty(&out, "notify_no_plan_after_order").status, DutyStatus::NotApplicable);
    assert_eq!(duty(&out, "issue_final_plan_after_order").status, DutyStatus::Met);
}

#[test]
fn maintaining_is_due_the_day_of_the_order() {
    let history = with(
        appealed(),
        json!([{"event": "tribunal_decided", "date": "2026-09-01", "order": "maintain"}]),
    );
    let due_today = run("2026-09-01", history.clone());
    let comply = duty(&due_today, "comply_with_order");
    assert_eq!((comply.due, comply.status), (d("2026-09-01"), DutyStatus::Pending));
    assert!(comply.explanation.contains("straight away"), "{}", comply.explanation);
    assert_eq!(duty(&run("2026-09-02", history), "comply_with_order").status, DutyStatus::Overdue);
}

#[test]
fn a_second_order_replaces_only_the_duties_it_starts() {
    let history = with(
        appealed(),
        json!([{"event": "tribunal_decided", "date": "2026-09-01", "order": "make_plan"},
            {"event": "appeal_conceded", "date": "2026-09-08", "order": "name_school"},
            {"event": "tribunal_decided", "date": "2026-09-15", "order": "make_plan"}]),
    );
    let out = run("2026-09-16", history);
    assert_eq!(duty(&out, "issue_draft_plan_after_order").due, d("2026-10-20"));
    assert_eq!(duty(&out, "issue_amended_plan_after_order").due, d("2026-09-22"));
}

#[test]
fn ending_and_order_events_have_their_input_errors() {
    let plain_plan = Value::Array(plan());
    let cases = [
        (json!([ev("decided_to_cease", "2026-01-05")]), "event 0: `decided_to_cease` needs a plan"),
        (
            json!([{"event": "plan_ceased", "date": "2026-01-05", "reason": "1"}]),
            "event 0: `plan_ceased` needs a plan",
        ),
        (with(plan(), json!([ev("plan_ceased", "2026-07-01")])), "event 3: `reason` is missing"),
        (
            with(plan(), json!([{"event": "plan_ceased", "date": "2026-07-01", "reason": "10"}])),
            "event 3: `reason` is \"10\"; it must be one of",
        ),
        (
            with(plan(), json!([{"event": "plan_ceased", "date": "2026-07-01", "reason": 2}])),
            "event 3: `reason` must be one of",
        ),
        (
            with(
                plan(),
                json!([{"event": "plan_ceased", "date": "2026-07-01", "reason": "5"},
                    ev("review_meeting_held", "2026-08-01")]),
            ),
            "event 4: `review_meeting_held` comes after `plan_ceased`",
        ),
        (
            with(
                appealed(),
                json!([{"event": "plan_ceased", "date": "2026-07-01", "reason": "5"},
                    {"event": "tribunal_decided", "date": "2026-08-01", "order": "amend"}]),
            ),
            "event 5: `tribunal_decided` comes after `plan_ceased`",
        ),
        (
            with(
                plan(),
                json!([{"event": "tribunal_decided", "date": "2026-08-01", "order": "amend"}]),
            ),
            "event 3: `tribunal_decided` needs an earlier `appeal_registered`",
        ),
        (
            with(appealed(), json!([{"event": "tribunal_decided", "date": "2026-08-01"}])),
            "event 4: `order` is missing",
        ),
        (
            with(
                appealed(),
                json!([{"event": "appeal_conceded", "date": "2026-08-01", "order": "maintain"}]),
            ),
            "event 4: `order` is \"maintain\"; a council concedes only",
        ),
        (
            with(
                appealed(),
                json!([{"event": "order_complied", "date": "2026-08-01", "duty": "issue_draft_plan_after_order"}]),
            ),
            "event 4: `order_complied` needs an earlier `tribunal_decided` or `appeal_conceded`",
        ),
        (
            with(
                appealed(),
                json!([{"event": "order_complied", "date": "2026-08-01", "duty": "review_plan"}]),
            ),
            "event 4: `duty` is \"review_plan\"; it must be a duty an order starts",
        ),
        (
            with(appealed(), json!([ev("order_complied", "2026-08-01")])),
            "event 4: `duty` is missing",
        ),
    ];
    assert!(run("2026-06-01", plain_plan).duties.len() > 1);
    for (events, expected) in cases {
        let message = error(events);
        assert!(message.starts_with(expected), "{message:?} should start with {expected:?}");
    }
}

#[test]
fn the_new_events_survive_a_round_trip_through_json() {
    let events = [
        json!({"event": "decided_to_cease", "date": "2026-09-01"}),
        json!({"event": "plan_ceased", "date": "2026-11-10", "reason": "8"}),
        json!({"event": "tribunal_decided", "date": "2026-09-01", "order": "dismissed"}),
        json!({"event": "appeal_conceded", "date": "2026-09-01", "order": "name_school"}),
        json!({"event": "order_complied", "date": "2026-09-01", "duty": "comply_with_order"}),
    ];
    for e in events {
        assert_eq!(DatedEvent::from_json(&e).unwrap().to_json(), e);
    }
}
