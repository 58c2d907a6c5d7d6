//! Moves to the next phase for the council (reg 18): each year group that moves this September
//! against its deadline (plans, moves planned, preferences gathered, settings consulted, plans
//! amended, overdue), planning a whole year group's moves in one action, and each year group's
//! pupils.

use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::error::AppError;
use crate::page::lists::{Pagination, page_number};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use jiff::civil::Date;
use sendcase_domain::clock::{long_date, phase_transfer_due};
use sendcase_domain::ehc::phase_transfer::{Cohort, TransferPreference, transfer_date};
use sendcase_domain::ehc::records::CaseRecordKind;
use sendcase_store::{PlanRow, TransferCounts};
use sendcase_usecases::ehc::{cohort_plans, cohort_progress, plan_cohort};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

const PAGE_SIZE: u32 = 50;

/// One pupil's move, as far as it has gone.
pub struct Pupil {
    pub href: String,
    pub name: String,
    pub setting: String,
    pub planned: bool,
    pub preference: Option<String>,
    pub consulted: bool,
    pub amended: bool,
}

/// A year group's moves against their deadline.
pub struct CohortRow {
    pub slug: &'static str,
    pub label: &'static str,
    pub members: &'static str,
    pub deadline: String,
    pub plans: u64,
    pub planned: u64,
    pub preferences: u64,
    pub consulted: u64,
    pub amended: u64,
    /// Plans not amended by a deadline that has passed.
    pub overdue: u64,
}

#[derive(Template)]
#[template(path = "plans/transfers.html")]
struct TransfersPage {
    page: PageContext,
    moving_on: String,
    cohorts: Vec<CohortRow>,
}

#[derive(Template)]
#[template(path = "plans/cohort.html")]
struct CohortPage {
    page: PageContext,
    cohort: CohortRow,
    moving_on: String,
    pupils: Vec<Pupil>,
    /// How many moves the action just planned.
    planned: Option<usize>,
    pagination: Pagination,
}

/// Each plan's move for `transfer_on`, with the family's preference where one was given.
async fn pupils(
    state: &AppState,
    plans: Vec<PlanRow>,
    transfer_on: Date,
) -> Result<Vec<Pupil>, AppError> {
    let ids: Vec<Uuid> = plans.iter().map(|p| p.request_id).collect();
    let mut preferences: HashMap<Uuid, String> = HashMap::new();
    for (request, record) in state.store.records_of_kind(&ids, TransferPreference::KIND).await? {
        let preference: TransferPreference = serde_json::from_value(record.body)
            .map_err(|e| AppError::Internal(format!("a transfer preference unreadable: {e}")))?;
        if preference.transfer_on == transfer_on {
            preferences.insert(request, preference.setting);
        }
    }
    Ok(plans
        .into_iter()
        .map(|p| {
            let this_move = p.transfer.filter(|t| t.on == transfer_on);
            Pupil {
                href: format!("/ehc-requests/{}", p.request_id),
                name: p.child.full_name(),
                setting: p.setting.unwrap_or_else(|| "Not on roll anywhere".to_owned()),
                planned: this_move.is_some(),
                preference: preferences.remove(&p.request_id),
                consulted: this_move.is_some_and(|t| t.consulted_on.is_some()),
                amended: this_move.is_some_and(|t| t.amended_on.is_some()),
            }
        })
        .collect())
}

fn cohort_row(cohort: Cohort, counts: TransferCounts, transfer_on: Date) -> CohortRow {
    let due = phase_transfer_due(transfer_on, cohort.kind());
    CohortRow {
        slug: cohort.slug(),
        label: cohort.label(),
        members: cohort.members(),
        deadline: long_date(due),
        plans: counts.plans,
        planned: counts.planned,
        preferences: counts.preferences,
        consulted: counts.consulted,
        amended: counts.amended,
        overdue: if today() > due { counts.plans - counts.amended } else { 0 },
    }
}

pub async fn overview(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
) -> PageResult {
    let acting = acting(&state, &user, &rid);
    let transfer_on = transfer_date(acting.today);
    let mut cohorts = vec![];
    for cohort in Cohort::ALL {
        let counts = cohort_progress(&acting, cohort).await.map_err(AppError::from)?;
        cohorts.push(cohort_row(cohort, counts, transfer_on));
    }
    let audit = rid.audit(&user.actor, None);
    state.store.record_access(&audit, "list", "phase transfers", None).await?;
    let page = TransfersPage {
        page: PageContext::new(Some(&user), "/plans"),
        moving_on: long_date(transfer_on),
        cohorts,
    };
    Ok(render(&page)?)
}

#[derive(Deserialize)]
pub struct CohortParams {
    planned: Option<usize>,
    page: Option<String>,
}

pub async fn cohort(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(slug): Path<String>,
    Query(params): Query<CohortParams>,
) -> PageResult {
    let cohort = Cohort::parse(&slug).ok_or(AppError::NotFound)?;
    let page = page_number(params.page.as_deref())?;
    let acting = acting(&state, &user, &rid);
    let transfer_on = transfer_date(acting.today);
    let counts = cohort_progress(&acting, cohort).await.map_err(AppError::from)?;
    let plans = cohort_plans(&acting, cohort, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await
        .map_err(AppError::from)?;
    let pupils = pupils(&state, plans.rows, transfer_on).await?;
    let link = |n: u32| format!("/plans/transfers/{slug}?page={n}");
    let audit = rid.audit(&user.actor, None);
    state.store.record_access(&audit, "list", "phase transfers", None).await?;
    Ok(render(&CohortPage {
        page: PageContext::new(Some(&user), "/plans"),
        cohort: cohort_row(cohort, counts, transfer_on),
        moving_on: long_date(transfer_on),
        pupils,
        planned: params.planned,
        pagination: Pagination::new("Pages of plans", page, plans.total, PAGE_SIZE, link),
    })?)
}

/// Plans the move for every plan in the year group without one, then shows the year group.
pub async fn plan_all(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(slug): Path<String>,
) -> PageResult {
    let cohort = Cohort::parse(&slug).ok_or(AppError::NotFound)?;
    let done = plan_cohort(acting(&state, &user, &rid), cohort).await.map_err(AppError::from)?;
    if let Some((child, why)) = done.refused.first() {
        return Err(AppError::Conflict(format!(
            "{} moves planned; {} could not be: {child}: {why}",
            done.planned,
            done.refused.len()
        ))
        .into());
    }
    Ok(Redirect::to(&format!("/plans/transfers/{slug}?planned={}", done.planned)).into_response())
}
