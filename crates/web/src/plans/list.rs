//! `/plans`: every plan the council maintains, earliest review first, filtered by when the
//! review is due, setting, year group and caseworker, searched by name, date of birth or UPN,
//! and paged in the database.

use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::error::{AppError, FieldError};
use crate::page::lists::{Choice, Pagination, SearchBox, SearchParams, page_number, thousands};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Query, State};
use jiff::ToSpan;
use jiff::civil::Date;
use sendcase_domain::clock::long_date;
use sendcase_domain::people::school_age::{births_in_year, national_curriculum_year, term_around};
use sendcase_domain::policy::{councils_of, sen2_councils};
use sendcase_domain::schools::year_group::YearGroup;
use sendcase_store::{PlanRow, PlansQuery};
use serde::Deserialize;
use uuid::Uuid;

pub(super) const PAGE_SIZE: u32 = 50;

/// The list's URL: a search, the filters and the page. The setting is typed (a name or a URN):
/// a council places children in hundreds of settings, too many for a list to choose from.
#[derive(Debug, Default, Deserialize)]
pub struct PlanFilters {
    pub q: Option<String>,
    /// `overdue`, `term`, or a month as `YYYY-MM`.
    pub review: Option<String>,
    pub setting: Option<String>,
    pub year: Option<String>,
    pub caseworker: Option<String>,
    /// `ended` lists ended plans instead.
    pub show: Option<String>,
    pub page: Option<String>,
}

fn choices(
    current: Option<&str>,
    any: &str,
    options: impl IntoIterator<Item = (String, String)>,
) -> Vec<Choice> {
    let current = current.unwrap_or_default();
    let first = Choice::new("", any, current.is_empty());
    let rest = options.into_iter().map(|(value, label)| {
        let selected = value == current;
        Choice::new(value, label, selected)
    });
    std::iter::once(first).chain(rest).collect()
}

pub struct Row {
    pub href: String,
    pub name: String,
    pub details: String,
    pub setting: String,
    pub review: String,
    pub overdue: bool,
    pub phase_transfer: Option<String>,
    pub status: &'static str,
    pub caseworker: String,
}

#[derive(Template)]
#[template(path = "plans/list.html")]
struct PlansPage {
    page: PageContext,
    caption: String,
    rows: Vec<Row>,
    none: String,
    search_box: SearchBox,
    reviews: Vec<Choice>,
    setting: String,
    years: Vec<Choice>,
    caseworkers: Vec<Choice>,
    ended: bool,
    mine: String,
    pagination: Pagination,
    /// The user prepares the council's SEN2 return.
    sen2: bool,
}

pub(super) fn row(p: PlanRow, today: Date) -> Row {
    let year = YearGroup::for_birth(p.child.birth_date, today).map_or_else(
        || match national_curriculum_year(p.child.birth_date, today) {
            n if n < 0 => "Under school age".to_owned(),
            _ => "Over school age".to_owned(),
        },
        YearGroup::label,
    );
    let upn = p.child.upn.as_ref().map(|u| format!(", UPN {u}")).unwrap_or_default();
    let review = match (p.ended_on, p.review_due) {
        (Some(ended), _) => format!("Ended {}", long_date(ended)),
        (None, Some(due)) => long_date(due),
        (None, None) => "No review owed".to_owned(),
    };
    Row {
        href: format!("/ehc-requests/{}", p.request_id),
        details: format!("{year}, born {}{upn}", long_date(p.child.birth_date)),
        name: p.child.full_name(),
        setting: p.setting.unwrap_or_else(|| "Not on roll anywhere".to_owned()),
        overdue: p.ended_on.is_none() && p.review_due.is_some_and(|due| due < today),
        review,
        phase_transfer: p.phase_transfer_due.map(long_date),
        status: p.status.label(),
        caseworker: p.caseworker.unwrap_or_else(|| "Not allocated".to_owned()),
    }
}

/// When the review is due, as the filter asks: `Err` names what could not be read.
fn review_window(review: &str, today: Date) -> Result<(Option<(Date, Date)>, bool), AppError> {
    let bad = || {
        AppError::invalid(vec![FieldError::new(
            "review",
            "Choose when the review is due from the list",
        )])
    };
    Ok(match review {
        "" => (None, false),
        "overdue" => (None, true),
        "term" => (Some(term_around(today)), false),
        month => {
            let first: Date = format!("{month}-01").parse().map_err(|_| bad())?;
            let last = first.last_of_month();
            (Some((first, last)), false)
        }
    })
}

pub(super) fn review_choices(current: Option<&str>, today: Date) -> Vec<Choice> {
    let first = today.first_of_month();
    let months = (0..12)
        .filter_map(|n| first.checked_add(n.months()).ok())
        .map(|m| (m.strftime("%Y-%m").to_string(), format!("Due in {}", m.strftime("%B %Y"))));
    let fixed = [
        ("overdue".to_owned(), "Overdue".to_owned()),
        ("term".to_owned(), "Due this term".to_owned()),
    ];
    choices(current, "Any time", fixed.into_iter().chain(months))
}

