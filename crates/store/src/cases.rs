//! EHC needs assessment requests and the dated events of each case.
//!
//! Events are the clock's typed [`DatedEvent`]s, stored as the clock contract's JSON. Whether an
//! event may follow the ones before it is the clock's decision, taken by the use case on the
//! history read under the case's lock (see `case_changes.rs`).

use crate::convert::{from_db_date, to_db_date, to_db_time};
use crate::directory::{ChildRow, scope_condition};
use crate::engine::{Connection, Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::full_name;
use crate::{AuditMeta, Child, ChildRecord, NewCaseRecord, NewChild};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{CaseSummary, DatedEvent, EventName, summarise};
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::policy::ChildScope;
use serde_json::Value;
use sqlx::types::Json;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewEhcRequest {
    pub child_id: Uuid,
    pub received_on: Date,
    /// Who asked: `parent`, `young_person`, `school`, `health`, `social_care` or `other`.
    pub source: String,
    /// The `request_received` event that opens the case.
    pub first_event: DatedEvent,
    /// What the clock makes of the history that `first_event` starts.
    pub summary: CaseSummary,
    /// A child new to the council, recorded with the request in one transaction under `child_id`.
    pub new_child: Option<NewChild>,
    /// The LA officer who will handle the request, if one is named at intake.
    pub caseworker_user_id: Option<Uuid>,
    /// What came with the request, such as a school's pack of evidence.
    pub evidence: Vec<NewCaseRecord>,
    /// Documents that came with it, such as the family's letters and reports.
    pub documents: Vec<crate::NewAttachment>,
}

impl NewEhcRequest {
    /// A request received on `received_on`, with its first event and the clock's summary of it.
    pub fn received(
        child_id: Uuid,
        received_on: Date,
        source: RequestSource,
        calendar: &Calendar,
    ) -> Result<Self, String> {
        let first_event = DatedEvent::plain(EventName::RequestReceived, received_on);
        let summary = summarise(std::slice::from_ref(&first_event), calendar)?;
        Ok(NewEhcRequest {
            child_id,
            received_on,
            source: source.as_str().to_owned(),
            first_event,
            summary,
            new_child: None,
            caseworker_user_id: None,
            evidence: vec![],
            documents: vec![],
        })
    }

    pub fn handled_by(self, caseworker: Uuid) -> Self {
        NewEhcRequest { caseworker_user_id: Some(caseworker), ..self }
    }

    /// A request for a child not yet on record: the child is created with it, as `child_id`.
    pub fn for_new_child(self, child: NewChild) -> Self {
        NewEhcRequest { new_child: Some(child), ..self }
    }

    pub fn with_documents(self, documents: Vec<crate::NewAttachment>) -> Self {
        NewEhcRequest { documents, ..self }
    }

    pub fn with_evidence(self, record: NewCaseRecord) -> Self {
        let mut evidence = self.evidence;
        evidence.push(record);
        NewEhcRequest { evidence, ..self }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EhcRequest {
    pub id: Uuid,
    pub child_id: Uuid,
    pub received_on: Date,
    pub source: String,
    pub caseworker_user_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseEvent {
    pub seq: i32,
    pub event: DatedEvent,
    pub recorded_by: Option<Uuid>,
}

/// A request with its whole history, oldest event first.
#[derive(Debug, Clone, PartialEq)]
pub struct EhcCase {
    pub request: EhcRequest,
    pub events: Vec<CaseEvent>,
}

impl EhcCase {
    /// The history as the clock reads it, oldest first.
    pub fn history(&self) -> Vec<DatedEvent> {
        self.events.iter().map(|e| e.event.clone()).collect()
    }
}

/// What is stored when a request is opened, read inside the same transaction: the child on
/// record with their relations and earlier requests, or, for a child new to the council, the
/// children already on record who share a birthday or an identifier with them.
#[derive(Debug, Clone, Default)]
pub struct StoredBeforeRequest {
    pub child: Option<ChildRecord>,
    pub earlier_requests: Vec<EhcCase>,
    pub possible_same_child: Vec<Child>,
}

/// Judges a whole history (stored events plus the new one last): `Err` says why it cannot stand,
/// `Ok` is the clock's summary of it, which the caseload keeps.
pub type HistoryCheck<'a> =
    &'a (dyn Fn(&[DatedEvent]) -> Result<CaseSummary, String> + Send + Sync);

#[async_trait]
pub trait CaseStore: Send + Sync {
    async fn create_ehc_request(&self, new: NewEhcRequest, meta: &AuditMeta) -> StoreResult<Uuid>;
    async fn ehc_case(&self, id: Uuid) -> StoreResult<Option<EhcCase>>;
    /// Every request for a child in any of `scopes`, with its events; the caller decides access.
    async fn ehc_cases_in_scopes(&self, scopes: &[ChildScope]) -> StoreResult<Vec<EhcCase>>;
    /// Every request of these councils' children on which mediation or an appeal was recorded,
    /// with its events and the child's name, by name: found by those events, so only they are
    /// read.
    async fn disputed_cases(&self, la_ids: &[Uuid]) -> StoreResult<Vec<(EhcCase, String)>>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct RequestRow {
    id: Uuid,
    child_id: Uuid,
    received_on: time::Date,
    source: String,
    caseworker_user_id: Option<Uuid>,
}

impl RequestRow {
    pub(crate) const COLUMNS: &str =
        "r.id, r.child_id, r.received_on, r.source, r.caseworker_user_id";

    pub(crate) fn into_request(self) -> StoreResult<EhcRequest> {
        Ok(EhcRequest {
            id: self.id,
            child_id: self.child_id,
            received_on: from_db_date(self.received_on)?,
            source: self.source,
            caseworker_user_id: self.caseworker_user_id,
        })
    }
}

#[derive(sqlx::FromRow)]
struct NamedRequestRow {
    #[sqlx(flatten)]
    request: RequestRow,
    given_name: String,
    family_name: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    request_id: Uuid,
    seq: i32,
    event: Json<Value>,
    recorded_by: Option<Uuid>,
}

/// A stored event the clock no longer reads is a stored-data fault, named by its case and place.
pub(crate) fn read_event(request: Uuid, seq: i32, json: &Value) -> StoreResult<DatedEvent> {
    DatedEvent::from_json(json)
        .map_err(|e| StoreError::Corrupt(format!("event {seq} of request {request}: {e}")))
}

fn assemble_cases(requests: Vec<RequestRow>, events: Vec<EventRow>) -> StoreResult<Vec<EhcCase>> {
    let mut cases = requests
        .into_iter()
        .map(|row| Ok(EhcCase { request: row.into_request()?, events: vec![] }))
        .collect::<StoreResult<Vec<_>>>()?;
    let index: HashMap<Uuid, usize> =
        cases.iter().enumerate().map(|(i, c)| (c.request.id, i)).collect();
    for row in events {
        if let Some(&i) = index.get(&row.request_id) {
            cases[i].events.push(CaseEvent {
                seq: row.seq,
                event: read_event(row.request_id, row.seq, &row.event.0)?,
                recorded_by: row.recorded_by,
            });
        }
    }
    for case in &mut cases {
        case.events.sort_by_key(|e| e.seq);
    }
    Ok(cases)
}

impl<E: Engine> SqlStore<E> {
    async fn load_cases(&self, condition: &str, id: Uuid) -> StoreResult<Vec<EhcCase>> {
        Self::load_cases_on(&mut *self.read().await?, condition, id).await
    }

    pub(crate) async fn load_cases_on(
        conn: &mut Connection<E>,
        condition: &str,
        id: Uuid,
    ) -> StoreResult<Vec<EhcCase>> {
        let requests_sql = format!(
            "SELECT {} FROM ehc_requests r JOIN children c ON c.id = r.child_id \
             WHERE {condition} \
             ORDER BY r.received_on, r.id",
            RequestRow::COLUMNS
        );
        let requests: Vec<RequestRow> =
            Sql::<E>::new(&requests_sql).bind(id).fetch_all(&mut *conn).await?;
        let events_sql = format!(
            "SELECT ev.request_id, ev.seq, ev.event, ev.recorded_by FROM case_events ev \
             JOIN ehc_requests r ON r.id = ev.request_id JOIN children c ON c.id = r.child_id \
             WHERE {condition}"
        );
        let events: Vec<EventRow> =
            Sql::<E>::new(&events_sql).bind(id).fetch_all(&mut *conn).await?;
        assemble_cases(requests, events)
    }

    /// What the rules of opening `new` read, under the lock that keeps it true until commit.
    pub(crate) async fn stored_before_request(
        tx: &mut Tx<'_, E>,
        new: &NewEhcRequest,
        today: Date,
    ) -> StoreResult<StoredBeforeRequest> {
        let Some(child) = &new.new_child else {
            E::lock_child(&mut **tx, new.child_id).await?;
            let mut found = BTreeMap::new();
            Self::load_children(&mut **tx, "c.id = $1", new.child_id, today, &mut found).await?;
            let earlier_requests =
                Self::load_cases_on(&mut **tx, "c.id = $1", new.child_id).await?;
            return Ok(StoredBeforeRequest {
                child: found.remove(&new.child_id),
                earlier_requests,
                possible_same_child: vec![],
            });
        };
        E::lock_new_children(&mut **tx, child.responsible_la_id).await?;
        let sql = format!(
            "SELECT {} FROM children c WHERE c.responsible_la_id = $1 AND (c.birth_date = $2 \
             OR c.upn = $3 OR c.nhs_number = $4)",
            ChildRow::COLUMNS
        );
        let rows: Vec<ChildRow> = Sql::<E>::new(&sql)
            .bind(child.responsible_la_id)
            .bind(to_db_date(child.birth_date))
            .bind(child.upn.as_ref().map(|u| u.to_string()))
            .bind(child.nhs_number.as_ref().map(|n| n.as_ref().to_owned()))
            .fetch_all(&mut **tx)
            .await?;
        let possible_same_child =
            rows.into_iter().map(ChildRow::into_child).collect::<Result<_, _>>()?;
        Ok(StoredBeforeRequest { child: None, earlier_requests: vec![], possible_same_child })
    }

    pub(crate) async fn insert_request(
        tx: &mut Tx<'_, E>,
        new: &NewEhcRequest,
        meta: &AuditMeta,
    ) -> StoreResult<Uuid> {
        if let Some(child) = &new.new_child {
            Self::insert_child(tx, new.child_id, child).await?;
            Self::append_audit(tx, meta, "create", "child", Some(&new.child_id.to_string()))
                .await?;
        }
        let id = Uuid::now_v7();
        Sql::<E>::new(
            "INSERT INTO ehc_requests (id, child_id, received_on, source, created_at, \
             caseworker_user_id) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(new.child_id)
        .bind(to_db_date(new.received_on))
        .bind(&new.source)
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(new.caseworker_user_id)
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::insert_event(tx, id, 0, &new.first_event, meta).await?;
        Self::write_summary(tx, id, &new.summary).await?;
        Self::insert_records(tx, id, 0, &new.evidence, meta).await?;
        Self::insert_documents(tx, id, None, new.received_on, &new.documents).await?;
        Self::append_audit(tx, meta, "create", "ehc_request", Some(&id.to_string())).await?;
        Ok(id)
    }

    pub(crate) async fn insert_event(
        tx: &mut Tx<'_, E>,
        request_id: Uuid,
        seq: i32,
        event: &DatedEvent,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        Sql::<E>::new(
            "INSERT INTO case_events (request_id, seq, event_date, event, recorded_at, \
             recorded_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(request_id)
        .bind(seq)
        .bind(to_db_date(event.date))
        .bind(Json(event.to_json()))
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(meta.actor_user_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

#[async_trait]
impl<E: Engine> CaseStore for SqlStore<E> {
    async fn create_ehc_request(&self, new: NewEhcRequest, meta: &AuditMeta) -> StoreResult<Uuid> {
        let mut tx = self.begin().await?;
        let id = Self::insert_request(&mut tx, &new, meta).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn ehc_case(&self, id: Uuid) -> StoreResult<Option<EhcCase>> {
        Ok(self.load_cases("r.id = $1", id).await?.into_iter().next())
    }

    async fn disputed_cases(&self, la_ids: &[Uuid]) -> StoreResult<Vec<(EhcCase, String)>> {
        if la_ids.is_empty() {
            return Ok(vec![]);
        }
        let disputed = |select: &str| {
            let mut sql = Sql::<E>::new(format!(
                "{select} FROM ehc_requests r JOIN children c ON c.id = r.child_id \
                 WHERE r.id IN (SELECT d.request_id FROM case_events d WHERE {} IN \
                 ('mediation_requested', 'mediation_declined', 'appeal_registered')) \
                 AND c.responsible_la_id IN (",
                E::json_text("d.event", "event")
            ));
            sql.push_list(la_ids.to_vec()).push(")");
            sql
        };
        let mut conn = self.read().await?;
        let mut requests =
            disputed(&format!("SELECT {}, c.given_name, c.family_name", RequestRow::COLUMNS));
        requests.push(" ORDER BY c.family_name, c.given_name, r.id");
        let requests: Vec<NamedRequestRow> = requests.fetch_all(&mut conn).await?;
        let names: Vec<String> =
            requests.iter().map(|r| full_name(&r.given_name, &r.family_name)).collect();
        let mut events = disputed(
            "SELECT ev.request_id, ev.seq, ev.event, ev.recorded_by FROM case_events ev \
             WHERE ev.request_id IN (SELECT r.id",
        );
        events.push(")");
        let events: Vec<EventRow> = events.fetch_all(&mut conn).await?;
        let cases = assemble_cases(requests.into_iter().map(|r| r.request).collect(), events)?;
        Ok(cases.into_iter().zip(names).collect())
    }

    async fn ehc_cases_in_scopes(&self, scopes: &[ChildScope]) -> StoreResult<Vec<EhcCase>> {
        let mut seen = HashSet::new();
        let mut out = vec![];
        for scope in scopes {
            let (condition, id) = scope_condition(scope);
            for case in self.load_cases(condition, id).await? {
                if seen.insert(case.request.id) {
                    out.push(case);
                }
            }
        }
        Ok(out)
    }
}
