//! Two servers on one database, as two `serve` processes behind a load balancer: a session
//! started on one works on the other and ends on both, and reads and writes through both at
//! once leave one unbroken audit chain.

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, child_at, named_user, open_request, plan_in_force, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::people::roles::Role;
use sendcase_store::{GENESIS_HASH, verify_chain};
use std::sync::Arc;

on_both_backends!(two_servers_share_sessions_and_one_audit_chain);

async fn two_servers_share_sessions_and_one_audit_chain(a: TestApp) {
    let w = world(&a).await;
    let b = a.another_server().await;
    let cookie = a.sign_in("caseworker@example.org", PASSWORD).await;
    let on_b = b.get("/caseload", &[("cookie", &cookie)]).await;
    assert_eq!(on_b.status, StatusCode::OK, "a session started on A works on B: {}", on_b.body);

    // Clients alternate between the servers, each request audited by the server it reached.
    let api = token(&a, "caseworker@example.org").await;
    let before = a.store.audit_entries(0, i64::MAX).await.unwrap().len();
    let (a, b) = (Arc::new(a), Arc::new(b));
    let mut clients = tokio::task::JoinSet::new();
    for i in 0..40 {
        let (server, api) = (if i % 2 == 0 { a.clone() } else { b.clone() }, api.clone());
        let path = if i % 4 < 2 {
            "/api/v1/caseload?limit=5".to_owned()
        } else {
            format!("/api/v1/children/{}", w.own_child)
        };
        clients.spawn(async move { server.get_api(&path, &api).await.status });
    }
    let statuses = clients.join_all().await;
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    // One after another too: each server's next batch follows the entry the other appended
    // since its last, not the one it last appended itself.
    for i in 0..6 {
        let server = if i % 2 == 0 { &a } else { &b };
        assert_eq!(server.get_api("/api/v1/caseload?limit=5", &api).await.status, StatusCode::OK);
    }
    let entries = b.store.audit_entries(0, i64::MAX).await.unwrap();
    assert!(entries.len() >= before + 40, "every read audited: {} then {}", before, entries.len());
    verify_chain(GENESIS_HASH, &entries).expect("one chain through both servers");

    // Each server keeps a list's total while what it counts is unchanged; a request opened
    // through one is counted at once by both.
    let total = |server: Arc<TestApp>, api: String| async move {
        server.get_api("/api/v1/caseload?limit=5", &api).await.json()["total"].as_u64().unwrap()
    };
    let before = total(b.clone(), api.clone()).await;
    assert_eq!(total(a.clone(), api.clone()).await, before);
    let child = child_at(&a, "Zara", w.la, None).await;
    open_request(&a, &api, child).await;
    assert_eq!(total(b.clone(), api.clone()).await, before + 1, "B counts A's new request");
    assert_eq!(total(a.clone(), api.clone()).await, before + 1);
    // So with the plans in force: a plan issued through A is on B's list at once.
    let plans = |server: Arc<TestApp>, api: String| async move {
        server.get_api("/api/v1/plans?limit=5", &api).await.json()["total"].as_u64().unwrap()
    };
    let before = plans(b.clone(), api.clone()).await;
    let child = child_at(&a, "Yann", w.la, None).await;
    plan_in_force(&a, &api, child, 30).await;
    assert_eq!(plans(b.clone(), api.clone()).await, before + 1, "B lists A's new plan");

    // The caseworkers both lists filter by are kept too, and a new one is offered at once.
    let offered = |server: Arc<TestApp>| {
        let cookie = cookie.clone();
        async move { server.get("/caseload", &[("cookie", &cookie)]).await.body }
    };
    assert!(!offered(b.clone()).await.contains("Nia Newcomer"));
    named_user(&a, "nia@example.org", "Nia Newcomer", Role::LaCaseworker, Some(w.la)).await;
    assert!(offered(b.clone()).await.contains("Nia Newcomer"), "B offers A's new caseworker");

    // Writes through both at once, each moving the lists' version, all go through.
    let before = total(a.clone(), api.clone()).await;
    let mut writers = tokio::task::JoinSet::new();
    for i in 0..12 {
        let (server, api) = (if i % 2 == 0 { a.clone() } else { b.clone() }, api.clone());
        let la = w.la;
        writers.spawn(async move {
            let child = child_at(&server, &format!("Writer{i}"), la, None).await;
            open_request(&server, &api, child).await
        });
    }
    assert_eq!(writers.join_all().await.len(), 12);
    assert_eq!(total(b.clone(), api.clone()).await, before + 12);

    // Signing out on B ends the session on A too.
    let csrf = hidden_csrf(&on_b.body);
    let signed_out = b.post_form("/sign-out", &cookie, &[("csrf_token", &csrf)]).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER, "{}", signed_out.body);
    let on_a = a.get("/caseload", &[("cookie", &cookie)]).await;
    assert_ne!(on_a.status, StatusCode::OK, "the session ended on both");
}
