//! The officers' list of the Local Offer entries they keep, searched, filtered and paged in SQL
//! on columns written beside each entry, so a council with 50,000 services reads one page.

use crate::convert::to_db_date;
use crate::engine::{Connection, Engine, Sql, SqlStore, Tx};
use crate::error::StoreResult;
use jiff::civil::Date;
use sendcase_domain::local_offer::quality::review_due;
use sendcase_domain::local_offer::{LocalOfferService, Schedule2Category};
use sqlx::types::Json;
use uuid::Uuid;

/// Which of the entries in reach the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceListing {
    All,
    /// Never reviewed, or the review lapses on or before the day.
    DueForReviewBy(Date),
    /// Not shown to families on the day.
    HiddenOn(Date),
    /// Shown to families on the day.
    ShownOn(Date),
}

/// A page of the entries an officer keeps: those of `councils` and those whose provider is one
/// of `providers`, narrowed by the rest, by name.
#[derive(Debug, Clone)]
pub struct ManagedServicesQuery {
    pub councils: Vec<Uuid>,
    pub providers: Vec<Uuid>,
    /// Each found in the entry's name or its provider's name, whatever the case.
    pub words: Vec<String>,
    pub listing: ServiceListing,
    pub category: Option<Schedule2Category>,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManagedServices {
    /// Every entry in reach, before the search and filters.
    pub in_reach: u64,
    /// The entries the search and filters keep.
    pub found: u64,
    pub services: Vec<LocalOfferService>,
}

/// What the list selects on, derived from the entry whenever it is written.
pub(crate) struct ListingColumns {
    pub text: String,
    pub categories: String,
    pub review_due: Option<time::Date>,
    pub shown_until: Option<time::Date>,
}

impl ListingColumns {
    pub(crate) fn of(s: &LocalOfferService) -> Self {
        let codes: String = s.categories.iter().map(|c| format!("{}|", c.code())).collect();
        ListingColumns {
            text: format!("{} {}", s.name, s.provider.name).to_lowercase(),
            categories: format!("|{codes}"),
            review_due: s.reviewed_on.map(review_due).map(to_db_date),
            shown_until: s.shown_until().map(to_db_date),
        }
    }
}

/// `word` found anywhere, its own `%`, `_` and `\` taken literally.
fn containing(word: &str) -> String {
    let mut pattern = String::from("%");
    for c in word.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl<E: Engine> SqlStore<E> {
    pub(crate) async fn write_listing_columns(
        conn: &mut Connection<E>,
        s: &LocalOfferService,
    ) -> Result<(), sqlx::Error> {
        let c = ListingColumns::of(s);
        Sql::<E>::new(
            "UPDATE local_offer_services SET listing_text = $1, categories = $2, \
             review_due = $3, shown_until = $4 WHERE id = $5",
        )
        .bind(c.text)
        .bind(c.categories)
        .bind(c.review_due)
        .bind(c.shown_until)
        .bind(s.id)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Entries stored before the list's columns existed get them, in one transaction.
    pub(crate) async fn fill_listing_columns(self) -> StoreResult<Self> {
        let mut tx: Tx<'static, E> = self.begin().await?;
        let unfilled: Vec<(Json<LocalOfferService>,)> =
            Sql::<E>::new("SELECT document FROM local_offer_services WHERE listing_text IS NULL")
                .fetch_all(&mut *tx)
                .await?;
        for (Json(service),) in &unfilled {
            Self::write_listing_columns(&mut tx, service).await?;
        }
        tx.commit().await?;
        Ok(self)
    }

    fn in_reach<'q>(q: &ManagedServicesQuery, select: &str) -> Sql<'q, E> {
        let mut qb = Sql::<E>::new(format!("{select} FROM local_offer_services WHERE "));
        qb.push_in_any(&[("council_id", &q.councils), ("provider_id", &q.providers)]);
        qb
    }

    fn found<'q>(q: &ManagedServicesQuery, select: &str) -> Sql<'q, E> {
        let mut qb = Self::in_reach(q, select);
        for word in &q.words {
            qb.push(" AND listing_text LIKE ").push_bind(containing(word)).push(" ESCAPE '\\'");
        }
        match q.listing {
            ServiceListing::All => {}
            ServiceListing::DueForReviewBy(day) => {
                qb.push(" AND (review_due IS NULL OR review_due <= ").push_bind(to_db_date(day));
                qb.push(")");
            }
            ServiceListing::HiddenOn(day) => {
                qb.push(" AND (shown_until IS NULL OR shown_until < ").push_bind(to_db_date(day));
                qb.push(")");
            }
            ServiceListing::ShownOn(day) => {
                qb.push(" AND shown_until >= ").push_bind(to_db_date(day));
            }
        }
        if let Some(category) = q.category {
            qb.push(" AND categories LIKE ").push_bind(format!("%|{}|%", category.code()));
        }
        qb
    }

    pub(crate) async fn managed_services_page(
        &self,
        q: &ManagedServicesQuery,
    ) -> StoreResult<ManagedServices> {
        if q.councils.is_empty() && q.providers.is_empty() {
            return Ok(ManagedServices { in_reach: 0, found: 0, services: vec![] });
        }
        let mut conn = self.read().await?;
        let in_reach: i64 = Self::in_reach(q, "SELECT COUNT(*)").scalar(&mut conn).await?;
        let found: i64 = Self::found(q, "SELECT COUNT(*)").scalar(&mut conn).await?;
        let mut page = Self::found(q, "SELECT council_id, version, document");
        page.push(" ORDER BY name, id").push_page(q.limit, q.offset);
        let rows: Vec<super::local_offer::ServiceRow> = page.fetch_all(&mut conn).await?;
        Ok(ManagedServices {
            in_reach: in_reach as u64,
            found: found as u64,
            services: rows.into_iter().map(|r| super::local_offer::service_of(r).1).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::containing;

    #[test]
    fn a_searched_word_is_taken_literally() {
        assert_eq!(containing("Speech"), "%speech%");
        assert_eq!(containing("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
