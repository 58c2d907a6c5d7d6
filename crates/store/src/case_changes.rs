//! A change to one EHC case as a unit of work: the case is locked and read whole, the caller's
//! rules (the policy, the clock, the Code's rules about plans and advice) judge what stands, and
//! what they accept is written and committed in the same transaction. Dropping the change
//! without writing rolls it back, so a refusal leaves nothing behind.

use crate::engine::{Engine, SqlStore, Tx};
use crate::error::StoreResult;
use crate::{
    AuditMeta, CaseAdviceRequest, CaseRecord, CaseStep, ChildRecord, EhcCase, PlanVersion,
};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::clock::CaseSummary;
use uuid::Uuid;

/// A case as it stands while locked: its history, its child (with relations as on the day
/// asked), and everything its steps recorded.
#[derive(Debug, Clone)]
pub struct LockedCase {
    pub case: EhcCase,
    pub child: ChildRecord,
    pub records: Vec<CaseRecord>,
    pub versions: Vec<PlanVersion>,
    pub advice: Vec<CaseAdviceRequest>,
}

/// What the rules accepted: the step to write and, when it has an event, the clock's summary of
/// the history that ends with it (which the caseload keeps).
#[derive(Debug, Clone)]
pub struct AcceptedStep {
    pub step: CaseStep,
    pub summary: Option<CaseSummary>,
    pub meta: AuditMeta,
}

#[async_trait]
pub trait CaseChange: Send {
    fn case(&self) -> &LockedCase;
    /// Writes the accepted step and commits; the position of its event in the history, if it
    /// has one.
    async fn write(self: Box<Self>, accepted: AcceptedStep) -> StoreResult<Option<i32>>;
}

#[async_trait]
pub trait CaseChangeStore: Send + Sync {
    /// Locks the case and reads it for a change; `None` when there is no such case.
    async fn change_case(
        &self,
        request_id: Uuid,
        today: Date,
    ) -> StoreResult<Option<Box<dyn CaseChange>>>;
}

struct LockedTx<E: Engine> {
    tx: Tx<'static, E>,
    locked: LockedCase,
}

#[async_trait]
impl<E: Engine> CaseChange for LockedTx<E> {
    fn case(&self) -> &LockedCase {
        &self.locked
    }

    async fn write(mut self: Box<Self>, accepted: AcceptedStep) -> StoreResult<Option<i32>> {
        let AcceptedStep { step, summary, meta } = accepted;
        let id = self.locked.case.request.id;
        let tx = &mut self.tx;
        let mut seq = None;
        if let Some((event, date)) = &step.event {
            let next = i32::try_from(self.locked.case.events.len())
                .map_err(|_| crate::StoreError::Corrupt("too many events".into()))?;
            SqlStore::<E>::insert_event(tx, id, next, *date, event, &meta).await?;
            seq = Some(next);
        }
        if let Some(summary) = &summary {
            SqlStore::<E>::write_summary(tx, id, summary).await?;
        }
        SqlStore::<E>::apply_step(tx, id, step, &meta).await?;
        self.tx.commit().await?;
        Ok(seq)
    }
}

#[async_trait]
impl<E: Engine> CaseChangeStore for SqlStore<E> {
    async fn change_case(
        &self,
        request_id: Uuid,
        today: Date,
    ) -> StoreResult<Option<Box<dyn CaseChange>>> {
        let mut tx = self.begin().await?;
        E::lock_case(&mut tx, request_id).await?;
        let Some(case) = Self::load_cases_on(&mut tx, "r.id = $1", request_id).await?.pop() else {
            return Ok(None);
        };
        let mut children = std::collections::BTreeMap::new();
        Self::load_children(&mut tx, "c.id = $1", case.request.child_id, today, &mut children)
            .await?;
        let child = children
            .remove(&case.request.child_id)
            .ok_or(crate::StoreError::Missing("the request's child"))?;
        let locked = LockedCase {
            records: Self::case_records_on(&mut tx, request_id).await?,
            versions: Self::plan_versions_on(&mut tx, request_id).await?,
            advice: Self::case_advice_on(&mut tx, request_id).await?,
            case,
            child,
        };
        Ok(Some(Box::new(LockedTx { tx, locked })))
    }
}
