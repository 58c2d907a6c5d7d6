//! SEN support at school: each pupil's graduated-approach steps and the school's provision map.
//! Steps are appended only if the domain's check accepts the pupil's steps with the new one, in
//! the same transaction that reads them, so two people cannot interleave a cycle out of order.

use crate::convert::{from_db_date, to_db_date, to_db_time};
use crate::engine::{Connection, Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::full_name;
use crate::{AuditMeta, RegisterChange};
use async_trait::async_trait;
use sendcase_domain::schools::graduated_approach::{CycleStep, DatedStep};
use sendcase_domain::schools::provision_map::{Intervention, Measures};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

/// Judges a pupil's steps with a new one appended; `Err` says why it cannot be recorded.
pub type StepsCheck<'a> = &'a (dyn Fn(&[DatedStep]) -> Result<(), String> + Send + Sync);

/// A pupil on an intervention, with their measures.
#[derive(Debug, Clone, PartialEq)]
pub struct InterventionPupil {
    pub child_id: Uuid,
    pub name: String,
    pub measures: Measures,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InterventionRow {
    pub id: Uuid,
    pub intervention: Intervention,
    pub pupils: Vec<InterventionPupil>,
}

#[async_trait]
pub trait SenSupportStore: Send + Sync {
    /// The pupil's graduated-approach steps at the school, oldest first.
    async fn support_steps(&self, child_id: Uuid, school_id: Uuid) -> StoreResult<Vec<DatedStep>>;
    /// Every pupil's steps at the school, oldest first within each pupil.
    async fn school_support_steps(&self, school_id: Uuid) -> StoreResult<Vec<(Uuid, DatedStep)>>;
    async fn append_support_step(
        &self,
        child_id: Uuid,
        school_id: Uuid,
        step: DatedStep,
        check: StepsCheck<'_>,
        register: Option<&RegisterChange>,
        meta: &AuditMeta,
    ) -> StoreResult<Result<(), String>>;
    async fn add_intervention(
        &self,
        school_id: Uuid,
        intervention: &Intervention,
        meta: &AuditMeta,
    ) -> StoreResult<Uuid>;
    /// The school's interventions, oldest first, each with its pupils by name.
    async fn interventions(&self, school_id: Uuid) -> StoreResult<Vec<InterventionRow>>;
    /// Puts the pupil on the intervention, or updates their measures if they are on it.
    async fn set_intervention_pupil(
        &self,
        intervention_id: Uuid,
        child_id: Uuid,
        measures: Measures,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
}

pub(crate) fn decode_step(on: time::Date, step: Value) -> StoreResult<DatedStep> {
    let step: CycleStep = serde_json::from_value(step)
        .map_err(|e| StoreError::Corrupt(format!("support cycle step: {e}")))?;
    Ok(DatedStep { on: from_db_date(on)?, step })
}

pub(crate) fn decode_intervention(value: Value) -> StoreResult<Intervention> {
    serde_json::from_value(value).map_err(|e| StoreError::Corrupt(format!("intervention: {e}")))
}

#[derive(sqlx::FromRow)]
struct SchoolStepRow {
    child_id: Uuid,
    step_on: time::Date,
    step: Json<Value>,
}

impl SchoolStepRow {
    fn into_step(self) -> StoreResult<(Uuid, DatedStep)> {
        Ok((self.child_id, decode_step(self.step_on, self.step.0)?))
    }
}

#[derive(sqlx::FromRow)]
struct InterventionPupilRow {
    intervention_id: Uuid,
    child_id: Uuid,
    given_name: String,
    family_name: String,
    entry_measure: Option<i32>,
    exit_measure: Option<i32>,
}

impl<E: Engine> SqlStore<E> {
    /// The pupil's steps at the school, in the order recorded.
    async fn steps_on(
        conn: &mut Connection<E>,
        child_id: Uuid,
        school_id: Uuid,
    ) -> StoreResult<Vec<DatedStep>> {
        let rows: Vec<(time::Date, Json<Value>)> = Sql::<E>::new(
            "SELECT step_on, step FROM support_cycle_steps WHERE child_id = $1 \
             AND school_id = $2 ORDER BY seq",
        )
        .bind(child_id)
        .bind(school_id)
        .fetch_all(conn)
        .await?;
        rows.into_iter().map(|(on, step)| decode_step(on, step.0)).collect()
    }
}

#[async_trait]
impl<E: Engine> SenSupportStore for SqlStore<E> {
    async fn support_steps(&self, child_id: Uuid, school_id: Uuid) -> StoreResult<Vec<DatedStep>> {
        Self::steps_on(&mut *self.read().await?, child_id, school_id).await
    }

    async fn school_support_steps(&self, school_id: Uuid) -> StoreResult<Vec<(Uuid, DatedStep)>> {
        let rows: Vec<SchoolStepRow> = Sql::<E>::new(
            "SELECT child_id, step_on, step FROM support_cycle_steps WHERE school_id = $1 \
             ORDER BY child_id, seq",
        )
        .bind(school_id)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter().map(SchoolStepRow::into_step).collect()
    }

    async fn append_support_step(
        &self,
        child_id: Uuid,
        school_id: Uuid,
        step: DatedStep,
        check: StepsCheck<'_>,
        register: Option<&RegisterChange>,
        meta: &AuditMeta,
    ) -> StoreResult<Result<(), String>> {
        let mut tx = self.begin().await?;
        let mut steps = Self::steps_on(&mut tx, child_id, school_id).await?;
        let seq =
            i32::try_from(steps.len()).map_err(|_| StoreError::Corrupt("too many steps".into()))?;
        steps.push(step);
        if let Err(reason) = check(&steps) {
            return Ok(Err(reason));
        }
        let step = steps.pop().expect("just pushed");
        Sql::<E>::new(
            "INSERT INTO support_cycle_steps (child_id, school_id, seq, step_on, step, \
             recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(child_id)
        .bind(school_id)
        .bind(seq)
        .bind(to_db_date(step.on))
        .bind(Json(&step.step))
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(meta.actor_user_id)
        .execute(&mut *tx)
        .await
        // Another step written since this transaction read the pupil's steps.
        .map_err(|e| StoreError::from_write(e, &[("support_cycle_steps", "step")]))?;
        if let Some(change) = register {
            Self::append_register_entry(&mut tx, child_id, school_id, step.on, change).await?;
        }
        Self::commit_audited(tx, meta, "record_support_step", "child", Some(&child_id.to_string()))
            .await?;
        Ok(Ok(()))
    }

    async fn add_intervention(
        &self,
        school_id: Uuid,
        intervention: &Intervention,
        meta: &AuditMeta,
    ) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO interventions (id, school_id, intervention, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(school_id)
        .bind(Json(intervention))
        .bind(to_db_time(jiff::Timestamp::now()))
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::commit_audited(
            tx,
            meta,
            "add_intervention",
            "organisation",
            Some(&school_id.to_string()),
        )
        .await?;
        Ok(id)
    }

    async fn interventions(&self, school_id: Uuid) -> StoreResult<Vec<InterventionRow>> {
        let db = &mut *self.read().await?;
        let rows: Vec<(Uuid, Json<Value>)> = Sql::<E>::new(
            "SELECT id, intervention FROM interventions WHERE school_id = $1 \
             ORDER BY created_at, id",
        )
        .bind(school_id)
        .fetch_all(db)
        .await?;
        let pupils: Vec<InterventionPupilRow> = Sql::<E>::new(
            "SELECT p.intervention_id, c.id AS child_id, c.given_name, c.family_name, \
             p.entry_measure, p.exit_measure \
             FROM intervention_pupils p JOIN interventions i ON i.id = p.intervention_id \
             JOIN children c ON c.id = p.child_id \
             WHERE i.school_id = $1 ORDER BY c.family_name, c.given_name, c.id",
        )
        .bind(school_id)
        .fetch_all(db)
        .await?;
        rows.into_iter()
            .map(|(id, value)| {
                let pupils = pupils
                    .iter()
                    .filter(|p| p.intervention_id == id)
                    .map(|p| InterventionPupil {
                        child_id: p.child_id,
                        name: full_name(&p.given_name, &p.family_name),
                        measures: Measures { entry: p.entry_measure, exit: p.exit_measure },
                    })
                    .collect();
                Ok(InterventionRow { id, intervention: decode_intervention(value.0)?, pupils })
            })
            .collect()
    }

    async fn set_intervention_pupil(
        &self,
        intervention_id: Uuid,
        child_id: Uuid,
        measures: Measures,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO intervention_pupils (intervention_id, child_id, entry_measure, \
             exit_measure) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (intervention_id, child_id) DO UPDATE \
             SET entry_measure = excluded.entry_measure, exit_measure = excluded.exit_measure",
        )
        .bind(intervention_id)
        .bind(child_id)
        .bind(measures.entry)
        .bind(measures.exit)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::commit_audited(
            tx,
            meta,
            "set_intervention_pupil",
            "child",
            Some(&child_id.to_string()),
        )
        .await
    }
}
