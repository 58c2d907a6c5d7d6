//! `/health`: for a health body's designated clinical or medical officer (Code 3.46–3.47), the
//! plans in force in the local area it serves, searched and paged as the council's list is; and
//! `/health/plans/{id}`: one plan's health needs and provision and the health advice behind them,
//! without the rest of the record.

use super::list::{PAGE_SIZE, PlanFilters, Row, href, review_choices, row};
use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::error::AppError;
use crate::page::lists::{Choice, Pagination, SearchBox, SearchParams, page_number, thousands};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Path, Query, State};
use sendcase_domain::clock::long_date;
use sendcase_domain::documents::AppendedAdvice;
use sendcase_usecases::health::{self, PlanShown};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "plans/health_list.html")]
struct HealthPlansPage {
    page: PageContext,
    caption: String,
    rows: Vec<Row>,
    search_box: SearchBox,
    reviews: Vec<Choice>,
    pagination: Pagination,
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Query(f): Query<PlanFilters>,
) -> PageResult {
    let today = today();
    let search = SearchParams { q: f.q.clone(), page: None }.parse()?;
    let page = page_number(f.page.as_deref())?;
    // The use case narrows the query to the officer's areas.
    let query = f.query(vec![], today, PAGE_SIZE, (page - 1) * PAGE_SIZE)?;
    let listing = health::area_plans(&acting(&state, &user, &rid), query).await?;
    let caption = match listing.total {
        1 => "1 plan in force".to_owned(),
        n => format!("{} plans in force", thousands(n)),
    };
    let rows = listing
        .rows
        .into_iter()
        .map(|p| {
            let shown = format!("/health/plans/{}", p.request_id);
            Row { href: shown, ..row(p, today) }
        })
        .collect();
    let link = |n: u32| href("/health", &f, n);
    Ok(render(&HealthPlansPage {
        page: PageContext::new(Some(&user), "/health"),
        caption,
        rows,
        search_box: SearchBox::new("/health", "Search plans", &search.text),
        reviews: review_choices(f.review.as_deref(), today),
        pagination: Pagination::new("Pages of plans", page, listing.total, PAGE_SIZE, link),
    })?)
}

#[derive(Template)]
#[template(path = "plans/health_part.html")]
struct HealthPartPage {
    page: PageContext,
    name: String,
    facts: Vec<(&'static str, String)>,
    plan: Option<PlanShown>,
    plan_status: String,
    advice: Vec<AppendedAdvice>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let part = health::health_part(&acting(&state, &user, &rid), id).await?;
    let plan_status = match &part.plan {
        None => "No plan has been sent to the family yet.".to_owned(),
        Some(p) => {
            let what = if p.final_plan { "Plan issued" } else { "Draft plan sent to the family" };
            p.issued_on.map_or(format!("{what}."), |on| format!("{what} {}.", long_date(on)))
        }
    };
    let child = &part.child;
    let mut facts = vec![("Date of birth", long_date(child.birth_date))];
    if let Some(nhs) = &child.nhs_number {
        facts.push(("NHS number", nhs.to_string()));
    }
    facts.push(("Council", part.council.clone()));
    Ok(render(&HealthPartPage {
        page: PageContext::new(Some(&user), "/health"),
        name: child.full_name(),
        facts,
        plan_status,
        plan: part.plan,
        advice: part.advice,
    })?)
}
