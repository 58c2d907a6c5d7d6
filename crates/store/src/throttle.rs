//! The counters of sign-in attempts. Each is one row bumped by a single UPSERT that returns the
//! new count, so simultaneous attempts are each counted exactly once, on both databases.

use crate::engine::{Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

#[async_trait]
pub trait ThrottleStore: Send + Sync {
    /// Counts one attempt on each counter in `keys`: a counter whose window began `window` or
    /// more before `now` starts a new one. Returns each counter's attempts and window start.
    async fn count_sign_in_attempt(
        &self,
        keys: &[String],
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<Vec<(i64, Timestamp)>>;

    /// After a right password: forgets `forget` and takes the attempt back off `refund`, so a
    /// person's own successful sign-ins never count against them; sweeps ended windows.
    async fn refund_sign_in_attempt(
        &self,
        forget: &str,
        refund: &[String],
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<()>;
}

#[async_trait]
impl<E: Engine> ThrottleStore for SqlStore<E> {
    async fn count_sign_in_attempt(
        &self,
        keys: &[String],
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<Vec<(i64, Timestamp)>> {
        let ended = (now - window).as_microsecond();
        let mut conn = self.write().await?;
        let mut counts = Vec::with_capacity(keys.len());
        // Each counter is its own statement, not one transaction: no attempt ever holds one
        // counter's row while waiting for another's, so concurrent attempts cannot deadlock.
        for key in keys {
            let (attempts, start): (i64, i64) = Sql::<E>::new(
                "INSERT INTO sign_in_throttle (key, window_start_micros, attempts) \
                 VALUES ($1, $2, 1) \
                 ON CONFLICT (key) DO UPDATE SET \
                   attempts = CASE WHEN sign_in_throttle.window_start_micros <= $3 \
                     THEN 1 ELSE sign_in_throttle.attempts + 1 END, \
                   window_start_micros = CASE WHEN sign_in_throttle.window_start_micros <= $3 \
                     THEN excluded.window_start_micros ELSE sign_in_throttle.window_start_micros END \
                 RETURNING attempts, window_start_micros",
            )
            .bind(key)
            .bind(now.as_microsecond())
            .bind(ended)
            .fetch_one(&mut *conn)
            .await?;
            let start = Timestamp::from_microsecond(start)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            counts.push((attempts, start));
        }
        Ok(counts)
    }

    async fn refund_sign_in_attempt(
        &self,
        forget: &str,
        refund: &[String],
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<()> {
        let mut conn = self.write().await?;
        Sql::<E>::new("DELETE FROM sign_in_throttle WHERE key = $1")
            .bind(forget)
            .execute(&mut *conn)
            .await?;
        for key in refund {
            Sql::<E>::new(
                "UPDATE sign_in_throttle SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0",
            )
            .bind(key)
            .execute(&mut *conn)
            .await?;
        }
        // Swept here, not on every attempt, so that guessing does no more work than it must.
        Sql::<E>::new("DELETE FROM sign_in_throttle WHERE window_start_micros <= $1")
            .bind((now - window).as_microsecond())
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}
