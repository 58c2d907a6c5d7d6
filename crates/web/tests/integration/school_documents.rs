//! What a school writes beyond the register, on both backends: a pupil's one-page profile (kept
//! as versions, read by the school, the council and the child's own parents) and the school's
//! public SEN information report (counts only, small ones suppressed, no sign-in).

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, meta, pdf_text, pupil, user, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::people::roles::Role;
use sendcase_store::{FamilyRelationship, PupilImport};
use uuid::Uuid;

on_both_backends!(
    a_senco_keeps_profile_versions_that_the_school_and_the_family_read,
    the_public_report_shows_suppressed_counts_and_the_senco_s_narrative
);

async fn user_id(app: &TestApp, email: &str) -> Uuid {
    app.store.user_account_by_email(email).await.unwrap().expect("user").user.id
}

fn profile_form<'a>(csrf: &'a str, likes: &'a str, day: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("likes", likes),
        ("important", "My dog Biscuit and swimming on Saturdays"),
        ("support", "Give me time to answer and show me what to do"),
        ("contributors", "Sam, his dad and Mrs Marsh (SENCO)"),
        ("agreed-day", day),
        ("agreed-month", "10"),
        ("agreed-year", "2026"),
    ]
}

async fn a_senco_keeps_profile_versions_that_the_school_and_the_family_read(app: TestApp) {
    let w = world(&app).await;
    app.store
        .import_pupils(
            w.school,
            &[pupil(1, "K", Some("SPLD"))],
            jiff::civil::date(2026, 1, 15),
            &|_| {},
            &meta(),
        )
        .await
        .unwrap();
    let child = app.store.register_entries(w.school, None).await.unwrap()[0].child_id;
    let parent = user_id(&app, "parent@example.org").await;
    app.store.link_family(child, parent, FamilyRelationship::ParentOrCarer, &meta()).await.unwrap();
    app.store
        .record_parent_meeting(
            child,
            w.school,
            jiff::civil::date(2026, 10, 1),
            "Agreed a reading target",
            &meta(),
        )
        .await
        .unwrap();
    let page = format!("/schools/{}/pupils/{child}", w.school);
    let (form, print) = (format!("{page}/profile"), format!("{page}/profile/print"));

    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let before = app.get(&page, &[("cookie", &senco)]).await;
    assert!(
        before.body.contains("No one-page profile")
            && before.body.contains("Write the one-page profile"),
        "{}",
        before.body
    );
    let csrf = hidden_csrf(&app.get(&form, &[("cookie", &senco)]).await.body);

    // A heading left empty, or a date still to come, is refused with an error summary; nothing is written.
    let empty = app.post_form(&form, &senco, &profile_form(&csrf, "", "5")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("govuk-error-summary") && empty.body.contains("href=\"#likes\""),
        "{}",
        empty.body
    );
    let mut future = profile_form(&csrf, "Kind", "5");
    future[7] = ("agreed-year", "2999");
    let future = app.post_form(&form, &senco, &future).await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.body.contains("href=\"#agreed-day\""), "{}", future.body);
    assert!(app.store.profile_versions(child, w.school).await.unwrap().is_empty());

    for (likes, day) in [("Kind and funny", "5"), ("Kind, funny and brilliant at Lego", "20")] {
        let saved = app.post_form(&form, &senco, &profile_form(&csrf, likes, day)).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    let versions = app.store.profile_versions(child, w.school).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| (v.version, v.profile.sections[0].as_str())).collect::<Vec<_>>(),
        vec![(1, "Kind and funny"), (2, "Kind, funny and brilliant at Lego")]
    );
    let after = app.get(&page, &[("cookie", &senco)]).await;
    assert!(
        after.body.contains("Version 2, agreed Tuesday 20 October 2026")
            && after.body.contains("Version 1, agreed Monday 5 October 2026"),
        "{}",
        after.body
    );
    // Two people editing version 2 at once: different headings both keep; the same heading
    // changed differently is refused (409) with both versions shown, and nothing is lost.
    let from_2 = format!("{form}?version=2");
    let mut support = profile_form(&csrf, "Kind, funny and brilliant at Lego", "21");
    support[3] = ("support", "Give me time to answer and a visual timetable");
    let likes = profile_form(&csrf, "Kind, funny, brilliant at Lego and chess", "21");
    let (a, b) = tokio::join!(
        app.post_form(&from_2, &senco, &support),
        app.post_form(&from_2, &senco, &likes)
    );
    assert_eq!((a.status, b.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    let newest = app.store.profile_versions(child, w.school).await.unwrap().pop().unwrap();
    assert_eq!(newest.version, 4);
    assert_eq!(newest.profile.sections[0], "Kind, funny, brilliant at Lego and chess");
    assert_eq!(newest.profile.sections[2], "Give me time to answer and a visual timetable");
    let clash = profile_form(&csrf, "Quiet and thoughtful", "21");
    let refused = app.post_form(&from_2, &senco, &clash).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    for shown in [
        "Someone else changed the one-page profile (What people like and admire about me)",
        "Their version (version 4)",
        "Quiet and thoughtful",
        "Keep your version",
        "/profile?version=4",
    ] {
        assert!(refused.body.contains(shown), "{shown}: {}", refused.body);
    }
    assert_eq!(app.store.profile_versions(child, w.school).await.unwrap().len(), 4);
    let kept = app.post_form(&format!("{form}?version=4"), &senco, &clash).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "keeping one's own version saves it");

    let printed = app.get(&print, &[("cookie", &senco)]).await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(
        printed.body.contains("Quiet and thoughtful")
            && printed.body.contains("How best to support me"),
        "{}",
        printed.body
    );

    // The school's staff read it but may not write it; another school's staff do not learn it exists.
    let staff = app.sign_in("staff@example.org", PASSWORD).await;
    assert_eq!(app.get(&print, &[("cookie", &staff)]).await.status, StatusCode::OK);
    assert_eq!(app.get(&form, &[("cookie", &staff)]).await.status, StatusCode::FORBIDDEN);
    let other_school = crate::fixtures::organisation_named(&app, "Chatham Reach").await;
    user(&app, "other.staff@example.org", Role::SchoolStaff, Some(other_school)).await;
    user(&app, "other.senco@example.org", Role::Senco, Some(other_school)).await;
    for email in ["other.staff@example.org", "other.senco@example.org"] {
        let stranger = app.sign_in(email, PASSWORD).await;
        for path in [&page, &form, &print] {
            assert_eq!(
                app.get(path, &[("cookie", &stranger)]).await.status,
                StatusCode::NOT_FOUND,
                "{email} {path}"
            );
        }
    }

    // The child's parent sees the profile and the school's meetings on their child's page.
    let family = app.sign_in("parent@example.org", PASSWORD).await;
    let own = app.get(&format!("/children/{child}"), &[("cookie", &family)]).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(
        own.body.contains("Quiet and thoughtful")
            && own.body.contains("Agreed a reading target")
            && own.body.contains(&print),
        "{}",
        own.body
    );
    assert_eq!(app.get(&print, &[("cookie", &family)]).await.status, StatusCode::OK);
    let kept = app.get(&format!("{page}/profile.pdf"), &[("cookie", &family)]).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.body);
    let text = pdf_text(&kept.bytes);
    assert!(text.contains("Quiet and thoughtful") && text.contains("One-page profile"), "{text}");
    assert_eq!(app.get(&form, &[("cookie", &family)]).await.status, StatusCode::NOT_FOUND);
    let other_family = app.sign_in("other.parent@example.org", PASSWORD).await;
    assert_eq!(
        app.get(&format!("/children/{child}"), &[("cookie", &other_family)]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&print, &[("cookie", &other_family)]).await.status, StatusCode::NOT_FOUND);
}

