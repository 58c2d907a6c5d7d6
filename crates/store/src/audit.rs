//! The audit log: who did what to which record, when, and in which role, hash-chained so that an
//! altered or removed row is detected by [`verify_chain`].

use crate::bulk::{columns_named, rows_per_insert};
use crate::credentials::Unconfirmed;
use crate::engine::{Engine, Sql, SqlStore, Tx, ValuesRow};
use crate::error::{StoreError, StoreResult};
use async_trait::async_trait;
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::Actor;
use sha2::{Digest, Sha256};
use sqlx::Pool;
use uuid::Uuid;

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who is acting, and in which request: carried into every audited call.
#[derive(Debug, Clone)]
pub struct AuditMeta {
    pub actor_user_id: Option<Uuid>,
    pub acting_role: Option<Role>,
    pub request_id: String,
    /// The credential the request acted on as last read, if it did: an audited read then
    /// confirms it before its entry is appended.
    pub credential: Option<Unconfirmed>,
}

impl AuditMeta {
    /// A person acting in `role`, or in their widest role when none was decided.
    pub fn acting(actor: &Actor, role: Option<Role>, request_id: impl Into<String>) -> Self {
        AuditMeta {
            actor_user_id: Some(actor.user_id),
            acting_role: role.or_else(|| actor.primary_role()),
            request_id: request_id.into(),
            credential: None,
        }
    }

    /// Work done by a command-line tool rather than a signed-in person.
    pub fn system(request_id: impl Into<String>) -> Self {
        AuditMeta {
            actor_user_id: None,
            acting_role: None,
            request_id: request_id.into(),
            credential: None,
        }
    }
}

/// One stored entry of the chain (serialised as is into archives).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: jiff::Timestamp,
    pub actor_user_id: Option<Uuid>,
    pub acting_role: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<String>,
    pub request_id: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit entry {seq} is not as it was written: {reason}")]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

/// The hash of an entry: everything it records, chained to the entry before it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn entry_hash(
    prev_hash: &str,
    at_micros: i64,
    actor: Option<Uuid>,
    role: Option<&str>,
    action: &str,
    record_type: &str,
    record_id: Option<&str>,
    request_id: &str,
) -> String {
    let mut h = Sha256::new();
    length_prefixed(
        &mut h,
        [
            prev_hash.to_owned(),
            at_micros.to_string(),
            actor.map(|a| a.to_string()).unwrap_or_default(),
            role.unwrap_or_default().to_owned(),
            action.to_owned(),
            record_type.to_owned(),
            record_id.unwrap_or_default().to_owned(),
            request_id.to_owned(),
        ],
    );
    hex::encode(h.finalize())
}

