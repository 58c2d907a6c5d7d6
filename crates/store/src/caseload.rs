//! The caseload: the clock's summary of every request, kept beside its events (see migration
//! 0005), listed with filters, sorting and paging in one indexed query; the final plans behind
//! the timeliness figures. The summaries are written by `summaries.rs`.

use crate::bulk::{BulkChild, BulkRequest};
use crate::cases::read_event;
use crate::convert::{from_db_date, from_db_span_end, from_db_span_start, to_db_date, to_db_time};
use crate::counts::{AtVersion, LISTS_AT, VersionedPage};
use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{NewOrganisation, User};
use crate::{AuditMeta, HistoryCheck};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::clock::fingerprint::Fingerprint;
use sendcase_domain::clock::{DatedEvent, Named, NextDuty, Stage, StatusWindow};
use sendcase_domain::ehc::timeliness::IssuedPlan;
use serde_json::Value;
use sqlx::types::Json;
use std::collections::HashMap;
use uuid::Uuid;

/// Which requests to list, as of which day, in what order, and which page of them.
#[derive(Debug, Clone)]
pub struct CaseloadQuery {
    pub as_of: Date,
    /// Every request of children these authorities are responsible for.
    pub la_ids: Vec<Uuid>,
    /// And every request of these children.
    pub child_ids: Vec<Uuid>,
    pub caseworker: Option<Uuid>,
    pub stage: Option<Stage>,
    pub school_urn: Option<String>,
    pub status: Option<StatusWindow>,
    /// Only requests received on or after this day.
    pub received_from: Option<Date>,
    pub sort: CaseloadSort,
    pub descending: bool,
    /// `None` lists every match.
    pub limit: Option<u32>,
    pub offset: u32,
}

/// What a caseload query's total depends on: everything but its order and page.
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct CaseloadCountKey {
    as_of: Date,
    la_ids: Vec<Uuid>,
    child_ids: Vec<Uuid>,
    caseworker: Option<Uuid>,
    stage: Option<Stage>,
    school_urn: Option<String>,
    status: Option<StatusWindow>,
    received_from: Option<Date>,
}

