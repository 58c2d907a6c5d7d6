//! What accompanies a case's statutory steps, kept beside its events: typed records (reasons,
//! views, representations, responses, advice), versions of the plan, and the advice requests the
//! clock's `provide_advice` duties refer to. A step's event and its records are written in one
//! transaction, so a decision is never stored without its reasons, nor advice without its event.

use crate::cases::RequestRow;
use crate::convert::{from_db_date, to_db_date, to_db_time};
use crate::engine::{Connection, Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::{AuditMeta, EhcRequest};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::clock::DatedEvent;
use sendcase_domain::ehc::plan::EhcPlan;
use sendcase_domain::ehc::records::Advice;
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

/// Everything one statutory step writes; `event` is judged by the clock first.
#[derive(Debug, Clone, Default)]
pub struct CaseStep {
    pub event: Option<DatedEvent>,
    pub records: Vec<NewCaseRecord>,
    pub plan: Option<PlanChange>,
    pub advice: Option<AdviceChange>,
    /// The council that becomes responsible for the child: a plan transferred to it (reg 15).
    pub move_child_to: Option<Uuid>,
    /// What the people who must act on the step are told, written with it.
    pub messages: Vec<crate::NewMessage>,
}

impl CaseStep {
    pub fn event(event: DatedEvent) -> Self {
        CaseStep { event: Some(event), ..CaseStep::default() }
    }
}

#[derive(Debug, Clone)]
pub struct NewCaseRecord {
    pub kind: &'static str,
    pub body: Value,
    /// Professionals the record invites through their accounts (a review's arrangement).
    pub invites: Vec<Uuid>,
    /// The consultation with a setting that the record opens or answers.
    pub consultation: Option<ConsultationMark>,
}

/// What a record does to a consultation with a setting about naming it (Code 9.78–9.83), kept
/// beside it so the consultation reaches the setting and closes when answered.
#[derive(Debug, Clone)]
pub enum ConsultationMark {
    Opens { setting: Uuid, clock_ref: String },
    Answers { clock_ref: String },
}

#[derive(Debug, Clone)]
pub enum PlanChange {
    /// A new version of the working plan.
    Save(Box<EhcPlan>),
    /// Marks a saved version as the draft sent to the family.
    IssueDraft { version: i32, on: Date },
    /// Saves the final plan as a new version, issued.
    IssueFinal { plan: Box<EhcPlan>, on: Date },
}

#[derive(Debug, Clone)]
pub enum AdviceChange {
    Request {
        professional_user_id: Uuid,
        advice_kind: String,
        clock_ref: String,
        requested_on: Date,
        /// The account made as `professional_user_id` for someone invited to give the advice.
        invited: Option<Box<crate::NewAccount>>,
    },
    Answer {
        id: Uuid,
        advice: Advice,
        on: Date,
        /// Documents the advice carries.
        attachments: Vec<crate::NewAttachment>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub seq: i32,
    pub kind: String,
    pub body: Value,
    pub recorded_by: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanVersion {
    pub version: i32,
    pub plan: EhcPlan,
    /// `draft` or `final` once sent.
    pub issued: Option<String>,
    pub issued_on: Option<Date>,
    pub saved_by: Option<Uuid>,
}

#[derive(sqlx::FromRow)]
struct PlanVersionRow {
    version: i32,
    plan: Json<Value>,
    issued: Option<String>,
    issued_on: Option<time::Date>,
    saved_by: Option<Uuid>,
}

/// Who at the council and the child's settings is told of a case's work, beside those the case
/// names: the council's managers (for work not yet given to a caseworker) and the SENCOs of the
/// settings where the child is on roll (for the annual review a setting arranges).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseStaff {
    pub managers: Vec<Uuid>,
    pub sencos: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseAdviceRequest {
    pub id: Uuid,
    pub child_id: Uuid,
    pub ehc_request_id: Uuid,
    pub professional_user_id: Uuid,
    pub professional_name: String,
    /// The child's given and family names, for the professional's list of what they wrote.
    pub child_name: String,
    pub advice_kind: String,
    pub clock_ref: String,
    pub requested_on: Date,
    pub answered_on: Option<Date>,
    pub advice: Option<Advice>,
    /// The documents the advice carries, by name.
    pub attachments: Vec<crate::AttachmentInfo>,
}

/// The LA's contacts that its decision notices give (reg 32).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LaContactRow {
    pub send_team: String,
    pub mediation_service: String,
    pub information_advice_support: String,
}

#[async_trait]
pub trait StepStore: Send + Sync {
    async fn case_records(&self, request_id: Uuid) -> StoreResult<Vec<CaseRecord>>;
    /// The records of one kind on each of these requests, oldest first, with their request.
    async fn records_of_kind(
        &self,
        request_ids: &[Uuid],
        kind: &str,
    ) -> StoreResult<Vec<(Uuid, CaseRecord)>>;
    async fn plan_versions(&self, request_id: Uuid) -> StoreResult<Vec<PlanVersion>>;
    async fn case_advice_requests(&self, request_id: Uuid) -> StoreResult<Vec<CaseAdviceRequest>>;
    /// The council's managers and the SENCOs of `schools`, each account in use.
    async fn case_staff(&self, la: Uuid, schools: &[Uuid]) -> StoreResult<CaseStaff>;
    /// Every advice request addressed to this professional, newest first.
    async fn advice_requests_to(
        &self,
        professional_user_id: Uuid,
    ) -> StoreResult<Vec<CaseAdviceRequest>>;
    /// One document of a case, with its bytes. Not audited: the caller records the read.
    async fn case_document(&self, id: Uuid) -> StoreResult<Option<crate::Attachment>>;
    /// The documents that came with the request itself (the family's evidence), by name.
    async fn request_documents(&self, request_id: Uuid) -> StoreResult<Vec<crate::AttachmentInfo>>;
    /// Every request for an assessment of this child, oldest first.
    async fn ehc_requests_of_child(&self, child_id: Uuid) -> StoreResult<Vec<EhcRequest>>;
    /// `(request, clock_ref)` of each consultation with one of `settings` not yet answered.
    async fn open_consultations_with(&self, settings: &[Uuid]) -> StoreResult<Vec<(Uuid, String)>>;
    async fn la_contacts(&self, organisation_id: Uuid) -> StoreResult<Option<LaContactRow>>;
    async fn set_la_contacts(
        &self,
        organisation_id: Uuid,
        contacts: LaContactRow,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
}

#[derive(sqlx::FromRow)]
struct AdviceRow {
    id: Uuid,
    child_id: Uuid,
    ehc_request_id: Uuid,
    professional_user_id: Uuid,
    professional_name: String,
    child_name: String,
    advice_kind: String,
    clock_ref: String,
    requested_on: time::Date,
    answered_on: Option<time::Date>,
    advice: Option<Json<Value>>,
}

impl AdviceRow {
    fn into_request(self) -> StoreResult<CaseAdviceRequest> {
        Ok(CaseAdviceRequest {
            id: self.id,
            child_id: self.child_id,
            ehc_request_id: self.ehc_request_id,
            professional_user_id: self.professional_user_id,
            professional_name: self.professional_name,
            child_name: self.child_name,
            advice_kind: self.advice_kind,
            clock_ref: self.clock_ref,
            requested_on: from_db_date(self.requested_on)?,
            answered_on: self.answered_on.map(from_db_date).transpose()?,
            advice: self.advice.map(|a| decode("advice", a.0)).transpose()?,
            attachments: vec![],
        })
    }
}

#[derive(sqlx::FromRow)]
struct CaseRecordRow {
    seq: i32,
    kind: String,
    body: Json<Value>,
    recorded_by: Option<Uuid>,
}

/// Stored JSON that no longer reads as the domain's type is a stored-data fault.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(what: &str, json: Value) -> StoreResult<T> {
    serde_json::from_value(json).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

const ADVICE_SELECT: &str = "SELECT a.id, a.child_id, a.ehc_request_id, a.professional_user_id, \
                             u.display_name AS professional_name, \
                             c.given_name || ' ' || c.family_name AS child_name, a.advice_kind, \
                             a.clock_ref, a.requested_on, a.answered_on, a.advice \
                             FROM advice_requests a JOIN users u ON u.id = a.professional_user_id \
                             JOIN children c ON c.id = a.child_id";

impl<E: Engine> SqlStore<E> {
    /// Writes `records` from sequence number `first` on.
    pub(crate) async fn insert_records(
        tx: &mut Tx<'_, E>,
        request_id: Uuid,
        first: i32,
        records: &[NewCaseRecord],
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let rows: Vec<(Uuid, i32, &NewCaseRecord)> = records
            .iter()
            .enumerate()
            .map(|(i, record)| (request_id, first + i as i32, record))
            .collect();
        Self::write_records(tx, &rows, meta.actor_user_id).await
    }

    /// Writes each `(request, seq, record)`, many to a statement, with what each brings.
    pub(crate) async fn write_records(
        tx: &mut Tx<'_, E>,
        rows: &[(Uuid, i32, &NewCaseRecord)],
        recorded_by: Option<Uuid>,
    ) -> StoreResult<()> {
        let now = to_db_time(jiff::Timestamp::now());
        Self::insert_rows(
            tx,
            "INSERT INTO case_records (request_id, seq, kind, body, recorded_at, recorded_by) ",
            rows,
            |b, (request, seq, record)| {
                b.push_bind(*request)
                    .push_bind(*seq)
                    .push_bind(record.kind)
                    .push_bind(Json(&record.body))
                    .push_bind(now)
                    .push_bind(recorded_by);
            },
        )
        .await?;
        Self::beside_records(tx, rows).await
    }

    /// The parts of a step that follow its event, inside the same transaction.
    pub(crate) async fn apply_step(
        tx: &mut Tx<'_, E>,
        request_id: Uuid,
        step: CaseStep,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let now = to_db_time(jiff::Timestamp::now());
        // Someone invited to give advice has their account before the step's messages reach it.
        if let Some(AdviceChange::Request {
            professional_user_id, invited: Some(account), ..
        }) = &step.advice
        {
            Self::insert_account(tx, *professional_user_id, account).await?;
        }
        let next_record: i32 = if step.records.is_empty() {
            0
        } else {
            Sql::<E>::new(
                "SELECT CAST(COALESCE(MAX(seq) + 1, 0) AS INTEGER) FROM case_records \
                 WHERE request_id = $1",
            )
            .bind(request_id)
            .scalar(&mut **tx)
            .await?
        };
        Self::insert_records(tx, request_id, next_record, &step.records, meta).await?;
        Self::insert_messages(tx, &step.messages, jiff::Timestamp::now()).await?;
        let next_version: i32 =
            if matches!(step.plan, Some(PlanChange::Save(_) | PlanChange::IssueFinal { .. })) {
                Sql::<E>::new(
                    "SELECT CAST(COALESCE(MAX(version) + 1, 1) AS INTEGER) FROM plan_versions \
                     WHERE request_id = $1",
                )
                .bind(request_id)
                .scalar(&mut **tx)
                .await?
            } else {
                0
            };
        let insert_version = "INSERT INTO plan_versions (request_id, version, plan, issued, \
                              issued_on, saved_at, saved_by) VALUES ($1, $2, $3, $4, $5, $6, $7)";
        match step.plan {
            None => {}
            Some(PlanChange::Save(plan)) => {
                Sql::<E>::new(insert_version)
                    .bind(request_id)
                    .bind(next_version)
                    .bind(Json(plan))
                    .bind(None::<String>)
                    .bind(None::<time::Date>)
                    .bind(now)
                    .bind(meta.actor_user_id)
                    .execute(&mut **tx)
                    .await?;
            }
            Some(PlanChange::IssueFinal { plan, on }) => {
                Sql::<E>::new(insert_version)
                    .bind(request_id)
                    .bind(next_version)
                    .bind(Json(plan))
                    .bind(Some("final"))
                    .bind(Some(to_db_date(on)))
                    .bind(now)
                    .bind(meta.actor_user_id)
                    .execute(&mut **tx)
                    .await?;
            }
            Some(PlanChange::IssueDraft { version, on }) => {
                let done = Sql::<E>::new(
                    "UPDATE plan_versions SET issued = 'draft', issued_on = $1 \
                     WHERE request_id = $2 AND version = $3 AND issued IS NULL",
                )
                .bind(to_db_date(on))
                .bind(request_id)
                .bind(version)
                .execute(&mut **tx)
                .await?;
                if done != 1 {
                    return Err(StoreError::Missing("that unissued plan version"));
                }
            }
        }
        match step.advice {
            None => {}
            Some(AdviceChange::Request {
                professional_user_id,
                advice_kind,
                clock_ref,
                requested_on,
                ..
            }) => {
                Sql::<E>::new(
                    "INSERT INTO advice_requests (id, child_id, professional_user_id, \
                     advice_kind, requested_on, ehc_request_id, clock_ref) \
                     SELECT $1, child_id, $2, $3, $4, id, $5 FROM ehc_requests WHERE id = $6",
                )
                .bind(Uuid::now_v7())
                .bind(professional_user_id)
                .bind(advice_kind)
                .bind(to_db_date(requested_on))
                .bind(&clock_ref)
                .bind(request_id)
                .execute(&mut **tx)
                .await
                .map_err(|e| {
                    StoreError::from_write(
                        e,
                        &[("advice_requests_case_ref", "advice request reference")],
                    )
                })?;
            }
            Some(AdviceChange::Answer { id, advice, on, attachments }) => {
                let done = Sql::<E>::new(
                    "UPDATE advice_requests SET advice = $1, answered_on = $2 WHERE id = $3 \
                     AND ehc_request_id = $4 AND answered_on IS NULL",
                )
                .bind(Json(advice))
                .bind(to_db_date(on))
                .bind(id)
                .bind(request_id)
                .execute(&mut **tx)
                .await?;
                if done != 1 {
                    return Err(StoreError::Missing("that unanswered advice request"));
                }
                Self::insert_documents(tx, request_id, Some(id), on, &attachments).await?;
            }
        }
        Self::append_audit(tx, meta, "record_step", "ehc_request", Some(&request_id.to_string()))
            .await?;
        Ok(())
    }
}

impl<E: Engine> SqlStore<E> {
    pub(crate) async fn case_records_on(
        conn: &mut Connection<E>,
        request_id: Uuid,
    ) -> StoreResult<Vec<CaseRecord>> {
        let rows: Vec<CaseRecordRow> = Sql::<E>::new(
            "SELECT seq, kind, body, recorded_by FROM case_records WHERE request_id = $1 \
             ORDER BY seq",
        )
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| CaseRecord {
                seq: r.seq,
                kind: r.kind,
                body: r.body.0,
                recorded_by: r.recorded_by,
            })
            .collect())
    }

    pub(crate) async fn plan_versions_on(
        conn: &mut Connection<E>,
        request_id: Uuid,
    ) -> StoreResult<Vec<PlanVersion>> {
        let rows: Vec<PlanVersionRow> = Sql::<E>::new(
            "SELECT version, plan, issued, issued_on, saved_by FROM plan_versions \
             WHERE request_id = $1 ORDER BY version",
        )
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(PlanVersion {
                    version: r.version,
                    plan: decode("plan", r.plan.0)?,
                    issued: r.issued,
                    issued_on: r.issued_on.map(from_db_date).transpose()?,
                    saved_by: r.saved_by,
                })
            })
            .collect()
    }

    pub(crate) async fn case_staff_on(
        conn: &mut Connection<E>,
        la: Uuid,
        schools: &[Uuid],
    ) -> StoreResult<CaseStaff> {
        let mut query = Sql::<E>::new(
            "SELECT m.user_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE u.disabled_at IS NULL AND ((m.role = 'la_manager' AND m.organisation_id = ",
        );
        query.push_bind(la).push(")");
        if !schools.is_empty() {
            query.push(" OR (m.role = 'senco' AND m.organisation_id IN (");
            query.push_list(schools.to_vec()).push("))");
        }
        query.push(") ORDER BY m.user_id");
        let rows: Vec<(Uuid, String)> = query.fetch_all(&mut *conn).await?;
        let mut staff = CaseStaff::default();
        for (user, role) in rows {
            let to = if role == "senco" { &mut staff.sencos } else { &mut staff.managers };
            if to.last() != Some(&user) {
                to.push(user);
            }
        }
        Ok(staff)
    }

    pub(crate) async fn case_advice_on(
        conn: &mut Connection<E>,
        request_id: Uuid,
    ) -> StoreResult<Vec<CaseAdviceRequest>> {
        let sql = format!(
            "{} WHERE a.ehc_request_id = $1 ORDER BY a.requested_on, a.clock_ref",
            ADVICE_SELECT
        );
        let rows: Vec<AdviceRow> =
            Sql::<E>::new(&sql).bind(request_id).fetch_all(&mut *conn).await?;
        let mut requests: Vec<_> =
            rows.into_iter().map(AdviceRow::into_request).collect::<StoreResult<_>>()?;
        Self::attach_files(conn, "a.ehc_request_id = $1", request_id, &mut requests).await?;
        Ok(requests)
    }
}

