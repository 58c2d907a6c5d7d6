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
    /// The newest final version of its plan, if one was issued.
    pub plan: Option<EhcPlan>,
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

/// The council's children: those with a request whose summary is filed under it.
const OF_COUNCIL: &str = "SELECT r.child_id FROM ehc_requests r \
                          JOIN ehc_summaries s ON s.request_id = r.id WHERE s.la_id = $1";

#[async_trait]
impl<E: Engine> Sen2Store for SqlStore<E> {
    async fn sen2_people_count(&self, la_id: Uuid) -> StoreResult<u64> {
        let sql = format!("SELECT COUNT(DISTINCT child_id) FROM ({OF_COUNCIL}) AS of_council");
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
        let sql = format!(
            "SELECT {} FROM children c WHERE c.id IN ({OF_COUNCIL}) AND c.id > $2 \
             ORDER BY c.id LIMIT $3",
            ChildRow::COLUMNS
        );
        let children: Vec<ChildRow> = Sql::<E>::new(&sql)
            .bind(la_id)
            .bind(after.unwrap_or(Uuid::nil()))
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await?;
        if children.is_empty() {
            return Ok(vec![]);
        }
        let child_ids: Vec<Uuid> = children.iter().map(ChildRow::id).collect();

        let mut query = Sql::<E>::new(format!(
            "SELECT {} FROM ehc_requests r JOIN ehc_summaries s ON s.request_id = r.id \
             WHERE s.la_id = ",
            RequestRow::COLUMNS
        ));
        query.push_bind(la_id).push(" AND r.child_id IN (");
        query.push_list(child_ids.clone()).push(") ORDER BY r.received_on, r.id");
        let requests: Vec<RequestRow> = query.fetch_all(&mut *conn).await?;
        let request_ids: Vec<Uuid> = requests.iter().map(RequestRow::id).collect();

        let mut events: HashMap<Uuid, Vec<DatedEvent>> = HashMap::new();
        let mut placements: HashMap<Uuid, Vec<PlacementRecorded>> = HashMap::new();
        let mut ended: HashMap<Uuid, Vec<PlacementEnded>> = HashMap::new();
        let mut plans: HashMap<Uuid, EhcPlan> = HashMap::new();
        if !request_ids.is_empty() {
            let mut query = Sql::<E>::new(
                "SELECT request_id, seq, event FROM case_events WHERE request_id IN (",
            );
            query.push_list(request_ids.clone()).push(") ORDER BY request_id, seq");
            let rows: Vec<(Uuid, i32, Json<Value>)> = query.fetch_all(&mut *conn).await?;
            for (request, seq, event) in rows {
                events.entry(request).or_default().push(read_event(request, seq, &event.0)?);
            }

            let mut query =
                Sql::<E>::new("SELECT request_id, kind, body FROM case_records WHERE kind IN (");
            query.push_list([PlacementRecorded::KIND, PlacementEnded::KIND]);
            query.push(") AND request_id IN (");
            query.push_list(request_ids.clone()).push(") ORDER BY request_id, seq");
            let rows: Vec<(Uuid, String, Json<Value>)> = query.fetch_all(&mut *conn).await?;
            for (request, kind, body) in rows {
                if kind == PlacementRecorded::KIND {
                    placements.entry(request).or_default().push(decode(&kind, body.0)?);
                } else {
                    ended.entry(request).or_default().push(decode(&kind, body.0)?);
                }
            }

            let mut query = Sql::<E>::new(
                "SELECT request_id, plan FROM plan_versions p WHERE issued = 'final' \
                 AND version = (SELECT MAX(version) FROM plan_versions n \
                 WHERE n.request_id = p.request_id AND n.issued = 'final') AND request_id IN (",
            );
            query.push_list(request_ids).push(")");
            let rows: Vec<(Uuid, Json<Value>)> = query.fetch_all(&mut *conn).await?;
            for (request, plan) in rows {
                plans.insert(request, decode("plan", plan.0)?);
            }
        }

        let mut query =
            Sql::<E>::new("SELECT child_id, need1, need2 FROM sen_register WHERE child_id IN (");
        query.push_list(child_ids).push(") ORDER BY child_id, recorded_on, seq");
        let rows: Vec<(Uuid, Option<String>, Option<String>)> = query.fetch_all(&mut *conn).await?;
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
                plan: plans.remove(&request.id),
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
