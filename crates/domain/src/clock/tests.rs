//! The contract's worked examples (clock.md and statutory.md §2, T1–T30 where the clock covers
//! them), its statuses and input errors, and properties over generated histories.

use super::*;
use crate::clock::calendar::Calendar;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use serde_json::{Value, json};

pub(super) fn run(as_of: &str, events: Value) -> ClockOutput {
    let text = json!({ "as_of": as_of, "events": events }).to_string();
    let history = read_history(&text).unwrap_or_else(|e| panic!("{e}"));
    history
        .duties(date(2000, 1, 1), Calendar::england_and_wales())
        .unwrap_or_else(|e| panic!("{e}"))
}

pub(super) fn error(events: Value) -> String {
    let text = json!({ "as_of": "2026-06-01", "events": events }).to_string();
    match read_history(&text)
        .and_then(|h| h.duties(date(2026, 6, 1), Calendar::england_and_wales()))
    {
        Ok(out) => panic!("accepted: {out:?}"),
        Err(e) => e.to_string(),
    }
}

pub(super) fn duty<'a>(out: &'a ClockOutput, name: &str) -> &'a DutyOutput {
    let found: Vec<_> = out.duties.iter().filter(|d| d.duty.as_str() == name).collect();
    assert_eq!(found.len(), 1, "exactly one {name} in {:#?}", out.duties);
    found[0]
}

pub(super) fn d(text: &str) -> Date {
    text.parse().unwrap()
}

pub(super) fn ev(name: &str, on: &str) -> Value {
    json!({ "event": name, "date": on })
}

#[test]
fn the_contract_example_output_exactly() {
    let out = run(
        "2026-03-01",
        json!([ev("request_received", "2026-01-05"),
        { "event": "advice_requested", "date": "2026-01-20", "ref": "educational-psychologist" }]),
    );
    let written: Value = serde_json::from_slice(&out.to_json(Layout::Compact)).unwrap();
    let first = &written["duties"][0];
    assert_eq!(first["duty"], "decide_whether_to_assess");
    assert_eq!(first["ref"], Value::Null);
    assert_eq!(first["due"], "2026-02-16");
    assert_eq!(first["target"], "2026-02-16");
    assert_eq!(first["status"], "overdue");
    assert_eq!(first["met_on"], Value::Null);
    assert_eq!(first["responsible"], "la");
    assert_eq!(first["rule"], "SEND Regulations 2014 reg 5(1)");
    assert_eq!(
        first["explanation"],
        "The council must decide whether to carry out an assessment by Monday 16 February 2026 — 6 weeks after the council received the request on 5 January 2026."
    );
    let advice = duty(&out, "provide_advice");
    assert_eq!(
        (advice.reference.as_deref(), advice.due, advice.status),
        (Some("educational-psychologist"), d("2026-03-03"), DutyStatus::Pending)
    );
    assert_eq!(written["as_of"], "2026-03-01");
}

#[test]
fn assessment_timescales_t1_to_t6() {
    let out = run(
        "2026-01-06",
        json!([ev("request_received", "2026-01-05"),
        { "event": "advice_requested", "date": "2026-02-17", "ref": "health" }]),
    );
    assert_eq!(duty(&out, "decide_whether_to_assess").due, d("2026-02-16"));
    assert_eq!(duty(&out, "provide_advice").due, d("2026-03-31"));
    assert_eq!(duty(&out, "notify_decision_not_to_issue_plan").due, d("2026-04-27"));
    let final_plan = duty(&out, "issue_final_plan");
    assert_eq!((final_plan.due, final_plan.target), (d("2026-05-25"), d("2026-05-22")));
    assert_eq!(final_plan.rule, "SEND Regulations 2014 reg 13(2)");

    let out = run(
        "2026-05-01",
        json!([ev("request_received", "2026-01-05"), ev("draft_plan_issued", "2026-04-27"),
        { "event": "institution_consulted", "date": "2026-05-01", "ref": "Oak Tree Primary" }]),
    );
    let comment = duty(&out, "comment_on_draft");
    assert_eq!(
        (comment.due, comment.responsible),
        (d("2026-05-11"), Responsible::ParentOrYoungPerson)
    );
    assert_eq!(duty(&out, "respond_to_consultation").due, d("2026-05-16"));
    assert_eq!(duty(&out, "notify_decision_not_to_issue_plan").status, DutyStatus::NotApplicable);
}

