//! `/openreferral/organizations`: the providers of the public services, each with what it
//! provides at `/organizations/{id}` (its services' own fields, or all of them with
//! `full_service=true`).

use super::params::{self, Params, flag, none, only, paging};
use super::{named, page_of};
use crate::AppState;
use crate::error::{ApiResult, AppError};
use axum::Json;
use axum::extract::{Path, Query, State};
use sendcase_domain::local_offer::Provider;
use sendcase_oruk::{Detail, Organization, Page};
use uuid::Uuid;

fn nested(snap: &super::Snapshot, p: &Provider, docs: &[u32], detail: Detail) -> Organization {
    let services = docs
        .iter()
        .map(|&d| {
            let mut s = sendcase_oruk::service(snap.index.service(d), detail);
            // The organisation is the one these services are nested in.
            s.organization = None;
            s
        })
        .collect();
    sendcase_oruk::organization(p, services)
}

pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> ApiResult<Json<Page<Organization>>> {
    only(&params, "organizations", params::ORGANIZATIONS)?;
    let (page, per_page) = paging(&params)?;
    let (full, detail) = (flag(&params, "full")?, params::detail(&params, "full_service")?);
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let all: Vec<&(Provider, Vec<u32>)> =
        snap.organizations.iter().filter(|(p, _)| named(&p.name, params.get("search"))).collect();
    let contents = page_of(&all, page, per_page)
        .into_iter()
        .map(|(p, docs)| match full {
            true => nested(&snap, p, docs, detail),
            false => sendcase_oruk::organization(p, vec![]),
        })
        .collect();
    Ok(Json(Page::new(all.len(), page, per_page, contents)))
}

pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Json<Organization>> {
    none(&params, "organizations", &["full_service"])?;
    let detail = params::detail(&params, "full_service")?;
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let id: Option<Uuid> = id.parse().ok();
    let (p, docs) =
        snap.organizations.iter().find(|(p, _)| Some(p.id) == id).ok_or(AppError::NotFound)?;
    Ok(Json(nested(&snap, p, docs, detail)))
}
