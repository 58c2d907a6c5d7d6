//! Each person's home page starts with their work: the council's overdue, due this week and new
//! requests; the school's tasks from councils and its SEN register; the advice asked of a
//! professional; and for a family, what they can do by when and what happens next.

use crate::fixtures::{PASSWORD, date_fields, ev, request, send_form, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use sendcase_domain::clock::long_date;

on_both_backends!(each_home_page_starts_with_that_person_s_work);

async fn each_home_page_starts_with_that_person_s_work(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let day = |offset: i64| (today + offset.days()).to_string();
    // Ada's draft went out 5 days ago: the family's 15 days end 9 days from now.
    let draft = [ev("decided_to_assess", &day(-60)), ev("draft_plan_issued", &day(-5))];
    let ada = request(&app, &cw, w.own_child, &day(-90), &draft).await;
    // Two more of the council's children: one decision overdue, one due in 3 days and new.
    let odessa = crate::fixtures::child_at(&app, "Odessa", w.la, Some(w.school)).await;
    let overdue = request(&app, &cw, odessa, &day(-50), &[]).await;
    let pim = crate::fixtures::child_at(&app, "Pim", w.la, None).await;
    request(&app, &cw, pim, &day(-39), &[]).await;

    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let home = app.get("/", &[("cookie", &caseworker)]).await.body;
    assert!(home.contains("Overdue (1)"), "{home}");
    assert!(home.contains(&format!("/ehc-requests/{overdue}")), "{home}");
    assert!(home.contains("Due in the next 7 days (1)"), "{home}");
    assert!(home.contains("The council must decide whether to carry out an assessment"), "{home}");
    assert!(home.contains("New requests in the last 7 days (0)"), "{home}");
    let fresh = crate::fixtures::child_at(&app, "Quill", w.la, None).await;
    request(&app, &cw, fresh, &day(0), &[]).await;
    let home = app.get("/", &[("cookie", &caseworker)]).await.body;
    assert!(home.contains("New requests in the last 7 days (1)"), "{home}");
    assert!(home.contains("Quill Caseload"), "{home}");
    // The caseload keeps "received since" through its own links.
    let since = format!("/caseload?sort=received&order=desc&received_from={}", day(-6));
    let listed = app.get(&since, &[("cookie", &caseworker)]).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.body.contains("Quill") && !listed.body.contains("Odessa"), "{}", listed.body);
    let bad = app.get("/caseload?received_from=yesterday", &[("cookie", &caseworker)]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);

    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let home = app.get("/", &[("cookie", &parent)]).await.body;
    let by = long_date(today + 9.days());
    assert!(
        home.contains(&format!(
            "Tell the council what you think of the draft plan for Ada, and which school or college you would like named. You have until {by}."
        )),
        "{home}"
    );
    assert!(home.contains("What happens next:"), "{home}");
    assert!(home.contains("The council can tell you how to reach it"), "{home}");
    crate::fixtures::la_contacts(&app, w.la).await;
    let home = app.get("/", &[("cookie", &parent)]).await.body;
    assert!(home.contains("support service: SENDIASS 01632 960222"), "{home}");
    assert!(home.contains(&format!("/ehc-requests/{ada}")), "{home}");
    assert!(!home.contains("Odessa"), "only their own child's work: {home}");

    // The professional's advice due, asked through a case.
    let ep = app.store.user_account_by_email("ep@example.org").await.unwrap().unwrap().user.id;
    let mut asked =
        vec![("professional".to_owned(), ep.to_string()), ("kind".to_owned(), "health".to_owned())];
    asked.extend(date_fields("date", today - 2.days()));
    let step = format!("/ehc-requests/{overdue}/steps/request-advice");
    let decided =
        crate::fixtures::post_event(&app, &cw, &overdue, &ev("decided_to_assess", &day(-3))).await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
    let sent = send_form(&app, &caseworker, &step, asked).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let professional = app.sign_in("ep@example.org", PASSWORD).await;
    let home = app.get("/", &[("cookie", &professional)]).await.body;
    assert!(home.contains("Advice you have been asked for"), "{home}");
    assert!(home.contains("Odessa Caseload"), "{home}");

    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let home = app.get("/", &[("cookie", &senco)]).await.body;
    assert!(
        home.contains("Your school&#x27;s work") || home.contains("Your school's work"),
        "{home}"
    );
    assert!(home.contains("SEN register of Oakfield Primary"), "{home}");
    assert!(home.contains("Tasks from councils"), "{home}");
    assert!(!home.contains("Your council"), "{home}");
}
