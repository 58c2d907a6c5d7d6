//! Text no field can hold gets a 422 naming the field, on both backends, before anything reads it:
//! control characters (PostgreSQL cannot store a NUL) and values longer than any field needs.

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;

on_both_backends!(control_characters_and_overlong_text_are_refused_by_name);

async fn control_characters_and_overlong_text_are_refused_by_name(app: TestApp) {
    world(&app).await;
    let api = token(&app, "caseworker@example.org").await;
    let child = |given: &str| json!({"given_name": given, "family_name": "Ashby", "birth_date": "2015-03-04", "la_code": "886"});
    let nul = app.post_json("/api/v1/children", &api, &child("Ada\u{0}")).await;
    assert_eq!(nul.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", nul.body);
    assert_eq!(nul.json()["error"]["fields"][0]["field"], "given_name", "{}", nul.body);
    let long = app.post_json("/api/v1/children", &api, &child(&"a".repeat(101))).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.body.contains("Given name must be 100 characters or fewer"), "{}", long.body);
    let mb = app.post_json("/api/v1/children", &api, &child(&"a".repeat(1 << 20))).await;
    assert_eq!(mb.status, StatusCode::UNPROCESSABLE_ENTITY, "a 1 MB name is refused");

    // Before signing in too: the sign-in form.
    let form = app.get("/sign-in", &[]).await;
    let csrf = hidden_csrf(&form.body);
    let cookie = form
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    let refused = app
        .post_form(
            "/sign-in",
            &cookie,
            &[
                ("csrf_token", csrf.as_str()),
                ("email", "caseworker@example.org\u{0}"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("Email contains a control character"), "{}", refused.body);
    let children = app.get_api("/api/v1/children", &api).await.json();
    assert!(!children.to_string().contains("Ada\\u0000"), "nothing stored");
    assert!(!children.to_string().contains(&"a".repeat(101)), "nothing stored");
}
