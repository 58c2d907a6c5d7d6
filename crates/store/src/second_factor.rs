//! Authenticators and recovery codes. A code is taken in one conditional statement, so two uses
//! of the same code at once cannot both pass: a time step only if it is later than the last one
//! accepted, a recovery code only if it is unused.

use crate::access::Stage;
use crate::audit::AuditMeta;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;

/// A new authenticator: its secret, the step of the code that proved it was set up right, and
/// the hashes of its recovery codes.
#[derive(Debug, Clone)]
pub struct NewAuthenticator {
    pub user_id: Uuid,
    pub secret: String,
    pub step: u64,
    pub recovery_hashes: Vec<String>,
}

#[async_trait]
pub trait SecondFactorStore: Send + Sync {
    /// The user's authenticator secret as stored, if they have set one up.
    async fn authenticator_secret(&self, user_id: Uuid) -> StoreResult<Option<String>>;
    /// Every authenticator secret as stored, by user.
    async fn authenticator_secrets(&self) -> StoreResult<Vec<(Uuid, String)>>;
    /// Stores each user's secret anew (`(user, as stored now, to store)`), with one audit entry;
    /// a secret replaced meanwhile is left as it is. How many were stored anew.
    async fn restore_authenticator_secrets(
        &self,
        secrets: Vec<(Uuid, String, String)>,
        meta: &AuditMeta,
    ) -> StoreResult<u64>;
    /// How many of the user's recovery codes are unused.
    async fn recovery_codes_left(&self, user_id: Uuid) -> StoreResult<i64>;
    /// Sets up the authenticator (replacing any before it and its recovery codes) and lets
    /// `session` through, with an audit entry.
    async fn enrol_authenticator(
        &self,
        new: NewAuthenticator,
        session: &str,
        now: Timestamp,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// Takes the time step `step` for the user and lets `session` through, with an audit entry;
    /// false (and nothing written) if a code of that step or a later one was used already.
    async fn use_time_step(
        &self,
        user_id: Uuid,
        step: u64,
        session: &str,
        meta: &AuditMeta,
    ) -> StoreResult<bool>;
    /// Takes the recovery code with this hash and lets `session` through, with an audit entry;
    /// false if the user has no such unused code.
    async fn use_recovery_code(
        &self,
        user_id: Uuid,
        code_hash: &str,
        session: &str,
        now: Timestamp,
        meta: &AuditMeta,
    ) -> StoreResult<bool>;
    /// Removes the user's authenticator and recovery codes, with an audit entry.
    async fn remove_authenticator(&self, user_id: Uuid, meta: &AuditMeta) -> StoreResult<()>;
}

fn step_value(step: u64) -> i64 {
    // Steps are thirty-second counts since 1970, far inside i64.
    i64::try_from(step).unwrap_or(i64::MAX)
}

impl<E: Engine> SqlStore<E> {
    async fn let_through(tx: &mut crate::engine::Tx<'_, E>, session: &str) -> StoreResult<()> {
        Sql::<E>::new("UPDATE sessions SET stage = $1 WHERE id_hash = $2")
            .bind(Stage::Done.as_str())
            .bind(session)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// A code is good once: when `used` says this transaction spent it (one row), the session
    /// goes through and `action` is audited; otherwise nothing is written.
    async fn let_through_if_used(
        mut tx: crate::engine::Tx<'static, E>,
        used: u64,
        session: &str,
        user_id: Uuid,
        action: &str,
        meta: &AuditMeta,
    ) -> StoreResult<bool> {
        if used != 1 {
            return Ok(false);
        }
        Self::let_through(&mut tx, session).await?;
        let user = user_id.to_string();
        Self::commit_audited(tx, meta, action, "user", Some(&user)).await?;
        Ok(true)
    }
}

#[async_trait]
impl<E: Engine> SecondFactorStore for SqlStore<E> {
    async fn authenticator_secret(&self, user_id: Uuid) -> StoreResult<Option<String>> {
        Ok(Sql::<E>::new("SELECT secret FROM user_totp WHERE user_id = $1")
            .bind(user_id)
            .scalar_optional(&mut *self.read().await?)
            .await?)
    }

