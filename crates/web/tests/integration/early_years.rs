//! The progress check at age two over HTTP on both backends: the setting's SENCO records it (bad
//! input refused whole), the pupil page shows its status and prompt, staff and the council read
//! it, the parents read the printed summary, and no other setting learns the child exists.

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, meta, pdf_text, user, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use jiff::civil::Date;
use sendcase_domain::people::roles::Role;
use sendcase_store::{FamilyRelationship, PupilImport};

on_both_backends!(a_senco_records_a_check_that_staff_the_council_and_the_parents_read);

fn pupil(serial: u32, forename: &str, birth_date: Date) -> PupilImport {
    PupilImport {
        surname: "Lawson".into(),
        forename: forename.into(),
        birth_date,
        year_group: "N1".into(),
        ..crate::fixtures::pupil(serial, "N", None)
    }
}

fn check_form<'a>(
    csrf: &'a str,
    on: &'a [String; 3],
    communication: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("done_on-day", &on[0]),
        ("done_on-month", &on[1]),
        ("done_on-year", &on[2]),
        ("communication-and-language", communication),
        ("physical-development", "on-track"),
        ("personal-social-and-emotional-development", "emerging"),
        ("strengths", "Loves the water tray"),
        ("next_steps", "Daily small-group talk time"),
        ("parent_comments", "Few words at home"),
        ("shared", "yes"),
    ]
}

fn parts(d: Date) -> [String; 3] {
    [d.day().to_string(), d.month().to_string(), d.year().to_string()]
}

