//! A retention review: every kind of record the schedule keeps for a period, and those due for
//! deletion on a day. The command line runs it as the system; it is audited as a read of the
//! whole store, since it reads every child's date of birth.

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
        let candidates =
            store.retention_candidates(kind, schedule.latest_start(kind, today)).await?;
        all.extend(due(schedule, kind, candidates, today));
    }
    Ok(all)
}
