//! `sendcase export person`: a demo child's subject access export, by record id and by UPN, read
//! back with the system's tar; an existing file is never replaced; each export is audited and
//! the audit chain still verifies.

use super::{every_case, on_both_backends, sendcase};
use sendcase_domain::documents::DocumentKind;
use sendcase_store::DatabaseUrl;
use sendcase_usecases::documents::{StoredCase, available};
use std::path::Path;
use std::process::Command;

#[test]
fn a_person_s_export_is_written_with_their_documents_and_audited_on_both_backends() {
    on_both_backends("person", person_export);
}

/// What the system's tar says with `option` on `file` (and its `names`).
fn tar(option: &str, file: &Path, names: &[&str]) -> String {
    let out = Command::new("tar").arg(option).arg(file).args(names).output().expect("tar runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn person_export(db: &str, dir: &Path) {
    assert!(sendcase(&["demo", "--db", db], "").status.success());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime.block_on(sendcase_store::connect(&DatabaseUrl::parse(db).unwrap()));
    let store = store.unwrap();
    let (child, upn) = runtime.block_on(async {
        for case in every_case(store.as_ref()).await {
            let today = jiff::civil::date(2026, 12, 1);
            let stored = StoredCase::read(store.as_ref(), case.request.id, today).await.unwrap();
            let stored = stored.expect("the case and its child");
            if let Some(upn) = &stored.child.upn
                && available(&stored.file()).contains(&DocumentKind::FinalPlan)
            {
                return (stored.child.id, upn.to_string());
            }
        }
        panic!("the demo has a child with a UPN and a final plan")
    });

    // The folder is shared by both backends' runs.
    let dir = &dir.join(db.split(':').next().unwrap());
    std::fs::create_dir_all(dir).unwrap();
    let by_id = dir.join(format!("{child}.tar"));
    let args = |key: &str, out: &Path| {
        let out = out.display().to_string();
        sendcase(&["export", "person", "--db", db, "--child", key, "--out", &out], "")
    };
    let written = args(&child.to_string(), &by_id);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let names = tar("-tf", &by_id, &[]);
    assert!(names.starts_with("person.json\n"), "{names}");
    assert!(names.contains("/final-plan.pdf"), "{names}");
    let person: serde_json::Value =
        serde_json::from_str(&tar("-xOf", &by_id, &["person.json"])).unwrap();
    assert_eq!(person["child_id"], child.to_string());
    assert_eq!(person["tables"]["children"][0]["upn"], upn.as_str());

    let again = args(&child.to_string(), &by_id);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let by_upn = dir.join("by-upn.tar");
    let written = args(&upn, &by_upn);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    assert!(tar("-xOf", &by_upn, &["person.json"]).contains(&child.to_string()));
    let unknown = args("nobody", &dir.join("nobody.tar"));
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no such child"));
    assert!(!dir.join("nobody.tar").exists());

    let entries = runtime.block_on(store.audit_entries(0, 100_000)).unwrap();
    let exports = entries.iter().filter(|e| e.action == "subject_access_export");
    let exports: Vec<_> = exports.filter(|e| e.record_id == Some(child.to_string())).collect();
    assert_eq!(exports.len(), 2, "one entry for each export");
    assert!(exports.iter().all(|e| e.actor_user_id.is_none()), "the system exported");
    assert!(sendcase(&["audit", "verify", "--db", db], "").status.success());
}
