//! `sendcase backup` while the database is being written to, and `sendcase restore` into a new
//! one: the restored database is one consistent moment of the original, on both backends.

use super::{pg_database, sendcase};
use sendcase_domain::local_offer::{LocalOfferService, Provider};
use sendcase_store::{AuditMeta, DatabaseUrl};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[test]
fn a_backup_taken_under_write_load_restores_to_one_consistent_moment_on_both_backends() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = std::env::temp_dir().join(format!("sendcase-backup-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = |name: &str| format!("sqlite://{}", dir.join(name).display());
    let file = |name: &str| dir.join(name).display().to_string();
    backup_restores(&runtime, &db("source.db"), &db("restored.db"), &file("sqlite.backup"));
    let (source, drop_source) = pg_database(&runtime);
    let (restored, drop_restored) = pg_database(&runtime);
    backup_restores(&runtime, &source, &restored, &file("pg.backup"));
    drop_source(&runtime);
    drop_restored(&runtime);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn backup_restores(runtime: &tokio::runtime::Runtime, source: &str, restored: &str, file: &str) {
    let demo = sendcase(&["demo", "--db", source], "");
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    let store =
        runtime.block_on(sendcase_store::connect(&DatabaseUrl::parse(source).unwrap())).unwrap();
    let council = runtime.block_on(store.local_offer_councils()).unwrap()[0];

    // Services "Load 00001", "Load 00002", … each written in its own transaction, until stopped.
    let (written, stop) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicBool::new(false)));
    let load = runtime.spawn({
        let (store, written, stop) = (store.clone(), written.clone(), stop.clone());
        async move {
            let provider = Provider {
                id: uuid::Uuid::now_v7(),
                name: "Load".into(),
                description: String::new(),
            };
            while !stop.load(Ordering::SeqCst) {
                let n = written.load(Ordering::SeqCst) + 1;
                let mut s = LocalOfferService::blank(
                    uuid::Uuid::now_v7(),
                    council,
                    provider.clone(),
                    jiff::Timestamp::now(),
                );
                s.name = format!("Load {n:05}");
                s.description = format!("Written {n}th under load.");
                store.put_local_offer_services(&[s], &AuditMeta::system("load")).await.unwrap();
                written.store(n, Ordering::SeqCst);
            }
        }
    });
    while written.load(Ordering::SeqCst) < 20 {
        std::thread::yield_now();
    }
    let before = written.load(Ordering::SeqCst);
    let backup = sendcase(&["backup", "--db", source, file], "");
    let after = written.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    runtime.block_on(load).unwrap();
    assert!(backup.status.success(), "{}", String::from_utf8_lossy(&backup.stderr));
    assert!(after > before, "the backup was taken while services were being written");

    let again = sendcase(&["backup", "--db", source, file], "");
    assert_eq!(again.status.code(), Some(2), "a backup never overwrites a file");
    let restore = sendcase(&["restore", "--db", restored, file], "");
    let out = String::from_utf8_lossy(&restore.stdout);
    assert!(restore.status.success(), "{}", String::from_utf8_lossy(&restore.stderr));
    assert!(out.contains("audit log intact"), "{out}");
    let into_full = sendcase(&["restore", "--db", source, file], "");
    assert_eq!(into_full.status.code(), Some(2), "never restored over a database in use");

    // The restored services under load are exactly the first k, each whole: one moment.
    let restored_export = export(restored);
    let loaded: Vec<usize> = restored_export.iter().filter_map(load_number).collect();
    let k = loaded.len();
    assert!(k >= before, "everything written before the backup began is in it");
    assert_eq!(loaded, (1..=k).collect::<Vec<_>>());
    // And apart from what was written after that moment, the original exports the same bytes.
    let mut original = export(source);
    original.retain(|s| load_number(s).is_none_or(|n| n <= k));
    assert_eq!(to_text(&original), to_text(&restored_export));
    let audit = sendcase(&["audit", "verify", "--db", restored], "");
    assert!(audit.status.success(), "{}", String::from_utf8_lossy(&audit.stderr));
}

fn export(db: &str) -> Vec<serde_json::Value> {
    let out = sendcase(&["local-offer", "export", "--db", db], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn load_number(service: &serde_json::Value) -> Option<usize> {
    service["name"].as_str()?.strip_prefix("Load ")?.parse().ok()
}

fn to_text(services: &[serde_json::Value]) -> String {
    serde_json::to_string_pretty(services).unwrap()
}
