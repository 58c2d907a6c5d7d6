//! The SEN register of each school: pupils imported from the school's file, and the latest
//! register entry of every pupil on roll for the census return. Codes arrive already checked by
//! the domain's census rules; an import is one transaction, so a failure leaves nothing behind.

use crate::convert::{from_db_date, to_db_date, to_db_time};
use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::full_name;
use crate::{AuditMeta, NewChild};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::people::identifiers::Upn;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct PupilImport {
    pub upn: Upn,
    pub surname: String,
    pub forename: String,
    pub birth_date: Date,
    pub year_group: String,
    pub out_of_cohort_reason: Option<String>,
    pub provision: &'static str,
    pub need1: Option<&'static str>,
    pub need2: Option<&'static str>,
}

/// What an import changed: new pupils, pupils whose register entry changed, and the rest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// A pupil on roll with their latest register entry, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    pub urn: String,
    pub upn: Option<String>,
    pub surname: String,
    pub forename: String,
    pub birth_date: Date,
    pub provision: String,
    pub need1: Option<String>,
    pub need2: Option<String>,
}

/// One dated entry of a school's register, with who the pupil is.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    pub child_id: Uuid,
    pub responsible_la_id: Uuid,
    pub name: String,
    pub birth_date: Date,
    pub seq: i32,
    pub recorded_on: Date,
    pub year_group: String,
    pub out_of_cohort_reason: Option<String>,
    pub provision: String,
    pub need1: Option<String>,
    pub need2: Option<String>,
}

pub type ImportProgress<'a> = &'a (dyn Fn(usize) + Send + Sync);

