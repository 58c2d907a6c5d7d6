//! The statutory clock as a calculator: a case history in, its duties out. Stores nothing.

use crate::AppState;
use crate::auth::ApiCaller;
use crate::error::{ApiErrorBody, ApiResult, AppError, FieldError};
use crate::records::today;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sendcase_domain::clock::{ClockError, ClockOutput, Layout, read_history};

/// The duties of one case history, exactly as `sendcase clock` prints them (the contract in
/// clock.md). Body: `{"as_of": "YYYY-MM-DD" (optional, default today), "events": [...]}`.
#[utoipa::path(post, path = "/clock", tag = "clock",
    request_body(content = serde_json::Value, description = "A case history: `as_of` and `events`", content_type = "application/json"),
    responses((status = 200, body = serde_json::Value, description = "`as_of` and `duties`, sorted by due date"),
        (status = 401, body = ApiErrorBody), (status = 422, body = ApiErrorBody, description = "The history is invalid; the message names the event's index")))]
pub async fn calculate(
    State(state): State<AppState>,
    ApiCaller(_caller): ApiCaller,
    body: String,
) -> ApiResult<Duties> {
    let output = read_history(&body)
        .and_then(|history| history.duties(today(), &state.settings.calendar))
        .map_err(invalid)?;
    Ok(Duties(output))
}

/// A case's duties as the clock contract's JSON.
pub struct Duties(pub ClockOutput);

impl IntoResponse for Duties {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0.to_json(Layout::Compact))
            .into_response()
    }
}

pub fn invalid(e: ClockError) -> AppError {
    let field = e.index.map(|i| format!("events[{i}]")).unwrap_or_default();
    let message = e.to_string();
    AppError::Invalid { summary: message.clone(), fields: vec![FieldError::new(field, message)] }
}
