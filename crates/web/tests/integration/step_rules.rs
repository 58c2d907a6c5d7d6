//! The statutory steps refuse what the law forbids, for the API and the pages alike, with a
//! message naming the rule, and store nothing: events dated after today or before the request,
//! a second final plan, a final plan inside the family's 15 days, steps on a request that has
//! ended, a draft with nothing in it, and dates of birth no child can have.

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, open_request, post_event, token, world, write_plan};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;

on_both_backends!(
    events_are_dated_between_the_request_and_today,
    one_final_plan_and_not_inside_the_family_s_15_days,
    nothing_is_recorded_on_a_request_that_has_ended,
    no_child_is_born_in_the_future_or_before_1900,
    an_empty_plan_is_not_issued_as_the_draft,
    every_page_that_shows_a_case_is_audited,
    a_family_with_no_comments_need_not_wait_15_days,
    the_api_issues_plans_with_content_and_names_a_consulted_setting,
);

async fn record(
    app: &TestApp,
    token: &str,
    id: &str,
    event: serde_json::Value,
) -> crate::app::Response {
    app.post_json(&format!("/api/v1/ehc-requests/{id}/events"), token, &event).await
}

async fn history_len(app: &TestApp, id: &str) -> usize {
    app.store.ehc_case(id.parse().unwrap()).await.unwrap().unwrap().events.len()
}

async fn events_are_dated_between_the_request_and_today(app: TestApp) {
    let w = world(&app).await;
    let caseworker = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &caseworker, w.own_child).await;
    let tomorrow = sendcase_web::today().tomorrow().unwrap().to_string();
    let ahead =
        record(&app, &caseworker, &id, json!({"event": "decided_to_assess", "date": tomorrow}))
            .await;
    assert_eq!(ahead.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", ahead.body);
    assert!(ahead.body.contains("cannot be after today"), "{}", ahead.body);
    let before =
        record(&app, &caseworker, &id, json!({"event": "decided_to_assess", "date": "2026-01-04"}))
            .await;
    assert_eq!(before.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", before.body);
    assert!(
        before.body.contains("before the request was received, on Monday 5 January 2026"),
        "{}",
        before.body
    );
    assert_eq!(history_len(&app, &id).await, 1, "nothing stored");
    let ok =
        record(&app, &caseworker, &id, json!({"event": "decided_to_assess", "date": "2026-01-05"}))
            .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
}

async fn one_final_plan_and_not_inside_the_family_s_15_days(app: TestApp) {
    let w = world(&app).await;
    let caseworker = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &caseworker, w.own_child).await;
    for event in [
        json!({"event": "decided_to_assess", "date": "2026-02-10"}),
        json!({"event": "draft_plan_issued", "date": "2026-04-01"}),
        json!({"event": "institution_consulted", "date": "2026-04-02", "ref": "Oakfield Primary"}),
    ] {
        let res = post_event(&app, &caseworker, &id, &event).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let early = post_event(
        &app,
        &caseworker,
        &id,
        &json!({"event": "final_plan_issued", "date": "2026-04-15"}),
    )
    .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", early.body);
    assert!(
        early
            .body
            .contains("until Wednesday 15 April 2026 to comment on the draft plan (regulation 13)"),
        "{}",
        early.body
    );
    assert_eq!(history_len(&app, &id).await, 4, "nothing stored");
    let after = post_event(
        &app,
        &caseworker,
        &id,
        &json!({"event": "final_plan_issued", "date": "2026-04-16"}),
    )
    .await;
    assert_eq!(after.status, StatusCode::CREATED, "{}", after.body);
    let again = json!({"event": "final_plan_issued", "date": "2026-04-20",
        "section_i": {"institution": "Oakfield Primary", "kind": "Mainstream primary"}});
    let again = record(&app, &caseworker, &id, again).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", again.body);
    assert!(again.body.contains("The final plan has been issued"), "{}", again.body);
    assert_eq!(history_len(&app, &id).await, 5);
}

async fn the_api_issues_plans_with_content_and_names_a_consulted_setting(app: TestApp) {
    let w = world(&app).await;
    let api = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &api, w.own_child).await;
    let refused = |res: crate::app::Response, why: &str| {
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains(why), "{why}: {}", res.body);
    };
    let ok =
        |res: crate::app::Response| assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    ok(record(&app, &api, &id, json!({"event": "decided_to_assess", "date": "2026-02-10"})).await);
    let draft = json!({"event": "draft_plan_issued", "date": "2026-04-01"});
    refused(record(&app, &api, &id, draft.clone()).await, "Save a new version of the plan");
    write_plan(&app, &api, &id).await;
    ok(record(&app, &api, &id, draft).await);
    let consult = |school: &str| json!({"event": "institution_consulted", "date": "2026-04-02", "ref": school});
    refused(record(&app, &api, &id, consult("Nowhere Academy")).await, "only known settings");
    ok(record(&app, &api, &id, consult("Oakfield Primary")).await);
    let bare = json!({"event": "final_plan_issued", "date": "2026-04-20"});
    refused(record(&app, &api, &id, bare).await, "names its setting in section I");
    let naming = |school: &str| {
        json!({"event": "final_plan_issued", "date": "2026-04-20",
            "section_i": {"institution": school, "kind": "Mainstream primary"}})
    };
    let other = "Chatham Reach";
    refused(record(&app, &api, &id, naming(other)).await, "Chatham Reach has not been consulted");
    assert_eq!(history_len(&app, &id).await, 4, "nothing stored by a refusal");
    ok(record(&app, &api, &id, naming("Oakfield Primary")).await);
    let plan = app.get_api(&format!("/api/v1/ehc-requests/{id}/plan"), &api).await.json();
    assert_eq!(plan["plan"]["i"]["institution"], "Oakfield Primary", "{plan}");
}

