//! Children and EHC needs assessment requests, written through the API: the contract that
//! acceptance checks use. Every step is a dated event; duties come from the clock.

use crate::AppState;
use crate::auth::{ApiCaller, RequestId, acting};
use crate::error::{ApiErrorBody, ApiResult, AppError, FieldError};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::people::birth::birth_date_problem;
use sendcase_domain::people::identifiers::{LaCode, Upn};
use sendcase_store::NewChild;
use sendcase_usecases::children::register_child;
use sendcase_usecases::ehc::{RequestedChild, record_request};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewChildBody {
    pub given_name: String,
    pub family_name: String,
    /// YYYY-MM-DD
    pub birth_date: String,
    pub upn: Option<String>,
    /// The DfE code of the local authority responsible for the child.
    pub la_code: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: Uuid,
}

fn required(field: &str, value: &str, errors: &mut Vec<FieldError>, message: &str) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, message));
    }
}

/// Parses a `YYYY-MM-DD` date, naming the field when it is not a real date.
pub fn parse_date(
    field: &str,
    value: &str,
    errors: &mut Vec<FieldError>,
) -> Option<jiff::civil::Date> {
    match sendcase_domain::clock::calendar::parse_iso_date(value.trim()) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError::new(
                field,
                format!("{field} must be a real date in the form YYYY-MM-DD, not \"{value}\""),
            ));
            None
        }
    }
}

/// Register a child or young person with the local authority responsible for them.
#[utoipa::path(post, path = "/children", tag = "children", request_body = NewChildBody,
    responses((status = 201, body = Created), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_child(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Json(body): Json<NewChildBody>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let mut errors = vec![];
    required("given_name", &body.given_name, &mut errors, "Enter the child's first name");
    required("family_name", &body.family_name, &mut errors, "Enter the child's last name");
    let birth_date = parse_date("birth_date", &body.birth_date, &mut errors);
    let upn =
        match body.upn.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::parse::<Upn>) {
            Some(Err(e)) => {
                errors.push(FieldError::new("upn", format!("UPN: {e}")));
                None
            }
            Some(Ok(u)) => Some(u),
            None => None,
        };
    let la_code = body
        .la_code
        .parse::<LaCode>()
        .map_err(|e| errors.push(FieldError::new("la_code", e.to_string())))
        .ok();
    if let Some(why) = birth_date.and_then(|d| birth_date_problem(d, crate::records::today())) {
        errors.push(FieldError::new("birth_date", why));
    }
    let (Some(birth_date), Some(la_code), true) = (birth_date, la_code, errors.is_empty()) else {
        return Err(AppError::invalid(errors).into());
    };
    let la = state
        .store
        .organisations()
        .await?
        .into_iter()
        .find(|o| o.la_code.as_ref() == Some(&la_code));
    let la = la.ok_or_else(|| {
        AppError::invalid(vec![FieldError::new(
            "la_code",
            format!("{la_code} ({}) is not set up in sendcase", la_code.name()),
        )])
    })?;
    let new = NewChild {
        given_name: body.given_name.trim().to_owned(),
        family_name: body.family_name.trim().to_owned(),
        birth_date,
        upn,
        nhs_number: None,
        uln: None,
        responsible_la_id: la.id,
        enrolment: None,
    };
    let id = register_child(acting(&state, &user, &rid), new).await.map_err(AppError::from)?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewRequestBody {
    /// The date the local authority received the request (YYYY-MM-DD): the clock starts here.
    pub received_on: String,
    /// parent, young_person, school, health, social_care or other
    pub source: String,
}

/// Record a request for an EHC needs assessment; this records the `request_received` event.
#[utoipa::path(post, path = "/children/{id}/ehc-requests", tag = "ehc-requests", request_body = NewRequestBody,
    params(("id" = Uuid, Path, description = "The child's id")),
    responses((status = 201, body = Created), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_request(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(child_id): Path<String>,
    Json(body): Json<NewRequestBody>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let child_id: Uuid = child_id.parse().map_err(|_| AppError::NotFound)?;
    let mut errors = vec![];
    let received_on = parse_date("received_on", &body.received_on, &mut errors);
    let source = body
        .source
        .parse::<RequestSource>()
        .map_err(|e| errors.push(FieldError::new("source", e)))
        .ok();
    let (Some(received_on), Some(source), true) = (received_on, source, errors.is_empty()) else {
        return Err(AppError::invalid(errors).into());
    };
    let child = RequestedChild::OnRecord(child_id);
    let id = record_request(acting(&state, &user, &rid), child, received_on, source, None)
        .await
        .map_err(AppError::from)?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