#[test]
fn reviews_and_amendments_t7_and_t9_to_t12() {
    let plan = json!([
        ev("request_received", "2026-01-05"),
        ev("draft_plan_issued", "2026-04-27"),
        ev("final_plan_issued", "2026-05-22")
    ]);
    let out = run("2026-06-01", plan.clone());
    let review = duty(&out, "review_plan");
    assert_eq!((review.due, review.target), (d("2027-05-22"), d("2027-05-21")));
    assert_eq!(duty(&out, "issue_final_plan").status, DutyStatus::Met);

    let mut events = plan.as_array().unwrap().clone();
    events.push(json!({ "event": "review_meeting_scheduled", "date": "2027-03-01", "meeting_date": "2027-04-20" }));
    events.push(ev("review_meeting_held", "2027-04-20"));
    let out = run("2027-04-21", Value::Array(events.clone()));
    assert_eq!(duty(&out, "send_review_invitations").due, d("2027-04-06"));
    assert_eq!(duty(&out, "circulate_review_advice").due, d("2027-04-06"));
    assert_eq!(duty(&out, "send_review_report").due, d("2027-05-04"));
    assert_eq!(duty(&out, "notify_review_decision").due, d("2027-05-18"));

    events.push(
        json!({ "event": "review_decision_notified", "date": "2027-05-18", "outcome": "amend" }),
    );
    let out = run("2027-05-19", Value::Array(events));
    assert_eq!(duty(&out, "comment_on_proposed_amendments").due, d("2027-06-01"));
    assert_eq!(duty(&out, "issue_amended_plan").due, d("2027-07-13"));
    assert_eq!(
        duty(&out, "review_plan").due,
        d("2028-05-18"),
        "the review decision restarts the 12 months"
    );
    assert_eq!(duty(&out, "notify_review_decision").status, DutyStatus::Met);
}

#[test]
fn phase_transfers_t13_to_t15() {
    let transfer = |kind: &str, on: &str| {
        let out = run(
            "2026-06-01",
            json!([ev("plan_transferred", "2026-01-10"),
            { "event": "phase_transfer_planned", "date": "2026-02-01", "transfer_date": on, "kind": kind }]),
        );
        let d = duty(&out, "amend_plan_for_phase_transfer");
        (d.due, d.target)
    };
    assert_eq!(transfer("school_phase", "2027-09-01"), (d("2027-02-14"), d("2027-02-12")));
    assert_eq!(transfer("to_post16", "2027-09-01"), (d("2027-03-30"), d("2027-03-30")));
    assert_eq!(transfer("post16_other", "2027-01-04").0, d("2026-08-04"));
}

#[test]
fn moves_between_councils_t16_to_t18() {
    let plan = || vec![ev("plan_transferred", "2025-12-01")];
    let mut events = plan();
    events.push(
        json!({ "event": "moving_to_another_la", "date": "2026-03-02", "move_date": "2026-03-05" }),
    );
    let out = run("2026-03-03", Value::Array(events.clone()));
    assert_eq!(duty(&out, "transfer_plan").due, d("2026-03-20"));
    assert_eq!(duty(&out, "transfer_plan").responsible, Responsible::OldLa);

    let mut later_move = plan();
    later_move.push(
        json!({ "event": "moving_to_another_la", "date": "2026-03-02", "move_date": "2026-04-30" }),
    );
    assert_eq!(
        duty(&run("2026-03-03", Value::Array(later_move)), "transfer_plan").due,
        d("2026-04-30")
    );

    events.push(
        json!({ "event": "plan_transferred", "date": "2026-03-19", "last_review": "2025-10-10" }),
    );
    let out = run("2026-03-20", Value::Array(events));
    assert_eq!(duty(&out, "transfer_plan").met_on, Some(d("2026-03-19")));
    assert_eq!(duty(&out, "notify_transfer_decisions").due, d("2026-04-30"));
    assert_eq!(duty(&out, "review_transferred_plan").due, d("2026-10-10"));

    let out = run("2026-03-20", json!([{ "event": "plan_transferred", "date": "2026-03-20" }]));
    assert_eq!(duty(&out, "notify_transfer_decisions").due, d("2026-05-01"));
    assert_eq!(duty(&out, "review_transferred_plan").due, d("2027-03-20"));
    let out = run(
        "2026-03-20",
        json!([{ "event": "plan_transferred", "date": "2026-03-19", "last_review": "2025-01-10" }]),
    );
    assert_eq!(
        duty(&out, "review_transferred_plan").due,
        d("2026-06-19"),
        "3 months from the transfer is later"
    );
}

