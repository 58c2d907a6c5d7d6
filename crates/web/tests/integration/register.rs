//! The SEN register's storage on both backends: an import adds, changes or leaves each pupil,
//! keeps the history, and the census register shows each pupil's latest entry.

use crate::fixtures::{PASSWORD, meta, pupil, request, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_store::ImportCounts;
use serde_json::{Value, json};

on_both_backends!(
    imports_keep_history_and_the_census_reads_the_latest_entry,
    a_pupil_imported_at_a_second_school_is_on_roll_at_one,
    the_register_page_groups_pupils_by_broad_area_for_their_school,
    two_senco_changes_to_one_entry_are_not_both_silently_kept,
    a_leaver_leaves_the_school_s_reach_and_their_history_goes_with_them,
    a_pupil_from_outside_brings_the_sen_history_of_their_transfer_file,
    no_register_entry_is_written_for_a_pupil_not_on_roll
);

async fn no_register_entry_is_written_for_a_pupil_not_on_roll(app: TestApp) {
    let w = world(&app).await;
    let account = app.store.user_account_by_email("senco@example.org").await.unwrap().unwrap();
    let actor = sendcase_domain::policy::Actor {
        user_id: account.user.id,
        memberships: account.memberships.clone(),
    };
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    let acting = sendcase_usecases::Acting {
        store: &*app.store,
        calendar,
        actor: &actor,
        request_id: "test",
        today: sendcase_web::today(),
    };
    let change = sendcase_store::RegisterChange {
        year_group: String::new(),
        out_of_cohort_reason: None,
        provision: "K".into(),
        need1: Some("SPLD".into()),
        need2: None,
    };
    // The other council's child is on roll at another school, not the SENCO's.
    let written = sendcase_usecases::schools::record_register_entry(
        acting,
        w.school,
        w.other_child,
        &change,
        None,
    )
    .await;
    assert!(matches!(written, Err(sendcase_usecases::Refused::NotFound)), "{written:?}");
    assert!(app.store.register_entries(w.school, Some(w.other_child)).await.unwrap().is_empty());
}

async fn a_pupil_from_outside_brings_the_sen_history_of_their_transfer_file(app: TestApp) {
    let w = world(&app).await;
    let from = sendcase_store::NewOrganisation {
        kind: sendcase_domain::people::roles::OrganisationKind::School,
        name: "Riverside Academy".into(),
        la_code: None,
        urn: Some("123456".parse().unwrap()),
        phase: None,
        school_type: None,
        ukprn: None,
        local_authority_id: None,
    };
    let joiner = pupil(9, "K", Some("SPLD"));
    let then = sendcase_store::RegisterChange {
        year_group: "3".into(),
        out_of_cohort_reason: None,
        provision: "K".into(),
        need1: Some("SPLD".into()),
        need2: None,
    };
    let transfer = sendcase_store::Transfer {
        pupil: joiner.clone(),
        history: vec![(jiff::civil::date(2024, 9, 5), then)],
    };
    let today = sendcase_web::today();
    let orgs = app.store.organisations().await.unwrap().len();
    for _ in 0..2 {
        app.store
            .import_transfer(w.school, &from, std::slice::from_ref(&transfer), today, &meta())
            .await
            .unwrap();
    }
    assert_eq!(
        app.store.organisations().await.unwrap().len(),
        orgs + 1,
        "the school from the file, once"
    );
    let child = app.store.child_with_upn(&joiner.upn).await.unwrap().unwrap();
    let history = app.store.earlier_sen_history(child, w.school).await.unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].school_name, "Riverside Academy");
    let here = app.store.register_entries(w.school, Some(child)).await.unwrap();
    assert_eq!((here.len(), here[0].provision.as_str()), (1, "K"));
}

