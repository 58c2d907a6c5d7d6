//! The caseload's summary of a request agrees with the clock on every day, for hand-made and
//! generated histories.

use super::*;
use crate::clock::calendar::{Calendar, days_after};
use jiff::civil::{Date, date};
use serde_json::{Value, json};

fn history(events: Value) -> Vec<DatedEvent> {
    events_from_json(events.as_array().unwrap()).unwrap()
}

fn ev(name: &str, on: &str) -> Value {
    json!({ "event": name, "date": on })
}

fn summary(events: &[DatedEvent]) -> CaseSummary {
    CaseSummary::of(events, Calendar::england_and_wales()).unwrap().unwrap()
}

#[test]
fn each_stage_from_its_history() {
    let request = ev("request_received", "2026-01-05");
    let cases = [
        (json!([request]), Stage::DecidingWhetherToAssess),
        (json!([request, ev("decided_to_assess", "2026-02-02")]), Stage::Assessing),
        (
            json!([request, {"event": "advice_requested", "date": "2026-01-20", "ref": "health"}]),
            Stage::Assessing,
        ),
        (
            json!([
                request,
                ev("decided_to_assess", "2026-02-02"),
                ev("draft_plan_issued", "2026-04-01")
            ]),
            Stage::DraftPlanIssued,
        ),
        (
            json!([
                request,
                ev("draft_plan_issued", "2026-04-01"),
                ev("final_plan_issued", "2026-05-01")
            ]),
            Stage::FinalPlanIssued,
        ),
        (json!([request, ev("decided_not_to_assess", "2026-02-02")]), Stage::NotAssessed),
        (
            json!([
                request,
                ev("decided_to_assess", "2026-02-02"),
                ev("decided_not_to_issue_plan", "2026-04-01")
            ]),
            Stage::NoPlanIssued,
        ),
        (json!([request, ev("request_withdrawn", "2026-02-02")]), Stage::Withdrawn),
        // The first ending stands: a withdrawal after the plan does not unmake it.
        (
            json!([
                request,
                ev("draft_plan_issued", "2026-04-01"),
                ev("final_plan_issued", "2026-05-01"),
                ev("request_withdrawn", "2026-06-01")
            ]),
            Stage::FinalPlanIssued,
        ),
        // Processing is by date, not by input order.
        (
            json!([
                request,
                ev("request_withdrawn", "2026-03-01"),
                ev("decided_not_to_assess", "2026-02-02")
            ]),
            Stage::NotAssessed,
        ),
    ];
    for (events, expected) in cases {
        let events = history(events);
        assert_eq!(stage(&events), Some(expected), "{events:?}");
        assert_eq!(summary(&events).stage, expected);
    }
    let transferred_in = history(json!([{"event": "plan_transferred", "date": "2026-01-05"}]));
    assert_eq!(stage(&transferred_in), None);
    assert_eq!(CaseSummary::of(&transferred_in, Calendar::england_and_wales()).unwrap(), None);
}

#[test]
fn a_familys_right_is_next_until_it_lapses_then_the_councils_duty() {
    let events = history(json!([
        ev("request_received", "2026-01-05"),
        ev("decided_to_assess", "2026-02-02"),
        ev("draft_plan_issued", "2026-03-02")
    ]));
    let s = summary(&events);
    let spans: Vec<_> = s.next_duties.iter().map(|n| (n.from, n.until, n.duty, n.due)).collect();
    assert_eq!(
        spans,
        [
            (None, Some(date(2026, 3, 16)), DutyKind::CommentOnDraft, date(2026, 3, 16)),
            (Some(date(2026, 3, 17)), None, DutyKind::IssueFinalPlan, date(2026, 5, 25)),
        ]
    );
    assert_eq!(s.next_duties[1].status_on(date(2026, 5, 26)), DutyStatus::Overdue);
    assert_eq!(CaseloadStatus::of(&s.next_duties[0], date(2026, 3, 2)), CaseloadStatus::DueSoon);
    assert_eq!(CaseloadStatus::of(&s.next_duties[1], date(2026, 3, 17)), CaseloadStatus::OnTrack);
}