#[test]
fn reassessment_t20_t21() {
    let out = run(
        "2026-10-06",
        json!([ev("plan_transferred", "2026-01-10"), ev("reassessment_requested", "2026-10-05")]),
    );
    assert_eq!(duty(&out, "decide_whether_to_reassess").due, d("2026-10-20"));
    let out = run(
        "2026-10-21",
        json!([ev("plan_transferred", "2026-01-10"), ev("reassessment_requested", "2026-10-05"),
        { "event": "reassessment_decided", "date": "2026-10-20", "reassess": true }]),
    );
    assert_eq!(duty(&out, "issue_reassessed_plan").due, d("2027-01-26"));
}

#[test]
fn appeals_and_mediation_t22_to_t28() {
    let review = |outcome: &str, on: &str| {
        json!([ev("plan_transferred", "2026-01-10"), ev("review_meeting_held", "2026-05-01"),
        { "event": "review_decision_notified", "date": on, "outcome": outcome }])
    };
    // T22: a cease decision sent 30 June; 2 months is Sunday 30 August, rolled to Tuesday 1 September.
    let out = run("2026-07-01", review("cease", "2026-06-30"));
    assert_eq!(duty(&out, "register_appeal").due, d("2026-09-01"));
    assert_eq!(duty(&out, "contact_mediation_adviser").due, d("2026-08-30"));

    // T23, T25, T27, T28.
    let mut events = review("maintain", "2026-05-22").as_array().unwrap().clone();
    let out = run("2026-05-23", Value::Array(events.clone()));
    assert_eq!(duty(&out, "contact_mediation_adviser").due, d("2026-07-22"));
    events.push(ev("mediation_requested", "2026-07-10"));
    assert_eq!(
        duty(&run("2026-07-11", Value::Array(events.clone())), "hold_mediation").due,
        d("2026-08-09")
    );
    events.push(ev("mediation_concluded", "2026-08-05"));
    assert_eq!(
        duty(&run("2026-08-06", Value::Array(events.clone())), "issue_mediation_certificate").due,
        d("2026-08-10")
    );
    events.push(ev("mediation_certificate_issued", "2026-08-10"));
    let out = run("2026-08-11", Value::Array(events));
    let appeal = duty(&out, "register_appeal");
    assert_eq!((appeal.due, appeal.status), (d("2026-09-10"), DutyStatus::Pending));
    assert_eq!(duty(&out, "issue_mediation_certificate").status, DutyStatus::Met);
    assert_eq!(duty(&out, "contact_mediation_adviser").status, DutyStatus::Met);

    // T24: declined on Monday 1 June, certificate by Thursday 4 June.
    let mut declined = review("maintain", "2026-05-22").as_array().unwrap().clone();
    declined.push(ev("mediation_declined", "2026-06-01"));
    let out = run("2026-06-02", Value::Array(declined));
    let certificate = duty(&out, "issue_mediation_certificate");
    assert_eq!(
        (certificate.due, certificate.responsible),
        (d("2026-06-04"), Responsible::MediationAdviser)
    );
}

#[test]
fn a_certificate_keeps_the_later_of_the_two_appeal_limits_each_rolled_first() {
    // Decision 30 June: 2 months rolls to 1 September. Certificate 20 July + 1 month = 20 August,
    // which rolls to 1 September too; the later of the rolled dates is 1 September.
    let out = run(
        "2026-07-21",
        json!([ev("plan_transferred", "2026-01-10"), ev("review_meeting_held", "2026-06-01"),
        { "event": "review_decision_notified", "date": "2026-06-30", "outcome": "cease" },
        ev("mediation_declined", "2026-07-15"), ev("mediation_certificate_issued", "2026-07-20")]),
    );
    assert_eq!(duty(&out, "register_appeal").due, d("2026-09-01"));
    // Certificate 30 November + 1 month = 30 December, rolled to the first working day after New Year.
    let out = run(
        "2026-12-01",
        json!([
            ev("request_received", "2026-07-01"),
            ev("decided_not_to_assess", "2026-08-12"),
            ev("mediation_requested", "2026-09-01"),
            ev("mediation_concluded", "2026-11-25"),
            ev("mediation_certificate_issued", "2026-11-30")
        ]),
    );
    assert_eq!(duty(&out, "register_appeal").due, d("2027-01-04"));
}

