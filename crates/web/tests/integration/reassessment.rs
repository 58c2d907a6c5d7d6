//! Re-assessing a child with a plan (regs 24–27): the family asks in their portal, the council
//! decides within 15 days, seeks advice and rewrites the plan as in an assessment, and issues
//! the re-assessed plan, from which the next review counts.

use crate::fixtures::{PASSWORD, date_fields, plan_in_force, send_form, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use serde_json::json;

on_both_backends!(the_family_asks_and_the_council_reassesses_and_reissues_the_plan);

async fn the_family_asks_and_the_council_reassesses_and_reissues_the_plan(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let id = plan_in_force(&app, &cw, w.own_child, 210).await;
    let case = format!("/ehc-requests/{id}");
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;

    let why = vec![("reasons".to_owned(), "Ada has been diagnosed with epilepsy".to_owned())];
    let asked =
        send_form(&app, &parent, &format!("{case}/steps/ask-reassessment"), why.clone()).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let again = send_form(&app, &parent, &format!("{case}/steps/ask-reassessment"), why).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("already been asked for"), "{}", again.body);
    let no_plan_yet = send_form(
        &app,
        &caseworker,
        &format!("{case}/steps/issue-reassessed"),
        date_fields("date", today),
    )
    .await;
    assert!(no_plan_yet.body.contains("decide to re-assess first"), "{}", no_plan_yet.body);

    let mut decision = vec![
        ("reassess".to_owned(), "yes".to_owned()),
        ("reasons".to_owned(), "Her needs have changed".to_owned()),
    ];
    decision.extend(date_fields("date", today));
    let decided =
        send_form(&app, &caseworker, &format!("{case}/steps/reassessment-decision"), decision)
            .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);

    // Advice and a rewritten plan, as in an assessment.
    let ep = app.store.user_account_by_email("ep@example.org").await.unwrap().unwrap().user.id;
    let mut advice =
        vec![("professional".to_owned(), ep.to_string()), ("kind".to_owned(), "health".to_owned())];
    advice.extend(date_fields("date", today));
    let asked = send_form(&app, &caseworker, &format!("{case}/steps/request-advice"), advice).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let plan_api = format!("/api/v1/ehc-requests/{id}/plan");
    let current = app.get_api(&plan_api, &cw).await.json();
    let mut rewritten = current["plan"].clone();
    rewritten["c"] =
        json!([{"id": "C1", "description": "Epilepsy: seizures most weeks", "area": null}]);
    let saved = app
        .put_json(&plan_api, &cw, &json!({"version": current["version"], "plan": rewritten}))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let issued = send_form(
        &app,
        &caseworker,
        &format!("{case}/steps/issue-reassessed"),
        date_fields("date", today),
    )
    .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let print = app.get(&format!("{case}/plan/print"), &[("cookie", &parent)]).await;
    assert!(print.body.contains("Epilepsy: seizures most weeks"), "{}", print.body);
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    let duty = |name: &str| {
        duties["duties"].as_array().unwrap().iter().find(|d| d["duty"] == name).cloned().unwrap()
    };
    assert_eq!(duty("issue_reassessed_plan")["status"], "met");
    assert_eq!(duty("review_plan")["due"], today.checked_add(12.months()).unwrap().to_string());
}
