//! `sendcase retention`: a child past their 31st birthday is listed for deletion and a younger
//! one is not; a council's own period changes that; bad settings exit 2; a dry run deletes
//! nothing and is audited; `--apply` deletes what is due, audited, anonymises the child's record
//! rather than deleting it, and leaves the audit chain whole.

use super::sen2::{child, council};
use super::{on_both_backends, sendcase};
use sendcase_domain::local_offer::FeedbackTopic;
use sendcase_store::{AuditMeta, DatabaseUrl, NewFeedback};

#[test]
fn a_dry_run_lists_what_is_due_on_the_day_given_on_both_backends() {
    on_both_backends("retention", dry_run);
}

fn dry_run(db: &str, _: &std::path::Path) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime.block_on(sendcase_store::connect(&DatabaseUrl::parse(db).unwrap()));
    let store = store.unwrap();
    let meta = AuditMeta::system("test");
    let (old, young, comments) = runtime.block_on(async {
        let la = council(store.as_ref(), "Kent County Council", "886", &meta).await;
        let child = |given, birth| child(given, "Ashby", birth, la);
        let old = child("Olwen", jiff::civil::date(1995, 12, 4));
        let young = child("Yan", jiff::civil::date(1995, 12, 5));
        let mut comments = vec![];
        for received_on in [jiff::civil::date(2023, 12, 4), jiff::civil::date(2023, 12, 5)] {
            let comment = NewFeedback {
                council: la,
                received_on,
                about: FeedbackTopic::Gaps,
                comment: "No holiday clubs near us".into(),
            };
            comments.push(store.add_feedback(comment, &meta).await.unwrap());
        }
        let old = store.create_child(old, &meta).await.unwrap();
        (old, store.create_child(young, &meta).await.unwrap(), comments)
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
        "child-record\t{old}\t2026-12-04\tanonymise\tkept 31 years from the child's date of birth (1995-12-04)"
    );
    assert!(text.lines().any(|l| l == line), "{text}");
    assert!(!text.contains(&young.to_string()), "a day short of 31: {text}");
    assert!(text.contains("IRMS Information Management Toolkit"), "the source is given: {text}");
    let three_years = format!("local-offer-feedback\t{}\t2026-12-04\t", comments[0]);
    assert!(text.contains(&three_years), "{text}");
    assert!(!text.contains(&comments[1].to_string()), "a day short of three years: {text}");

    let longer = run(&["--dry-run", "--keep", "child-record=35y"]);
    assert!(!String::from_utf8(longer.stdout).unwrap().contains(&old.to_string()));
    for bad in [
        &["--dry-run", "--keep", "letters=3y"][..],
        &["--dry-run", "--keep", "message=soon"],
        &["--dry-run", "--keep", "child-record=20y"],
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

    let applied = run(&["--apply"]);
    assert!(applied.status.success(), "{}", String::from_utf8_lossy(&applied.stderr));
    let said = String::from_utf8(applied.stdout).unwrap();
    assert!(said.lines().any(|l| l == "local-offer-feedback: deleted 1"), "{said}");
    assert!(said.lines().any(|l| l == "child-record: anonymised 1"), "{said}");
    let after = String::from_utf8(run(&["--dry-run"]).stdout).unwrap();
    assert!(!after.contains(&comments[0].to_string()) && !after.contains(&old.to_string()));
    runtime.block_on(async {
        let kept: Vec<_> = store.feedback().await.unwrap().into_iter().map(|f| f.id).collect();
        assert_eq!(kept, [comments[1]], "the younger comment stays");
        let entries = store.audit_entries(0, 1_000).await.unwrap();
        let deletions = entries.iter().filter(|e| e.action == "retention_delete");
        let kinds: Vec<_> = deletions.filter_map(|e| e.record_id.clone()).collect();
        assert_eq!(kinds.len(), 6, "one entry for each kind that may be deleted: {kinds:?}");
        assert!(!kinds.iter().any(|k| k == "child-record"), "a child's record is not deleted");
        let today = jiff::civil::date(2026, 12, 4);
        let kept = store.child(old, today).await.unwrap().expect("kept, anonymised");
        assert_eq!(kept.child.given_name, "Anonymised");
        let young = store.child(young, today).await.unwrap().unwrap();
        assert_eq!(young.child.given_name, "Yan", "a day short of 31");
    });
    assert!(run(&["--dry-run", "--apply"]).status.code() == Some(2), "one or the other");
    assert!(sendcase(&["audit", "verify", "--db", db], "").status.success());
}
