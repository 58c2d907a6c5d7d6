//! The Open Referral UK 3.0 API under `/openreferral`: open, anonymous, read-only, and callable
//! from any web page (`Access-Control-Allow-Origin: *`). Only public services appear, and only the
//! organisations that provide one.

mod organizations;
mod params;

use super::{Snapshot, page_of};
use crate::AppState;
use crate::error::{ApiResult, AppError};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::{Json, Router};
use params::{Params, flag, none, only, paging, query, uuid_param};
use sendcase_domain::local_offer::LocalOfferService;
use sendcase_domain::local_offer::search::{Hit, Near, distance_km};
use sendcase_oruk::{Detail, MinimalService, Page, ServiceAtLocation, taxonomy};
use serde::Serialize;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openreferral", get(|| async { Json(sendcase_oruk::api_details()) }))
        .route("/openreferral/", get(|| async { Json(sendcase_oruk::api_details()) }))
        .route("/openreferral/services", get(services))
        .route("/openreferral/services/{id}", get(service))
        .route("/openreferral/organizations", get(organizations::list))
        .route("/openreferral/organizations/{id}", get(organizations::one))
        .route("/openreferral/taxonomies", get(taxonomies))
        .route(
            "/openreferral/taxonomies/{id}",
            get(|id, params| the_one("taxonomies", taxonomy::taxonomies(), |t| t.id, id, params)),
        )
        .route("/openreferral/taxonomy_terms", get(taxonomy_terms))
        .route(
            "/openreferral/taxonomy_terms/{id}",
            get(|id, params| {
                the_one("taxonomy_terms", taxonomy::all_terms(), |t| t.id, id, params)
            }),
        )
        .route("/openreferral/service_at_locations", get(service_at_locations))
        .route("/openreferral/service_at_locations/{id}", get(service_at_location))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
}

/// A service in a list: its own fields (all of it with `full=true`), or only its id and when it
/// last changed (`minimal=true`), which is what a consumer needs to know what to fetch again.
#[derive(Serialize)]
#[serde(untagged)]
enum ServiceItem {
    Service(Box<sendcase_oruk::Service>),
    Minimal(MinimalService),
}

/// A list of services as its parameters ask: the page, how much of each service to give, and
/// the matching services (the best `top` of `total`) from the public services as they stand.
struct Listing {
    page: usize,
    per_page: usize,
    detail: Detail,
    snap: Arc<Snapshot>,
    total: usize,
    hits: Vec<Hit>,
    /// Where the consumer asked about (`postcode`), and how far (`proximity`).
    near: Option<Near>,
}

async fn listing(
    state: &AppState,
    params: &Params,
    endpoint: &str,
    takes: &[&str],
    whole: bool,
) -> Result<Listing, AppError> {
    only(params, endpoint, takes)?;
    let (page, per_page) = paging(params)?;
    let detail = params::detail(params, "full")?;
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    // A page of services needs only the best up to its end; locations are counted from all.
    let top = if whole { usize::MAX } else { page.saturating_mul(per_page) };
    let (near, (total, hits)) = match query(state, params).await? {
        Some(q) => (q.near, snap.index.search_top(&q, top)),
        None => (None, (0, vec![])),
    };
    Ok(Listing { page, per_page, detail, snap, total, hits, near })
}

