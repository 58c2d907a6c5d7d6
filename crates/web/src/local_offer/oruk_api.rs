//! The Open Referral UK 3.0 API under `/openreferral`: open, anonymous, read-only, and callable
//! from any web page (`Access-Control-Allow-Origin: *`). Only public services appear.

use super::{Snapshot, page_of};
use crate::AppState;
use crate::error::{ApiResult, AppError};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::{Json, Router};
use sendcase_domain::local_offer::search::{Near, SearchQuery};
use sendcase_domain::local_offer::{NeedType, normalise_postcode};
use sendcase_oruk::{Detail, Page, ServiceAtLocation, taxonomy};
use std::collections::HashMap;
use tower_http::set_header::SetResponseHeaderLayer;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openreferral", get(|| async { Json(sendcase_oruk::api_details()) }))
        .route("/openreferral/", get(|| async { Json(sendcase_oruk::api_details()) }))
        .route("/openreferral/services", get(services))
        .route("/openreferral/services/{id}", get(service))
        .route("/openreferral/taxonomies", get(taxonomies))
        .route("/openreferral/taxonomies/{id}", get(one_taxonomy))
        .route("/openreferral/taxonomy_terms", get(taxonomy_terms))
        .route("/openreferral/taxonomy_terms/{id}", get(taxonomy_term))
        .route("/openreferral/service_at_locations", get(service_at_locations))
        .route("/openreferral/service_at_locations/{id}", get(service_at_location))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
}

type Params = Query<HashMap<String, String>>;

const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 1_000;

fn number(
    params: &HashMap<String, String>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, AppError> {
    match params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse::<usize>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
            AppError::BadRequest(format!("`{name}` must be a whole number from 1 to {max}"))
        }),
    }
}

fn paging(params: &HashMap<String, String>) -> Result<(usize, usize), AppError> {
    Ok((
        number(params, "page", 1, usize::MAX)?,
        number(params, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
    ))
}

fn uuid_param(params: &HashMap<String, String>, name: &str) -> Result<Option<Uuid>, AppError> {
    params
        .get(name)
        .filter(|v| !v.is_empty())
        .map(|v| v.parse().map_err(|_| AppError::BadRequest(format!("`{name}` must be a UUID"))))
        .transpose()
}

/// The search the parameters ask for, or `None` when they name a term or taxonomy that does not exist.
async fn query(
    state: &AppState,
    params: &HashMap<String, String>,
) -> Result<Option<SearchQuery>, AppError> {
    let mut q = SearchQuery {
        text: params.get("search").cloned().unwrap_or_default(),
        ..Default::default()
    };
    if let Some(term) = uuid_param(params, "taxonomy_term_id")? {
        match taxonomy::term(term) {
            Some(taxonomy::Term::Category(c)) => q.categories = vec![c],
            Some(taxonomy::Term::Need(n)) => q.needs = vec![n],
            None => return Ok(None),
        }
    }
    match uuid_param(params, "taxonomy_id")? {
        None => {}
        // Every public service has at least one kind of provision.
        Some(id) if id == taxonomy::PROVISION_TAXONOMY => {}
        Some(id) if id == taxonomy::NEED_TAXONOMY => q.needs = NeedType::ALL.to_vec(),
        Some(_) => return Ok(None),
    }
    if let Some(after) = params.get("modified_after").filter(|v| !v.is_empty()) {
        let parsed = after.parse::<jiff::Timestamp>().or_else(|_| {
            after
                .parse::<jiff::civil::Date>()
                .map(|d| d.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp()))
                .and_then(|t| t)
        });
        q.modified_after = Some(parsed.map_err(|_| {
            AppError::BadRequest(
                "`modified_after` must be a date-time like 2026-01-31T00:00:00Z".into(),
            )
        })?);
    }
    if let Some(postcode) = params.get("postcode").filter(|v| !v.is_empty()) {
        let code = normalise_postcode(postcode)
            .ok_or_else(|| AppError::BadRequest("`postcode` is not a UK postcode".into()))?;
        let from = state.store.postcode(&code).await?.ok_or_else(|| {
            AppError::BadRequest(format!("postcode {code} is not in the postcode table"))
        })?;
        let within_km = match params.get("proximity").filter(|v| !v.is_empty()) {
            None => None,
            Some(m) => Some(
                m.parse::<f64>().ok().filter(|m| *m > 0.0).ok_or_else(|| {
                    AppError::BadRequest("`proximity` must be a distance in metres".into())
                })? / 1000.0,
            ),
        };
        q.near = Some(Near { from, within_km });
    }
    Ok(Some(q))
}

