//! Each person's messages: written inside the transaction of the change they tell of (with the
//! email that carries them, for those who want email), read in the inbox, marked read on opening.

use crate::audit::AuditMeta;
use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::StoreResult;
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;

/// A message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub user_id: Uuid,
    pub kind: &'static str,
    pub body: String,
    /// The path of the page where they act.
    pub link: String,
    /// A key no other message has: one given twice writes the message once (a reminder).
    pub once_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Message {
    pub id: Uuid,
    pub kind: String,
    pub body: String,
    pub link: String,
    pub created_micros: i64,
    pub read_micros: Option<i64>,
}

#[async_trait]
pub trait MessageStore: Send + Sync {
    /// The newest `limit` messages of `user`, newest first.
    async fn inbox(&self, user: Uuid, limit: i64) -> StoreResult<Vec<Message>>;
    async fn unread_count(&self, user: Uuid) -> StoreResult<i64>;
    /// One of `user`'s messages, marked read at `now` if it was not yet; `None` if it is not
    /// theirs.
    async fn open_message(
        &self,
        user: Uuid,
        id: Uuid,
        now: Timestamp,
    ) -> StoreResult<Option<Message>>;
    /// Whether `user` wants their messages by email too.
    async fn wants_email(&self, user: Uuid) -> StoreResult<bool>;
    async fn set_wants_email(&self, user: Uuid, on: bool, meta: &AuditMeta) -> StoreResult<()>;
    /// Writes messages that stand on their own (reminders), each with its audit entry, in one
    /// transaction; one whose `once_key` is already taken is left out. How many were new.
    async fn write_messages(&self, messages: &[NewMessage], meta: &AuditMeta) -> StoreResult<u64>;
}

impl<E: Engine> SqlStore<E> {
    /// Writes `messages` in the caller's transaction, and for each recipient who wants email
    /// (and whose account is in use) the email that carries it; one with a `once_key` already
    /// taken is left out. How many were new.
    pub(crate) async fn insert_messages(
        tx: &mut Tx<'_, E>,
        messages: &[NewMessage],
        now: Timestamp,
    ) -> StoreResult<u64> {
        let at = now.as_microsecond();
        let mut written = 0;
        for m in messages {
            let id = Uuid::now_v7();
            let new = Sql::<E>::new(
                "INSERT INTO messages (id, user_id, kind, body, link, created_micros, once_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (once_key) DO NOTHING",
            )
            .bind(id)
            .bind(m.user_id)
            .bind(m.kind)
            .bind(&m.body)
            .bind(&m.link)
            .bind(at)
            .bind(m.once_key.as_deref())
            .execute(&mut **tx)
            .await?;
            if new == 0 {
                continue;
            }
            written += 1;
            Sql::<E>::new(
                "INSERT INTO outbox (id, user_id, body, link, state, attempts, run_after_micros) \
                 SELECT $1, id, $2, $3, 'pending', 0, $4 FROM users \
                 WHERE id = $5 AND email_messages AND disabled_at IS NULL",
            )
            .bind(id)
            .bind(&m.body)
            .bind(&m.link)
            .bind(at)
            .bind(m.user_id)
            .execute(&mut **tx)
            .await?;
        }
        Ok(written)
    }
}

#[async_trait]
impl<E: Engine> MessageStore for SqlStore<E> {
    async fn inbox(&self, user: Uuid, limit: i64) -> StoreResult<Vec<Message>> {
        Ok(Sql::<E>::new(
            "SELECT id, kind, body, link, created_micros, read_micros FROM messages \
             WHERE user_id = $1 ORDER BY created_micros DESC, id DESC LIMIT $2",
        )
        .bind(user)
        .bind(limit)
        .fetch_all(&mut *self.read().await?)
        .await?)
    }

    async fn unread_count(&self, user: Uuid) -> StoreResult<i64> {
        Ok(Sql::<E>::new(
            "SELECT COUNT(*) FROM messages WHERE user_id = $1 AND read_micros IS NULL",
        )
        .bind(user)
        .scalar(&mut *self.read().await?)
        .await?)
    }

    async fn open_message(
        &self,
        user: Uuid,
        id: Uuid,
        now: Timestamp,
    ) -> StoreResult<Option<Message>> {
        let mut conn = self.write().await?;
        Sql::<E>::new(
            "UPDATE messages SET read_micros = $1 \
             WHERE id = $2 AND user_id = $3 AND read_micros IS NULL",
        )
        .bind(now.as_microsecond())
        .bind(id)
        .bind(user)
        .execute(&mut *conn)
        .await?;
        Ok(Sql::<E>::new(
            "SELECT id, kind, body, link, created_micros, read_micros FROM messages \
             WHERE id = $1 AND user_id = $2",
        )
        .bind(id)
        .bind(user)
        .fetch_optional(&mut *conn)
        .await?)
    }

    async fn wants_email(&self, user: Uuid) -> StoreResult<bool> {
        Ok(Sql::<E>::new("SELECT email_messages FROM users WHERE id = $1")
            .bind(user)
            .scalar_optional(&mut *self.read().await?)
            .await?
            .unwrap_or(false))
    }

    async fn set_wants_email(&self, user: Uuid, on: bool, meta: &AuditMeta) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new("UPDATE users SET email_messages = $1 WHERE id = $2")
            .bind(on)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        let action = if on { "email_messages_on" } else { "email_messages_off" };
        Self::commit_audited(tx, meta, action, "user", Some(&user.to_string())).await
    }

    async fn write_messages(&self, messages: &[NewMessage], meta: &AuditMeta) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let written = Self::insert_messages(&mut tx, messages, Timestamp::now()).await?;
        if written > 0 {
            Self::append_audit(&mut tx, meta, "write_reminders", "message", None).await?;
        }
        tx.commit().await?;
        Ok(written)
    }
}
