//! SEN support in school over HTTP on both backends: a full assess–plan–do–review cycle, an
//! overdue review flagged on the register, the provision map's costs and impact, and a request
//! pack that arrives in the council's intake with its evidence.

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, date_fields, meta, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_store::PupilImport;

on_both_backends!(
    two_request_packs_sent_at_once_open_one_request,
    a_senco_runs_a_cycle_and_staff_log_sessions,
    parents_see_the_cycles_of_their_own_child_only,
    the_senco_sees_tasks_from_every_council_in_one_list,
    the_provision_map_costs_interventions_and_sums_impact,
    a_request_pack_reaches_the_council_with_its_evidence,
    a_review_that_ends_sen_support_takes_the_pupil_off_the_register
);

/// A pupil on SEN support at the fixture school; returns their page's path.
async fn pupil_on_support(app: &TestApp) -> (crate::fixtures::World, String) {
    let w = world(app).await;
    let pupil = PupilImport {
        surname: "Okafor".into(),
        forename: "Tobi".into(),
        birth_date: jiff::civil::date(2017, 2, 3),
        year_group: "4".into(),
        ..crate::fixtures::pupil(7, "K", Some("SLCN"))
    };
    app.store
        .import_pupils(w.school, &[pupil], jiff::civil::date(2026, 1, 5), &|_| {}, &meta())
        .await
        .unwrap();
    let entries = app.store.register_entries(w.school, None).await.unwrap();
    let child = entries.iter().find(|e| e.name == "Tobi Okafor").unwrap().child_id;
    let path = format!("/schools/{}/pupils/{child}", w.school);
    (w, path)
}