async fn the_public_report_shows_suppressed_counts_and_the_senco_s_narrative(app: TestApp) {
    let w = world(&app).await;
    let mut pupils: Vec<PupilImport> = (1..=6).map(|n| pupil(n, "K", Some("SPLD"))).collect();
    pupils.push(pupil(7, "E", Some("ASD")));
    pupils.extend((8..=9).map(|n| pupil(n, "N", None)));
    app.store
        .import_pupils(w.school, &pupils, jiff::civil::date(2026, 1, 15), &|_| {}, &meta())
        .await
        .unwrap();
    let public = "/schools/990101/sen-information-report";

    let unpublished = app.get(public, &[]).await;
    assert_eq!(unpublished.status, StatusCode::OK, "no sign-in is needed");
    let body = &unpublished.body;
    assert!(
        body.contains("has not published its report yet") && body.contains("Test senco"),
        "{body}"
    );
    // 6 on SEN support and 1 with a plan: the 1 is suppressed, and so the 6 too, or it could be worked out from the 7.
    let cell = |n: &str| format!("govuk-table__cell--numeric\">{n}</td>");
    assert_eq!(body.matches(&cell("7")).count(), 2, "both tables' totals: {body}");
    assert_eq!(body.matches(&cell("6")).count(), 1, "cognition and learning only: {body}");
    assert!(
        body.contains(&cell("fewer than 5"))
            && !body.contains(&cell("1"))
            && !body.contains("Pupil7"),
        "{body}"
    );

    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let register =
        app.get(&format!("/schools/{}/sen-register", w.school), &[("cookie", &senco)]).await;
    assert!(
        register.body.contains(&format!("href=\"{public}\""))
            && register.body.contains("Edit the report"),
        "{}",
        register.body
    );
    let edit = format!("{public}/edit");
    let csrf = hidden_csrf(&app.get(&edit, &[("cookie", &senco)]).await.body);
    let refused = app
        .post_form(
            &edit,
            &senco,
            &[
                ("csrf_token", &csrf),
                ("kinds-of-sen", "We provide for all four broad areas of need."),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("govuk-error-summary")
            && refused.body.contains("href=\"#complaints\""),
        "{}",
        refused.body
    );
    assert!(
        app.store.information_report(w.school, None).await.unwrap().is_none(),
        "nothing is published from a refused form"
    );

    let headings = sendcase_domain::schools::information_report::ReportHeading::ALL;
    let texts: Vec<(String, String)> = headings
        .iter()
        .map(|h| (h.code().to_owned(), format!("What we do: {}", h.code())))
        .collect();
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", &csrf)];
    form.extend(texts.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let published = app.post_form(&edit, &senco, &form).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.body);
    assert_eq!(published.headers.get("location").unwrap(), public);
    let report = app.get(public, &[]).await;
    assert!(
        report.body.contains("Published ")
            && report.body.contains("What we do: complaints")
            && report.body.contains("href=\"/local-offer\""),
        "{}",
        report.body
    );
    assert!(!report.body.contains("Edit the report"), "a visitor is not offered the edit link");

    // Two editors of version 1: different headings both stand; the same heading is a 409.
    let from_1 = format!("{edit}?version=1");
    let with = |code: &str, text: &'static str| {
        let mut changed = form.clone();
        changed.iter_mut().find(|(k, _)| *k == code).unwrap().1 = text;
        changed
    };
    let (complaints, wellbeing) = (
        with("complaints", "Speak to the SENCO first, then the governors."),
        with("wellbeing", "A nurture group every morning."),
    );
    let (a, b) = tokio::join!(
        app.post_form(&from_1, &senco, &complaints),
        app.post_form(&from_1, &senco, &wellbeing)
    );
    assert_eq!((a.status, b.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    let newest = app.store.information_report(w.school, None).await.unwrap().unwrap();
    assert_eq!(newest.version, 3);
    let text = |h| newest.narrative.get(&h).cloned().unwrap_or_default();
    use sendcase_domain::schools::information_report::ReportHeading as H;
    assert_eq!(text(H::Complaints), "Speak to the SENCO first, then the governors.");
    assert_eq!(text(H::Wellbeing), "A nurture group every morning.");
    let clash = app.post_form(&from_1, &senco, &with("complaints", "Write to the head.")).await;
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
    assert!(
        clash.body.contains(
            "Someone else changed the SEN information report (Complaints about SEN provision)"
        ) && clash.body.contains("Write to the head.")
            && clash.body.contains("edit?version=3"),
        "{}",
        clash.body
    );

    let staff = app.sign_in("staff@example.org", PASSWORD).await;
    assert_eq!(app.get(&edit, &[("cookie", &staff)]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/schools/990201/sen-information-report/edit", &[("cookie", &senco)]).await.status,
        StatusCode::FORBIDDEN,
        "another school's report"
    );
    assert_eq!(
        app.get("/schools/not-a-urn/sen-information-report", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/schools/999999/sen-information-report", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}
