//! `/plans` in the JSON API: the council's plans in force (or ended), filtered as the page
//! filters them, a page at a time.

use super::list::PlanFilters;
use crate::AppState;
use crate::auth::{ApiCaller, RequestId};
use crate::error::{ApiErrorBody, ApiResult, AppError};
use crate::page::lists::api_page;
use crate::records::today;
use axum::Json;
use axum::extract::{Query, State};
use jiff::civil::Date;
use sendcase_domain::clock::Named;
use sendcase_domain::policy::councils_of;
use sendcase_store::PlanRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Which plans to list.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct PlanListParams {
    /// A name, a date of birth (YYYY-MM-DD or DD/MM/YYYY) or the start of a UPN.
    pub q: Option<String>,
    /// `overdue`, `term` (this school term), or a month as `YYYY-MM`: when the review is due.
    pub review: Option<String>,
    /// Words of the setting's name, or its URN.
    pub setting: Option<String>,
    /// A national curriculum year as the census codes it (`R`, `1`–`14`).
    pub year: Option<String>,
    /// The caseworker's user id.
    pub caseworker: Option<String>,
    /// `ended` lists ended plans instead of those in force.
    pub show: Option<String>,
    /// At most this many plans, from 1 to 1,000 (default 100).
    pub limit: Option<u32>,
    /// Skip this many first (default 0).
    pub offset: Option<u32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PlanBody {
    /// The EHC request the plan belongs to (its events, duties and plan are under it).
    pub request_id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    #[schema(value_type = String, format = Date)]
    pub birth_date: Date,
    pub upn: Option<String>,
    pub setting: Option<String>,
    pub caseworker: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub issued_on: Date,
    /// `in_force`, `being_amended`, `ending` or `ended`.
    pub status: &'static str,
    #[schema(value_type = Option<String>, format = Date)]
    pub review_due: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub phase_transfer_due: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<Date>,
}

impl From<PlanRow> for PlanBody {
    fn from(p: PlanRow) -> Self {
        PlanBody {
            request_id: p.request_id,
            child_id: p.child.id,
            child_name: p.child.full_name(),
            birth_date: p.child.birth_date,
            upn: p.child.upn.map(|u| u.to_string()),
            setting: p.setting,
            caseworker: p.caseworker,
            issued_on: p.issued_on,
            status: p.status.as_str(),
            review_due: p.review_due,
            phase_transfer_due: p.phase_transfer_due,
            ended_on: p.ended_on,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PlanList {
    /// How many plans match, across all pages.
    pub total: u64,
    pub plans: Vec<PlanBody>,
}

/// The plans of the caller's council, earliest review first (ended plans: latest ended first).
#[utoipa::path(get, path = "/plans", tag = "plans", params(PlanListParams),
    responses((status = 200, body = PlanList), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Query(params): Query<PlanListParams>,
) -> ApiResult<Json<PlanList>> {
    let councils = councils_of(&user.actor);
    let audit = rid.audit(&user.actor, None);
    if councils.is_empty() {
        state.store.record_access(&audit, "refused", "plans", None).await?;
        return Err(AppError::Forbidden.into());
    }
    let (limit, offset) = api_page(params.limit, params.offset)?;
    let filters = PlanFilters {
        q: params.q,
        review: params.review,
        setting: params.setting,
        year: params.year,
        caseworker: params.caseworker,
        show: params.show,
        page: None,
    };
    let query = filters.query(councils, today(), limit, offset)?;
    state.store.record_access(&audit, "list", "plans", None).await?;
    let listing = state.store.plans_in_force(&query).await?;
    let plans = listing.rows.into_iter().map(PlanBody::from).collect();
    Ok(Json(PlanList { total: listing.total, plans }))
}
