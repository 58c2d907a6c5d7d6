//! The council's answer to a subject access request (UK GDPR article 15): its manager finds a
//! child by UPN or record id and downloads everything held about them, as `sendcase export
//! person` writes it. The use case asks the policy and audits the download.

use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use sendcase_domain::clock::long_date;
use sendcase_domain::policy::subject_access_councils;
use sendcase_usecases::Refused;
use sendcase_usecases::subject_access::{self, export, find_child};
use serde::Deserialize;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/subject-access", get(find))
        .route("/subject-access/{child}/export.tar", get(download))
}

#[derive(Template)]
#[template(path = "subject_access/find.html")]
struct FindPage {
    page: PageContext,
    asked: String,
    found: Option<Found>,
}

struct Found {
    name: String,
    born: String,
    href: String,
}

#[derive(Deserialize)]
pub struct FindQuery {
    child: Option<String>,
}

async fn find(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Query(q): Query<FindQuery>,
) -> PageResult {
    if subject_access_councils(&user.actor).is_empty() {
        return Err(AppError::Forbidden.into());
    }
    let asked = q.child.unwrap_or_default();
    let mut page = PageContext::new(Some(&user), "/subject-access");
    let mut found = None;
    if !asked.trim().is_empty() {
        let acting = acting(&state, &user, &rid);
        let child = match find_child(acting.store, &asked).await? {
            Some(id) => match subject_access::subject(&acting, id).await {
                Ok(child) => Some(child),
                // Whether another council's child exists is not this manager's to know.
                Err(Refused::NotFound | Refused::Forbidden) => None,
                Err(other) => return Err(other.into()),
            },
            None => None,
        };
        match child {
            Some(child) => {
                found = Some(Found {
                    name: child.full_name(),
                    born: long_date(child.birth_date),
                    href: format!("/subject-access/{}/export.tar", child.id),
                })
            }
            None => {
                let missing = "No child of your council has that UPN or record id";
                page = page.with_errors(vec![FieldError::new("child", missing)]);
            }
        }
    }
    let refused = !page.errors.is_empty();
    let mut response = render(&FindPage { page, asked, found })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

async fn download(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(child): Path<String>,
) -> PageResult {
    let child: Uuid = child.parse().map_err(|_| AppError::NotFound)?;
    let acting = acting(&state, &user, &rid);
    let today = acting.today;
    let export = export(&acting, child).await?;
    let json =
        serde_json::to_vec_pretty(&export.json).map_err(|e| AppError::Internal(e.to_string()))?;
    // Typesetting is CPU-bound: keep it off the threads that serve other requests.
    let tar = tokio::task::spawn_blocking(move || {
        sendcase_documents::archive::subject_access(&json, export.files(), today)
    })
    .await
    .map_err(|e| AppError::Internal(format!("the export stopped: {e}")))?
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!("attachment; filename=\"subject-access-{child}.tar\"");
    let headers = [
        (header::CONTENT_TYPE, "application/x-tar".to_owned()),
        (header::CONTENT_DISPOSITION, name),
    ];
    Ok((headers, tar).into_response())
}
