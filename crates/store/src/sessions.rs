//! A person's own sessions: when each was last used, the list of them, ending them, and changing
//! the password (which ends every other one).

use crate::audit::AuditMeta;
use crate::convert::{from_db_time, to_db_time};
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;

/// One of a person's signed-in sessions, as their list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionListed {
    pub id_hash: String,
    pub started: Timestamp,
    pub last_seen: Timestamp,
    pub user_agent: String,
}

/// Which of a person's other sessions to end.
#[derive(Debug, Clone, Copy)]
pub enum Others<'a> {
    One(&'a str),
    All,
}

#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Records that the session was used at `now`.
    async fn touch_session(&self, id_hash: &str, now: Timestamp) -> StoreResult<()>;
    /// The user's sessions that have signed in fully and not expired by `now`, most recently
    /// used first.
    async fn sessions_of(&self, user_id: Uuid, now: Timestamp) -> StoreResult<Vec<SessionListed>>;
    /// Ends the user's sessions other than `keep` (one or all of them), with an audit entry; how
    /// many ended.
    async fn end_other_sessions(
        &self,
        user_id: Uuid,
        keep: &str,
        which: Others<'_>,
        meta: &AuditMeta,
    ) -> StoreResult<u64>;
    /// Ends a session that was idle or open too long (`why`), with an audit entry.
    async fn expire_session(&self, id_hash: &str, why: &str, meta: &AuditMeta) -> StoreResult<()>;
    /// Sets the user's password, ends every session of theirs but `keep` and queues the email
    /// telling them (`link` is where it sends them), in one transaction with an audit entry.
    async fn change_password(
        &self,
        user_id: Uuid,
        password_hash: &str,
        keep: &str,
        link: &str,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
}

#[derive(sqlx::FromRow)]
struct ListedDb {
    id_hash: String,
    created_at: time::OffsetDateTime,
    last_seen_at: time::OffsetDateTime,
    user_agent: String,
}

#[async_trait]
impl<E: Engine> SessionStore for SqlStore<E> {
    async fn touch_session(&self, id_hash: &str, now: Timestamp) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(to_db_time(now))
            .bind(id_hash)
            .execute(&mut *tx)
            .await?;
        Ok(tx.commit().await?)
    }

    async fn sessions_of(&self, user_id: Uuid, now: Timestamp) -> StoreResult<Vec<SessionListed>> {
        let rows: Vec<ListedDb> = Sql::<E>::new(
            "SELECT id_hash, created_at, last_seen_at, user_agent FROM sessions \
             WHERE user_id = $1 AND stage = 'done' AND expires_at > $2 \
             ORDER BY last_seen_at DESC, id_hash",
        )
        .bind(user_id)
        .bind(to_db_time(now))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(SessionListed {
                    id_hash: r.id_hash,
                    started: from_db_time(r.created_at)?,
                    last_seen: from_db_time(r.last_seen_at)?,
                    user_agent: r.user_agent,
                })
            })
            .collect()
    }

    async fn end_other_sessions(
        &self,
        user_id: Uuid,
        keep: &str,
        which: Others<'_>,
        meta: &AuditMeta,
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let (ended, action) = match which {
            Others::One(id_hash) => (
                Sql::<E>::new(
                    "DELETE FROM sessions WHERE user_id = $1 AND id_hash = $2 AND id_hash <> $3",
                )
                .bind(user_id)
                .bind(id_hash)
                .bind(keep)
                .execute(&mut *tx)
                .await?,
                "session_ended",
            ),
            Others::All => (
                Sql::<E>::new("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                    .bind(user_id)
                    .bind(keep)
                    .execute(&mut *tx)
                    .await?,
                "other_sessions_ended",
            ),
        };
        Self::commit_audited(tx, meta, action, "user", Some(&user_id.to_string())).await?;
        Ok(ended)
    }

    async fn expire_session(&self, id_hash: &str, why: &str, meta: &AuditMeta) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let user: Option<Uuid> =
            Sql::<E>::new("DELETE FROM sessions WHERE id_hash = $1 RETURNING user_id")
                .bind(id_hash)
                .scalar_optional(&mut *tx)
                .await?;
        let meta = AuditMeta { actor_user_id: user, ..meta.clone() };
        let user = user.map(|u| u.to_string());
        Self::commit_audited(tx, &meta, why, "user", user.as_deref()).await
    }

    async fn change_password(
        &self,
        user_id: Uuid,
        password_hash: &str,
        keep: &str,
        link: &str,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        Sql::<E>::new("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(keep)
            .execute(&mut *tx)
            .await?;
        Sql::<E>::new(
            "INSERT INTO outbox (id, user_id, kind, body, link, state, attempts, run_after_micros) \
             VALUES ($1, $2, 'password_changed', '', $3, 'pending', 0, $4)",
        )
        .bind(Uuid::now_v7())
        .bind(user_id)
        .bind(link)
        .bind(Timestamp::now().as_microsecond())
        .execute(&mut *tx)
        .await?;
        Self::commit_audited(tx, meta, "password_changed", "user", Some(&user_id.to_string())).await
    }
}
