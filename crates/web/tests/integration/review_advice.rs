//! Professionals invited to an annual review through their accounts: they find it among their
//! advice requests, read the review while it is under way and give their advice once, before
//! the meeting; the setting and the council see what each gave or still owes; the API does the
//! same as the pages.

use crate::app::hidden_csrf;
use crate::fixtures::{
    PASSWORD, date_fields, named_user, plan_in_force, post_event, send_form, token, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use sendcase_domain::clock::long_date;
use sendcase_domain::people::roles::Role;
use serde_json::json;

on_both_backends!(an_invited_professional_gives_advice_that_the_setting_sees);
on_both_backends!(advice_stops_at_the_meeting_and_the_invitation_at_the_decision);

const HELD: &str = "The review meeting has been held, so advice for it can no longer be given";

async fn an_invited_professional_gives_advice_that_the_setting_sees(app: TestApp) {
    let w = world(&app).await;
    let salt =
        named_user(&app, "salt@example.org", "Ms Rhona Reid", Role::Professional, None).await;
    named_user(&app, "ot@example.org", "Mr Owen Tate", Role::Professional, None).await;
    let cw = token(&app, "caseworker@example.org").await;
    let id = plan_in_force(&app, &cw, w.own_child, 330).await;
    let today = sendcase_web::today();
    let review = format!("/ehc-requests/{id}/review");
    let give = format!("{review}/professional-advice");
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let therapist = app.sign_in("salt@example.org", PASSWORD).await;
    let uninvited = app.sign_in("ot@example.org", PASSWORD).await;
    assert_eq!(app.get(&review, &[("cookie", &therapist)]).await.status, StatusCode::NOT_FOUND);

    // The SENCO invites the therapist from the professionals' accounts.
    let form = app.get(&format!("{review}/arrange"), &[("cookie", &senco)]).await;
    assert!(form.body.contains("Ms Rhona Reid") && form.body.contains("Mr Owen Tate"));
    let meeting = today + 20.days();
    let mut fields = date_fields("meeting_date", meeting);
    fields.extend(date_fields("date", today - 5.days()));
    fields.extend([
        ("invite-family".to_owned(), "yes".to_owned()),
        ("invite-setting".to_owned(), "yes".to_owned()),
        (format!("professional-{salt}"), "yes".to_owned()),
    ]);
    let arranged = send_form(&app, &senco, &format!("{review}/arrange"), fields).await;
    assert_eq!(arranged.status, StatusCode::SEE_OTHER, "{}", arranged.body);
    let moving = app.get(&format!("{review}/arrange"), &[("cookie", &senco)]).await;
    let kept = format!(r#"name="professional-{salt}" type="checkbox" value="yes" checked"#);
    assert!(moving.body.contains(&kept), "moving the meeting keeps them invited");

    // The therapist finds it among their advice requests, with the meeting and when advice is
    // due, and opens the review, where giving their advice is all they can do.
    let due = meeting - 14.days();
    let inbox = app.get("/advice", &[("cookie", &therapist)]).await;
    for shown in [review.clone(), long_date(meeting), long_date(due)] {
        assert!(inbox.body.contains(&shown), "{shown:?}: {}", inbox.body);
    }
    let page = app.get(&review, &[("cookie", &therapist)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&give) && page.body.contains("Give your advice"), "{}", page.body);
    assert!(!page.body.contains(&format!("{review}/arrange")));

    // Another professional is not told the review exists, nor is the SENCO given its form.
    let own_inbox = app.get("/advice", &[("cookie", &uninvited)]).await;
    assert!(!own_inbox.body.contains(&review));
    for path in [&review, &give] {
        assert_eq!(app.get(path, &[("cookie", &uninvited)]).await.status, StatusCode::NOT_FOUND);
    }
    let csrf = hidden_csrf(&own_inbox.body);
    let fields = [("csrf_token", csrf.as_str()), ("advice", "Me too")];
    assert_eq!(app.post_form(&give, &uninvited, &fields).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&give, &[("cookie", &senco)]).await.status, StatusCode::FORBIDDEN);

    // The therapist gives their advice, once.
    let blank = send_form(&app, &therapist, &give, vec![("advice".into(), " ".into())]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("Enter your advice for the review"), "{}", blank.body);
    let advice = "Ada now uses two-word phrases: keep the weekly therapy";
    let given = send_form(&app, &therapist, &give, vec![("advice".into(), advice.into())]).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let again = send_form(&app, &therapist, &give, vec![("advice".into(), "More".into())]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("already given your advice"), "{}", again.body);
    let inbox = app.get("/advice", &[("cookie", &therapist)]).await;
    assert!(inbox.body.contains(&format!("Given on {}", long_date(today))), "{}", inbox.body);

    // The SENCO sees it on the review and where they record the advice sent round.
    let seen = app.get(&review, &[("cookie", &senco)]).await;
    assert!(seen.body.contains(advice) && seen.body.contains("1 of 1 received"), "{}", seen.body);
    let round = app.get(&format!("{review}/advice"), &[("cookie", &senco)]).await;
    let received = format!("Advice received from Ms Rhona Reid on {}", long_date(today));
    assert!(round.body.contains(&received), "{}", round.body);

    // The council's system reads the same; the therapist's reads were audited as theirs.
    let path = format!("/api/v1/ehc-requests/{id}/review/advice");
    let api = app.get_api(&path, &cw).await.json();
    assert_eq!(api["invited"][0]["advice"], advice);
    assert_eq!(api["invited"][0]["given_on"], today.to_string());
    assert_eq!(api["advice_due"], due.to_string());
    let audit = app.store.audit_entries(0, 10_000).await.unwrap();
    assert!(audit.iter().any(|e| e.actor_user_id == Some(salt)
        && e.action == "read"
        && e.acting_role.as_deref() == Some("professional")
        && e.record_id.as_deref() == Some(id.as_str())));
}

async fn advice_stops_at_the_meeting_and_the_invitation_at_the_decision(app: TestApp) {
    let w = world(&app).await;
    let salt =
        named_user(&app, "salt@example.org", "Ms Rhona Reid", Role::Professional, None).await;
    let cw = token(&app, "caseworker@example.org").await;
    let api_token = token(&app, "salt@example.org").await;
    let id = plan_in_force(&app, &cw, w.own_child, 330).await;
    let today = sendcase_web::today();
    let day = |ago: i64| (today - ago.days()).to_string();
    let post = |event: serde_json::Value| {
        let (app, cw, id) = (&app, cw.clone(), id.clone());
        async move { post_event(app, &cw, &id, &event).await }
    };

    // The API invites professionals' accounts only.
    let parent = app.store.user_account_by_email("parent@example.org").await.unwrap().unwrap();
    let arrange = |invitee: uuid::Uuid| {
        json!({"event": "review_meeting_scheduled", "date": day(30), "meeting_date": day(10),
            "record": {"invited": ["family", "setting"], "professionals": [invitee]}})
    };
    let wrong = post(arrange(parent.user.id)).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("professionals' accounts"), "{}", wrong.body);
    let arranged = post(arrange(salt)).await;
    assert_eq!(arranged.status, StatusCode::CREATED, "{}", arranged.body);

    // The therapist's system lists the review and gives their advice.
    let invitations = app.get_api("/api/v1/review-invitations", &api_token).await.json();
    assert_eq!(invitations["reviews"][0]["request_id"], id.as_str());
    assert_eq!(invitations["reviews"][0]["meeting_date"], day(10));
    let path = format!("/api/v1/ehc-requests/{id}/review/advice");
    let given = app.post_json(&path, &api_token, &json!({"advice": "Keep the therapy"})).await;
    assert_eq!(given.status, StatusCode::CREATED, "{}", given.body);
    assert_eq!(given.json()["invited"][0]["name"], "Ms Rhona Reid");
    assert_eq!(given.json()["invited"][0]["advice"], "Keep the therapy");

    // Once the meeting is held, advice is refused, saying why, through the API and the page.
    let meeting = json!({"attended": ["Ada's mother"], "agreed": "Keep the plan"});
    let held =
        post(json!({"event": "review_meeting_held", "date": day(10), "record": meeting})).await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    let late = app.post_json(&path, &api_token, &json!({"advice": "Late"})).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", late.body);
    assert!(late.body.contains(HELD), "{}", late.body);
    let therapist = app.sign_in("salt@example.org", PASSWORD).await;
    let review = format!("/ehc-requests/{id}/review");
    let form = format!("{review}/professional-advice");
    let late = send_form(&app, &therapist, &form, vec![("advice".into(), "Late".into())]).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains(HELD), "{}", late.body);

    // The review stays open to them until the council decides, and then closes.
    assert_eq!(app.get(&review, &[("cookie", &therapist)]).await.status, StatusCode::OK);
    let report = json!({"recommendation": "maintain", "summary": "Good progress"});
    let sent = post(json!({"event": "review_report_sent", "date": day(5), "record": report})).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let decided = post(json!({"event": "review_decision_notified", "date": day(1),
        "outcome": "maintain", "record": {"reasons": "The plan works"}}))
    .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
    assert_eq!(app.get(&review, &[("cookie", &therapist)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get_api(&path, &api_token).await.status, StatusCode::NOT_FOUND);
    let invitations = app.get_api("/api/v1/review-invitations", &api_token).await.json();
    assert_eq!(invitations["reviews"], json!([]));
    assert!(!app.get("/advice", &[("cookie", &therapist)]).await.body.contains(&review));
}
