//! A review's advice from the professionals invited through their accounts, in the JSON API:
//! what each has given or still owes, a professional's advice given, and the reviews a
//! professional is invited to, as the pages show them.

use super::review_advice::{advice_due, invitations, invitee_advice};
use crate::AppState;
use crate::auth::{ApiCaller, RequestId, acting};
use crate::ehc::CaseView;
use crate::error::{ApiErrorBody, ApiResult, AppError};
use crate::records::today;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use sendcase_domain::ehc::reviews::ReviewProgress;
use sendcase_domain::policy::CaseAction;
use sendcase_usecases::ehc::{ReviewTaken, Step, take_step};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Serialize, utoipa::ToSchema)]
pub struct InviteeAdviceBody {
    pub user_id: Uuid,
    /// As their account was named when they were invited.
    pub name: String,
    /// When they gave their advice; null while it is awaited.
    #[schema(value_type = Option<String>, format = Date)]
    pub given_on: Option<Date>,
    pub advice: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewAdviceBody {
    /// The meeting of the review under way; null when none is arranged.
    #[schema(value_type = Option<String>, format = Date)]
    pub meeting_date: Option<Date>,
    /// The clock's deadline for sending the advice round, 2 weeks before the meeting.
    #[schema(value_type = Option<String>, format = Date)]
    pub advice_due: Option<Date>,
    /// Each professional invited through their account, with their advice.
    pub invited: Vec<InviteeAdviceBody>,
}

fn advice_body(view: &CaseView) -> Result<ReviewAdviceBody, AppError> {
    let progress = ReviewProgress::of(&view.case.history());
    let invited = invitee_advice(view, &progress)?
        .into_iter()
        .map(|i| InviteeAdviceBody {
            user_id: i.user_id,
            name: i.name,
            given_on: i.given.as_ref().map(|a| a.given_on),
            advice: i.given.map(|a| a.advice),
        })
        .collect();
    Ok(ReviewAdviceBody {
        meeting_date: progress.meeting_date,
        advice_due: advice_due(view, &progress),
        invited,
    })
}

/// The advice of the professionals invited to the review under way: given, or still awaited.
#[utoipa::path(get, path = "/ehc-requests/{id}/review/advice", tag = "plans",
    params(("id" = Uuid, Path, description = "The request's id")),
    responses((status = 200, body = ReviewAdviceBody), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn read_advice(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
) -> ApiResult<Json<ReviewAdviceBody>> {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    Ok(Json(advice_body(&view)?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewReviewAdvice {
    /// The caller's advice for the review, as a professional invited to it.
    pub advice: String,
}

/// Gives the caller's advice for the review under way, dated today: once, by a professional
/// invited to it, before its meeting is held (422 saying why otherwise; 403 when not invited).
/// Answers with the review's advice as it then stands.
#[utoipa::path(post, path = "/ehc-requests/{id}/review/advice", tag = "plans",
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body = NewReviewAdvice,
    responses((status = 201, body = ReviewAdviceBody), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn give_advice(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
    Json(body): Json<NewReviewAdvice>,
) -> ApiResult<(StatusCode, Json<ReviewAdviceBody>)> {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::SubmitAdvice).await?;
    let step = Step::Review(ReviewTaken::GiveAdvice { advice: body.advice, on: today() });
    take_step(acting(&state, &user, &rid), view.case.request.id, step)
        .await
        .map_err(AppError::from)?;
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    Ok((StatusCode::CREATED, Json(advice_body(&view)?)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewInvitationBody {
    pub request_id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    #[schema(value_type = String, format = Date)]
    pub meeting_date: Date,
    #[schema(value_type = Option<String>, format = Date)]
    pub advice_due: Option<Date>,
    /// When the caller gave their advice; null while it is still to give.
    #[schema(value_type = Option<String>, format = Date)]
    pub advice_given_on: Option<Date>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewInvitations {
    pub reviews: Vec<ReviewInvitationBody>,
}

/// The annual reviews under way to which the caller is invited as a professional, soonest
/// meeting first.
#[utoipa::path(get, path = "/review-invitations", tag = "plans",
    responses((status = 200, body = ReviewInvitations), (status = 401, body = ApiErrorBody)))]
pub async fn invited_to(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
) -> ApiResult<Json<ReviewInvitations>> {
    let reviews = invitations(&state, &user, &rid)
        .await?
        .into_iter()
        .map(|i| ReviewInvitationBody {
            request_id: i.view.case.request.id,
            child_id: i.view.child.child.id,
            child_name: i.view.child.child.full_name(),
            meeting_date: i.meeting,
            advice_due: i.advice_due,
            advice_given_on: i.given_on,
        })
        .collect();
    Ok(Json(ReviewInvitations { reviews }))
}