async fn a_senco_records_a_check_that_staff_the_council_and_the_parents_read(app: TestApp) {
    let w = world(&app).await;
    // The app's day is the real one, so the child's age is set from it.
    let today = jiff::Zoned::now().date();
    let birth = today.checked_sub(30.months()).unwrap();
    let pupils =
        [pupil(31, "Ivy", birth), pupil(32, "Rosa", today.checked_sub(6.years()).unwrap())];
    app.store.import_pupils(w.school, &pupils, today, &|_| {}, &meta()).await.unwrap();
    let entries = app.store.register_entries(w.school, None).await.unwrap();
    let id_of = |name: &str| entries.iter().find(|e| e.name == name).unwrap().child_id;
    let (child, older) = (id_of("Ivy Lawson"), id_of("Rosa Lawson"));
    let page = format!("/schools/{}/pupils/{child}", w.school);
    let (form, print) = (format!("{page}/progress-check"), format!("{page}/progress-check/print"));
    let senco = app.sign_in("senco@example.org", PASSWORD).await;

    let before = app.get(&page, &[("cookie", &senco)]).await;
    assert!(
        before.body.contains("Progress check at age two")
            && before.body.contains("Due now: to be done by"),
        "{}",
        before.body
    );
    // The setting's register lists every child whose check is due, with or without SEN.
    let register = format!("/schools/{}/sen-register", w.school);
    let due = app.get(&register, &[("cookie", &senco)]).await;
    assert!(
        due.body.contains("Progress checks at age two due (1)")
            && due.body.contains(&format!("href=\"{page}\">Ivy Lawson</a>")),
        "{}",
        due.body
    );
    let older_page =
        app.get(&format!("/schools/{}/pupils/{older}", w.school), &[("cookie", &senco)]).await;
    assert_eq!(older_page.status, StatusCode::OK);
    assert!(
        !older_page.body.contains("Progress check at age two"),
        "only for children of early years age"
    );
    assert_eq!(
        app.get(&print, &[("cookie", &senco)]).await.status,
        StatusCode::NOT_FOUND,
        "nothing to print yet"
    );

    // A missing judgement and a date before the second birthday are refused together; nothing is written.
    let csrf = hidden_csrf(&app.get(&form, &[("cookie", &senco)]).await.body);
    let too_early = parts(birth.checked_add(1.years()).unwrap());
    let bad = app.post_form(&form, &senco, &check_form(&csrf, &too_early, "")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "govuk-error-summary",
        "Select a judgement for communication and language",
        "second and third birthdays: from",
    ] {
        assert!(bad.body.contains(message), "{message}: {}", bad.body);
    }
    let future = parts(today.checked_add(1.day()).unwrap());
    let bad = app.post_form(&form, &senco, &check_form(&csrf, &future, "not-yet")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("The check must already be done"), "{}", bad.body);
    assert!(app.store.progress_checks(child, w.school).await.unwrap().is_empty());

    let done_on = today.checked_sub(7.days()).unwrap();
    let saved = app.post_form(&form, &senco, &check_form(&csrf, &parts(done_on), "not-yet")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let register_after =
        app.get(&format!("/schools/{}/sen-register", w.school), &[("cookie", &senco)]).await;
    assert!(
        !register_after.body.contains("Progress checks at age two due"),
        "done checks leave the list: {}",
        register_after.body
    );
    let stored = app.store.progress_checks(child, w.school).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].done_on, stored[0].shared_with_health_visitor), (done_on, true));
    let after = app.get(&page, &[("cookie", &senco)]).await;
    for text in [
        "Done on",
        "Communication and language: Not yet: needs support",
        "Consider SEN support through the graduated approach",
        "Talk to the parents",
    ] {
        assert!(after.body.contains(text), "{text}: {}", after.body);
    }
    let printed = app.get(&print, &[("cookie", &senco)]).await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(
        printed.body.contains("Loves the water tray")
            && printed.body.contains("shared this summary with your health visitor"),
        "{}",
        printed.body
    );
    let pdf_path = format!("{page}/progress-check.pdf");
    assert!(printed.body.contains(&pdf_path), "the page links its PDF");
    let pdf = app.get(&pdf_path, &[("cookie", &senco)]).await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    let text = pdf_text(&pdf.bytes);
    assert!(
        text.contains("Loves the water tray") && text.contains("Progress in the prime areas"),
        "{text}"
    );

    // The setting's staff and the responsible council read it; staff may not record one.
    let staff = app.sign_in("staff@example.org", PASSWORD).await;
    assert!(app.get(&page, &[("cookie", &staff)]).await.body.contains("Done on"));
    assert_eq!(app.get(&print, &[("cookie", &staff)]).await.status, StatusCode::OK);
    assert_eq!(app.get(&form, &[("cookie", &staff)]).await.status, StatusCode::FORBIDDEN);
    let staff_csrf = hidden_csrf(&app.get(&page, &[("cookie", &staff)]).await.body);
    assert_eq!(
        app.post_form(&form, &staff, &check_form(&staff_csrf, &parts(done_on), "on-track"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let council = app.sign_in("caseworker@example.org", PASSWORD).await;
    assert_eq!(app.get(&print, &[("cookie", &council)]).await.status, StatusCode::OK);
    assert_eq!(app.store.progress_checks(child, w.school).await.unwrap().len(), 1);

    // Another setting's SENCO is told nothing exists.
    let other_school = app
        .store
        .organisations()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == "Chatham Reach")
        .unwrap()
        .id;
    user(&app, "other.senco@example.org", Role::Senco, Some(other_school)).await;
    let stranger = app.sign_in("other.senco@example.org", PASSWORD).await;
    for path in [&page, &form, &print, &pdf_path] {
        assert_eq!(
            app.get(path, &[("cookie", &stranger)]).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }

    // The parents read the summary of their own child, and only that.
    let parent =
        app.store.user_account_by_email("parent@example.org").await.unwrap().unwrap().user.id;
    app.store.link_family(child, parent, FamilyRelationship::ParentOrCarer, &meta()).await.unwrap();
    let family = app.sign_in("parent@example.org", PASSWORD).await;
    assert!(
        app.get(&format!("/children/{child}"), &[("cookie", &family)]).await.body.contains(&print),
        "their child's page links to it"
    );
    let summary = app.get(&print, &[("cookie", &family)]).await;
    assert_eq!(summary.status, StatusCode::OK);
    assert!(
        summary.body.contains("Progress check at age two: Ivy Lawson")
            && summary.body.contains(&format!("/children/{child}")),
        "{}",
        summary.body
    );
    assert_eq!(app.get(&form, &[("cookie", &family)]).await.status, StatusCode::NOT_FOUND);
    let other_family = app.sign_in("other.parent@example.org", PASSWORD).await;
    assert_eq!(app.get(&print, &[("cookie", &other_family)]).await.status, StatusCode::NOT_FOUND);
}
