//! What the SEN2 return is made from, one page of a council's children at a time: each child
//! with their SEN needs from the register and every request filed under the council, with its
//! events, its placements and its newest final plan. A council's 25,000 plans are never held in
//! memory at once.

use crate::cases::{RequestRow, read_event};
use crate::directory::ChildRow;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use crate::model::Child;
use crate::steps::decode;
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::clock::DatedEvent;
use sendcase_domain::ehc::disagreements::AppealRegistration;
use sendcase_domain::ehc::placements::{PlacementEnded, PlacementRecorded};
use sendcase_domain::ehc::plan::EhcPlan;
use sendcase_domain::ehc::records::CaseRecordKind;
use serde_json::Value;
use sqlx::types::Json;
use std::collections::HashMap;
use uuid::Uuid;

/// One child of the council with everything the return says about them.
#[derive(Debug, Clone)]
pub struct Sen2Person {
    pub child: Child,
    /// The SEN types of the child's newest register entry, in rank order.
    pub needs: Vec<String>,
    pub cases: Vec<Sen2Case>,
}

/// One request with what the return derives from it.
#[derive(Debug, Clone)]
pub struct Sen2Case {
    pub request_id: Uuid,
    pub received_on: Date,
    pub source: String,
    pub events: Vec<DatedEvent>,
    /// Its placements as recorded, and their ends, oldest first.
    pub placements: Vec<PlacementRecorded>,
    pub placements_ended: Vec<PlacementEnded>,
    /// Its appeals as registered, oldest first: one for each `AppealRegistered` event.
    pub appeals: Vec<AppealRegistration>,
    /// The newest final version of its plan, if one was issued.
    pub plan: Option<EhcPlan>,
    /// The day its plan was transferred from this council to another, when it was; `events`
    /// then end before the transfer, as what follows is the new council's.
    pub transferred_out_on: Option<Date>,
    /// The DfE number of the council its plan was last transferred from to this one.
    pub transferred_from: Option<String>,
}

/// A plan's transfer between councils, as `plan_transfers` keeps it.
#[derive(sqlx::FromRow)]
struct TransferRow {
    request_id: Uuid,
    seq: i32,
    from_la_id: Uuid,
    to_la_id: Uuid,
    from_code: Option<String>,
}

#[async_trait]
pub trait Sen2Store: Send + Sync {
    /// How many children have a request filed under the council.
    async fn sen2_people_count(&self, la_id: Uuid) -> StoreResult<u64>;
    /// Up to `limit` of those children, by id after `after`, each with their requests.
    async fn sen2_people(
        &self,
        la_id: Uuid,
        after: Option<Uuid>,
        limit: u32,
    ) -> StoreResult<Vec<Sen2Person>>;
}

/// A request is the council's when its summary is filed under it, or when its plan was
/// transferred from it to another council.
const COUNCIL_REQUEST: &str = "(EXISTS (SELECT 1 FROM ehc_summaries s WHERE s.request_id = r.id AND s.la_id = $1) \
     OR EXISTS (SELECT 1 FROM plan_transfers t WHERE t.request_id = r.id AND t.from_la_id = $1))";

/// The council's requests of the children of one page: those after `$2` up to `$3` by id. Each
/// read of a page is bounded by the page, so a council is read in time linear in its size, and
/// every statement's text is the same from page to page (prepared once, no lists of ids).
fn page_requests() -> String {
    format!("r.child_id > $2 AND r.child_id <= $3 AND {COUNCIL_REQUEST}")
}

