//! Keeping the Local Offer: services due for review (for the LA, and for each provider its own),
//! and families' comments awaiting the LA's response (reg 56).

use crate::AppState;
use crate::auth::acting;
use crate::auth::{RequestId, SignedIn};
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::long_date;
use sendcase_domain::local_offer::quality::{due_for_review, publish_problems, review_due};
use sendcase_domain::policy::{councils_of, may_edit_local_offer_service, may_manage_local_offer};
use sendcase_store::{Feedback, FeedbackResponse};
use sendcase_usecases::local_offer;
use uuid::Uuid;

/// Services are listed as due this long before their review lapses.
const REVIEW_WARNING_DAYS: i32 = 30;

pub struct DueRow {
    pub id: Uuid,
    pub name: String,
    pub provider: String,
    pub due: String,
    pub problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "local_offer/manage.html")]
struct ManagePage {
    page: PageContext,
    due: Vec<DueRow>,
    answers_feedback: bool,
    awaiting: Vec<Feedback>,
}

async fn manage_page(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    errors: Vec<FieldError>,
) -> Result<ManagePage, AppError> {
    let today = today();
    let due = state
        .store
        .local_offer_services()
        .await?
        .into_iter()
        .filter(|s| {
            may_edit_local_offer_service(&user.actor, s.council, s.provider.id)
                && due_for_review(s, today, REVIEW_WARNING_DAYS)
        })
        .map(|s| DueRow {
            id: s.id,
            due: s
                .reviewed_on
                .map(|on| long_date(review_due(on)))
                .unwrap_or_else(|| "Never reviewed".to_owned()),
            problems: publish_problems(&s, today).into_iter().map(|p| p.message()).collect(),
            name: s.name,
            provider: s.provider.name,
        })
        .collect();
    let answers_feedback = !councils_of(&user.actor).is_empty();
    let awaiting = if answers_feedback {
        let feedback = state.store.feedback().await?.into_iter();
        feedback
            .filter(|f| f.response.is_none() && may_manage_local_offer(&user.actor, f.council))
            .collect()
    } else {
        vec![]
    };
    Ok(ManagePage {
        page: PageContext::new(Some(user), "/local-offer/manage").with_errors(errors),
        due,
        answers_feedback,
        awaiting,
    })
}

pub async fn manage(State(state): State<AppState>, SignedIn(user): SignedIn) -> PageResult {
    let page = manage_page(&state, &user, vec![]).await?;
    if !page.answers_feedback
        && page.due.is_empty()
        && !user.actor.memberships.iter().any(|m| m.organisation_id.is_some())
    {
        return Err(AppError::Forbidden.into());
    }
    Ok(render(&page)?)
}

#[derive(serde::Deserialize)]
pub struct ResponseForm {
    #[serde(default)]
    response: String,
    #[serde(default)]
    action_taken: String,
    #[serde(default)]
    publish: Option<String>,
}

pub async fn respond(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    Form(form): Form<ResponseForm>,
) -> PageResult {
    if councils_of(&user.actor).is_empty() {
        return Err(AppError::Forbidden.into());
    }
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let mut errors = vec![];
    if form.response.trim().is_empty() {
        errors
            .push(FieldError::new(format!("response-{id}"), "Enter your response to the comment"));
    }
    if form.action_taken.trim().is_empty() {
        errors.push(FieldError::new(
            format!("action_taken-{id}"),
            "Enter what you did, or will do, about it",
        ));
    }
    if !errors.is_empty() {
        let page = manage_page(&state, &user, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let response = FeedbackResponse {
        response: form.response.trim().to_owned(),
        action_taken: form.action_taken.trim().to_owned(),
        responded_on: today(),
        published: form.publish.is_some(),
    };
    local_offer::respond_to_feedback(acting(&state, &user, &rid), id, response).await?;
    Ok(Redirect::to("/local-offer/manage").into_response())
}
