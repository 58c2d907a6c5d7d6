//! The JSON API: bearer tokens, the error envelope, access and audit.

use crate::fixtures::{token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;

on_both_backends!(
    calls_without_a_token_get_401_in_the_error_envelope,
    a_parent_reads_only_their_own_children_and_refusals_are_audited,
    a_caseworker_sees_the_children_of_their_la,
    the_list_of_children_pages_and_searches,
    the_openapi_document_describes_the_handlers,
);

async fn calls_without_a_token_get_401_in_the_error_envelope(app: TestApp) {
    for headers in [vec![], vec![("authorization", "Bearer not-a-token")]] {
        let res = app.get("/api/v1/children", &headers).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        let body = res.json();
        assert_eq!(body["error"]["code"], "unauthenticated");
        assert!(body["error"]["message"].is_string() && body["error"]["fields"].is_array());
    }
    assert_eq!(app.get("/api/v1/nothing-here", &[]).await.json()["error"]["code"], "not_found");
}

async fn a_parent_reads_only_their_own_children_and_refusals_are_audited(app: TestApp) {
    let w = world(&app).await;
    let token = token(&app, "parent@example.org").await;
    let list = app.get_api("/api/v1/children", &token).await.json();
    let ids: Vec<&str> =
        list["children"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![w.own_child.to_string()]);
    let own = app.get_api(&format!("/api/v1/children/{}", w.own_child), &token).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.json()["birth_date"], "2015-03-04");
    let other = app.get_api(&format!("/api/v1/children/{}", w.other_child), &token).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(other.json()["error"]["code"], "not_found");
    let entries = app.store.audit_entries(0, 1000).await.unwrap();
    let refused =
        entries.iter().find(|e| e.action == "read_refused").expect("the refused read is audited");
    assert_eq!(refused.record_id.as_deref(), Some(w.other_child.to_string().as_str()));
    assert_eq!(refused.acting_role.as_deref(), Some("parent"));
    assert!(
        entries.iter().any(|e| e.action == "read"
            && e.record_id.as_deref() == Some(w.own_child.to_string().as_str()))
    );
    assert_eq!(
        app.store.verify_audit(None).await.unwrap().map(|v| v.entries),
        Ok(entries.len() as u64)
    );
}

async fn a_caseworker_sees_the_children_of_their_la(app: TestApp) {
    let w = world(&app).await;
    let token = token(&app, "caseworker@example.org").await;
    let list = app.get_api("/api/v1/children", &token).await.json();
    let children = list["children"].as_array().unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0]["responsible_la_id"], w.la.to_string());
    assert_eq!(children[0]["schools_on_roll"][0], w.school.to_string());
    let admin = token_for_admin(&app).await;
    assert_eq!(
        app.get_api(&format!("/api/v1/children/{}", w.own_child), &admin).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_api("/api/v1/children", &admin).await.status,
        StatusCode::FORBIDDEN,
        "admin manages users, not records"
    );
}

async fn the_list_of_children_pages_and_searches(app: TestApp) {
    world(&app).await;
    let token = token(&app, "caseworker@example.org").await;
    for given in ["Bea", "Cal", "Dev"] {
        let body = serde_json::json!({"given_name": given, "family_name": "Morris",
            "birth_date": "2016-05-06", "la_code": "886"});
        let made = app.post_json("/api/v1/children", &token, &body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    }
    let names = |list: &serde_json::Value| -> Vec<String> {
        let children = list["children"].as_array().unwrap();
        children.iter().map(|c| c["given_name"].as_str().unwrap().to_owned()).collect()
    };
    let first = app.get_api("/api/v1/children?limit=2", &token).await.json();
    assert_eq!(first["total"], 4);
    let rest = app.get_api("/api/v1/children?limit=2&offset=2", &token).await.json();
    let mut all = [names(&first), names(&rest)].concat();
    assert_eq!(all.len(), 4, "two pages hold everyone once: {all:?}");
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 4);
    let found = app.get_api("/api/v1/children?q=morris&limit=10", &token).await.json();
    assert_eq!((found["total"].as_u64(), names(&found).len()), (Some(3), 3));
    let by_birth = app.get_api("/api/v1/children?q=2016-05-06", &token).await.json();
    assert_eq!(by_birth["total"], 3);
    let too_many = app.get_api("/api/v1/children?limit=5000", &token).await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_many.json()["error"]["fields"][0]["field"], "limit");
}

async fn token_for_admin(app: &TestApp) -> String {
    token(app, "admin@example.org").await
}

async fn the_openapi_document_describes_the_handlers(app: TestApp) {
    let doc = app.get("/api/v1/openapi.json", &[]).await.json();
    assert_eq!(doc["info"]["title"], "sendcase API");
    assert!(doc["paths"]["/children"]["get"].is_object());
    assert!(doc["paths"]["/children/{id}"]["get"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
