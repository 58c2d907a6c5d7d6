//! Single sign-on: the sign-ins sent to a provider and not yet back, who each person at a
//! provider is here, and those waiting for an administrator.

use crate::audit::AuditMeta;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use crate::model::NewUser;
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;

/// A sign-in sent to a provider: what its callback must show and what it needs to finish.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SsoStart {
    pub state: String,
    /// The hash of the cookie given to the browser that started it.
    pub browser_hash: String,
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub expires_micros: i64,
}

/// A person a provider vouched for whom no account matched.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SsoPending {
    pub id: Uuid,
    pub provider: String,
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub display_name: String,
    pub asked_micros: i64,
}

#[async_trait]
pub trait SsoStore: Send + Sync {
    /// Keeps a sign-in sent to a provider, clearing those that expired before `now`.
    async fn save_sso_start(&self, start: SsoStart, now: Timestamp) -> StoreResult<()>;
    /// Takes the sign-in with this state, if the same browser started it and it has not expired;
    /// it can be taken only once.
    async fn take_sso_start(
        &self,
        state: &str,
        browser_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<SsoStart>>;
    /// The account the person `subject` at `issuer` signs in to, once linked.
    async fn sso_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<Uuid>>;
    /// Links the person at the provider to `user`, with an audit entry.
    async fn link_sso_identity(
        &self,
        issuer: &str,
        subject: &str,
        user: Uuid,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// Puts the person on the administrators' list (once, however often they try), audited.
    async fn ask_sso_approval(&self, pending: SsoPending, meta: &AuditMeta) -> StoreResult<()>;
    /// Everyone waiting, oldest first.
    async fn sso_pending(&self) -> StoreResult<Vec<SsoPending>>;
    /// Approves the one waiting as `id`, in one transaction with its audit entry: they are linked
    /// to the account with their email if there is one (as it is: the administrator has vouched
    /// for the person, and the account's roles are its own), else the account `user` is made.
    /// The account's id, or `None` if nobody waits as `id`.
    async fn approve_sso(
        &self,
        id: Uuid,
        user: NewUser,
        meta: &AuditMeta,
    ) -> StoreResult<Option<Uuid>>;
    /// Refuses the one waiting as `id`, audited; false if nobody waits as `id`.
    async fn refuse_sso(&self, id: Uuid, meta: &AuditMeta) -> StoreResult<bool>;
}

const PENDING_COLUMNS: &str = "id, provider, issuer, subject, email, display_name, asked_micros";

#[async_trait]
impl<E: Engine> SsoStore for SqlStore<E> {
    async fn save_sso_start(&self, start: SsoStart, now: Timestamp) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new("DELETE FROM sso_starts WHERE expires_micros <= $1")
            .bind(now.as_microsecond())
            .execute(&mut *tx)
            .await?;
        Sql::<E>::new(
            "INSERT INTO sso_starts (state, browser_hash, provider, nonce, pkce_verifier, \
             expires_micros) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&start.state)
        .bind(&start.browser_hash)
        .bind(&start.provider)
        .bind(&start.nonce)
        .bind(&start.pkce_verifier)
        .bind(start.expires_micros)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn take_sso_start(
        &self,
        state: &str,
        browser_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<SsoStart>> {
        let mut tx = self.begin().await?;
        // One statement takes it, so a callback replayed at once cannot use it twice.
        let start: Option<SsoStart> = Sql::<E>::new(
            "DELETE FROM sso_starts WHERE state = $1 AND browser_hash = $2 \
             AND expires_micros > $3 \
             RETURNING state, browser_hash, provider, nonce, pkce_verifier, expires_micros",
        )
        .bind(state)
        .bind(browser_hash)
        .bind(now.as_microsecond())
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(start)
    }

    async fn sso_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<Uuid>> {
        Ok(Sql::<E>::new("SELECT user_id FROM sso_identities WHERE issuer = $1 AND subject = $2")
            .bind(issuer)
            .bind(subject)
            .scalar_optional(&mut *self.read().await?)
            .await?)
    }

    async fn link_sso_identity(
        &self,
        issuer: &str,
        subject: &str,
        user: Uuid,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Self::insert_identity(&mut tx, issuer, subject, user).await?;
        Self::commit_audited(tx, meta, "sso_linked", "user", Some(&user.to_string())).await
    }

    async fn ask_sso_approval(&self, p: SsoPending, meta: &AuditMeta) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let sql = format!(
            "INSERT INTO sso_pending ({PENDING_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (issuer, subject) DO NOTHING"
        );
        Sql::<E>::new(&sql)
            .bind(p.id)
            .bind(&p.provider)
            .bind(&p.issuer)
            .bind(&p.subject)
            .bind(&p.email)
            .bind(&p.display_name)
            .bind(p.asked_micros)
            .execute(&mut *tx)
            .await?;
        Self::commit_audited(tx, meta, "sso_approval_asked", "sso_pending", Some(&p.email)).await
    }

    async fn sso_pending(&self) -> StoreResult<Vec<SsoPending>> {
        let sql = format!("SELECT {PENDING_COLUMNS} FROM sso_pending ORDER BY asked_micros, id");
        Ok(Sql::<E>::new(&sql).fetch_all(&mut *self.read().await?).await?)
    }

    async fn approve_sso(
        &self,
        id: Uuid,
        user: NewUser,
        meta: &AuditMeta,
    ) -> StoreResult<Option<Uuid>> {
        let mut tx = self.begin().await?;
        let taken: Option<(String, String)> =
            Sql::<E>::new("DELETE FROM sso_pending WHERE id = $1 RETURNING issuer, subject")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((issuer, subject)) = taken else { return Ok(None) };
        let existing: Option<Uuid> = Sql::<E>::new("SELECT id FROM users WHERE email = $1")
            .bind(user.email.to_lowercase())
            .scalar_optional(&mut *tx)
            .await?;
        let user_id = match existing {
            Some(id) => id,
            None => {
                let id = Uuid::now_v7();
                Self::insert_user(&mut tx, id, &user).await?;
                id
            }
        };
        Self::insert_identity(&mut tx, &issuer, &subject, user_id).await?;
        let target = user_id.to_string();
        Self::commit_audited(tx, meta, "sso_approved", "user", Some(&target)).await?;
        Ok(Some(user_id))
    }

    async fn refuse_sso(&self, id: Uuid, meta: &AuditMeta) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let gone = Sql::<E>::new("DELETE FROM sso_pending WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if gone == 0 {
            return Ok(false);
        }
        let target = id.to_string();
        Self::commit_audited(tx, meta, "sso_refused", "sso_pending", Some(&target)).await?;
        Ok(true)
    }
}

impl<E: Engine> SqlStore<E> {
    async fn insert_identity(
        tx: &mut crate::engine::Tx<'_, E>,
        issuer: &str,
        subject: &str,
        user: Uuid,
    ) -> StoreResult<()> {
        Sql::<E>::new(
            "INSERT INTO sso_identities (issuer, subject, user_id, linked_micros) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(issuer)
        .bind(subject)
        .bind(user)
        .bind(Timestamp::now().as_microsecond())
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
