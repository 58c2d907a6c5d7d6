//! `sendcase audit`: signed checkpoints catch what the hash chain alone cannot (a cut-off tail,
//! an emptied log, entries removed and the rest re-hashed, a forged checkpoint), and an archive
//! prunes the oldest entries with both the file and the rest of the chain still verifiable.
//! Each case runs on SQLite and PostgreSQL; the attacker writes to the database directly.

use super::sendcase;
use sendcase_store::AuditMeta;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A fresh database of each backend, with `entries` audit entries, handed to `test`.
fn on_both_backends(entries: usize, test: impl Fn(&Db)) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = std::env::temp_dir().join(format!("sendcase-audit-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("audit.key");
    std::fs::write(&key, "a-test-key-of-more-than-thirty-two-bytes\n").unwrap();
    let sqlite = format!("sqlite://{}", dir.join("audit.db").display());
    let (pg, drop_pg) = super::pg_database(&runtime);
    for url in [sqlite, pg] {
        let db = Db { url, key: key.clone(), dir: dir.clone(), runtime: &runtime };
        db.add_entries(entries);
        test(&db);
    }
    drop_pg(&runtime);
    std::fs::remove_dir_all(&dir).unwrap();
}

struct Db<'a> {
    url: String,
    key: PathBuf,
    dir: PathBuf,
    runtime: &'a tokio::runtime::Runtime,
}

impl Db<'_> {
    fn audit(&self, args: &[&str]) -> Output {
        let key = self.key.to_str().unwrap();
        let mut all = vec!["audit"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--db", &self.url, "--audit-key-file", key]);
        sendcase(&all, "")
    }

    fn add_entries(&self, n: usize) {
        self.runtime.block_on(async {
            let url = sendcase_store::DatabaseUrl::parse(&self.url).unwrap();
            let store = sendcase_store::connect(&url).await.unwrap();
            for i in 0..n {
                let meta = AuditMeta::system(format!("test-{i}"));
                store.record_access(&meta, "read", "child", Some(&i.to_string())).await.unwrap();
            }
        })
    }

    /// Runs `sql` as someone with write access to the database but not the key.
    fn tamper(&self, sql: &str) {
        self.runtime.block_on(async {
            if self.url.starts_with("sqlite:") {
                let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
                sqlx::raw_sql(sql).execute(&pool).await.unwrap();
                pool.close().await;
            } else {
                let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
                sqlx::raw_sql(sql).execute(&pool).await.unwrap();
                pool.close().await;
            }
        })
    }

    /// Removes the entries `seqs` and re-hashes everything after them, as the chain is written,
    /// so that the chain alone verifies again.
    fn remove_and_rehash(&self, seqs: &[i64]) {
        let list = seqs.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        self.tamper(&format!("DELETE FROM audit_log WHERE seq IN ({list})"));
        let rows = self.rows();
        let mut prev = sendcase_store::GENESIS_HASH.to_owned();
        let mut sql = String::new();
        for (seq, at, action, record_type, record_id, request_id) in rows {
            let mut h = Sha256::new();
            let fields =
                [prev.clone(), at.to_string(), String::new(), String::new(), action, record_type];
            for f in fields.into_iter().chain([record_id.unwrap_or_default(), request_id]) {
                h.update((f.len() as u64).to_be_bytes());
                h.update(f.as_bytes());
            }
            let hash = hex::encode(h.finalize());
            sql.push_str(&format!(
                "UPDATE audit_log SET prev_hash = '{prev}', hash = '{hash}' WHERE seq = {seq};\n"
            ));
            prev = hash;
        }
        self.tamper(&sql);
    }

    #[allow(clippy::type_complexity)]
    fn rows(&self) -> Vec<(i64, i64, String, String, Option<String>, String)> {
        let sql = "SELECT seq, at_micros, action, record_type, record_id, request_id \
                   FROM audit_log ORDER BY seq";
        self.runtime.block_on(async {
            if self.url.starts_with("sqlite:") {
                let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
                sqlx::query_as(sql).fetch_all(&pool).await.unwrap()
            } else {
                let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
                sqlx::query_as(sql).fetch_all(&pool).await.unwrap()
            }
        })
    }

    fn path(&self, name: &str) -> PathBuf {
        let backend = if self.url.starts_with("sqlite:") { "sqlite" } else { "pg" };
        self.dir.join(format!("{backend}-{name}"))
    }
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn broken(out: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(expected), "expected {expected:?} in: {stderr}");
}

