//! A request's documents: the list of those sent, each as a page (`…/documents/final-plan`) and
//! as a tagged PDF (`…/documents/final-plan.pdf`). The PDF's URL works with a session and, for
//! the API, with a bearer token. Both are made from the same assembled document.

use super::CaseView;
use crate::AppState;
use crate::auth::{CurrentUser, PageOrApiCaller, RequestId, SignedIn};
use crate::error::{ApiError, AppError};
use crate::page::pdf::pdf;
use crate::page::{PageContext, PageError, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sendcase_domain::documents::{Document, DocumentKind, LetterDocument, PlanDocument};
use sendcase_domain::policy::CaseAction;
use sendcase_usecases::documents::{self as documents, Dated};

#[derive(Template)]
#[template(path = "ehc/documents.html")]
struct ListPage {
    page: PageContext,
    back: String,
    child_name: String,
    documents: Vec<(DocumentKind, String)>,
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let href = view.href();
    let documents = documents::available(&view.file())
        .into_iter()
        .map(|k| (k, format!("{href}/documents/{}", k.slug())))
        .collect();
    let page = ListPage {
        page: PageContext::new(Some(&user), "/caseload"),
        back: href,
        child_name: view.child.child.full_name(),
        documents,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "ehc/letter_document.html")]
struct LetterPage<'a> {
    page: PageContext,
    back: String,
    pdf: String,
    doc: &'a LetterDocument,
}

#[derive(Template)]
#[template(path = "ehc/plan_document.html")]
struct PlanPage<'a> {
    page: PageContext,
    back: String,
    pdf: String,
    plan: &'a PlanDocument,
}

/// `{kind}` shows the document as a page; `{kind}.pdf` sends its PDF.
pub async fn show(
    State(state): State<AppState>,
    PageOrApiCaller { user, api }: PageOrApiCaller,
    rid: RequestId,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let (slug, pdf) = match file.strip_suffix(".pdf") {
        Some(slug) => (slug, true),
        None => (file.as_str(), false),
    };
    let shown = match DocumentKind::parse(slug) {
        Some(kind) if pdf => pdf_response(&state, &user, &rid, &id, kind).await,
        Some(kind) if !api => page(&state, &user, &rid, &id, kind).await,
        _ => Err(AppError::NotFound),
    };
    match shown {
        Ok(response) => response,
        Err(e) if api => ApiError(e).into_response(),
        Err(e) => PageError(e).into_response(),
    }
}

async fn assemble(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
    kind: DocumentKind,
) -> Result<(CaseView, Dated), AppError> {
    let view = CaseView::load(state, user, rid, id, CaseAction::Read).await?;
    let dated =
        documents::document(state.store.as_ref(), &state.settings.calendar, &view.file(), kind)
            .await?;
    Ok((view, dated))
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
    kind: DocumentKind,
) -> Result<Response, AppError> {
    let (view, dated) = assemble(state, user, rid, id, kind).await?;
    let back = format!("{}/documents", view.href());
    let pdf = format!("{back}/{}.pdf", kind.slug());
    let page = PageContext::new(Some(user), "/caseload");
    match &dated.document {
        Document::Letter(doc) => render(&LetterPage { page, back, pdf, doc }),
        Document::Plan(plan) => render(&PlanPage { page, back, pdf, plan }),
        Document::Family(_) => Err(AppError::NotFound),
    }
}

async fn pdf_response(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
    kind: DocumentKind,
) -> Result<Response, AppError> {
    let (_, dated) = assemble(state, user, rid, id, kind).await?;
    pdf(dated.document, dated.on, kind.slug()).await
}

/// The addresses letters had before every document had one, kept so links already sent work.
pub async fn moved(Path(id): Path<String>, kind: DocumentKind) -> Redirect {
    Redirect::permanent(&format!("/ehc-requests/{id}/documents/{}", kind.slug()))
}
