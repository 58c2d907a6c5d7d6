//! The Local Offer on the web: public search and detail pages, the reg 56 feedback form and its
//! "You said, we did" page, the LA's management page, and the Open Referral UK 3.0 API.
//!
//! Searches are answered from an in-memory index of the public services, rebuilt when the store's
//! revision changes (checked at most once a second) or the day changes (reviews lapse).

mod edit;
mod edit_fields;
mod feedback;
mod manage;
mod oruk_api;
mod pages;

use crate::AppState;
use crate::error::AppError;
use crate::records::today;
use axum::Router;
use axum::routing::{get, post};
use sendcase_domain::local_offer::Provider;
use sendcase_domain::local_offer::search::SearchIndex;
use sendcase_store::Store;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Instant;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/local-offer", get(pages::search))
        .route("/local-offer/services/{id}", get(pages::show))
        .route("/local-offer/feedback", get(feedback::feedback_form).post(feedback::send_feedback))
        .route("/local-offer/you-said-we-did", get(feedback::you_said_we_did))
        .route("/local-offer/manage", get(manage::manage))
        .route("/local-offer/manage/feedback/{id}", post(manage::respond))
        .route("/local-offer/manage/services/new", get(edit::add))
        .route("/local-offer/manage/services/{id}", get(edit::edit_form).post(edit::save))
        .merge(oruk_api::routes())
}

/// The public services as of one revision of the store, indexed for search.
pub struct Snapshot {
    pub index: SearchIndex,
    /// Each service-at-location id: the service's document number and its place in the list.
    pub service_at_locations: HashMap<Uuid, (u32, usize)>,
    /// Each provider of a public service, by name, with its services' document numbers.
    pub organizations: Vec<(Provider, Vec<u32>)>,
    revision: i64,
    day: jiff::civil::Date,
}

const RECHECK_MS: u64 = 1_000;

pub struct Directory {
    current: RwLock<Option<Arc<Snapshot>>>,
    refreshing: tokio::sync::Mutex<()>,
    started: Instant,
    /// When the store's revision was last compared, in milliseconds after `started`.
    checked_ms: AtomicU64,
}

impl Default for Directory {
    fn default() -> Self {
        Directory {
            current: RwLock::new(None),
            refreshing: tokio::sync::Mutex::new(()),
            started: Instant::now(),
            checked_ms: AtomicU64::new(0),
        }
    }
}

impl Directory {
    /// The current snapshot; reloads it if the store has changed since it was built.
    pub async fn snapshot(&self, store: &dyn Store) -> Result<Arc<Snapshot>, AppError> {
        let poisoned = || AppError::Internal("search index lock poisoned".into());
        let now_ms = self.started.elapsed().as_millis() as u64;
        let current = self.current.read().map_err(|_| poisoned())?.clone();
        if let Some(s) = &current
            && now_ms.saturating_sub(self.checked_ms.load(Ordering::Relaxed)) < RECHECK_MS
            && s.day == today()
        {
            return Ok(s.clone());
        }
        // One request refreshes; the others keep answering from the snapshot they have.
        let _guard = match (&current, self.refreshing.try_lock()) {
            (_, Ok(guard)) => guard,
            (Some(s), Err(_)) => return Ok(s.clone()),
            (None, Err(_)) => self.refreshing.lock().await,
        };
        let revision = store.local_offer_revision().await?;
        let fresh = match current {
            Some(s) if s.revision == revision && s.day == today() => s,
            _ => Arc::new(build(store, revision).await?),
        };
        *self.current.write().map_err(|_| poisoned())? = Some(fresh.clone());
        self.checked_ms.store(now_ms, Ordering::Relaxed);
        Ok(fresh)
    }

    /// Makes the next request reload, after a change made through this server.
    pub fn invalidate(&self) {
        if let Ok(mut current) = self.current.write() {
            *current = None;
        }
    }
}

async fn build(store: &dyn Store, revision: i64) -> Result<Snapshot, AppError> {
    let day = today();
    let public =
        store.local_offer_services().await?.into_iter().filter(|s| s.is_public(day)).collect();
    let index = SearchIndex::build(public);
    let mut service_at_locations = HashMap::new();
    for doc in 0..index.len() as u32 {
        for (i, (sal, _)) in
            sendcase_oruk::service_at_locations(index.service(doc)).into_iter().enumerate()
        {
            service_at_locations.insert(sal.id, (doc, i));
        }
    }
    let mut providers: HashMap<Uuid, (Provider, Vec<u32>)> = HashMap::new();
    for doc in 0..index.len() as u32 {
        let p = &index.service(doc).provider;
        providers.entry(p.id).or_insert_with(|| (p.clone(), vec![])).1.push(doc);
    }
    let mut organizations: Vec<(Provider, Vec<u32>)> = providers.into_values().collect();
    organizations.sort_by(|a, b| (&a.0.name, a.0.id).cmp(&(&b.0.name, b.0.id)));
    Ok(Snapshot { index, service_at_locations, organizations, revision, day })
}

/// The councils whose Local Offer sendcase holds, by name.
pub async fn councils(store: &dyn Store) -> Result<Vec<(Uuid, String)>, AppError> {
    let mut named = vec![];
    for id in store.local_offer_councils().await? {
        if let Some(council) = store.organisation(id).await? {
            named.push((id, council.name));
        }
    }
    named.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(named)
}

/// Page `page` (from 1) of `items`, `per_page` at a time.
pub fn page_of<T: Clone>(items: &[T], page: usize, per_page: usize) -> Vec<T> {
    items
        .iter()
        .skip(page.saturating_sub(1).saturating_mul(per_page))
        .take(per_page)
        .cloned()
        .collect()
}