impl CaseloadCountKey {
    fn of(q: &CaseloadQuery) -> Self {
        CaseloadCountKey {
            as_of: q.as_of,
            la_ids: q.la_ids.clone(),
            child_ids: q.child_ids.clone(),
            caseworker: q.caseworker,
            stage: q.stage,
            school_urn: q.school_urn.clone(),
            status: q.status,
            received_from: q.received_from,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseloadSort {
    Due,
    Received,
    ChildName,
    Stage,
}

/// One open request with its next duty on the day asked about.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseloadRow {
    pub request_id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    pub school_urn: Option<String>,
    pub caseworker_user_id: Option<Uuid>,
    pub stage: Stage,
    pub received_on: Date,
    pub next: NextDuty,
}

pub type CaseloadPage = VersionedPage<CaseloadRow>;

/// What a rebuild of the stored summaries did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    pub summaries: usize,
    /// Summaries that differ from what was stored (the clock's answer or the copied child details).
    pub changed: usize,
}

#[async_trait]
pub trait CaseloadStore: Send + Sync {
    /// What the stored summaries were computed with; `None` before any was recorded.
    async fn projection_fingerprint(&self) -> StoreResult<Option<Fingerprint>>;
    /// Recomputes every request's summary from its events with `summarise`, in one transaction
    /// with the new `fingerprint` and an audit entry. The inner error names a request whose
    /// history `summarise` refuses, and then nothing is changed.
    async fn rebuild_summaries(
        &self,
        summarise: HistoryCheck<'_>,
        fingerprint: &Fingerprint,
        meta: &AuditMeta,
    ) -> StoreResult<Result<Rebuilt, String>>;
    async fn caseload(&self, query: &CaseloadQuery) -> StoreResult<CaseloadPage>;
    /// Final plans issued in `year` for children of these authorities.
    async fn issued_plans(&self, la_ids: &[Uuid], year: i16) -> StoreResult<Vec<IssuedPlan>>;
    /// Everyone holding an LA role in one of these authorities, by name, as they stood at the
    /// lists' version `lists_at` (that of the page they are shown beside).
    async fn la_staff(&self, la_ids: &[Uuid], lists_at: i64) -> StoreResult<Vec<User>>;
    /// The names of the caseworkers `ids`: from `staff` (the councils' staff as [`la_staff`]
    /// keeps them for the page), then anyone else by key, such as an officer who has left the
    /// council or another council's officer who handled a plan transferred in.
    ///
    /// [`la_staff`]: CaseloadStore::la_staff
    async fn caseworkers_named(
        &self,
        staff: &[User],
        ids: Vec<Uuid>,
    ) -> StoreResult<HashMap<Uuid, String>>;
    /// Creates organisations, with the ids given, in one transaction with one audit entry,
    /// `note`, saying what was loaded.
    async fn load_organisations_in_bulk(
        &self,
        organisations: &[(Uuid, NewOrganisation)],
        note: &str,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// Creates children and requests in one transaction with one audit entry, `note`, saying
    /// what was loaded. Each request's summary must be the clock's for its events.
    async fn load_in_bulk(
        &self,
        children: &[BulkChild],
        requests: &[BulkRequest],
        note: &str,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// Has the database look again at how many rows each table holds, after loading many at
    /// once: PostgreSQL otherwise plans the lists' queries for the empty tables it last saw.
    async fn refresh_statistics(&self) -> StoreResult<()>;
    /// The requests still open on `today`, as the caseload stands, and those whose plan is in
    /// force (its reviews, amendments and transfers): those whose duties can remind anyone.
    async fn open_requests(&self, today: Date) -> StoreResult<Vec<Uuid>>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    request_id: Uuid,
    child_id: Uuid,
    child_name: String,
    school_urn: Option<String>,
    caseworker_user_id: Option<Uuid>,
    stage: String,
    received_on: time::Date,
    valid_from: time::Date,
    valid_until: time::Date,
    duty: String,
    duty_ref: Option<String>,
    due: time::Date,
    target: time::Date,
    rule: String,
    explanation: String,
    exception_applies: bool,
}

impl Row {
    pub(crate) fn into_caseload_row(self) -> StoreResult<CaseloadRow> {
        let corrupt =
            |what: &str, text: &str| StoreError::Corrupt(format!("caseload {what} \"{text}\""));
        let next = NextDuty {
            from: from_db_span_start(self.valid_from)?,
            until: from_db_span_end(self.valid_until)?,
            duty: Named::parse(&self.duty).ok_or_else(|| corrupt("duty", &self.duty))?,
            reference: self.duty_ref,
            due: from_db_date(self.due)?,
            target: from_db_date(self.target)?,
            rule: self.rule,
            explanation: self.explanation,
            exception_applies: self.exception_applies,
        };
        Ok(CaseloadRow {
            request_id: self.request_id,
            child_id: self.child_id,
            child_name: self.child_name,
            school_urn: self.school_urn,
            caseworker_user_id: self.caseworker_user_id,
            stage: Named::parse(&self.stage).ok_or_else(|| corrupt("stage", &self.stage))?,
            received_on: from_db_date(self.received_on)?,
            next,
        })
    }
}

/// `ehc_summaries` as stored, compared before and after a rebuild.
#[derive(Debug, PartialEq, sqlx::FromRow)]
pub(crate) struct SummaryRow {
    la_id: Uuid,
    stage: String,
    received_on: time::Date,
    final_plan_issued_on: Option<time::Date>,
    final_plan_within_time: Option<bool>,
    exception_recorded: bool,
}

/// A request's row of the plans in force, compared whole to tell whether a rebuild changed it.
type PlanAsStored = (
    String,
    time::Date,
    Option<time::Date>,
    Option<time::Date>,
    Option<time::Date>,
    Option<String>,
    Option<time::Date>,
    Option<time::Date>,
    Option<time::Date>,
);

#[derive(sqlx::FromRow)]
struct IssuedRow {
    final_plan_issued_on: time::Date,
    final_plan_within_time: bool,
    exception_recorded: bool,
}

pub(crate) const ROW_COLUMNS: &str = "request_id, child_id, child_name, school_urn, \
                                      caseworker_user_id, stage, received_on, \
                                      valid_from, valid_until, duty, duty_ref, due, target, \
                                      rule, explanation, exception_applies";

/// The ORDER BY for a sort; ties fall back to the request id so pages never overlap.
pub(crate) fn order_by(sort: CaseloadSort, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    let key = match sort {
        CaseloadSort::Due => format!("due {dir}, child_name"),
        CaseloadSort::Received => format!("received_on {dir}, child_name"),
        CaseloadSort::ChildName => format!("child_name {dir}"),
        // The Code's order of stages, not the alphabet's.
        CaseloadSort::Stage => {
            let ranks: String = Stage::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| format!(" WHEN '{}' THEN {i}", s.as_str()))
                .collect();
            format!("CASE stage{ranks} END {dir}, due")
        }
    };
    format!(" ORDER BY {key}, request_id")
}

impl<E: Engine> SqlStore<E> {
    /// The WHERE clause of a caseload query: the day's span, the caller's reach, the filters.
    fn push_filters<'q>(qb: &mut Sql<'q, E>, q: &'q CaseloadQuery) {
        let as_of = to_db_date(q.as_of);
        qb.push("valid_from <= ").push_bind(as_of);
        qb.push(" AND valid_until >= ").push_bind(as_of).push(" AND ");
        qb.push_in_any(&[("la_id", &q.la_ids), ("child_id", &q.child_ids)]);
        if let Some(caseworker) = q.caseworker {
            qb.push(" AND caseworker_user_id = ").push_bind(caseworker);
        }
        if let Some(stage) = q.stage {
            qb.push(" AND stage = ").push_bind(Named::as_str(stage));
        }
        if let Some(urn) = &q.school_urn {
            qb.push(" AND school_urn = ").push_bind(urn.as_str());
        }
        if let Some(from) = q.received_from {
            qb.push(" AND received_on >= ").push_bind(to_db_date(from));
        }
        if let Some(w) = q.status {
            if let Some(from) = w.due_from {
                qb.push(" AND due >= ").push_bind(to_db_date(from));
            }
            if let Some(until) = w.due_until {
                qb.push(" AND due <= ").push_bind(to_db_date(until));
            }
            if let Some(applies) = w.exception_applies {
                qb.push(" AND exception_applies = ").push_bind(applies);
            }
        }
    }
}

impl<E: Engine> SqlStore<E> {
    /// A request's stored summary as rows, to tell whether a rebuild changed it.
    async fn stored_summary(
        tx: &mut Tx<'_, E>,
        request_id: Uuid,
    ) -> StoreResult<(Vec<SummaryRow>, Vec<CaseloadRow>, Vec<PlanAsStored>)> {
        let summary = Sql::<E>::new(
            "SELECT la_id, stage, received_on, final_plan_issued_on, final_plan_within_time, \
             exception_recorded \
             FROM ehc_summaries WHERE request_id = $1",
        )
        .bind(request_id)
        .fetch_all(&mut **tx)
        .await?;
        let sql =
            format!("SELECT {} FROM caseload WHERE request_id = $1 ORDER BY span", ROW_COLUMNS);
        let rows: Vec<Row> = Sql::<E>::new(&sql).bind(request_id).fetch_all(&mut **tx).await?;
        let rows = rows.into_iter().map(Row::into_caseload_row).collect::<Result<_, _>>()?;
        let plan = Sql::<E>::new(
            "SELECT status, issued_on, review_due, phase_transfer_due, ended_on, cease_reason, \
             transfer_on, transfer_consulted_on, transfer_amended_on \
             FROM ehc_plans WHERE request_id = $1",
        )
        .bind(request_id)
        .fetch_all(&mut **tx)
        .await?;
        Ok((summary, rows, plan))
    }
}

#[async_trait]
impl<E: Engine> CaseloadStore for SqlStore<E> {
    async fn projection_fingerprint(&self) -> StoreResult<Option<Fingerprint>> {
        let row: Option<(i32, String)> = Sql::<E>::new(
            "SELECT clock_version, bank_holidays FROM projection_fingerprint WHERE id = 1",
        )
        .fetch_optional(&mut *self.read().await?)
        .await?;
        Ok(row.map(|(clock_version, bank_holidays)| Fingerprint { clock_version, bank_holidays }))
    }

