//! `/case-documents/{id}`: one document that came with a request or with advice, for whoever
//! the policy lets read it (`policy::decide_document_read`), audited. It is always downloaded, never shown in the page's
//! own origin, and served as the type its bytes were checked to be.

use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::error::AppError;
use crate::page::PageResult;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use uuid::Uuid;

pub async fn download(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let file = sendcase_usecases::ehc::case_document(&acting(&state, &user, &rid), id).await?;
    let headers = [
        (header::CONTENT_TYPE, file.info.content_type.clone()),
        (header::CONTENT_DISPOSITION, disposition(&file.info.file_name)),
    ];
    Ok((headers, file.content).into_response())
}

/// `attachment` with the name as typed (RFC 6266's `filename*`) and an ASCII stand-in for
/// browsers that read only `filename`.
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_given_plainly_and_exactly() {
        assert_eq!(
            super::disposition("Ava's \"report\" é.pdf"),
            "attachment; filename=\"Ava's _report_ _.pdf\"; \
             filename*=UTF-8''Ava%27s%20%22report%22%20%C3%A9.pdf"
        );
    }
}
