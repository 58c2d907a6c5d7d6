//! One application error, rendered two ways: `{"error": …}` JSON for the API and a GOV.UK page
//! for HTML. Use `AppError` in handlers; storage errors convert into it and are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sendcase_domain::policy::Refusal;
use sendcase_store::StoreError;
use sendcase_usecases::Refused;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The form field or JSON member at fault; HTML error summaries link to `#field`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 401: no valid session or token. Never says whether an account exists.
    #[error("Sign in to continue")]
    Unauthenticated,
    /// 403: the record is known to the caller but the action is not theirs.
    #[error("You do not have permission to do this")]
    Forbidden,
    /// 404: no such record, or one the caller may not know exists.
    #[error("Page not found")]
    NotFound,
    /// 422: input that parsed but broke a rule; one message per field.
    #[error("{summary}")]
    Invalid { summary: String, fields: Vec<FieldError> },
    /// 400: input that did not parse at all.
    #[error("{0}")]
    BadRequest(String),
    /// 409: the request is sound but the service is not yet set up to answer it.
    #[error("{0}")]
    Conflict(String),
    /// 429: too many failed sign-ins.
    #[error("{0}")]
    TooManyRequests(String),
    /// 500: logged with its cause; the caller sees only that something went wrong.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        let summary = match fields.as_slice() {
            [one] => one.message.clone(),
            _ => "There is a problem with what you entered".to_owned(),
        };
        AppError::Invalid { summary, fields }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid { .. } => "invalid",
            AppError::BadRequest(_) => "bad_request",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::Internal(_) => "internal",
        }
    }

    /// What a person may be told; internal detail stays in the log.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Internal(_) => {
                "Sorry, there is a problem with the service. Try again later.".to_owned()
            }
            other => other.to_string(),
        }
    }

    pub fn fields(&self) -> &[FieldError] {
        match self {
            AppError::Invalid { fields, .. } => fields,
            _ => &[],
        }
    }

    fn log(&self) {
        if let AppError::Internal(cause) = self {
            tracing::error!(error.cause = %cause, "request failed: {cause}");
        }
    }

    pub fn into_json(self) -> Response {
        self.log();
        let body = ApiErrorBody {
            error: ApiErrorDetail {
                code: self.code().to_owned(),
                message: self.public_message(),
                fields: self.fields().to_vec(),
            },
        };
        (self.status(), axum::Json(body)).into_response()
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::NotFound => AppError::NotFound,
            Refusal::Forbidden => AppError::Forbidden,
        }
    }
}

/// A use case's refusal as an error to show on the form that asked for it, or, when it is not
/// the form's to fix, as the page's error.
pub fn on_form<T>(result: Result<T, Refused>) -> Result<Result<T, FieldError>, AppError> {
    match result {
        Ok(done) => Ok(Ok(done)),
        Err(Refused::Rule { field, message }) => Ok(Err(FieldError::new(field, message))),
        Err(Refused::Clock(clock_says)) => Ok(Err(FieldError::new(
            "date-day",
            format!("That date does not fit the case's history: {clock_says}"),
        ))),
        Err(Refused::Store(StoreError::Missing(what))) => Ok(Err(FieldError::new(
            "",
            format!("{what} does not exist: reload the page and try again"),
        ))),
        Err(other) => Err(other.into()),
    }
}

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::NotFound => AppError::NotFound,
            Refused::Forbidden => AppError::Forbidden,
            Refused::Clock(message) => AppError::invalid(vec![FieldError::new("date", message)]),
            Refused::Rule { field, message } => {
                AppError::invalid(vec![FieldError::new(field, message)])
            }
            Refused::Stale { message, .. } | Refused::NotSetUp(message) => {
                AppError::Conflict(message)
            }
            Refused::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate { field } => AppError::invalid(vec![FieldError::new(
                field,
                format!("{field} is already in use"),
            )]),
            StoreError::Missing(what) => {
                AppError::invalid(vec![FieldError::new("", format!("{what} does not exist"))])
            }
            // Only a request acting on a kept credential meets it, and its answer is made again.
            StoreError::CredentialChanged => AppError::Unauthenticated,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

/// The JSON error envelope of `/api/v1`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorDetail {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

/// An [`AppError`] from an API handler: rendered as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_json()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
