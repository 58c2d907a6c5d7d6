//! The council manager's check of the SEN2 return before it is submitted: every value of the
//! collection that breaks a rule, with the person, module, field and rule, each linking to the
//! record where it is put right.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Query, State};
use sendcase_domain::clock::long_date;
use sendcase_domain::policy::sen2_councils;
use sendcase_sen2::{Period, Problem, problems, reference_date, years};
use serde::Deserialize;

/// More than this is a list to work through from the command line's output, not a page.
const SHOWN: usize = 500;

pub struct ProblemRow {
    pub href: String,
    pub person: String,
    pub born: String,
    pub module: &'static str,
    pub field: &'static str,
    pub rule: String,
}

impl ProblemRow {
    fn of(p: Problem) -> ProblemRow {
        ProblemRow {
            href: match p.request_id {
                Some(request) => format!("/ehc-requests/{request}"),
                None => format!("/children/{}", p.child_id),
            },
            person: p.person,
            born: long_date(p.birth_date),
            module: p.module,
            field: p.field,
            rule: p.rule,
        }
    }
}

#[derive(Template)]
#[template(path = "plans/sen2.html")]
struct Sen2Page {
    page: PageContext,
    year: i16,
    survey_day: String,
    years: Vec<(i16, bool)>,
    people: u64,
    total: usize,
    rows: Vec<ProblemRow>,
}

#[derive(Deserialize)]
pub struct Sen2Query {
    year: Option<String>,
}

/// The collection asked for, or the next one whose survey day has not passed.
fn collection_year(asked: Option<&str>) -> Result<i16, AppError> {
    let known = years();
    match asked.filter(|y| !y.is_empty()) {
        Some(text) => text.parse().ok().filter(|y| known.contains(y)).ok_or_else(|| {
            AppError::invalid(vec![FieldError::new(
                "year",
                "Choose a collection year from the list",
            )])
        }),
        None => {
            let today = today();
            let next =
                known.iter().copied().find(|y| reference_date(*y).is_some_and(|d| d >= today));
            next.or(known.last().copied())
                .ok_or_else(|| AppError::Internal("the standards give no survey day".into()))
        }
    }
}

pub async fn check(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Query(q): Query<Sen2Query>,
) -> PageResult {
    let audit = rid.audit(&user.actor, None);
    let Some(&council) = sen2_councils(&user.actor).first() else {
        state.store.record_access(&audit, "refused", "sen2", None).await?;
        return Err(AppError::Forbidden.into());
    };
    let year = collection_year(q.year.as_deref())?;
    let survey_day = reference_date(year)
        .ok_or_else(|| AppError::Internal(format!("no survey day for {year}")))?;
    state.store.record_access(&audit, "check", "sen2", Some(&council.to_string())).await?;
    let (people, mut found) =
        problems(state.store.as_ref(), council, &Period::of(survey_day), |_, _| {}).await?;
    let total = found.len();
    found.truncate(SHOWN);
    Ok(render(&Sen2Page {
        page: PageContext::new(Some(&user), "/plans"),
        year,
        survey_day: long_date(survey_day),
        years: years().into_iter().map(|y| (y, y == year)).collect(),
        people,
        total,
        rows: found.into_iter().map(ProblemRow::of).collect(),
    })?)
}
