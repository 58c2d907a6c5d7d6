//! A family with a plan moving to another council (regs 15–17): the old council records the
//! move and transfers the plan on the day, after which the new council holds the case and its
//! duties and the old one cannot open it; a council outside sendcase gets the plan and its
//! history as a file, and the old council ends the plan.

use crate::fixtures::{
    PASSWORD, child_at, date_fields, ev, meta, organisation_named, plan_in_force, request,
    send_form, token, user, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::fingerprint::Fingerprint;
use sendcase_domain::clock::{DatedEvent, summarise};
use sendcase_domain::people::roles::Role;

on_both_backends!(a_plan_moves_with_the_family_to_another_council);

async fn a_plan_moves_with_the_family_to_another_council(app: TestApp) {
    let w = world(&app).await;
    let medway = organisation_named(&app, "Medway Council").await;
    user(&app, "medway.caseworker@example.org", Role::LaCaseworker, Some(medway)).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    // Ada's first request was turned down a year ago; her case moves with her, but the refusal
    // stays Kent's in the SEN2 return, as Kent made it.
    let refused_on = today - 340.days();
    let refused = [ev("decided_not_to_assess", &refused_on.to_string())];
    let first = request(&app, &cw, w.own_child, &(today - 380.days()).to_string(), &refused).await;
    let ada = plan_in_force(&app, &cw, w.own_child, 210).await;
    let kent = app.sign_in("caseworker@example.org", PASSWORD).await;
    let case = format!("/ehc-requests/{ada}");

    let mut moving = vec![("council".to_owned(), medway.to_string())];
    moving.extend(date_fields("move_date", today - 1.days()));
    moving.extend(date_fields("date", today - 10.days()));
    let recorded = send_form(&app, &kent, &format!("{case}/steps/move"), moving).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let early = send_form(
        &app,
        &kent,
        &format!("{case}/steps/transfer"),
        date_fields("date", today - 2.days()),
    )
    .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("transfers on the day of the move"), "{}", early.body);
    let moved = send_form(
        &app,
        &kent,
        &format!("{case}/steps/transfer"),
        date_fields("date", today - 1.days()),
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);

    // Kent's SEN2 return still counts the plan, ended on the day of the transfer because she
    // moved to another council (reason 5); Medway's names Kent as where it came from.
    let transferred = today - 1.days();
    let kent_return =
        in_sen2_return(&app, w.la, &ada, transferred).await.expect("in Kent's return");
    let plan = kent_return.assessment.and_then(|a| a.plan).unwrap();
    assert_eq!((plan.cease_date, plan.cease_reason.as_deref()), (Some(transferred), Some("5")));
    assert!(kent_return.active.is_none());
    let medway_return = in_sen2_return(&app, medway, &ada, transferred).await.expect("in Medway's");
    assert_eq!(medway_return.active.unwrap().transfer_la.as_deref(), Some("886"));
    let kent_refusal = in_sen2_return(&app, w.la, &first, refused_on).await.expect("Kent's");
    assert_eq!((kent_refusal.outcome.as_str(), kent_refusal.outcome_date), ("N", Some(refused_on)));
    assert!(in_sen2_return(&app, medway, &first, refused_on).await.is_none(), "not Medway's");
    // Read a child at a page, Kent's return holds the children it holds read at once: Ada, as
    // the council her plan was transferred from, and Kent's own.
    for given in ["Bea", "Cy"] {
        let child = child_at(&app, given, w.la, Some(w.school)).await;
        request(&app, &cw, child, &today.to_string(), &[]).await;
    }
    let at_once = app.store.sen2_people(w.la, None, 100).await.unwrap();
    let at_once: Vec<_> = at_once.iter().map(|p| p.child.id).collect();
    let (mut one_by_one, mut after) = (vec![], None);
    while let Some(p) = app.store.sen2_people(w.la, after, 1).await.unwrap().pop() {
        after = Some(p.child.id);
        one_by_one.push(p.child.id);
    }
    assert_eq!(one_by_one, at_once);
    assert!(at_once.contains(&w.own_child) && at_once.len() == 3, "{at_once:?}");
    assert_eq!(app.store.sen2_people_count(w.la).await.unwrap(), at_once.len() as u64);

    // The old council's access has ended; the new council holds the case and its duties.
    let gone = app.get(&case, &[("cookie", &kent)]).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let kent_plans = app.get("/plans", &[("cookie", &kent)]).await;
    assert!(!kent_plans.body.contains("Ada Ashby"), "{}", kent_plans.body);
    let medway_cookie = app.sign_in("medway.caseworker@example.org", PASSWORD).await;
    let theirs = app.get(&case, &[("cookie", &medway_cookie)]).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
    let medway_plans = app.get("/plans", &[("cookie", &medway_cookie)]).await;
    assert!(medway_plans.body.contains("Ada Ashby"), "{}", medway_plans.body);
    let medway_token = token(&app, "medway.caseworker@example.org").await;
    let duties =
        app.get_api(&format!("/api/v1/ehc-requests/{ada}/duties"), &medway_token).await.json();
    let notify = duties["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["duty"] == "notify_transfer_decisions")
        .cloned()
        .expect("the new council's decisions are owed");
    assert_eq!(notify["responsible"], "new_la");
    // Every summary of hers is filed under Medway, as rebuilding them from the events would.
    let calendar = Calendar::england_and_wales();
    let check = |history: &[DatedEvent]| summarise(history, calendar);
    let rebuilt = app.store.rebuild_summaries(&check, &Fingerprint::of(calendar), &meta()).await;
    assert_eq!(rebuilt.unwrap().unwrap().changed, 0, "the stored summaries were already right");

    // Cal moves to a council that does not use sendcase: it gets a file, and the plan ends here.
    let cal = child_at(&app, "Cal", w.la, Some(w.school)).await;
    let cal = plan_in_force(&app, &cw, cal, 210).await;
    let case = format!("/ehc-requests/{cal}");
    let mut moving = vec![
        ("council".to_owned(), "outside".to_owned()),
        ("council_name".to_owned(), "Northshire Council".to_owned()),
    ];
    moving.extend(date_fields("move_date", today - 1.days()));
    moving.extend(date_fields("date", today - 10.days()));
    let recorded = send_form(&app, &kent, &format!("{case}/steps/move"), moving).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let file = app.get(&format!("{case}/export"), &[("cookie", &kent)]).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.body);
    let exported = file.json();
    assert_eq!(exported["child"]["given_name"], "Cal");
    assert!(
        exported["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "moving_to_another_la")
    );
    assert!(exported["plan_in_force"]["plan"]["b"].is_array());
    let no_transfer =
        send_form(&app, &kent, &format!("{case}/steps/transfer"), date_fields("date", today)).await;
    assert!(no_transfer.body.contains("does not use sendcase"), "{}", no_transfer.body);
    let mut end = vec![("reason".to_owned(), "5".to_owned())];
    end.extend(date_fields("date", today));
    let ended = send_form(&app, &kent, &format!("{case}/steps/end-plan"), end).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    let gone = app.get("/plans?show=ended", &[("cookie", &kent)]).await;
    assert!(gone.body.contains("Cal Caseload"), "{}", gone.body);
}

/// The request `id` as the SEN2 return of `la` for the collection whose year holds `day`.
async fn in_sen2_return(
    app: &TestApp,
    la: uuid::Uuid,
    id: &str,
    day: jiff::civil::Date,
) -> Option<sendcase_sen2::Request> {
    let reference = sendcase_sen2::reference_date(day.year() + 1).unwrap();
    let period = sendcase_sen2::Period::of(reference);
    let people = app.store.sen2_people(la, None, 100).await.unwrap();
    people
        .iter()
        .filter_map(|p| sendcase_sen2::person(p, &period))
        .flat_map(|p| p.requests)
        .find(|r| r.request_id.to_string() == id)
}
