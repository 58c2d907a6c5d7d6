//! `sendcase retention --apply` anonymises each demo child whose record is due: their names,
//! identifiers and day of birth go, with their family links and free-text records about them;
//! their requests and events stay, so the SEN2 return still counts them. Each is audited, the
//! audit chain still verifies, and a second run finds nothing more to do.

use super::{every_case, on_both_backends, sendcase};
use sendcase_store::{DatabaseUrl, HeldRows};

#[test]
fn a_child_s_record_due_is_anonymised_and_still_counted_on_both_backends() {
    on_both_backends("anonymise", anonymised);
}

/// How many people a SEN2 return lists.
fn people(xml: &str) -> usize {
    xml.matches("<Person>").count()
}

fn rows(held: &[HeldRows], table: &str) -> usize {
    held.iter().find(|h| h.table == table).map_or(0, |h| h.rows.len())
}

/// The rows of `tables` as JSON text.
fn text(held: &[HeldRows], tables: &[&str]) -> String {
    let rows = held.iter().filter(|h| tables.contains(&h.table)).map(|h| &h.rows);
    serde_json::to_string(&rows.collect::<Vec<_>>()).unwrap()
}

const FREE_TEXT: [&str; 3] = ["case_events", "case_records", "plan_versions"];

/// The lists that keep a child's name beside each request, to sort by it.
const SORTED_BY_NAME: [&str; 2] = ["caseload", "ehc_plans"];

fn anonymised(db: &str, _: &std::path::Path) {
    assert!(sendcase(&["demo", "--db", db], "").status.success());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime.block_on(sendcase_store::connect(&DatabaseUrl::parse(db).unwrap()));
    let store = store.unwrap();
    let today = jiff::civil::date(2026, 12, 1);
    let child = runtime.block_on(async {
        for case in every_case(store.as_ref()).await {
            let record = store.child(case.request.child_id, today).await.unwrap().unwrap();
            let linked = !record.relations.parents.is_empty();
            if record.child.upn.is_some() && linked {
                return record.child;
            }
        }
        panic!("the demo has a child with a request, a UPN and a family")
    });
    let before = runtime.block_on(store.held_about(child.id)).unwrap();
    let upn = child.upn.clone().unwrap().to_string();
    let named = format!("{} ", child.given_name);
    assert!(text(&before, &FREE_TEXT).contains(&named), "the plan names the child");
    assert!(text(&before, &["ehc_plans"]).contains(&child.family_name), "the plan is listed");
    let sen2 = || {
        let out = sendcase(&["export", "sen2", "--db", db, "--la", "886", "--year", "2026"], "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let return_before = sen2();
    assert!(return_before.contains(&upn));

    // Every demo child is past their 31st birthday in 2080.
    let run = |mode| sendcase(&["retention", "--db", db, "--today", "2080-01-01", mode], "");
    let listed = String::from_utf8(run("--dry-run").stdout).unwrap();
    let line = format!("child-record\t{}\t", child.id);
    let line = listed.lines().find(|l| l.starts_with(&line)).expect("the child is due");
    assert!(line.contains("\tanonymise\t"), "{line}");

    let applied = run("--apply");
    assert!(applied.status.success(), "{}", String::from_utf8_lossy(&applied.stderr));
    let said = String::from_utf8(applied.stdout).unwrap();
    let count = said.lines().find_map(|l| l.strip_prefix("child-record: anonymised "));
    let count: usize = count.expect("a count of children anonymised").parse().unwrap();
    assert!(count > 1, "{said}");

    let after = runtime.block_on(store.child(child.id, today)).unwrap().unwrap();
    assert_eq!(after.child.full_name(), "Anonymised record");
    assert!(after.child.upn.is_none() && after.child.nhs_number.is_none());
    assert!(after.child.uln.is_none() && after.relations.parents.is_empty());
    assert_eq!(after.child.birth_date, child.birth_date.first_of_month());
    let held = runtime.block_on(store.held_about(child.id)).unwrap();
    for gone in ["family_links", "advice_requests", "parent_meetings", "one_page_profiles"] {
        assert_eq!(rows(&held, gone), 0, "{gone}");
    }
    for kept in ["ehc_requests", "case_events", "case_records", "enrolments"] {
        assert_eq!(rows(&held, kept), rows(&before, kept), "{kept}");
        assert!(rows(&held, kept) > 0, "{kept}");
    }

    assert!(!text(&held, &FREE_TEXT).contains(&child.given_name), "{}", text(&held, &FREE_TEXT));
    assert!(text(&held, &FREE_TEXT).contains("[name]"));
    for list in SORTED_BY_NAME {
        assert!(!text(&held, &[list]).contains(&child.family_name), "{list} keeps the name");
    }

    let return_after = sen2();
    assert!(!return_after.contains(&upn), "the UPN is gone from the return");
    assert_eq!(people(&return_after), people(&return_before), "every child is still counted");
    let check = ["export", "sen2", "--db", db, "--la", "886", "--year", "2026", "--check"];
    let said = String::from_utf8(sendcase(&check, "").stderr).unwrap();
    let anonymised = said.lines().filter(|l| l.contains("was anonymised on 2080-01-01")).count();
    assert!(anonymised > 0 && !said.contains("UPNunknown must give the reason"), "{said}");

    let entries = runtime.block_on(store.audit_entries(0, 100_000)).unwrap();
    let entries: Vec<_> = entries.iter().filter(|e| e.action == "anonymised").collect();
    assert_eq!(entries.len(), count, "one entry for each child");
    assert!(entries.iter().any(|e| e.record_id == Some(child.id.to_string())));
    assert!(sendcase(&["audit", "verify", "--db", db], "").status.success());
    let again = String::from_utf8(run("--apply").stdout).unwrap();
    assert!(again.lines().any(|l| l == "child-record: anonymised 0"), "{again}");
}
