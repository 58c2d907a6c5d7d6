//! Mediation and appeals (Code chapter 11): after a decision not to assess, the parent asks for
//! mediation and appeals from their portal, the council records the mediation, its certificate,
//! the Tribunal's order and what it did about it; the clock keeps each time limit.

use crate::fixtures::{
    PASSWORD, date_fields, duty, ev, post_event, request, send_form, token, user, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use sendcase_domain::people::roles::Role;
use serde_json::json;

on_both_backends!(a_family_mediates_and_appeals_and_the_council_does_what_is_ordered);

async fn a_family_mediates_and_appeals_and_the_council_does_what_is_ordered(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let day = |ago: i64| today - ago.days();
    let refused = [ev("decided_not_to_assess", &day(30).to_string())];
    let id = request(&app, &cw, w.own_child, &day(60).to_string(), &refused).await;
    let case = format!("/ehc-requests/{id}");
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let council = app.sign_in("caseworker@example.org", PASSWORD).await;
    let step = |slug: &str| format!("{case}/steps/{slug}");
    let dated = |fields: &[(&str, &str)], on| {
        let mut form: Vec<(String, String)> =
            fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        form.extend(date_fields("date", on));
        form
    };

    let page = app.get(&format!("{case}/disagreement"), &[("cookie", &parent)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Say whether you want mediation"), "{}", page.body);
    assert!(page.body.contains("Contact a mediation adviser"), "{}", page.body);
    assert!(!page.body.contains("Record the Tribunal"), "the family records no order");
    let request_page = app.get(&case, &[("cookie", &parent)]).await;
    assert!(request_page.body.contains("Mediation and appeals"), "{}", request_page.body);

    // The parent wants mediation about the refusal; the council holds it and the certificate
    // follows.
    let vague =
        send_form(&app, &parent, &step("mediation"), dated(&[("wanted", "yes")], day(20))).await;
    assert_eq!(vague.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(vague.body.contains("Choose what mediation is about"), "{}", vague.body);
    let wanted = dated(&[("wanted", "yes"), ("issue-refusal", "yes")], day(20));
    let wanted = send_form(&app, &parent, &step("mediation"), wanted).await;
    assert_eq!(wanted.status, StatusCode::SEE_OTHER, "{}", wanted.body);
    let page = app.get(&format!("{case}/disagreement"), &[("cookie", &council)]).await;
    assert!(page.body.contains("Mediation was asked for about"), "{}", page.body);
    let family_cannot = app.get(&step("mediation-held"), &[("cookie", &parent)]).await;
    assert_eq!(family_cannot.status, StatusCode::FORBIDDEN);
    let held = dated(&[("agreed", "no"), ("summary", "No agreement on assessing")], day(10));
    let held = send_form(&app, &council, &step("mediation-held"), held).await;
    assert_eq!(held.status, StatusCode::SEE_OTHER, "{}", held.body);
    let certificate =
        send_form(&app, &council, &step("mediation-certificate"), dated(&[], day(9))).await;
    assert_eq!(certificate.status, StatusCode::SEE_OTHER, "{}", certificate.body);

    // The parent tells the council they appealed; the appeal says what it is about.
    let vague = send_form(&app, &parent, &step("appeal"), dated(&[], day(5))).await;
    assert_eq!(vague.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(vague.body.contains("Choose what the appeal is about"), "{}", vague.body);
    let appealed = dated(&[("issue-refusal", "yes")], day(5));
    let appealed = send_form(&app, &parent, &step("appeal"), appealed).await;
    assert_eq!(appealed.status, StatusCode::SEE_OTHER, "{}", appealed.body);

    // A council concedes only what an order could make it do; the Tribunal orders an assessment.
    let keep =
        send_form(&app, &council, &step("concession"), dated(&[("order", "maintain")], day(1)))
            .await;
    assert_eq!(keep.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", keep.body);
    let decided = dated(
        &[("order", "assess"), ("upheld-refusal", "yes"), ("summary", "The council must assess")],
        day(1),
    );
    let decided = send_form(&app, &council, &step("tribunal-decision"), decided).await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    let owed = |name: &str| duty(&duties, name);
    assert_eq!(owed("notify_assessment_after_order")["due"], (day(1) + 2.weeks()).to_string());
    assert_eq!(owed("register_appeal")["status"], "met");

    let done = dated(&[("duty", "notify_assessment_after_order")], today);
    let done = send_form(&app, &council, &step("order-complied"), done).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = app.get(&format!("{case}/disagreement"), &[("cookie", &parent)]).await;
    assert!(page.body.contains("No agreement on assessing"), "{}", page.body);
    assert!(page.body.contains("Decided for the family: A refusal to assess"), "{}", page.body);
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    let notified = duty(&duties, "notify_assessment_after_order");
    assert_eq!(notified["status"], "met");
}

on_both_backends!(the_api_records_mediation_and_appeals_with_what_the_pages_record);

async fn the_api_records_mediation_and_appeals_with_what_the_pages_record(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let day = |ago: i64| (today - ago.days()).to_string();
    let refused = [ev("decided_not_to_assess", &day(40))];
    let id = request(&app, &cw, w.own_child, &day(70), &refused).await;
    let post = |event: serde_json::Value| {
        let (app, cw, id) = (&app, cw.clone(), id.clone());
        async move { post_event(app, &cw, &id, &event).await }
    };
    let vague = post(json!({"event": "mediation_requested", "date": day(30),
        "record": {"issues": []}}))
    .await;
    assert_eq!(vague.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(vague.body.contains("Choose what mediation is about"), "{}", vague.body);
    let asked = post(json!({"event": "mediation_requested", "date": day(30),
        "record": {"issues": ["refusal"]}}))
    .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    let held = post(json!({"event": "mediation_concluded", "date": day(20),
        "record": {"agreed": false, "summary": "Still no assessment"}}))
    .await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    let certificate = post(json!({"event": "mediation_certificate_issued", "date": day(19)})).await;
    assert_eq!(certificate.status, StatusCode::CREATED, "{}", certificate.body);
    let vague = post(json!({"event": "appeal_registered", "date": day(10),
        "record": {"issues": []}}))
    .await;
    assert_eq!(vague.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(vague.body.contains("Choose what the appeal is about"), "{}", vague.body);
    let appealed = post(json!({"event": "appeal_registered", "date": day(10),
        "record": {"issues": ["refusal"], "hearing_date": day(0)}}))
    .await;
    assert_eq!(appealed.status, StatusCode::CREATED, "{}", appealed.body);
    let decided = post(json!({"event": "tribunal_decided", "date": day(0), "order": "assess",
        "record": {"upheld": ["refusal"], "summary": "Assess Ada"}}))
    .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);

    // The page shows what the API recorded, and the clock's order duties.
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page =
        app.get(&format!("/ehc-requests/{id}/disagreement"), &[("cookie", &caseworker)]).await;
    for said in [
        "Mediation was asked for about",
        "Still no assessment",
        "A refusal to assess",
        "Assess Ada",
        "Record that the council did what was ordered",
    ] {
        assert!(page.body.contains(said), "{said}: {}", page.body);
    }
}

on_both_backends!(the_council_sees_its_disagreements_by_stage_and_its_orders_by_date);

async fn the_council_sees_its_disagreements_by_stage_and_its_orders_by_date(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let day = |ago: i64| (today - ago.days()).to_string();
    let events = [
        ev("decided_not_to_assess", &day(40)),
        ev("mediation_declined", &day(35)),
        ev("mediation_certificate_issued", &day(33)),
        json!({"event": "appeal_registered", "date": day(30),
               "record": {"issues": ["refusal"]}}),
    ];
    let appealed = request(&app, &cw, w.own_child, &day(70), &events[..3]).await;
    let post = post_event(&app, &cw, &appealed, &events[3]).await;
    assert_eq!(post.status, StatusCode::CREATED, "{}", post.body);
    user(&app, "manager@example.org", Role::LaManager, Some(w.la)).await;
    let manager = app.sign_in("manager@example.org", PASSWORD).await;
    let page = app.get("/disagreements", &[("cookie", &manager)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let stage_row = page.body.split("Appeal waiting for the Tribunal").nth(1).unwrap();
    assert!(stage_row.split("</tr>").next().unwrap().contains(">1<"), "{}", page.body);
    assert!(page.body.contains("Nothing is owed under an order"), "{}", page.body);

    let conceded = json!({"event": "appeal_conceded", "date": day(2), "order": "assess"});
    let post = post_event(&app, &cw, &appealed, &conceded).await;
    assert_eq!(post.status, StatusCode::CREATED, "{}", post.body);
    let page = app.get("/disagreements", &[("cookie", &manager)]).await;
    let orders = page.body.split("Orders and concessions to carry out").nth(1).unwrap();
    let notify = orders.find("Confirm the ordered assessment").expect("the 2-week duty is listed");
    let final_plan = orders.find("Issue the final plan after").expect("the 14-week duty is listed");
    assert!(notify < final_plan, "earliest due first: {orders}");
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assert_eq!(
        app.get("/disagreements", &[("cookie", &senco)]).await.status,
        StatusCode::FORBIDDEN
    );
}