async fn a_leaver_leaves_the_school_s_reach_and_their_history_goes_with_them(app: TestApp) {
    let w = world(&app).await;
    let on = jiff::civil::date(2026, 1, 15);
    let tobi = pupil(1, "K", Some("SPLD"));
    app.store
        .import_pupils(w.school, std::slice::from_ref(&tobi), on, &|_| {}, &meta())
        .await
        .unwrap();
    let child = app.store.register_entries(w.school, None).await.unwrap()[0].child_id;
    let caseworker = token(&app, "caseworker@example.org").await;
    request(&app, &caseworker, child, "2026-01-20", &[]).await;
    assert_eq!(caseload_school(&app, &caseworker, "").await, json!([1, "990101"]));
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let page = format!("/schools/{}/pupils/{child}", w.school);
    let leaving = format!("{page}/leaving");
    assert!(app.get(&page, &[("cookie", &senco)]).await.body.contains(&leaving));
    let tomorrow = sendcase_web::today().tomorrow().unwrap();
    let ahead = [
        ("date-day", tomorrow.day().to_string()),
        ("date-month", tomorrow.month().to_string()),
        ("date-year", tomorrow.year().to_string()),
    ];
    let ahead: Vec<(&str, &str)> = ahead.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app.submit(&senco, &leaving, &ahead).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("cannot be after today"), "{}", refused.body);
    let before = app
        .submit(&senco, &leaving, &[("date-day", "1"), ("date-month", "1"), ("date-year", "2026")])
        .await;
    assert!(before.body.contains("not yet on roll by that date"), "{}", before.body);
    let today = sendcase_web::today();
    let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
    let left = app
        .submit(&senco, &leaving, &[("date-day", &d), ("date-month", &m), ("date-year", &y)])
        .await;
    assert_eq!(left.status, StatusCode::SEE_OTHER, "{}", left.body);
    // Gone from the school at once: its page, its list and its register.
    assert_eq!(app.get(&page, &[("cookie", &senco)]).await.status, StatusCode::NOT_FOUND);
    let list = app.get(&format!("/schools/{}/pupils", w.school), &[("cookie", &senco)]).await;
    assert!(!list.body.contains("Sam Pupil1"), "{}", list.body);
    // The council's caseload no longer places the request at Oakfield.
    assert_eq!(caseload_school(&app, &caseworker, "").await, json!([1, null]));
    assert_eq!(caseload_school(&app, &caseworker, "?school=990101").await, json!([0, null]));

    // At the next school, its SENCO reads the SEN history from Oakfield.
    let chatham = crate::fixtures::organisation_named(&app, "Chatham Reach").await;
    crate::fixtures::user(
        &app,
        "chatham.senco@example.org",
        sendcase_domain::people::roles::Role::Senco,
        Some(chatham),
    )
    .await;
    app.store.import_pupils(chatham, &[tobi], today, &|_| {}, &meta()).await.unwrap();
    assert_eq!(caseload_school(&app, &caseworker, "?school=990201").await, json!([1, "990201"]));
    let theirs = app.sign_in("chatham.senco@example.org", PASSWORD).await;
    let there =
        app.get(&format!("/schools/{chatham}/pupils/{child}"), &[("cookie", &theirs)]).await;
    assert_eq!(there.status, StatusCode::OK, "{}", there.body);
    assert!(
        there.body.contains("SEN history at earlier schools")
            && there.body.contains("Oakfield Primary: Thursday 15 January 2026: SEN support"),
        "{}",
        there.body
    );
}

/// How many requests the council's caseload lists for `filter`, and the school of the first.
async fn caseload_school(app: &TestApp, token: &str, filter: &str) -> Value {
    let caseload = app.get_api(&format!("/api/v1/caseload{filter}"), token).await.json();
    json!([caseload["total"], caseload["requests"][0]["school_urn"]])
}

