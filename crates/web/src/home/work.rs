//! Each person's work on their home page, by the parts they play: the council's caseload due
//! and new, the school's tasks from councils and its SEN support, the advice asked of a
//! professional, and for a family what they can do and what happens next.

use crate::AppState;
use crate::auth::{CurrentUser, RequestId, acting};
use crate::ehc::advice::{InboxRow, advice_asked};
use crate::ehc::case::case_duties;
use crate::ehc::caseload::{Filters, load_window};
use crate::error::AppError;
use crate::page::lists::thousands;
use crate::records::today;
use crate::schools::register::read_register;
use crate::schools::school_tasks::{TaskRow, task_rows};
use jiff::ToSpan;
use sendcase_domain::clock::{CaseloadStatus, StatusWindow, long_date, must_happen};
use sendcase_domain::ehc::family_work::family_work;
use sendcase_domain::ehc::records::adviser;
use sendcase_domain::policy::{
    ChildAction, councils_of, decide_child, designated_for, family_scopes, may_answer_advice,
    may_lead_sen_support, register_schools,
};
use sendcase_store::{CaseloadRow, CaseloadSort, PlansQuery};
use sendcase_usecases::Refused;
use sendcase_usecases::health::area_plans;
use std::collections::HashMap;

/// Rows shown in each list before "see all".
const SHOWN: usize = 5;

/// One list of cases: how many in all, the first few and where the rest are.
pub struct WorkList {
    pub title: String,
    pub rows: Vec<WorkRow>,
    pub more: Option<(String, String)>,
    pub none: &'static str,
}

pub struct WorkRow {
    pub href: String,
    pub child: String,
    pub what: String,
    pub when: String,
}

