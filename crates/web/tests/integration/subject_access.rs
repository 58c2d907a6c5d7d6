//! A subject access request: the council's manager downloads everything held about one child,
//! as a tar of `person.json` and the council's PDFs; nobody else may, and each download is in
//! the audit log.

use crate::fixtures::{PASSWORD, la_contacts, plan_in_force, token, user, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::people::roles::Role;

on_both_backends!(the_council_s_manager_downloads_everything_held_about_a_child_and_is_audited);
on_both_backends!(nobody_but_the_child_s_council_s_manager_may_download_it);

/// Each file of a tar archive: its name and its bytes.
pub(crate) fn untar(mut tar: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![];
    while tar.len() >= 512 && tar[0] != 0 {
        let name = String::from_utf8(tar[..100].split(|&b| b == 0).next().unwrap().to_vec());
        let size = std::str::from_utf8(&tar[124..135]).unwrap();
        let size = usize::from_str_radix(size, 8).unwrap();
        files.push((name.unwrap(), tar[512..512 + size].to_vec()));
        tar = &tar[512 + size.next_multiple_of(512)..];
    }
    files
}

async fn the_council_s_manager_downloads_everything_held_about_a_child_and_is_audited(
    app: TestApp,
) {
    let w = world(&app).await;
    la_contacts(&app, w.la).await;
    let manager = user(&app, "manager@example.org", Role::LaManager, Some(w.la)).await;
    let cw = token(&app, "caseworker@example.org").await;
    let request = plan_in_force(&app, &cw, w.own_child, 30).await;
    // An earlier request, with a letter the family sent: its bytes are in the export too.
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    let letter = sendcase_store::NewAttachment {
        file_name: "GP letter.pdf".into(),
        content_type: "application/pdf".into(),
        content: b"%PDF-1.4 GP".to_vec(),
    };
    let earlier = jiff::civil::date(2020, 1, 6);
    let source = sendcase_domain::ehc::requests::RequestSource::Parent;
    let earlier = sendcase_store::NewEhcRequest::received(w.own_child, earlier, source, calendar)
        .unwrap()
        .with_documents(vec![letter]);
    let opening = app.store.open_request(earlier, sendcase_web::today()).await.unwrap();
    opening.write(&crate::fixtures::meta()).await.unwrap();
    let cookie = app.sign_in("manager@example.org", PASSWORD).await;

    let search = format!("/subject-access?child={}", w.own_child);
    let found = app.get(&search, &[("cookie", &cookie)]).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let href = format!("/subject-access/{}/export.tar", w.own_child);
    assert!(found.body.contains("Ada Ashby") && found.body.contains(&href), "{}", found.body);

    let download = app.get(&href, &[("cookie", &cookie)]).await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.body);
    assert_eq!(download.headers["content-type"], "application/x-tar");
    let files = untar(&download.bytes);
    assert_eq!(files[0].0, "person.json");
    let person: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
    assert_eq!(person["format"], "sendcase-subject-access/1");
    assert_eq!(person["child_id"], w.own_child.to_string());
    let tables = &person["tables"];
    for held in sendcase_store::HELD {
        assert!(tables[held.table].is_array(), "{} is in the export", held.table);
    }
    assert_eq!(tables["children"][0]["given_name"], "Ada");
    assert_eq!(tables["children"][0]["birth_date"], "2015-03-04");
    let requests = tables["ehc_requests"].as_array().unwrap();
    assert!(requests.iter().any(|r| r["id"] == request.as_str()), "{requests:?}");
    assert_eq!(tables["family_links"].as_array().unwrap().len(), 1);
    assert_eq!(tables["advice_requests"].as_array().unwrap().len(), 1);
    let documents = tables["case_documents"].as_array().unwrap();
    assert_eq!(documents[0]["file_name"], "GP letter.pdf");
    assert_eq!(documents[0]["content"], hex::encode("%PDF-1.4 GP"));
    let events = tables["case_events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["event"]["event"] == "final_plan_issued"), "{events:?}");
    assert!(tables["ehc_summaries"][0]["exception_recorded"].is_boolean(), "{tables}");
    assert!(!tables["messages"].as_array().unwrap().is_empty(), "the parent was told");
    let audit = tables["audit_log"].as_array().unwrap();
    assert!(audit.iter().any(|a| a["action"] == "subject_access_export"), "{audit:?}");
    let text = String::from_utf8_lossy(&files[0].1);
    assert!(!text.contains(&w.other_child.to_string()) && !text.contains("\"Ben\""));
    assert!(!text.contains("password_hash"));

    let final_plan = format!("documents/{request}/final-plan.pdf");
    let listed = person["documents"].as_array().unwrap();
    assert!(listed.iter().any(|d| d["file"] == final_plan.as_str()), "{listed:?}");
    let pdf = files.iter().find(|(name, _)| *name == final_plan).expect("the final plan's PDF");
    assert!(pdf.1.starts_with(b"%PDF-"));

    let entries = app.store.audit_entries(0, 10_000).await.unwrap();
    let exports: Vec<_> = entries.iter().filter(|e| e.action == "subject_access_export").collect();
    assert_eq!(exports.len(), 1, "one download, one entry");
    assert_eq!(exports[0].actor_user_id, Some(manager));
    assert_eq!(exports[0].acting_role.as_deref(), Some("la_manager"));
    assert_eq!(exports[0].record_id, Some(w.own_child.to_string()));
    let found = entries.iter().filter(|e| e.action == "read" && e.actor_user_id == Some(manager));
    assert_eq!(found.count(), 1, "finding the child is a read of the record");
}

async fn nobody_but_the_child_s_council_s_manager_may_download_it(app: TestApp) {
    let w = world(&app).await;
    user(&app, "manager@example.org", Role::LaManager, Some(w.la)).await;
    let manager = app.sign_in("manager@example.org", PASSWORD).await;
    let own = format!("/subject-access/{}/export.tar", w.own_child);
    for email in ["caseworker@example.org", "senco@example.org", "parent@example.org"] {
        let cookie = app.sign_in(email, PASSWORD).await;
        let page = app.get("/subject-access", &[("cookie", &cookie)]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{email}");
        let download = app.get(&own, &[("cookie", &cookie)]).await;
        assert_eq!(download.status, StatusCode::FORBIDDEN, "{email}");
    }
    // Another council's child is not there to be found, by search or by address.
    let search = format!("/subject-access?child={}", w.other_child);
    let refused = app.get(&search, &[("cookie", &manager)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("No child of your council") && !refused.body.contains("Ben"));
    let other = format!("/subject-access/{}/export.tar", w.other_child);
    assert_eq!(app.get(&other, &[("cookie", &manager)]).await.status, StatusCode::NOT_FOUND);
    let garbage =
        app.get("/subject-access?child=%3Cnot%20a%20UPN%3E", &[("cookie", &manager)]).await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);
    let entries = app.store.audit_entries(0, 10_000).await.unwrap();
    assert!(entries.iter().all(|e| e.action != "subject_access_export"), "nothing was exported");
}
