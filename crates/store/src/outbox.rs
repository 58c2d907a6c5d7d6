//! The outbox of emails. A worker claims one email at a time with a single atomic statement that
//! also takes a lease on it (PostgreSQL skips rows another worker's claim holds; SQLite's one
//! writer serialises claims), sends it outside any transaction, and records it sent or failed
//! only while its claim is still its own. A worker that stops mid-send leaves its email
//! claimable again once the lease ends, so nothing is lost.

use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;

/// An email claimed by a worker, with its recipient as their account stands now.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedEmail {
    pub id: Uuid,
    /// `message` (worded from `body`) or `password_reset`.
    pub kind: String,
    pub email: String,
    pub display_name: String,
    pub body: String,
    pub link: String,
    pub attempts: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    Pending,
    Sending,
    Sent,
    Failed,
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Claims the email longest due at `now` for the worker `worker` until `now + lease`: one
    /// waiting its turn, or one whose last claim's lease has ended.
    async fn claim_email(
        &self,
        worker: &str,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<Option<ClaimedEmail>>;
    /// Records the email sent, if `worker`'s claim on it still holds at `now`; false if it does
    /// not (the lease ended and another worker claimed it).
    async fn email_sent(&self, id: Uuid, worker: &str, now: Timestamp) -> StoreResult<bool>;
    /// Records a failed send: tried again from `retry_at`, or given up when there is none.
    async fn email_failed(
        &self,
        id: Uuid,
        worker: &str,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> StoreResult<bool>;
    /// Where the email carrying a message stands, if there is one.
    async fn outbox_state(&self, id: Uuid) -> StoreResult<Option<OutboxState>>;
}

#[async_trait]
impl<E: Engine> OutboxStore for SqlStore<E> {
    async fn claim_email(
        &self,
        worker: &str,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<Option<ClaimedEmail>> {
        let mut conn = self.write().await?;
        let now_micros = now.as_microsecond();
        let claimed: Option<Uuid> = Sql::<E>::new(format!(
            "UPDATE outbox SET state = 'sending', locked_by = $1, locked_until_micros = $2, \
               attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox \
               WHERE (state = 'pending' AND run_after_micros <= $3) \
                  OR (state = 'sending' AND locked_until_micros < $3) \
               ORDER BY run_after_micros, id LIMIT 1{}) \
             RETURNING id",
            E::SKIP_LOCKED
        ))
        .bind(worker)
        .bind((now + lease).as_microsecond())
        .bind(now_micros)
        .scalar_optional(&mut *conn)
        .await?;
        let Some(id) = claimed else { return Ok(None) };
        Ok(Sql::<E>::new(
            "SELECT o.id, o.kind, u.email, u.display_name, o.body, o.link, o.attempts \
             FROM outbox o JOIN users u ON u.id = o.user_id WHERE o.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
    }

    async fn email_sent(&self, id: Uuid, worker: &str, now: Timestamp) -> StoreResult<bool> {
        let done = Sql::<E>::new(
            "UPDATE outbox SET state = 'sent', sent_micros = $1, body = '', link = '', \
               locked_by = NULL, locked_until_micros = NULL \
             WHERE id = $2 AND state = 'sending' AND locked_by = $3 AND locked_until_micros >= $1",
        )
        .bind(now.as_microsecond())
        .bind(id)
        .bind(worker)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(done == 1)
    }

    async fn email_failed(
        &self,
        id: Uuid,
        worker: &str,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> StoreResult<bool> {
        let state = if retry_at.is_some() { "pending" } else { "failed" };
        let done = Sql::<E>::new(
            "UPDATE outbox SET state = $1, run_after_micros = COALESCE($2, run_after_micros), \
               last_error = $3, locked_by = NULL, locked_until_micros = NULL \
             WHERE id = $4 AND state = 'sending' AND locked_by = $5",
        )
        .bind(state)
        .bind(retry_at.map(|t| t.as_microsecond()))
        .bind(error)
        .bind(id)
        .bind(worker)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(done == 1)
    }

    async fn outbox_state(&self, id: Uuid) -> StoreResult<Option<OutboxState>> {
        let state: Option<String> = Sql::<E>::new("SELECT state FROM outbox WHERE id = $1")
            .bind(id)
            .scalar_optional(&mut *self.read().await?)
            .await?;
        Ok(state.map(|s| match s.as_str() {
            "pending" => OutboxState::Pending,
            "sending" => OutboxState::Sending,
            "sent" => OutboxState::Sent,
            _ => OutboxState::Failed,
        }))
    }
}
