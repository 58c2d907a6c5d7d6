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
use std::collections::{HashMap, HashSet};
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

/// Every task that awaits action of the EHC cases of pupils on roll at `schools`, and of the
/// children whose council consulted one of `schools` about naming it, soonest first.
pub async fn task_rows(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    schools: &[Uuid],
) -> Result<Vec<TaskRow>, AppError> {
    let ours = |settings: &[Uuid]| settings.iter().any(|s| schools.contains(s));
    let me = user.actor.user_id;
    // Only pupils on roll at the user's schools, children whose council consulted them and
    // those whose advice was asked of this SENCO: a SENCO who is also a parent sees their own
    // tasks elsewhere.
    let pupils: HashMap<_, _> = visible_children(state, user, rid)
        .await?
        .into_iter()
        .filter(|c| {
            let r = &c.relations;
            ours(&r.schools_on_roll)
                || ours(&r.consulted)
                || r.open_advice_requests_to.contains(&me)
        })
        .map(|c| (c.child.id, c))
        .collect();
    let consulted: HashSet<(Uuid, String)> =
        state.store.open_consultations_with(schools).await?.into_iter().collect();
    let asked: HashMap<(Uuid, String), Uuid> = state
        .store
        .advice_requests_to(me)
        .await?
        .into_iter()
        .filter(|a| a.answered_on.is_none())
        .map(|a| ((a.ehc_request_id, a.clock_ref), a.id))
        .collect();
    let councils: HashMap<_, _> =
        state.store.organisations().await?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut rows = vec![];
    for case in state.store.ehc_cases_in_scopes(&child_scopes(&user.actor)).await? {
        let Some(pupil) = pupils.get(&case.request.child_id) else { continue };
        let on_roll = ours(&pupil.relations.schools_on_roll);
        let id = case.request.id;
        for duty in case_duties(&case, None, &state.settings.calendar)?.duties {
            let key = (id, duty.reference.clone().unwrap_or_default());
            // A consultation is the setting's consulted and advice the person's asked, whether
            // or not the child is on the school's roll; the rest are the pupil's own school's.
            let href = match (duty.duty, asked.get(&key)) {
                (DutyKind::RespondToConsultation, _) if consulted.contains(&key) => {
                    format!("/ehc-requests/{id}/consultations/{}", key.1)
                }
                (DutyKind::RespondToConsultation, _) => continue,
                (DutyKind::ProvideAdvice, Some(advice)) => format!("/advice/{advice}"),
                _ if !on_roll || !concerns_the_school(duty.duty, duty.reference.as_deref()) => {
                    continue;
                }
                // The setting arranges and reports on reviews from the review's own page.
                (kind, _) if is_review_duty(kind) => format!("/ehc-requests/{id}/review"),
                _ => format!("/ehc-requests/{id}"),
            };
            if !duty.status.awaits_action() {
                continue;
            }
            let (status, tag_class) = tag(duty.status);
            rows.push(TaskRow {
                kind: duty.duty,
                due: duty.due,
                due_text: long_date(duty.due),
                child: pupil.child.full_name(),
                council: councils.get(&pupil.relations.responsible_la).cloned().unwrap_or_default(),
                // A consultation's reference is the school's own name, so it says nothing.
                task: match &duty.reference {
                    Some(r) if duty.duty != DutyKind::RespondToConsultation => {
                        format!("{} ({r})", title(duty.duty))
                    }
                    _ => title(duty.duty).to_owned(),
                },
                href,
                status,
                tag_class,
            });
        }
    }
    rows.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.child.cmp(&b.child)));
    Ok(rows)
}