#[async_trait]
impl<E: Engine> StepStore for SqlStore<E> {
    async fn case_records(&self, request_id: Uuid) -> StoreResult<Vec<CaseRecord>> {
        Self::case_records_on(&mut *self.read().await?, request_id).await
    }

    async fn records_of_kind(
        &self,
        request_ids: &[Uuid],
        kind: &str,
    ) -> StoreResult<Vec<(Uuid, CaseRecord)>> {
        if request_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut query = Sql::<E>::new(
            "SELECT request_id, seq, kind, body, recorded_by FROM case_records WHERE kind = ",
        );
        query.push_bind(kind.to_owned()).push(" AND request_id IN (");
        query.push_list(request_ids.to_vec()).push(") ORDER BY request_id, seq");
        let rows: Vec<(Uuid, i32, String, Json<Value>, Option<Uuid>)> =
            query.fetch_all(&mut *self.read().await?).await?;
        Ok(rows
            .into_iter()
            .map(|(request, seq, kind, body, recorded_by)| {
                (request, CaseRecord { seq, kind, body: body.0, recorded_by })
            })
            .collect())
    }

    async fn plan_versions(&self, request_id: Uuid) -> StoreResult<Vec<PlanVersion>> {
        Self::plan_versions_on(&mut *self.read().await?, request_id).await
    }