    async fn authenticator_secrets(&self) -> StoreResult<Vec<(Uuid, String)>> {
        Ok(Sql::<E>::new("SELECT user_id, secret FROM user_totp ORDER BY user_id")
            .fetch_all(&mut *self.read().await?)
            .await?)
    }

    async fn restore_authenticator_secrets(
        &self,
        secrets: Vec<(Uuid, String, String)>,
        meta: &AuditMeta,
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let mut stored = 0;
        for (user, old, new) in &secrets {
            stored += Sql::<E>::new(
                "UPDATE user_totp SET secret = $1 WHERE user_id = $2 AND secret = $3",
            )
            .bind(new)
            .bind(user)
            .bind(old)
            .execute(&mut *tx)
            .await?;
        }
        let count = stored.to_string();
        Self::commit_audited(tx, meta, "authenticator_secrets_sealed", "user_totp", Some(&count))
            .await?;
        Ok(stored)
    }

    async fn recovery_codes_left(&self, user_id: Uuid) -> StoreResult<i64> {
        Ok(Sql::<E>::new(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_micros IS NULL",
        )
        .bind(user_id)
        .scalar(&mut *self.read().await?)
        .await?)
    }

    async fn enrol_authenticator(
        &self,
        new: NewAuthenticator,
        session: &str,
        now: Timestamp,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for table in ["user_totp", "recovery_codes"] {
            Sql::<E>::new(format!("DELETE FROM {table} WHERE user_id = $1"))
                .bind(new.user_id)
                .execute(&mut *tx)
                .await?;
        }
        Sql::<E>::new(
            "INSERT INTO user_totp (user_id, secret, last_step, enrolled_micros) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(new.user_id)
        .bind(&new.secret)
        .bind(step_value(new.step))
        .bind(now.as_microsecond())
        .execute(&mut *tx)
        .await?;
        for hash in &new.recovery_hashes {
            Sql::<E>::new("INSERT INTO recovery_codes (code_hash, user_id) VALUES ($1, $2)")
                .bind(hash)
                .bind(new.user_id)
                .execute(&mut *tx)
                .await?;
        }
        Self::let_through(&mut tx, session).await?;
        let user = new.user_id.to_string();
        Self::commit_audited(tx, meta, "mfa_enrolled", "user", Some(&user)).await
    }

    async fn use_time_step(
        &self,
        user_id: Uuid,
        step: u64,
        session: &str,
        meta: &AuditMeta,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let taken = Sql::<E>::new(
            "UPDATE user_totp SET last_step = $1 WHERE user_id = $2 AND last_step < $1",
        )
        .bind(step_value(step))
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        Self::let_through_if_used(tx, taken, session, user_id, "mfa_code_accepted", meta).await
    }

    async fn use_recovery_code(
        &self,
        user_id: Uuid,
        code_hash: &str,
        session: &str,
        now: Timestamp,
        meta: &AuditMeta,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let taken = Sql::<E>::new(
            "UPDATE recovery_codes SET used_micros = $1 \
             WHERE user_id = $2 AND code_hash = $3 AND used_micros IS NULL",
        )
        .bind(now.as_microsecond())
        .bind(user_id)
        .bind(code_hash)
        .execute(&mut *tx)
        .await?;
        Self::let_through_if_used(tx, taken, session, user_id, "mfa_recovery_code_used", meta).await
    }

    async fn remove_authenticator(&self, user_id: Uuid, meta: &AuditMeta) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for table in ["user_totp", "recovery_codes"] {
            Sql::<E>::new(format!("DELETE FROM {table} WHERE user_id = $1"))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let user = user_id.to_string();
        Self::commit_audited(tx, meta, "mfa_turned_off", "user", Some(&user)).await
    }
}