/// The council's lists: overdue, due within the week, and requests received this week.
pub async fn council(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Vec<WorkList>, AppError> {
    if councils_of(&user.actor).is_empty() {
        return Ok(vec![]);
    }
    let today = today();
    let a_week_ago = today - 6.days();
    let filters = |sort| Filters {
        as_of: today,
        caseworker: None,
        stage: None,
        school: None,
        status: None,
        received_from: (sort == CaseloadSort::Received).then_some(a_week_ago),
        sort,
        descending: sort == CaseloadSort::Received,
    };
    let due = filters(CaseloadSort::Due);
    let limit = Some(SHOWN as u32);
    let overdue = CaseloadStatus::Overdue.window(today);
    let overdue = load_window(state, user, rid, &due, Some(overdue), limit, 0).await?;
    let week = StatusWindow::due_within(today, 6);
    let week = load_window(state, user, rid, &due, Some(week), limit, 0).await?;
    let by_received = filters(CaseloadSort::Received);
    let new = load_window(state, user, rid, &by_received, None, limit, 0).await?;
    let duty_row = |r: CaseloadRow| WorkRow {
        href: format!("/ehc-requests/{}", r.request_id),
        what: must_happen(r.next.duty, r.next.reference.as_deref().map(adviser).as_deref()),
        when: long_date(r.next.due),
        child: r.child_name,
    };
    let more = |total: u64, href: &str| {
        (total > SHOWN as u64).then(|| (href.to_owned(), format!("See all {}", thousands(total))))
    };
    Ok(vec![
        WorkList {
            title: format!("Overdue ({})", thousands(overdue.total)),
            more: more(overdue.total, "/caseload?status=overdue"),
            rows: overdue.rows.into_iter().map(duty_row).collect(),
            none: "Nothing is overdue.",
        },
        WorkList {
            title: format!("Due in the next 7 days ({})", thousands(week.total)),
            more: more(week.total, "/caseload?status=due_soon"),
            rows: week.rows.into_iter().map(duty_row).collect(),
            none: "Nothing is due in the next 7 days.",
        },
        WorkList {
            title: format!("New requests in the last 7 days ({})", thousands(new.total)),
            more: more(
                new.total,
                &format!("/caseload?sort=received&order=desc&received_from={a_week_ago}"),
            ),
            rows: new
                .rows
                .into_iter()
                .map(|r| WorkRow {
                    href: format!("/ehc-requests/{}", r.request_id),
                    what: "Request for an EHC needs assessment".into(),
                    when: long_date(r.received_on),
                    child: r.child_name,
                })
                .collect(),
            none: "No requests have arrived in the last 7 days.",
        },
    ])
}

/// A SENCO's school: the councils' tasks awaiting it, and its own SEN support that is due.
pub struct SchoolWork {
    pub tasks: Vec<TaskRow>,
    pub overdue_tasks: usize,
    pub more_tasks: Option<String>,
    /// `(school, reviews of SEN support overdue, progress checks due, register link)`.
    pub registers: Vec<(String, usize, usize, String)>,
}

pub async fn school(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Option<SchoolWork>, AppError> {
    let schools: Vec<_> = register_schools(&user.actor)
        .into_iter()
        .filter(|s| may_lead_sen_support(&user.actor, *s))
        .collect();
    if schools.is_empty() {
        return Ok(None);
    }
    let mut tasks = task_rows(state, user, rid, &schools).await?;
    let overdue_tasks = tasks.iter().filter(|t| t.due < today()).count();
    let more_tasks =
        (tasks.len() > SHOWN).then(|| format!("See all {} tasks", thousands(tasks.len() as u64)));
    tasks.truncate(SHOWN);
    let mut registers = vec![];
    for school in schools {
        let register = read_register(state, user, rid, school).await?;
        registers.push((
            register.school.name.clone(),
            register.reviews_overdue(),
            register.checks_due.len(),
            format!("/schools/{school}/sen-register"),
        ));
    }
    Ok(Some(SchoolWork { tasks, overdue_tasks, more_tasks, registers }))
}

/// The advice asked of a professional and not yet given.
pub async fn advice(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Option<Vec<InboxRow>>, AppError> {
    if !may_answer_advice(&user.actor) {
        return Ok(None);
    }
    Ok(Some(advice_asked(state, user, rid).await?))
}

/// One of the family's cases: what they can do, and what happens next.
pub struct FamilyCase {
    pub href: String,
    pub child: String,
    pub to_do: Vec<String>,
    pub next: Option<String>,
    /// How to reach the council's information, advice and support service, once it is set up.
    pub iass: Option<String>,
}

pub async fn family(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Vec<FamilyCase>, AppError> {
    let scopes = family_scopes(&user.actor);
    if scopes.is_empty() {
        return Ok(vec![]);
    }
    // Only their own children's records, as far as the young person's decisions allow.
    let today = today();
    let children: HashMap<_, _> = state
        .store
        .children_in_scopes(&scopes, today)
        .await?
        .into_iter()
        .filter(|c| {
            decide_child(&user.actor, ChildAction::Read, &c.relations, today).allowed().is_ok()
        })
        .map(|c| (c.child.id, c.child))
        .collect();
    state.store.record_access(&rid.audit(&user.actor, None), "list", "ehc_requests", None).await?;
    let mut cases = vec![];
    for case in state.store.ehc_cases_in_scopes(&scopes).await? {
        let Some(child) = children.get(&case.request.child_id) else { continue };
        let duties = case_duties(&case, None, &state.settings.calendar)?;
        let work = family_work(&child.given_name, &duties.duties);
        if work.to_do.is_empty() && work.next.is_none() {
            continue;
        }
        let contacts = state.store.la_contacts(child.responsible_la_id).await?;
        cases.push(FamilyCase {
            href: format!("/ehc-requests/{}", case.request.id),
            child: child.full_name(),
            to_do: work.to_do,
            next: work.next,
            iass: contacts.map(|c| c.information_advice_support),
        });
    }
    Ok(cases)
}

/// The annual reviews overdue among the plans whose health part a designated clinical officer
/// oversees: plans whose health provision nobody has looked at for over a year.
pub struct HealthWork {
    /// Each plan as a link to its health part, its child and when its review was due.
    pub overdue: Vec<(String, String, String)>,
    pub overdue_total: u64,
}

pub async fn health(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Option<HealthWork>, AppError> {
    if designated_for(&user.actor).is_empty() {
        return Ok(None);
    }
    let query = PlansQuery {
        la_ids: vec![],
        on: today(),
        search: None,
        review_due: None,
        overdue: true,
        setting: None,
        born: None,
        caseworker: None,
        ended: false,
        by_name: false,
        limit: 5,
        offset: 0,
    };
    // A health body recorded without its area has no plans to show yet.
    let listing = match area_plans(&acting(state, user, rid), query).await {
        Err(Refused::Forbidden) => return Ok(None),
        listing => listing?,
    };
    let overdue = listing
        .rows
        .into_iter()
        .map(|p| {
            let due = p.review_due.map(long_date).unwrap_or_default();
            (format!("/health/plans/{}", p.request_id), p.child.full_name(), due)
        })
        .collect();
    Ok(Some(HealthWork { overdue, overdue_total: listing.total }))
}
