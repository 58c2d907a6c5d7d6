//! A child's record anonymised by a retention review still works as a record: the council's
//! manager finds it on the Subject access page by its id, and its export holds the requests,
//! events and plan with the names and identifiers gone and the final plan still rendered.

use crate::fixtures::{PASSWORD, la_contacts, plan_in_force, token, user, world};
use crate::subject_access::untar;
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::people::roles::Role;
use sendcase_domain::retention::Schedule;
use sendcase_store::AuditMeta;
use sendcase_usecases::retention::{Done, apply};

on_both_backends!(an_anonymised_record_is_still_exported_without_the_child_s_names);

async fn an_anonymised_record_is_still_exported_without_the_child_s_names(app: TestApp) {
    let w = world(&app).await;
    la_contacts(&app, w.la).await;
    user(&app, "manager@example.org", Role::LaManager, Some(w.la)).await;
    let cw = token(&app, "caseworker@example.org").await;
    let request = plan_in_force(&app, &cw, w.own_child, 30).await;

    // Ada was born on 4 March 2015: her record is due on her 31st birthday.
    let meta = AuditMeta::system("test");
    let on = |y, m, d| jiff::civil::date(y, m, d);
    let store = app.store.as_ref();
    let schedule = Schedule::default();
    let done = apply(store, &schedule, on(2046, 3, 3), &meta).await.unwrap();
    assert!(matches!(done[0].1, Done::Anonymised(0)), "a day short of 31");
    let done = apply(store, &schedule, on(2046, 3, 4), &meta).await.unwrap();
    assert!(matches!(done[0].1, Done::Anonymised(n) if n >= 1));

    let cookie = app.sign_in("manager@example.org", PASSWORD).await;
    let search = format!("/subject-access?child={}", w.own_child);
    let found = app.get(&search, &[("cookie", &cookie)]).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(found.body.contains("Anonymised record"), "{}", found.body);
    assert!(found.body.contains("1 March 2015"), "{}", found.body);
    assert!(!found.body.contains("Ada"), "{}", found.body);

    let href = format!("/subject-access/{}/export.tar", w.own_child);
    let download = app.get(&href, &[("cookie", &cookie)]).await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.body);
    let files = untar(&download.bytes);
    let json = &files[0].1;
    let person: serde_json::Value = serde_json::from_slice(json).unwrap();
    let tables = &person["tables"];
    assert_eq!(tables["children"][0]["birth_date"], "2015-03-01");
    assert!(tables["children"][0]["upn"].is_null());
    assert_eq!(tables["ehc_plans"][0]["birth_date"], "2015-03-01", "as the plans list shows her");
    assert!(tables["family_links"].as_array().unwrap().is_empty());
    assert!(tables["advice_requests"].as_array().unwrap().is_empty());
    assert_eq!(tables["ehc_requests"][0]["id"], request);
    let events = tables["case_events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["event"]["event"] == "final_plan_issued"), "{events:?}");
    // Messages and emails about her go under their own retention periods, not with her record.
    for table in
        ["children", "caseload", "ehc_plans", "case_events", "case_records", "plan_versions"]
    {
        let rows = tables[table].to_string();
        assert!(!rows.contains("Ada") && !rows.contains("Ashby"), "{table}: {rows}");
    }
    let final_plan = format!("documents/{request}/final-plan.pdf");
    let pdf = files.iter().find(|(name, _)| *name == final_plan).expect("the final plan's PDF");
    assert!(pdf.1.starts_with(b"%PDF-"), "still rendered from the anonymised record");

    let entries = app.store.audit_entries(0, 10_000).await.unwrap();
    let own = Some(w.own_child.to_string());
    assert!(entries.iter().any(|e| e.action == "anonymised" && e.record_id == own));
}
