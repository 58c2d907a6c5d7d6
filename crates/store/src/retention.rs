//! What a day's retention review reads: each kind of record's rows counted from no later than a
//! given day, with that day. The domain's `retention::due` decides which are due.

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
        let mut conn = self.read().await?;
        let conn = &mut *conn;
        // Times kept in microseconds or as timestamps are compared with the start of the next day.
        let next_day = latest_start.tomorrow().unwrap_or(latest_start);
        let before = next_day
            .to_zoned(TimeZone::UTC)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?
            .timestamp();
        let micros = before.as_microsecond();
        let by_micros = |sql: &'static str| Sql::<E>::new(sql).bind(micros);
        match kind {
            RecordKind::ChildRecord | RecordKind::LocalOfferFeedback => {
                let sql = if kind == RecordKind::ChildRecord {
                    "SELECT id, birth_date FROM children WHERE birth_date <= $1"
                } else {
                    "SELECT id, received_on FROM local_offer_feedback WHERE received_on <= $1"
                };
                let rows: Vec<(Uuid, time::Date)> =
                    Sql::<E>::new(sql).bind(to_db_date(latest_start)).fetch_all(conn).await?;
                rows.into_iter().map(|(id, on)| Ok((id.to_string(), from_db_date(on)?))).collect()
            }
            RecordKind::Session => {
                let rows: Vec<(Uuid, time::OffsetDateTime)> =
                    Sql::<E>::new("SELECT user_id, expires_at FROM sessions WHERE expires_at < $1")
                        .bind(to_db_time(before))
                        .fetch_all(conn)
                        .await?;
                rows.into_iter()
                    .map(|(user, at)| {
                        let day = from_db_time(at)?.to_zoned(TimeZone::UTC).date();
                        Ok((format!("a session of user {user}"), day))
                    })
                    .collect()
            }
            RecordKind::Message | RecordKind::SentEmail | RecordKind::PasswordReset => {
                let (sql, name) = match kind {
                    RecordKind::Message => (
                        "SELECT id, created_micros FROM messages WHERE created_micros < $1",
                        "message",
                    ),
                    RecordKind::SentEmail => (
                        "SELECT id, COALESCE(sent_micros, run_after_micros) FROM outbox \
                         WHERE state IN ('sent', 'failed') \
                         AND COALESCE(sent_micros, run_after_micros) < $1",
                        "email",
                    ),
                    _ => (
                        "SELECT user_id, expires_micros FROM password_resets \
                         WHERE expires_micros < $1",
                        "a reset link of user",
                    ),
                };
                let rows: Vec<(Uuid, i64)> = by_micros(sql).fetch_all(conn).await?;
                rows.into_iter().map(|(id, at)| Ok((format!("{name} {id}"), day_of(at)?))).collect()
            }
            RecordKind::SignInCounter => {
                let rows: Vec<(String, i64)> = by_micros(
                    "SELECT key, window_start_micros FROM sign_in_throttle \
                     WHERE window_start_micros < $1",
                )
                .fetch_all(conn)
                .await?;
                rows.into_iter()
                    .map(|(key, at)| {
                        Ok((format!("counter {}", &key[..key.len().min(12)]), day_of(at)?))
                    })
                    .collect()
            }
        }
    }
}
