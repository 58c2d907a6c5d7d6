//! EHC needs assessment requests through the API: recorded histories give exactly the clock's
//! duties, senseless events change nothing, and only those entitled see a request.

use crate::fixtures::{meta, open_request, post_event, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{Layout, read_history};
use sendcase_domain::ehc::RequestSource;
use sendcase_store::NewEhcRequest;
use serde_json::{Value, json};

on_both_backends!(
    a_recorded_history_yields_exactly_the_clock_s_duties,
    an_event_the_clock_rejects_gets_422_and_nothing_is_stored,
    the_caseload_lists_open_requests_and_families_see_only_their_own,
);

async fn a_recorded_history_yields_exactly_the_clock_s_duties(app: TestApp) {
    let w = world(&app).await;
    let caseworker = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &caseworker, w.own_child).await;
    let later = [
        json!({"event": "advice_requested", "date": "2026-01-20", "ref": "educational-psychologist"}),
        json!({"event": "decided_to_assess", "date": "2026-02-12"}),
        json!({"event": "advice_received", "date": "2026-03-10", "ref": "educational-psychologist"}),
        json!({"event": "exception_claimed", "date": "2026-03-12", "ground": "c"}),
        json!({"event": "draft_plan_issued", "date": "2026-04-27"}),
    ];
    for (i, event) in later.iter().enumerate() {
        let res = post_event(&app, &caseworker, &id, event).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        assert_eq!(res.json()["seq"], i + 1);
    }
    let mut events = vec![json!({"event": "request_received", "date": "2026-01-05"})];
    events.extend(later);
    let history = json!({"as_of": "2026-06-01", "events": events});
    let expected = read_history(&history.to_string())
        .unwrap()
        .duties(jiff::civil::date(2000, 1, 1), Calendar::england_and_wales())
        .unwrap();
    for who in [caseworker.as_str(), &token(&app, "parent@example.org").await] {
        let res =
            app.get_api(&format!("/api/v1/ehc-requests/{id}/duties?as_of=2026-06-01"), who).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(
            res.json(),
            serde_json::from_slice::<serde_json::Value>(&expected.to_json(Layout::Compact))
                .unwrap()
        );
    }
    let bad_date = app
        .get_api(&format!("/api/v1/ehc-requests/{id}/duties?as_of=2026-02-30"), &caseworker)
        .await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn an_event_the_clock_rejects_gets_422_and_nothing_is_stored(app: TestApp) {
    let w = world(&app).await;
    let caseworker = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &caseworker, w.own_child).await;
    let path = format!("/api/v1/ehc-requests/{id}/events");
    let cases: [(Value, &str); 4] = [
        (
            json!({"event": "draft_comments_received", "date": "2026-03-01"}),
            "event 1: `draft_comments_received` needs an earlier `draft_plan_issued`",
        ),
        (
            json!({"event": "advice_received", "date": "2026-03-01", "ref": "health"}),
            "event 1: `advice_received` (ref \"health\") needs an earlier `advice_requested`",
        ),
        (
            json!({"event": "request_received", "date": "2026-03-01"}),
            "event 1: a case history holds one request",
        ),
        (
            json!({"event": "decided_to_assess", "date": "2026-02-30"}),
            "event 1: `date`: 2026-02-30 is not a real date",
        ),
    ];
    for (event, message) in cases {
        let res = app.post_json(&path, &caseworker, &event).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{event}");
        let got = res.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(got.starts_with(message), "{got:?} should start with {message:?}");
    }
    let case = app.store.ehc_case(id.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(case.events.len(), 1, "only the request itself is stored");
    // A parent may read the case but not record the council's decisions.
    let parent = token(&app, "parent@example.org").await;
    let res = app
        .post_json(&path, &parent, &json!({"event": "decided_to_assess", "date": "2026-02-01"}))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

async fn the_caseload_lists_open_requests_and_families_see_only_their_own(app: TestApp) {
    let w = world(&app).await;
    let caseworker = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &caseworker, w.own_child).await;
    let other = NewEhcRequest::received(
        w.other_child,
        jiff::civil::date(2026, 2, 2),
        RequestSource::School,
        Calendar::england_and_wales(),
    )
    .unwrap();
    let other_id = app.store.create_ehc_request(other, &meta()).await.unwrap();

    let caseload = app.get_api("/api/v1/caseload?as_of=2026-03-01", &caseworker).await.json();
    assert_eq!(caseload["as_of"], "2026-03-01");
    let requests = caseload["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1, "only the caseworker's own LA: {requests:?}");
    assert_eq!(requests[0]["id"], id);
    assert_eq!(requests[0]["next_duty"]["duty"], "decide_whether_to_assess");
    assert_eq!(requests[0]["next_duty"]["status"], "overdue");

    let parent = token(&app, "parent@example.org").await;
    let res = app.get_api(&format!("/api/v1/ehc-requests/{other_id}/duties"), &parent).await;
    assert_eq!(
        res.status,
        StatusCode::NOT_FOUND,
        "another family's request does not exist for them"
    );
    let own = app.get_api("/api/v1/caseload", &parent).await.json();
    let ids: Vec<&Value> = own["requests"].as_array().unwrap().iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, vec![&json!(id)]);

    // Once the final plan is issued the request leaves the caseload.
    for event in [
        json!({"event": "draft_plan_issued", "date": "2026-04-01"}),
        json!({"event": "final_plan_issued", "date": "2026-05-01"}),
    ] {
        assert_eq!(post_event(&app, &caseworker, &id, &event).await.status, StatusCode::CREATED);
    }
    let after = app.get_api("/api/v1/caseload?as_of=2026-06-01", &caseworker).await.json();
    assert_eq!(after["requests"].as_array().unwrap().len(), 0);
}
