//! No edit is lost: a save carries the version it was made from; saves to different sections
//! made at once both keep, and a save that would overwrite someone else's words in the same
//! section is refused (409) with nothing stored.

use crate::fixtures::{open_request, plan_content, token, world, write_plan};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;

on_both_backends!(concurrent_plan_saves_keep_every_edit_or_refuse_with_409,);

async fn concurrent_plan_saves_keep_every_edit_or_refuse_with_409(app: TestApp) {
    let w = world(&app).await;
    let api = token(&app, "caseworker@example.org").await;
    let id = open_request(&app, &api, w.own_child).await;
    write_plan(&app, &api, &id).await;
    let path = format!("/api/v1/ehc-requests/{id}/plan");
    let read = |version: i64| {
        let path = path.clone();
        let api = api.clone();
        let app = &app;
        async move {
            let res = app.get_api(&path, &api).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            let body = res.json();
            assert_eq!(body["version"], version, "{body}");
            body["plan"].clone()
        }
    };
    // Twenty rounds of two people saving different sections of the newest version at once.
    for round in 1..=20 {
        let version = 2 * round - 1;
        let base = read(version).await;
        let mut health = base.clone();
        health["c"] = json!([{"id": "C1", "description": format!("Epilepsy, round {round}")}]);
        let mut care = base.clone();
        care["d"] = json!([{"id": "D1", "description": format!("Short breaks, round {round}")}]);
        let (health, care) = (
            json!({"version": version, "plan": health}),
            json!({"version": version, "plan": care}),
        );
        let (a, b) =
            tokio::join!(app.put_json(&path, &api, &health), app.put_json(&path, &api, &care));
        assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK), "{}{}", a.body, b.body);
        let both = read(version + 2).await;
        assert_eq!(both["c"][0]["description"], format!("Epilepsy, round {round}"));
        assert_eq!(both["d"][0]["description"], format!("Short breaks, round {round}"));
    }
    // The same section changed by both: one is kept, the other refused with 409, nothing lost.
    let version = 41;
    let base = read(version).await;
    let mut first = base.clone();
    first["b"][0]["description"] = json!("Reading two years below age");
    let mut second = base.clone();
    second["b"][0]["description"] = json!("Reading and spelling below age");
    let (one, other) = (
        json!({"version": version, "plan": first.clone()}),
        json!({"version": version, "plan": second.clone()}),
    );
    let (a, b) = tokio::join!(app.put_json(&path, &api, &one), app.put_json(&path, &api, &other));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{}{}", a.body, b.body);
    let refused = if a.status == StatusCode::CONFLICT { &a } else { &b };
    assert!(
        refused.body.contains("Someone else saved section B while you were editing it"),
        "{}",
        refused.body
    );
    let kept = read(version + 1).await;
    let winner = if a.status == StatusCode::OK { &first } else { &second };
    assert_eq!(kept["b"], winner["b"]);
    assert_eq!(kept["f"], plan_content()["f"], "other sections as they were");
}
