//! Password reset links: made with the email that carries them (through the outbox, whatever the
//! person's choice of email, since it is their account's safety), used once, and ending every
//! session of the user when used.

use crate::audit::AuditMeta;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;

/// A reset link to make: for `user_id`, the hash of its secret, until when it works, and the
/// link's path for the email (it holds the secret, so the outbox blanks it once sent).
#[derive(Debug, Clone)]
pub struct NewPasswordReset {
    pub user_id: Uuid,
    pub token_hash: String,
    pub expires: Timestamp,
    pub link: String,
}

#[async_trait]
pub trait PasswordResetStore: Send + Sync {
    /// Stores the link and queues its email, with an audit entry, in one transaction.
    async fn create_password_reset(
        &self,
        new: NewPasswordReset,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// Whether the link with this hash works at `now`.
    async fn password_reset_works(&self, token_hash: &str, now: Timestamp) -> StoreResult<bool>;
    /// Uses the link: the user's password becomes `password_hash`, every link of theirs stops
    /// working and every session ends, in one transaction with an audit entry. The user, or
    /// `None` if the link does not work (unknown, used or expired).
    async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
        meta: &AuditMeta,
    ) -> StoreResult<Option<Uuid>>;
}

#[async_trait]
impl<E: Engine> PasswordResetStore for SqlStore<E> {
    async fn create_password_reset(
        &self,
        new: NewPasswordReset,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO password_resets (token_hash, user_id, expires_micros) VALUES ($1, $2, $3)",
        )
        .bind(&new.token_hash)
        .bind(new.user_id)
        .bind(new.expires.as_microsecond())
        .execute(&mut *tx)
        .await?;
        Sql::<E>::new(
            "INSERT INTO outbox (id, user_id, kind, body, link, state, attempts, run_after_micros) \
             VALUES ($1, $2, 'password_reset', '', $3, 'pending', 0, $4)",
        )
        .bind(Uuid::now_v7())
        .bind(new.user_id)
        .bind(&new.link)
        .bind(Timestamp::now().as_microsecond())
        .execute(&mut *tx)
        .await?;
        let user = new.user_id.to_string();
        Self::commit_audited(tx, meta, "password_reset_asked", "user", Some(&user)).await
    }

    async fn password_reset_works(&self, token_hash: &str, now: Timestamp) -> StoreResult<bool> {
        let found: Option<Uuid> = Sql::<E>::new(
            "SELECT user_id FROM password_resets \
             WHERE token_hash = $1 AND used_micros IS NULL AND expires_micros > $2",
        )
        .bind(token_hash)
        .bind(now.as_microsecond())
        .scalar_optional(&mut *self.read().await?)
        .await?;
        Ok(found.is_some())
    }

    async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
        meta: &AuditMeta,
    ) -> StoreResult<Option<Uuid>> {
        let mut tx = self.begin().await?;
        let at = now.as_microsecond();
        // One statement takes the link, so two uses of it at once cannot both succeed.
        let user: Option<Uuid> = Sql::<E>::new(
            "UPDATE password_resets SET used_micros = $1 \
             WHERE token_hash = $2 AND used_micros IS NULL AND expires_micros > $1 \
             RETURNING user_id",
        )
        .bind(at)
        .bind(token_hash)
        .scalar_optional(&mut *tx)
        .await?;
        let Some(user) = user else { return Ok(None) };
        Sql::<E>::new("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        Sql::<E>::new(
            "UPDATE password_resets SET used_micros = $1 WHERE user_id = $2 AND used_micros IS NULL",
        )
        .bind(at)
        .bind(user)
        .execute(&mut *tx)
        .await?;
        Sql::<E>::new("DELETE FROM sessions WHERE user_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        let meta = AuditMeta { actor_user_id: Some(user), ..meta.clone() };
        Self::commit_audited(tx, &meta, "password_reset", "user", Some(&user.to_string())).await?;
        Ok(Some(user))
    }
}