    async fn rebuild_summaries(
        &self,
        summarise: HistoryCheck<'_>,
        fingerprint: &Fingerprint,
        meta: &AuditMeta,
    ) -> StoreResult<Result<Rebuilt, String>> {
        let mut tx = self.begin().await?;
        let events: Vec<(Uuid, Json<Value>)> =
            Sql::<E>::new("SELECT request_id, event FROM case_events ORDER BY request_id, seq")
                .fetch_all(&mut *tx)
                .await?;
        let mut histories: Vec<(Uuid, Vec<DatedEvent>)> = vec![];
        for (request, event) in events {
            let seq =
                histories.last().filter(|(last, _)| *last == request).map_or(0, |(_, h)| h.len());
            let event = read_event(request, seq as i32, &event.0)?;
            match histories.last_mut() {
                Some((last, history)) if *last == request => history.push(event),
                _ => histories.push((request, vec![event])),
            }
        }
        let mut changed = 0;
        for (request, history) in &histories {
            let summary = match summarise(history) {
                Ok(summary) => summary,
                Err(why) => return Ok(Err(format!("request {request}: {why}"))),
            };
            let before = Self::stored_summary(&mut tx, *request).await?;
            Self::write_summary(&mut tx, *request, &summary).await?;
            if Self::stored_summary(&mut tx, *request).await? != before {
                changed += 1;
            }
        }
        Sql::<E>::new("DELETE FROM projection_fingerprint").execute(&mut *tx).await?;
        Sql::<E>::new(
            "INSERT INTO projection_fingerprint (id, clock_version, bank_holidays, computed_at) \
             VALUES (1, $1, $2, $3)",
        )
        .bind(fingerprint.clock_version)
        .bind(&fingerprint.bank_holidays)
        .bind(to_db_time(jiff::Timestamp::now()))
        .execute(&mut *tx)
        .await?;
        let note = format!("{} summaries, {changed} changed", histories.len());
        Self::commit_audited(tx, meta, "rebuild", "ehc_summaries", Some(&note)).await?;
        Ok(Ok(Rebuilt { summaries: histories.len(), changed }))
    }

