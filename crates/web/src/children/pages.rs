//! Children's records: the list a user may see, and one child's record.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::error::AppError;
use crate::page::lists::{Pagination, SearchBox, SearchParams, thousands};
use crate::page::{PageContext, PageResult, render};
use crate::records::{children_page, read_child, today};
use crate::schools::profile::{ProfileView, may_read_support, print_href};
use askama::Template;
use axum::extract::{Path, Query, State};
use sendcase_domain::clock::long_date;
use sendcase_domain::people::school_age::{age_on, national_curriculum_year};
use sendcase_domain::policy::{
    CaseAction, ChildAction, decide_case, decide_child, decide_who_takes_part, family_scopes,
};
use sendcase_store::{ChildRecord, Organisation};
use std::collections::HashMap;
use uuid::Uuid;

/// A child as a table row shows them.
pub struct ChildRow {
    pub id: Uuid,
    pub name: String,
    pub birth_date: String,
    pub schools: String,
    pub upn: String,
}

pub async fn organisations_by_id(
    state: &AppState,
) -> Result<HashMap<Uuid, Organisation>, AppError> {
    Ok(state.store.organisations().await?.into_iter().map(|o| (o.id, o)).collect())
}

pub fn names_of(ids: &[Uuid], orgs: &HashMap<Uuid, Organisation>) -> String {
    let names: Vec<&str> =
        ids.iter().filter_map(|id| orgs.get(id)).map(|o| o.name.as_str()).collect();
    if names.is_empty() { "Not on roll".to_owned() } else { names.join(", ") }
}

/// The rows of a page of children, each with the schools they are on roll at.
pub async fn child_rows(
    state: &AppState,
    records: Vec<ChildRecord>,
) -> Result<Vec<ChildRow>, AppError> {
    let orgs = organisations_by_id(state).await?;
    Ok(records
        .into_iter()
        .map(|r| ChildRow {
            id: r.child.id,
            name: r.child.full_name(),
            birth_date: long_date(r.child.birth_date),
            schools: names_of(&r.relations.schools_on_roll, &orgs),
            upn: r.child.upn.map(|u| u.to_string()).unwrap_or_default(),
        })
        .collect())
}

/// "1 child or young person", "1,234 children and young people".
pub fn children_count(n: u64) -> String {
    if n == 1 {
        "1 child or young person".to_owned()
    } else {
        format!("{} children and young people", thousands(n))
    }
}

const PAGE_SIZE: u32 = 50;

#[derive(Template)]
#[template(path = "children/list.html")]
struct ListPage {
    page: PageContext,
    caption: String,
    children: Vec<ChildRow>,
    search_box: SearchBox,
    /// What to say when the page has no rows, and the first page if it has some.
    none: String,
    first_page: Option<String>,
    pagination: Pagination,
    /// The young people in the family whose record this person may not open, each with where
    /// they are told why.
    deciding: Vec<(String, String)>,
}

