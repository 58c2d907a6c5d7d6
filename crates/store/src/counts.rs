//! What the lists show beside their rows (their totals, the staff to filter by) kept with the
//! version of the data they were read at, and reused until a change to that data moves the
//! version on. The version lives in the database (`list_version`, moved by triggers in each
//! change's transaction), so every server sharing it sees every change.

use crate::engine::{Connection, Engine, Sql};
use crate::error::StoreResult;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Enough for every council's caseworkers' common views; past it, all are dropped and read
/// afresh, which keeps memory bounded whatever queries arrive.
const CAPACITY: usize = 4096;

/// The version the lists' data stands at now.
pub(crate) async fn lists_version<E: Engine>(conn: &mut Connection<E>) -> StoreResult<i64> {
    Ok(Sql::<E>::new("SELECT version FROM list_version WHERE id = 1").scalar(conn).await?)
}

/// The version as a column, `lists_at`, of a page's own statement: the page and the version are
/// read at one moment, and learning the version costs no statement of its own.
pub(crate) const LISTS_AT: &str = "(SELECT version FROM list_version WHERE id = 1) AS lists_at";

/// A row of a page read with [`LISTS_AT`].
#[derive(sqlx::FromRow)]
pub(crate) struct AtVersion<T> {
    #[sqlx(flatten)]
    pub row: T,
    pub lists_at: i64,
}

/// One page of a list kept by version.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionedPage<T> {
    pub rows: Vec<T>,
    /// How many rows match, across all pages.
    pub total: u64,
    /// The version of the lists' data the page was read at: what is shown beside it (the staff
    /// to filter by) is read at the same version.
    pub lists_at: i64,
}

impl<T> VersionedPage<T> {
    /// A list nobody can reach any of, at the version the data stands at now.
    pub(crate) async fn empty<E: Engine>(conn: &mut Connection<E>) -> StoreResult<Self> {
        Ok(VersionedPage { rows: vec![], total: 0, lists_at: lists_version::<E>(conn).await? })
    }
}

pub(crate) struct Versioned<K, V> {
    kept: Mutex<HashMap<K, (i64, V)>>,
}

impl<K: Hash + Eq, V: Clone> Versioned<K, V> {
    pub(crate) fn new() -> Self {
        Versioned { kept: Mutex::new(HashMap::new()) }
    }

    /// What was kept for `key` if it was read at `version`.
    pub(crate) fn get(&self, key: &K, version: i64) -> Option<V> {
        let kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.get(key).filter(|(at, _)| *at == version).map(|(_, value)| value.clone())
    }

    pub(crate) fn put(&self, key: K, version: i64, value: V) {
        let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.len() >= CAPACITY {
            kept.clear();
        }
        kept.insert(key, (version, value));
    }
}

impl<K: Hash + Eq> Versioned<K, u64> {
    /// The total `counting` gives for `key` and the version it holds at: counted again only if
    /// the lists have changed since. `at` is the version if a page just read it; otherwise it is
    /// read here.
    pub(crate) async fn count<E: Engine>(
        &self,
        conn: &mut Connection<E>,
        key: K,
        counting: Sql<'_, E>,
        at: Option<i64>,
    ) -> StoreResult<(u64, i64)> {
        let version = match at {
            Some(version) => version,
            None => lists_version::<E>(conn).await?,
        };
        if let Some(total) = self.get(&key, version) {
            return Ok((total, version));
        }
        let total: i64 = counting.scalar(conn).await?;
        // Lossless: a count is never negative.
        self.put(key, version, total as u64);
        Ok((total as u64, version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_holds_only_at_the_version_it_was_taken_and_memory_stays_bounded() {
        let counts = Versioned::new();
        counts.put("open", 7, 120);
        assert_eq!(counts.get(&"open", 7), Some(120));
        assert_eq!(counts.get(&"open", 8), None);
        assert_eq!(counts.get(&"overdue", 7), None);
        for n in 0..CAPACITY * 2 {
            counts.put(n.to_string().leak(), 1, 1);
        }
        assert!(counts.kept.lock().unwrap().len() <= CAPACITY);
    }
}
