//! Progress checks at age two, kept per child and early years setting as the domain's JSON.
//! Which checks may be recorded is the domain's rule; the store only keeps them.

use crate::AuditMeta;
use crate::convert::{to_db_date, to_db_time};
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use async_trait::async_trait;
use sendcase_domain::early_years::ProgressCheck;
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

#[async_trait]
pub trait EarlyYearsStore: Send + Sync {
    /// Records a progress check the child had at the setting.
    async fn record_progress_check(
        &self,
        child_id: Uuid,
        setting_id: Uuid,
        check: &ProgressCheck,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// The child's progress checks at the setting, oldest first.
    async fn progress_checks(
        &self,
        child_id: Uuid,
        setting_id: Uuid,
    ) -> StoreResult<Vec<ProgressCheck>>;
}

pub(crate) fn decode_check(value: Value) -> StoreResult<ProgressCheck> {
    serde_json::from_value(value).map_err(|e| StoreError::Corrupt(format!("progress check: {e}")))
}

#[async_trait]
impl<E: Engine> EarlyYearsStore for SqlStore<E> {
    async fn record_progress_check(
        &self,
        child_id: Uuid,
        setting_id: Uuid,
        check: &ProgressCheck,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO progress_checks (id, child_id, setting_id, done_on, progress_check, \
             recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(Uuid::now_v7())
        .bind(child_id)
        .bind(setting_id)
        .bind(to_db_date(check.done_on))
        .bind(Json(check))
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(meta.actor_user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::commit_audited(
            tx,
            meta,
            "record_progress_check",
            "child",
            Some(&child_id.to_string()),
        )
        .await
    }

    async fn progress_checks(
        &self,
        child_id: Uuid,
        setting_id: Uuid,
    ) -> StoreResult<Vec<ProgressCheck>> {
        let rows: Vec<(Json<Value>,)> = Sql::<E>::new(
            "SELECT progress_check FROM progress_checks WHERE child_id = $1 AND setting_id = $2 \
             ORDER BY done_on, id",
        )
        .bind(child_id)
        .bind(setting_id)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter().map(|(value,)| decode_check(value.0)).collect()
    }
}