#[async_trait]
pub trait RegisterStore: Send + Sync {
    /// Records every pupil at `school` as of `on`, all or nothing; `progress` hears how many are done.
    async fn import_pupils(
        &self,
        school_id: Uuid,
        pupils: &[PupilImport],
        on: Date,
        progress: ImportProgress<'_>,
        meta: &AuditMeta,
    ) -> StoreResult<ImportCounts>;
    /// Every pupil on roll on `on`, at one school or all, by school then surname, with the latest
    /// register entry recorded by that day; a pupil with none is `N` (no special educational need).
    async fn census_register(
        &self,
        school_id: Option<Uuid>,
        on: Date,
    ) -> StoreResult<Vec<RegisterRow>>;
    /// Every entry of a school's register (or of one pupil in it), by pupil and then oldest first.
    async fn register_entries(
        &self,
        school_id: Uuid,
        child_id: Option<Uuid>,
    ) -> StoreResult<Vec<RegisterEntry>>;
    /// Appends `change` as the pupil's entry dated `on`. With `based_on`, the number of entries
    /// the SENCO saw: refused as stale if another was recorded since.
    async fn record_register_entry(
        &self,
        school_id: Uuid,
        child_id: Uuid,
        on: Date,
        change: &RegisterChange,
        based_on: Option<i32>,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    async fn record_parent_meeting(
        &self,
        child_id: Uuid,
        school_id: Uuid,
        held_on: Date,
        notes: &str,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// The school's meetings with the pupil's parents, oldest first, with their notes.
    async fn parent_meetings(
        &self,
        child_id: Uuid,
        school_id: Uuid,
    ) -> StoreResult<Vec<(Date, String)>>;
}

/// A pupil's register entry as recorded: year group (with the reason, if the pupil is taught out
/// of the year group their birth date gives), provision and ranked need codes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegisterChange {
    pub year_group: String,
    pub out_of_cohort_reason: Option<String>,
    pub provision: String,
    pub need1: Option<String>,
    pub need2: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LatestRow {
    seq: i32,
    #[sqlx(flatten)]
    change: RegisterChange,
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    child_id: Uuid,
    responsible_la_id: Uuid,
    given_name: String,
    family_name: String,
    birth_date: time::Date,
    seq: i32,
    recorded_on: time::Date,
    #[sqlx(flatten)]
    change: RegisterChange,
}

impl EntryRow {
    /// The columns a query selects for this row, with the register aliased `r` and children `c`.
    pub(crate) const COLUMNS: &str = "c.id AS child_id, c.responsible_la_id, c.given_name, \
         c.family_name, c.birth_date, r.seq, r.recorded_on, r.year_group, \
         r.out_of_cohort_reason, r.provision, r.need1, r.need2";

    pub(crate) fn into_entry(self) -> StoreResult<RegisterEntry> {
        Ok(RegisterEntry {
            child_id: self.child_id,
            responsible_la_id: self.responsible_la_id,
            name: full_name(&self.given_name, &self.family_name),
            birth_date: from_db_date(self.birth_date)?,
            seq: self.seq,
            recorded_on: from_db_date(self.recorded_on)?,
            year_group: self.change.year_group,
            out_of_cohort_reason: self.change.out_of_cohort_reason,
            provision: self.change.provision,
            need1: self.change.need1,
            need2: self.change.need2,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CensusRow {
    urn: Option<String>,
    upn: Option<String>,
    surname: String,
    forename: String,
    birth_date: time::Date,
    provision: String,
    need1: Option<String>,
    need2: Option<String>,
}

impl CensusRow {
    fn into_register_row(self) -> StoreResult<RegisterRow> {
        Ok(RegisterRow {
            urn: self.urn.unwrap_or_default(),
            upn: self.upn,
            surname: self.surname,
            forename: self.forename,
            birth_date: from_db_date(self.birth_date)?,
            provision: self.provision,
            need1: self.need1,
            need2: self.need2,
        })
    }
}

impl<E: Engine> SqlStore<E> {
    /// The local authority a school belongs to.
    pub(crate) async fn school_la(tx: &mut Tx<'_, E>, school_id: Uuid) -> StoreResult<Uuid> {
        let la: Option<(Option<Uuid>,)> =
            Sql::<E>::new("SELECT local_authority_id FROM organisations WHERE id = $1")
                .bind(school_id)
                .fetch_optional(&mut **tx)
                .await?;
        la.and_then(|(la,)| la).ok_or(StoreError::Missing("the school's local authority"))
    }

    /// Puts the pupil `p` on roll at `school` from `on`, creating their record (in `la`) if no
    /// child has their UPN; a place still open elsewhere ends the day before. Their id.
    pub(crate) async fn place_on_roll(
        tx: &mut Tx<'_, E>,
        school_id: Uuid,
        la: Uuid,
        p: &PupilImport,
        on: Date,
    ) -> StoreResult<Uuid> {
        let found: Option<(Uuid,)> = Sql::<E>::new("SELECT id FROM children WHERE upn = $1")
            .bind(p.upn.to_string())
            .fetch_optional(&mut **tx)
            .await?;
        let Some((id,)) = found else {
            let new = NewChild {
                given_name: p.forename.clone(),
                family_name: p.surname.clone(),
                birth_date: p.birth_date,
                upn: Some(p.upn.clone()),
                nhs_number: None,
                uln: None,
                responsible_la_id: la,
                enrolment: Some((school_id, on)),
            };
            return Self::insert_child(tx, Uuid::now_v7(), &new).await;
        };
        let on_roll: Option<(Uuid,)> = Sql::<E>::new(
            "SELECT child_id FROM enrolments WHERE child_id = $1 AND school_id = $2 \
             AND end_date IS NULL",
        )
        .bind(id)
        .bind(school_id)
        .fetch_optional(&mut **tx)
        .await?;
        if on_roll.is_none() {
            // A pupil is on roll at one school at a time: a place still open elsewhere ends the
            // day before they join this one.
            let left = on.yesterday().map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Sql::<E>::new(
                "UPDATE enrolments SET end_date = $1 \
                 WHERE child_id = $2 AND school_id <> $3 AND end_date IS NULL",
            )
            .bind(to_db_date(left))
            .bind(id)
            .bind(school_id)
            .execute(&mut **tx)
            .await?;
            Self::insert_enrolment(tx, id, school_id, on).await?;
            Self::refresh_school_urn(tx, id).await?;
        }
        Ok(id)
    }

    /// Appends `wanted` as the pupil's next entry unless it is their latest already;
    /// the sequence number written, if any.
    pub(crate) async fn append_register_entry(
        tx: &mut Tx<'_, E>,
        child: Uuid,
        school_id: Uuid,
        on: Date,
        wanted: &RegisterChange,
    ) -> StoreResult<Option<i32>> {
        let latest: Option<LatestRow> = Sql::<E>::new(
            "SELECT seq, year_group, out_of_cohort_reason, provision, need1, need2 \
             FROM sen_register \
             WHERE child_id = $1 AND school_id = $2 ORDER BY seq DESC LIMIT 1",
        )
        .bind(child)
        .bind(school_id)
        .fetch_optional(&mut **tx)
        .await?;
        let seq = match latest {
            Some(LatestRow { seq, change }) => {
                if change == *wanted {
                    return Ok(None);
                }
                seq + 1
            }
            None => 0,
        };
        Sql::<E>::new(
            "INSERT INTO sen_register (child_id, school_id, seq, recorded_on, year_group, \
             out_of_cohort_reason, provision, need1, need2, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(child)
        .bind(school_id)
        .bind(seq)
        .bind(to_db_date(on))
        .bind(&wanted.year_group)
        .bind(&wanted.out_of_cohort_reason)
        .bind(&wanted.provision)
        .bind(&wanted.need1)
        .bind(&wanted.need2)
        .bind(to_db_time(jiff::Timestamp::now()))
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::lost_race(e, seq + 1))?;
        Ok(Some(seq))
    }
}

#[async_trait]
impl<E: Engine> RegisterStore for SqlStore<E> {
    async fn import_pupils(
        &self,
        school_id: Uuid,
        pupils: &[PupilImport],
        on: Date,
        progress: ImportProgress<'_>,
        meta: &AuditMeta,
    ) -> StoreResult<ImportCounts> {
        let mut tx = self.begin().await?;
        let la = Self::school_la(&mut tx, school_id).await?;
        let mut counts = ImportCounts::default();
        for (done, p) in pupils.iter().enumerate() {
            let child = Self::place_on_roll(&mut tx, school_id, la, p, on).await?;
            let wanted = RegisterChange {
                year_group: p.year_group.clone(),
                out_of_cohort_reason: p.out_of_cohort_reason.clone(),
                provision: p.provision.to_owned(),
                need1: p.need1.map(str::to_owned),
                need2: p.need2.map(str::to_owned),
            };
            match Self::append_register_entry(&mut tx, child, school_id, on, &wanted).await? {
                None => counts.unchanged += 1,
                Some(0) => counts.added += 1,
                Some(_) => counts.changed += 1,
            }
            progress(done + 1);
        }
        Self::commit_audited(
            tx,
            meta,
            "import_pupils",
            "organisation",
            Some(&school_id.to_string()),
        )
        .await?;
        Ok(counts)
    }

    async fn record_register_entry(
        &self,
        school_id: Uuid,
        child_id: Uuid,
        on: Date,
        change: &RegisterChange,
        based_on: Option<i32>,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // Two SENCOs saving at once: the second waits here, then counts the first's entry.
        E::lock_child(&mut tx, child_id).await?;
        let (entries,): (i64,) = Sql::<E>::new(
            "SELECT COUNT(*) FROM sen_register WHERE child_id = $1 AND school_id = $2",
        )
        .bind(child_id)
        .bind(school_id)
        .fetch_one(&mut *tx)
        .await?;
        let newest = i32::try_from(entries).unwrap_or(i32::MAX);
        if based_on.is_some_and(|seen| seen != newest) {
            return Err(StoreError::Stale { newest });
        }
        Self::append_register_entry(&mut tx, child_id, school_id, on, change).await?;
        Self::commit_audited(
            tx,
            meta,
            "record_register_entry",
            "child",
            Some(&child_id.to_string()),
        )
        .await
    }

    async fn record_parent_meeting(
        &self,
        child_id: Uuid,
        school_id: Uuid,
        held_on: Date,
        notes: &str,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO parent_meetings (child_id, school_id, held_on, notes, recorded_at, \
             recorded_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(child_id)
        .bind(school_id)
        .bind(to_db_date(held_on))
        .bind(notes)
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(meta.actor_user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::commit_audited(
            tx,
            meta,
            "record_parent_meeting",
            "child",
            Some(&child_id.to_string()),
        )
        .await
    }

    async fn parent_meetings(
        &self,
        child_id: Uuid,
        school_id: Uuid,
    ) -> StoreResult<Vec<(Date, String)>> {
        let rows: Vec<(time::Date, String)> = Sql::<E>::new(
            "SELECT held_on, notes FROM parent_meetings WHERE child_id = $1 AND school_id = $2 \
             ORDER BY held_on, recorded_at",
        )
        .bind(child_id)
        .bind(school_id)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter().map(|(on, notes)| Ok((from_db_date(on)?, notes))).collect()
    }

    async fn register_entries(
        &self,
        school_id: Uuid,
        child_id: Option<Uuid>,
    ) -> StoreResult<Vec<RegisterEntry>> {
        let condition = if child_id.is_some() { "AND r.child_id = $2" } else { "" };
        let sql = format!(
            "SELECT {} FROM sen_register r JOIN children c ON c.id = r.child_id \
             WHERE r.school_id = $1 {condition} \
             ORDER BY c.family_name, c.given_name, c.id, r.seq",
            EntryRow::COLUMNS
        );
        let mut query = Sql::<E>::new(sql).bind(school_id);
        if let Some(child) = child_id {
            query = query.bind(child);
        }
        let rows: Vec<EntryRow> = query.fetch_all(&mut *self.read().await?).await?;
        rows.into_iter().map(EntryRow::into_entry).collect()
    }

    async fn census_register(
        &self,
        school_id: Option<Uuid>,
        on: Date,
    ) -> StoreResult<Vec<RegisterRow>> {
        let condition = if school_id.is_some() { "AND e.school_id = $2" } else { "" };
        let sql = format!(
            "SELECT o.urn, c.upn, c.family_name AS surname, c.given_name AS forename, \
                    c.birth_date, COALESCE(r.provision, 'N') AS provision, r.need1, r.need2 \
             FROM enrolments e \
             JOIN children c ON c.id = e.child_id \
             JOIN organisations o ON o.id = e.school_id \
             LEFT JOIN sen_register r ON r.child_id = e.child_id AND r.school_id = e.school_id \
               AND r.seq = (SELECT MAX(l.seq) FROM sen_register l \
                            WHERE l.child_id = e.child_id AND l.school_id = e.school_id \
                              AND l.recorded_on <= $1) \
             WHERE e.start_date <= $1 AND (e.end_date IS NULL OR e.end_date >= $1) {condition} \
             ORDER BY o.urn, c.family_name, c.given_name, c.upn"
        );
        let mut query = Sql::<E>::new(sql).bind(to_db_date(on));
        if let Some(school) = school_id {
            query = query.bind(school);
        }
        let rows: Vec<CensusRow> = query.fetch_all(&mut *self.read().await?).await?;
        rows.into_iter().map(CensusRow::into_register_row).collect()
    }
}
