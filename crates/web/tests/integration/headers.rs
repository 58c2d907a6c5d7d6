//! What every response tells browsers and proxies: not to keep pages (any may hold personal
//! data), and, when the service is public over https, to use nothing else.

use crate::fixtures::{PASSWORD, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;

on_both_backends!(nothing_but_static_assets_may_be_stored, https_only_when_the_public_url_is_https);

async fn nothing_but_static_assets_may_be_stored(app: TestApp) {
    let w = world(&app).await;
    let session = app.sign_in("caseworker@example.org", PASSWORD).await;
    let api = token(&app, "caseworker@example.org").await;
    let child = format!("/children/{}", w.own_child);
    let mut responses = vec![];
    for path in ["/", "/sign-in", "/local-offer", "/no-such-page", "/healthz"] {
        responses.push((path.to_owned(), app.get(path, &[]).await));
    }
    for path in ["/", "/children", child.as_str()] {
        responses.push((format!("{path} signed in"), app.get(path, &[("cookie", &session)]).await));
    }
    let api_child = format!("/api/v1{child}");
    responses.push((api_child.clone(), app.get_api(&api_child, &api).await));
    let wrong = app.post_form("/sign-in", "", &[("email", "x")]).await;
    responses.push(("refused form".into(), wrong));
    for (what, res) in &responses {
        assert_eq!(res.headers["cache-control"], "no-store", "{what} ({})", res.status);
        assert!(!res.headers.contains_key("strict-transport-security"), "{what}: http only");
    }
    assert_eq!(responses[7].1.status, StatusCode::OK, "the caseworker reads the child's page");
    let css = app.get("/assets/sendcase.css", &[]).await;
    assert_eq!(css.headers["cache-control"], "public, max-age=3600");
}

async fn https_only_when_the_public_url_is_https(app: TestApp) {
    let app = app.configured(|s| s.hsts = true);
    for path in ["/", "/assets/sendcase.css", "/no-such-page"] {
        let res = app.get(path, &[]).await;
        assert_eq!(res.headers["strict-transport-security"], "max-age=31536000", "{path}");
    }
}
