//! The working EHC plan in the JSON API: read it with its version, save a new version made from
//! one. A save from an older version keeps its changed sections on top of what others saved
//! since, and is refused with 409 where both changed the same section.

use crate::AppState;
use crate::auth::{ApiCaller, RequestId, acting};
use crate::ehc::case::case_for;
use crate::error::{ApiErrorBody, ApiResult, AppError};
use crate::records::today;
use axum::Json;
use axum::extract::{Path, State};
use sendcase_domain::ehc::plan::EhcPlan;
use sendcase_domain::policy::{CaseAction, decide_case};
use sendcase_usecases::ehc::file::working_plan;
use sendcase_usecases::ehc::{Step, take_step};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct VersionedPlan {
    /// The version the plan is (on reading) or was edited from (on saving); 0 before any save.
    #[serde(alias = "based_on")]
    pub version: i32,
    /// Sections `a` to `k`, as the plan page shows them.
    #[schema(value_type = Object)]
    pub plan: EhcPlan,
}

async fn current(state: &AppState, id: uuid::Uuid) -> ApiResult<Json<VersionedPlan>> {
    let (version, plan) = working_plan(&state.store.plan_versions(id).await?);
    Ok(Json(VersionedPlan { version, plan }))
}

/// The newest version of the request's plan: for the council, whatever it is (draft, final,
/// proposed amendments or being written); for everyone else, the newest sent to the family (404
/// before any is).
#[utoipa::path(get, path = "/ehc-requests/{id}/plan", tag = "ehc-requests",
    params(("id" = uuid::Uuid, Path, description = "The request's id")),
    responses((status = 200, body = VersionedPlan), (status = 401, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
pub async fn read_plan(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
) -> ApiResult<Json<VersionedPlan>> {
    let (case, child, _) = case_for(&state, &user, &rid, &id, CaseAction::Read).await?;
    let council = CaseAction::RecordStatutoryEvent;
    if decide_case(&user.actor, council, &child.relations, today()).allowed().is_ok() {
        return current(&state, case.request.id).await;
    }
    let versions = state.store.plan_versions(case.request.id).await?;
    let sent = versions.into_iter().rev().find(|v| v.issued.is_some()).ok_or(AppError::NotFound)?;
    Ok(Json(VersionedPlan { version: sent.version, plan: sent.plan }))
}

/// Saves a new version of the plan, edited from `version`; answers with the version saved.
#[utoipa::path(put, path = "/ehc-requests/{id}/plan", tag = "ehc-requests",
    params(("id" = uuid::Uuid, Path, description = "The request's id")),
    request_body = VersionedPlan,
    responses((status = 200, body = VersionedPlan), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn save_plan(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
    Json(edit): Json<VersionedPlan>,
) -> ApiResult<Json<VersionedPlan>> {
    let (case, _, _) = case_for(&state, &user, &rid, &id, CaseAction::RecordStatutoryEvent).await?;
    let step = Step::SavePlan { plan: Box::new(edit.plan), based_on: edit.version };
    take_step(acting(&state, &user, &rid), case.request.id, step).await.map_err(AppError::from)?;
    current(&state, case.request.id).await
}
