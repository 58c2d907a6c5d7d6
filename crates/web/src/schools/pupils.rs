//! Every pupil on roll at a school, on the SEN register or not, searched and a page at a time:
//! the SENCO reaches any pupil, so SEN support can start from a concern about one of them.

use super::register::provision_label;
use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::error::AppError;
use crate::page::lists::{Pagination, SearchBox, SearchParams, thousands};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::long_date;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_domain::policy::{may_deliver_sen_support, may_lead_sen_support, register_schools};
use sendcase_domain::schools::register::SenProvision;
use sendcase_domain::schools::year_group::year_group_label;
use sendcase_store::{ChildListQuery, PupilOnRoll};
use uuid::Uuid;

const PAGE_SIZE: u32 = 50;

pub struct PupilRow {
    pub href: String,
    pub name: String,
    pub year_group: String,
    pub birth_date: String,
    pub upn: String,
    pub status: &'static str,
    /// Where the SENCO starts SEN support for a pupil without it, if they may.
    pub start_support: Option<String>,
}

#[derive(Template)]
#[template(path = "schools/pupils.html")]
struct PupilsPage {
    page: PageContext,
    school: String,
    caption: String,
    pupils: Vec<PupilRow>,
    search_box: SearchBox,
    none: String,
    pagination: Pagination,
    may_start_support: bool,
}

/// The signed-in SENCO's or staff member's own school's pupils.
pub async fn own(SignedIn(user): SignedIn) -> PageResult {
    let school = register_schools(&user.actor).into_iter().next().ok_or(AppError::Forbidden)?;
    Ok(Redirect::to(&format!("/schools/{school}/pupils")).into_response())
}

fn row(school: Uuid, p: PupilOnRoll, may_start: bool, today: jiff::civil::Date) -> PupilRow {
    let href = format!("/schools/{school}/pupils/{}", p.child.id);
    let provision = p.register.as_ref().map_or(SenProvision::NoSen.code(), |(r, _)| &r.provision);
    let without_support = SenProvision::parse(provision) == Some(SenProvision::NoSen);
    PupilRow {
        start_support: (may_start && without_support).then(|| format!("{href}/register")),
        href,
        name: p.child.full_name(),
        year_group: year_group_label(
            p.child.birth_date,
            p.register
                .as_ref()
                .map(|(r, on)| (r.year_group.as_str(), *on, r.out_of_cohort_reason.is_some())),
            today,
        ),
        birth_date: long_date(p.child.birth_date),
        upn: p.child.upn.map(|u| u.to_string()).unwrap_or_default(),
        status: provision_label(provision),
    }
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(school): Path<String>,
    Query(params): Query<SearchParams>,
) -> PageResult {
    let s = params.parse()?;
    let school: Uuid = school.parse().map_err(|_| AppError::NotFound)?;
    let allowed = may_deliver_sen_support(&user.actor, school);
    let verb = if allowed { "list" } else { "refused" };
    let audit = rid.audit(&user.actor, None);
    state.store.record_access(&audit, verb, "pupils", Some(&school.to_string())).await?;
    let name = state
        .store
        .organisation(school)
        .await?
        .filter(|o| allowed && o.kind == OrganisationKind::School)
        .ok_or(AppError::NotFound)?
        .name;
    let today = today();
    let query = ChildListQuery {
        whole_las: vec![],
        school_rolls: vec![school],
        child_ids: vec![],
        on: today,
        search: s.search.clone(),
        limit: PAGE_SIZE,
        offset: (s.page - 1) * PAGE_SIZE,
    };
    let listing = state.store.pupils_page(school, &query).await?;
    let total = listing.total;
    let may_start = may_lead_sen_support(&user.actor, school);
    let path = format!("/schools/{school}/pupils");
    let link = |n: u32| s.href(&path, n);
    let (caption, none) = if s.text.is_empty() {
        let count =
            if total == 1 { "1 pupil".to_owned() } else { format!("{} pupils", thousands(total)) };
        (format!("{count} on roll"), "There are no pupils on roll.".to_owned())
    } else {
        (
            format!("{} matching \"{}\"", thousands(total), s.text),
            format!("No pupils on roll match \"{}\".", s.text),
        )
    };
    Ok(render(&PupilsPage {
        page: PageContext::new(Some(&user), "/pupils"),
        school: name,
        caption,
        pupils: listing.rows.into_iter().map(|p| row(school, p, may_start, today)).collect(),
        search_box: SearchBox::new(path.clone(), "Search pupils", &s.text),
        none: if total > 0 { format!("There are no pupils on page {}.", s.page) } else { none },
        pagination: Pagination::new("Pages of pupils", s.page, total, PAGE_SIZE, link),
        may_start_support: may_start,
    })?)
}
