//! Who takes part in a young person's case from the end of compulsory school age: each decision
//! the young person or the council recorded, kept in `young_person_decisions` and read with the
//! child's other relations.

use crate::AuditMeta;
use crate::convert::{from_db_date, to_db_date};
use crate::engine::{Connection, Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::people::young_person_rights::{FamilyDecision, RecordedDecision};
use uuid::Uuid;

#[async_trait]
pub trait FamilyDecisionStore: Send + Sync {
    /// Records `decision`, made on `decided_on`, about the child `child_id`, with its audit entry.
    async fn record_family_decision(
        &self,
        child_id: Uuid,
        decision: FamilyDecision,
        decided_on: Date,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
}

/// One stored decision and the child it is about.
#[derive(sqlx::FromRow)]
pub(crate) struct DecisionRow {
    child_id: Uuid,
    decision: String,
    parent_user_id: Option<Uuid>,
    decided_on: time::Date,
}

impl DecisionRow {
    pub(crate) fn child_id(&self) -> Uuid {
        self.child_id
    }

    pub(crate) fn read(self) -> StoreResult<RecordedDecision> {
        let decision =
            FamilyDecision::parse(&self.decision, self.parent_user_id).ok_or_else(|| {
                StoreError::Corrupt(format!("young person's decision {:?}", self.decision))
            })?;
        Ok(RecordedDecision { decision, decided_on: from_db_date(self.decided_on)? })
    }
}

impl<E: Engine> SqlStore<E> {
    /// The decisions about the children whose condition on alias `c` `condition` appends, each
    /// child's oldest first.
    pub(crate) async fn family_decisions_where(
        db: &mut Connection<E>,
        condition: &impl Fn(Sql<'static, E>) -> Sql<'static, E>,
    ) -> StoreResult<Vec<DecisionRow>> {
        let mut query = condition(Sql::new(
            "SELECT d.child_id, d.decision, d.parent_user_id, d.decided_on \
             FROM young_person_decisions d JOIN children c ON c.id = d.child_id WHERE ",
        ));
        query.push(" ORDER BY d.id");
        Ok(query.fetch_all(db).await?)
    }
}

#[async_trait]
impl<E: Engine> FamilyDecisionStore for SqlStore<E> {
    async fn record_family_decision(
        &self,
        child_id: Uuid,
        decision: FamilyDecision,
        decided_on: Date,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // Ids are time-ordered, so the latest decision is the one with the greatest id.
        Sql::<E>::new(
            "INSERT INTO young_person_decisions (id, child_id, decision, parent_user_id, \
             decided_on, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(Uuid::now_v7())
        .bind(child_id)
        .bind(decision.as_str())
        .bind(decision.parent())
        .bind(to_db_date(decided_on))
        .bind(meta.actor_user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[("young_person_decisions", "decision")]))?;
        Self::commit_audited(
            tx,
            meta,
            decision.as_str(),
            "young_person",
            Some(&child_id.to_string()),
        )
        .await
    }
}
