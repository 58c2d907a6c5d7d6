//! Access that ends: an administrator disables an account and its sessions and API tokens stop
//! working at once; API tokens expire, and can be revoked.

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, meta, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_web::auth::{hash_secret, new_secret};

on_both_backends!(a_disabled_account_stops_at_once, tokens_expire_and_can_be_revoked);

async fn a_disabled_account_stops_at_once(app: TestApp) {
    world(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let api = token(&app, "caseworker@example.org").await;
    assert_eq!(app.get("/caseload", &[("cookie", &caseworker)]).await.status, StatusCode::OK);
    let id =
        app.store.user_account_by_email("caseworker@example.org").await.unwrap().unwrap().user.id;

    let admin = app.sign_in("admin@example.org", PASSWORD).await;
    let users = app.get("/users", &[("cookie", &admin)]).await;
    let csrf = hidden_csrf(&users.body);
    let disable = format!("/users/{id}/disable");
    let done = app.post_form(&disable, &admin, &[("csrf_token", csrf.as_str())]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    let signed_out = app.get("/caseload", &[("cookie", &caseworker)]).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER, "the session ended");
    assert_eq!(app.get_api("/api/v1/children", &api).await.status, StatusCode::UNAUTHORIZED);
    let form = app.get("/sign-in", &[]).await;
    let cookie = form.cookies().join("; ");
    let csrf = hidden_csrf(&form.body);
    let refused = app
        .post_form(
            "/sign-in",
            &cookie,
            &[
                ("csrf_token", csrf.as_str()),
                ("email", "caseworker@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("This account has been disabled"), "{}", refused.body);

    let admin_id =
        app.store.user_account_by_email("admin@example.org").await.unwrap().unwrap().user.id;
    let own = app
        .post_form(
            &format!("/users/{admin_id}/disable"),
            &admin,
            &[("csrf_token", hidden_csrf(&users.body).as_str())],
        )
        .await;
    assert_eq!(
        own.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no administrator disables themselves"
    );

    let enable = format!("/users/{id}/enable");
    let back =
        app.post_form(&enable, &admin, &[("csrf_token", hidden_csrf(&users.body).as_str())]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    app.sign_in("caseworker@example.org", PASSWORD).await;
}

async fn tokens_expire_and_can_be_revoked(app: TestApp) {
    world(&app).await;
    let account = app.store.user_account_by_email("caseworker@example.org").await.unwrap().unwrap();
    let expired = new_secret();
    let yesterday = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24);
    app.store
        .create_api_token(account.user.id, &hash_secret(&expired), "old", yesterday, &meta())
        .await
        .unwrap();
    assert_eq!(app.get_api("/api/v1/children", &expired).await.status, StatusCode::UNAUTHORIZED);
    let working = token(&app, "caseworker@example.org").await;
    assert_eq!(app.get_api("/api/v1/children", &working).await.status, StatusCode::OK);
    assert_eq!(app.store.revoke_api_tokens(account.user.id, &meta()).await.unwrap(), 2);
    assert_eq!(app.get_api("/api/v1/children", &working).await.status, StatusCode::UNAUTHORIZED);
}
