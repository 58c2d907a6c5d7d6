//! The caseload and timeliness: what the store keeps of each request agrees with the clock after
//! every event; filters, sorting, paging and status; who sees what.

use crate::fixtures::{
    PASSWORD, child_at, ev, meta, named_user, organisation_named, post_event, request, token, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::civil::date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{CaseSummary, DatedEvent, EventName, summarise};
use sendcase_domain::ehc::requests::RequestSource;
use sendcase_domain::people::roles::Role;
use sendcase_store::{BulkChild, BulkRequest, NewChild, NewEhcRequest};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    the_caseload_s_next_duty_is_the_clock_s_after_every_event,
    filters_sorting_paging_and_status,
    the_page_is_paged_sortable_and_shows_only_what_the_caller_may_see,
    timeliness_is_for_the_la_and_counts_as_the_dfe_does,
    a_rebuild_with_another_bank_holiday_table_moves_the_caseload,
);

fn ids(caseload: &Value) -> Vec<String> {
    caseload["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_caseload_s_next_duty_is_the_clock_s_after_every_event(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let id = request(&app, &cw, w.own_child, "2026-01-05", &[]).await;
    let steps = [
        json!({"event": "advice_requested", "date": "2026-01-20", "ref": "health"}),
        ev("decided_to_assess", "2026-02-02"),
        json!({"event": "exception_claimed", "date": "2026-02-03", "ground": "b"}),
        ev("draft_plan_issued", "2026-03-02"),
        json!({"event": "institution_consulted", "date": "2026-03-03", "ref": "Oakfield Primary"}),
        json!({"event": "advice_received", "date": "2026-03-04", "ref": "health"}),
        ev("draft_comments_received", "2026-03-10"),
    ];
    for step in std::iter::once(None).chain(steps.iter().map(Some)) {
        if let Some(event) = step {
            let res = post_event(&app, &cw, &id, event).await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        }
        for as_of in
            ["2026-01-10", "2026-02-20", "2026-03-10", "2026-03-17", "2026-03-19", "2026-06-01"]
        {
            let duties = app
                .get_api(&format!("/api/v1/ehc-requests/{id}/duties?as_of={as_of}"), &cw)
                .await
                .json();
            let owed = ["pending", "overdue", "exception_claimed"];
            let expected = duties["duties"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| owed.contains(&d["status"].as_str().unwrap()))
                .unwrap();
            let caseload =
                app.get_api(&format!("/api/v1/caseload?as_of={as_of}"), &cw).await.json();
            assert_eq!(
                &caseload["requests"][0]["next_duty"], expected,
                "after {step:?} on {as_of}"
            );
        }
    }
}

async fn filters_sorting_paging_and_status(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let elsewhere = child_at(&app, "Cleo", w.la, None).await;
    let drafted = request(
        &app,
        &cw,
        w.own_child,
        "2026-01-05",
        &[ev("decided_to_assess", "2026-02-02"), ev("draft_plan_issued", "2026-03-02")],
    )
    .await;
    let due_soon =
        request(&app, &cw, child_at(&app, "Dan", w.la, Some(w.school)).await, "2026-02-02", &[])
            .await;
    let overdue = request(&app, &cw, elsewhere, "2026-01-12", &[]).await;
    let excepted = request(
        &app,
        &cw,
        child_at(&app, "Eve", w.la, None).await,
        "2026-01-13",
        &[json!({"event": "exception_claimed", "date": "2026-01-20", "ground": "a"})],
    )
    .await;
    let get = |q: &str| {
        let (app, cw) = (&app, &cw);
        let q = q.to_owned();
        async move {
            let res = app.get_api(&format!("/api/v1/caseload?as_of=2026-03-10{q}"), cw).await;
            assert_eq!(res.status, StatusCode::OK, "{q}: {}", res.body);
            res.json()
        }
    };
    let all = get("").await;
    assert_eq!(all["total"], 4);
    // Earliest due first (23 and 24 February, then two on 16 March, by name).
    assert_eq!(ids(&all), [overdue.clone(), excepted.clone(), drafted.clone(), due_soon.clone()]);
    assert_eq!(all["requests"][0]["status"], "overdue");
    assert_eq!(all["requests"][1]["status"], "exception_claimed");
    assert_eq!(all["requests"][1]["next_duty"]["status"], "exception_claimed");
    assert_eq!(all["requests"][2]["stage"], "draft_plan_issued");
    assert_eq!(all["requests"][2]["next_duty"]["duty"], "comment_on_draft");
    assert_eq!(all["requests"][2]["school_urn"], "990101");
    for (query, expected) in [
        ("&status=overdue", vec![&overdue]),
        ("&status=exception_claimed", vec![&excepted]),
        ("&status=due_soon", vec![&drafted, &due_soon]),
        ("&status=on_track", vec![]),
        ("&stage=draft_plan_issued", vec![&drafted]),
        ("&stage=deciding_whether_to_assess&school=990101", vec![&due_soon]),
        ("&school=990201", vec![]),
        ("&sort=received&order=desc", vec![&due_soon, &excepted, &overdue, &drafted]),
        ("&sort=stage&order=desc", vec![&drafted, &overdue, &excepted, &due_soon]),
        ("&sort=child&limit=2&offset=1", vec![&overdue, &due_soon]),
        ("&caseworker=&stage=&status=", vec![&overdue, &excepted, &drafted, &due_soon]),
    ] {
        assert_eq!(
            ids(&get(query).await),
            expected.into_iter().cloned().collect::<Vec<String>>(),
            "{query}"
        );
    }
    assert_eq!(
        get("&sort=child&limit=2&offset=1").await["total"],
        4,
        "the total counts every page"
    );
    // The family's right to comment lapses after 16 March; the council's 20-week duty is next.
    let later =
        app.get_api("/api/v1/caseload?as_of=2026-03-17&stage=draft_plan_issued", &cw).await.json();
    assert_eq!(later["requests"][0]["next_duty"]["duty"], "issue_final_plan");
    assert_eq!(later["requests"][0]["status"], "on_track");
    for bad in [
        "status=late",
        "stage=final_plan_issued",
        "sort=colour",
        "order=up",
        "school=12",
        "caseworker=bob",
        "as_of=2026-13-01",
    ] {
        let res = app.get_api(&format!("/api/v1/caseload?{bad}"), &cw).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    // The caseworker filter, with requests bulk-loaded already assigned.
    let me =
        app.store.user_account_by_email("caseworker@example.org").await.unwrap().unwrap().user.id;
    let mine = bulk(&app, w.la, me, 1).await;
    let assigned = get(&format!("&caseworker={me}")).await;
    assert_eq!(ids(&assigned), mine.iter().map(Uuid::to_string).collect::<Vec<_>>());
}

/// Loads `count` requests received on 2 March 2026, each for a new child, through the bulk path.
async fn bulk(app: &TestApp, la: Uuid, caseworker: Uuid, count: usize) -> Vec<Uuid> {
    let calendar = Calendar::england_and_wales();
    let mut children = vec![];
    let mut requests = vec![];
    for i in 0..count {
        let id = Uuid::now_v7();
        let child = NewChild {
            given_name: format!("Bulk{i:02}"),
            family_name: "Zed".into(),
            birth_date: date(2015, 1, 1),
            upn: None,
            nhs_number: None,
            uln: None,
            responsible_la_id: la,
            enrolment: None,
        };
        children.push(BulkChild { id, child, register: None });
        let events = vec![DatedEvent::plain(EventName::RequestReceived, date(2026, 3, 2))];
        let summary: CaseSummary = summarise(&events, calendar).unwrap();
        requests.push(BulkRequest {
            id: Uuid::now_v7(),
            child_id: id,
            source: "parent".into(),
            caseworker_user_id: Some(caseworker),
            events,
            summary,
            // A working version of the plan, so bulk loading of plans runs on both databases.
            records: vec![],
            plans: vec![(Default::default(), None)],
        });
    }
    app.store
        .load_in_bulk(&children, &requests, &format!("{count} test requests"), &meta())
        .await
        .unwrap();
    assert!(app.store.verify_audit(None).await.unwrap().is_ok(), "the audit chain stays whole");
    requests.iter().map(|r| r.id).collect()
}

async fn the_page_is_paged_sortable_and_shows_only_what_the_caller_may_see(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    request(&app, &cw, w.own_child, "2026-01-05", &[]).await;
    let me =
        app.store.user_account_by_email("caseworker@example.org").await.unwrap().unwrap().user.id;
    bulk(&app, w.la, me, 30).await;
    let cookie = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get("/caseload?as_of=2026-03-10&sort=child", &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("31 open requests, showing 1 to 25"), "{}", page.body);
    assert!(page.body.contains(r#"aria-sort="ascending"><a class="govuk-link" href="/caseload?as_of=2026-03-10&#38;sort=child&#38;order=desc">Child or young person"#));
    assert!(page.body.contains(r#"aria-sort="none""#));
    assert!(page.body.contains(r#"class="govuk-pagination""#));
    assert!(page.body.contains("Ada Ashby"), "Ashby sorts before the Zeds");
    let second =
        app.get("/caseload?as_of=2026-03-10&sort=child&page=2", &[("cookie", &cookie)]).await;
    assert!(second.body.contains("showing 26 to 31") && !second.body.contains("Ada Ashby"));
    let filtered =
        app.get("/caseload?as_of=2026-03-10&school=990101", &[("cookie", &cookie)]).await;
    assert!(filtered.body.contains("1 open request</caption>"), "{}", filtered.body);
    assert!(filtered.body.contains(r#"value="990101""#) && filtered.body.contains("Clear filters"));

    // A request handled by someone who is not the council's staff, such as an officer who has
    // moved to another council, names them rather than reading as not allocated.
    let medway = organisation_named(&app, "Medway Council").await;
    let moved = named_user(&app, "moved@example.org", "Mo Vedon", Role::LaCaseworker, Some(medway));
    let moved = moved.await;
    let child = child_at(&app, "Handled", w.la, None).await;
    let calendar = Calendar::england_and_wales();
    let new = NewEhcRequest::received(child, date(2026, 1, 6), RequestSource::Parent, calendar);
    app.store.create_ehc_request(new.unwrap().handled_by(moved), &meta()).await.unwrap();
    let theirs = app.get(&format!("/caseload?caseworker={moved}"), &[("cookie", &cookie)]).await;
    assert!(theirs.body.contains("1 open request</caption>"), "{}", theirs.body);
    assert!(
        theirs.body.contains("Mo Vedon") && !theirs.body.contains("Not allocated"),
        "{}",
        theirs.body
    );
    assert_eq!(
        app.get("/caseload?page=0", &[("cookie", &cookie)]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A parent sees their own child's request and nobody else's; the other family sees none.
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let theirs = app.get("/caseload", &[("cookie", &parent)]).await;
    assert!(
        theirs.body.contains("Ada Ashby") && !theirs.body.contains("Bulk00"),
        "{}",
        theirs.body
    );
    let other = token(&app, "other.parent@example.org").await;
    assert_eq!(app.get_api("/api/v1/caseload", &other).await.json()["total"], 0);
}

async fn timeliness_is_for_the_la_and_counts_as_the_dfe_does(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let plan =
        |draft: &str, fin: &str| [ev("draft_plan_issued", draft), ev("final_plan_issued", fin)];
    // Received 5 January: 20 weeks ends 25 May.
    request(&app, &cw, w.own_child, "2026-01-05", &plan("2026-04-01", "2026-05-20")).await;
    request(
        &app,
        &cw,
        child_at(&app, "Late", w.la, None).await,
        "2026-01-05",
        &plan("2026-04-01", "2026-05-29"),
    )
    .await;
    let mut excepted =
        vec![json!({"event": "exception_claimed", "date": "2026-02-01", "ground": "c"})];
    excepted.extend(plan("2026-04-01", "2026-05-30"));
    request(&app, &cw, child_at(&app, "Excepted", w.la, None).await, "2026-01-05", &excepted).await;
    let cookie = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get("/timeliness?year=2026", &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"<svg role="img" aria-labelledby="chart-title chart-desc""#));
    assert!(
        page.body.contains("33% (1 of 3)") && page.body.contains("50% (1 of 2)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("In 2026, 33% of the 3 final plans issued were issued within 20 weeks; leaving out cases with an exception, 50% of 2."));
    assert!(
        app.get("/timeliness?year=2025", &[("cookie", &cookie)])
            .await
            .body
            .contains("No final plans were issued in 2025.")
    );
    assert_eq!(
        app.get("/timeliness?year=twenty", &[("cookie", &cookie)]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    assert_eq!(app.get("/timeliness", &[("cookie", &parent)]).await.status, StatusCode::FORBIDDEN);
}

/// The caseload keeps the clock's answer beside the events; when the bank holidays change, a
/// rebuild recomputes it, and says how many summaries changed.
async fn a_rebuild_with_another_bank_holiday_table_moves_the_caseload(app: TestApp) {
    use sendcase_domain::clock::fingerprint::Fingerprint;
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let kid = child_at(&app, "Rebuilt", w.la, None).await;
    // The decision is due on Monday 16 February 2026, a working day in the built-in table.
    request(&app, &cw, kid, "2026-01-05", &[]).await;
    async fn target(app: &TestApp, cw: &str) -> String {
        let list = app.get_api("/api/v1/caseload?as_of=2026-01-10", cw).await.json();
        list["requests"][0]["next_duty"]["target"].as_str().unwrap().to_owned()
    }
    assert_eq!(target(&app, &cw).await, "2026-02-16");
    let local = Calendar::from_csv_str("date,name\n2026-02-16,Local holiday\n").unwrap();
    let rebuild = |calendar: Calendar| {
        let store = app.store.clone();
        async move {
            let check = |history: &[DatedEvent]| summarise(history, &calendar);
            store.rebuild_summaries(&check, &Fingerprint::of(&calendar), &meta()).await
        }
    };
    let done = rebuild(local.clone()).await.unwrap().unwrap();
    assert_eq!((done.summaries, done.changed), (1, 1));
    assert_eq!(target(&app, &cw).await, "2026-02-13", "planned for the working day before");
    assert_eq!(app.store.projection_fingerprint().await.unwrap(), Some(Fingerprint::of(&local)));
    assert_eq!(rebuild(local).await.unwrap().unwrap().changed, 0, "nothing left to change");
    let back = rebuild(Calendar::england_and_wales().clone()).await.unwrap().unwrap();
    assert_eq!(back.changed, 1);
    assert_eq!(target(&app, &cw).await, "2026-02-16");
}
