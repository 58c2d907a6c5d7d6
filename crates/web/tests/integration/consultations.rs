//! A setting consulted about being named in a child's plan answers from its own tasks: the
//! consultation reaches the setting consulted, not the child's present school; its SENCO reads
//! the draft and answers, giving reasons when it will not be named; the council reads the
//! answer, and the record closes to the setting again.

use crate::fixtures::{PASSWORD, ev, organisation, post_event, request, token, user, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use sendcase_domain::people::roles::{OrganisationKind, Role};
use serde_json::json;

on_both_backends!(the_setting_consulted_answers_from_its_tasks_and_the_council_reads_it);

async fn the_setting_consulted_answers_from_its_tasks_and_the_council_reads_it(app: TestApp) {
    let w = world(&app).await;
    let marsh = organisation(
        &app,
        OrganisationKind::School,
        "Marsh Lane Academy",
        None,
        Some("990301"),
        Some(w.la),
    )
    .await;
    user(&app, "marsh.senco@example.org", Role::Senco, Some(marsh)).await;
    user(&app, "marsh.staff@example.org", Role::SchoolStaff, Some(marsh)).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let on = |ago: i64| (today - ago.days()).to_string();
    let events = [ev("decided_to_assess", &on(60)), ev("draft_plan_issued", &on(3))];
    let id = request(&app, &cw, w.own_child, &on(90), &events).await;
    let consult =
        json!({"event": "institution_consulted", "date": on(2), "ref": "Marsh Lane Academy"});
    assert_eq!(post_event(&app, &cw, &id, &consult).await.status, StatusCode::CREATED);
    let case = format!("/ehc-requests/{id}");
    let answer = format!("{case}/consultations/marsh-lane-academy");

    // The consultation is on the consulted setting's tasks, and its SENCO is told of it.
    let marsh_senco = app.sign_in("marsh.senco@example.org", PASSWORD).await;
    let tasks = app.get("/school-tasks", &[("cookie", &marsh_senco)]).await;
    assert!(tasks.body.contains(&answer) && tasks.body.contains("Ada"), "{}", tasks.body);
    let inbox = app.get("/inbox", &[("cookie", &marsh_senco)]).await;
    assert!(inbox.body.contains("can be named in the plan for Ada"), "{}", inbox.body);
    // Not on the tasks of the school the child attends, whose SENCO cannot answer for Marsh Lane.
    let own_senco = app.sign_in("senco@example.org", PASSWORD).await;
    let tasks = app.get("/school-tasks", &[("cookie", &own_senco)]).await;
    assert!(!tasks.body.contains("consultations/"), "{}", tasks.body);
    assert_eq!(app.get(&answer, &[("cookie", &own_senco)]).await.status, StatusCode::NOT_FOUND);
    // Marsh Lane's other staff read the draft but do not answer for the school.
    let marsh_staff = app.sign_in("marsh.staff@example.org", PASSWORD).await;
    let draft = app.get(&format!("{case}/plan/print"), &[("cookie", &marsh_staff)]).await;
    assert_eq!(draft.status, StatusCode::OK);
    assert_eq!(app.get(&answer, &[("cookie", &marsh_staff)]).await.status, StatusCode::FORBIDDEN);

    let form = app.get(&answer, &[("cookie", &marsh_senco)]).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Read the draft plan"), "{}", form.body);
    let draft = app.get(&format!("{case}/plan/print"), &[("cookie", &marsh_senco)]).await;
    assert!(draft.body.contains("Reading well below age"), "{}", draft.body);

    // A setting that will not be named says why.
    let res = app.submit(&marsh_senco, &answer, &[("named", "no"), ("response", " ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Say why the setting cannot be named"), "{}", res.body);
    let res = app.submit(&marsh_senco, &answer, &[("response", "Full")]).await;
    assert!(res.body.contains("Say whether the school or college agrees"), "{}", res.body);
    let reasons = "Year 5 is full, with 32 pupils in each class.";
    let res = app.submit(&marsh_senco, &answer, &[("named", "no"), ("response", reasons)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    // Answered: the duty is met, the council reads the answer, and the record closes to Marsh Lane.
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    let reply = duties["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["duty"] == "respond_to_consultation")
        .cloned()
        .unwrap();
    assert_eq!(reply["status"], "met", "{duties}");
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get(&case, &[("cookie", &caseworker)]).await;
    assert!(
        page.body.contains("Settings consulted")
            && page.body.contains("Does not agree to be named")
            && page.body.contains(reasons),
        "{}",
        page.body
    );
    assert_eq!(app.get(&case, &[("cookie", &marsh_senco)]).await.status, StatusCode::NOT_FOUND);
    let tasks = app.get("/school-tasks", &[("cookie", &marsh_senco)]).await;
    assert!(!tasks.body.contains(&answer), "{}", tasks.body);
    assert_eq!(app.get(&answer, &[("cookie", &marsh_senco)]).await.status, StatusCode::NOT_FOUND);
}
