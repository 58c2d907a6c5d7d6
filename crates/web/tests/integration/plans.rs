//! The plans in force: the council's list of every plan it maintains, what the clock says of
//! each (next review, move, status), filtered, searched and paged, and for the council only.

use crate::fixtures::{PASSWORD, child_at, ev, meta, request, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::long_date;
use sendcase_domain::ehc::requests::RequestSource;
use sendcase_domain::schools::year_group::YearGroup;
use sendcase_store::NewEhcRequest;
use serde_json::json;

on_both_backends!(the_council_lists_its_plans_in_force_as_the_clock_has_them);

/// The events from a request received `days` ago to a final plan 30 days after the draft.
fn to_final(received: Date) -> Vec<serde_json::Value> {
    let on = |d: i64| (received + d.days()).to_string();
    vec![
        ev("decided_to_assess", &on(30)),
        ev("draft_plan_issued", &on(60)),
        ev("draft_comments_received", &on(65)),
        ev("final_plan_issued", &on(90)),
    ]
}

fn names(body: &str) -> Vec<&str> {
    ["Ada Ashby", "Bea Caseload", "Cal Caseload"].into_iter().filter(|n| body.contains(n)).collect()
}

async fn the_council_lists_its_plans_in_force_as_the_clock_has_them(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let caseworker = app.store.user_account_by_email("caseworker@example.org").await.unwrap();
    let caseworker = caseworker.unwrap().user.id;

    // Ada, at Oakfield, handled by the caseworker: her plan was issued 30 days ago.
    let received = today - 120.days();
    let new = NewEhcRequest::received(
        w.own_child,
        received,
        RequestSource::Parent,
        Calendar::england_and_wales(),
    )
    .unwrap()
    .handled_by(caseworker);
    let ada = app.store.create_ehc_request(new, &meta()).await.unwrap().to_string();
    for e in to_final(received) {
        let res = crate::fixtures::post_event(&app, &cw, &ada, &e).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    // Bea, on no school's roll: her plan is over a year old and its review overdue.
    let old = today - 470.days();
    let bea = child_at(&app, "Bea", w.la, None).await;
    request(&app, &cw, bea, &old.to_string(), &to_final(old)).await;
    // Cal's plan has ended.
    let cal = child_at(&app, "Cal", w.la, None).await;
    let mut ended = to_final(old);
    ended.push(ev("decided_to_cease", &(today - 100.days()).to_string()));
    ended.push(
        json!({"event": "plan_ceased", "date": (today - 2.days()).to_string(), "reason": "2"}),
    );
    request(&app, &cw, cal, &old.to_string(), &ended).await;

    let cookie = app.sign_in("caseworker@example.org", PASSWORD).await;
    let list = |query: String| {
        let cookie = cookie.clone();
        let app = &app;
        async move { app.get(&format!("/plans{query}"), &[("cookie", &cookie)]).await }
    };
    let all = list(String::new()).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(all.body.contains("2 plans in force"), "{}", all.body);
    assert_eq!(names(&all.body), ["Ada Ashby", "Bea Caseload"]);
    assert!(
        all.body.find("Bea Caseload") < all.body.find("Ada Ashby"),
        "the earliest review comes first"
    );

    // The review date is the clock's, as the API gives it.
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{ada}/duties"), &cw).await.json();
    let review = duties["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["duty"] == "review_plan")
        .expect("a review is owed")["due"]
        .as_str()
        .unwrap()
        .parse::<Date>()
        .unwrap();
    assert!(all.body.contains(&long_date(review)), "{}", all.body);
    assert_eq!(review, (received + 90.days()).checked_add(12.months()).unwrap());

    let only = |body: &str| names(body).into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(only(&list("?review=overdue".into()).await.body), ["Bea Caseload"]);
    let month = review.strftime("%Y-%m").to_string();
    assert_eq!(only(&list(format!("?review={month}")).await.body), ["Ada Ashby"]);
    assert_eq!(only(&list("?setting=oakfield+primary".into()).await.body), ["Ada Ashby"]);
    assert_eq!(only(&list("?setting=990101".into()).await.body), ["Ada Ashby"]);
    assert!(only(&list("?setting=riverside".into()).await.body).is_empty());
    let ada_year = YearGroup::for_birth(jiff::civil::date(2015, 3, 4), today).unwrap();
    assert_eq!(only(&list(format!("?year={}", ada_year.code())).await.body), ["Ada Ashby"]);
    assert_eq!(only(&list(format!("?caseworker={caseworker}")).await.body), ["Ada Ashby"]);
    let bea_only = list("?q=bea".into()).await;
    assert_eq!(only(&bea_only.body), ["Bea Caseload"]);
    assert!(bea_only.body.contains(">1 plan in force<"), "one plan reads as one");
    let ended = list("?show=ended".into()).await;
    assert_eq!(only(&ended.body), ["Cal Caseload"]);
    assert!(ended.body.contains(&format!("Ended {}", long_date(today - 2.days()))));
    let bad = list("?review=soon".into()).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Choose when the review is due from the list"), "{}", bad.body);

    // Another council's officer sees none of Kent's plans; a SENCO has no list of plans.
    crate::fixtures::user(
        &app,
        "medway@example.org",
        sendcase_domain::people::roles::Role::LaCaseworker,
        Some(crate::fixtures::organisation_named(&app, "Medway Council").await),
    )
    .await;
    let medway = app.sign_in("medway@example.org", PASSWORD).await;
    let theirs = app.get("/plans", &[("cookie", &medway)]).await;
    assert!(names(&theirs.body).is_empty(), "{}", theirs.body);
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assert_eq!(app.get("/plans", &[("cookie", &senco)]).await.status, StatusCode::FORBIDDEN);
    let audit = app.store.audit_entries(0, 10_000).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "list" && e.record_type == "plans"));

    // The API lists the same plans with the same filters, a page at a time.
    let api = app.get_api("/api/v1/plans?review=overdue", &cw).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let body = api.json();
    assert_eq!(body["total"], 1);
    assert_eq!(body["plans"][0]["child_name"], "Bea Caseload");
    assert_eq!(body["plans"][0]["status"], "in_force");
    assert_eq!(
        (&body["plans"][0]["setting"], &body["plans"][0]["caseworker"]),
        (&json!(null), &json!(null)),
        "Bea is on no roll and her request is not allocated"
    );
    let mine = app.get_api(&format!("/api/v1/plans?caseworker={caseworker}"), &cw).await.json();
    let account = app.store.user_account_by_email("caseworker@example.org").await.unwrap();
    assert_eq!(mine["plans"][0]["setting"], "Oakfield Primary");
    assert_eq!(mine["plans"][0]["caseworker"], account.unwrap().user.display_name.as_str());
    assert_eq!(
        (&mine["plans"][0]["child_id"], &mine["plans"][0]["birth_date"]),
        (&json!(w.own_child), &json!("2015-03-04"))
    );
    let first = app.get_api("/api/v1/plans?limit=1", &cw).await.json();
    assert_eq!(
        (first["total"].as_u64(), first["plans"].as_array().map(Vec::len)),
        (Some(2), Some(1))
    );
    let ended = app.get_api("/api/v1/plans?show=ended", &cw).await.json();
    assert_eq!(ended["plans"][0]["child_name"], "Cal Caseload");
    assert_eq!(
        app.get_api("/api/v1/plans?limit=0", &cw).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let school = token(&app, "senco@example.org").await;
    assert_eq!(app.get_api("/api/v1/plans", &school).await.status, StatusCode::FORBIDDEN);

    // A plan handled by someone who is not the council's staff still names them: the staff
    // kept for the list name the others, and anyone else is looked up.
    let medway = app.store.user_account_by_email("medway@example.org").await.unwrap();
    let medway = medway.unwrap().user;
    let dee = child_at(&app, "Dee", w.la, None).await;
    let new =
        NewEhcRequest::received(dee, old, RequestSource::Parent, Calendar::england_and_wales())
            .unwrap()
            .handled_by(medway.id);
    let dee_request = app.store.create_ehc_request(new, &meta()).await.unwrap().to_string();
    for e in to_final(old) {
        let res = crate::fixtures::post_event(&app, &cw, &dee_request, &e).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let theirs = app.get_api(&format!("/api/v1/plans?caseworker={}", medway.id), &cw).await.json();
    assert_eq!(theirs["plans"][0]["child_name"], "Dee Caseload");
    assert_eq!(theirs["plans"][0]["caseworker"], medway.display_name.as_str());
    let page = list(format!("?caseworker={}", medway.id)).await;
    assert!(page.body.contains(&medway.display_name), "{}", page.body);
}
