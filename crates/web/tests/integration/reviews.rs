//! Annual reviews in the browser: the setting or council arranges and records the review, the
//! family gives views, the council decides and the family reads the notice; each step in the
//! review's order, each party only its own, and the clock's answer the same as the pages'.

use crate::fixtures::{
    PASSWORD, date_fields, ev, la_contacts, plan_in_force, post_event, send_form, teen, token,
    world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{CaseHistory, Layout, long_date};
use serde_json::json;

on_both_backends!(a_review_goes_from_arranging_to_the_councils_decision);
on_both_backends!(each_party_takes_only_its_own_review_steps_in_order);
on_both_backends!(the_api_records_a_review_with_what_the_pages_record);

async fn a_review_goes_from_arranging_to_the_councils_decision(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let id = plan_in_force(&app, &cw, w.own_child, 330).await;
    let today = sendcase_web::today();
    let review = format!("/ehc-requests/{id}/review");
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;

    // The SENCO finds the review among the school's tasks and opens it.
    let tasks = app.get("/school-tasks", &[("cookie", &senco)]).await;
    assert!(tasks.body.contains(&review), "the task links to the review: {}", tasks.body);
    let page = app.get(&review, &[("cookie", &senco)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Arrange the review meeting"));

    // Arranging without inviting the family is refused, and nothing is written.
    let meeting = today - 20.days();
    let arranged = today - 40.days();
    let mut form = date_fields("meeting_date", meeting);
    form.extend(date_fields("date", arranged));
    form.push(("invite-setting".into(), "yes".into()));
    let refused = send_form(&app, &senco, &format!("{review}/arrange"), form.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("they must be invited to the review"), "{}", refused.body);
    form.push(("invite-family".into(), "yes".into()));
    form.push(("invite-health".into(), "yes".into()));
    form.push(("others".into(), "Dr Patel, speech and language therapist\n".into()));
    let done = send_form(&app, &senco, &format!("{review}/arrange"), form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    // The parent sees the meeting in their own portal and gives their views.
    let theirs = app.get(&review, &[("cookie", &parent)]).await;
    assert!(theirs.body.contains(&long_date(meeting)), "{}", theirs.body);
    assert!(theirs.body.contains("Dr Patel, speech and language therapist"));
    let views = vec![
        ("going_well".into(), "Ada enjoys reading with her group".into()),
        ("to_change".into(), "More help at lunchtime".into()),
    ];
    let given = send_form(&app, &parent, &format!("{review}/views"), views).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);

    // The school sends invitations and advice, records the meeting and sends the report.
    for step in ["invitations", "advice"] {
        let sent = send_form(
            &app,
            &senco,
            &format!("{review}/{step}"),
            date_fields("date", arranged + 1.day()),
        )
        .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{step}: {}", sent.body);
    }
    let mut held = date_fields("date", meeting);
    held.push(("attended".into(), "Mrs Ashby, parent\nMs Khan, SENCO".into()));
    held.push(("agreed".into(), "Keep the reading group; add lunchtime support".into()));
    let recorded = send_form(&app, &senco, &format!("{review}/meeting"), held).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let early = send_form(&app, &caseworker, &format!("{review}/decision"), vec![]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "the report comes first");
    let mut report = date_fields("date", meeting + 7.days());
    report.push(("recommendation".into(), "amend".into()));
    report.push(("summary".into(), "Good progress in reading; lunchtimes are hard".into()));
    let sent = send_form(&app, &senco, &format!("{review}/report"), report).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // The SENCO cannot decide; the council does, and the family reads the notice.
    let decide = app.get(&format!("{review}/decision"), &[("cookie", &senco)]).await;
    assert_eq!(decide.status, StatusCode::FORBIDDEN);
    let page = app.get(&format!("{review}/decision"), &[("cookie", &caseworker)]).await;
    assert!(page.body.contains("The review report recommends: Amend the plan."), "{}", page.body);
    let decided_on = meeting + 14.days();
    let mut decision = date_fields("date", decided_on);
    decision.push(("outcome".into(), "maintain".into()));
    decision.push(("reasons".into(), "The plan already provides the support agreed".into()));
    let decided = send_form(&app, &caseworker, &format!("{review}/decision"), decision).await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let inbox = app.get("/inbox", &[("cookie", &parent)]).await;
    assert!(
        inbox.body.contains("After the annual review, the council will keep Ada&#39;s plan"),
        "the family is told: {}",
        inbox.body
    );

    la_contacts(&app, w.la).await;
    let notice = app
        .get(&format!("/ehc-requests/{id}/documents/review-decision"), &[("cookie", &parent)])
        .await;
    assert_eq!(notice.status, StatusCode::OK, "{}", notice.body);
    for needed in [
        "keep the plan as it is",
        "The plan already provides the support agreed",
        "First-tier Tribunal",
        "Mediation Works",
    ] {
        assert!(notice.body.contains(needed), "notice lacks {needed:?}: {}", notice.body);
    }

    // The page, the API and the clock agree: the next review is due a year from the decision.
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    let stored = app.store.ehc_case(id.parse().unwrap()).await.unwrap().expect("the case");
    let clock = CaseHistory { as_of: None, events: stored.history() }
        .duties(today, Calendar::england_and_wales())
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&clock.to_json(Layout::Compact)).unwrap()["duties"],
        duties["duties"]
    );
    let next = decided_on.checked_add(12.months()).unwrap();
    let after = app.get(&review, &[("cookie", &parent)]).await;
    assert!(after.body.contains(&format!("{} (due)", long_date(next))), "{}", after.body);
    assert!(after.body.contains("Keep the plan as it is"), "the decision is listed");
}

async fn each_party_takes_only_its_own_review_steps_in_order(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let id = plan_in_force(&app, &cw, w.own_child, 300).await;
    let review = format!("/ehc-requests/{id}/review");
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let staff = app.sign_in("staff@example.org", PASSWORD).await;
    let other = app.sign_in("other.parent@example.org", PASSWORD).await;

    // The family cannot arrange, school staff without the SENCO's role cannot either, and a
    // stranger does not learn the case exists.
    for (cookie, status) in [
        (&parent, StatusCode::FORBIDDEN),
        (&staff, StatusCode::FORBIDDEN),
        (&other, StatusCode::NOT_FOUND),
    ] {
        let res = app.get(&format!("{review}/arrange"), &[("cookie", cookie)]).await;
        assert_eq!(res.status, status);
    }
    // Nothing can be recorded before the meeting is arranged, through the pages or the API.
    let views = app.get(&format!("{review}/views"), &[("cookie", &parent)]).await;
    assert_eq!(views.status, StatusCode::OK);
    let early = send_form(
        &app,
        &parent,
        &format!("{review}/views"),
        vec![("going_well".into(), "Fine".into())],
    )
    .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("Arrange the review meeting first"), "{}", early.body);
    let today = sendcase_web::today().to_string();
    let api = post_event(&app, &cw, &id, &ev("review_report_sent", &today)).await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", api.body);
    assert!(api.body.contains("Record the review meeting first"), "{}", api.body);
    // Once ceasing is decided, no review is arranged.
    let cease = post_event(&app, &cw, &id, &ev("decided_to_cease", &today)).await;
    assert_eq!(cease.status, StatusCode::CREATED, "{}", cease.body);
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get(&review, &[("cookie", &caseworker)]).await;
    assert!(page.body.contains("decided to cease the plan"), "{}", page.body);
    assert!(!page.body.contains(&format!("{review}/arrange")));
}