async fn services(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> ApiResult<Json<Page<ServiceItem>>> {
    let minimal = flag(&params, "minimal")?;
    let Listing { page, per_page, detail, snap, total, hits, .. } =
        listing(&state, &params, "services", params::SERVICES, false).await?;
    let contents = page_of(&hits, page, per_page)
        .iter()
        .map(|h| {
            let s = snap.index.service(h.doc);
            match minimal {
                true => ServiceItem::Minimal(MinimalService {
                    id: s.id,
                    last_modified: s.last_modified,
                }),
                false => ServiceItem::Service(Box::new(sendcase_oruk::service(s, detail))),
            }
        })
        .collect();
    Ok(Json(Page::new(total, page, per_page, contents)))
}

async fn service(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Json<sendcase_oruk::Service>> {
    none(&params, "services", &[])?;
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let found =
        id.parse::<Uuid>().ok().and_then(|id| snap.index.find(id)).ok_or(AppError::NotFound)?;
    Ok(Json(sendcase_oruk::service(found, Detail::Full)))
}

/// Whether `name` holds every word of a list endpoint's `search`.
pub fn named(name: &str, search: Option<&String>) -> bool {
    let name = name.to_lowercase();
    search.is_none_or(|s| s.to_lowercase().split_whitespace().all(|w| name.contains(w)))
}

async fn taxonomies(
    Query(params): Query<Params>,
) -> ApiResult<Json<Page<sendcase_oruk::Taxonomy>>> {
    only(&params, "taxonomies", params::TAXONOMIES)?;
    let (page, per_page) = paging(&params)?;
    let all: Vec<_> = taxonomy::taxonomies()
        .into_iter()
        .filter(|t| named(&t.name, params.get("search")))
        .collect();
    // Lists carry each taxonomy's own fields; its terms are at /taxonomies/{id}.
    let contents = page_of(&all, page, per_page)
        .into_iter()
        .map(|t| sendcase_oruk::Taxonomy { taxonomy_terms: vec![], ..t })
        .collect();
    Ok(Json(Page::new(all.len(), page, per_page, contents)))
}

/// `/{endpoint}/{id}` of a list that is always the same: the item whose id is named.
async fn the_one<T>(
    endpoint: &str,
    all: Vec<T>,
    id_of: fn(&T) -> Uuid,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Json<T>> {
    none(&params, endpoint, &[])?;
    let id: Option<Uuid> = id.parse().ok();
    Ok(Json(all.into_iter().find(|t| Some(id_of(t)) == id).ok_or(AppError::NotFound)?))
}

async fn taxonomy_terms(
    Query(params): Query<Params>,
) -> ApiResult<Json<Page<sendcase_oruk::TaxonomyTerm>>> {
    only(&params, "taxonomy_terms", params::TAXONOMY_TERMS)?;
    let (page, per_page) = paging(&params)?;
    let of = uuid_param(&params, "taxonomy_id")?;
    // Both taxonomies are flat: every term is a top term, and none has a parent.
    flag(&params, "top_only")?;
    let has_parent = uuid_param(&params, "parent_id")?.is_some();
    let all: Vec<_> = taxonomy::all_terms()
        .into_iter()
        .filter(|t| of.is_none() || t.taxonomy_id == of)
        .filter(|t| !has_parent && named(&t.name, params.get("search")))
        .collect();
    Ok(Json(Page::new(all.len(), page, per_page, page_of(&all, page, per_page))))
}

/// One service-at-location with its service; a list item carries the location's own fields only.
fn with_service(snap: &Snapshot, doc: u32, i: usize, detail: Detail) -> ServiceAtLocation {
    let s = snap.index.service(doc);
    let (mut sal, _) = sendcase_oruk::service_at_locations(s).swap_remove(i);
    if detail == Detail::List
        && let Some(l) = sal.location.as_mut()
    {
        l.addresses.clear();
        l.accessibility.clear();
    }
    sal.service = Some(Box::new(sendcase_oruk::service(s, Detail::List)));
    sal
}

async fn service_at_locations(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> ApiResult<Json<Page<ServiceAtLocation>>> {
    let takes = params::SERVICE_AT_LOCATIONS;
    let Listing { page, per_page, detail, snap, hits, near, .. } =
        listing(&state, &params, "service_at_locations", takes, true).await?;
    // Within a proximity, only the places within it: a service's places elsewhere are not near.
    let within = |s: &LocalOfferService, place: Option<usize>| match near {
        Some(Near { from, within_km: Some(km) }) => place
            .and_then(|p| s.locations[p].coordinates())
            .is_some_and(|at| distance_km(from, at) <= km),
        _ => true,
    };
    let all: Vec<(u32, usize)> = hits
        .iter()
        .flat_map(|h| {
            let s = snap.index.service(h.doc);
            let places = sendcase_oruk::service_at_locations(s).into_iter().enumerate();
            places.filter(move |(_, (_, place))| within(s, *place)).map(move |(i, _)| (h.doc, i))
        })
        .collect();
    let contents = page_of(&all, page, per_page)
        .into_iter()
        .map(|(doc, i)| with_service(&snap, doc, i, detail))
        .collect();
    Ok(Json(Page::new(all.len(), page, per_page, contents)))
}

async fn service_at_location(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Json<ServiceAtLocation>> {
    none(&params, "service_at_locations", &[])?;
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let &(doc, i) = id
        .parse::<Uuid>()
        .ok()
        .and_then(|id| snap.service_at_locations.get(&id))
        .ok_or(AppError::NotFound)?;
    Ok(Json(with_service(&snap, doc, i, Detail::Full)))
}