#[test]
fn a_new_appeal_clock_replaces_the_old_one() {
    let out = run(
        "2026-12-01",
        json!([ev("request_received", "2026-01-05"), ev("draft_plan_issued", "2026-04-27"),
        ev("final_plan_issued", "2026-05-22"), ev("review_meeting_held", "2026-10-01"),
        { "event": "review_decision_notified", "date": "2026-10-20", "outcome": "maintain" }]),
    );
    assert_eq!(
        duty(&out, "register_appeal").due,
        d("2026-12-20"),
        "Sunday 20 December is not rolled"
    );
    assert_eq!(duty(&out, "contact_mediation_adviser").status, DutyStatus::Pending);
}

#[test]
fn statuses_as_of_a_date() {
    let history = json!([
        ev("request_received", "2026-01-05"),
        ev("decided_to_assess", "2026-02-20"),
        ev("draft_plan_issued", "2026-04-27")
    ]);
    let out = run("2026-05-25", history.clone());
    assert_eq!(duty(&out, "decide_whether_to_assess").status, DutyStatus::MetLate);
    assert_eq!(duty(&out, "decide_whether_to_assess").met_on, Some(d("2026-02-20")));
    assert_eq!(
        duty(&out, "issue_final_plan").status,
        DutyStatus::Pending,
        "pending on the due date itself"
    );
    assert_eq!(
        duty(&out, "comment_on_draft").status,
        DutyStatus::Lapsed,
        "a family's right lapses, it is never overdue"
    );
    assert_eq!(
        duty(&run("2026-05-26", history.clone()), "issue_final_plan").status,
        DutyStatus::Overdue
    );

    let mut with_exception = history.as_array().unwrap().clone();
    with_exception
        .push(json!({ "event": "exception_claimed", "date": "2026-01-10", "ground": "b" }));
    let out = run("2026-05-26", Value::Array(with_exception));
    assert_eq!(duty(&out, "issue_final_plan").status, DutyStatus::ExceptionClaimed);
    assert_eq!(
        duty(&out, "issue_final_plan").due,
        d("2026-05-25"),
        "an exception does not move the due date"
    );
}

#[test]
fn met_on_the_due_date_is_met_and_a_weekend_due_date_is_not_moved() {
    // Due Monday 25 May (a bank holiday): meeting on the due date is met, the day after is late.
    let on_due = run(
        "2026-06-01",
        json!([
            ev("request_received", "2026-01-05"),
            ev("draft_plan_issued", "2026-04-01"),
            ev("final_plan_issued", "2026-05-25")
        ]),
    );
    assert_eq!(duty(&on_due, "issue_final_plan").status, DutyStatus::Met);
    let late = run(
        "2026-06-01",
        json!([
            ev("request_received", "2026-01-05"),
            ev("draft_plan_issued", "2026-04-01"),
            ev("final_plan_issued", "2026-05-26")
        ]),
    );
    assert_eq!(duty(&late, "issue_final_plan").status, DutyStatus::MetLate);
}

