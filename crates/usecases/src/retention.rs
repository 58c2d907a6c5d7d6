//! A retention review: the records due on a day under each kind's period, and deleting them or,
//! for a child's record, anonymising it. The command line runs both as the system; a review is
//! audited as a read of the whole store (it reads every child's date of birth), each kind's
//! deletion writes its own audit entry in the same transaction, and each child's anonymising its
//! own.

use jiff::civil::Date;
use sendcase_domain::retention::{Disposal, Due, RecordKind, Schedule, due};
use sendcase_store::{AuditMeta, Store, StoreError};
use uuid::Uuid;

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

/// What became of one kind's due records.
pub enum Done {
    Deleted(u64),
    Anonymised(u64),
}

/// Deletes, or anonymises, every record due on `today`: one transaction per kind deleted, one
/// per child anonymised; says for each kind how many.
pub async fn apply(
    store: &dyn Store,
    schedule: &Schedule,
    today: Date,
    meta: &AuditMeta,
) -> Result<Vec<(RecordKind, Done)>, StoreError> {
    let mut done = vec![];
    for kind in RecordKind::ALL {
        let start = schedule.latest_start(kind, today);
        let outcome = match kind.disposal() {
            Disposal::Delete => Done::Deleted(store.delete_due(kind, start, meta).await?),
            Disposal::Anonymise => {
                let mut count = 0;
                for (record, _) in store.retention_candidates(kind, start).await? {
                    let child = Uuid::parse_str(&record)
                        .map_err(|e| StoreError::Corrupt(format!("child id {record}: {e}")))?;
                    count += u64::from(store.anonymise_child(child, today, meta).await?);
                }
                Done::Anonymised(count)
            }
        };
        done.push((kind, outcome));
    }
    Ok(done)
}
