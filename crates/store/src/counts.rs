//! Totals of lists kept with the version of the data they were counted at, so a total is reused
//! until a change to that data moves the version on. The version lives in the database
//! (`list_version`, moved by triggers in each change's transaction), so every server sharing it
//! sees every change.

use crate::engine::{Connection, Engine, Sql};
use crate::error::StoreResult;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Enough for every council's caseworkers' common views; past it, all are dropped and counted
/// afresh, which keeps memory bounded whatever queries arrive.
const CAPACITY: usize = 4096;

pub(crate) struct VersionedCounts<K> {
    counts: Mutex<HashMap<K, (i64, u64)>>,
}

impl<K: Hash + Eq> VersionedCounts<K> {
    pub(crate) fn new() -> Self {
        VersionedCounts { counts: Mutex::new(HashMap::new()) }
    }

    /// The count of `key` if it was taken at `version`.
    pub(crate) fn get(&self, key: &K, version: i64) -> Option<u64> {
        let counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        counts.get(key).filter(|(at, _)| *at == version).map(|(_, count)| *count)
    }

    /// The total `counting` gives for `key`, counted again only if the lists have changed since.
    pub(crate) async fn count<E: Engine>(
        &self,
        conn: &mut Connection<E>,
        key: K,
        counting: Sql<'_, E>,
    ) -> StoreResult<u64> {
        let version: i64 = Sql::<E>::new("SELECT version FROM list_version WHERE id = 1")
            .scalar(&mut *conn)
            .await?;
        if let Some(total) = self.get(&key, version) {
            return Ok(total);
        }
        let total: i64 = counting.scalar(conn).await?;
        // Lossless: a count is never negative.
        self.put(key, version, total as u64);
        Ok(total as u64)
    }

    pub(crate) fn put(&self, key: K, version: i64, count: u64) {
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.len() >= CAPACITY {
            counts.clear();
        }
        counts.insert(key, (version, count));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_holds_only_at_the_version_it_was_taken_and_memory_stays_bounded() {
        let counts = VersionedCounts::new();
        counts.put("open", 7, 120);
        assert_eq!(counts.get(&"open", 7), Some(120));
        assert_eq!(counts.get(&"open", 8), None);
        assert_eq!(counts.get(&"overdue", 7), None);
        for n in 0..CAPACITY * 2 {
            counts.put(n.to_string().leak(), 1, 1);
        }
        assert!(counts.counts.lock().unwrap().len() <= CAPACITY);
    }
}