/// Feeds `fields` to a hash or MAC, each prefixed by its length, so that no two different lists
/// of fields can serialise alike.
pub(crate) fn length_prefixed(
    h: &mut impl sha2::digest::Update,
    fields: impl IntoIterator<Item = String>,
) {
    for field in fields {
        h.update(&(field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
}

impl AuditEntry {
    fn expected_hash(&self) -> String {
        entry_hash(
            &self.prev_hash,
            self.at.as_microsecond(),
            self.actor_user_id,
            self.acting_role.as_deref(),
            &self.action,
            &self.record_type,
            self.record_id.as_deref(),
            &self.request_id,
        )
    }
}

/// Checks a run of entries in order, continuing from `prev_hash`; returns the last hash seen.
pub fn verify_chain<'a>(
    prev_hash: &str,
    entries: impl IntoIterator<Item = &'a AuditEntry>,
) -> Result<String, ChainBreak> {
    let mut prev = prev_hash.to_owned();
    for e in entries {
        if e.prev_hash != prev {
            return Err(ChainBreak {
                seq: e.seq,
                reason: "it does not follow the entry before it (an entry was removed or altered)"
                    .into(),
            });
        }
        if e.hash != e.expected_hash() {
            return Err(ChainBreak {
                seq: e.seq,
                reason: "its contents do not match its hash (it was altered)".into(),
            });
        }
        prev = e.hash.clone();
    }
    Ok(prev)
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Records a read (or any event with no other change), returning once it is committed:
    /// with others waiting at the same moment, in one transaction (`audit_batch.rs`).
    async fn record_access(
        &self,
        meta: &AuditMeta,
        action: &str,
        record_type: &str,
        record_id: Option<&str>,
    ) -> StoreResult<()>;
    /// Entries after `after_seq`, oldest first, at most `limit`.
    async fn audit_entries(&self, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditEntry>>;
}

impl<E: Engine> SqlStore<E> {
    /// Appends the change's audit entry and commits the two together; most writes end so.
    pub(crate) async fn commit_audited(
        mut tx: Tx<'_, E>,
        meta: &AuditMeta,
        action: &str,
        record_type: &str,
        record_id: Option<&str>,
    ) -> StoreResult<()> {
        Self::append_audit(&mut tx, meta, action, record_type, record_id).await?;
        Ok(tx.commit().await?)
    }

    /// Appends an entry inside the caller's transaction, so the change and its record commit together.
    pub(crate) async fn append_audit(
        tx: &mut Tx<'_, E>,
        meta: &AuditMeta,
        action: &str,
        record_type: &str,
        record_id: Option<&str>,
    ) -> StoreResult<()> {
        let prev = Self::chain_head(tx).await?;
        let entry = Entry { meta, action, record_type, record_id };
        Self::insert_audit(tx, &prev, &[entry]).await?;
        Ok(())
    }

    /// Takes the chain's lock until commit and returns the hash the next entry follows.
    pub(crate) async fn chain_head(tx: &mut Tx<'_, E>) -> StoreResult<String> {
        E::lock_audit_chain(&mut **tx).await?;
        Self::head_under_lock(tx).await
    }

    /// The hash the next entry follows, in a transaction that already holds the chain's lock:
    /// read after taking it, so no entry appended meanwhile is missed.
    pub(crate) async fn head_under_lock(tx: &mut Tx<'_, E>) -> StoreResult<String> {
        let prev: Option<String> =
            Sql::<E>::new("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .scalar_optional(&mut **tx)
                .await?;
        Ok(match prev {
            Some(prev) => prev,
            // Every entry was archived: the chain goes on from the last one archived.
            None => crate::audit_seal::archived_head::<E>(&mut **tx).await?.1,
        })
    }

    /// Appends `entries` in order after `prev`, under the chain's lock, as many to a statement
    /// as fit: a batch of audited reads costs the database one statement, not one each. Returns
    /// the last one's hash.
    pub(crate) async fn insert_audit(
        tx: &mut Tx<'_, E>,
        prev: &str,
        entries: &[Entry<'_>],
    ) -> StoreResult<String> {
        let (rows, head) = chained(prev, entries);
        // Each engine numbers a statement's rows in the order they are listed, so the chain's
        // order is the order of `seq`.
        Self::insert_rows(tx, &format!("{AUDIT_INSERT} "), &rows, push_chained).await?;
        Ok(head)
    }

    /// Appends `entries` after `prev` in one statement that commits on its own, if `prev` is
    /// still the chain's head once the statement holds the chain's lock; `None`, with nothing
    /// written, if another writer appended since. The writer of batched reads knows the head it
    /// left, so it need not ask for it: on PostgreSQL a batch is one round trip and a WAL flush
    /// where taking the lock, reading the head, inserting and committing were four.
    pub(crate) async fn append_after(
        writer: &Pool<E>,
        prev: &str,
        entries: &[Entry<'_>],
    ) -> StoreResult<Option<String>> {
        if entries.len() > rows_per_insert(columns_named(AUDIT_INSERT)) {
            return Ok(None);
        }
        let (rows, head) = chained(prev, entries);
        let mut qb = Sql::<E>::pushed(format!("{AUDIT_INSERT} SELECT * FROM ("));
        qb.push_values(&rows, push_chained);
        qb.push(&format!(") AS v WHERE {} = ", E::LOCKED_AUDIT_HEAD)).push_bind(prev.to_owned());
        let written = qb.execute(&mut *writer.acquire().await?).await?;
        Ok((written == rows.len() as u64).then_some(head))
    }
}

const AUDIT_INSERT: &str = "INSERT INTO audit_log (at_micros, actor_user_id, acting_role, action, \
    record_type, record_id, request_id, prev_hash, hash)";

/// An entry as appended: when, the hash it follows, its own hash.
type Chained<'e> = (i64, String, String, &'e Entry<'e>);

/// Chains `entries` after `prev`, each stamped now; and the last one's hash.
fn chained<'e>(prev: &str, entries: &'e [Entry<'e>]) -> (Vec<Chained<'e>>, String) {
    let mut head = prev.to_owned();
    let rows = entries
        .iter()
        .map(|e| {
            let at_micros = jiff::Timestamp::now().as_microsecond();
            let hash = entry_hash(
                &head,
                at_micros,
                e.meta.actor_user_id,
                e.role(),
                e.action,
                e.record_type,
                e.record_id,
                &e.meta.request_id,
            );
            (at_micros, std::mem::replace(&mut head, hash.clone()), hash, e)
        })
        .collect();
    (rows, head)
}

fn push_chained<'q, E: Engine>(b: &mut ValuesRow<'_, 'q, E>, row: &'q Chained<'_>) {
    let (at_micros, prev, hash, e) = row;
    b.push_bind(*at_micros)
        .push_bind(e.meta.actor_user_id)
        .push_bind(e.role())
        .push_bind(e.action)
        .push_bind(e.record_type)
        .push_bind(e.record_id)
        .push_bind(e.meta.request_id.as_str())
        .push_bind(prev.as_str())
        .push_bind(hash.as_str());
}

/// One entry to append to the audit log.
pub(crate) struct Entry<'a> {
    pub meta: &'a AuditMeta,
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: Option<&'a str>,
}

impl Entry<'_> {
    fn role(&self) -> Option<&'static str> {
        self.meta.acting_role.map(|r| r.as_str())
    }
}

#[async_trait]
impl<E: Engine> AuditStore for SqlStore<E> {
    async fn record_access(
        &self,
        meta: &AuditMeta,
        action: &str,
        record_type: &str,
        record_id: Option<&str>,
    ) -> StoreResult<()> {
        self.access_log.record(meta, action, record_type, record_id).await
    }

    async fn audit_entries(&self, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = Sql::<E>::new(
            "SELECT seq, at_micros, actor_user_id, acting_role, action, record_type, record_id, \
             request_id, prev_hash, hash \
             FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter().map(AuditRow::into_entry).collect()
    }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at_micros: i64,
    actor_user_id: Option<Uuid>,
    acting_role: Option<String>,
    action: String,
    record_type: String,
    record_id: Option<String>,
    request_id: String,
    prev_hash: String,
    hash: String,
}

impl AuditRow {
    fn into_entry(self) -> StoreResult<AuditEntry> {
        Ok(AuditEntry {
            seq: self.seq,
            at: jiff::Timestamp::from_microsecond(self.at_micros)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            actor_user_id: self.actor_user_id,
            acting_role: self.acting_role,
            action: self.action,
            record_type: self.record_type,
            record_id: self.record_id,
            request_id: self.request_id,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (0..n)
            .map(|i| {
                let at = 1_700_000_000_000_000 + i as i64;
                let hash =
                    entry_hash(&prev, at, None, Some("senco"), "read", "child", Some("c1"), "req");
                let e = AuditEntry {
                    seq: i as i64 + 1,
                    at: jiff::Timestamp::from_microsecond(at).unwrap(),
                    actor_user_id: None,
                    acting_role: Some("senco".into()),
                    action: "read".into(),
                    record_type: "child".into(),
                    record_id: Some("c1".into()),
                    request_id: "req".into(),
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert!(verify_chain(GENESIS_HASH, &chain(5)).is_ok());
    }

    #[test]
    fn an_altered_entry_is_named() {
        let mut c = chain(5);
        c[2].action = "delete".into();
        assert_eq!(verify_chain(GENESIS_HASH, &c).unwrap_err().seq, 3);
    }

    #[test]
    fn a_removed_entry_breaks_the_chain_at_its_successor() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify_chain(GENESIS_HASH, &c).unwrap_err().seq, 3);
    }
}
