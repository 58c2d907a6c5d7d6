//! A retention review: the records due for deletion on a day under each kind's period, and
//! deleting them. The command line runs both as the system; a review is audited as a read of the
//! whole store (it reads every child's date of birth), and each kind's deletion writes its own
//! audit entry in the same transaction.

use jiff::civil::Date;
use sendcase_domain::retention::{Due, RecordKind, Schedule, due};
use sendcase_store::{AuditMeta, Store, StoreError};

/// Every record due for deletion on `today` under `schedule`, kind by kind, oldest first.
pub async fn review(
    store: &dyn Store,
    schedule: &Schedule,
    today: Date,
    meta: &AuditMeta,
) -> Result<Vec<Due>, StoreError> {
    store.record_access(meta, "retention_review", "retention", Some(&today.to_string())).await?;
    let mut all = vec![];
    for kind in RecordKind::ALL {
        let start = schedule.latest_start(kind, today);
        all.extend(due(schedule, kind, store.retention_candidates(kind, start).await?, today));
    }
    Ok(all)
}

/// What deleting one kind's due records came to.
pub enum Deleted {
    Count(u64),
    /// The kind is kept whatever its age, for this reason.
    Kept(&'static str),
}

/// Deletes every record due on `today` of each kind that may be deleted, one transaction per
/// kind; says for each kind how many went, or why none may.
pub async fn apply(
    store: &dyn Store,
    schedule: &Schedule,
    today: Date,
    meta: &AuditMeta,
) -> Result<Vec<(RecordKind, Deleted)>, StoreError> {
    let mut done = vec![];
    for kind in RecordKind::ALL {
        let outcome = match kind.erasable() {
            Ok(()) => {
                let start = schedule.latest_start(kind, today);
                Deleted::Count(store.delete_due(kind, start, meta).await?)
            }
            Err(why) => Deleted::Kept(why),
        };
        done.push((kind, outcome));
    }
    Ok(done)
}