async fn two_senco_changes_to_one_entry_are_not_both_silently_kept(app: TestApp) {
    let w = world(&app).await;
    let on = jiff::civil::date(2026, 1, 15);
    app.store
        .import_pupils(w.school, &[pupil(1, "K", Some("SPLD"))], on, &|_| {}, &meta())
        .await
        .unwrap();
    let child = app.store.register_entries(w.school, None).await.unwrap()[0].child_id;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let form = format!("/schools/{}/pupils/{child}/register", w.school);
    let opened = app.get(&form, &[("cookie", &senco)]).await;
    assert!(opened.body.contains("/register?version=1"), "{}", opened.body);
    let (to_plan, to_mld) = (
        [("provision", "K"), ("need1", "SLCN"), ("year_group", "")],
        [("provision", "K"), ("need1", "MLD"), ("year_group", "")],
    );
    let path = format!("{form}?version=1");
    let (a, b) =
        tokio::join!(app.submit(&senco, &path, &to_plan), app.submit(&senco, &path, &to_mld));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT], "{}{}", a.body, b.body);
    let refused = if a.status == StatusCode::CONFLICT { &a } else { &b };
    for shown in [
        "Someone else changed this pupil&#39;s register entry",
        "Their entry",
        "Keep your version",
        "/register?version=2",
    ] {
        assert!(refused.body.contains(shown), "{shown}: {}", refused.body);
    }
    assert_eq!(app.store.register_entries(w.school, Some(child)).await.unwrap().len(), 2);
}

async fn imports_keep_history_and_the_census_reads_the_latest_entry(app: TestApp) {
    let w = world(&app).await;
    let on = jiff::civil::date(2026, 1, 15);
    let first = [pupil(1, "K", Some("SPLD")), pupil(2, "N", None)];
    let counts = app.store.import_pupils(w.school, &first, on, &|_| {}, &meta()).await.unwrap();
    assert_eq!(counts, ImportCounts { added: 2, changed: 0, unchanged: 0 });
    let second = [pupil(1, "E", Some("SPLD")), pupil(2, "N", None)];
    let counts = app.store.import_pupils(w.school, &second, on, &|_| {}, &meta()).await.unwrap();
    assert_eq!(counts, ImportCounts { added: 0, changed: 1, unchanged: 1 });
    let register = app.store.census_register(Some(w.school), on).await.unwrap();
    let provisions: Vec<(&str, &str)> =
        register.iter().map(|r| (r.surname.as_str(), r.provision.as_str())).collect();
    // Ada Ashby is on roll with no register entry: the return counts her as N.
    assert_eq!(provisions, vec![("Ashby", "N"), ("Pupil1", "E"), ("Pupil2", "N")]);
    assert_eq!(register[1].need1.as_deref(), Some("SPLD"));
    assert_eq!(register[1].urn, "990101");
    assert!(
        app.store.census_register(Some(w.la), on).await.unwrap().is_empty(),
        "an LA has no pupils on roll"
    );
    assert_eq!(app.store.census_register(None, on).await.unwrap().len(), 4, "both schools");

    // A later change does not rewrite a census day already past.
    let later = jiff::civil::date(2026, 3, 2);
    let third = [pupil(1, "K", Some("MLD")), pupil(2, "N", None)];
    app.store.import_pupils(w.school, &third, later, &|_| {}, &meta()).await.unwrap();
    let on_census_day = app.store.census_register(Some(w.school), on).await.unwrap();
    assert_eq!(on_census_day[1].provision, "E", "as it stood on the day");
    let after = app.store.census_register(Some(w.school), later).await.unwrap();
    assert_eq!((after[1].provision.as_str(), after[1].need1.as_deref()), ("K", Some("MLD")));
    let before_anyone = jiff::civil::date(2019, 1, 1);
    assert!(app.store.census_register(Some(w.school), before_anyone).await.unwrap().is_empty());
}

