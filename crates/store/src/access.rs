//! Sessions and API tokens. Only hashes of secrets are stored.

use crate::AuditMeta;
use crate::convert::{from_db_time, to_db_time};
use crate::directory::{AccountRow, accounts, accounts_sql};
use crate::engine::{Connection, Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::UserAccount;
use async_trait::async_trait;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewSession {
    pub id_hash: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub started: jiff::Timestamp,
    /// When it ends however it is used (the longest a session may last).
    pub expires_at: jiff::Timestamp,
    pub user_agent: String,
    pub stage: Stage,
}

/// How far signing in has got: a password alone lets a session do nothing but its second step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The password was right; a code from the authenticator is wanted.
    Code,
    /// The password was right; an authenticator must be set up first.
    Enrol,
    Done,
}

impl Stage {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Stage::Code => "code",
            Stage::Enrol => "enrol",
            Stage::Done => "done",
        }
    }

    fn parse(s: &str) -> StoreResult<Stage> {
        [Stage::Code, Stage::Enrol, Stage::Done]
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("session stage {s}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user_id: Uuid,
    pub csrf_token: String,
    pub started: jiff::Timestamp,
    pub last_seen: jiff::Timestamp,
    pub stage: Stage,
}

/// A session still open, with its user's account and how many of their messages are unread:
/// what every page needs of whoever asked for it.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: SessionRow,
    pub account: UserAccount,
    pub unread: i64,
}

impl SignedIn {
    /// Whether this, read again, gives what `earlier` gave: all of it but when it was last used,
    /// which any server may move.
    pub(crate) fn gives_as(&self, earlier: &SignedIn) -> bool {
        let (now, then) = (&self.session, &earlier.session);
        (now.user_id, &now.csrf_token, now.started, now.stage)
            == (then.user_id, &then.csrf_token, then.started, then.stage)
            && self.account == earlier.account
            && self.unread == earlier.unread
    }
}

#[derive(sqlx::FromRow)]
struct TokenAccountDb {
    token_hash: String,
    #[sqlx(flatten)]
    account: AccountRow,
}

#[derive(sqlx::FromRow)]
struct SignedInDb {
    id_hash: String,
    #[sqlx(flatten)]
    session: SessionDb,
    #[sqlx(flatten)]
    account: AccountRow,
    unread: i64,
}

#[derive(sqlx::FromRow)]
struct SessionDb {
    user_id: Uuid,
    csrf_token: String,
    created_at: time::OffsetDateTime,
    last_seen_at: time::OffsetDateTime,
    stage: String,
}

