//! A change to one EHC case as a unit of work: the case is locked and read whole, the caller's
//! rules (the policy, the clock, the Code's rules about plans and advice) judge what stands, and
//! what they accept is written and committed in the same transaction. Dropping the change
//! without writing rolls it back, so a refusal leaves nothing behind.

use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::{
    AuditMeta, CaseAdviceRequest, CaseRecord, CaseStep, ChildRecord, EhcCase, NewEhcRequest,
    PlanVersion, StoredBeforeRequest,
};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::clock::CaseSummary;
use std::collections::BTreeMap;
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

/// The opening of a request as a unit of work: what is stored about the child is read under a
/// lock (see [`StoredBeforeRequest`]); writing creates the child if new, the request, its first
/// event and evidence, and commits.
#[async_trait]
pub trait RequestOpening: Send {
    fn stored(&self) -> &StoredBeforeRequest;
    async fn write(self: Box<Self>, meta: &AuditMeta) -> StoreResult<Uuid>;
}

#[async_trait]
pub trait RequestOpeningStore: Send + Sync {
    /// Locks what opening `new` depends on (the child, or the council's intake of new children)
    /// and reads it, with relations as they stand on `today`; concurrent openings for one child,
    /// or intakes of one new child, are judged one after the other.
    async fn open_request(
        &self,
        new: NewEhcRequest,
        today: Date,
    ) -> StoreResult<Box<dyn RequestOpening>>;
}

struct OpeningTx<E: Engine> {
    tx: Tx<'static, E>,
    new: NewEhcRequest,
    stored: StoredBeforeRequest,
}

#[async_trait]
impl<E: Engine> RequestOpening for OpeningTx<E> {
    fn stored(&self) -> &StoredBeforeRequest {
        &self.stored
    }

    async fn write(mut self: Box<Self>, meta: &AuditMeta) -> StoreResult<Uuid> {
        let id = SqlStore::<E>::insert_request(&mut self.tx, &self.new, meta).await?;
        self.tx.commit().await?;
        Ok(id)
    }
}

#[async_trait]
impl<E: Engine> RequestOpeningStore for SqlStore<E> {
    async fn open_request(
        &self,
        new: NewEhcRequest,
        today: Date,
    ) -> StoreResult<Box<dyn RequestOpening>> {
        let mut tx = self.begin().await?;
        let stored = Self::stored_before_request(&mut tx, &new, today).await?;
        Ok(Box::new(OpeningTx { tx, new, stored }))
    }
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
        if let Some(event) = &step.event {
            let next = i32::try_from(self.locked.case.events.len())
                .map_err(|_| StoreError::Corrupt("too many events".into()))?;
            SqlStore::<E>::insert_event(tx, id, next, event, &meta).await?;
            seq = Some(next);
        }
        // Before the summary, which is filed under the child's council. The child's other
        // requests move with them, as a rebuild of the summaries would file them.
        if let Some(council) = step.move_child_to {
            let child = self.locked.case.request.child_id;
            // The council the plan leaves keeps a note of it for its SEN2 return.
            if let Some(seq) = seq {
                Sql::<E>::new(
                    "INSERT INTO plan_transfers (request_id, seq, from_la_id, to_la_id) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(seq)
                .bind(self.locked.child.child.responsible_la_id)
                .bind(council)
                .execute(&mut **tx)
                .await?;
            }
            Sql::<E>::new("UPDATE children SET responsible_la_id = $1 WHERE id = $2")
                .bind(council)
                .bind(child)
                .execute(&mut **tx)
                .await?;
            for table in ["ehc_summaries", "caseload", "ehc_plans"] {
                Sql::<E>::new(format!(
                    "UPDATE {table} SET la_id = $1 \
                     WHERE request_id IN (SELECT id FROM ehc_requests WHERE child_id = $2)"
                ))
                .bind(council)
                .bind(child)
                .execute(&mut **tx)
                .await?;
            }
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
        let mut children = BTreeMap::new();
        Self::load_children(&mut tx, "c.id = $1", case.request.child_id, today, &mut children)
            .await?;
        let child = children
            .remove(&case.request.child_id)
            .ok_or(StoreError::Missing("the request's child"))?;
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
