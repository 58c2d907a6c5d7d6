//! Everyone told what changed: a message is written with the step that gives someone something
//! to do, reaches their inbox with an unread count on every page, and opens onto where they act;
//! a step refused tells nobody, and each person chooses whether messages come by email too.

use crate::fixtures::{
    PASSWORD, open_request, plan_in_force, post_event, send_form, token, user, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::civil::date;
use sendcase_domain::messages::in_words;
use sendcase_domain::people::roles::Role;
use sendcase_store::OutboxState;
use sendcase_usecases::ehc::write_reminders;
use serde_json::json;

on_both_backends!(
    a_step_tells_whoever_must_act_next,
    a_refused_step_tells_nobody,
    each_person_chooses_whether_to_get_emails,
    reminders_reach_whoever_must_act_each_once,
    work_nobody_is_allocated_reaches_the_managers_and_a_review_the_setting
);

/// A request for the Ashby child, assessed, with the draft plan issued on 1 May 2026.
async fn draft_issued(app: &TestApp) -> String {
    let w = world(app).await;
    issue_draft(app, w.own_child).await
}

/// A request for `child` recorded by the caseworker, who handles it, assessed and with the draft
/// plan issued on 1 May 2026.
async fn issue_draft(app: &TestApp, child: uuid::Uuid) -> String {
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let child = child.to_string();
    let received = [
        ("source", "parent"),
        ("child", &child),
        ("received-day", "5"),
        ("received-month", "1"),
        ("received-year", "2026"),
    ];
    let res = app.submit(&caseworker, "/ehc-requests/new", &received).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let case = res.headers["location"].to_str().unwrap().to_owned();
    let id = case.trim_start_matches("/ehc-requests/").to_owned();
    let caseworker = token(app, "caseworker@example.org").await;
    for (event, on) in [("decided_to_assess", "2026-02-10"), ("draft_plan_issued", "2026-05-01")] {
        let res = post_event(app, &caseworker, &id, &json!({"event": event, "date": on})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    id
}

/// The parent, signed in as `parent`, comments on the draft at `comments`.
async fn comment(app: &TestApp, parent: &str, comments: &str) {
    let fields = [("section-F", "Say how often"), ("setting", "Oakfield Primary")];
    let res = app.submit(parent, comments, &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

async fn a_step_tells_whoever_must_act_next(app: TestApp) {
    let id = draft_issued(&app).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let home = app.get("/", &[("cookie", &parent)]).await;
    assert!(home.body.contains("Messages <strong class=\"govuk-tag govuk-tag--blue app-count\">1<span class=\"govuk-visually-hidden\"> unread</span>"), "{}", home.body);
    let inbox = app.get("/inbox", &[("cookie", &parent)]).await;
    let until = in_words(date(2026, 5, 15), sendcase_web::today());
    let said = format!(
        "The council has sent you the draft plan for Ada. You have until {until} to comment."
    );
    assert!(inbox.body.contains(&said), "{}", inbox.body);
    assert!(inbox.body.contains(">New</strong>"), "{}", inbox.body);

    // Opening it marks it read and goes to where the parent comments; nobody else can open it.
    let start = inbox.body.find("href=\"/inbox/").expect("a message link") + "href=\"".len();
    let open = inbox.body[start..].split('"').next().unwrap().to_owned();
    let other = app.sign_in("other.parent@example.org", PASSWORD).await;
    assert_eq!(app.get(&open, &[("cookie", &other)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/inbox/not-an-id", &[("cookie", &other)]).await.status,
        StatusCode::NOT_FOUND
    );
    let opened = app.get(&open, &[("cookie", &parent)]).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let comments = format!("/ehc-requests/{id}/steps/comments");
    assert_eq!(opened.headers["location"], comments.as_str());
    let home = app.get("/", &[("cookie", &parent)]).await;
    assert!(!home.body.contains("app-count"), "{}", home.body);
    let api = app.get_api("/api/v1/messages", &token(&app, "parent@example.org").await).await;
    let api = api.json();
    assert_eq!(api["unread"], 0, "{api}");
    assert_eq!(api["messages"][0]["kind"], "draft_plan_issued", "{api}");
    assert_eq!(api["messages"][0]["read"], true, "{api}");
    assert_eq!(api["messages"].as_array().unwrap().len(), 1, "{api}");

    // Nobody else was told of the draft; the parent's comments tell the caseworker.
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let none = app.get("/inbox", &[("cookie", &caseworker)]).await;
    assert!(none.body.contains("You have no messages."), "{}", none.body);
    comment(&app, &parent, &comments).await;
    let told = app.get("/inbox", &[("cookie", &caseworker)]).await;
    assert!(
        told.body.contains("The family has commented on the draft plan for Ada."),
        "{}",
        told.body
    );
    let parent_inbox = app.get("/api/v1/messages", &[]).await;
    assert_eq!(parent_inbox.status, StatusCode::UNAUTHORIZED);
}

async fn a_refused_step_tells_nobody(app: TestApp) {
    let w = world(&app).await;
    let caseworker = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &caseworker, w.own_child).await;
    // Before the request was received: the clock refuses the draft, and nothing is written.
    let early = json!({"event": "draft_plan_issued", "date": "2025-12-01"});
    let res = post_event(&app, &caseworker, &id, &early).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let api = app.get_api("/api/v1/messages", &token(&app, "parent@example.org").await).await;
    assert_eq!(api.json()["messages"], json!([]), "{}", api.body);
}

async fn each_person_chooses_whether_to_get_emails(app: TestApp) {
    let w = world(&app).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let page = app.get("/account", &[("cookie", &parent)]).await;
    assert!(page.body.contains("value=\"yes\" checked"), "email is on at first: {}", page.body);
    let bad = app.submit(&parent, "/account", &[("email", "maybe")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    let saved = app.submit(&parent, "/account", &[("email", "no")]).await;
    assert!(saved.body.contains("Your choice is saved."), "{}", saved.body);
    assert!(saved.body.contains("value=\"no\" checked"), "{}", saved.body);

    let id = issue_draft(&app, w.own_child).await;
    let first_message = |api: crate::app::Response| -> uuid::Uuid {
        api.json()["messages"][0]["id"].as_str().expect("a message").parse().unwrap()
    };
    let api = app.get_api("/api/v1/messages", &token(&app, "parent@example.org").await).await;
    let to_parent = first_message(api);
    assert_eq!(app.store.outbox_state(to_parent).await.unwrap(), None, "no email, inbox only");

    // The caseworker kept email on: the family's comments wait in the outbox for them.
    let comments = format!("/ehc-requests/{id}/steps/comments");
    comment(&app, &parent, &comments).await;
    let api = app.get_api("/api/v1/messages", &token(&app, "caseworker@example.org").await).await;
    let to_caseworker = first_message(api);
    assert_eq!(app.store.outbox_state(to_caseworker).await.unwrap(), Some(OutboxState::Pending));
}

async fn reminders_reach_whoever_must_act_each_once(app: TestApp) {
    let w = world(&app).await;
    issue_draft(&app, w.own_child).await;
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    let remind = |on| write_reminders(app.store.as_ref(), calendar, on, 5);
    // The family's 15 days on the draft end on 15 May: 5 days before, they are reminded.
    assert_eq!(remind(date(2026, 5, 9)).await.unwrap(), 0);
    assert_eq!(remind(date(2026, 5, 10)).await.unwrap(), 1);
    assert_eq!(remind(date(2026, 5, 12)).await.unwrap(), 0, "the same reminder is written once");
    let api = app.get_api("/api/v1/messages", &token(&app, "parent@example.org").await).await;
    let api = api.json();
    assert_eq!(api["messages"][0]["kind"], "reminder", "{api}");
    assert_eq!(
        api["messages"][0]["text"],
        "Reminder for Ada: the parent or young person can comment on the draft plan and ask for a school or college to be named by 15 May.",
        "{api}"
    );
    // The family's time to comment then lapses (a right, not a duty: no overdue reminder);
    // the caseworker's turn comes with the final plan due on 25 May.
    assert_eq!(remind(date(2026, 5, 16)).await.unwrap(), 0);
    assert_eq!(remind(date(2026, 5, 21)).await.unwrap(), 1);
    let api = app.get_api("/api/v1/messages", &token(&app, "caseworker@example.org").await).await;
    let api = api.json();
    assert_eq!(
        api["messages"][0]["text"],
        "Reminder for Ada: the council must issue the final EHC plan by 25 May.",
        "{api}"
    );
}

/// The newest message of the account `email`, as the API gives it.
async fn newest_message(app: &TestApp, email: &str) -> serde_json::Value {
    let api = app.get_api("/api/v1/messages", &token(app, email).await).await.json();
    api["messages"][0].clone()
}

async fn work_nobody_is_allocated_reaches_the_managers_and_a_review_the_setting(app: TestApp) {
    use jiff::ToSpan;
    let w = world(&app).await;
    user(&app, "manager@example.org", Role::LaManager, Some(w.la)).await;
    // A family's own request waits in intake for a caseworker.
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let form = format!("/children/{}/request-assessment", w.own_child);
    let reasons = vec![("reasons".to_owned(), "Ada needs more help than school gives.".to_owned())];
    let sent = send_form(&app, &parent, &form, reasons).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let id = sent.headers["location"].to_str().unwrap().trim_start_matches("/ehc-requests/");
    let today = sendcase_web::today().to_string();
    let cw = token(&app, "caseworker@example.org").await;
    for event in ["decided_to_assess", "draft_plan_issued"] {
        let res = post_event(&app, &cw, id, &json!({"event": event, "date": today})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    comment(&app, &parent, &format!("/ehc-requests/{id}/steps/comments")).await;
    let told = newest_message(&app, "manager@example.org").await;
    assert_eq!(told["kind"], "draft_comments_received", "{told}");
    assert_ne!(
        newest_message(&app, "caseworker@example.org").await["kind"],
        "draft_comments_received"
    );

    // The school arranges the review of a plan in force: its SENCO is reminded to invite.
    let plan = plan_in_force(&app, &cw, w.own_child, 200).await;
    let meeting = (sendcase_web::today() + 20.days()).to_string();
    let scheduled =
        json!({"event": "review_meeting_scheduled", "date": today, "meeting_date": meeting});
    let res = post_event(&app, &cw, &plan, &scheduled).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    write_reminders(app.store.as_ref(), calendar, sendcase_web::today(), 10).await.unwrap();
    let reminded = newest_message(&app, "senco@example.org").await;
    assert_eq!(reminded["kind"], "reminder", "{reminded}");
    assert!(reminded["text"].as_str().unwrap().contains("review"), "{reminded}");
}
