//! Keeping the Local Offer: every service the officer may manage (for the LA, its council's; for
//! each provider its own), searched and filtered (due for review, not shown, shown, by kind), and
//! families' comments awaiting the LA's response (reg 56).

use super::page_of;
use crate::AppState;
use crate::auth::acting;
use crate::auth::{RequestId, SignedIn};
use crate::error::{AppError, FieldError, on_form};
use crate::page::lists::{Choice, Pagination, page_number};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jiff::civil::Date;
use sendcase_domain::clock::long_date;
use sendcase_domain::local_offer::quality::{due_for_review, publish_problems, review_due};
use sendcase_domain::local_offer::{LocalOfferService, Schedule2Category};
use sendcase_domain::policy::{councils_of, may_edit_local_offer_service, may_manage_local_offer};
use sendcase_store::{Feedback, FeedbackResponse};
use sendcase_usecases::local_offer;
use uuid::Uuid;

/// Services are listed as due this long before their review lapses.
const REVIEW_WARNING_DAYS: i32 = 30;

pub struct ServiceRow {
    pub id: Uuid,
    pub name: String,
    pub provider: String,
    pub due: String,
    pub problems: Vec<String>,
}

/// What the list of services asks for: words in a service's name or provider, which services
/// (all, due for review, not shown, shown), a kind of provision, and the page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ManageQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    show: String,
    #[serde(default)]
    category: String,
    page: Option<String>,
}

impl ManageQuery {
    fn href(&self, page: u32) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("q", self.q.trim()), ("show", &self.show), ("category", &self.category)] {
            if !v.is_empty() {
                query.append_pair(k, v);
            }
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        format!("/local-offer/manage?{}", query.finish()).trim_end_matches('?').to_owned()
    }

    fn keeps(&self, s: &LocalOfferService, today: Date) -> bool {
        let text = format!("{} {}", s.name, s.provider.name).to_lowercase();
        let words = self.q.to_lowercase();
        words.split_whitespace().all(|w| text.contains(w))
            && match self.show.as_str() {
                "due" => due_for_review(s, today, REVIEW_WARNING_DAYS),
                "hidden" => !s.is_public(today),
                "shown" => s.is_public(today),
                _ => true,
            }
            && self
                .category
                .parse::<Schedule2Category>()
                .ok()
                .is_none_or(|c| s.categories.contains(&c))
    }
}

const PAGE_SIZE: u32 = 25;

#[derive(Template)]
#[template(path = "local_offer/manage.html")]
struct ManagePage {
    page: PageContext,
    /// How many services the caller may manage, before the search.
    keeps: usize,
    found: usize,
    rows: Vec<ServiceRow>,
    q: String,
    shows: Vec<Choice>,
    categories: Vec<Choice>,
    pagination: Pagination,
    answers_feedback: bool,
    awaiting: Vec<Feedback>,
    /// Answered comments, newest first, as sent and as published.
    answered: Vec<Feedback>,
}

fn choices(
    current: &str,
    options: impl Iterator<Item = (&'static str, &'static str)>,
) -> Vec<Choice> {
    options.map(|(value, label)| Choice::new(value, label, value == current)).collect()
}

async fn manage_page(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    query: &ManageQuery,
    errors: Vec<FieldError>,
) -> Result<ManagePage, AppError> {
    let today = today();
    let number = page_number(query.page.as_deref())?;
    let mine: Vec<LocalOfferService> = state
        .store
        .local_offer_services()
        .await?
        .into_iter()
        .filter(|s| may_edit_local_offer_service(&user.actor, s.council, s.provider.id))
        .collect();
    let found: Vec<&LocalOfferService> = mine.iter().filter(|s| query.keeps(s, today)).collect();
    let rows = page_of(&found, number as usize, PAGE_SIZE as usize)
        .into_iter()
        .map(|s| ServiceRow {
            id: s.id,
            due: s
                .reviewed_on
                .map(|on| long_date(review_due(on)))
                .unwrap_or_else(|| "Never reviewed".to_owned()),
            problems: publish_problems(s, today).into_iter().map(|p| p.message()).collect(),
            name: s.name.clone(),
            provider: s.provider.name.clone(),
        })
        .collect();
    let answers_feedback = !councils_of(&user.actor).is_empty();
    let (answered, awaiting) = if answers_feedback {
        let feedback = state.store.feedback().await?.into_iter();
        feedback
            .filter(|f| may_manage_local_offer(&user.actor, f.council))
            .partition(|f| f.response.is_some())
    } else {
        (vec![], vec![])
    };
    let shows = [
        ("", "All services"),
        ("due", "Due for review"),
        ("hidden", "Not shown to families"),
        ("shown", "Shown to families"),
    ];
    let kinds = std::iter::once(("", "Any kind"))
        .chain(Schedule2Category::ALL.iter().map(|c| (c.code(), c.label())));
    Ok(ManagePage {
        page: PageContext::new(Some(user), "/local-offer/manage").with_errors(errors),
        keeps: mine.len(),
        found: found.len(),
        rows,
        q: query.q.trim().to_owned(),
        shows: choices(&query.show, shows.into_iter()),
        categories: choices(&query.category, kinds),
        pagination: Pagination::new(
            "Pages of services",
            number,
            found.len() as u64,
            PAGE_SIZE,
            |n| query.href(n),
        ),
        answers_feedback,
        awaiting,
        answered,
    })
}

pub async fn manage(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(query): Query<ManageQuery>,
) -> PageResult {
    let page = manage_page(&state, &user, &query, vec![]).await?;
    if !page.answers_feedback
        && page.keeps == 0
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
    /// The comment as it is to be published; the form offers it as sent, to edit.
    published_comment: Option<String>,
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
        let page = manage_page(&state, &user, &ManageQuery::default(), errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let response = FeedbackResponse {
        response: form.response.trim().to_owned(),
        action_taken: form.action_taken.trim().to_owned(),
        responded_on: today(),
        published: form.publish.is_some(),
        redacted: form.published_comment,
    };
    let answered = local_offer::respond_to_feedback(acting(&state, &user, &rid), id, response);
    if let Err(mut refused) = on_form(answered.await)? {
        // Each comment has its own form, so its fields are named for it.
        refused.field = format!("{}-{id}", refused.field);
        let page = manage_page(&state, &user, &ManageQuery::default(), vec![refused]).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    Ok(Redirect::to("/local-offer/manage").into_response())
}
