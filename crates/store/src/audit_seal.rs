//! Signed checkpoints of the audit chain, and archiving its oldest entries.
//!
//! The hash chain alone shows an entry altered or removed in the middle, but not a cut-off tail,
//! an emptied log, or entries removed and the rest re-hashed: whoever can write the database can
//! rebuild a chain that verifies. A checkpoint records the chain's head (its last entry's seq and
//! hash) with a keyed MAC (HMAC-SHA256); the key is kept outside the database, so nobody who can
//! only write the database can make one. Each checkpoint's MAC also covers the MAC before it, so
//! one cannot be removed from the middle either. [`AuditSealStore::verify_audit`] checks every
//! checkpoint's head against the chain.
//!
//! Archiving removes the oldest entries once exported, and records the last one removed as an
//! `archive` checkpoint: the chain that remains goes on from its hash, and the exported file
//! verifies up to it.

use crate::audit::{AuditEntry, AuditStore, ChainBreak, GENESIS_HASH, length_prefixed};
use crate::engine::{Connection, Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use async_trait::async_trait;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;
use std::collections::BTreeMap;

/// The secret checkpoints are signed with. Never stored in the database, never printed.
#[derive(Clone)]
pub struct AuditKey(Vec<u8>);

impl AuditKey {
    /// A key of at least 32 bytes (HMAC-SHA256's own strength).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self, String> {
        let bytes = bytes.into();
        if bytes.len() < 32 {
            return Err(format!("the audit key must be at least 32 bytes (it is {})", bytes.len()));
        }
        Ok(AuditKey(bytes))
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length")
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckpointKind {
    /// The head of the chain when it was made.
    Checkpoint,
    /// The last entry archived and pruned: the chain goes on from it.
    Archive,
}

impl CheckpointKind {
    fn as_str(self) -> &'static str {
        match self {
            CheckpointKind::Checkpoint => "checkpoint",
            CheckpointKind::Archive => "archive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// 1, 2, 3, … with no gaps.
    pub n: i64,
    pub kind: CheckpointKind,
    pub head_seq: i64,
    pub head_hash: String,
    pub at: Timestamp,
    pub prev_mac: String,
    pub mac: String,
}

impl Checkpoint {
    fn expected_mac(&self, key: &AuditKey) -> Hmac<Sha256> {
        let mut mac = key.mac();
        length_prefixed(
            &mut mac,
            [
                self.n.to_string(),
                self.kind.as_str().to_owned(),
                self.head_seq.to_string(),
                self.head_hash.clone(),
                self.at.as_microsecond().to_string(),
                self.prev_mac.clone(),
            ],
        );
        mac
    }

    fn signed(mut self, key: &AuditKey) -> Self {
        self.mac = hex::encode(self.expected_mac(key).finalize().into_bytes());
        self
    }

    fn signed_with(&self, key: &AuditKey) -> bool {
        // Compared in constant time, so the check tells a forger nothing.
        hex::decode(&self.mac).is_ok_and(|m| self.expected_mac(key).verify_slice(&m).is_ok())
    }
}

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Entries walked (those archived are not in the database to walk).
    pub entries: u64,
    /// Checkpoints whose MAC was checked: none without the key.
    pub signatures_checked: u64,
    pub latest: Option<Checkpoint>,
    /// Entries made after the latest checkpoint, which no checkpoint vouches for yet.
    pub after_latest: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditBreak {
    #[error(transparent)]
    Entry(#[from] ChainBreak),
    #[error("audit checkpoint {n} {reason}")]
    Checkpoint { n: i64, reason: String },
}

/// Where the chain in the database starts: after the last entry archived, or at the beginning.
pub(crate) async fn archived_head<E: Engine>(
    conn: &mut Connection<E>,
) -> StoreResult<(i64, String)> {
    let head: Option<(i64, String)> = Sql::<E>::new(
        "SELECT head_seq, head_hash FROM audit_checkpoints WHERE kind = 'archive' \
         ORDER BY n DESC LIMIT 1",
    )
    .fetch_optional(conn)
    .await?;
    Ok(head.unwrap_or_else(|| (0, GENESIS_HASH.to_owned())))
}

#[async_trait]
pub trait AuditSealStore: AuditStore {
    /// Every checkpoint, oldest first.
    async fn audit_checkpoints(&self) -> StoreResult<Vec<Checkpoint>>;

    /// Signs the chain's head now; if the latest checkpoint already vouches for it, returns that.
    async fn checkpoint_audit(&self, key: &AuditKey) -> StoreResult<Checkpoint>;

    /// The seq and hash of the last entry made before `before`, if any.
    async fn last_audit_entry_before(
        &self,
        before: Timestamp,
    ) -> StoreResult<Option<(i64, String)>>;

    /// Removes the entries up to `through_seq` (whose hash must still be `through_hash`) and
    /// records the cut as a signed `archive` checkpoint, in one transaction. How many went.
    async fn prune_audit(
        &self,
        key: &AuditKey,
        through_seq: i64,
        through_hash: &str,
    ) -> StoreResult<u64>;

    /// Walks the chain from the last cut, checks each checkpoint's head against it, and, given
    /// the key, each checkpoint's MAC and that none is missing.
    async fn verify_audit(
        &self,
        key: Option<&AuditKey>,
    ) -> StoreResult<Result<Verified, AuditBreak>> {
        let checkpoints = self.audit_checkpoints().await?;
        if let Some(key) = key
            && let Err(e) = check_signatures(&checkpoints, key)
        {
            return Ok(Err(e));
        }
        let base = checkpoints.iter().rev().find(|c| c.kind == CheckpointKind::Archive);
        let (base_seq, mut prev) = base
            .map(|c| (c.head_seq, c.head_hash.clone()))
            .unwrap_or_else(|| (0, GENESIS_HASH.to_owned()));
        let mut vouched: BTreeMap<i64, &Checkpoint> =
            checkpoints.iter().filter(|c| c.head_seq > base_seq).map(|c| (c.head_seq, c)).collect();
        let latest_seq = checkpoints.last().map_or(0, |c| c.head_seq);
        let (mut after, mut entries, mut after_latest) = (base_seq, 0u64, 0u64);
        loop {
            let page: Vec<AuditEntry> = self.audit_entries(after, 5_000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            entries += page.len() as u64;
            match crate::audit::verify_chain(&prev, &page) {
                Ok(hash) => prev = hash,
                Err(e) => return Ok(Err(e.into())),
            }
            for e in &page {
                after_latest += u64::from(e.seq > latest_seq);
                if let Some(c) = vouched.remove(&e.seq)
                    && c.head_hash != e.hash
                {
                    let reason = format!(
                        "vouches for entry {} with another hash: the log was rewritten",
                        e.seq
                    );
                    return Ok(Err(AuditBreak::Checkpoint { n: c.n, reason }));
                }
            }
        }
        if let Some((seq, c)) = vouched.into_iter().next() {
            let reason = format!(
                "vouches for entry {seq}, which is missing: entries were removed (from the end of \
                 the log, or all of them)"
            );
            return Ok(Err(AuditBreak::Checkpoint { n: c.n, reason }));
        }
        let signatures_checked = if key.is_some() { checkpoints.len() as u64 } else { 0 };
        Ok(Ok(Verified {
            entries,
            signatures_checked,
            latest: checkpoints.last().cloned(),
            after_latest,
        }))
    }
}

/// Every checkpoint is signed with `key`, numbered without a gap, and follows the one before.
fn check_signatures(checkpoints: &[Checkpoint], key: &AuditKey) -> Result<(), AuditBreak> {
    let mut prev_mac = GENESIS_HASH;
    for (i, c) in checkpoints.iter().enumerate() {
        let broken = |reason: &str| AuditBreak::Checkpoint { n: c.n, reason: reason.to_owned() };
        if c.n != i as i64 + 1 {
            return Err(broken("follows a gap: an earlier checkpoint was removed"));
        }
        if !c.signed_with(key) {
            return Err(broken("was not signed with this key: it was forged or altered"));
        }
        if c.prev_mac != prev_mac {
            return Err(broken("does not follow the checkpoint before it"));
        }
        prev_mac = &c.mac;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CheckpointRow {
    n: i64,
    kind: String,
    head_seq: i64,
    head_hash: String,
    at_micros: i64,
    prev_mac: String,
    mac: String,
}

impl CheckpointRow {
    fn into_checkpoint(self) -> StoreResult<Checkpoint> {
        let kind = match self.kind.as_str() {
            "checkpoint" => CheckpointKind::Checkpoint,
            "archive" => CheckpointKind::Archive,
            other => return Err(StoreError::Corrupt(format!("checkpoint kind {other}"))),
        };
        Ok(Checkpoint {
            n: self.n,
            kind,
            head_seq: self.head_seq,
            head_hash: self.head_hash,
            at: Timestamp::from_microsecond(self.at_micros)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            prev_mac: self.prev_mac,
            mac: self.mac,
        })
    }
}

const CHECKPOINT_COLUMNS: &str = "n, kind, head_seq, head_hash, at_micros, prev_mac, mac";

impl<E: Engine> SqlStore<E> {
    /// Appends the next checkpoint of `kind` for `head`; the caller holds the chain's lock.
    async fn append_checkpoint(
        conn: &mut Connection<E>,
        key: &AuditKey,
        kind: CheckpointKind,
        (head_seq, head_hash): (i64, String),
    ) -> StoreResult<Checkpoint> {
        let last = Self::latest_checkpoint(conn).await?;
        let checkpoint = Checkpoint {
            n: last.as_ref().map_or(1, |c| c.n + 1),
            kind,
            head_seq,
            head_hash,
            at: Timestamp::now(),
            prev_mac: last.map_or_else(|| GENESIS_HASH.to_owned(), |c| c.mac),
            mac: String::new(),
        }
        .signed(key);
        Sql::<E>::new(format!(
            "INSERT INTO audit_checkpoints ({CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        ))
        .bind(checkpoint.n)
        .bind(kind.as_str())
        .bind(checkpoint.head_seq)
        .bind(&checkpoint.head_hash)
        .bind(checkpoint.at.as_microsecond())
        .bind(&checkpoint.prev_mac)
        .bind(&checkpoint.mac)
        .execute(conn)
        .await?;
        Ok(checkpoint)
    }

    async fn latest_checkpoint(conn: &mut Connection<E>) -> StoreResult<Option<Checkpoint>> {
        let row: Option<CheckpointRow> = Sql::<E>::new(format!(
            "SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY n DESC LIMIT 1"
        ))
        .fetch_optional(conn)
        .await?;
        row.map(CheckpointRow::into_checkpoint).transpose()
    }
}

#[async_trait]
impl<E: Engine> AuditSealStore for SqlStore<E> {
    async fn audit_checkpoints(&self) -> StoreResult<Vec<Checkpoint>> {
        let rows: Vec<CheckpointRow> =
            Sql::<E>::new(format!("SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY n"))
                .fetch_all(&mut *self.read().await?)
                .await?;
        rows.into_iter().map(CheckpointRow::into_checkpoint).collect()
    }

    async fn checkpoint_audit(&self, key: &AuditKey) -> StoreResult<Checkpoint> {
        let mut tx = self.begin().await?;
        E::lock_audit_chain(&mut *tx).await?;
        let head: Option<(i64, String)> =
            Sql::<E>::new("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        let head = match head {
            Some(head) => head,
            None => archived_head::<E>(&mut *tx).await?,
        };
        if let Some(last) = Self::latest_checkpoint(&mut *tx).await?
            && (last.head_seq, &last.head_hash) == (head.0, &head.1)
        {
            return Ok(last);
        }
        let checkpoint =
            Self::append_checkpoint(&mut *tx, key, CheckpointKind::Checkpoint, head).await?;
        tx.commit().await?;
        Ok(checkpoint)
    }

    async fn last_audit_entry_before(
        &self,
        before: Timestamp,
    ) -> StoreResult<Option<(i64, String)>> {
        Ok(Sql::<E>::new(
            "SELECT seq, hash FROM audit_log WHERE at_micros < $1 ORDER BY seq DESC LIMIT 1",
        )
        .bind(before.as_microsecond())
        .fetch_optional(&mut *self.read().await?)
        .await?)
    }

    async fn prune_audit(
        &self,
        key: &AuditKey,
        through_seq: i64,
        through_hash: &str,
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        E::lock_audit_chain(&mut *tx).await?;
        let hash: Option<String> = Sql::<E>::new("SELECT hash FROM audit_log WHERE seq = $1")
            .bind(through_seq)
            .scalar_optional(&mut *tx)
            .await?;
        if hash.as_deref() != Some(through_hash) {
            return Err(StoreError::Corrupt(format!(
                "audit entry {through_seq} is not the one exported: nothing was pruned"
            )));
        }
        let pruned = Sql::<E>::new("DELETE FROM audit_log WHERE seq <= $1")
            .bind(through_seq)
            .execute(&mut *tx)
            .await?;
        let cut = (through_seq, through_hash.to_owned());
        Self::append_checkpoint(&mut *tx, key, CheckpointKind::Archive, cut).await?;
        tx.commit().await?;
        Ok(pruned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> AuditKey {
        AuditKey::new(vec![byte; 32]).unwrap()
    }

    fn checkpoints(key: &AuditKey, n: i64) -> Vec<Checkpoint> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|n| {
                let c = Checkpoint {
                    n,
                    kind: CheckpointKind::Checkpoint,
                    head_seq: n * 10,
                    head_hash: format!("{n:064}"),
                    at: Timestamp::from_second(1_800_000_000 + n).unwrap(),
                    prev_mac: prev.clone(),
                    mac: String::new(),
                }
                .signed(key);
                prev = c.mac.clone();
                c
            })
            .collect()
    }

    #[test]
    fn short_keys_are_refused_and_keys_are_never_shown() {
        assert!(AuditKey::new(vec![1; 31]).is_err());
        assert_eq!(format!("{:?}", key(7)), "AuditKey(***)");
    }

    #[test]
    fn checkpoints_verify_only_with_their_own_key_and_in_order() {
        let k = key(1);
        let good = checkpoints(&k, 3);
        assert_eq!(check_signatures(&good, &k), Ok(()));
        let other = check_signatures(&good, &key(2)).unwrap_err();
        assert!(other.to_string().contains("checkpoint 1 was not signed with this key"), "{other}");

        let mut altered = good.clone();
        altered[1].head_seq = 5;
        let err = check_signatures(&altered, &k).unwrap_err();
        assert!(err.to_string().contains("checkpoint 2 was not signed"), "{err}");

        let mut gap = good.clone();
        gap.remove(1);
        let err = check_signatures(&gap, &k).unwrap_err();
        assert!(err.to_string().contains("checkpoint 3 follows a gap"), "{err}");

        // Re-signing a checkpoint elsewhere in the chain needs the key; renumbering does not help.
        let mut spliced = checkpoints(&k, 2);
        spliced[1].prev_mac = good[1].mac.clone();
        let spliced = spliced[1].clone().signed(&k);
        let err = check_signatures(&[good[0].clone(), spliced], &k).unwrap_err();
        assert!(err.to_string().contains("does not follow"), "{err}");
    }
}
