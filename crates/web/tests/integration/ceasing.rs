//! Ceasing a plan (s45, regs 29–31): the council decides after consulting the family and the
//! setting, the family reads the notice with its appeal rights, and the plan ends only once the
//! time to appeal has passed, leaving the active list but staying readable.

use crate::fixtures::{
    PASSWORD, date_fields, la_contacts, plan_in_force, post_event, request, send_form, token, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use serde_json::json;

on_both_backends!(a_plan_ceases_after_consultation_and_the_appeal_window);

async fn a_plan_ceases_after_consultation_and_the_appeal_window(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let day = |ago: i64| (today - ago.days()).to_string();
    let id = plan_in_force(&app, &cw, w.own_child, 310).await;
    la_contacts(&app, w.la).await;
    let case = format!("/ehc-requests/{id}");
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;

    // Ending a plan nobody decided to cease is refused, through the pages and the API alike.
    let mut end = vec![("reason".to_owned(), "2".to_owned())];
    end.extend(date_fields("date", today));
    let undecided =
        send_form(&app, &caseworker, &format!("{case}/steps/end-plan"), end.clone()).await;
    assert_eq!(undecided.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(undecided.body.contains("Decide to cease the plan first"), "{}", undecided.body);

    // The family must be consulted before the decision.
    let mut cease =
        vec![("reasons".to_owned(), "Ada's needs are met by the school's SEN support".to_owned())];
    cease.extend(date_fields("family_consulted", today - 3.days()));
    cease.extend(date_fields("setting_consulted", today - 9.days()));
    cease.extend(date_fields("date", today - 5.days()));
    let unconsulted =
        send_form(&app, &caseworker, &format!("{case}/steps/cease"), cease.clone()).await;
    assert_eq!(unconsulted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unconsulted.body.contains("The family must be consulted before the decision"),
        "{}",
        unconsulted.body
    );
    let mut cease = cease[..1].to_vec();
    cease.extend(date_fields("family_consulted", today - 20.days()));
    cease.extend(date_fields("setting_consulted", today - 19.days()));
    cease.extend(date_fields("date", today - 5.days()));
    let decided = send_form(&app, &caseworker, &format!("{case}/steps/cease"), cease).await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);

    let notice =
        app.get(&format!("{case}/documents/decision-to-cease"), &[("cookie", &parent)]).await;
    assert_eq!(notice.status, StatusCode::OK, "{}", notice.body);
    for needed in ["stop the education", "stays in place", "First-tier Tribunal", "Mediation Works"]
    {
        assert!(notice.body.contains(needed), "{needed:?}: {}", notice.body);
    }
    // The plan stays in force while the family may appeal.
    let early = send_form(&app, &caseworker, &format!("{case}/steps/end-plan"), end).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("The family can appeal until"), "{}", early.body);
    let api =
        post_event(&app, &cw, &id, &json!({"event": "plan_ceased", "date": day(0), "reason": "2"}))
            .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", api.body);
    let plans = app.get("/plans", &[("cookie", &caseworker)]).await;
    assert!(plans.body.contains("Ada Ashby"), "still in force: {}", plans.body);
    let review = app.get(&format!("{case}/review"), &[("cookie", &parent)]).await;
    assert!(review.body.contains("decided to cease the plan"), "{}", review.body);

    // Cal's council decided to cease months ago and nobody appealed: the plan ends, leaves the
    // list of plans in force and stays readable among the ended plans.
    let cal = crate::fixtures::child_at(&app, "Cal", w.la, Some(w.school)).await;
    let cal = request(
        &app,
        &cw,
        cal,
        &day(500),
        &[
            json!({"event": "decided_to_assess", "date": day(470)}),
            json!({"event": "draft_plan_issued", "date": day(440)}),
            json!({"event": "draft_comments_received", "date": day(435)}),
            json!({"event": "final_plan_issued", "date": day(410)}),
            json!({"event": "decided_to_cease", "date": day(120)}),
        ],
    )
    .await;
    let mut end = vec![("reason".to_owned(), "3".to_owned())];
    end.extend(date_fields("date", today - 1.days()));
    let ended =
        send_form(&app, &caseworker, &format!("/ehc-requests/{cal}/steps/end-plan"), end).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    let in_force = app.get("/plans", &[("cookie", &caseworker)]).await;
    assert!(!in_force.body.contains("Cal Caseload"), "{}", in_force.body);
    let gone = app.get("/plans?show=ended", &[("cookie", &caseworker)]).await;
    assert!(gone.body.contains("Cal Caseload"), "{}", gone.body);
    let page = app.get(&format!("/ehc-requests/{cal}/review"), &[("cookie", &caseworker)]).await;
    assert!(page.body.contains("The plan has ended"), "{}", page.body);
}
