//! Reads are audited in batches. Every listing writes an audit entry, and the hash chain lets
//! only one transaction append at a time; one entry per transaction made each read wait its turn
//! for the writer (SQLite) or the chain's lock and a WAL flush (PostgreSQL). One task per store
//! takes every entry waiting and appends them in one transaction, chained in order, and each
//! read goes on only once its entry is committed, so no response leaves unaudited.

use crate::audit::{AuditMeta, Entry};
use crate::credentials::still_giving;
use crate::engine::{Engine, SqlStore};
use crate::error::{StoreError, StoreResult};
use sqlx::Pool;
use tokio::sync::{mpsc, oneshot};

/// The most entries one transaction appends; more wait for the next.
const MOST: usize = 512;

/// One read to audit, and who waits for it.
pub(crate) struct Access {
    pub meta: AuditMeta,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<String>,
    pub done: oneshot::Sender<Result<(), Refused>>,
}

/// Why a read's entry was not appended.
#[derive(Debug, Clone)]
pub(crate) enum Refused {
    /// The credential it acted on no longer gives what it gave when read.
    CredentialChanged,
    Failed(String),
}

/// The way to the store's batching task.
#[derive(Clone)]
pub(crate) struct AccessLog {
    to_writer: mpsc::UnboundedSender<Access>,
}

impl AccessLog {
    /// Starts the task that appends `writer`'s batches; it ends when the store is dropped.
    pub(crate) fn start<E: Engine>(writer: Pool<E>) -> AccessLog {
        let (to_writer, mut waiting) = mpsc::unbounded_channel::<Access>();
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MOST);
            // The hash of the last entry this task appended, while no error has left it unsure.
            let mut head = None;
            while waiting.recv_many(&mut batch, MOST).await > 0 {
                let batch = match confirmed::<E>(&writer, std::mem::take(&mut batch)).await {
                    Ok(batch) => batch,
                    Err((batch, e)) => {
                        tell(batch, &Err(Refused::Failed(e.to_string())));
                        continue;
                    }
                };
                if batch.is_empty() {
                    continue;
                }
                let appended = append::<E>(&writer, &batch, head.take()).await;
                let written = appended.map(|last| head = Some(last));
                tell(batch, &written.map_err(|e| Refused::Failed(e.to_string())));
            }
        });
        AccessLog { to_writer }
    }

    /// Audits one read, returning once its entry is committed.
    pub(crate) async fn record(
        &self,
        meta: &AuditMeta,
        action: &str,
        record_type: &str,
        record_id: Option<&str>,
    ) -> StoreResult<()> {
        let (done, written) = oneshot::channel();
        let access = Access {
            meta: meta.clone(),
            action: action.to_owned(),
            record_type: record_type.to_owned(),
            record_id: record_id.map(str::to_owned),
            done,
        };
        let stopped = || StoreError::Audit("the audit writer has stopped".into());
        self.to_writer.send(access).map_err(|_| stopped())?;
        match written.await.map_err(|_| stopped())? {
            Ok(()) => {
                if let Some(credential) = &meta.credential {
                    credential.confirm();
                }
                Ok(())
            }
            Err(Refused::CredentialChanged) => Err(StoreError::CredentialChanged),
            Err(Refused::Failed(e)) => Err(StoreError::Audit(e)),
        }
    }
}

fn tell(batch: Vec<Access>, outcome: &Result<(), Refused>) {
    for access in batch {
        // A reader that gave up waiting has nothing left to tell.
        let _ = access.done.send(outcome.clone());
    }
}

/// The reads of `batch` whose credentials, if they acted on one as last read, still give the
/// same; the others are told so and dropped.
async fn confirmed<E: Engine>(
    writer: &Pool<E>,
    batch: Vec<Access>,
) -> Result<Vec<Access>, (Vec<Access>, StoreError)> {
    let asked: Vec<_> = batch.iter().filter_map(|a| a.meta.credential.as_ref()).collect();
    if asked.is_empty() {
        return Ok(batch);
    }
    let now = jiff::Timestamp::now();
    let still = match writer.acquire().await {
        Ok(mut conn) => still_giving::<E>(&mut conn, &asked, now).await,
        Err(e) => Err(e.into()),
    };
    let mut still = match still {
        Ok(still) => still.into_iter(),
        Err(e) => return Err((batch, e)),
    };
    let (kept, changed): (Vec<_>, Vec<_>) =
        batch.into_iter().partition(|a| a.meta.credential.is_none() || still.next() == Some(true));
    tell(changed, &Err(Refused::CredentialChanged));
    Ok(kept)
}

/// Appends `batch` after `head`, the last entry appended here, if no other writer has appended
/// since; otherwise after the head read under the chain's lock. Returns the new head.
async fn append<E: Engine>(
    writer: &Pool<E>,
    batch: &[Access],
    head: Option<String>,
) -> StoreResult<String> {
    let entries: Vec<Entry> = batch
        .iter()
        .map(|a| Entry {
            meta: &a.meta,
            action: &a.action,
            record_type: &a.record_type,
            record_id: a.record_id.as_deref(),
        })
        .collect();
    if let Some(head) = head
        && let Some(last) = SqlStore::<E>::append_after(writer, &head, &entries).await?
    {
        return Ok(last);
    }
    let mut tx = writer.begin_with(E::BEGIN_AUDIT).await?;
    let prev = SqlStore::<E>::head_under_lock(&mut tx).await?;
    let last = SqlStore::<E>::insert_audit(&mut tx, &prev, &entries).await?;
    tx.commit().await?;
    Ok(last)
}