async fn services(
    State(state): State<AppState>,
    Query(params): Params,
) -> ApiResult<Json<Page<sendcase_oruk::Service>>> {
    let (page, per_page) = paging(&params)?;
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let (total, hits) = match query(&state, &params).await? {
        Some(q) => snap.index.search_top(&q, page.saturating_mul(per_page)),
        None => (0, vec![]),
    };
    let contents = page_of(&hits, page, per_page)
        .iter()
        .map(|h| sendcase_oruk::service(snap.index.service(h.doc), Detail::List))
        .collect();
    Ok(Json(Page::new(total, page, per_page, contents)))
}

async fn service(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<sendcase_oruk::Service>> {
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let found =
        id.parse::<Uuid>().ok().and_then(|id| snap.index.find(id)).ok_or(AppError::NotFound)?;
    Ok(Json(sendcase_oruk::service(found, Detail::Full)))
}

async fn taxonomies(Query(params): Params) -> ApiResult<Json<Page<sendcase_oruk::Taxonomy>>> {
    let (page, per_page) = paging(&params)?;
    let all = taxonomy::taxonomies();
    // Lists carry each taxonomy's own fields; its terms are at /taxonomies/{id}.
    let contents = page_of(&all, page, per_page)
        .into_iter()
        .map(|t| sendcase_oruk::Taxonomy { taxonomy_terms: vec![], ..t })
        .collect();
    Ok(Json(Page::new(all.len(), page, per_page, contents)))
}

async fn one_taxonomy(Path(id): Path<String>) -> ApiResult<Json<sendcase_oruk::Taxonomy>> {
    let id: Option<Uuid> = id.parse().ok();
    Ok(Json(
        taxonomy::taxonomies().into_iter().find(|t| Some(t.id) == id).ok_or(AppError::NotFound)?,
    ))
}

async fn taxonomy_terms(
    Query(params): Params,
) -> ApiResult<Json<Page<sendcase_oruk::TaxonomyTerm>>> {
    let (page, per_page) = paging(&params)?;
    let of = uuid_param(&params, "taxonomy_id")?;
    let all: Vec<_> =
        taxonomy::all_terms().into_iter().filter(|t| of.is_none() || t.taxonomy_id == of).collect();
    Ok(Json(Page::new(all.len(), page, per_page, page_of(&all, page, per_page))))
}

async fn taxonomy_term(Path(id): Path<String>) -> ApiResult<Json<sendcase_oruk::TaxonomyTerm>> {
    let id: Option<Uuid> = id.parse().ok();
    Ok(Json(
        taxonomy::all_terms().into_iter().find(|t| Some(t.id) == id).ok_or(AppError::NotFound)?,
    ))
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
    Query(params): Params,
) -> ApiResult<Json<Page<ServiceAtLocation>>> {
    let (page, per_page) = paging(&params)?;
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let hits = match query(&state, &params).await? {
        Some(q) => snap.index.search(&q),
        None => vec![],
    };
    let all: Vec<(u32, usize)> = hits
        .iter()
        .flat_map(|h| {
            (0..sendcase_oruk::service_at_locations(snap.index.service(h.doc)).len())
                .map(move |i| (h.doc, i))
        })
        .collect();
    let contents = page_of(&all, page, per_page)
        .into_iter()
        .map(|(doc, i)| with_service(&snap, doc, i, Detail::List))
        .collect();
    Ok(Json(Page::new(all.len(), page, per_page, contents)))
}

async fn service_at_location(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ServiceAtLocation>> {
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let &(doc, i) = id
        .parse::<Uuid>()
        .ok()
        .and_then(|id| snap.service_at_locations.get(&id))
        .ok_or(AppError::NotFound)?;
    Ok(Json(with_service(&snap, doc, i, Detail::Full)))
}