fn parse_id(field: &'static str, text: Option<&str>) -> Result<Option<Uuid>, AppError> {
    match text.filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| {
            AppError::invalid(vec![FieldError::new(field, "Choose one from the list")])
        }),
    }
}

pub async fn plans(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Query(f): Query<PlanFilters>,
) -> PageResult {
    let councils = councils_of(&user.actor);
    let audit = rid.audit(&user.actor, None);
    if councils.is_empty() {
        state.store.record_access(&audit, "refused", "plans", None).await?;
        return Err(AppError::Forbidden.into());
    }
    let today = today();
    let search = SearchParams { q: f.q.clone(), page: None }.parse()?;
    let page = page_number(f.page.as_deref())?;
    let query = f.query(councils.clone(), today, PAGE_SIZE, (page - 1) * PAGE_SIZE)?;
    state.store.record_access(&audit, "list", "plans", None).await?;
    let listing = state.store.plans_in_force(&query).await?;
    let (one, what) = if query.ended {
        ("ended plan", "ended plans")
    } else {
        ("plan in force", "plans in force")
    };
    let caption = match listing.total {
        1 => format!("1 {one}"),
        n => format!("{} {what}", thousands(n)),
    };
    let rows = listing.rows.into_iter().map(|p| row(p, today)).collect();
    let link = |n: u32| href("/plans", &f, n);
    Ok(render(&PlansPage {
        page: PageContext::new(Some(&user), "/plans"),
        none: format!("There are no {what} that match."),
        caption,
        rows,
        search_box: SearchBox::new("/plans", "Search plans", &search.text),
        reviews: review_choices(f.review.as_deref(), today),
        setting: f.setting.clone().unwrap_or_default(),
        years: choices(
            f.year.as_deref(),
            "Any year",
            YearGroup::all().map(|y| (y.code(), y.label())),
        ),
        caseworkers: choices(
            f.caseworker.as_deref(),
            "Anyone",
            state
                .store
                .la_staff(&councils, listing.lists_at)
                .await?
                .into_iter()
                .map(|u| (u.id.to_string(), u.display_name)),
        ),
        ended: query.ended,
        mine: mine_href(&user),
        pagination: Pagination::new("Pages of plans", page, listing.total, PAGE_SIZE, link),
        sen2: !sen2_councils(&user.actor).is_empty(),
    })?)
}

impl PlanFilters {
    /// The store's query for these filters over `councils`' plans, one page of `limit` from
    /// `offset`; `Err` names the filter that could not be read.
    pub fn query(
        &self,
        councils: Vec<Uuid>,
        today: Date,
        limit: u32,
        offset: u32,
    ) -> Result<PlansQuery, AppError> {
        let search = SearchParams { q: self.q.clone(), page: None }.parse()?;
        let (review_due, overdue) =
            review_window(self.review.as_deref().unwrap_or_default(), today)?;
        let born = match self.year.as_deref().filter(|y| !y.is_empty()) {
            None => None,
            Some(code) => {
                let year = YearGroup::parse(code)
                    .map_err(|why| AppError::invalid(vec![FieldError::new("year", why)]))?;
                Some(births_in_year(year.number(), today))
            }
        };
        let setting = self.setting.as_deref().map(str::trim).filter(|s| !s.is_empty());
        Ok(PlansQuery {
            la_ids: councils,
            on: today,
            search: search.search,
            review_due,
            overdue,
            setting: setting.map(str::to_owned),
            born,
            caseworker: parse_id("caseworker", self.caseworker.as_deref())?,
            ended: self.show.as_deref() == Some("ended"),
            by_name: false,
            limit,
            offset,
        })
    }
}

fn mine_href(user: &CurrentUser) -> String {
    format!("/plans?caseworker={}", user.account.user.id)
}

/// The list at `path` with the same search and filters, on page `n`.
pub(super) fn href(path: &str, f: &PlanFilters, n: u32) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("q", &f.q),
        ("review", &f.review),
        ("setting", &f.setting),
        ("year", &f.year),
        ("caseworker", &f.caseworker),
        ("show", &f.show),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            query.append_pair(name, v);
        }
    }
    if n > 1 {
        query.append_pair("page", &n.to_string());
    }
    let query = query.finish();
    if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn review_filters_read_as_spans() {
        let today = date(2026, 12, 3);
        assert_eq!(review_window("", today).unwrap(), (None, false));
        assert_eq!(review_window("overdue", today).unwrap(), (None, true));
        assert_eq!(
            review_window("term", today).unwrap(),
            (Some((date(2026, 9, 1), date(2026, 12, 31))), false)
        );
        assert_eq!(
            review_window("2027-02", today).unwrap(),
            (Some((date(2027, 2, 1), date(2027, 2, 28))), false)
        );
        assert!(review_window("soon", today).is_err());
    }
}