/// The young people a parent or young person is family to but may not open the record of: a
/// parent a young person has not agreed to, or a young person before their rights are theirs.
async fn deciding_for_themselves(
    state: &AppState,
    user: &crate::auth::CurrentUser,
) -> Result<Vec<(String, String)>, AppError> {
    let scopes = family_scopes(&user.actor);
    if scopes.is_empty() {
        return Ok(vec![]);
    }
    let today = today();
    let records = state.store.children_in_scopes(&scopes, today).await?;
    Ok(records
        .into_iter()
        .filter(|r| {
            decide_child(&user.actor, ChildAction::Read, &r.relations, today).allowed().is_err()
                && decide_who_takes_part(&user.actor, &r.relations, today).allowed().is_ok()
        })
        .map(|r| (format!("/children/{}/who-can-see", r.child.id), r.child.full_name()))
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Query(params): Query<SearchParams>,
) -> PageResult {
    let s = params.parse()?;
    let offset = (s.page - 1) * PAGE_SIZE;
    let listing = children_page(&state, &user, &rid, s.search.clone(), PAGE_SIZE, offset).await?;
    let total = listing.total;
    let caption = if s.text.is_empty() {
        children_count(total)
    } else {
        format!("{} matching \"{}\"", thousands(total), s.text)
    };
    let none = if total > 0 {
        format!("There are no children on page {}.", s.page)
    } else if s.text.is_empty() {
        "There are no children's records for you to see.".to_owned()
    } else {
        format!("No children or young people match \"{}\".", s.text)
    };
    let link = |n: u32| s.href("/children", n);
    Ok(render(&ListPage {
        page: PageContext::new(Some(&user), "/children"),
        caption,
        children: child_rows(&state, listing.rows).await?,
        search_box: SearchBox::new("/children", "Search children and young people", &s.text),
        none,
        first_page: (total > 0).then(|| link(1)),
        pagination: Pagination::new("Pages of children", s.page, total, PAGE_SIZE, link),
        deciding: deciding_for_themselves(&state, &user).await?,
    })?)
}

#[derive(Template)]
#[template(path = "children/show.html")]
struct ShowPage {
    page: PageContext,
    id: Uuid,
    name: String,
    rows: Vec<(&'static str, String)>,
    /// Each EHC needs assessment request: its page and when it was received.
    requests: Vec<(String, String)>,
    /// Where the parent or young person asks for an assessment, if they may.
    ask: Option<String>,
    /// Where the council links the child's family, if the person may.
    invite: Option<String>,
    support: Vec<SchoolSupport>,
}

/// What a school keeps with the child's family: the one-page profile and meetings with parents.
struct SchoolSupport {
    school: String,
    profile: Option<ProfileView>,
    print_href: String,
    /// The summary of the progress check at age two, once the setting has done one.
    progress_check: Option<String>,
    /// Newest first: when, and what was discussed.
    meetings: Vec<(String, String)>,
    /// The graduated approach's cycles, newest first: what was planned with the parents and how it went.
    cycles: Vec<crate::schools::support::CycleView>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let record = read_child(&state, &user, &rid, &id).await?;
    let (child, relations) = (record.child, record.relations);
    let name = child.full_name();
    let orgs = organisations_by_id(&state).await?;
    let today = today();
    let year = national_curriculum_year(child.birth_date, today);
    let not_recorded = || "Not recorded".to_owned();
    let rows = vec![
        (
            "Date of birth",
            format!("{} (age {})", long_date(child.birth_date), age_on(child.birth_date, today)),
        ),
        (
            "National curriculum year",
            if year < 0 {
                "Not yet of school age".to_owned()
            } else if year == 0 {
                "Reception".to_owned()
            } else {
                format!("Year {year}")
            },
        ),
        (
            "Unique pupil number (UPN)",
            child.upn.map(|u| u.to_string()).unwrap_or_else(not_recorded),
        ),
        ("NHS number", child.nhs_number.map(|n| n.to_string()).unwrap_or_else(not_recorded)),
        (
            "Unique learner number (ULN)",
            child.uln.map(|u| u.to_string()).unwrap_or_else(not_recorded),
        ),
        ("Responsible local authority", names_of(&[child.responsible_la_id], &orgs)),
        ("On roll at", names_of(&relations.schools_on_roll, &orgs)),
    ];
    let requests = state
        .store
        .ehc_requests_of_child(child.id)
        .await?
        .into_iter()
        .map(|r| {
            (
                format!("/ehc-requests/{}", r.id),
                format!("Request received {}", long_date(r.received_on)),
            )
        })
        .collect();
    let mut support = vec![];
    for school in &relations.schools_on_roll {
        if !may_read_support(&state, &user, &rid, *school, child.id, &relations).await? {
            continue;
        }
        let profile =
            state.store.profile_versions(child.id, *school).await?.last().map(ProfileView::from);
        let meetings = state.store.parent_meetings(child.id, *school).await?;
        let cycles = crate::schools::support::cycle_views(&crate::schools::support::read_cycles(
            &state.store.support_steps(child.id, *school).await?,
        )?);
        support.push(SchoolSupport {
            school: names_of(&[*school], &orgs),
            profile,
            print_href: print_href(*school, child.id),
            progress_check: crate::schools::early_years::print_href_if_done(
                &state, *school, child.id,
            )
            .await?,
            meetings: meetings
                .into_iter()
                .rev()
                .map(|(on, notes)| (long_date(on), notes))
                .collect(),
            cycles,
        });
    }
    let may_ask = decide_case(&user.actor, CaseAction::RequestAssessment, &relations, today);
    let ask =
        may_ask.allowed().is_ok().then(|| format!("/children/{}/request-assessment", child.id));
    let may_invite = decide_child(&user.actor, ChildAction::InviteFamily, &relations, today);
    let invite =
        may_invite.allowed().is_ok().then(|| format!("/children/{}/family/invite", child.id));
    Ok(render(&ShowPage {
        page: PageContext::new(Some(&user), "/children"),
        id: child.id,
        name,
        rows,
        requests,
        ask,
        invite,
        support,
    })?)
}