async fn post(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: Vec<(String, String)>,
) -> crate::app::Response {
    let form = app.get(path, &[("cookie", cookie)]).await;
    let mut all = vec![("csrf_token".to_owned(), hidden_csrf(&form.body))];
    all.extend(fields);
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(path, cookie, &pairs).await
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Assessed and planned on fixed dates in the past, so the review is overdue today.
async fn assess_and_plan(app: &TestApp, pupil: &str, senco: &str) {
    let mut assess = date_fields("date", jiff::civil::date(2026, 1, 12));
    assess.extend(fields(&[
        ("concerns", "Speaks in single words"),
        ("evidence", "WellComm screen 3/10"),
        ("parent_views", "Frustrated at home"),
    ]));
    let saved = post(app, &format!("{pupil}/support/assess"), senco, assess).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let mut plan = date_fields("date", jiff::civil::date(2026, 1, 19));
    plan.extend(date_fields("review_on", jiff::civil::date(2026, 3, 27)));
    plan.extend(fields(&[
        ("outcomes", "Uses two-word phrases\nFollows a two-step instruction"),
        ("provision", "Talk Boost"),
        ("delivered_by", "Teaching assistant"),
        ("how_often", "3 × 20 minutes a week"),
    ]));
    let saved = post(app, &format!("{pupil}/support/plan"), senco, plan).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

async fn a_senco_runs_a_cycle_and_staff_log_sessions(app: TestApp) {
    let (w, pupil) = pupil_on_support(&app).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let staff = app.sign_in("staff@example.org", PASSWORD).await;

    // Bad input is refused with the fields named, and nothing is stored.
    let bad = post(
        &app,
        &format!("{pupil}/support/assess"),
        &senco,
        fields(&[("date-day", "31"), ("date-month", "2"), ("date-year", "2026")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Enter what the concerns are")
            && bad.body.contains("govuk-error-summary"),
        "{}",
        bad.body
    );
    let child = pupil.rsplit('/').next().unwrap().parse().unwrap();
    assert!(app.store.support_steps(child, w.school).await.unwrap().is_empty());
    // Planning before assessing is out of order.
    let mut early = date_fields("date", jiff::civil::date(2026, 1, 19));
    early.extend(date_fields("review_on", jiff::civil::date(2026, 3, 27)));
    early.extend(fields(&[
        ("outcomes", "x"),
        ("provision", "x"),
        ("delivered_by", "x"),
        ("how_often", "x"),
    ]));
    let refused = post(&app, &format!("{pupil}/support/plan"), &senco, early).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Plan once the pupil&#39;s needs have been assessed"),
        "{}",
        refused.body
    );

    // Staff read and log sessions but do not assess.
    let forbidden = app.get(&format!("{pupil}/support/assess"), &[("cookie", &staff)]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assess_and_plan(&app, &pupil, &senco).await;
    let mut session = date_fields("date", jiff::civil::date(2026, 1, 20));
    session.push(("notes".into(), "Joined in with the puppet game".into()));
    let logged = post(&app, &format!("{pupil}/support/session"), &staff, session).await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);

    // The review is past its date, so the register flags it.
    let register =
        app.get(&format!("/schools/{}/sen-register", w.school), &[("cookie", &senco)]).await;
    assert!(
        register.body.contains("1 pupil has a review of SEN support overdue")
            && register.body.contains("Review overdue"),
        "{}",
        register.body
    );
    let page = app.get(&pupil, &[("cookie", &senco)]).await;
    assert!(
        page.body.contains("Cycle 1: Doing: support under way")
            && page.body.contains("Review overdue by")
            && page.body.contains("Sessions logged"),
        "{}",
        page.body
    );

    // A review must answer every outcome.
    let mut partial = date_fields("date", jiff::civil::date(2026, 3, 30));
    partial.extend(fields(&[
        ("progress_0", "Now uses two-word phrases"),
        ("next_step", "consider-ehc-request"),
    ]));
    let refused = post(&app, &format!("{pupil}/support/review"), &senco, partial.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    partial.push(("progress_1".into(), "Not yet".into()));
    let reviewed = post(&app, &format!("{pupil}/support/review"), &senco, partial).await;
    assert_eq!(reviewed.status, StatusCode::SEE_OTHER, "{}", reviewed.body);
    let page = app.get(&pupil, &[("cookie", &senco)]).await;
    assert!(
        page.body.contains("Cycle 1: Reviewed")
            && page.body.contains("Consider asking the council")
            && !page.body.contains("Review overdue"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Assess: start a cycle of SEN support"),
        "the next cycle can start: {}",
        page.body
    );

    // The review ended SEN support: the SENCO records it on the register, checked as the census checks.
    let register = format!("{pupil}/register");
    assert_eq!(app.get(&register, &[("cookie", &staff)]).await.status, StatusCode::FORBIDDEN);
    let bad = post(
        &app,
        &register,
        &senco,
        fields(&[("provision", "E"), ("need1", "NSA"), ("year_group", "4")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("NSA is allowed only with SENprovision K"), "{}", bad.body);
    let untyped = post(
        &app,
        &register,
        &senco,
        fields(&[("provision", "K"), ("need1", ""), ("year_group", "4")]),
    )
    .await;
    assert_eq!(
        untyped.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "SEN support needs a type of need"
    );
    assert!(untyped.body.contains("SENprovision K needs a SENtype1"), "{}", untyped.body);
    // The year group is the one the date of birth gives, or another with the reason.
    let form = app.get(&register, &[("cookie", &senco)]).await;
    assert!(form.body.contains("Year 5 (from the date of birth)"), "{}", form.body);
    let ending = |year: &'static str, why: &'static str| {
        fields(&[
            ("provision", "N"),
            ("need1", ""),
            ("need2", ""),
            ("year_group", year),
            ("out_of_cohort_reason", why),
        ])
    };
    for (year, refusal) in [
        ("Q", "Year group &#34;Q&#34; is not N1, N2, R or 1 to 14"),
        ("99", "Year group &#34;99&#34; is not N1, N2, R or 1 to 14"),
        (
            "4",
            "A pupil born on 3 February 2017 is in Year 5: say why they are taught in Year 4 instead",
        ),
    ] {
        let refused = post(&app, &register, &senco, ending(year, "")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{year}");
        assert!(refused.body.contains(refusal), "{refusal}: {}", refused.body);
    }
    let why = "Repeating Year 4 after a long illness";
    let ended = post(&app, &register, &senco, ending("4", why)).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    let entries = app.store.register_entries(w.school, Some(child)).await.unwrap();
    let provisions: Vec<&str> = entries.iter().map(|e| e.provision.as_str()).collect();
    assert_eq!(provisions, ["K", "N"], "the history is kept");
    assert_eq!(entries[1].recorded_on, sendcase_web::today());
    assert_eq!(
        (entries[1].year_group.as_str(), entries[1].out_of_cohort_reason.as_deref()),
        ("4", Some(why))
    );
}

async fn the_provision_map_costs_interventions_and_sums_impact(app: TestApp) {
    let (w, pupil) = pupil_on_support(&app).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let map = format!("/schools/{}/provision-map", w.school);
    let bad = post(
        &app,
        &format!("{map}/new"),
        &senco,
        fields(&[("name", "Talk Boost"), ("group_size", "0"), ("hourly_cost", "lots")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Group size must be between 1 and 40")
            && bad.body.contains("Enter the hourly staff cost"),
        "{}",
        bad.body
    );
    assert!(app.store.interventions(w.school).await.unwrap().is_empty());
    let intervention = fields(&[
        ("name", "Talk Boost"),
        ("area", "communication-and-interaction"),
        ("group_size", "4"),
        ("staff_role", "Teaching assistant"),
        ("sessions_per_week", "3"),
        ("minutes_per_session", "30"),
        ("weeks", "10"),
        ("hourly_cost", "20.00"),
    ]);
    let created = post(&app, &format!("{map}/new"), &senco, intervention).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let href = created.headers.get("location").unwrap().to_str().unwrap().to_owned();
    let child = pupil.rsplit('/').next().unwrap().to_owned();
    let bad = post(&app, &href, &senco, fields(&[("child", &child), ("entry", "eighty")])).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let enrolled =
        post(&app, &href, &senco, fields(&[("child", &child), ("entry", "80"), ("exit", "91")]))
            .await;
    assert_eq!(enrolled.status, StatusCode::SEE_OTHER, "{}", enrolled.body);

    // 3 × 30 minutes × 10 weeks = 15 hours at £20 = £300, shared by 4.
    let page = app.get(&map, &[("cookie", &senco)]).await;
    assert!(
        page.body.contains("Total spend on additional provision: <strong>£300.00</strong>")
            && page.body.contains("£75.00"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("1 of 1 measured pupil improved; average change +11.0"),
        "{}",
        page.body
    );
    let on_pupil = app.get(&pupil, &[("cookie", &senco)]).await;
    assert!(
        on_pupil.body.contains(
            "Talk Boost (Communication and interaction): £75.00 a pupil; entry 80, exit 91"
        ),
        "{}",
        on_pupil.body
    );

    // Staff see the map but do not change it; the council does not see it.
    let staff = app.sign_in("staff@example.org", PASSWORD).await;
    assert_eq!(app.get(&map, &[("cookie", &staff)]).await.status, StatusCode::OK);
    assert_eq!(
        app.get(&format!("{map}/new"), &[("cookie", &staff)]).await.status,
        StatusCode::FORBIDDEN
    );
    let council = app.sign_in("caseworker@example.org", PASSWORD).await;
    assert_eq!(app.get(&map, &[("cookie", &council)]).await.status, StatusCode::NOT_FOUND);
}

async fn a_request_pack_reaches_the_council_with_its_evidence(app: TestApp) {
    let (_, pupil) = pupil_on_support(&app).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assess_and_plan(&app, &pupil, &senco).await;
    let pack = format!("{pupil}/ehc-request");
    let preview = app.get(&pack, &[("cookie", &senco)]).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview.body.contains("No cycle of SEN support has been reviewed yet")
            && preview.body.contains("Speaks in single words"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("Send the request to Kent County Council"), "{}", preview.body);

    let missing = post(&app, &pack, &senco, fields(&[("reason", "")])).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("Enter why the school is asking")
            && missing.body.contains("Confirm that the parents know"),
        "{}",
        missing.body
    );
    let sent = post(
        &app,
        &pack,
        &senco,
        fields(&[
            ("reason", "Little progress despite two terms of targeted support"),
            ("parents_agree", "yes"),
        ]),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let case = sent.headers.get("location").unwrap().to_str().unwrap().to_owned();

    let council = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get(&case, &[("cookie", &council)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "School or setting",
        "The school's request and evidence",
        "Little progress despite two terms",
        "Outcome: Uses two-word phrases (progress: not yet reviewed)",
        "Decide whether to assess",
    ] {
        assert!(page.body.contains(expected), "missing {expected}: {}", page.body);
    }
    // A second request while the council considers the first is refused, and nothing is created.
    let again =
        post(&app, &pack, &senco, fields(&[("reason", "Again"), ("parents_agree", "yes")])).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("already considering a request"), "{}", again.body);
    let child = pupil.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(app.store.ehc_requests_of_child(child).await.unwrap().len(), 1);
    let listed = app.get(&pupil, &[("cookie", &senco)]).await;
    assert!(listed.body.contains(&format!("href=\"{case}\"")), "{}", listed.body);
    // Staff cannot send requests.
    let staff = app.sign_in("staff@example.org", PASSWORD).await;
    assert_eq!(app.get(&pack, &[("cookie", &staff)]).await.status, StatusCode::FORBIDDEN);
}

/// Appends clock-checked events to a request, as the council's steps would.
async fn history(app: &TestApp, child: uuid::Uuid, events: &[serde_json::Value]) {
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    let date =
        |e: &serde_json::Value| e["date"].as_str().unwrap().parse::<jiff::civil::Date>().unwrap();
    let new = sendcase_store::NewEhcRequest::received(
        child,
        date(&events[0]),
        sendcase_domain::ehc::RequestSource::School,
        calendar,
    )
    .unwrap();
    let id = app.store.create_ehc_request(new, &meta()).await.unwrap();
    for event in &events[1..] {
        let dated = sendcase_domain::clock::DatedEvent::from_json(event).unwrap();
        let step = sendcase_store::CaseStep::event(dated);
        let today = sendcase_web::today();
        sendcase_usecases::ehc::record_as_system(&*app.store, calendar, id, today, step, meta())
            .await
            .unwrap();
    }
}

async fn the_senco_sees_tasks_from_every_council_in_one_list(app: TestApp) {
    use serde_json::json;
    let w = world(&app).await;
    let medway = app
        .store
        .organisations()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == "Medway Council")
        .unwrap()
        .id;
    let visitor = sendcase_store::NewChild {
        given_name: "Grace".into(),
        family_name: "Ayodele".into(),
        birth_date: jiff::civil::date(2017, 3, 14),
        upn: None,
        nhs_number: None,
        uln: None,
        responsible_la_id: medway,
        enrolment: Some((w.school, jiff::civil::date(2025, 9, 3))),
    };
    let medway_child = app.store.create_child(visitor, &meta()).await.unwrap();
    let today = sendcase_web::today();
    let asked = today.checked_sub(jiff::Span::new().days(3)).unwrap().to_string();
    history(&app, medway_child, &[
        json!({"event": "request_received", "date": today.checked_sub(jiff::Span::new().days(40)).unwrap().to_string()}),
        json!({"event": "decided_to_assess", "date": asked}),
        json!({"event": "advice_requested", "date": asked, "ref": "educational"}),
        json!({"event": "advice_requested", "date": asked, "ref": "health"}),
    ]).await;
    let issued = today.checked_sub(jiff::Span::new().days(200)).unwrap().to_string();
    history(
        &app,
        w.own_child,
        &[
            json!({"event": "request_received", "date": "2025-01-06"}),
            json!({"event": "draft_plan_issued", "date": "2025-04-07"}),
            json!({"event": "final_plan_issued", "date": issued}),
        ],
    )
    .await;

    // Noor's review falls due next term: the school sees it now, to arrange it in time (T32).
    let (next_first, _) = sendcase_domain::people::school_age::next_term(today);
    let noor = sendcase_store::NewChild {
        given_name: "Noor".into(),
        family_name: "Haddad".into(),
        birth_date: jiff::civil::date(2017, 6, 2),
        upn: None,
        nhs_number: None,
        uln: None,
        responsible_la_id: w.la,
        enrolment: Some((w.school, jiff::civil::date(2022, 9, 1))),
    };
    let noor = app.store.create_child(noor, &meta()).await.unwrap();
    let noor_issued = next_first - jiff::Span::new().months(12) + jiff::Span::new().days(10);
    let days_before = |n: i64| (noor_issued - jiff::Span::new().days(n)).to_string();
    history(
        &app,
        noor,
        &[
            json!({"event": "request_received", "date": days_before(120)}),
            json!({"event": "draft_plan_issued", "date": days_before(30)}),
            json!({"event": "final_plan_issued", "date": noor_issued.to_string()}),
        ],
    )
    .await;

    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let page = app.get("/school-tasks", &[("cookie", &senco)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let (next, body) = page.body.split_once("Every task").expect("both lists");
    assert!(next.contains("Annual reviews next term") && next.contains("Noor Haddad"), "{next}");
    assert!(body.contains("3 tasks from 2 councils"), "{body}");
    assert!(
        body.contains("Give advice for the assessment (educational)")
            && body.contains("Medway Council"),
        "{body}"
    );
    assert!(body.contains("Review the plan") && body.contains("Kent County Council"), "{body}");
    assert!(
        !body.contains("(health)") && !body.contains("Decide whether to assess"),
        "not the school's: {body}"
    );
    assert!(
        body.find("Grace Ayodele").unwrap() < body.find("Ada Ashby").unwrap(),
        "soonest first: {body}"
    );
    let council = app.sign_in("caseworker@example.org", PASSWORD).await;
    assert_eq!(
        app.get("/school-tasks", &[("cookie", &council)]).await.status,
        StatusCode::FORBIDDEN
    );
}

async fn parents_see_the_cycles_of_their_own_child_only(app: TestApp) {
    use sendcase_domain::schools::graduated_approach::{Assessment, CycleStep, DatedStep};
    let w = world(&app).await;
    let step = DatedStep {
        on: jiff::civil::date(2026, 9, 7),
        step: CycleStep::Assess(Assessment {
            concerns: "Finds phonics hard".into(),
            evidence: "Screening".into(),
            assessments_used: String::new(),
            pupil_views: String::new(),
            parent_views: String::new(),
        }),
    };
    let accept = |_: &[DatedStep]| Ok(());
    app.store
        .append_support_step(w.own_child, w.school, step, &accept, None, &meta())
        .await
        .unwrap()
        .unwrap();
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let own = app.get(&format!("/children/{}", w.own_child), &[("cookie", &parent)]).await;
    assert!(
        own.body.contains("SEN support: outcomes and reviews")
            && own.body.contains("Finds phonics hard"),
        "{}",
        own.body
    );
    let other = app.sign_in("other.parent@example.org", PASSWORD).await;
    let refused = app.get(&format!("/children/{}", w.own_child), &[("cookie", &other)]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(!refused.body.contains("Finds phonics hard"));
}

/// The rule "no second request while the council considers one" is judged inside the write, so
/// two packs sent at the same moment cannot both pass it.
async fn two_request_packs_sent_at_once_open_one_request(app: TestApp) {
    let (_, pupil) = pupil_on_support(&app).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assess_and_plan(&app, &pupil, &senco).await;
    let pack = format!("{pupil}/ehc-request");
    let send = fields(&[("reason", "Little progress"), ("parents_agree", "yes")]);
    let (a, b) = tokio::join!(
        post(&app, &pack, &senco, send.clone()),
        post(&app, &pack, &senco, send.clone())
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]);
    let refused = if a.status == StatusCode::SEE_OTHER { &b } else { &a };
    assert!(refused.body.contains("already considering a request"), "{}", refused.body);
    let child = pupil.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(app.store.ehc_requests_of_child(child).await.unwrap().len(), 1);
}

async fn a_review_that_ends_sen_support_takes_the_pupil_off_the_register(app: TestApp) {
    let (w, pupil) = pupil_on_support(&app).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assess_and_plan(&app, &pupil, &senco).await;
    let on = jiff::civil::date(2026, 3, 30);
    let mut review = date_fields("date", on);
    review.extend(fields(&[
        ("progress_0", "Uses sentences now"),
        ("progress_1", "Met"),
        ("next_step", "end-sen-support"),
    ]));
    let reviewed = post(&app, &format!("{pupil}/support/review"), &senco, review).await;
    assert_eq!(reviewed.status, StatusCode::SEE_OTHER, "{}", reviewed.body);
    let child: uuid::Uuid = pupil.rsplit('/').next().unwrap().parse().unwrap();
    let entries = app.store.register_entries(w.school, Some(child)).await.unwrap();
    let last = entries.last().unwrap();
    assert_eq!((last.provision.as_str(), last.recorded_on), ("N", on), "{entries:?}");
    assert_eq!(last.year_group, entries[0].year_group, "the year group is kept");
}
