//! Keeping the Local Offer: every service the officer may manage (for the LA, its council's; for
//! each provider its own), searched and filtered (due for review, not shown, shown, by kind), and
//! families' comments awaiting the LA's response (reg 56).

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
use sendcase_domain::local_offer::Schedule2Category;
use sendcase_domain::local_offer::quality::{due_for_review_by, publish_problems, review_due};
use sendcase_domain::policy::{
    Actor, councils_of, may_edit_local_offer_service, may_manage_local_offer,
    provider_organisations,
};
use sendcase_store::{Feedback, FeedbackResponse, ManagedServicesQuery, ServiceListing};
use sendcase_usecases::local_offer;
use uuid::Uuid;

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

    /// The store's query for page `number` of what this asks, within what `actor` keeps.
    fn within(&self, actor: &Actor, today: Date, number: u32) -> ManagedServicesQuery {
        ManagedServicesQuery {
            councils: councils_of(actor),
            providers: provider_organisations(actor),
            words: self.q.split_whitespace().map(str::to_owned).collect(),
            listing: match self.show.as_str() {
                "due" => ServiceListing::DueForReviewBy(due_for_review_by(today)),
                "hidden" => ServiceListing::HiddenOn(today),
                "shown" => ServiceListing::ShownOn(today),
                _ => ServiceListing::All,
            },
            category: self.category.parse::<Schedule2Category>().ok(),
            offset: number.saturating_sub(1).saturating_mul(PAGE_SIZE),
            limit: PAGE_SIZE,
        }
    }
}

const PAGE_SIZE: u32 = 25;

#[derive(Template)]
#[template(path = "local_offer/manage.html")]
struct ManagePage {
    page: PageContext,
    /// How many services the caller may manage, before the search.
    keeps: u64,
    found: u64,
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
    let listed = state.store.managed_services(&query.within(&user.actor, today, number)).await?;
    let rows = listed
        .services
        .iter()
        .filter(|s| may_edit_local_offer_service(&user.actor, s.council, s.provider.id))
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
        keeps: listed.in_reach,
        found: listed.found,
        rows,
        q: query.q.trim().to_owned(),
        shows: choices(&query.show, shows.into_iter()),
        categories: choices(&query.category, kinds),
        pagination: Pagination::new("Pages of services", number, listed.found, PAGE_SIZE, |n| {
            query.href(n)
        }),
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