    async fn caseload(&self, q: &CaseloadQuery) -> StoreResult<CaseloadPage> {
        if q.la_ids.is_empty() && q.child_ids.is_empty() {
            return CaseloadPage::empty::<E>(&mut *self.read().await?).await;
        }
        let filtered = |select: &str| {
            let mut qb = Sql::<E>::new(select);
            Self::push_filters(&mut qb, q);
            qb
        };
        let mut conn = self.read_planned_once().await?;
        let mut qb = filtered(&format!("SELECT {ROW_COLUMNS}, {LISTS_AT} FROM caseload WHERE "));
        qb.push(&order_by(q.sort, q.descending));
        if let Some(limit) = q.limit {
            qb.push_page(limit, q.offset);
        }
        let rows: Vec<AtVersion<Row>> = qb.fetch_all(&mut *conn).await?;
        let counted = filtered("SELECT COUNT(*) FROM caseload WHERE ");
        let at = rows.first().map(|r| r.lists_at);
        let (total, lists_at) =
            self.caseload_counts.count(&mut *conn, CaseloadCountKey::of(q), counted, at).await?;
        let rows =
            rows.into_iter().map(|r| r.row.into_caseload_row()).collect::<StoreResult<_>>()?;
        Ok(CaseloadPage { rows, total, lists_at })
    }

