//! The designated clinical or medical officer (Code 3.46–3.47) reads the health needs, health
//! provision and health advice of the plans in the area their health body serves, and nothing
//! else of the record; each read is audited.

use crate::advice::ask_the_ep_for_health_advice;
use crate::fixtures::{
    PASSWORD, date_fields, ev, named_user, organisation, plan_content, post_event, request,
    send_form, token, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use sendcase_domain::people::roles::{OrganisationKind, Role};
use serde_json::json;

on_both_backends!(the_designated_clinical_officer_reads_the_health_part_of_the_area_s_plans);

async fn the_designated_clinical_officer_reads_the_health_part_of_the_area_s_plans(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let today = sendcase_web::today();
    let on = |days: i64| (today - days.days()).to_string();
    let id = request(&app, &cw, w.own_child, &on(500), &[ev("decided_to_assess", &on(470))]).await;
    let case = format!("/ehc-requests/{id}");

    // Health advice asked of the professional and given by post.
    ask_the_ep_for_health_advice(&app, &caseworker, &case, today - 460.days()).await;
    let form = app.get(&format!("{case}/steps/record-advice"), &[("cookie", &caseworker)]).await;
    let health_request = form
        .body
        .split("<option value=\"")
        .skip(1)
        .find(|o| o.contains("Medical advice"))
        .and_then(|o| o.split('"').next())
        .expect("the health advice on the form")
        .to_owned();
    let mut posted = vec![
        ("advice_request".to_owned(), health_request),
        (
            "advice".to_owned(),
            "Ada has asthma, well controlled with a reliever inhaler.".to_owned(),
        ),
    ];
    posted.extend(date_fields("date", today - 450.days()));
    let posted = send_form(&app, &caseworker, &format!("{case}/steps/record-advice"), posted).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);

    let mut plan = plan_content();
    plan["c"] = json!([{"id": "C1", "description": "Asthma", "area": null}]);
    plan["g"] = json!([{"meets": ["C1"], "what": "A reliever inhaler kept in class", "who": "School nurse",
        "expertise": "", "frequency": "as needed", "duration": "until the next annual review",
        "group_size": "1:1"}]);
    let saved = app
        .put_json(
            &format!("/api/v1/ehc-requests/{id}/plan"),
            &cw,
            &json!({"version": 0, "plan": plan}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    for (event, days) in
        [("draft_plan_issued", 440), ("draft_comments_received", 435), ("final_plan_issued", 420)]
    {
        let res = post_event(&app, &cw, &id, &ev(event, &on(days))).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }

    let icb =
        organisation(&app, OrganisationKind::HealthBody, "Kent ICB", None, None, Some(w.la)).await;
    let other_la = crate::fixtures::organisation_named(&app, "Medway Council").await;
    let medway_icb =
        organisation(&app, OrganisationKind::HealthBody, "Medway ICB", None, None, Some(other_la))
            .await;
    let dco = Role::DesignatedClinicalOfficer;
    named_user(&app, "dco@example.org", "Dr Ruth Adeyemi", dco, Some(icb)).await;
    named_user(&app, "medway.dco@example.org", "Dr Sam Cole", dco, Some(medway_icb)).await;

    let officer = app.sign_in("dco@example.org", PASSWORD).await;
    let home = app.get("/", &[("cookie", &officer)]).await;
    // Issued over a year ago, the plan's annual review is overdue: the officer's work.
    let shown = format!("/health/plans/{id}");
    assert!(home.body.contains("Annual reviews overdue (1)"), "{}", home.body);
    assert!(home.body.contains(&format!("href=\"{shown}\">Ada Ashby</a>")), "{}", home.body);
    let list = app.get("/health", &[("cookie", &officer)]).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains(&shown), "{}", list.body);
    assert!(list.body.contains("1 plan in force"), "{}", list.body);

    let part = app.get(&shown, &[("cookie", &officer)]).await;
    assert_eq!(part.status, StatusCode::OK, "{}", part.body);
    for said in [
        "C1: Asthma",
        "A reliever inhaler kept in class",
        "well controlled with a reliever inhaler",
    ] {
        assert!(part.body.contains(said), "{said}: {}", part.body);
    }
    // Nothing else of the plan or the record.
    assert!(!part.body.contains("Precision teaching"), "{}", part.body);
    assert!(!part.body.contains("Reading well below age"), "{}", part.body);
    assert_eq!(app.get(&case, &[("cookie", &officer)]).await.status, StatusCode::NOT_FOUND);
    let child = format!("/children/{}", w.own_child);
    assert_eq!(app.get(&child, &[("cookie", &officer)]).await.status, StatusCode::NOT_FOUND);

    // Another area's officer neither lists nor reads it; the council's own staff use the record.
    let medway = app.sign_in("medway.dco@example.org", PASSWORD).await;
    let theirs = app.get("/health", &[("cookie", &medway)]).await;
    assert!(!theirs.body.contains(&shown), "{}", theirs.body);
    assert_eq!(app.get(&shown, &[("cookie", &medway)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&shown, &[("cookie", &caseworker)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/health", &[("cookie", &caseworker)]).await.status, StatusCode::FORBIDDEN);

    let entries = app.store.audit_entries(0, 100_000).await.unwrap();
    let reads: Vec<_> = entries
        .iter()
        .filter(|e| e.record_id.as_deref() == Some(id.as_str()) && e.record_type == "health_part")
        .map(|e| (e.action.as_str(), e.acting_role.as_deref()))
        .collect();
    assert_eq!(
        reads,
        [
            ("read", Some("designated_clinical_officer")),
            ("refused", Some("designated_clinical_officer")),
            ("refused", Some("la_caseworker")),
        ]
    );
}
