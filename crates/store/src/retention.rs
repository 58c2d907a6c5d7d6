//! What a day's retention review reads and deletes: each kind of record's rows counted from no
//! later than a given day. The domain's `retention` says which day that is and which kinds may
//! be deleted.

use crate::AuditMeta;
use crate::convert::{from_db_date, from_db_time, to_db_date, to_db_time};
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use async_trait::async_trait;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use sendcase_domain::retention::RecordKind;
use uuid::Uuid;

#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// The records of `kind` counted from `latest_start` or earlier: how each is named, and the
    /// day (UTC) its period is counted from.
    async fn retention_candidates(
        &self,
        kind: RecordKind,
        latest_start: Date,
    ) -> StoreResult<Vec<(String, Date)>>;

    /// Deletes the records of `kind` counted from `latest_start` or earlier, with the audit
    /// entry saying so, in one transaction; how many there were. The caller has asked the
    /// domain whether the kind is deleted (`RecordKind::disposal`).
    async fn delete_due(
        &self,
        kind: RecordKind,
        latest_start: Date,
        meta: &AuditMeta,
    ) -> StoreResult<u64>;

    /// Anonymises a child's record whose retention has passed (`crate::anonymise`), with its
    /// audit entry, in one transaction; false when there is no such child, or it is anonymised
    /// already. The caller has asked the domain whether the record is due.
    async fn anonymise_child(
        &self,
        child: Uuid,
        today: Date,
        meta: &AuditMeta,
    ) -> StoreResult<bool>;
}

/// Where a kind's rows are: the table, what names a row, and the column its period is counted
/// from, kept as a date, as microseconds or as a timestamp.
struct Rows {
    table: &'static str,
    name: &'static str,
    from: &'static str,
    kept: Kept,
}

#[derive(Clone, Copy)]
enum Kept {
    Date,
    Micros,
    Timestamp,
}

fn rows(kind: RecordKind) -> Rows {
    let rows = |table, name, from, kept| Rows { table, name, from, kept };
    match kind {
        RecordKind::ChildRecord => rows(
            "children",
            "id",
            // A record anonymised already is never due again.
            "CASE WHEN anonymised_on IS NULL THEN birth_date END",
            Kept::Date,
        ),
        RecordKind::Message => rows("messages", "id", "created_micros", Kept::Micros),
        RecordKind::SentEmail => rows(
            "outbox",
            "id",
            // Pending emails are never due, whatever their age.
            "CASE WHEN state IN ('sent', 'failed') THEN COALESCE(sent_micros, run_after_micros) END",
            Kept::Micros,
        ),
        RecordKind::Session => rows("sessions", "user_id", "expires_at", Kept::Timestamp),
        RecordKind::PasswordReset => {
            rows("password_resets", "user_id", "expires_micros", Kept::Micros)
        }
        RecordKind::SignInCounter => {
            rows("sign_in_throttle", "key", "window_start_micros", Kept::Micros)
        }
        RecordKind::LocalOfferFeedback => {
            rows("local_offer_feedback", "id", "received_on", Kept::Date)
        }
    }
}

/// `WHERE …` for the rows counted from `latest_start` or earlier, bound.
fn counted_by<'q, E: Engine>(
    mut sql: Sql<'q, E>,
    rows: &Rows,
    latest_start: Date,
) -> StoreResult<Sql<'q, E>> {
    sql.push(" WHERE ").push(rows.from);
    // Times are compared with the start of the next day (UTC).
    let next_day = latest_start.tomorrow().unwrap_or(latest_start);
    let before =
        next_day.to_zoned(TimeZone::UTC).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    match rows.kept {
        Kept::Date => sql.push(" <= ").push_bind(to_db_date(latest_start)),
        Kept::Micros => sql.push(" < ").push_bind(before.timestamp().as_microsecond()),
        Kept::Timestamp => sql.push(" < ").push_bind(to_db_time(before.timestamp())),
    };
    Ok(sql)
}

/// The day (UTC) of a time kept as microseconds.
fn day_of(micros: i64) -> StoreResult<Date> {
    let at = jiff::Timestamp::from_microsecond(micros)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(at.to_zoned(TimeZone::UTC).date())
}

#[async_trait]
impl<E: Engine> RetentionStore for SqlStore<E> {
    async fn retention_candidates(
        &self,
        kind: RecordKind,
        latest_start: Date,
    ) -> StoreResult<Vec<(String, Date)>> {
        let rows = rows(kind);
        let select = format!("SELECT {}, {} FROM {}", rows.name, rows.from, rows.table);
        let sql = counted_by(Sql::<E>::new(select), &rows, latest_start)?;
        let conn = &mut *self.read().await?;
        let named = |id: String| match kind {
            RecordKind::Session => format!("a session of user {id}"),
            RecordKind::PasswordReset => format!("a reset link of user {id}"),
            RecordKind::SignInCounter => {
                format!("counter {}", id.chars().take(12).collect::<String>())
            }
            _ => id,
        };
        match (kind, rows.kept) {
            (RecordKind::SignInCounter, _) => {
                let found: Vec<(String, i64)> = sql.fetch_all(conn).await?;
                found.into_iter().map(|(key, at)| Ok((named(key), day_of(at)?))).collect()
            }
            (_, Kept::Date) => {
                let found: Vec<(Uuid, time::Date)> = sql.fetch_all(conn).await?;
                found
                    .into_iter()
                    .map(|(id, on)| Ok((named(id.to_string()), from_db_date(on)?)))
                    .collect()
            }
            (_, Kept::Micros) => {
                let found: Vec<(Uuid, i64)> = sql.fetch_all(conn).await?;
                found.into_iter().map(|(id, at)| Ok((named(id.to_string()), day_of(at)?))).collect()
            }
            (_, Kept::Timestamp) => {
                let found: Vec<(Uuid, time::OffsetDateTime)> = sql.fetch_all(conn).await?;
                found
                    .into_iter()
                    .map(|(id, at)| {
                        let day = from_db_time(at)?.to_zoned(TimeZone::UTC).date();
                        Ok((named(id.to_string()), day))
                    })
                    .collect()
            }
        }
    }

    async fn delete_due(
        &self,
        kind: RecordKind,
        latest_start: Date,
        meta: &AuditMeta,
    ) -> StoreResult<u64> {
        let rows = rows(kind);
        let sql =
            counted_by(Sql::<E>::new(format!("DELETE FROM {}", rows.table)), &rows, latest_start)?;
        let mut tx = self.begin().await?;
        let deleted = sql.execute(&mut *tx).await?;
        Self::commit_audited(tx, meta, "retention_delete", "retention", Some(kind.slug())).await?;
        Ok(deleted)
    }

    async fn anonymise_child(
        &self,
        child: Uuid,
        today: Date,
        meta: &AuditMeta,
    ) -> StoreResult<bool> {
        self.anonymise(child, today, meta).await
    }
}
