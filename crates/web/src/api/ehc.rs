//! A request's life as dated events: recording them (the clock decides whether each may follow
//! the history), reading its duties, and the caseload of open requests.

use crate::auth::{ApiCaller, RequestId};
use crate::error::{ApiErrorBody, ApiResult, AppError, FieldError};
use crate::records::today;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jiff::civil::Date;
use crate::cases::{case_duties, case_for, open_requests};
use super::cases::parse_date;
use sendcase_domain::clock::{check_history, ClockError, ClockOutput, DatedEvent, DutyOutput};
use sendcase_domain::policy::CaseAction;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::clock::invalid;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Recorded {
    /// The event's position in the case's history, from 0.
    pub seq: i32,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AsOf {
    /// YYYY-MM-DD; statuses are judged on this day (default today).
    pub as_of: Option<String>,
}

fn as_of(query: &AsOf) -> Result<Option<Date>, AppError> {
    let Some(text) = query.as_of.as_deref() else { return Ok(None) };
    let mut errors = vec![];
    parse_date("as_of", text, &mut errors).map(Some).ok_or_else(|| AppError::invalid(errors))
}

/// Record one event of the case, in the clock contract's form (`event`, `date`, `ref`, …).
/// An event the clock would reject at this point of the history is refused with its message,
/// and nothing is stored.
#[utoipa::path(post, path = "/ehc-requests/{id}/events", tag = "ehc-requests",
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body(content = serde_json::Value, description = "One clock event", content_type = "application/json"),
    responses((status = 201, body = Recorded), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn record_event(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
    body: String,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    let (case, _, decision) = case_for(&state, &user, &rid, &id, CaseAction::RecordStatutoryEvent).await?;
    let index = Some(case.events.len());
    let value: serde_json::Value = serde_json::from_str(&body)
        .map_err(|e| invalid(ClockError { index, problem: format!("the event is not valid JSON: {e}") }))?;
    let event = DatedEvent::from_json(&value).map_err(|problem| invalid(ClockError { index, problem }))?;
    let calendar = state.settings.calendar.clone();
    let check = move |history: &[serde_json::Value]| check_history(history, &calendar);
    let meta = rid.audit(&user.actor, Some(decision));
    match state.store.append_case_event(case.request.id, event.to_json(), event.date, &check, &meta).await? {
        Ok(seq) => Ok((StatusCode::CREATED, Json(Recorded { seq }))),
        Err(message) => Err(AppError::Invalid { summary: message.clone(), fields: vec![FieldError::new("event", message)] }.into()),
    }
}

/// Every statutory duty of the request: exactly what `sendcase clock` prints for its history.
#[utoipa::path(get, path = "/ehc-requests/{id}/duties", tag = "ehc-requests",
    params(("id" = Uuid, Path, description = "The request's id"), AsOf),
    responses((status = 200, body = serde_json::Value, description = "`as_of` and `duties`, as the clock contract"),
        (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn duties_of_request(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> ApiResult<Json<ClockOutput>> {
    let as_of = as_of(&query)?;
    let (case, _, _) = case_for(&state, &user, &rid, &id, CaseAction::Read).await?;
    Ok(Json(case_duties(&case, as_of, &state.settings.calendar)?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseloadEntry {
    pub id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    /// YYYY-MM-DD
    pub received_on: String,
    /// The earliest duty still owed, in the clock's form; null when none is.
    #[schema(value_type = Object)]
    pub next_duty: Option<DutyOutput>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Caseload {
    /// YYYY-MM-DD
    pub as_of: String,
    pub requests: Vec<CaseloadEntry>,
}

/// The open EHC needs assessment requests the caller may see, earliest next duty first.
#[utoipa::path(get, path = "/caseload", tag = "ehc-requests", params(AsOf),
    responses((status = 200, body = Caseload), (status = 401, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn caseload(State(state): State<AppState>, ApiCaller(user): ApiCaller, rid: RequestId, Query(query): Query<AsOf>) -> ApiResult<Json<Caseload>> {
    let as_of = as_of(&query)?.unwrap_or_else(today);
    let requests = open_requests(&state, &user, &rid, as_of)
        .await?
        .into_iter()
        .map(|r| CaseloadEntry {
            id: r.case.request.id,
            child_id: r.case.request.child_id,
            child_name: r.child_name,
            received_on: r.case.request.received_on.to_string(),
            next_duty: r.duties.next_duty().cloned(),
        })
        .collect();
    Ok(Json(Caseload { as_of: as_of.to_string(), requests }))
}
