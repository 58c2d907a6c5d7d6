//! The professionals a review's arrangement invites through their accounts, kept in
//! `review_invitations` beside the arrangement's record. Whether an invitation still stands is
//! the domain's to say from the case's events ([`invited_while_under_way`]); this finds the
//! invitations to ask it about.

use crate::cases::read_event;
use crate::directory::scope_condition;
use crate::engine::{Connection, Engine, Sql, SqlStore, Tx};
use crate::error::StoreResult;
use crate::steps::decode;
use async_trait::async_trait;
use sendcase_domain::clock::DatedEvent;
use sendcase_domain::ehc::records::CaseRecordKind;
use sendcase_domain::ehc::review_advice::invited_while_under_way;
use sendcase_domain::ehc::reviews::ReviewArrangement;
use sendcase_domain::policy::ChildScope;
use serde_json::Value;
use sqlx::types::Json;
use std::collections::BTreeMap;
use uuid::Uuid;

#[async_trait]
pub trait ReviewInvitationStore: Send + Sync {
    /// The requests with a review under way to which this professional is invited.
    async fn reviews_inviting(&self, professional_user_id: Uuid) -> StoreResult<Vec<Uuid>>;
}

/// A professional invited to a review under way: the child, the request and the professional.
pub(crate) struct Standing {
    pub child: Uuid,
    pub request: Uuid,
    pub professional: Uuid,
}

/// On `case_records` aliased `cr`: the record is its request's latest review arrangement.
fn latest_arrangement() -> String {
    format!(
        "cr.kind = '{kind}' AND cr.seq = (SELECT MAX(l.seq) FROM case_records l \
         WHERE l.request_id = cr.request_id AND l.kind = '{kind}')",
        kind = ReviewArrangement::KIND
    )
}

impl<E: Engine> SqlStore<E> {
    /// Records each `(request, seq, professional)`: the case record `seq` of `request` invites
    /// the professional, inside the caller's transaction.
    pub(crate) async fn insert_invitations(
        tx: &mut Tx<'_, E>,
        invitations: &[(Uuid, i32, Uuid)],
    ) -> StoreResult<()> {
        Self::insert_rows(
            tx,
            "INSERT INTO review_invitations (request_id, seq, professional_user_id) ",
            invitations,
            |b, (request, seq, professional)| {
                b.push_bind(*request).push_bind(*seq).push_bind(*professional);
            },
        )
        .await?;
        Ok(())
    }

    /// Each professional invited to a review under way of a child whose condition on alias `c`
    /// `condition` appends.
    pub(crate) async fn invited_to_reviews(
        db: &mut Connection<E>,
        condition: &impl Fn(Sql<'static, E>) -> Sql<'static, E>,
    ) -> StoreResult<Vec<Standing>> {
        let arrangements: Vec<(Uuid, Uuid, Json<Value>)> = condition(Sql::new(format!(
            "SELECT r.child_id, cr.request_id, cr.body FROM case_records cr \
             JOIN ehc_requests r ON r.id = cr.request_id JOIN children c ON c.id = r.child_id \
             WHERE {} AND EXISTS (SELECT 1 FROM review_invitations ri \
             WHERE ri.request_id = cr.request_id AND ri.seq = cr.seq) AND ",
            latest_arrangement()
        )))
        .fetch_all(&mut *db)
        .await?;
        if arrangements.is_empty() {
            return Ok(vec![]);
        }
        let mut events =
            Sql::<E>::new("SELECT request_id, seq, event FROM case_events WHERE request_id IN (");
        events
            .push_list(arrangements.iter().map(|(_, request, _)| *request))
            .push(") ORDER BY seq");
        let rows: Vec<(Uuid, i32, Json<Value>)> = events.fetch_all(&mut *db).await?;
        let mut histories: BTreeMap<Uuid, Vec<DatedEvent>> = BTreeMap::new();
        for (request, seq, event) in rows {
            histories.entry(request).or_default().push(read_event(request, seq, &event.0)?);
        }
        let mut invited = vec![];
        for (child, request, body) in arrangements {
            let arrangement: ReviewArrangement = decode(ReviewArrangement::KIND, body.0)?;
            let history = histories.remove(&request).unwrap_or_default();
            let standing = invited_while_under_way(&history, arrangement);
            invited.extend(standing.into_iter().map(|professional| Standing {
                child,
                request,
                professional,
            }));
        }
        Ok(invited)
    }
}

#[async_trait]
impl<E: Engine> ReviewInvitationStore for SqlStore<E> {
    async fn reviews_inviting(&self, professional_user_id: Uuid) -> StoreResult<Vec<Uuid>> {
        let (condition, id) = scope_condition(&ChildScope::InvitedToReview(professional_user_id));
        let matching = |mut qb: Sql<'static, E>| {
            qb.push(condition);
            qb.bind(id)
        };
        let standing = Self::invited_to_reviews(&mut *self.read().await?, &matching).await?;
        Ok(standing
            .into_iter()
            .filter(|s| s.professional == professional_user_id)
            .map(|s| s.request)
            .collect())
    }
}