    async fn issued_plans(&self, la_ids: &[Uuid], year: i16) -> StoreResult<Vec<IssuedPlan>> {
        let mut out = vec![];
        for la in la_ids {
            let rows: Vec<IssuedRow> = Sql::<E>::new(
                "SELECT final_plan_issued_on, final_plan_within_time, exception_recorded \
                 FROM ehc_summaries \
                 WHERE la_id = $1 AND final_plan_issued_on BETWEEN $2 AND $3",
            )
            .bind(la)
            .bind(to_db_date(jiff::civil::date(year, 1, 1)))
            .bind(to_db_date(jiff::civil::date(year, 12, 31)))
            .fetch_all(&mut *self.read().await?)
            .await?;
            for r in rows {
                out.push(IssuedPlan {
                    issued_on: from_db_date(r.final_plan_issued_on)?,
                    within_20_weeks: r.final_plan_within_time,
                    exception_recorded: r.exception_recorded,
                });
            }
        }
        Ok(out)
    }

    async fn open_requests(&self, today: Date) -> StoreResult<Vec<Uuid>> {
        let rows: Vec<(Uuid,)> = Sql::<E>::new(
            "SELECT request_id FROM caseload \
             WHERE valid_from <= $1 AND valid_until >= $1 \
             UNION SELECT request_id FROM ehc_plans WHERE status <> 'ended'",
        )
        .bind(to_db_date(today))
        .fetch_all(&mut *self.read().await?)
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    async fn la_staff(&self, la_ids: &[Uuid], lists_at: i64) -> StoreResult<Vec<User>> {
        if let Some(staff) = self.la_staff.get(&la_ids.to_vec(), lists_at) {
            return Ok(staff);
        }
        let mut conn = self.read().await?;
        let mut out: Vec<User> = vec![];
        for la in la_ids {
            let rows: Vec<User> = Sql::<E>::new(
                "SELECT DISTINCT u.id, u.email, u.display_name FROM users u \
                 JOIN memberships m ON m.user_id = u.id \
                 WHERE m.organisation_id = $1 AND m.role IN ('la_manager', 'la_caseworker')",
            )
            .bind(la)
            .fetch_all(&mut *conn)
            .await?;
            out.extend(rows);
        }
        out.sort_by(|a, b| (&a.display_name, a.id).cmp(&(&b.display_name, b.id)));
        out.dedup_by_key(|u| u.id);
        self.la_staff.put(la_ids.to_vec(), lists_at, out.clone());
        Ok(out)
    }

    // The staff are kept for the lists, which offer them to filter by, so only the others cost a
    // statement. Looked up row by row in a page's statement, the names were a fifth of the
    // plans' statement's time on PostgreSQL.
    async fn caseworkers_named(
        &self,
        staff: &[User],
        mut ids: Vec<Uuid>,
    ) -> StoreResult<HashMap<Uuid, String>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut names: HashMap<Uuid, String> =
            staff.iter().map(|u| (u.id, u.display_name.clone())).collect();
        ids.retain(|id| !names.contains_key(id));
        ids.sort_unstable();
        ids.dedup();
        if !ids.is_empty() {
            let mut qb = Sql::<E>::new("SELECT id, display_name FROM users WHERE id IN (");
            qb.push_list(ids).push(")");
            let rows: Vec<(Uuid, String)> = qb.fetch_all(&mut *self.read().await?).await?;
            names.extend(rows);
        }
        Ok(names)
    }

    async fn load_organisations_in_bulk(
        &self,
        organisations: &[(Uuid, NewOrganisation)],
        note: &str,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Self::insert_organisations(&mut tx, organisations).await?;
        Self::commit_audited(tx, meta, "bulk_load", "organisation", Some(note)).await
    }

    async fn load_in_bulk(
        &self,
        children: &[BulkChild],
        requests: &[BulkRequest],
        note: &str,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Self::insert_children(&mut tx, children).await?;
        Self::insert_requests(&mut tx, requests).await?;
        let summaries: Vec<_> = requests.iter().map(|r| (r.id, &r.summary)).collect();
        Self::write_summaries(&mut tx, &summaries).await?;
        Self::commit_audited(tx, meta, "bulk_load", "ehc_request", Some(note)).await
    }

    async fn refresh_statistics(&self) -> StoreResult<()> {
        Sql::<E>::new(E::REFRESH_STATISTICS).execute(&mut *self.write().await?).await?;
        Ok(())
    }
}
