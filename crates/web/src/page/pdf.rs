//! A document as the PDF a page links to.

use crate::error::AppError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use sendcase_domain::documents::Document;

/// `document`, dated `on`, as `application/pdf` named `name`.pdf.
pub async fn pdf(document: Document, on: Date, name: &str) -> Result<Response, AppError> {
    // Typesetting is CPU-bound: keep it off the threads that serve other requests.
    let bytes = tokio::task::spawn_blocking(move || sendcase_documents::pdf(&document, on))
        .await
        .map_err(|e| AppError::Internal(format!("typesetting stopped: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let disposition = format!("inline; filename=\"{name}.pdf\"");
    let headers = [
        (header::CONTENT_TYPE, "application/pdf".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, bytes).into_response())
}
