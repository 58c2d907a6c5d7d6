//! Credentials a request acts on as they were last read, confirmed by its audited read.
//!
//! Reading the caller's session or token again was a statement of its own on every request: on
//! PostgreSQL a round trip, and a third of a listing's statements. A listing may act on what the
//! credential gave when last read, because its audit entry is appended only once the credential
//! is read again and still gives the same; the batch of audited reads reads every credential it
//! carries in one statement of each kind. If one no longer gives the same, its read is refused
//! and nothing of it is appended, so the request is answered afresh.

use crate::access::{SignedIn, sessions_read, token_accounts};
use crate::engine::{Connection, Engine};
use crate::error::StoreResult;
use crate::model::UserAccount;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A credential by the hash of its secret, with what it gave when read.
#[derive(Debug, Clone)]
pub enum AsRead {
    Session { id_hash: String, gave: Box<SignedIn> },
    Token { hash: String, gave: Box<UserAccount> },
}

impl AsRead {
    /// The hash it is found by: a session's id's, or a token's secret's.
    pub fn key(&self) -> &str {
        match self {
            AsRead::Session { id_hash, .. } => id_hash,
            AsRead::Token { hash, .. } => hash,
        }
    }
}

/// A credential acted on as last read, not yet read again.
#[derive(Debug, Clone)]
pub struct Unconfirmed {
    as_read: Arc<AsRead>,
    confirmed: Arc<AtomicBool>,
}

impl Unconfirmed {
    pub fn new(as_read: AsRead) -> Self {
        Unconfirmed { as_read: Arc::new(as_read), confirmed: Arc::default() }
    }

    /// Whether an audited read found it still giving what it gave: only then may the response
    /// made on it be sent.
    pub fn confirmed(&self) -> bool {
        self.confirmed.load(Ordering::Acquire)
    }

    pub(crate) fn confirm(&self) {
        self.confirmed.store(true, Ordering::Release);
    }
}

/// Whether each of `asked` still gives what it gave, read again in at most two statements.
pub(crate) async fn still_giving<E: Engine>(
    conn: &mut Connection<E>,
    asked: &[&Unconfirmed],
    now: jiff::Timestamp,
) -> StoreResult<Vec<bool>> {
    let mut sessions = vec![];
    let mut tokens = vec![];
    for a in asked {
        match &*a.as_read {
            AsRead::Session { .. } => sessions.push(a.as_read.key()),
            AsRead::Token { .. } => tokens.push(a.as_read.key()),
        }
    }
    for keys in [&mut sessions, &mut tokens] {
        keys.sort_unstable();
        keys.dedup();
    }
    let sessions = match sessions.is_empty() {
        true => Default::default(),
        false => sessions_read::<E>(conn, &sessions).await?,
    };
    let tokens = match tokens.is_empty() {
        true => Default::default(),
        false => token_accounts::<E>(conn, &tokens, now).await?,
    };
    let still = asked.iter().map(|a| match &*a.as_read {
        AsRead::Session { id_hash, gave } => {
            sessions.get(id_hash).is_some_and(|s| s.gives_as(gave))
        }
        AsRead::Token { hash, gave } => tokens.get(hash) == Some(&**gave),
    });
    Ok(still.collect())
}
