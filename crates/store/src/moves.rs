//! Pupils leaving a school and joining another: a leaver's place on roll ends (so the school
//! loses access the day after), and a pupil's SEN history at earlier schools goes with them, so
//! the school they join reads it.

use crate::convert::to_db_date;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::register::{EntryRow, PupilImport, RegisterChange, RegisterEntry};
use crate::{AuditMeta, NewOrganisation};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::people::identifiers::Upn;
use uuid::Uuid;

/// A pupil who left a school: by their record (the SENCO's page) or their UPN (a school's file).
#[derive(Debug, Clone)]
pub enum Leaver {
    Child(Uuid),
    Upn(Upn),
}

/// A pupil arriving with a common transfer file: who they are and their SEN status now, and
/// their SEN history at the school they left, dated.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub pupil: PupilImport,
    pub history: Vec<(Date, RegisterChange)>,
}

/// One entry of a pupil's SEN history at a school other than the one reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierEntry {
    pub school_name: String,
    pub entry: RegisterEntry,
}

#[async_trait]
pub trait MoveStore: Send + Sync {
    /// Ends each leaver's place on roll at `school`: `left_on` is their first day off roll.
    /// All or nothing; a leaver not on roll there before that day fails it with their index.
    async fn record_leavers(
        &self,
        school_id: Uuid,
        leavers: &[(Leaver, Date)],
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// Pupils joining `school` on `on` from `from`, a school outside sendcase (found by its URN, or
    /// recorded now), with the SEN history their common transfer file carries: it is kept as
    /// their register entries at `from` on its dates, and their SEN status now starts their entry
    /// at `school`. All or nothing.
    async fn import_transfer(
        &self,
        school_id: Uuid,
        from: &NewOrganisation,
        pupils: &[Transfer],
        on: Date,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// The child whose UPN is `upn`, if any.
    async fn child_with_upn(&self, upn: &Upn) -> StoreResult<Option<Uuid>>;
    /// The pupil's register entries at every school but `school`, oldest first.
    async fn earlier_sen_history(
        &self,
        child_id: Uuid,
        school_id: Uuid,
    ) -> StoreResult<Vec<EarlierEntry>>;
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    school_name: String,
    #[sqlx(flatten)]
    entry: EntryRow,
}

#[async_trait]
impl<E: Engine> MoveStore for SqlStore<E> {
    async fn record_leavers(
        &self,
        school_id: Uuid,
        leavers: &[(Leaver, Date)],
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for (index, (leaver, left_on)) in leavers.iter().enumerate() {
            let child = match leaver {
                Leaver::Child(id) => Some(*id),
                Leaver::Upn(upn) => Sql::<E>::new("SELECT id FROM children WHERE upn = $1")
                    .bind(upn.to_string())
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|(id,): (Uuid,)| id),
            };
            let last_day = left_on.yesterday().map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let ended = Sql::<E>::new(
                "UPDATE enrolments SET end_date = $1 WHERE child_id = $2 AND school_id = $3 \
                 AND end_date IS NULL AND start_date < $4",
            )
            .bind(to_db_date(last_day))
            .bind(child.unwrap_or_else(Uuid::nil))
            .bind(school_id)
            .bind(to_db_date(*left_on))
            .execute(&mut *tx)
            .await?;
            if ended == 0 {
                return Err(StoreError::NotOnRoll { index });
            }
            if let Some(child) = child {
                Self::refresh_school_urn(&mut tx, child).await?;
                Self::append_audit(
                    &mut tx,
                    meta,
                    "record_leaver",
                    "child",
                    Some(&child.to_string()),
                )
                .await?;
            }
        }
        Self::commit_audited(
            tx,
            meta,
            "record_leavers",
            "organisation",
            Some(&school_id.to_string()),
        )
        .await
    }

    async fn import_transfer(
        &self,
        school_id: Uuid,
        from: &NewOrganisation,
        pupils: &[Transfer],
        on: Date,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let la = Self::school_la(&mut tx, school_id).await?;
        let known: Option<(Uuid,)> =
            Sql::<E>::new("SELECT id FROM organisations WHERE urn = $1 AND kind = $2")
                .bind(from.urn.as_ref().map(|u| u.to_string()))
                .bind(from.kind.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let source = match known {
            Some((id,)) => id,
            None => {
                let id = Uuid::now_v7();
                Self::insert_organisation(&mut tx, id, from).await?;
                id
            }
        };
        for t in pupils {
            let child = Self::place_on_roll(&mut tx, school_id, la, &t.pupil, on).await?;
            for (recorded_on, change) in &t.history {
                Self::append_register_entry(&mut tx, child, source, *recorded_on, change).await?;
            }
            let now = RegisterChange {
                year_group: t.pupil.year_group.clone(),
                out_of_cohort_reason: t.pupil.out_of_cohort_reason.clone(),
                provision: t.pupil.provision.to_owned(),
                need1: t.pupil.need1.map(str::to_owned),
                need2: t.pupil.need2.map(str::to_owned),
            };
            Self::append_register_entry(&mut tx, child, school_id, on, &now).await?;
            Self::append_audit(&mut tx, meta, "transfer_in", "child", Some(&child.to_string()))
                .await?;
        }
        Self::commit_audited(tx, meta, "import_ctf", "organisation", Some(&school_id.to_string()))
            .await
    }

    async fn child_with_upn(&self, upn: &Upn) -> StoreResult<Option<Uuid>> {
        let found: Option<(Uuid,)> = Sql::<E>::new("SELECT id FROM children WHERE upn = $1")
            .bind(upn.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        Ok(found.map(|(id,)| id))
    }

    async fn earlier_sen_history(
        &self,
        child_id: Uuid,
        school_id: Uuid,
    ) -> StoreResult<Vec<EarlierEntry>> {
        let sql = format!(
            "SELECT o.name AS school_name, {} FROM sen_register r \
             JOIN children c ON c.id = r.child_id JOIN organisations o ON o.id = r.school_id \
             WHERE r.child_id = $1 AND r.school_id <> $2 ORDER BY r.recorded_on, r.seq",
            EntryRow::COLUMNS
        );
        let rows: Vec<HistoryRow> = Sql::<E>::new(sql)
            .bind(child_id)
            .bind(school_id)
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.into_iter()
            .map(|r| Ok(EarlierEntry { school_name: r.school_name, entry: r.entry.into_entry()? }))
            .collect()
    }
}