#[test]
fn a_cut_off_tail_is_caught_by_the_latest_checkpoint() {
    on_both_backends(20, |db| {
        ok(&db.audit(&["checkpoint"]));
        let intact = ok(&db.audit(&["verify"]));
        assert!(intact.contains("20 entries checked, 1 signed checkpoints"), "{intact}");
        assert!(intact.contains("vouches for entry 20"), "{intact}");
        db.tamper("DELETE FROM audit_log WHERE seq > 15");
        broken(&db.audit(&["verify"]), "audit checkpoint 1 vouches for entry 20, which is missing");
    });
}

#[test]
fn an_emptied_log_is_caught() {
    on_both_backends(5, |db| {
        ok(&db.audit(&["checkpoint"]));
        db.tamper("DELETE FROM audit_log");
        broken(&db.audit(&["verify"]), "vouches for entry 5, which is missing");
    });
}

#[test]
fn entries_removed_and_the_chain_rehashed_are_caught() {
    on_both_backends(30, |db| {
        ok(&db.audit(&["checkpoint"]));
        db.add_entries(5);
        db.remove_and_rehash(&[3, 4, 5, 6]);
        // The chain alone is whole again, as the 598 rows were "intact"; the checkpoint is not.
        let out = db.audit(&["verify"]);
        broken(&out, "audit checkpoint 1 vouches for entry 30 with another hash");
        // Nor can the checkpoint be brought into line without the key.
        db.tamper(
            "UPDATE audit_checkpoints SET head_hash = \
             (SELECT hash FROM audit_log WHERE seq = 30) WHERE n = 1",
        );
        broken(&db.audit(&["verify"]), "audit checkpoint 1 was not signed with this key");
    });
}

#[test]
fn a_removed_checkpoint_is_caught_and_the_key_is_needed_to_make_one() {
    on_both_backends(3, |db| {
        for _ in 0..3 {
            ok(&db.audit(&["checkpoint"]));
            db.add_entries(2);
        }
        let none = sendcase(&["audit", "checkpoint", "--db", &db.url], "");
        assert_eq!(none.status.code(), Some(2), "no key, no checkpoint");
        db.tamper("DELETE FROM audit_checkpoints WHERE n = 2");
        broken(&db.audit(&["verify"]), "audit checkpoint 3 follows a gap");
    });
}

#[test]
fn archiving_prunes_the_old_entries_and_both_sides_of_the_cut_still_verify() {
    on_both_backends(12, |db| {
        ok(&db.audit(&["checkpoint"]));
        let tomorrow = (jiff::Zoned::now().date() + jiff::Span::new().days(1)).to_string();
        let first = db.path("first.jsonl");
        let first_s = first.to_str().unwrap();
        let out = ok(&db.audit(&["archive", "--before", &tomorrow, "--to", first_s]));
        assert!(out.contains("archived 12 entries (up to entry 12)"), "{out}");
        assert!(db.rows().is_empty(), "the archived entries are pruned");
        // The chain goes on from the cut, through a second archive.
        db.add_entries(4);
        ok(&db.audit(&["checkpoint"]));
        let second = db.path("second.jsonl");
        let second_s = second.to_str().unwrap();
        let out = ok(&db.audit(&["archive", "--before", &tomorrow, "--to", second_s]));
        assert!(out.contains("archived 4 entries (up to entry 16)"), "{out}");
        db.add_entries(3);
        let verified = ok(&db.audit(&["verify", "--archive", first_s, "--archive", second_s]));
        assert!(verified.contains(&format!("archive {first_s} intact: 12 entries")), "{verified}");
        assert!(verified.contains("audit log intact: 3 entries checked"), "{verified}");

        let again = db.audit(&["archive", "--before", &tomorrow, "--to", first_s]);
        assert_eq!(again.status.code(), Some(2), "an archive is never overwritten");
        let bad_date = db.audit(&["archive", "--before", "2026-02-30", "--to", "x"]);
        assert_eq!(bad_date.status.code(), Some(2));

        edit_line(&first, 3, "\"action\":\"read\"", "\"action\":\"delete\"");
        broken(
            &db.audit(&["verify", "--archive", first_s]),
            "audit entry 2 is not as it was written",
        );
    });
}

fn edit_line(path: &Path, line: usize, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert!(lines[line - 1].contains(from), "{}", lines[line - 1]);
    lines[line - 1] = lines[line - 1].replace(from, to);
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}