#[test]
fn the_first_meeting_stands_and_closed_duties_are_never_revived() {
    let out = run(
        "2026-06-01",
        json!([
            ev("request_received", "2026-01-05"),
            ev("decided_to_assess", "2026-01-20"),
            ev("decided_to_assess", "2026-01-30"),
            ev("request_withdrawn", "2026-02-01"),
            ev("draft_plan_issued", "2026-03-01")
        ]),
    );
    assert_eq!(duty(&out, "decide_whether_to_assess").met_on, Some(d("2026-01-20")));
    assert_eq!(duty(&out, "decide_whether_to_assess").status, DutyStatus::Met);
    assert_eq!(duty(&out, "issue_final_plan").status, DutyStatus::NotApplicable);
    assert_eq!(duty(&out, "notify_decision_not_to_issue_plan").status, DutyStatus::NotApplicable);
    assert_eq!(
        duty(&out, "comment_on_draft").status,
        DutyStatus::Lapsed,
        "a duty started after withdrawal still runs"
    );

    let out = run(
        "2026-06-01",
        json!([
            ev("request_received", "2026-01-05"),
            ev("decided_not_to_issue_plan", "2026-03-01"),
            ev("draft_plan_issued", "2026-04-01"),
            ev("final_plan_issued", "2026-05-01")
        ]),
    );
    let final_plan = duty(&out, "issue_final_plan");
    assert_eq!((final_plan.status, final_plan.met_on), (DutyStatus::NotApplicable, None));
    assert_eq!(duty(&out, "notify_decision_not_to_issue_plan").status, DutyStatus::Met);
}

#[test]
fn events_are_replayed_in_date_order_ties_in_input_order() {
    let out = run(
        "2026-03-01",
        json!([ev("decided_to_assess", "2026-02-01"), ev("request_received", "2026-01-05")]),
    );
    assert_eq!(duty(&out, "decide_whether_to_assess").status, DutyStatus::Met);
    // Same day: the request must come first in the input.
    assert_eq!(
        error(json!([ev("decided_to_assess", "2026-01-05"), ev("request_received", "2026-01-05")])),
        "event 0: `decided_to_assess` needs an earlier `request_received`"
    );
}

#[test]
fn duties_are_sorted_by_due_then_duty_then_ref() {
    let out = run(
        "2026-03-01",
        json!([ev("request_received", "2026-01-05"),
        { "event": "advice_requested", "date": "2026-01-05", "ref": "social-care" },
        { "event": "advice_requested", "date": "2026-01-05", "ref": "health" }]),
    );
    let order: Vec<_> = out.duties.iter().map(|d| (d.duty.as_str(), d.reference.clone())).collect();
    assert_eq!(
        order[..3],
        [
            ("decide_whether_to_assess", None),
            ("provide_advice", Some("health".into())),
            ("provide_advice", Some("social-care".into()))
        ]
    );
    assert!(
        DutyKind::ALL.windows(2).all(|w| w[0].as_str() < w[1].as_str()),
        "declaration order is alphabetical"
    );
}

