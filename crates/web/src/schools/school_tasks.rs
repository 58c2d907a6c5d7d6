//! One list of every statutory task for a school's pupils with EHC cases, whichever council is
//! responsible for them: the SENCO no longer checks each council's system in turn.

use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::case::case_duties;
use crate::error::AppError;
use crate::page::duties::{tag, title};
use crate::page::{PageContext, PageResult, render};
use crate::records::{today, visible_children};
use askama::Template;
use axum::extract::State;
use sendcase_domain::clock::{DutyKind, long_date};
use sendcase_domain::ehc::reviews::is_review_duty;
use sendcase_domain::people::school_age::next_term;
use sendcase_domain::policy::{child_scopes, register_schools};
use sendcase_domain::schools::tasks::concerns_the_school;
use std::collections::HashMap;
use uuid::Uuid;

pub struct TaskRow {
    pub kind: DutyKind,
    pub due: jiff::civil::Date,
    pub due_text: String,
    pub child: String,
    pub council: String,
    pub task: String,
    pub href: String,
    pub status: &'static str,
    pub tag_class: &'static str,
}

#[derive(Template)]
#[template(path = "schools/school_tasks.html")]
struct TasksPage {
    page: PageContext,
    rows: Vec<TaskRow>,
    councils: usize,
    /// The first and last days of next term, whose annual reviews the school arranges now (T32).
    next_term: (String, String),
    next_reviews: Vec<usize>,
}

pub async fn tasks(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
) -> PageResult {
    let schools = register_schools(&user.actor);
    if schools.is_empty() {
        return Err(AppError::Forbidden.into());
    }
    let rows = task_rows(&state, &user, &rid, &schools).await?;
    let councils =
        rows.iter().map(|r| r.council.as_str()).collect::<std::collections::HashSet<_>>().len();
    let (first, last) = next_term(today());
    let next_reviews = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            matches!(r.kind, DutyKind::ReviewPlan | DutyKind::ReviewTransferredPlan)
                && (first..=last).contains(&r.due)
        })
        .map(|(i, _)| i)
        .collect();
    Ok(render(&TasksPage {
        page: PageContext::new(Some(&user), "/school-tasks"),
        rows,
        councils,
        next_term: (long_date(first), long_date(last)),
        next_reviews,
    })?)
}

/// Every task of the EHC cases of pupils on roll at `schools` that awaits action, soonest first.
pub async fn task_rows(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    schools: &[Uuid],
) -> Result<Vec<TaskRow>, AppError> {
    // Only pupils on roll at the user's schools: a SENCO who is also a parent sees their own tasks elsewhere.
    let pupils: HashMap<_, _> = visible_children(state, user, rid)
        .await?
        .into_iter()
        .filter(|c| c.relations.schools_on_roll.iter().any(|s| schools.contains(s)))
        .map(|c| (c.child.id, c))
        .collect();
    let councils: HashMap<_, _> =
        state.store.organisations().await?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut rows = vec![];
    for case in state.store.ehc_cases_in_scopes(&child_scopes(&user.actor)).await? {
        let Some(pupil) = pupils.get(&case.request.child_id) else { continue };
        for duty in case_duties(&case, None, &state.settings.calendar)?.duties {
            if !duty.status.awaits_action()
                || !concerns_the_school(duty.duty, duty.reference.as_deref())
            {
                continue;
            }
            let (status, tag_class) = tag(duty.status);
            rows.push(TaskRow {
                kind: duty.duty,
                due: duty.due,
                due_text: long_date(duty.due),
                child: pupil.child.full_name(),
                council: councils.get(&pupil.relations.responsible_la).cloned().unwrap_or_default(),
                task: match &duty.reference {
                    Some(r) => format!("{} ({r})", title(duty.duty)),
                    None => title(duty.duty).to_owned(),
                },
                // The setting arranges and reports on reviews from the review's own page.
                href: match is_review_duty(duty.duty) {
                    true => format!("/ehc-requests/{}/review", case.request.id),
                    false => format!("/ehc-requests/{}", case.request.id),
                },
                status,
                tag_class,
            });
        }
    }
    rows.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.child.cmp(&b.child)));
    Ok(rows)
}
