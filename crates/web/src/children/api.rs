//! `/children`: the children the caller may see.

use crate::AppState;
use crate::auth::{ApiCaller, RequestId};
use crate::error::{ApiErrorBody, ApiResult};
use crate::page::lists::{SearchParams, api_page};
use crate::records::{children_page, read_child};
use axum::Json;
use axum::extract::{Path, Query, State};
use sendcase_store::ChildRecord;
use serde::Deserialize;
use serde::Serialize;
use uuid::Uuid;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChildBody {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    #[schema(value_type = String, format = Date)]
    pub birth_date: jiff::civil::Date,
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    pub uln: Option<String>,
    /// The local authority responsible for the child.
    pub responsible_la_id: Uuid,
    /// Schools or settings the child is on roll at today.
    pub schools_on_roll: Vec<Uuid>,
}

impl From<ChildRecord> for ChildBody {
    fn from(r: ChildRecord) -> Self {
        ChildBody {
            id: r.child.id,
            given_name: r.child.given_name,
            family_name: r.child.family_name,
            birth_date: r.child.birth_date,
            upn: r.child.upn.map(|u| u.to_string()),
            nhs_number: r.child.nhs_number.map(|n| n.as_ref().to_owned()),
            uln: r.child.uln.map(|u| u.to_string()),
            responsible_la_id: r.child.responsible_la_id,
            schools_on_roll: r.relations.schools_on_roll,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChildList {
    /// How many children match, across all pages.
    pub total: u64,
    pub children: Vec<ChildBody>,
}

/// Which children to list: a search, and a page of them by name.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct ChildListParams {
    /// A name, a date of birth (YYYY-MM-DD or DD/MM/YYYY) or the start of a UPN.
    pub q: Option<String>,
    /// At most this many children, from 1 to 1,000 (default 100).
    pub limit: Option<u32>,
    /// Skip this many first (default 0).
    pub offset: Option<u32>,
}

/// The children and young people the caller may see, by name, a page at a time.
#[utoipa::path(get, path = "/children", tag = "children", params(ChildListParams),
    responses((status = 200, body = ChildList), (status = 401, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Query(params): Query<ChildListParams>,
) -> ApiResult<Json<ChildList>> {
    let search = SearchParams { q: params.q, page: None }.parse()?.search;
    let (limit, offset) = api_page(params.limit, params.offset)?;
    let listing = children_page(&state, &user, &rid, search, limit, offset).await?;
    let children = listing.rows.into_iter().map(ChildBody::from).collect();
    Ok(Json(ChildList { total: listing.total, children }))
}

/// One child's record. 404 when it does not exist or the caller may not know it does.
#[utoipa::path(get, path = "/children/{id}", tag = "children",
    params(("id" = Uuid, Path, description = "The child's id")),
    responses((status = 200, body = ChildBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
) -> ApiResult<Json<ChildBody>> {
    Ok(Json(read_child(&state, &user, &rid, &id).await?.into()))
}
