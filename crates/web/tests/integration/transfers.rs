//! Moves to the next phase (reg 18): the council sees each year group's moves against the
//! deadline, plans every Year 6 move in one action, records the family's preference, consults
//! the new school and amends the plan to name it; the clock agrees at each step.

use crate::fixtures::{
    PASSWORD, child_at, date_fields, duty, organisation, plan_in_force, send_form, token, world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::clock::long_date;
use sendcase_domain::people::roles::OrganisationKind;

on_both_backends!(the_council_plans_a_year_groups_moves_and_amends_each_plan);

async fn the_council_plans_a_year_groups_moves_and_amends_each_plan(app: TestApp) {
    let w = world(&app).await;
    organisation(
        &app,
        OrganisationKind::School,
        "Valley Secondary",
        None,
        Some("990301"),
        Some(w.la),
    )
    .await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    // Bea and Cal are in Year 6 at Oakfield this school year.
    let bea = child_at(&app, "Bea", w.la, Some(w.school)).await;
    let bea = plan_in_force(&app, &cw, bea, 210).await;
    let cal = child_at(&app, "Cal", w.la, Some(w.school)).await;
    plan_in_force(&app, &cw, cal, 210).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;

    let overview = app.get("/plans/transfers", &[("cookie", &caseworker)]).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    let september = sendcase_domain::ehc::phase_transfer::transfer_date(today);
    let deadline = jiff::civil::date(september.year(), 2, 14);
    assert!(overview.body.contains(&long_date(deadline)), "{}", overview.body);

    // A SENCO plans no council's moves; the council plans the whole year group at once.
    let refused = app.get("/plans/transfers/year-6", &[("cookie", &senco)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let planned = send_form(&app, &caseworker, "/plans/transfers/year-6", vec![]).await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.body);
    let cohort = app.get("/plans/transfers/year-6?planned=2", &[("cookie", &caseworker)]).await;
    assert!(cohort.body.contains("2 moves planned"), "{}", cohort.body);
    assert!(cohort.body.contains("2 of 2"), "{}", cohort.body);
    assert!(!cohort.body.contains("Plan the move for every"), "nothing is left to plan");

    // Bea's move: the family's preference, the school consulted, the plan amended.
    let case = format!("/ehc-requests/{bea}");
    // Oakfield was consulted on her first plan; that does not count for the move, and it may be
    // consulted again about the move.
    let mut naming_oakfield = vec![
        ("institution".to_owned(), "Oakfield Primary".to_owned()),
        ("institution_kind".to_owned(), "Mainstream primary".to_owned()),
    ];
    naming_oakfield.extend(date_fields("date", today));
    let unconsulted =
        send_form(&app, &caseworker, &format!("{case}/steps/amend-for-move"), naming_oakfield)
            .await;
    assert_eq!(unconsulted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconsulted.body.contains("not been consulted about the move"), "{}", unconsulted.body);
    let mut early = vec![("institution".to_owned(), "Oakfield Primary".to_owned())];
    early.extend(date_fields("date", today - jiff::ToSpan::days(1)));
    let early = send_form(&app, &caseworker, &format!("{case}/steps/consult"), early).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("before the move was planned"), "{}", early.body);
    let mut again = vec![("institution".to_owned(), "Oakfield Primary".to_owned())];
    again.extend(date_fields("date", today));
    let again = send_form(&app, &caseworker, &format!("{case}/steps/consult"), again).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let steps = [
        ("record-preference", vec![("setting", "Valley Secondary")], today),
        ("consult", vec![("institution", "Valley Secondary")], today),
        (
            "amend-for-move",
            vec![
                ("institution", "Valley Secondary"),
                ("institution_kind", "Mainstream secondary academy"),
            ],
            today,
        ),
    ];
    for (step, fields, on) in steps {
        let mut form: Vec<(String, String)> =
            fields.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        if step != "record-preference" {
            form.extend(date_fields("date", on));
        }
        let done = send_form(&app, &caseworker, &format!("{case}/steps/{step}"), form).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{step}: {}", done.body);
    }
    let plan = app.get(&format!("{case}/plan/print"), &[("cookie", &caseworker)]).await;
    assert!(
        plan.body.contains("Valley Secondary"),
        "section I names the new school: {}",
        plan.body
    );
    let cohort = app.get("/plans/transfers/year-6", &[("cookie", &caseworker)]).await;
    assert!(cohort.body.contains("Plan amended"), "{}", cohort.body);
    assert!(cohort.body.contains(">Valley Secondary<"), "the preference shows: {}", cohort.body);
    // The year group's progress is counted: 2 plans, 2 planned, 1 preference, 1 consulted,
    // 1 amended.
    let overview = app.get("/plans/transfers", &[("cookie", &caseworker)]).await;
    let row = overview.body.split("/plans/transfers/year-6").nth(1).unwrap();
    let row = row.split("</tr>").next().unwrap();
    let counts: Vec<&str> = row
        .split("govuk-table__cell--numeric\" data-label=\"")
        .skip(1)
        .map(|cell| cell.split('>').nth(1).unwrap().split('<').next().unwrap())
        .collect();
    assert_eq!(counts, ["2", "2", "1", "1", "1"], "{row}");
    let second = app.get("/plans/transfers/year-6?page=2", &[("cookie", &caseworker)]).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(!second.body.contains("Bea "), "one page holds both plans: {}", second.body);

    let duties = app.get_api(&format!("/api/v1/ehc-requests/{bea}/duties"), &cw).await.json();
    let amend = duty(&duties, "amend_plan_for_phase_transfer");
    assert_eq!(amend["status"], "met");
    assert_eq!(amend["due"], deadline.to_string());
}
