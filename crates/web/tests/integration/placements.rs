//! Section I's placements recorded on an issued plan and ended, a rank held by one placement
//! at a time, and the council manager's check of the SEN2 return that counts them.

use crate::fixtures::{
    PASSWORD, date_fields, ev, meta, plan_in_force, request, send_form, token, user, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::schools::gias::SenProvision;
use sendcase_store::{EstablishmentImport, Upserted};

on_both_backends!(a_caseworker_records_the_plan_s_placements_and_the_manager_checks_the_return);

async fn a_caseworker_records_the_plan_s_placements_and_the_manager_checks_the_return(
    app: TestApp,
) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let ada = plan_in_force(&app, &cw, w.own_child, 120).await;
    let kent = app.sign_in("caseworker@example.org", PASSWORD).await;
    let case = format!("/ehc-requests/{ada}");
    let today = sendcase_web::today();
    let page = app.get(&case, &[("cookie", &kent)]).await;
    assert!(page.body.contains("Record a placement"), "{}", page.body);

    let placement = |setting: &str, rank: &str, details: &str| {
        let mut fields = vec![
            ("setting".to_owned(), setting.to_owned()),
            ("details".to_owned(), details.to_owned()),
            ("rank".to_owned(), rank.to_owned()),
            ("residential".to_owned(), "no".to_owned()),
        ];
        fields.extend(date_fields("starts", today - 100.days()));
        fields
    };
    let form = format!("{case}/steps/placement");
    let recorded = send_form(&app, &kent, &form, placement("urn:990101", "1", "")).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let clash = send_form(&app, &kent, &form, placement("urn:990101", "1", "")).await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(clash.body.contains("Another placement has this rank"), "{}", clash.body);
    let vague = send_form(&app, &kent, &form, placement("setting:OTH", "2", "")).await;
    assert_eq!(vague.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(vague.body.contains("Say what type of setting"), "{}", vague.body);
    let unknown = send_form(&app, &kent, &form, placement("urn:123456", "2", "")).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Choose the setting the plan names"), "{}", unknown.body);
    let second =
        send_form(&app, &kent, &form, placement("setting:OTH", "2", "A special school")).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);

    let plan = app.get(&format!("{case}/plan"), &[("cookie", &kent)]).await;
    assert!(
        plan.body.contains("Placement: Oakfield Primary (URN 990101), main placement, from"),
        "{}",
        plan.body
    );
    assert!(plan.body.contains("A type of setting named, but no setting: A special school"));

    let mut ending = vec![("placement".to_owned(), "1".to_owned())];
    ending.extend(date_fields("ends", today - 2.days()));
    let ended =
        send_form(&app, &kent, &format!("{case}/steps/end-placement"), ending.clone()).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    let again = send_form(&app, &kent, &format!("{case}/steps/end-placement"), ending).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let plan = app.get(&format!("{case}/plan"), &[("cookie", &kent)]).await;
    assert!(
        plan.body.contains(&format!("to {}", sendcase_domain::clock::long_date(today - 2.days())))
    );

    // The return is checked by the council's manager only; Ada is on no SEN register.
    let refused = app.get("/plans/sen2", &[("cookie", &kent)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    user(&app, "manager@example.org", Role::LaManager, Some(w.la)).await;
    let manager = app.sign_in("manager@example.org", PASSWORD).await;
    let year = (today.year() + 1).to_string();
    let check = app.get(&format!("/plans/sen2?year={year}"), &[("cookie", &manager)]).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert!(check.body.contains(&format!("href=\"{case}\"")), "{}", check.body);
    assert!(check.body.contains("1 person in the return") && check.body.contains("SENneed"));

    // Ada goes back to Oakfield, now to its SEN unit; once GIAS says it has none, that is an
    // error to fix.
    let mut in_unit = placement("urn:990101", "1", "");
    in_unit.retain(|(name, _)| !name.starts_with("starts"));
    in_unit.extend(date_fields("starts", today - 1.days()));
    in_unit.push(("sen_unit".to_owned(), "yes".to_owned()));
    let back = send_form(&app, &kent, &form, in_unit).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    let check = app.get(&format!("/plans/sen2?year={year}"), &[("cookie", &manager)]).await;
    assert!(!check.body.contains("GIAS lists no SEN unit"), "GIAS has not said: {}", check.body);
    let oakfield = EstablishmentImport {
        urn: "990101".parse().unwrap(),
        kind: OrganisationKind::School,
        name: "Oakfield Primary".into(),
        phase: Some("Primary".into()),
        school_type: Some("Community school".into()),
        ukprn: None,
        sen_provision: Some(SenProvision { sen_unit: false, resourced_provision: true }),
        local_authority: None,
        add_if_new: false,
    };
    let imported = app.store.import_establishments(&[oakfield], &|_| {}, &meta()).await.unwrap();
    assert_eq!(imported, [Upserted::Updated]);
    let check = app.get(&format!("/plans/sen2?year={year}"), &[("cookie", &manager)]).await;
    assert!(check.body.contains("GIAS lists no SEN unit at URN 990101"), "{}", check.body);
    let bad = app.get("/plans/sen2?year=1999", &[("cookie", &manager)]).await;
    assert!(bad.status.is_client_error(), "{}", bad.status);
    assert!(bad.body.contains("Choose a collection year from the list"), "{}", bad.body);
}

on_both_backends!(section_j_holds_the_budget_s_parts_each_paying_for_lines_the_plan_has);

async fn section_j_holds_the_budget_s_parts_each_paying_for_lines_the_plan_has(app: TestApp) {
    let w = world(&app).await;
    let cw = token(&app, "caseworker@example.org").await;
    let received = sendcase_web::today() - 40.days();
    let on = (received + 30.days()).to_string();
    let id =
        request(&app, &cw, w.own_child, &received.to_string(), &[ev("decided_to_assess", &on)])
            .await;
    let kent = app.sign_in("caseworker@example.org", PASSWORD).await;
    let case = format!("/ehc-requests/{id}");
    let line =
        [("r0-meets", "b1"), ("r0-what", "Speech and language therapy"), ("r0-who", "Therapist")];
    let saved = app.submit(&kent, &format!("{case}/plan/sections/F"), &line).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let section_j = format!("{case}/plan/sections/J");
    let budget = |pays_for: &'static str, amount: &'static str| {
        vec![
            ("requested", "yes"),
            ("health", "900"),
            ("dp_amount", amount),
            ("dp_pays_for", pays_for),
            ("dp_agreed-day", "12"),
            ("dp_agreed-month", "1"),
            ("dp_agreed-year", "2026"),
        ]
    };
    let missing = app.submit(&kent, &section_j, &budget("F2", "900")).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("There is no line of provision"), "{}", missing.body);
    let too_much = app.submit(&kent, &section_j, &budget("F1", "1000")).await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_much.body.contains("more than the £900 agreed"), "{}", too_much.body);
    let kept = app.submit(&kent, &section_j, &budget("f1", "900")).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    let plan = app.get(&format!("{case}/plan"), &[("cookie", &kent)]).await;
    assert!(
        plan.body
            .contains("Direct payment: £900 a year, agreed Monday 12 January 2026, paying for F1"),
        "{}",
        plan.body
    );
}