async fn the_api_records_a_review_with_what_the_pages_record(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let teen = teen(&app, &w).await;
    let id = plan_in_force(&app, &cw, teen, 330).await;
    let today = sendcase_web::today();
    let day = |ago: i64| (today - ago.days()).to_string();
    let post = |event: serde_json::Value| {
        let (app, cw, id) = (&app, cw.clone(), id.clone());
        async move { post_event(app, &cw, &id, &event).await }
    };

    let uninvited = post(json!({"event": "review_meeting_scheduled", "date": day(30),
        "meeting_date": day(10), "record": {"invited": ["setting"]}}))
    .await;
    assert_eq!(uninvited.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(uninvited.body.contains("they must be invited"), "{}", uninvited.body);
    let misspelt = post(json!({"event": "review_meeting_scheduled", "date": day(30),
        "meeting_date": day(10), "record": {"invited": ["family", "school"]}}))
    .await;
    assert_eq!(misspelt.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(misspelt.body.contains("is not as documented"), "{}", misspelt.body);
    let arranged = post(json!({"event": "review_meeting_scheduled", "date": day(30),
        "meeting_date": day(10), "record": {"invited": ["family", "setting", "health"]}}))
    .await;
    assert_eq!(arranged.status, StatusCode::CREATED, "{}", arranged.body);

    // Tess is past Year 9, so her review covers preparing for adulthood.
    let meeting = json!({"attended": ["Tess", "Ms Khan, SENCO"], "agreed": "Work experience"});
    let held =
        post(json!({"event": "review_meeting_held", "date": day(10), "record": meeting})).await;
    assert_eq!(held.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(held.body.contains("preparing for adulthood"), "{}", held.body);
    let pfa = json!({"employment": "A week at the garage", "independent_living": "Travel training",
        "community": "Youth club", "health": "Annual health check"});
    let meeting =
        json!({"attended": ["Tess"], "agreed": "Work experience", "preparing_for_adulthood": pfa});
    let held =
        post(json!({"event": "review_meeting_held", "date": day(10), "record": meeting})).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    let report = json!({"recommendation": "cease", "summary": "Tess starts an apprenticeship"});
    let sent = post(json!({"event": "review_report_sent", "date": day(5), "record": report})).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let decided = post(json!({"event": "review_decision_notified", "date": day(1),
        "outcome": "maintain", "record": {"reasons": "Until the apprenticeship starts"}}))
    .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);

    // The pages show what the API recorded.
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get(&format!("/ehc-requests/{id}/review"), &[("cookie", &caseworker)]).await;
    for shown in ["Until the apprenticeship starts", "Keep the plan as it is"] {
        assert!(page.body.contains(shown), "{shown:?}: {}", page.body);
    }
}
