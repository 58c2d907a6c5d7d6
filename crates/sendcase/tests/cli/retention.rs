//! `sendcase retention --dry-run`: a child past their 31st birthday is listed for deletion and a
//! younger one is not; a council's own period changes that; bad settings exit 2; nothing is
//! deleted and the review is audited.

use super::sen2::{child, council};
use super::{on_both_backends, sendcase};
use sendcase_store::{AuditMeta, DatabaseUrl};

#[test]
fn a_dry_run_lists_what_is_due_on_the_day_given_on_both_backends() {
    on_both_backends("retention", dry_run);
}

fn dry_run(db: &str, _: &std::path::Path) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime.block_on(sendcase_store::connect(&DatabaseUrl::parse(db).unwrap()));
    let store = store.unwrap();
    let meta = AuditMeta::system("test");
    let (old, young) = runtime.block_on(async {
        let la = council(store.as_ref(), "Kent County Council", "886", &meta).await;
        let child = |given, birth| child(given, "Ashby", birth, la);
        let old = child("Olwen", jiff::civil::date(1995, 12, 4));
        let young = child("Yan", jiff::civil::date(1995, 12, 5));
        (
            store.create_child(old, &meta).await.unwrap(),
            store.create_child(young, &meta).await.unwrap(),
        )
    });
    let run = |extra: &[&str]| {
        let mut args = vec!["retention", "--db", db, "--today", "2026-12-04"];
        args.extend_from_slice(extra);
        sendcase(&args, "")
    };
    let listed = run(&["--dry-run"]);
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let text = String::from_utf8(listed.stdout).unwrap();
    let line = format!(
        "child-record\t{old}\t2026-12-04\tkept 31 years from the child's date of birth (1995-12-04)"
    );
    assert!(text.lines().any(|l| l == line), "{text}");
    assert!(!text.contains(&young.to_string()), "a day short of 31: {text}");
    assert!(text.contains("IRMS Information Management Toolkit"), "the source is given: {text}");

    let longer = run(&["--dry-run", "--keep", "child-record=35y"]);
    assert!(!String::from_utf8(longer.stdout).unwrap().contains(&old.to_string()));
    for bad in [
        &["--dry-run", "--keep", "letters=3y"][..],
        &["--dry-run", "--keep", "message=soon"],
        &["--dry-run", "--today", "4/12/2026"],
        &[],
    ] {
        let refused = run(bad);
        assert_eq!(refused.status.code(), Some(2), "{bad:?}");
        assert!(refused.stdout.is_empty(), "{bad:?}");
    }
    runtime.block_on(async {
        let today = jiff::civil::date(2026, 12, 4);
        assert!(store.child(old, today).await.unwrap().is_some(), "a dry run deletes nothing");
        let entries = store.audit_entries(0, 1_000).await.unwrap();
        let reviews = entries.iter().filter(|e| e.action == "retention_review").count();
        assert_eq!(reviews, 2, "each run that got as far as reading is audited");
    });
}
