//! What the SEN2 return is made from, one page of a council's children at a time: each child
//! with their SEN needs from the register and every request made to the council or held by it,
//! with its events, its placements and its newest final plan. A council's 25,000 plans are never
//! held in memory at once.

use crate::cases::{EhcRequest, RequestRow, read_event};
use crate::convert::{from_db_date, parse_stored};
use crate::directory::ChildRow;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::Child;
use crate::steps::decode;
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::clock::DatedEvent;
use sendcase_domain::ehc::disagreements::{AppealRegistration, MediationRequest};
use sendcase_domain::ehc::placements::{PlacementEnded, PlacementRecorded};
use sendcase_domain::ehc::plan::EhcPlan;
use sendcase_domain::ehc::records::CaseRecordKind;
use sendcase_domain::people::identifiers::Urn;
use sendcase_domain::schools::gias::SenProvision;
use serde_json::Value;
use sqlx::types::Json;
use std::collections::HashMap;
use uuid::Uuid;

/// One child of the council with everything the return says about them.
#[derive(Debug, Clone)]
pub struct Sen2Person {
    pub child: Child,
    /// The day the child's record was anonymised, its retention past: its identifiers are gone.
    pub anonymised_on: Option<Date>,
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
    /// What each mediation was asked about, oldest first: one for each `MediationRequested`
    /// event recorded with it.
    pub mediations: Vec<MediationRequest>,
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
    /// How many children are the council's: with a request filed under it or a plan
    /// transferred from it.
    async fn sen2_people_count(&self, la_id: Uuid) -> StoreResult<u64>;
    /// What GIAS says of each establishment's SEN unit and resourced provision, by URN, for
    /// those a GIAS file has said it of.
    async fn sen2_sen_provision(&self) -> StoreResult<HashMap<Urn, SenProvision>>;
    /// Up to `limit` of those children, by id after `after`, each with their requests.
    async fn sen2_people(
        &self,
        la_id: Uuid,
        after: Option<Uuid>,
        limit: u32,
    ) -> StoreResult<Vec<Sen2Person>>;
}

/// A child is the council's when one of their requests is filed under it (the child's council
/// now), or when a plan of theirs was transferred from it to another council: the two halves
/// here, each the ids `range` keeps (`{id}` in it standing for the half's column), each read by
/// index on the council `$1`, so a page costs the council's rows whatever other councils hold.
fn council_halves(range: &str) -> [String; 2] {
    [
        ("s.child_id", "ehc_summaries s WHERE s.la_id = $1"),
        (
            "r0.child_id",
            "plan_transfers t JOIN ehc_requests r0 ON r0.id = t.request_id \
             WHERE t.from_la_id = $1",
        ),
    ]
    .map(|(id, from)| format!("SELECT DISTINCT {id} FROM {from} AND {}", range.replace("{id}", id)))
}

/// Whether the child id `id` is of the council's children of one page: those after `$2` up to
/// `$3` by id. Each read of a page is bounded by the page, so a council is read in time linear in
/// its size, and every statement's text is the same from page to page (prepared once, no lists
/// of ids). The page's bounds are repeated on `id` itself so that PostgreSQL's plan for any
/// values reads its table by the child's index, never the whole table.
fn in_page(id: &str) -> String {
    let children = council_halves("{id} > $2 AND {id} <= $3").join(" UNION ");
    format!("{id} > $2 AND {id} <= $3 AND {id} IN ({children})")
}

/// One plan's transfer between councils, dated by its event.
struct Transfer {
    request: Uuid,
    seq: i32,
    on: Date,
    from: Uuid,
    to: Uuid,
    from_code: Option<String>,
}

/// The councils a child's requests were held by. A request is the council's it was made to,
/// the child's council on the day it was received (a plan's transfer moves the child on its
/// day), and then each council its own plan was transferred to; a refusal made before a move
/// stays with the council that made it.
struct Holders<'a> {
    /// The child's transfers in date order.
    transfers: Vec<&'a Transfer>,
    now: Uuid,
}

impl Holders<'_> {
    fn made_to(&self, received_on: Date) -> Uuid {
        self.transfers.iter().find(|t| t.on > received_on).map_or(self.now, |t| t.from)
    }

    fn held_by(&self, request: Uuid, received_on: Date, council: Uuid) -> bool {
        self.made_to(received_on) == council
            || self.transfers.iter().any(|t| t.request == request && t.to == council)
    }
}