    async fn open_consultations_with(&self, settings: &[Uuid]) -> StoreResult<Vec<(Uuid, String)>> {
        if settings.is_empty() {
            return Ok(vec![]);
        }
        let mut query = Sql::<E>::new(
            "SELECT request_id, clock_ref FROM consultations \
             WHERE answered_seq IS NULL AND setting_id IN (",
        );
        query.push_list(settings.to_vec()).push(")");
        Ok(query.fetch_all(&mut *self.read().await?).await?)
    }

    async fn case_advice_requests(&self, request_id: Uuid) -> StoreResult<Vec<CaseAdviceRequest>> {
        Self::case_advice_on(&mut *self.read().await?, request_id).await
    }

    async fn case_staff(&self, la: Uuid, schools: &[Uuid]) -> StoreResult<CaseStaff> {
        Self::case_staff_on(&mut *self.read().await?, la, schools).await
    }

    async fn advice_requests_to(
        &self,
        professional_user_id: Uuid,
    ) -> StoreResult<Vec<CaseAdviceRequest>> {
        let sql = format!(
            "{} WHERE a.professional_user_id = $1 AND a.ehc_request_id IS NOT NULL \
             ORDER BY a.requested_on DESC, a.id",
            ADVICE_SELECT
        );
        let mut conn = self.read().await?;
        let rows: Vec<AdviceRow> =
            Sql::<E>::new(&sql).bind(professional_user_id).fetch_all(&mut conn).await?;
        let mut requests: Vec<_> =
            rows.into_iter().map(AdviceRow::into_request).collect::<StoreResult<_>>()?;
        let mine = "a.professional_user_id = $1";
        Self::attach_files(&mut conn, mine, professional_user_id, &mut requests).await?;
        Ok(requests)
    }