async fn nothing_is_recorded_on_a_request_that_has_ended(app: TestApp) {
    let w = world(&app).await;
    let api = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &api, w.own_child).await;
    let res =
        record(&app, &api, &id, json!({"event": "decided_not_to_assess", "date": "2026-02-10"}))
            .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let case = format!("/ehc-requests/{id}");
    let page = app.get(&case, &[("cookie", &caseworker)]).await;
    assert!(!page.body.contains("steps/exception"), "no exception is offered: {}", page.body);
    let form = app.get(&format!("{case}/steps/exception"), &[("cookie", &caseworker)]).await;
    let csrf = hidden_csrf(&form.body);
    let refused = app
        .post_form(
            &format!("{case}/steps/exception"),
            &caseworker,
            &[
                ("csrf_token", csrf.as_str()),
                ("ground", "c"),
                ("date-day", "20"),
                ("date-month", "2"),
                ("date-year", "2026"),
                ("note", "Family bereavement"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("This request has ended"), "{}", refused.body);
    assert_eq!(history_len(&app, &id).await, 2, "nothing stored");
}

async fn no_child_is_born_in_the_future_or_before_1900(app: TestApp) {
    world(&app).await;
    let caseworker = token(&app, "caseworker@example.org").await;
    for (born, says) in [("1899-12-31", "in 1900 or later"), ("2099-01-01", "in the past")] {
        let res = app
            .post_json(
                "/api/v1/children",
                &caseworker,
                &json!({"given_name": "Ada", "family_name": "Old", "birth_date": born, "la_code": "886"}),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{born}: {}", res.body);
        assert!(res.body.contains(says), "{born}: {}", res.body);
    }
}

async fn an_empty_plan_is_not_issued_as_the_draft(app: TestApp) {
    let w = world(&app).await;
    let api = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &api, w.own_child).await;
    let res =
        record(&app, &api, &id, json!({"event": "decided_to_assess", "date": "2026-02-10"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let saved = app.submit(&caseworker, &format!("/ehc-requests/{id}/plan/sections/B"), &[]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let date = vec![("date-day", "1"), ("date-month", "4"), ("date-year", "2026")];
    let refused =
        app.submit(&caseworker, &format!("/ehc-requests/{id}/steps/issue-draft"), &date).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("The plan has nothing in it yet"), "{}", refused.body);
    assert_eq!(history_len(&app, &id).await, 2, "nothing stored");
}

/// Forms show the child's record as much as the case page does, so opening one is audited too.
async fn every_page_that_shows_a_case_is_audited(app: TestApp) {
    let w = world(&app).await;
    let api = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &api, w.own_child).await;
    let res =
        record(&app, &api, &id, json!({"event": "decided_to_assess", "date": "2026-02-10"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let ep = app.store.user_account_by_email("ep@example.org").await.unwrap().unwrap().user.id;
    let step = sendcase_usecases::ehc::Step::RequestAdvice {
        professional_user_id: ep,
        kind: sendcase_domain::ehc::records::AdviceKind::EducationalPsychologist,
        on: jiff::civil::date(2026, 2, 12),
        invited: None,
    };
    let caseworker_actor = sendcase_domain::policy::Actor {
        user_id: app
            .store
            .user_account_by_email("caseworker@example.org")
            .await
            .unwrap()
            .unwrap()
            .user
            .id,
        memberships: app
            .store
            .user_account_by_email("caseworker@example.org")
            .await
            .unwrap()
            .unwrap()
            .memberships,
    };
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    let acting = sendcase_usecases::Acting {
        store: &*app.store,
        calendar,
        actor: &caseworker_actor,
        request_id: "test",
        today: sendcase_web::today(),
    };
    sendcase_usecases::ehc::take_step(acting, id.parse().unwrap(), step).await.unwrap();
    let advice = app.store.advice_requests_to(ep).await.unwrap()[0].id;

    let reads = || async {
        let all = app.store.audit_entries(0, 10_000).await.unwrap();
        all.iter()
            .filter(|e| e.action == "read" && e.record_id.as_deref() == Some(id.as_str()))
            .count()
    };
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let professional = app.sign_in("ep@example.org", PASSWORD).await;
    let case = format!("/ehc-requests/{id}");
    // The history names people and places, never the clock's internal references.
    let page = app.get(&case, &[("cookie", &caseworker)]).await;
    assert!(page.body.contains("Advice requested: Educational psychologist"), "{}", page.body);
    assert!(!page.body.contains("educational-psychologist"), "{}", page.body);
    for (who, path) in [
        (&caseworker, format!("{case}/steps/exception")),
        (&caseworker, format!("{case}/plan")),
        (&caseworker, format!("{case}/plan/sections/B")),
        (&parent, format!("{case}/steps/views")),
        (&professional, format!("/advice/{advice}")),
    ] {
        let before = reads().await;
        let page = app.get(&path, &[("cookie", who)]).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert_eq!(reads().await, before + 1, "{path} is audited");
    }
}

async fn a_family_with_no_comments_need_not_wait_15_days(app: TestApp) {
    let w = world(&app).await;
    let api = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &api, w.own_child).await;
    let res =
        record(&app, &api, &id, json!({"event": "decided_to_assess", "date": "2026-02-10"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let case = format!("/ehc-requests/{id}");
    let need =
        vec![("r0-description", "Reading well below age"), ("r0-area", "cognition-and-learning")];
    let saved = app.submit(&caseworker, &format!("{case}/plan/sections/B"), &need).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let date = vec![("date-day", "1"), ("date-month", "4"), ("date-year", "2026")];
    let drafted = app.submit(&caseworker, &format!("{case}/steps/issue-draft"), &date).await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);

    let both = vec![("no_comments", "yes"), ("section-F", "Say how often")];
    let mixed = app.submit(&parent, &format!("{case}/steps/comments"), &both).await;
    assert_eq!(mixed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", mixed.body);
    let none =
        app.submit(&parent, &format!("{case}/steps/comments"), &[("no_comments", "yes")]).await;
    assert_eq!(none.status, StatusCode::SEE_OTHER, "{}", none.body);
    let final_plan =
        post_event(&app, &api, &id, &json!({"event": "final_plan_issued", "date": "2026-04-05"}))
            .await;
    assert_eq!(final_plan.status, StatusCode::CREATED, "{}", final_plan.body);
}