#[async_trait]
impl<E: Engine> Sen2Store for SqlStore<E> {
    async fn sen2_people_count(&self, la_id: Uuid) -> StoreResult<u64> {
        let sql = format!(
            "SELECT COUNT(DISTINCT r.child_id) FROM ehc_requests r WHERE {COUNCIL_REQUEST}"
        );
        let count: i64 = Sql::<E>::new(&sql).bind(la_id).scalar(&mut *self.read().await?).await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    async fn sen2_people(
        &self,
        la_id: Uuid,
        after: Option<Uuid>,
        limit: u32,
    ) -> StoreResult<Vec<Sen2Person>> {
        let mut conn = self.read().await?;
        let after = after.unwrap_or(Uuid::nil());
        let sql = format!(
            "SELECT {} FROM children c WHERE c.id > $2 AND EXISTS (SELECT 1 FROM ehc_requests r \
             WHERE r.child_id = c.id AND {COUNCIL_REQUEST}) ORDER BY c.id LIMIT $3",
            ChildRow::COLUMNS
        );
        let children: Vec<ChildRow> = Sql::<E>::new(&sql)
            .bind(la_id)
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await?;
        let Some(last) = children.last().map(ChildRow::id) else {
            return Ok(vec![]);
        };
        let page = |select: &str, from: &str, order: &str| {
            Sql::<E>::new(format!(
                "SELECT {select} FROM ehc_requests r {from} WHERE {} {order}",
                page_requests()
            ))
            .bind(la_id)
            .bind(after)
            .bind(last)
        };

        let requests: Vec<RequestRow> =
            page(RequestRow::COLUMNS, "", "ORDER BY r.received_on, r.id")
                .fetch_all(&mut *conn)
                .await?;

        // The first transfer out of this council ends its part of the history.
        let rows: Vec<TransferRow> = page(
            "t.request_id, t.seq, t.from_la_id, t.to_la_id, o.la_code AS from_code",
            "JOIN plan_transfers t ON t.request_id = r.id \
             JOIN organisations o ON o.id = t.from_la_id",
            "ORDER BY t.request_id, t.seq",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut left_at: HashMap<Uuid, i32> = HashMap::new();
        let mut came_from: HashMap<Uuid, Option<String>> = HashMap::new();
        for t in rows {
            if t.from_la_id == la_id {
                left_at.entry(t.request_id).or_insert(t.seq);
            } else if t.to_la_id == la_id && !left_at.contains_key(&t.request_id) {
                came_from.insert(t.request_id, t.from_code);
            }
        }

        let mut events: HashMap<Uuid, Vec<DatedEvent>> = HashMap::new();
        let mut left_on: HashMap<Uuid, Date> = HashMap::new();
        let rows: Vec<(Uuid, i32, Json<Value>)> = page(
            "e.request_id, e.seq, e.event",
            "JOIN case_events e ON e.request_id = r.id",
            "ORDER BY e.request_id, e.seq",
        )
        .fetch_all(&mut *conn)
        .await?;
        for (request, seq, event) in rows {
            let event = read_event(request, seq, &event.0)?;
            match left_at.get(&request) {
                Some(&left) if seq == left => {
                    left_on.insert(request, event.date);
                }
                Some(&left) if seq > left => {}
                _ => events.entry(request).or_default().push(event),
            }
        }

        let mut placements: HashMap<Uuid, Vec<PlacementRecorded>> = HashMap::new();
        let mut ended: HashMap<Uuid, Vec<PlacementEnded>> = HashMap::new();
        let mut appeals: HashMap<Uuid, Vec<AppealRegistration>> = HashMap::new();
        let kinds = format!(
            "JOIN case_records k ON k.request_id = r.id AND k.kind IN ('{}', '{}', '{}')",
            PlacementRecorded::KIND,
            PlacementEnded::KIND,
            AppealRegistration::KIND,
        );
        let rows: Vec<(Uuid, String, Json<Value>)> =
            page("k.request_id, k.kind, k.body", &kinds, "ORDER BY k.request_id, k.seq")
                .fetch_all(&mut *conn)
                .await?;
        for (request, kind, body) in rows {
            match kind.as_str() {
                PlacementRecorded::KIND => {
                    placements.entry(request).or_default().push(decode(&kind, body.0)?)
                }
                PlacementEnded::KIND => {
                    ended.entry(request).or_default().push(decode(&kind, body.0)?)
                }
                _ => appeals.entry(request).or_default().push(decode(&kind, body.0)?),
            }
        }

        let rows: Vec<(Uuid, Json<Value>)> = page(
            "p.request_id, p.plan",
            "JOIN plan_versions p ON p.request_id = r.id AND p.issued = 'final' \
             AND p.version = (SELECT MAX(n.version) FROM plan_versions n \
             WHERE n.request_id = r.id AND n.issued = 'final')",
            "",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut plans: HashMap<Uuid, EhcPlan> = HashMap::new();
        for (request, plan) in rows {
            plans.insert(request, decode("plan", plan.0)?);
        }

        // Bounded by the page's first and last child; children of other councils between them
        // are read and passed over.
        let rows: Vec<(Uuid, Option<String>, Option<String>)> = Sql::<E>::new(
            "SELECT child_id, need1, need2 FROM sen_register \
             WHERE child_id > $1 AND child_id <= $2 ORDER BY child_id, recorded_on, seq",
        )
        .bind(after)
        .bind(last)
        .fetch_all(&mut *conn)
        .await?;
        // The newest entry is the child's SEN status now.
        let needs: HashMap<Uuid, Vec<String>> = rows
            .into_iter()
            .map(|(child, need1, need2)| (child, need1.into_iter().chain(need2).collect()))
            .collect();

        let mut cases: HashMap<Uuid, Vec<Sen2Case>> = HashMap::new();
        for row in requests {
            let request = row.into_request()?;
            cases.entry(request.child_id).or_default().push(Sen2Case {
                request_id: request.id,
                received_on: request.received_on,
                source: request.source,
                events: events.remove(&request.id).unwrap_or_default(),
                placements: placements.remove(&request.id).unwrap_or_default(),
                placements_ended: ended.remove(&request.id).unwrap_or_default(),
                appeals: appeals.remove(&request.id).unwrap_or_default(),
                plan: plans.remove(&request.id),
                transferred_out_on: left_on.remove(&request.id),
                transferred_from: came_from.remove(&request.id).flatten(),
            });
        }
        children
            .into_iter()
            .map(|row| {
                let child = row.into_child()?;
                Ok(Sen2Person {
                    needs: needs.get(&child.id).cloned().unwrap_or_default(),
                    cases: cases.remove(&child.id).unwrap_or_default(),
                    child,
                })
            })
            .collect()
    }
}