async fn the_register_page_groups_pupils_by_broad_area_for_their_school(app: TestApp) {
    let w = world(&app).await;
    let on = jiff::civil::date(2026, 1, 15);
    let pupils = [pupil(1, "K", Some("SLCN")), pupil(2, "N", None), pupil(3, "K", Some("NSA"))];
    app.store.import_pupils(w.school, &pupils, on, &|_| {}, &meta()).await.unwrap();
    let later = [pupil(1, "E", Some("SLCN"))];
    app.store
        .import_pupils(w.school, &later, jiff::civil::date(2026, 3, 2), &|_| {}, &meta())
        .await
        .unwrap();

    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let own = app.get("/sen-register", &[("cookie", &senco)]).await;
    let path =
        own.headers.get("location").expect("the SENCO's own register").to_str().unwrap().to_owned();
    assert_eq!(path, format!("/schools/{}/sen-register", w.school));
    let page = app.get(&path, &[("cookie", &senco)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    let communication =
        body.find("Communication and interaction (1)").expect("a communication group");
    let unassessed =
        body.find("Type of need not yet assessed, or across areas (1)").expect("an NSA group");
    assert!(
        communication < unassessed && body.contains("1 other pupil is on roll with no SEN"),
        "{body}"
    );
    assert!(body.contains("EHC plan") && body.contains("Thursday 15 January 2026: SEN support (Speech, language and communication needs), Year 5"), "{body}");

    // The SENCO logs a meeting with the parents of a pupil on SEN support; staff may not.
    let start = body.find("Type of need not yet assessed").unwrap();
    let link = body[start..].find("href=\"/schools/").map(|i| start + i + "href=\"".len()).unwrap();
    let pupil = body[link..].split('"').next().unwrap().to_owned();
    let before = app.get(&pupil, &[("cookie", &senco)]).await;
    assert!(before.body.contains("0 meetings with parents this school year"), "{}", before.body);
    let form = app.get(&format!("{pupil}/meetings"), &[("cookie", &senco)]).await;
    let csrf = crate::app::hidden_csrf(&form.body);
    let today = sendcase_web::today();
    let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
    let missing = app
        .post_form(
            &format!("{pupil}/meetings"),
            &senco,
            &[("csrf_token", &csrf), ("date-day", &d), ("date-month", &m), ("date-year", &y)],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    let saved = app
        .post_form(
            &format!("{pupil}/meetings"),
            &senco,
            &[
                ("csrf_token", &csrf),
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("notes", "Agreed reading outcomes"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = app.get(&pupil, &[("cookie", &senco)]).await;
    assert!(
        after.body.contains("1 meeting with parents this school year")
            && after.body.contains("Agreed reading outcomes"),
        "{}",
        after.body
    );
    let notice = app.get(&format!("{pupil}/sen-notice"), &[("cookie", &senco)]).await;
    assert!(
        notice.body.contains("section 68") && notice.body.contains("Thursday 15 January 2026"),
        "{}",
        notice.body
    );
    let staff = app.sign_in("staff@example.org", PASSWORD).await;
    assert_eq!(app.get(&pupil, &[("cookie", &staff)]).await.status, StatusCode::OK);
    assert_eq!(
        app.get(&format!("{pupil}/meetings"), &[("cookie", &staff)]).await.status,
        StatusCode::FORBIDDEN
    );

    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    assert_eq!(
        app.get(&path, &[("cookie", &caseworker)]).await.status,
        StatusCode::OK,
        "the responsible LA sees its children"
    );
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    assert_eq!(app.get(&path, &[("cookie", &parent)]).await.status, StatusCode::NOT_FOUND);
}

/// A pupil who moves is on roll at one school at a time: the import at the new school ends the
/// place at the old one the day before, so no census counts them twice.
async fn a_pupil_imported_at_a_second_school_is_on_roll_at_one(app: TestApp) {
    let w = world(&app).await;
    let joined = jiff::civil::date(2026, 1, 15);
    let moved = jiff::civil::date(2026, 3, 2);
    let tobi = [pupil(1, "K", Some("SPLD"))];
    app.store.import_pupils(w.school, &tobi, joined, &|_| {}, &meta()).await.unwrap();
    let second = app.store.organisations().await.unwrap();
    let other_school = second.iter().find(|o| o.name == "Chatham Reach").unwrap().id;
    app.store.import_pupils(other_school, &tobi, moved, &|_| {}, &meta()).await.unwrap();
    let on_roll = |school, on| {
        let store = app.store.clone();
        async move {
            let rows = store.census_register(Some(school), on).await.unwrap();
            rows.iter().filter(|r| r.surname == "Pupil1").count()
        }
    };
    assert_eq!(on_roll(w.school, jiff::civil::date(2026, 2, 1)).await, 1, "before the move");
    assert_eq!(on_roll(w.school, moved).await, 0, "the old place ended");
    assert_eq!(on_roll(other_school, moved).await, 1, "on roll at the new school");
    assert_eq!(
        app.store
            .census_register(None, moved)
            .await
            .unwrap()
            .iter()
            .filter(|r| r.surname == "Pupil1")
            .count(),
        1
    );
}
