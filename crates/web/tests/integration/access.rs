//! Access that ends: an administrator disables an account and its sessions and API tokens stop
//! working at once; API tokens expire, and can be revoked; the lists that act on a caller's
//! credential as last read see any change to it on their next answer.

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, meta, token, user, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::people::roles::Role;
use sendcase_store::{AsRead, AuditMeta, NewMessage, SignedIn, StoreError, Unconfirmed};
use sendcase_web::auth::{hash_secret, new_secret};

on_both_backends!(
    a_disabled_account_stops_at_once,
    tokens_expire_and_can_be_revoked,
    lists_answered_on_a_kept_credential_see_it_change_at_once,
    a_batch_of_audited_reads_reads_again_each_credential_they_acted_on
);

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

async fn lists_answered_on_a_kept_credential_see_it_change_at_once(app: TestApp) {
    world(&app).await;
    let cookie = app.sign_in("caseworker@example.org", PASSWORD).await;
    let api = token(&app, "caseworker@example.org").await;
    let id =
        app.store.user_account_by_email("caseworker@example.org").await.unwrap().unwrap().user.id;
    let page = |path: &'static str| {
        let (app, cookie) = (&app, cookie.clone());
        async move { app.get(path, &[("cookie", cookie.as_str())]).await }
    };
    for _ in 0..2 {
        assert_eq!(page("/caseload").await.status, StatusCode::OK);
        assert_eq!(page("/plans").await.status, StatusCode::OK);
        assert_eq!(app.get_api("/api/v1/caseload", &api).await.status, StatusCode::OK);
        assert_eq!(app.get_api("/api/v1/plans", &api).await.status, StatusCode::OK);
    }

    let message = NewMessage {
        user_id: id,
        kind: "reminder",
        body: "A plan's review is due.".into(),
        link: "/plans".into(),
        once_key: None,
    };
    app.store.write_messages(&[message], &meta()).await.unwrap();
    let plans = page("/plans").await;
    assert!(
        plans.body.contains("app-count\">1<span"),
        "the new message is counted: {}",
        plans.body
    );

    app.store.delete_session(&session_hash(&cookie), &meta()).await.unwrap();
    let ended = page("/caseload").await;
    assert_eq!(ended.headers["location"], "/sign-in", "the session has gone");
    app.store.revoke_api_tokens(id, &meta()).await.unwrap();
    for path in ["/api/v1/caseload", "/api/v1/plans"] {
        assert_eq!(app.get_api(path, &api).await.status, StatusCode::UNAUTHORIZED, "{path}");
    }

    // Each list answered was audited once; an answer made on a credential that had changed was
    // not sent, and left no entry.
    let entries = app.store.audit_entries(0, 10_000).await.unwrap();
    let listed =
        |what: &str| entries.iter().filter(|e| e.action == "list" && e.record_type == what).count();
    assert_eq!((listed("ehc_requests"), listed("plans")), (4, 5));
}

/// The hash a session is stored by, from its cookie.
fn session_hash(cookie: &str) -> String {
    let secret = cookie.split(';').find_map(|c| c.trim().strip_prefix("sendcase_session="));
    hash_secret(secret.expect("a session cookie"))
}

async fn a_batch_of_audited_reads_reads_again_each_credential_they_acted_on(app: TestApp) {
    let a = user(&app, "a@kept.test", Role::Parent, None).await;
    user(&app, "b@kept.test", Role::Parent, None).await;
    let signed_in = |email: &'static str| {
        let app = &app;
        async move {
            let hash = session_hash(&app.sign_in(email, PASSWORD).await);
            let gave = app.store.signed_in(&hash).await.unwrap().expect("a session");
            (hash, gave)
        }
    };
    let with_token = |email: &'static str| {
        let app = &app;
        async move {
            let hash = hash_secret(&token(app, email).await);
            let now = jiff::Timestamp::now();
            (hash.clone(), app.store.api_token_account(&hash, now).await.unwrap().expect("a token"))
        }
    };
    let ((session_a, gave_a), (session_b, gave_b)) =
        (signed_in("a@kept.test").await, signed_in("b@kept.test").await);
    let ((token_a, account_a), (token_b, account_b)) =
        (with_token("a@kept.test").await, with_token("b@kept.test").await);
    // After they were read, b's session ends and a's token is revoked.
    app.store.delete_session(&session_b, &meta()).await.unwrap();
    app.store.revoke_api_tokens(a, &meta()).await.unwrap();
    let session = |id_hash: &String, gave: &SignedIn| {
        Unconfirmed::new(AsRead::Session { id_hash: id_hash.clone(), gave: Box::new(gave.clone()) })
    };
    let token = |hash: &String, gave| AsRead::Token { hash: hash.clone(), gave: Box::new(gave) };
    let acted_on = [
        session(&session_a, &gave_a),
        session(&session_b, &gave_b),
        Unconfirmed::new(token(&token_a, account_a)),
        Unconfirmed::new(token(&token_b, account_b)),
        // a's session as it would have been read with a message unread that is not.
        session(&session_a, &SignedIn { unread: gave_a.unread + 1, ..gave_a.clone() }),
    ];
    let read = |credential: &Unconfirmed| {
        let meta = AuditMeta { credential: Some(credential.clone()), ..meta() };
        let store = app.store.clone();
        async move { store.record_access(&meta, "list", "kept credentials", None).await }
    };
    let [r0, r1, r2, r3, r4] = &acted_on;
    let read = tokio::join!(read(r0), read(r1), read(r2), read(r3), read(r4));
    let read = [read.0, read.1, read.2, read.3, read.4].map(|r| match r {
        Ok(()) => "audited",
        Err(StoreError::CredentialChanged) => "refused",
        Err(e) => panic!("{e}"),
    });
    assert_eq!(read, ["audited", "refused", "refused", "audited", "refused"]);
    assert_eq!(acted_on.map(|c| c.confirmed()), [true, false, false, true, false]);
    let entries = app.store.audit_entries(0, 10_000).await.unwrap();
    let kept = entries.iter().filter(|e| e.record_type == "kept credentials").count();
    assert_eq!(kept, 2, "only the reads on credentials still giving the same are audited");
}