    async fn case_document(&self, id: Uuid) -> StoreResult<Option<crate::Attachment>> {
        Self::attachment_on(&mut *self.read().await?, id).await
    }

    async fn request_documents(&self, request_id: Uuid) -> StoreResult<Vec<crate::AttachmentInfo>> {
        Self::request_documents_on(&mut *self.read().await?, request_id).await
    }

    async fn ehc_requests_of_child(&self, child_id: Uuid) -> StoreResult<Vec<EhcRequest>> {
        let sql = format!(
            "SELECT {} FROM ehc_requests r WHERE r.child_id = $1 ORDER BY r.received_on, r.id",
            RequestRow::COLUMNS
        );
        let rows: Vec<RequestRow> =
            Sql::<E>::new(sql).bind(child_id).fetch_all(&mut *self.read().await?).await?;
        rows.into_iter().map(RequestRow::into_request).collect()
    }

    async fn la_contacts(&self, organisation_id: Uuid) -> StoreResult<Option<LaContactRow>> {
        Ok(Sql::<E>::new(
            "SELECT send_team, mediation_service, information_advice_support FROM la_contacts \
             WHERE organisation_id = $1",
        )
        .bind(organisation_id)
        .fetch_optional(&mut *self.read().await?)
        .await?)
    }

    async fn set_la_contacts(
        &self,
        organisation_id: Uuid,
        c: LaContactRow,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO la_contacts (organisation_id, send_team, mediation_service, \
             information_advice_support) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (organisation_id) DO UPDATE SET send_team = excluded.send_team, \
             mediation_service = excluded.mediation_service, \
             information_advice_support = excluded.information_advice_support",
        )
        .bind(organisation_id)
        .bind(&c.send_team)
        .bind(&c.mediation_service)
        .bind(&c.information_advice_support)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::commit_audited(
            tx,
            meta,
            "set_la_contacts",
            "organisation",
            Some(&organisation_id.to_string()),
        )
        .await
    }
}
