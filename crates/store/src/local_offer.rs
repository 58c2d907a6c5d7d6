//! The Local Offer's services, the postcode table and families' comments (reg 56). Services are
//! stored whole as JSON; the columns beside them are what queries select on.

use crate::AuditMeta;
use crate::convert::{from_db_date, parse_stored, to_db_date};
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::local_offer::{FeedbackTopic, LocalOfferService};
use sqlx::types::Json;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct NewFeedback {
    pub received_on: Date,
    pub about: FeedbackTopic,
    pub comment: String,
}

/// The LA's answer to a comment, and what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackResponse {
    pub response: String,
    pub action_taken: String,
    pub responded_on: Date,
    /// Shown on the "You said, we did" page.
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub id: Uuid,
    pub received_on: Date,
    pub about: FeedbackTopic,
    pub comment: String,
    pub response: Option<FeedbackResponse>,
}

#[async_trait]
pub trait LocalOfferStore: Send + Sync {
    /// Adds each service, or replaces the one with its id, all in one transaction.
    async fn put_local_offer_services(
        &self,
        services: &[LocalOfferService],
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    async fn local_offer_service(&self, id: Uuid) -> StoreResult<Option<LocalOfferService>>;
    /// Every service, published or not, by name.
    async fn local_offer_services(&self) -> StoreResult<Vec<LocalOfferService>>;
    /// A number that changes whenever any service does.
    async fn local_offer_revision(&self) -> StoreResult<i64>;
    /// Adds or replaces postcodes (in standard form) with their latitude and longitude.
    async fn put_postcodes(&self, rows: &[(String, f64, f64)], meta: &AuditMeta)
    -> StoreResult<()>;
    async fn postcode(&self, postcode: &str) -> StoreResult<Option<(f64, f64)>>;
    async fn add_feedback(&self, new: NewFeedback, meta: &AuditMeta) -> StoreResult<Uuid>;
    /// Every comment, newest first.
    async fn feedback(&self) -> StoreResult<Vec<Feedback>>;
    async fn respond_to_feedback(
        &self,
        id: Uuid,
        response: FeedbackResponse,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
}

#[derive(sqlx::FromRow)]
struct FeedbackRow {
    id: Uuid,
    received_on: time::Date,
    about: String,
    comment: String,
    response: Option<String>,
    action_taken: Option<String>,
    responded_on: Option<time::Date>,
    published: bool,
}

impl FeedbackRow {
    fn into_feedback(self) -> StoreResult<Feedback> {
        let response = match (self.response, self.action_taken, self.responded_on) {
            (Some(response), Some(action_taken), Some(on)) => Some(FeedbackResponse {
                response,
                action_taken,
                responded_on: from_db_date(on)?,
                published: self.published,
            }),
            _ => None,
        };
        Ok(Feedback {
            id: self.id,
            received_on: from_db_date(self.received_on)?,
            about: parse_stored("feedback topic", &self.about)?,
            comment: self.comment,
            response,
        })
    }
}

#[async_trait]
impl<E: Engine> LocalOfferStore for SqlStore<E> {
    async fn put_local_offer_services(
        &self,
        services: &[LocalOfferService],
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for s in services {
            Sql::<E>::new(
                "INSERT INTO local_offer_services (id, provider_id, name, published, \
                 last_modified_micros, document) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE \
                 SET provider_id = excluded.provider_id, \
                 name = excluded.name, published = excluded.published, \
                 last_modified_micros = excluded.last_modified_micros, \
                 document = excluded.document",
            )
            .bind(s.id)
            .bind(s.provider.id)
            .bind(&s.name)
            .bind(s.published)
            .bind(s.last_modified.as_microsecond())
            .bind(Json(s))
            .execute(&mut *tx)
            .await?;
            Self::append_audit(
                &mut tx,
                meta,
                "put",
                "local_offer_service",
                Some(&s.id.to_string()),
            )
            .await?;
        }
        Sql::<E>::new("UPDATE local_offer_revision SET revision = revision + 1 WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn local_offer_service(&self, id: Uuid) -> StoreResult<Option<LocalOfferService>> {
        let row: Option<(Json<LocalOfferService>,)> =
            Sql::<E>::new("SELECT document FROM local_offer_services WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *self.read().await?)
                .await?;
        Ok(row.map(|(d,)| d.0))
    }

    async fn local_offer_services(&self) -> StoreResult<Vec<LocalOfferService>> {
        let rows: Vec<(Json<LocalOfferService>,)> =
            Sql::<E>::new("SELECT document FROM local_offer_services ORDER BY name, id")
                .fetch_all(&mut *self.read().await?)
                .await?;
        Ok(rows.into_iter().map(|(d,)| d.0).collect())
    }

    async fn local_offer_revision(&self) -> StoreResult<i64> {
        Ok(Sql::<E>::new("SELECT revision FROM local_offer_revision WHERE id = 1")
            .scalar(&mut *self.read().await?)
            .await?)
    }

    async fn put_postcodes(
        &self,
        rows: &[(String, f64, f64)],
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for (postcode, latitude, longitude) in rows {
            Sql::<E>::new(
                "INSERT INTO postcodes (postcode, latitude, longitude) VALUES ($1, $2, $3) \
                 ON CONFLICT (postcode) DO UPDATE SET latitude = excluded.latitude, \
                 longitude = excluded.longitude",
            )
            .bind(postcode)
            .bind(latitude)
            .bind(longitude)
            .execute(&mut *tx)
            .await?;
        }
        Self::commit_audited(tx, meta, "load", "postcodes", Some(&rows.len().to_string())).await
    }

    async fn postcode(&self, postcode: &str) -> StoreResult<Option<(f64, f64)>> {
        Ok(Sql::<E>::new("SELECT latitude, longitude FROM postcodes WHERE postcode = $1")
            .bind(postcode)
            .fetch_optional(&mut *self.read().await?)
            .await?)
    }

    async fn add_feedback(&self, new: NewFeedback, meta: &AuditMeta) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO local_offer_feedback (id, received_on, about, comment, published) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(to_db_date(new.received_on))
        .bind(new.about.code())
        .bind(&new.comment)
        .bind(false)
        .execute(&mut *tx)
        .await?;
        Self::commit_audited(tx, meta, "create", "local_offer_feedback", Some(&id.to_string()))
            .await?;
        Ok(id)
    }

    async fn feedback(&self) -> StoreResult<Vec<Feedback>> {
        let rows: Vec<FeedbackRow> = Sql::<E>::new(
            "SELECT id, received_on, about, comment, response, action_taken, responded_on, \
             published FROM local_offer_feedback ORDER BY received_on DESC, id DESC",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter().map(FeedbackRow::into_feedback).collect()
    }

    async fn respond_to_feedback(
        &self,
        id: Uuid,
        r: FeedbackResponse,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let changed = Sql::<E>::new(
            "UPDATE local_offer_feedback SET response = $1, action_taken = $2, \
             responded_on = $3, published = $4 WHERE id = $5",
        )
        .bind(&r.response)
        .bind(&r.action_taken)
        .bind(to_db_date(r.responded_on))
        .bind(r.published)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if changed == 0 {
            return Err(StoreError::Missing("the comment"));
        }
        Self::commit_audited(tx, meta, "respond", "local_offer_feedback", Some(&id.to_string()))
            .await
    }
}
