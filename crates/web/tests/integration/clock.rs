//! The statutory clock over HTTP: the API calculator and the public deadlines page give the
//! answer the domain (and so `sendcase clock`) gives.

use crate::fixtures::{token, world};
use crate::{TestApp, on_both_backends};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{Layout, read_history};
use serde_json::json;

on_both_backends!(
    the_clock_api_returns_exactly_the_domain_s_duties,
    the_clock_api_refuses_an_invalid_history_with_422_naming_the_event,
    the_public_deadlines_page_shows_the_clock_s_duties,
);

fn domain_duties(history: &serde_json::Value) -> serde_json::Value {
    let parsed = read_history(&history.to_string()).unwrap();
    let duties =
        parsed.duties(jiff::civil::date(2000, 1, 1), Calendar::england_and_wales()).unwrap();
    serde_json::from_slice(&duties.to_json(Layout::Compact)).unwrap()
}

async fn the_clock_api_returns_exactly_the_domain_s_duties(app: TestApp) {
    world(&app).await;
    let history = json!({"as_of": "2026-07-01", "events": [
        {"event": "request_received", "date": "2026-01-05"},
        {"event": "decided_to_assess", "date": "2026-02-10"},
        {"event": "advice_requested", "date": "2026-02-17", "ref": "health"},
        {"event": "draft_plan_issued", "date": "2026-04-27"},
        {"event": "final_plan_issued", "date": "2026-05-22"}]});
    for email in ["parent@example.org", "senco@example.org", "caseworker@example.org"] {
        let res = app.post_json("/api/v1/clock", &token(&app, email).await, &history).await;
        assert_eq!(res.status, StatusCode::OK, "{email}: {}", res.body);
        assert_eq!(res.json(), domain_duties(&history));
    }
    let res = app
        .request(
            Method::POST,
            "/api/v1/clock",
            &[("content-type", "application/json")],
            Body::from(history.to_string()),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

async fn the_clock_api_refuses_an_invalid_history_with_422_naming_the_event(app: TestApp) {
    world(&app).await;
    let token = token(&app, "senco@example.org").await;
    let history = json!({"events": [{"event": "request_received", "date": "2026-01-05"},
        {"event": "final_plan_issued", "date": "2026-03-01"}]});
    let res = app.post_json("/api/v1/clock", &token, &history).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &res.json()["error"];
    assert_eq!(
        error["message"],
        "event 1: `final_plan_issued` needs an earlier `draft_plan_issued`"
    );
    assert_eq!(error["fields"][0]["field"], "events[1]");
    let auth = format!("Bearer {token}");
    let res = app
        .request(
            Method::POST,
            "/api/v1/clock",
            &[("authorization", auth.as_str())],
            Body::from("{not json"),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.json()["error"]["message"].as_str().unwrap().starts_with("the input is not valid JSON")
    );
}

async fn the_public_deadlines_page_shows_the_clock_s_duties(app: TestApp) {
    let form = "request_received-day=5&request_received-month=1&request_received-year=2026\
        &assessment_decided-day=10&assessment_decided-month=2&assessment_decided-year=2026&decision=not_assess\
        &draft_plan_issued-day=&draft_plan_issued-month=&draft_plan_issued-year=&as_of-day=1&as_of-month=6&as_of-year=2026";
    let res = app.get(&format!("/deadlines?{form}"), &[]).await;
    assert_eq!(res.status, StatusCode::OK, "no sign-in needed");
    let expected = domain_duties(&json!({"as_of": "2026-06-01", "events": [
        {"event": "request_received", "date": "2026-01-05"}, {"event": "decided_not_to_assess", "date": "2026-02-10"}]}));
    let duties = expected["duties"].as_array().unwrap();
    assert_eq!(res.body.matches("govuk-summary-list__row").count(), duties.len());
    for duty in duties {
        let explanation = duty["explanation"].as_str().unwrap().replace('\'', "&#39;");
        assert!(res.body.contains(&explanation), "page lacks {explanation}");
    }
    let missing_month = app
        .get(
            "/deadlines?request_received-day=5&request_received-month=&request_received-year=2026",
            &[],
        )
        .await;
    assert_eq!(missing_month.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing_month.body.contains("href=\"#request_received-day\">The date must include a month")
    );
}
