//! Amending a plan in force after its review (reg 22): the council proposes changes as a new
//! version, the family sees them against the plan in force and has 15 days to comment, and the
//! amended plan is issued; the version history says who issued what, when.

use crate::fixtures::{
    PASSWORD, date_fields, open_request, plan_content, plan_in_force, post_event, send_form, teen,
    token, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use serde_json::json;

on_both_backends!(the_council_proposes_amendments_and_issues_the_amended_plan);

async fn the_council_proposes_amendments_and_issues_the_amended_plan(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let day = |ago: i64| (today - ago.days()).to_string();
    let id = plan_in_force(&app, &cw, w.own_child, 310).await;
    let case = format!("/ehc-requests/{id}");
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;

    // Before a review meeting the plan in force cannot be edited.
    let plan_api = format!("/api/v1/ehc-requests/{id}/plan");
    let current = app.get_api(&plan_api, &cw).await.json();
    let mut amended = current["plan"].clone();
    amended["b"].as_array_mut().unwrap().push(json!({"id": "B2",
        "description": "Finds lunchtimes overwhelming", "area": "social-emotional-and-mental-health"}));
    let edit = json!({"version": current["version"], "plan": amended});
    let early = app.put_json(&plan_api, &cw, &edit).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", early.body);
    assert!(early.body.contains("only through an annual review"), "{}", early.body);

    for event in [
        json!({"event": "review_meeting_scheduled", "date": day(40), "meeting_date": day(30),
               "record": {"invited": ["family", "setting"]}}),
        json!({"event": "review_meeting_held", "date": day(30),
               "record": {"attended": ["Mrs Ashby"], "agreed": "Add lunchtime support"}}),
        json!({"event": "review_report_sent", "date": day(25),
               "record": {"recommendation": "amend", "summary": "Lunchtimes are hard"}}),
    ] {
        let res = post_event(&app, &cw, &id, &event).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    // Deciding to amend needs the proposed amendments first.
    let decide = format!("{case}/review/decision");
    let mut decision = date_fields("date", today - 5.days());
    decision.push(("outcome".into(), "amend".into()));
    decision.push(("reasons".into(), "Her needs at lunchtime are not in the plan".into()));
    let refused = send_form(&app, &caseworker, &decide, decision.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Propose the amendments first"), "{}", refused.body);
    let saved = app.put_json(&plan_api, &cw, &edit).await;
    assert_eq!(saved.status, StatusCode::OK, "after the meeting: {}", saved.body);
    let decided = send_form(&app, &caseworker, &decide, decision).await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);

    // The family sees the proposed change against the plan in force, and no working version.
    let page = app.get(&case, &[("cookie", &parent)]).await;
    assert!(page.body.contains("Comment on the proposed amendments"), "{}", page.body);
    let compare = app.get(&format!("{case}/plan/compare"), &[("cookie", &parent)]).await;
    assert_eq!(compare.status, StatusCode::OK, "{}", compare.body);
    assert!(compare.body.contains("Finds lunchtimes overwhelming"), "{}", compare.body);
    assert!(compare.body.contains("<strong>Added:</strong>"), "{}", compare.body);
    let parent_token = token(&app, "parent@example.org").await;
    let theirs = app.get_api(&plan_api, &parent_token).await.json();
    assert_eq!(theirs["version"], saved.json()["version"], "the family reads what was sent");

    // Issuing before the family's 15 days is refused until they comment.
    let issue = format!("{case}/steps/issue-amended");
    let too_soon = send_form(&app, &caseworker, &issue, date_fields("date", today)).await;
    assert_eq!(too_soon.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_soon.body.contains("to comment on the proposed amendments"), "{}", too_soon.body);
    let form = app.get(&format!("{case}/steps/comments"), &[("cookie", &parent)]).await;
    assert!(form.body.contains("Proposed: add"), "{}", form.body);
    assert!(form.body.contains("No change proposed"), "{}", form.body);
    let comment = vec![("section-B".to_owned(), "Please add the dinner hall noise".to_owned())];
    let commented = send_form(&app, &parent, &format!("{case}/steps/comments"), comment).await;
    assert_eq!(commented.status, StatusCode::SEE_OTHER, "{}", commented.body);
    let issued = send_form(&app, &caseworker, &issue, date_fields("date", today)).await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);

    // The history says what was issued when and by whom; the plan is closed to edits again.
    let overview = app.get(&format!("{case}/plan"), &[("cookie", &caseworker)]).await;
    for shown in
        ["Amended plan, issued", "Proposed amendments sent to the family", "by Test la_caseworker"]
    {
        assert!(overview.body.contains(shown), "{shown:?}: {}", overview.body);
    }
    let closed = app.put_json(&plan_api, &cw, &json!({"version": 99, "plan": amended})).await;
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", closed.body);
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    let duty = |name: &str| {
        duties["duties"].as_array().unwrap().iter().find(|d| d["duty"] == name).cloned().unwrap()
    };
    assert_eq!(duty("issue_amended_plan")["status"], "met");
    assert_eq!(duty("comment_on_proposed_amendments")["status"], "met");
}

on_both_backends!(from_year_9_a_plan_aims_an_outcome_at_each_area_of_adulthood);

async fn from_year_9_a_plan_aims_an_outcome_at_each_area_of_adulthood(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let teen = teen(&app, &w).await;
    let id = open_request(&app, &cw, teen).await;
    let assess = json!({"event": "decided_to_assess", "date": "2026-02-02"});
    assert_eq!(post_event(&app, &cw, &id, &assess).await.status, StatusCode::CREATED);

    // Tess is in Year 10: a plan with no outcome for good health is not sent to her.
    let mut plan = plan_content();
    plan["e"].as_array_mut().unwrap().retain(|o| o["adulthood"] != "health");
    let plan_api = format!("/api/v1/ehc-requests/{id}/plan");
    let saved = app.put_json(&plan_api, &cw, &json!({"version": 0, "plan": plan})).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let draft = json!({"event": "draft_plan_issued", "date": "2026-03-02"});
    let refused = post_event(&app, &cw, &id, &draft).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("none is for good health"), "{}", refused.body);

    // The caseworker aims an outcome at good health in section E's editor.
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let editor = format!("/ehc-requests/{id}/plan/sections/E");
    let page = app.get(&editor, &[("cookie", &caseworker)]).await;
    assert!(page.body.contains("Preparing for adulthood"), "{}", page.body);
    let mut form: Vec<(String, String)> = vec![];
    for (i, outcome) in plan["e"].as_array().unwrap().iter().enumerate() {
        form.push((format!("r{i}-description"), outcome["description"].as_str().unwrap().into()));
        form.push((format!("r{i}-success"), "Seen each week for a term".into()));
        form.push((format!("r{i}-adulthood"), outcome["adulthood"].as_str().unwrap().into()));
    }
    form.push(("r3-description".into(), "Books a GP appointment".into()));
    form.push(("r3-success".into(), "Twice, without help".into()));
    form.push(("r3-adulthood".into(), "health".into()));
    let saved = send_form(&app, &caseworker, &format!("{editor}?version=1"), form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let print =
        app.get(&format!("/ehc-requests/{id}/plan/print"), &[("cookie", &caseworker)]).await;
    assert!(print.body.contains("(preparing for adulthood: Good health)"), "{}", print.body);
    let issued = post_event(&app, &cw, &id, &draft).await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
}