#[async_trait]
impl<E: Engine> Sen2Store for SqlStore<E> {
    async fn sen2_people_count(&self, la_id: Uuid) -> StoreResult<u64> {
        let sql =
            format!("SELECT COUNT(*) FROM ({}) AS k", council_halves("{id} > $2").join(" UNION "));
        let count: i64 = Sql::<E>::new(&sql)
            .bind(la_id)
            .bind(Uuid::nil())
            .scalar(&mut *self.read().await?)
            .await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    async fn sen2_sen_provision(&self) -> StoreResult<HashMap<Urn, SenProvision>> {
        let rows: Vec<(String, bool, bool)> = Sql::<E>::new(
            "SELECT urn, sen_unit, resourced_provision FROM organisations \
             WHERE urn IS NOT NULL AND sen_unit IS NOT NULL AND resourced_provision IS NOT NULL",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter()
            .map(|(urn, sen_unit, resourced_provision)| {
                Ok((parse_stored("URN", &urn)?, SenProvision { sen_unit, resourced_provision }))
            })
            .collect()
    }

    async fn sen2_people(
        &self,
        la_id: Uuid,
        after: Option<Uuid>,
        limit: u32,
    ) -> StoreResult<Vec<Sen2Person>> {
        let mut conn = self.read().await?;
        let after = after.unwrap_or(Uuid::nil());
        // Each half ordered and limited to the page on its own, so neither engine gathers and
        // sorts all the council's children still to come for every page.
        let first = council_halves("{id} > $2 ORDER BY {id} LIMIT $3")
            .map(|half| format!("SELECT k.child_id FROM ({half}) AS k"))
            .join(" UNION ");
        let sql = format!(
            "SELECT {} FROM children c WHERE c.id IN ({first} ORDER BY child_id LIMIT $3) \
             ORDER BY c.id",
            ChildRow::COLUMNS
        );
        let children: Vec<ChildRow> = Sql::<E>::new(&sql)
            .bind(la_id)
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await?;
        let Some(last) = children.last().map(ChildRow::id) else { return Ok(vec![]) };
        // Every request of the page's children; which of them are the council's is [`Holders`]'
        // to say.
        let page = |select: &str, from: &str, order: &str| {
            Sql::<E>::new(format!(
                "SELECT {select} FROM ehc_requests r {from} WHERE {} {order}",
                in_page("r.child_id")
            ))
            .bind(la_id)
            .bind(after)
            .bind(last)
        };

        let requests: Vec<RequestRow> =
            page(RequestRow::COLUMNS, "", "ORDER BY r.received_on, r.id")
                .fetch_all(&mut *conn)
                .await?;

        let mut events: HashMap<Uuid, Vec<(i32, DatedEvent)>> = HashMap::new();
        let rows: Vec<(Uuid, i32, Json<Value>)> = page(
            "e.request_id, e.seq, e.event",
            "JOIN case_events e ON e.request_id = r.id",
            "ORDER BY e.request_id, e.seq",
        )
        .fetch_all(&mut *conn)
        .await?;
        for (request, seq, event) in rows {
            events.entry(request).or_default().push((seq, read_event(request, seq, &event.0)?));
        }

        let anonymised: HashMap<Uuid, Date> = Sql::<E>::new(format!(
            "SELECT c.id, c.anonymised_on FROM children c \
             WHERE c.anonymised_on IS NOT NULL AND {}",
            in_page("c.id")
        ))
        .bind(la_id)
        .bind(after)
        .bind(last)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, on): (Uuid, time::Date)| Ok((id, from_db_date(on)?)))
        .collect::<StoreResult<_>>()?;

        let rows: Vec<TransferRow> = page(
            "t.request_id, t.seq, t.from_la_id, t.to_la_id, o.la_code AS from_code",
            "JOIN plan_transfers t ON t.request_id = r.id \
             JOIN organisations o ON o.id = t.from_la_id",
            "ORDER BY t.request_id, t.seq",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut transfers = Vec::with_capacity(rows.len());
        for t in rows {
            let on = events
                .get(&t.request_id)
                .and_then(|e| e.iter().find(|(seq, _)| *seq == t.seq))
                .map(|(_, e)| e.date)
                .ok_or(StoreError::Missing("a transfer's event"))?;
            transfers.push(Transfer {
                request: t.request_id,
                seq: t.seq,
                on,
                from: t.from_la_id,
                to: t.to_la_id,
                from_code: t.from_code,
            });
        }
        transfers.sort_by_key(|t| t.on);

        let mut placements: HashMap<Uuid, Vec<PlacementRecorded>> = HashMap::new();
        let mut ended: HashMap<Uuid, Vec<PlacementEnded>> = HashMap::new();
        let mut appeals: HashMap<Uuid, Vec<AppealRegistration>> = HashMap::new();
        let mut mediations: HashMap<Uuid, Vec<MediationRequest>> = HashMap::new();
        let kinds = format!(
            "JOIN case_records k ON k.request_id = r.id AND k.kind IN ('{}', '{}', '{}', '{}')",
            PlacementRecorded::KIND,
            PlacementEnded::KIND,
            AppealRegistration::KIND,
            MediationRequest::KIND,
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
                MediationRequest::KIND => {
                    mediations.entry(request).or_default().push(decode(&kind, body.0)?)
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

        let rows: Vec<(Uuid, Option<String>, Option<String>)> = Sql::<E>::new(format!(
            "SELECT child_id, need1, need2 FROM sen_register \
             WHERE {} ORDER BY child_id, recorded_on, seq",
            in_page("child_id")
        ))
        .bind(la_id)
        .bind(after)
        .bind(last)
        .fetch_all(&mut *conn)
        .await?;
        // Given back to the other readers before the page is put together.
        drop(conn);
        // The newest entry is the child's SEN status now.
        let needs: HashMap<Uuid, Vec<String>> = rows
            .into_iter()
            .map(|(child, need1, need2)| (child, need1.into_iter().chain(need2).collect()))
            .collect();

        let children: Vec<Child> =
            children.into_iter().map(ChildRow::into_child).collect::<StoreResult<_>>()?;
        let requests: Vec<EhcRequest> =
            requests.into_iter().map(RequestRow::into_request).collect::<StoreResult<_>>()?;
        let mut holders: HashMap<Uuid, Holders> = children
            .iter()
            .map(|child| (child.id, Holders { transfers: vec![], now: child.responsible_la_id }))
            .collect();
        let child_of: HashMap<Uuid, Uuid> = requests.iter().map(|r| (r.id, r.child_id)).collect();
        for t in &transfers {
            if let Some(h) = child_of.get(&t.request).and_then(|c| holders.get_mut(c)) {
                h.transfers.push(t);
            }
        }

        let mut cases: HashMap<Uuid, Vec<Sen2Case>> = HashMap::new();
        for request in requests {
            let Some(held) = holders.get(&request.child_id) else { continue };
            if !held.held_by(request.id, request.received_on, la_id) {
                continue;
            }
            // The first transfer out of this council ends its part of the history; the last
            // into it says where the plan came from.
            let own = || transfers.iter().filter(|t| t.request == request.id);
            let left = own().find(|t| t.from == la_id);
            let came_from = own()
                .rfind(|t| t.to == la_id && left.is_none_or(|l| t.seq < l.seq))
                .and_then(|t| t.from_code.clone());
            let events = events.remove(&request.id).unwrap_or_default();
            let events = events
                .into_iter()
                .filter(|(seq, _)| left.is_none_or(|l| *seq < l.seq))
                .map(|(_, e)| e)
                .collect();
            cases.entry(request.child_id).or_default().push(Sen2Case {
                request_id: request.id,
                received_on: request.received_on,
                source: request.source,
                events,
                placements: placements.remove(&request.id).unwrap_or_default(),
                placements_ended: ended.remove(&request.id).unwrap_or_default(),
                appeals: appeals.remove(&request.id).unwrap_or_default(),
                mediations: mediations.remove(&request.id).unwrap_or_default(),
                plan: plans.remove(&request.id),
                transferred_out_on: left.map(|t| t.on),
                transferred_from: came_from,
            });
        }
        Ok(children
            .into_iter()
            .map(|child| Sen2Person {
                anonymised_on: anonymised.get(&child.id).copied(),
                needs: needs.get(&child.id).cloned().unwrap_or_default(),
                cases: cases.remove(&child.id).unwrap_or_default(),
                child,
            })
            .collect())
    }
}
