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
    /// The total `counting` gives for `key`, counted again only if the lists have changed since.
    pub(crate) async fn count<E: Engine>(
        &self,
        conn: &mut Connection<E>,
        key: K,
        counting: Sql<'_, E>,
    ) -> StoreResult<u64> {
        let version = lists_version::<E>(conn).await?;
        if let Some(total) = self.get(&key, version) {
            return Ok(total);
        }
        let total: i64 = counting.scalar(conn).await?;
        // Lossless: a count is never negative.
        self.put(key, version, total as u64);
        Ok(total as u64)
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
