//! The Local Offer's services, the postcode table and families' comments (reg 56). Services are
//! stored whole as JSON; the columns beside them are what queries select on.

use crate::AuditMeta;
use crate::convert::{from_db_date, parse_stored, to_db_date};
use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::local_offer_listing::{ManagedServices, ManagedServicesQuery};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::local_offer::{FeedbackTopic, LocalOfferService};
use sqlx::types::Json;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct NewFeedback {
    /// The council whose Local Offer the comment is about.
    pub council: Uuid,
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
    /// The comment as published, when the council took out what could identify someone; the
    /// original stays as it was sent, for the council.
    pub redacted: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub id: Uuid,
    pub council: Uuid,
    pub received_on: Date,
    pub about: FeedbackTopic,
    pub comment: String,
    pub response: Option<FeedbackResponse>,
}

#[async_trait]
pub trait LocalOfferStore: Send + Sync {
    /// Adds each service, or replaces the one with its id by its next version, all in one
    /// transaction.
    async fn put_local_offer_services(
        &self,
        services: &[LocalOfferService],
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    /// Writes `service` as the version after `newest`, which must still be its newest (0 for a
    /// new service); the version written.
    async fn save_local_offer_service(
        &self,
        service: &LocalOfferService,
        newest: i32,
        meta: &AuditMeta,
    ) -> StoreResult<i32>;
    /// The service's version `which` (the newest for `None`), with its number.
    async fn local_offer_service_version(
        &self,
        id: Uuid,
        which: Option<i32>,
    ) -> StoreResult<Option<(i32, LocalOfferService)>>;
    async fn local_offer_service(&self, id: Uuid) -> StoreResult<Option<LocalOfferService>>;
    /// Every service, published or not, by name.
    async fn local_offer_services(&self) -> StoreResult<Vec<LocalOfferService>>;
    /// One page of the services an officer keeps, searched and filtered.
    async fn managed_services(&self, q: &ManagedServicesQuery) -> StoreResult<ManagedServices>;
    /// The councils with at least one service in their Local Offer.
    async fn local_offer_councils(&self) -> StoreResult<Vec<Uuid>>;
    /// A number that changes whenever any service does.
    async fn local_offer_revision(&self) -> StoreResult<i64>;
    /// Adds or replaces postcodes (in standard form) with their latitude and longitude.
    async fn put_postcodes(&self, rows: &[(String, f64, f64)], meta: &AuditMeta)
    -> StoreResult<()>;
    async fn postcode(&self, postcode: &str) -> StoreResult<Option<(f64, f64)>>;
    async fn add_feedback(&self, new: NewFeedback, meta: &AuditMeta) -> StoreResult<Uuid>;
    /// Every comment, newest first.
    async fn feedback(&self) -> StoreResult<Vec<Feedback>>;
    async fn feedback_comment(&self, id: Uuid) -> StoreResult<Option<Feedback>>;
    async fn respond_to_feedback(
        &self,
        id: Uuid,
        response: FeedbackResponse,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
}

const FEEDBACK_COLUMNS: &str = "id, council_id, received_on, about, comment, response, \
     action_taken, responded_on, published, published_comment";

#[derive(sqlx::FromRow)]
struct FeedbackRow {
    id: Uuid,
    council_id: Option<Uuid>,
    received_on: time::Date,
    about: String,
    comment: String,
    response: Option<String>,
    action_taken: Option<String>,
    responded_on: Option<time::Date>,
    published: bool,
    published_comment: Option<String>,
}

impl FeedbackRow {
    fn into_feedback(self) -> StoreResult<Feedback> {
        let response = match (self.response, self.action_taken, self.responded_on) {
            (Some(response), Some(action_taken), Some(on)) => Some(FeedbackResponse {
                response,
                action_taken,
                responded_on: from_db_date(on)?,
                published: self.published,
                redacted: self.published_comment,
            }),
            _ => None,
        };
        Ok(Feedback {
            id: self.id,
            council: self.council_id.unwrap_or_default(),
            received_on: from_db_date(self.received_on)?,
            about: parse_stored("feedback topic", &self.about)?,
            comment: self.comment,
            response,
        })
    }
}

/// A service as stored, its council beside the entry. One loaded before councils were recorded,
/// when there was no council to give it, has none (the nil id): only its provider keeps it.
pub(crate) type ServiceRow = (Option<Uuid>, i32, Json<LocalOfferService>);

pub(crate) fn service_of((council, version, document): ServiceRow) -> (i32, LocalOfferService) {
    let mut service = document.0;
    service.council = council.unwrap_or_default();
    (version, service)
}

const SERVICE_COLUMNS: &str = "council_id, version, document";

impl<E: Engine> SqlStore<E> {
    /// Writes `s` as its version `version`; a version already written fails as a unique violation.
    async fn write_service(
        tx: &mut Tx<'static, E>,
        s: &LocalOfferService,
        version: i32,
    ) -> Result<(), sqlx::Error> {
        Sql::<E>::new(
            "INSERT INTO local_offer_service_versions (service_id, version, document) \
             VALUES ($1, $2, $3)",
        )
        .bind(s.id)
        .bind(version)
        .bind(Json(s))
        .execute(&mut **tx)
        .await?;
        Sql::<E>::new(
            "INSERT INTO local_offer_services (id, council_id, provider_id, name, published, \
             last_modified_micros, document, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE \
             SET council_id = excluded.council_id, provider_id = excluded.provider_id, \
             name = excluded.name, published = excluded.published, \
             last_modified_micros = excluded.last_modified_micros, \
             document = excluded.document, version = excluded.version",
        )
        .bind(s.id)
        .bind(s.council)
        .bind(s.provider.id)
        .bind(&s.name)
        .bind(s.published)
        .bind(s.last_modified.as_microsecond())
        .bind(Json(s))
        .bind(version)
        .execute(&mut **tx)
        .await?;
        Self::write_listing_columns(&mut **tx, s).await
    }

    async fn newest_service_version(tx: &mut Tx<'static, E>, id: Uuid) -> StoreResult<i32> {
        let newest: Option<i32> =
            Sql::<E>::new("SELECT version FROM local_offer_services WHERE id = $1")
                .bind(id)
                .scalar_optional(&mut **tx)
                .await?;
        Ok(newest.unwrap_or(0))
    }

    /// Audits the write of each service and bumps the revision search indexes watch.
    async fn services_changed(
        tx: &mut Tx<'static, E>,
        ids: impl Iterator<Item = Uuid> + Send,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        for id in ids {
            Self::append_audit(tx, meta, "put", "local_offer_service", Some(&id.to_string()))
                .await?;
        }
        Sql::<E>::new("UPDATE local_offer_revision SET revision = revision + 1 WHERE id = 1")
            .execute(&mut **tx)
            .await?;
        Ok(())
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
            let newest = Self::newest_service_version(&mut tx, s.id).await?;
            Self::write_service(&mut tx, s, newest + 1).await?;
        }
        Self::services_changed(&mut tx, services.iter().map(|s| s.id), meta).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_local_offer_service(
        &self,
        service: &LocalOfferService,
        newest: i32,
        meta: &AuditMeta,
    ) -> StoreResult<i32> {
        let mut tx = self.begin().await?;
        let stored = Self::newest_service_version(&mut tx, service.id).await?;
        if stored != newest {
            return Err(StoreError::Stale { newest: stored });
        }
        Self::write_service(&mut tx, service, newest + 1)
            .await
            .map_err(|e| StoreError::lost_race(e, newest))?;
        Self::services_changed(&mut tx, std::iter::once(service.id), meta).await?;
        tx.commit().await?;
        Ok(newest + 1)
    }

    async fn local_offer_service_version(
        &self,
        id: Uuid,
        which: Option<i32>,
    ) -> StoreResult<Option<(i32, LocalOfferService)>> {
        let sql = match which {
            None => Sql::<E>::new(format!(
                "SELECT {SERVICE_COLUMNS} FROM local_offer_services WHERE id = $1"
            ))
            .bind(id),
            Some(version) => Sql::<E>::new(
                "SELECT s.council_id, v.version, v.document \
                 FROM local_offer_service_versions v \
                 JOIN local_offer_services s ON s.id = v.service_id \
                 WHERE v.service_id = $1 AND v.version = $2",
            )
            .bind(id)
            .bind(version),
        };
        let row: Option<ServiceRow> = sql.fetch_optional(&mut *self.read().await?).await?;
        Ok(row.map(service_of))
    }

    async fn local_offer_service(&self, id: Uuid) -> StoreResult<Option<LocalOfferService>> {
        Ok(self.local_offer_service_version(id, None).await?.map(|(_, s)| s))
    }

    async fn local_offer_services(&self) -> StoreResult<Vec<LocalOfferService>> {
        let rows: Vec<ServiceRow> = Sql::<E>::new(format!(
            "SELECT {SERVICE_COLUMNS} FROM local_offer_services ORDER BY name, id"
        ))
        .fetch_all(&mut *self.read().await?)
        .await?;
        Ok(rows.into_iter().map(|r| service_of(r).1).collect())
    }

    async fn managed_services(&self, q: &ManagedServicesQuery) -> StoreResult<ManagedServices> {
        self.managed_services_page(q).await
    }

    async fn local_offer_councils(&self) -> StoreResult<Vec<Uuid>> {
        let rows: Vec<(Uuid,)> = Sql::<E>::new(
            "SELECT DISTINCT council_id FROM local_offer_services WHERE council_id IS NOT NULL",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        Ok(rows.into_iter().map(|(c,)| c).collect())
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
            "INSERT INTO local_offer_feedback (id, council_id, received_on, about, comment, \
             published) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(new.council)
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
        let rows: Vec<FeedbackRow> = Sql::<E>::new(format!(
            "SELECT {FEEDBACK_COLUMNS} FROM local_offer_feedback \
             ORDER BY received_on DESC, id DESC"
        ))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter().map(FeedbackRow::into_feedback).collect()
    }

    async fn feedback_comment(&self, id: Uuid) -> StoreResult<Option<Feedback>> {
        let row: Option<FeedbackRow> = Sql::<E>::new(format!(
            "SELECT {FEEDBACK_COLUMNS} FROM local_offer_feedback WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(FeedbackRow::into_feedback).transpose()
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
             responded_on = $3, published = $4, published_comment = $5 WHERE id = $6",
        )
        .bind(&r.response)
        .bind(&r.action_taken)
        .bind(to_db_date(r.responded_on))
        .bind(r.published)
        .bind(&r.redacted)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if changed == 0 {
            return Err(StoreError::Missing("the comment"));
        }
        // Who changed what a family said before it was published is on the record.
        if r.redacted.is_some() {
            let target = id.to_string();
            Self::append_audit(&mut tx, meta, "redact", "local_offer_feedback", Some(&target))
                .await?;
        }
        Self::commit_audited(tx, meta, "respond", "local_offer_feedback", Some(&id.to_string()))
            .await
    }
}
