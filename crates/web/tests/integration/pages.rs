//! The HTML side: signing in and out, what each role's pages show, and the error pages.

use crate::fixtures::{PASSWORD, world};
use crate::{TestApp, app::hidden_csrf, on_both_backends};
use axum::http::StatusCode;

on_both_backends!(
    anonymous_visitors_get_the_start_page,
    signing_in_and_out,
    a_wrong_password_is_refused_without_saying_which_part_was_wrong,
    repeated_failures_pause_sign_in,
    sign_out_needs_the_csrf_token,
    every_form_needs_the_token_of_the_session_that_sends_it,
    each_role_sees_only_the_children_it_may,
    unknown_pages_are_govuk_404s,
    health_check_reports_the_database,
);

async fn anonymous_visitors_get_the_start_page(app: TestApp) {
    let res = app.get("/", &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("govuk-button--start"), "{}", res.body);
    for path in ["/accessibility", "/cookies", "/sign-in", "/assets/sendcase.css"] {
        assert_eq!(app.get(path, &[]).await.status, StatusCode::OK, "{path}");
    }
    let children = app.get("/children", &[]).await;
    assert_eq!(children.status, StatusCode::SEE_OTHER);
    assert_eq!(children.headers["location"], "/sign-in");
}

async fn signing_in_and_out(app: TestApp) {
    world(&app).await;
    let session = app.sign_in("SENCO@example.org", PASSWORD).await;
    let home = app.get("/", &[("cookie", &session)]).await;
    assert!(home.body.contains("Welcome, Test senco"), "{}", home.body);
    assert!(home.body.contains("Ada Ashby"));
    assert!(!home.body.contains("Ben Ashby"));
    let csrf = hidden_csrf(&home.body);
    let out = app.post_form("/sign-out", &session, &[("csrf_token", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.cookies().iter().any(|c| c == "sendcase_session="));
    let after = app.get("/", &[("cookie", &session)]).await;
    assert!(after.body.contains("govuk-button--start"), "the old session must be gone");
}

async fn a_wrong_password_is_refused_without_saying_which_part_was_wrong(app: TestApp) {
    world(&app).await;
    for email in ["senco@example.org", "nobody@example.org"] {
        let form = app.get("/sign-in", &[]).await;
        let cookie = form.cookies().join("; ");
        let res = app
            .post_form(
                "/sign-in",
                &cookie,
                &[
                    ("csrf_token", &hidden_csrf(&form.body)),
                    ("email", email),
                    ("password", "wrong"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(res.body.contains("govuk-error-summary"));
        assert!(res.body.contains("Enter a correct email address and password"));
    }
    let form = app.get("/sign-in", &[]).await;
    let cookie = form.cookies().join("; ");
    let empty = app
        .post_form(
            "/sign-in",
            &cookie,
            &[("csrf_token", &hidden_csrf(&form.body)), ("email", ""), ("password", "")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("href=\"#email\"") && empty.body.contains("href=\"#password\""));
    let forged = app
        .post_form(
            "/sign-in",
            "",
            &[("csrf_token", "forged"), ("email", "senco@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
}

async fn repeated_failures_pause_sign_in(app: TestApp) {
    world(&app).await;
    for _ in 0..5 {
        let form = app.get("/sign-in", &[]).await;
        let cookie = form.cookies().join("; ");
        app.post_form(
            "/sign-in",
            &cookie,
            &[
                ("csrf_token", &hidden_csrf(&form.body)),
                ("email", "senco@example.org"),
                ("password", "guess"),
            ],
        )
        .await;
    }
    let form = app.get("/sign-in", &[]).await;
    let cookie = form.cookies().join("; ");
    let res = app
        .post_form(
            "/sign-in",
            &cookie,
            &[
                ("csrf_token", &hidden_csrf(&form.body)),
                ("email", "senco@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("Too many failed attempts"));
}

async fn sign_out_needs_the_csrf_token(app: TestApp) {
    world(&app).await;
    let session = app.sign_in("parent@example.org", PASSWORD).await;
    let res = app.post_form("/sign-out", &session, &[("csrf_token", "not-the-token")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(app.get("/", &[("cookie", &session)]).await.body.contains("Welcome"));
}

async fn each_role_sees_only_the_children_it_may(app: TestApp) {
    let w = world(&app).await;
    let own = format!("/children/{}", w.own_child);
    let other = format!("/children/{}", w.other_child);
    let cases = [
        ("parent@example.org", StatusCode::OK, StatusCode::NOT_FOUND),
        ("other.parent@example.org", StatusCode::NOT_FOUND, StatusCode::OK),
        ("caseworker@example.org", StatusCode::OK, StatusCode::NOT_FOUND),
        ("senco@example.org", StatusCode::OK, StatusCode::NOT_FOUND),
        ("staff@example.org", StatusCode::OK, StatusCode::NOT_FOUND),
        ("ep@example.org", StatusCode::OK, StatusCode::NOT_FOUND),
        ("admin@example.org", StatusCode::FORBIDDEN, StatusCode::FORBIDDEN),
    ];
    for (email, own_status, other_status) in cases {
        let session = app.sign_in(email, PASSWORD).await;
        assert_eq!(
            app.get(&own, &[("cookie", &session)]).await.status,
            own_status,
            "{email} reading own"
        );
        assert_eq!(
            app.get(&other, &[("cookie", &session)]).await.status,
            other_status,
            "{email} reading other"
        );
    }
    let session = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get(&own, &[("cookie", &session)]).await;
    assert!(
        page.body.contains("Oakfield Primary") && page.body.contains("Kent County Council"),
        "{}",
        page.body
    );
    assert_eq!(app.get("/organisations", &[("cookie", &session)]).await.status, StatusCode::OK);
    assert_eq!(app.get("/users", &[("cookie", &session)]).await.status, StatusCode::FORBIDDEN);
    let _ = (w.la, w.school);
}

async fn unknown_pages_are_govuk_404s(app: TestApp) {
    let res = app.get("/no-such-page", &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("<h1 class=\"govuk-heading-l\">Page not found</h1>"));
    let malformed = app.get("/children/not-a-uuid", &[]).await;
    assert_eq!(
        malformed.status,
        StatusCode::SEE_OTHER,
        "anonymous callers are sent to sign in first"
    );
}

async fn health_check_reports_the_database(app: TestApp) {
    let res = app.get("/healthz", &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["status"], "ok");
}

/// One layer guards every state-changing page, so no handler can forget to: a signed-in POST
/// anywhere without the session's own token is refused before any handler runs.
async fn every_form_needs_the_token_of_the_session_that_sends_it(app: TestApp) {
    world(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let senco_token = hidden_csrf(&app.get("/", &[("cookie", &senco)]).await.body);
    let id = uuid::Uuid::now_v7();
    let forms = [
        "/ehc-requests/new".to_owned(),
        format!("/ehc-requests/{id}/steps/decide"),
        format!("/advice/{id}"),
        format!("/schools/{id}/pupils/{id}/support/assess"),
        format!("/schools/{id}/pupils/{id}/ehc-request"),
        format!("/local-offer/manage/services/{id}"),
        "/local-offer/feedback".to_owned(),
        "/sign-out".to_owned(),
    ];
    for path in &forms {
        for token in [None, Some("forged"), Some(senco_token.as_str())] {
            let form: Vec<(&str, &str)> = token.map(|t| ("csrf_token", t)).into_iter().collect();
            let res = app.post_form(path, &caseworker, &form).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path} with {token:?}: {}", res.body);
            assert!(res.body.contains("the form had expired"), "{path}: {}", res.body);
        }
    }
    let home = app.get("/", &[("cookie", &caseworker)]).await;
    assert!(home.body.contains("Welcome"), "the caseworker is still signed in");
    let own = hidden_csrf(&home.body);
    let out = app.post_form("/sign-out", &caseworker, &[("csrf_token", &own)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "their own token passes");
}
