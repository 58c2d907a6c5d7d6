//! Callers' credentials as last read, kept so that a listing need not read them again before it
//! acts: its audited read confirms them (see `sendcase_store::Unconfirmed`).

use jiff::{SignedDuration, Timestamp};
use sendcase_store::{SignedIn, UserAccount};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// How long a credential is kept from when it was read: a session is read afresh by then anyway,
/// to record that it is still in use.
const KEPT_FOR: SignedDuration = super::session::TOUCH_AFTER;

/// The most credentials of a kind kept; past it all are forgotten and each is read afresh.
const MOST_KEPT: usize = 10_000;

/// Sessions by the hash of their id, and tokens by the hash of their secret.
#[derive(Default)]
pub struct KeptCredentials {
    pub sessions: Shelf<SignedIn>,
    pub tokens: Shelf<UserAccount>,
}

/// Credentials of one kind, each until a time after which it is read afresh.
pub struct Shelf<T>(Mutex<HashMap<String, (T, Timestamp)>>);

impl<T> Default for Shelf<T> {
    fn default() -> Self {
        Shelf(Mutex::default())
    }
}

impl<T: Clone> Shelf<T> {
    pub fn get(&self, key: &str, now: Timestamp) -> Option<T> {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(key).filter(|(_, until)| now < *until).map(|(value, _)| value.clone())
    }

    /// Keeps `value`, read (or, for a session, last used) at `read`.
    pub fn keep(&self, key: &str, value: T, read: Timestamp) {
        let until = read + KEPT_FOR;
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= MOST_KEPT && !kept.contains_key(key) {
            kept.clear();
        }
        kept.insert(key.to_owned(), (value, until));
    }

    pub fn forget(&self, key: &str) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).remove(key);
    }
}