#[test]
fn exceptions_and_final_plans_are_summarised_as_the_clock_judges_them() {
    let late = history(json!([
        ev("request_received", "2026-01-05"),
        {"event": "exception_claimed", "date": "2026-02-01", "ground": "b"},
        ev("draft_plan_issued", "2026-05-01"),
        ev("final_plan_issued", "2026-05-26"),
    ]));
    let s = summary(&late);
    assert!(s.exception_recorded);
    assert_eq!(s.final_plan, Some(FinalPlan { issued_on: date(2026, 5, 26), within_time: false }));
    assert!(s.next_duties.is_empty());
    let open = history(
        json!([ev("request_received", "2026-01-05"), {"event": "exception_claimed", "date": "2026-02-01", "ground": "a"}]),
    );
    let next = &summary(&open).next_duties[0];
    assert_eq!((next.duty, next.exception_applies), (DutyKind::DecideWhetherToAssess, true));
    assert_eq!(CaseloadStatus::of(next, date(2026, 3, 1)), CaseloadStatus::ExceptionClaimed);
}

fn days(from: Date, count: i32, step: i32) -> impl Iterator<Item = Date> {
    (0..count).map(move |i| days_after(from, i * step))
}

#[test]
fn on_every_day_the_summary_agrees_with_the_clock_for_generated_histories() {
    let calendar = Calendar::england_and_wales();
    let mut open_seen = 0;
    for seed in 0..1500u64 {
        let events = synthetic_history(seed, 1 + (seed % 14) as usize);
        let Some(s) = CaseSummary::of(&events, calendar).unwrap() else { continue };
        for as_of in days(date(2025, 8, 1), 40, 23) {
            let clock = CaseHistory { as_of: Some(as_of), events: events.clone() }
                .duties(as_of, calendar)
                .unwrap();
            assert_eq!(s.stage.is_open(), clock.assessment_open(), "seed {seed}");
            let spans: Vec<&NextDuty> = s.next_duties.iter().filter(|n| n.covers(as_of)).collect();
            if !s.stage.is_open() {
                assert!(s.next_duties.is_empty());
                continue;
            }
            open_seen += 1;
            assert_eq!(spans.len(), 1, "seed {seed} on {as_of}: spans {:?}", s.next_duties);
            let (span, next) =
                (spans[0], clock.next_duty().expect("an open request owes its final plan"));
            assert_eq!(
                (span.duty, span.reference.as_deref(), span.due, span.target),
                (next.duty, next.reference.as_deref(), next.due, next.target)
            );
            assert_eq!(
                (span.rule.as_str(), span.explanation.as_str()),
                (next.rule, next.explanation.as_str())
            );
            assert_eq!(span.status_on(as_of), next.status, "seed {seed} on {as_of}");
            let status = CaseloadStatus::of(span, as_of);
            for candidate in <CaseloadStatus as Named>::ALL {
                let w = candidate.window(as_of);
                let inside = w.due_from.is_none_or(|f| f <= span.due)
                    && w.due_until.is_none_or(|u| span.due <= u)
                    && w.exception_applies.is_none_or(|e| e == span.exception_applies);
                assert_eq!(
                    inside,
                    *candidate == status,
                    "seed {seed} on {as_of}: {candidate} for {status}"
                );
            }
        }
        let plan = clock_final_plan(&events, calendar);
        assert_eq!(s.final_plan.map(|p| (p.issued_on, p.within_time)), plan, "seed {seed}");
    }
    assert!(open_seen > 5_000, "too few open cases generated: {open_seen}");
}

fn clock_final_plan(events: &[DatedEvent], calendar: &Calendar) -> Option<(Date, bool)> {
    let out = CaseHistory { as_of: None, events: events.to_vec() }
        .duties(date(2026, 1, 1), calendar)
        .unwrap();
    out.duties
        .iter()
        .find(|d| d.duty == DutyKind::IssueFinalPlan)
        .and_then(|d| d.met_on.map(|on| (on, d.status == DutyStatus::Met)))
}