#[async_trait]
pub trait AccessStore: Send + Sync {
    async fn create_session(&self, new: NewSession, meta: &AuditMeta) -> StoreResult<()>;
    /// The session with this id hash, of a user not disabled, with the user's account and
    /// unread count, in one statement (every page asks). Whether it has ended (idle too long,
    /// or open too long) is the domain's to judge from its times.
    async fn signed_in(&self, id_hash: &str) -> StoreResult<Option<SignedIn>>;
    async fn delete_session(&self, id_hash: &str, meta: &AuditMeta) -> StoreResult<()>;
    /// A token that works until `expires_at`, unless revoked or its user is disabled first.
    async fn create_api_token(
        &self,
        user_id: Uuid,
        token_hash: &str,
        label: &str,
        expires_at: jiff::Timestamp,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// The account a token acts for, if it works at `now`, in one statement (every API call
    /// asks).
    async fn api_token_account(
        &self,
        token_hash: &str,
        now: jiff::Timestamp,
    ) -> StoreResult<Option<UserAccount>>;
    /// Revokes every token of the user not yet revoked; how many were revoked.
    async fn revoke_api_tokens(&self, user_id: Uuid, meta: &AuditMeta) -> StoreResult<u64>;
    /// Disables or re-enables a user; disabling ends their sessions at once.
    async fn set_user_disabled(
        &self,
        user_id: Uuid,
        disabled: bool,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
}

#[async_trait]
impl<E: Engine> AccessStore for SqlStore<E> {
    async fn create_session(&self, new: NewSession, meta: &AuditMeta) -> StoreResult<()> {
        let now = new.started;
        let mut tx = self.begin().await?;
        // Expired sessions are swept as new ones start, so the table stays small without a timer;
        // a day late, so a browser coming back to one is still told why it ended.
        Sql::<E>::new("DELETE FROM sessions WHERE expires_at < $1")
            .bind(to_db_time(now - jiff::SignedDuration::from_hours(24)))
            .execute(&mut *tx)
            .await?;
        Sql::<E>::new(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, \
             last_seen_at, user_agent, stage) VALUES ($1, $2, $3, $4, $5, $4, $6, $7)",
        )
        .bind(&new.id_hash)
        .bind(new.user_id)
        .bind(&new.csrf_token)
        .bind(to_db_time(now))
        .bind(to_db_time(new.expires_at))
        .bind(&new.user_agent)
        .bind(new.stage.as_str())
        .execute(&mut *tx)
        .await?;
        Self::commit_audited(tx, meta, "sign_in", "user", Some(&new.user_id.to_string())).await
    }

    async fn signed_in(&self, id_hash: &str) -> StoreResult<Option<SignedIn>> {
        let mut found = sessions_read::<E>(&mut *self.read().await?, &[id_hash]).await?;
        Ok(found.remove(id_hash))
    }

    async fn delete_session(&self, id_hash: &str, meta: &AuditMeta) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&mut *tx)
            .await?;
        let user = meta.actor_user_id.map(|u| u.to_string());
        Self::commit_audited(tx, meta, "sign_out", "user", user.as_deref()).await
    }

    async fn create_api_token(
        &self,
        user_id: Uuid,
        token_hash: &str,
        label: &str,
        expires_at: jiff::Timestamp,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(label)
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(to_db_time(expires_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::commit_audited(tx, meta, "issue_token", "user", Some(&user_id.to_string())).await
    }

    async fn api_token_account(
        &self,
        token_hash: &str,
        now: jiff::Timestamp,
    ) -> StoreResult<Option<UserAccount>> {
        let mut found = token_accounts::<E>(&mut *self.read().await?, &[token_hash], now).await?;
        Ok(found.remove(token_hash))
    }

    async fn revoke_api_tokens(&self, user_id: Uuid, meta: &AuditMeta) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let revoked = Sql::<E>::new(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        Self::commit_audited(tx, meta, "revoke_tokens", "user", Some(&user_id.to_string())).await?;
        Ok(revoked)
    }

    async fn set_user_disabled(
        &self,
        user_id: Uuid,
        disabled: bool,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let at = disabled.then(|| to_db_time(jiff::Timestamp::now()));
        let changed = Sql::<E>::new("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(at)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if changed == 0 {
            return Err(StoreError::Missing("the user"));
        }
        if disabled {
            Sql::<E>::new("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let action = if disabled { "disable" } else { "enable" };
        Self::commit_audited(tx, meta, action, "user", Some(&user_id.to_string())).await
    }
}

/// The sessions with these id hashes, each of a user not disabled, with the user's account and
/// unread count, in one statement (every page asks, and a batch of audited reads confirms many at
/// once). Whether one has ended (idle too long, or open too long) is the domain's to judge.
pub(crate) async fn sessions_read<E: Engine>(
    conn: &mut Connection<E>,
    id_hashes: &[&str],
) -> StoreResult<HashMap<String, SignedIn>> {
    let mut qb = Sql::<E>::pushed(
        "SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.stage, u.id, \
         u.email, u.display_name, u.password_hash, u.disabled_at, m.role, m.organisation_id, \
         (SELECT COUNT(*) FROM messages g WHERE g.user_id = u.id AND g.read_micros IS NULL) \
         AS unread FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN memberships m ON m.user_id = u.id WHERE s.id_hash IN (",
    );
    qb.push_list(id_hashes.iter().copied());
    qb.push(") AND u.disabled_at IS NULL ORDER BY s.id_hash, m.role");
    let rows: Vec<SignedInDb> = qb.fetch_all(conn).await?;
    let mut found = HashMap::new();
    for (id_hash, rows) in grouped(rows, |r| r.id_hash.clone()) {
        let Some(first) = rows.first() else { continue };
        let (r, unread) = (&first.session, first.unread);
        let session = SessionRow {
            user_id: r.user_id,
            csrf_token: r.csrf_token.clone(),
            started: from_db_time(r.created_at)?,
            last_seen: from_db_time(r.last_seen_at)?,
            stage: Stage::parse(&r.stage)?,
        };
        let account = accounts(rows.into_iter().map(|r| r.account).collect())?.pop();
        let account = account.ok_or_else(|| StoreError::Corrupt("a session's account".into()))?;
        found.insert(id_hash, SignedIn { session, account, unread });
    }
    Ok(found)
}

/// The accounts the tokens with these hashes act for, of those that work at `now`, in one
/// statement (every API call asks).
pub(crate) async fn token_accounts<E: Engine>(
    conn: &mut Connection<E>,
    hashes: &[&str],
    now: jiff::Timestamp,
) -> StoreResult<HashMap<String, UserAccount>> {
    // Numbered by hand, as the account's columns and order are written around the condition.
    let listed: Vec<String> = (2..hashes.len() + 2).map(|n| format!("${n}")).collect();
    let condition = format!(
        "JOIN api_tokens t ON t.user_id = u.id WHERE t.revoked_at IS NULL \
         AND u.disabled_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $1) \
         AND t.token_hash IN ({})",
        listed.join(", ")
    );
    let sql = accounts_sql("t.token_hash, ", &condition, "t.token_hash");
    let qb = hashes.iter().fold(Sql::<E>::new(sql).bind(to_db_time(now)), |qb, h| qb.bind(*h));
    let rows: Vec<TokenAccountDb> = qb.fetch_all(conn).await?;
    let mut found = HashMap::new();
    for (hash, rows) in grouped(rows, |r| r.token_hash.clone()) {
        if let Some(account) = accounts(rows.into_iter().map(|r| r.account).collect())?.pop() {
            found.insert(hash, account);
        }
    }
    Ok(found)
}

/// `rows` in runs of the same key, each run with its key.
fn grouped<R, K: PartialEq>(rows: Vec<R>, key: impl Fn(&R) -> K) -> Vec<(K, Vec<R>)> {
    let mut runs: Vec<(K, Vec<R>)> = vec![];
    for row in rows {
        let k = key(&row);
        match runs.last_mut() {
            Some((last, run)) if *last == k => run.push(row),
            _ => runs.push((k, vec![row])),
        }
    }
    runs
}
