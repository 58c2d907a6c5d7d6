//! The caseload page: open requests with their next duty, filtered, sorted and paged, every
//! choice kept in the URL so a view can be bookmarked or shared.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::ehc::caseload::{CaseloadParams, Filters, SORTS, load};
use crate::page::duties::title;
use crate::page::lists::{Choice, Pagination, page_number};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use sendcase_domain::clock::{CaseloadStatus, Named, Stage, long_date};
use sendcase_domain::policy::councils_of;
use sendcase_store::CaseloadSort;
use serde::Deserialize;

const PAGE_SIZE: u32 = 25;

pub struct CaseloadRow {
    pub id: String,
    pub child_name: String,
    pub received: String,
    pub stage: &'static str,
    pub caseworker: String,
    pub next_duty: &'static str,
    pub due: String,
    pub status: &'static str,
    pub tag_class: &'static str,
}

/// A sortable column heading: where its link goes and what `aria-sort` says now.
pub struct Heading {
    pub label: &'static str,
    pub href: String,
    pub aria_sort: &'static str,
}

#[derive(Template)]
#[template(path = "ehc/caseload.html")]
struct CaseloadPage {
    page: PageContext,
    as_of: String,
    /// The `as_of` of the URL, kept when the filters are applied; empty for today.
    as_of_given: String,
    /// Kept when the filters change: the home page's "new requests" link sets it.
    received_from: String,
    rows: Vec<CaseloadRow>,
    total: u64,
    first_shown: u64,
    last_shown: u64,
    headings: Vec<Heading>,
    caseworkers: Vec<Choice>,
    stages: Vec<Choice>,
    statuses: Vec<Choice>,
    school: String,
    sort: &'static str,
    order: &'static str,
    filtered: bool,
    pagination: Pagination,
    /// Whether the caller records requests for a council, and so may start one here.
    may_record: bool,
}

#[derive(Deserialize)]
pub struct PageNumber {
    page: Option<String>,
}

fn sort_name(sort: CaseloadSort) -> &'static str {
    SORTS.iter().find(|(_, s)| *s == sort).map_or("due", |(name, _)| name)
}

/// The URL of this caseload with the same filters, sorted by `sort`, on page `page`.
fn href(f: &Filters, as_of_given: bool, sort: CaseloadSort, descending: bool, page: u32) -> String {
    let mut parts = vec![];
    if as_of_given {
        parts.push(format!("as_of={}", f.as_of));
    }
    if let Some(c) = f.caseworker {
        parts.push(format!("caseworker={c}"));
    }
    if let Some(s) = f.stage {
        parts.push(format!("stage={}", s.as_str()));
    }
    if let Some(s) = &f.school {
        parts.push(format!("school={s}"));
    }
    if let Some(s) = f.status {
        parts.push(format!("status={}", s.as_str()));
    }
    if let Some(from) = f.received_from {
        parts.push(format!("received_from={from}"));
    }
    parts.push(format!(
        "sort={}&order={}",
        sort_name(sort),
        if descending { "desc" } else { "asc" }
    ));
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    format!("/caseload?{}", parts.join("&"))
}

fn status_tag(status: CaseloadStatus) -> &'static str {
    match status {
        CaseloadStatus::Overdue => "govuk-tag--red",
        CaseloadStatus::ExceptionClaimed => "govuk-tag--orange",
        CaseloadStatus::DueSoon => "govuk-tag--yellow",
        CaseloadStatus::OnTrack => "govuk-tag--green",
    }
}

pub async fn caseload(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Query(params): Query<CaseloadParams>,
    Query(number): Query<PageNumber>,
) -> PageResult {
    let f = params.parse()?;
    let page_no = page_number(number.page.as_deref())?;
    let listing = load(&state, &user, &rid, &f, Some(PAGE_SIZE), (page_no - 1) * PAGE_SIZE).await?;
    let staff = state.store.la_staff(&councils_of(&user.actor), listing.lists_at).await?;
    let handling = listing.rows.iter().filter_map(|r| r.caseworker_user_id).collect();
    let names = state.store.caseworkers_named(&staff, handling).await?;
    let as_of_given = params.as_of.as_deref().is_some_and(|a| !a.trim().is_empty());
    let rows = listing
        .rows
        .iter()
        .map(|r| {
            let status = CaseloadStatus::of(&r.next, f.as_of);
            CaseloadRow {
                id: r.request_id.to_string(),
                child_name: r.child_name.clone(),
                received: long_date(r.received_on),
                stage: r.stage.label(),
                caseworker: r
                    .caseworker_user_id
                    .and_then(|c| names.get(&c).cloned())
                    .unwrap_or_else(|| "Not allocated".into()),
                next_duty: title(r.next.duty),
                due: long_date(r.next.due),
                status: status.label(),
                tag_class: status_tag(status),
            }
        })
        .collect();
    let headings = [
        ("Child or young person", CaseloadSort::ChildName),
        ("Received", CaseloadSort::Received),
        ("Stage", CaseloadSort::Stage),
        ("Due", CaseloadSort::Due),
    ]
    .into_iter()
    .map(|(label, sort)| {
        let current = sort == f.sort;
        Heading {
            label,
            // A second click on the current column reverses it.
            href: href(&f, as_of_given, sort, current && !f.descending, 1),
            aria_sort: match (current, f.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            },
        }
    })
    .collect();
    let link = |n: u32| href(&f, as_of_given, f.sort, f.descending, n);
    let pagination = Pagination::new("Pages of requests", page_no, listing.total, PAGE_SIZE, link);
    let first_shown = u64::from((page_no - 1) * PAGE_SIZE) + 1;
    let page = CaseloadPage {
        page: PageContext::new(Some(&user), "/caseload"),
        may_record: sendcase_domain::policy::registering_la(&user.actor).is_some(),
        as_of: long_date(f.as_of),
        as_of_given: if as_of_given { f.as_of.to_string() } else { String::new() },
        received_from: f.received_from.map(|d| d.to_string()).unwrap_or_default(),
        total: listing.total,
        first_shown: first_shown.min(listing.total),
        last_shown: (first_shown + listing.rows.len() as u64).saturating_sub(1),
        rows,
        headings,
        caseworkers: staff
            .iter()
            .map(|u| Choice::new(u.id.to_string(), &u.display_name, f.caseworker == Some(u.id)))
            .collect(),
        stages: Stage::OPEN
            .iter()
            .map(|s| Choice::new(s.as_str(), s.label(), f.stage == Some(*s)))
            .collect(),
        statuses: CaseloadStatus::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), s.label(), f.status == Some(*s)))
            .collect(),
        school: f.school.clone().unwrap_or_default(),
        sort: sort_name(f.sort),
        order: if f.descending { "desc" } else { "asc" },
        filtered: f.caseworker.is_some()
            || f.stage.is_some()
            || f.school.is_some()
            || f.status.is_some(),
        pagination,
    };
    Ok(render(&page)?)
}