#[test]
fn input_errors_name_the_event_and_the_problem() {
    let cases = [
        (
            json!([ev("request_received", "2026-01-05"), ev("request_recieved", "2026-01-06")]),
            "event 1: unknown event \"request_recieved\"",
        ),
        (
            json!([ev("request_received", "2026-02-30")]),
            "event 0: `date`: 2026-02-30 is not a real date",
        ),
        (json!([{ "event": "request_received" }]), "event 0: `date` is missing"),
        (
            json!([ev("request_received", "2026-01-05"), ev("request_received", "2026-01-06")]),
            "event 1: a case history holds one request",
        ),
        (
            json!([ev("request_received", "2026-01-05"), ev("advice_requested", "2026-01-06")]),
            "event 1: `ref` is missing",
        ),
        (
            json!([ev("request_received", "2026-01-05"), { "event": "advice_received", "date": "2026-01-08", "ref": "health" }]),
            "event 1: `advice_received` (ref \"health\") needs an earlier `advice_requested` with the same `ref`",
        ),
        (
            json!([ev("plan_transferred", "2026-01-05"), ev("review_meeting_held", "2026-02-01"), { "event": "review_decision_notified", "date": "2026-02-03" }]),
            "event 2: `outcome` is missing",
        ),
        (
            json!([
                ev("plan_transferred", "2026-01-05"),
                ev("review_decision_notified", "2026-02-03")
                    .as_object()
                    .unwrap()
                    .clone()
                    .into_iter()
                    .chain([("outcome".to_owned(), json!("maintain"))])
                    .collect::<serde_json::Map<_, _>>()
            ]),
            "event 1: `review_decision_notified` needs an earlier `review_meeting_held`",
        ),
        (
            json!([ev("request_received", "2026-01-05"), ev("draft_plan_issued", "2026-01-05"), { "event": "final_plan_issued", "date": "2026-01-09" }, ev("mediation_concluded", "2026-02-01")]),
            "event 3: `mediation_concluded` needs an earlier `mediation_requested`",
        ),
        (
            json!([ev("request_received", "2026-01-05"), ev("final_plan_issued", "2026-02-01")]),
            "event 1: `final_plan_issued` needs an earlier `draft_plan_issued`",
        ),
        (
            json!([ev("request_received", "2026-01-05"), ev("review_meeting_held", "2026-02-01")]),
            "event 1: `review_meeting_held` needs a plan",
        ),
        (
            json!([ev("mediation_certificate_issued", "2026-02-01")]),
            "event 0: `mediation_certificate_issued` needs an earlier appealable decision",
        ),
        (
            json!([ev("request_received", "2026-01-05"), { "event": "exception_claimed", "date": "2026-01-06", "ground": "e" }]),
            "event 1: `ground` is \"e\"",
        ),
        (
            json!([ev("plan_transferred", "2026-01-05"), { "event": "reassessment_requested", "date": "2026-01-06" }, { "event": "reassessment_decided", "date": "2026-01-07", "reassess": "yes" }]),
            "event 2: `reassess` must be true or false",
        ),
        (
            json!([ev("plan_transferred", "2026-01-05"), { "event": "phase_transfer_planned", "date": "2026-01-06", "transfer_date": "2026-09-01" }]),
            "event 1: `kind` is missing",
        ),
        (
            json!([{ "event": "plan_transferred", "date": "2026-01-05", "last_review": "2025-13-01" }]),
            "event 0: `last_review`",
        ),
        (json!(["request_received"]), "event 0: an event must be a JSON object"),
    ];
    for (events, expected) in cases {
        let message = error(events);
        assert!(message.starts_with(expected), "{message:?} should start with {expected:?}");
    }
    for (text, expected) in [
        ("{", "the input is not valid JSON"),
        ("[]", "the input must be a JSON object"),
        ("{}", "`events` is missing"),
        (r#"{"as_of":"2026-13-01","events":[]}"#, "`as_of`: "),
    ] {
        let message = read_history(text).unwrap_err().to_string();
        assert!(message.starts_with(expected), "{message:?} should start with {expected:?}");
    }
}

/// The API reads a history's text in place; stored events are read from `Value`s. Both must
/// read every input alike: escapes, repeated names, fields of other types and unknown fields.
#[test]
fn histories_read_from_text_and_from_stored_values_agree() {
    let request = r#"{"event":"request_received","date":"2026-01-05"}"#;
    for events in [
        r#"{"event":"advice_requested","date":"2026-01-09","ref":"Dr \u00c9lise \"E\" \\ O'Neil"}"#,
        r#"{"event":"decided_to_assess","event":"decided_to_assess","d\u0061te":"2026-02-01"}"#,
        r#"{"event":"decided_to_assess","date":"2026-02-01","notes":{"a":[1,2.5,null,true]}}"#,
        r#"{"event":"reassessment_decided","date":"2026-02-01","reassess":1}"#,
        r#"{"event":"plan_transferred","date":"2026-02-01","last_review":null}"#,
        r#"{"event":"advice_requested","date":"2026-01-09","ref":["a"]}"#,
        r#"{"event":7,"date":"2026-01-09"}"#,
        r#"{"event":"decided_to_assess","date":"2026-02-01","date":20260201}"#,
        r#"null"#,
    ] {
        let text = format!(r#"{{"as_of":null,"events":[{request},{events}]}}"#);
        let stored: Value = serde_json::from_str(&text).unwrap();
        let expected = events_from_json(stored["events"].as_array().unwrap());
        assert_eq!(read_history(&text).map(|h| h.events), expected, "{text}");
    }
}

#[test]
fn an_assessment_is_open_until_it_ends_and_its_next_duty_is_the_earliest_owed() {
    let open = run(
        "2026-03-01",
        json!([ev("request_received", "2026-01-05"), ev("decided_to_assess", "2026-02-10")]),
    );
    assert!(open.assessment_open());
    assert_eq!(open.next_duty().map(|d| d.duty), Some(DutyKind::NotifyDecisionNotToIssuePlan));
    let refused = run(
        "2026-03-01",
        json!([ev("request_received", "2026-01-05"), ev("decided_not_to_assess", "2026-02-10")]),
    );
    assert!(!refused.assessment_open());
    assert_eq!(refused.next_duty().map(|d| d.duty), Some(DutyKind::ContactMediationAdviser));
    let finished = run(
        "2026-06-01",
        json!([
            ev("request_received", "2026-01-05"),
            ev("draft_plan_issued", "2026-04-01"),
            ev("final_plan_issued", "2026-05-01")
        ]),
    );
    assert!(!finished.assessment_open());
}

#[test]
fn as_of_defaults_to_today() {
    let history =
        read_history(r#"{"events":[{"event":"request_received","date":"2026-01-05"}]}"#).unwrap();
    let out = history.duties(date(2026, 2, 17), Calendar::england_and_wales()).unwrap();
    assert_eq!(out.as_of, date(2026, 2, 17));
    assert_eq!(duty(&out, "decide_whether_to_assess").status, DutyStatus::Overdue);
}

fn statuses(events: &[DatedEvent], as_of: Date) -> Vec<Duty<'_>> {
    duties(events, as_of, Calendar::england_and_wales()).expect("a generated history is valid")
}

fn forward(basis: Basis) -> bool {
    !matches!(
        basis,
        Basis::WeeksBefore(_)
            | Basis::BeforeFebruary15
            | Basis::BeforeMarch31
            | Basis::FiveMonthsBefore
            | Basis::Immediately
    )
}

proptest! {
    #[test]
    fn targets_are_working_days_never_after_due(seed in any::<u64>(), len in 1usize..40) {
        let events = synthetic_history(seed, len);
        let cal = Calendar::england_and_wales();
        for duty in statuses(&events, date(2026, 6, 1)) {
            prop_assert!(cal.is_working_day(duty.target) && duty.target <= duty.due, "{duty:?}");
            prop_assert!(duty.target >= crate::clock::calendar::days_after(duty.due, -10), "{duty:?}");
            if forward(duty.basis) {
                prop_assert!(duty.due > duty.trigger, "{duty:?}");
            }
            prop_assert!(["reg ", "regs ", "para ", "rule "].iter().any(|cite| duty.rule.contains(cite)), "{}", duty.rule);
            prop_assert!(!explanation(&duty).is_empty());
        }
    }

    #[test]
    fn statuses_only_move_forward_as_time_passes(seed in any::<u64>(), len in 1usize..40, a in 0i32..1500, b in 0i32..1500) {
        let events = synthetic_history(seed, len);
        let start = date(2025, 9, 1);
        let (early, late) = (crate::clock::calendar::days_after(start, a.min(b)), crate::clock::calendar::days_after(start, a.max(b)));
        let before = statuses(&events, early);
        let after = statuses(&events, late);
        prop_assert_eq!(before.len(), after.len());
        for (x, y) in before.iter().zip(&after) {
            prop_assert_eq!((x.kind, x.reference, x.due), (y.kind, y.reference, y.due));
            if x.status != y.status {
                prop_assert_eq!(x.status, DutyStatus::Pending, "{:?} became {:?}", x, y.status);
            }
        }
    }

    #[test]
    fn shuffling_events_with_distinct_dates_changes_nothing(seed in any::<u64>(), len in 1usize..40, shuffle in any::<u64>()) {
        let events = synthetic_history(seed, len);
        let mut shuffled = events.clone();
        let mut s = shuffle | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(statuses(&events, date(2026, 9, 1)), statuses(&shuffled, date(2026, 9, 1)));
    }

    #[test]
    fn events_survive_a_round_trip_through_json(seed in any::<u64>(), len in 1usize..40) {
        for event in synthetic_history(seed, len) {
            prop_assert_eq!(DatedEvent::from_json(&event.to_json()), Ok(event.clone()));
        }
    }

    #[test]
    fn generated_histories_read_alike_from_text_and_from_values(seed in any::<u64>(), len in 1usize..40) {
        let events: Vec<Value> = synthetic_history(seed, len).iter().map(DatedEvent::to_json).collect();
        let text = json!({ "events": events }).to_string();
        prop_assert_eq!(read_history(&text).map(|h| h.events), events_from_json(&events));
    }

    #[test]
    fn no_json_input_panics(text in ".{0,200}") {
        let _ = read_history(&text).map(|h| h.duties(date(2026, 1, 1), Calendar::england_and_wales()));
    }
}
