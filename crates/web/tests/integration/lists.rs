//! Lists at council scale: children and a school's pupils are paged, searched and counted in the
//! database, each user reaches exactly the children the policy lets them read, and the SENCO
//! reaches every pupil on roll, on the register or not.

use crate::fixtures::{PASSWORD, meta, pupil, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::civil::date;
use sendcase_domain::people::identifiers::synthetic_upn;
use sendcase_store::NewChild;
use uuid::Uuid;

on_both_backends!(
    children_are_paged_and_searched_by_name_birth_date_and_upn,
    each_user_lists_only_the_children_they_may_read,
    bad_list_addresses_are_refused_clearly,
    the_senco_reaches_every_pupil_on_roll_and_starts_sen_support,
    the_intake_finds_a_known_child_by_search
);

/// Children of `la` at `school` named Zed Pupil00, Zed Pupil01, …, born on consecutive days of
/// 2016, the first with a UPN.
async fn more_children(app: &TestApp, la: Uuid, school: Uuid, how_many: u32) {
    for i in 0..how_many {
        let new = NewChild {
            given_name: "Zed".into(),
            family_name: format!("Pupil{i:02}"),
            birth_date: date(2016, 1, 1) + jiff::Span::new().days(i64::from(i)),
            upn: (i == 0).then(|| synthetic_upn("886".parse().unwrap(), 4242)),
            nhs_number: None,
            uln: None,
            responsible_la_id: la,
            enrolment: Some((school, date(2020, 9, 1))),
        };
        app.store.create_child(new, &meta()).await.unwrap();
    }
}

fn rows(body: &str) -> usize {
    body.matches("<th scope=\"row\"").count()
}

async fn listings(app: &TestApp) -> usize {
    let entries = app.store.audit_entries(0, 100_000).await.unwrap();
    entries.iter().filter(|e| e.action == "list" && e.record_type == "children").count()
}

async fn children_are_paged_and_searched_by_name_birth_date_and_upn(app: TestApp) {
    let w = world(&app).await;
    more_children(&app, w.la, w.school, 59).await;
    let cw = app.sign_in("caseworker@example.org", PASSWORD).await;
    let get = |path: String| {
        let (app, cw) = (&app, cw.clone());
        async move { app.get(&path, &[("cookie", &cw)]).await }
    };

    let before = listings(&app).await;
    let first = get("/children".into()).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("60 children and young people"), "{}", first.body);
    assert_eq!(rows(&first.body), 50);
    assert!(first.body.contains("Ada Ashby") && first.body.contains("Zed Pupil48"));
    assert!(!first.body.contains("Zed Pupil49"), "by surname: Ashby, then Pupil00 to Pupil48");
    assert!(first.body.contains(r#"href="/children?page=2" rel="next""#), "{}", first.body);
    assert_eq!(listings(&app).await, before + 1, "a listing is audited once");
    let second = get("/children?page=2".into()).await;
    assert_eq!(rows(&second.body), 10);
    assert!(second.body.contains("Zed Pupil49") && second.body.contains("Zed Pupil58"));
    assert!(!second.body.contains("Ada Ashby"));
    let beyond = get("/children?page=9".into()).await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert!(beyond.body.contains("There are no children on page 9"), "{}", beyond.body);

    // Names match in part and whatever the case; each word must match.
    for (q, expected) in
        [("ada", 1), ("ASHB", 1), ("pupil0", 10), ("zed pupil1", 10), ("ada zed", 0)]
    {
        let found = get(format!("/children?q={}", q.replace(' ', "+"))).await;
        assert_eq!(found.status, StatusCode::OK, "{q}");
        assert!(
            found.body.contains(&format!("{expected} matching &#34;{q}&#34;")) || expected == 0,
            "{q}: {}",
            found.body
        );
        assert_eq!(rows(&found.body), expected, "{q}");
    }
    let none = get("/children?q=nobody".into()).await;
    assert!(
        none.body.contains("No children or young people match &#34;nobody&#34;"),
        "{}",
        none.body
    );
    // A search's pages keep the search.
    let paged = get("/children?q=zed&page=2".into()).await;
    assert!(paged.body.contains("59 matching") && rows(&paged.body) == 9, "{}", paged.body);
    assert!(paged.body.contains(r#"href="/children?q=zed" rel="prev""#), "{}", paged.body);

    // Dates of birth as people type them; Ben Ashby shares Ada's but is another council's.
    for q in ["4/3/2015", "4+3+2015", "2015-03-04", "04/03/2015"] {
        let found = get(format!("/children?q={q}")).await;
        assert_eq!(rows(&found.body), 1, "{q}: {}", found.body);
        assert!(found.body.contains("Ada Ashby"), "{q}");
    }
    let upn = synthetic_upn("886".parse().unwrap(), 4242).to_string();
    for q in [upn.clone(), upn[..6].to_lowercase()] {
        let found = get(format!("/children?q={q}")).await;
        assert_eq!(rows(&found.body), 1, "{q}: {}", found.body);
        assert!(found.body.contains("Zed Pupil00"), "{q}");
    }

    // The home page shows the first few and links the rest.
    let home = get("/".into()).await;
    assert_eq!(rows(&home.body), 20);
    assert!(home.body.contains("See all 60 children and young people"), "{}", home.body);
}

async fn each_user_lists_only_the_children_they_may_read(app: TestApp) {
    let w = world(&app).await;
    let other_school = app
        .store
        .organisations()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == "Chatham Reach")
        .unwrap()
        .id;
    // Cal was at Oakfield and has moved to Chatham Reach: Oakfield no longer sees him.
    let cal = NewChild {
        given_name: "Cal".into(),
        family_name: "Moved".into(),
        birth_date: date(2016, 9, 1),
        upn: Some(synthetic_upn("886".parse().unwrap(), 77)),
        nhs_number: None,
        uln: None,
        responsible_la_id: w.la,
        enrolment: Some((w.school, date(2020, 9, 1))),
    };
    app.store.create_child(cal, &meta()).await.unwrap();
    let mut moved = pupil(77, "N", None);
    (moved.forename, moved.surname) = ("Cal".into(), "Moved".into());
    app.store
        .import_pupils(other_school, &[moved], date(2025, 9, 3), &|_| {}, &meta())
        .await
        .unwrap();

    let list = |email: &'static str, q: &'static str| {
        let app = &app;
        async move {
            let cookie = app.sign_in(email, PASSWORD).await;
            app.get(&format!("/children?q={q}"), &[("cookie", &cookie)]).await
        }
    };
    for email in ["senco@example.org", "staff@example.org"] {
        let all = list(email, "").await;
        assert_eq!(rows(&all.body), 1, "{email}: {}", all.body);
        assert!(all.body.contains("Ada Ashby") && all.body.contains("1 child or young person"));
        for q in ["ben", "cal"] {
            assert_eq!(rows(&list(email, q).await.body), 0, "{email} searching {q}");
        }
        let born = list(email, "4/3/2015").await;
        assert!(
            rows(&born.body) == 1 && born.body.contains("Ada Ashby"),
            "Ben shares her birthday"
        );
    }
    let cw = list("caseworker@example.org", "").await;
    assert!(cw.body.contains("Ada Ashby") && cw.body.contains("Cal Moved"));
    assert!(!cw.body.contains("Ben Ashby"));
    let parent = list("parent@example.org", "").await;
    assert_eq!(rows(&parent.body), 1);
    assert!(parent.body.contains("Ada Ashby"));
    assert_eq!(rows(&list("parent@example.org", "ashby").await.body), 1, "not Ben");
    assert_eq!(rows(&list("other.parent@example.org", "ada").await.body), 0);
    let ep = list("ep@example.org", "").await;
    assert!(ep.body.contains("Ada Ashby") && rows(&ep.body) == 1, "{}", ep.body);
    assert_eq!(list("admin@example.org", "").await.status, StatusCode::FORBIDDEN);
}

async fn bad_list_addresses_are_refused_clearly(app: TestApp) {
    let w = world(&app).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let long = "a".repeat(101);
    let pupils = format!("/schools/{}/pupils", w.school);
    for base in ["/children", pupils.as_str()] {
        for (query, message) in [
            ("page=0", "page must be a whole number from 1, not &#34;0&#34;"),
            ("page=abc", "page must be a whole number from 1, not &#34;abc&#34;"),
            ("page=-2", "page must be a whole number from 1"),
            ("q=31/2/2019", "is not a real date of birth"),
            (&format!("q={long}"), "Search for at most 100 characters"),
        ] {
            let res = app.get(&format!("{base}?{query}"), &[("cookie", &senco)]).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{base}?{query}");
            assert!(res.body.contains(message), "{base}?{query}: {}", res.body);
        }
    }
}

async fn the_senco_reaches_every_pupil_on_roll_and_starts_sen_support(app: TestApp) {
    let w = world(&app).await;
    let on = date(2026, 1, 15);
    let register = [pupil(1, "K", Some("SPLD")), pupil(2, "E", Some("ASD")), pupil(3, "N", None)];
    app.store.import_pupils(w.school, &register, on, &|_| {}, &meta()).await.unwrap();
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let own = app.get("/pupils", &[("cookie", &senco)]).await;
    let path = format!("/schools/{}/pupils", w.school);
    assert_eq!(own.headers.get("location").unwrap(), path.as_str());
    let page = app.get(&path, &[("cookie", &senco)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("4 pupils on roll"), "{}", page.body);
    assert!(!page.body.contains("Ben Ashby"), "another school's pupil");
    let row_of = |body: &str, name: &str| {
        let start = body.find(name).unwrap_or_else(|| panic!("{name} in {body}"));
        body[start..start + body[start..].find("</tr>").unwrap()].to_owned()
    };
    // Ada is on roll and was never on the register: no SEN, and the SENCO may start support.
    let ada = row_of(&page.body, "Ada Ashby");
    let ada_page = format!("/schools/{}/pupils/{}", w.school, w.own_child);
    assert!(ada.contains("No SEN") && ada.contains("4 March 2015"), "{ada}");
    assert!(ada.contains(&format!("href=\"{ada_page}/register\"")), "{ada}");
    let on_support = row_of(&page.body, "Sam Pupil1");
    assert!(on_support.contains("SEN support") && !on_support.contains("Start SEN support"));
    assert!(row_of(&page.body, "Sam Pupil2").contains("EHC plan"));
    let no_sen = row_of(&page.body, "Sam Pupil3");
    assert!(no_sen.contains("No SEN") && no_sen.contains("Start SEN support"), "{no_sen}");
    let upn = synthetic_upn("886".parse().unwrap(), 3).to_string();
    assert!(
        no_sen.contains(&upn) && no_sen.contains(">Year 6<"),
        "year group from the register, a year on since January: {no_sen}"
    );

    // Searched by name, date of birth or UPN.
    for q in ["pupil2", "1/9/2016", &upn] {
        let found = app.get(&format!("{path}?q={q}"), &[("cookie", &senco)]).await;
        assert!(found.body.contains("matching"), "{q}: {}", found.body);
        let expected = if q == "1/9/2016" { 3 } else { 1 };
        assert_eq!(rows(&found.body), expected, "{q}");
    }
    assert_eq!(rows(&app.get(&format!("{path}?q=ben"), &[("cookie", &senco)]).await.body), 0);

    // From Ada's row the SENCO starts SEN support.
    let pupil_page = app.get(&ada_page, &[("cookie", &senco)]).await;
    assert_eq!(pupil_page.status, StatusCode::OK, "{}", pupil_page.body);
    assert!(pupil_page.body.contains("Not on the SEN register"), "{}", pupil_page.body);
    let form = app.get(&format!("{ada_page}/register"), &[("cookie", &senco)]).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(r#"value="N" checked"#), "{}", form.body);
    let saved = app
        .submit(
            &senco,
            &format!("{ada_page}/register"),
            &[("provision", "K"), ("need1", "NSA"), ("year_group", "")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = app.get(&path, &[("cookie", &senco)]).await;
    let ada = row_of(&after.body, "Ada Ashby");
    assert!(ada.contains("SEN support") && !ada.contains("Start SEN support"), "{ada}");

    // Staff see the list but do not start support; nobody else sees it.
    let staff = app.sign_in("staff@example.org", PASSWORD).await;
    let theirs = app.get(&path, &[("cookie", &staff)]).await;
    assert!(theirs.body.contains("4 pupils on roll") && !theirs.body.contains("Start SEN support"));
    let other =
        app.get(&format!("/schools/{}/pupils", Uuid::now_v7()), &[("cookie", &senco)]).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let cw = app.sign_in("caseworker@example.org", PASSWORD).await;
    assert_eq!(app.get(&path, &[("cookie", &cw)]).await.status, StatusCode::NOT_FOUND);
    let entries = app.store.audit_entries(0, 100_000).await.unwrap();
    assert!(entries.iter().any(|e| e.action == "refused" && e.record_type == "pupils"));
    assert!(entries.iter().any(|e| e.action == "list" && e.record_type == "pupils"));
}

async fn the_intake_finds_a_known_child_by_search(app: TestApp) {
    let w = world(&app).await;
    more_children(&app, w.la, w.school, 25).await;
    let cw = app.sign_in("caseworker@example.org", PASSWORD).await;
    let blank = app.get("/ehc-requests/new", &[("cookie", &cw)]).await;
    assert_eq!(blank.status, StatusCode::OK);
    assert!(
        !blank.body.contains("Ada Ashby") && !blank.body.contains("<select"),
        "no list of every child"
    );
    let found = app.get("/ehc-requests/new?q=ashby", &[("cookie", &cw)]).await;
    assert!(
        found.body.contains(&format!(r#"name="child" type="radio" value="{}""#, w.own_child)),
        "{}",
        found.body
    );
    assert!(
        found.body.contains("Ada Ashby (born Wednesday 4 March 2015)")
            && !found.body.contains("Ben Ashby")
    );
    let many = app.get("/ehc-requests/new?q=zed", &[("cookie", &cw)]).await;
    assert_eq!(many.body.matches(r#"name="child" type="radio""#).count(), 20);
    assert!(many.body.contains("The first 20 of 25 matching"), "{}", many.body);

    // A refused form keeps the search, and so the choice.
    let child = w.own_child.to_string();
    let res = app
        .submit(
            &cw,
            "/ehc-requests/new",
            &[("q", "ashby"), ("child", &child), ("source", "parent")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(&format!(r#"value="{child}" checked"#)), "{}", res.body);
    assert!(res.body.contains(r#"name="q" value="ashby""#), "{}", res.body);
}
