//! A school's SEN register: pupils on SEN support and with EHC plans, grouped by the broad area
//! of their primary need, each with the history of their register entries.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::error::AppError;
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::long_date;
use sendcase_domain::needs::BroadAreaOfNeed;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_domain::policy::{
    ChildScope, may_deliver_sen_support, may_edit_information_report, may_read_register_entry,
    register_schools,
};
use sendcase_domain::schools::graduated_approach::DatedStep;
use sendcase_domain::schools::information_report::UNASSESSED_AREA;
use sendcase_domain::schools::register::{CensusNeed, SenProvision};
use sendcase_domain::schools::year_group::{YearGroup, year_group_label};
use sendcase_store::RegisterEntry;

pub struct PupilRow {
    pub href: String,
    pub name: String,
    pub year_group: String,
    pub provision: &'static str,
    pub primary: String,
    pub secondary: String,
    pub since: String,
    /// Earlier entries, newest first, as "date: provision, needs".
    pub history: Vec<String>,
    pub review_overdue: bool,
}

pub struct AreaGroup {
    pub title: &'static str,
    pub pupils: Vec<PupilRow>,
}

#[derive(Template)]
#[template(path = "schools/register.html")]
struct RegisterPage {
    page: PageContext,
    school: String,
    groups: Vec<AreaGroup>,
    no_sen: usize,
    provision_map: Option<String>,
    /// Every pupil on roll, on the register or not, for those who work at the school.
    pupils: Option<String>,
    overdue: usize,
    /// Children whose progress check at age two is due now: their page, name and the date due by.
    checks_due: Vec<(String, String, String)>,
    /// The school's public SEN information report, if it has a URN to publish it at.
    report: Option<String>,
    may_edit_report: bool,
}

/// The signed-in SENCO's or staff member's own school's register.
pub async fn own(SignedIn(user): SignedIn) -> PageResult {
    let school = register_schools(&user.actor).into_iter().next().ok_or(AppError::Forbidden)?;
    Ok(Redirect::to(&format!("/schools/{school}/sen-register")).into_response())
}

pub(super) fn provision_label(code: &str) -> &'static str {
    match SenProvision::parse(code) {
        Some(SenProvision::EhcPlan) => "EHC plan",
        Some(SenProvision::SenSupport) => "SEN support",
        _ => "No SEN",
    }
}

pub(super) fn need_label(code: Option<&str>) -> String {
    match code.and_then(CensusNeed::parse) {
        Some(CensusNeed::Type(t)) => t.label().to_owned(),
        Some(CensusNeed::NoSpecialistAssessment) => {
            "No specialist assessment of type of need".to_owned()
        }
        None => String::new(),
    }
}

pub fn summary(e: &RegisterEntry) -> String {
    let needs: Vec<String> = [e.need1.as_deref(), e.need2.as_deref()]
        .into_iter()
        .map(need_label)
        .filter(|n| !n.is_empty())
        .collect();
    let needs = if needs.is_empty() { String::new() } else { format!(" ({})", needs.join(", ")) };
    let year =
        YearGroup::parse(&e.year_group).map_or_else(|_| e.year_group.clone(), YearGroup::label);
    format!("{}: {}{needs}, {year}", long_date(e.recorded_on), provision_label(&e.provision))
}

/// The pupil's year group today, from their latest entry: it moves on each September.
pub fn year_group_now(e: &RegisterEntry) -> String {
    let latest = (e.year_group.as_str(), e.recorded_on, e.out_of_cohort_reason.is_some());
    year_group_label(e.birth_date, Some(latest), today())
}

/// The register of `id` as `user` may read it (the read audited): each pupil's entries, oldest
/// first, and what is due about them.
pub(crate) async fn read_register(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    rid: &RequestId,
    id: uuid::Uuid,
) -> Result<Register, AppError> {
    let school = state
        .store
        .organisation(id)
        .await?
        .filter(|o| o.kind == OrganisationKind::School)
        .ok_or(AppError::NotFound)?;
    // The register is of the pupils on roll today: a leaver's entries go with them.
    let on_roll: std::collections::HashSet<uuid::Uuid> = state
        .store
        .children_in_scopes(&[ChildScope::OnRollAt(id)], today())
        .await?
        .into_iter()
        .map(|r| r.child.id)
        .collect();
    let entries: Vec<RegisterEntry> = state
        .store
        .register_entries(id, None)
        .await?
        .into_iter()
        .filter(|e| on_roll.contains(&e.child_id))
        .filter(|e| may_read_register_entry(&user.actor, id, e.responsible_la_id))
        .collect();
    if entries.is_empty() && !register_schools(&user.actor).contains(&id) {
        state
            .store
            .record_access(
                &rid.audit(&user.actor, None),
                "refused",
                "sen_register",
                Some(&id.to_string()),
            )
            .await?;
        return Err(AppError::NotFound);
    }
    state
        .store
        .record_access(&rid.audit(&user.actor, None), "read", "sen_register", Some(&id.to_string()))
        .await?;
    let mut by_pupil: Vec<Vec<RegisterEntry>> = vec![];
    for e in entries {
        match by_pupil.last_mut() {
            Some(group) if group[0].child_id == e.child_id => group.push(e),
            _ => by_pupil.push(vec![e]),
        }
    }
    let overdue = overdue_reviews(&state.store.school_support_steps(id).await?)?;
    let on_roll: Vec<&RegisterEntry> = by_pupil.iter().filter_map(|h| h.last()).collect();
    let checks_due = super::early_years::checks_due(state, id, &on_roll).await?;
    Ok(Register { school, by_pupil, overdue, checks_due })
}

/// A school's SEN register as read today.
pub(crate) struct Register {
    pub school: sendcase_store::Organisation,
    /// Each pupil on roll's entries, oldest first.
    pub by_pupil: Vec<Vec<RegisterEntry>>,
    /// The pupils whose latest cycle of SEN support is past its review date.
    pub overdue: std::collections::HashSet<uuid::Uuid>,
    /// Progress checks at age two due: `(href, name, by)`.
    pub checks_due: Vec<(String, String, String)>,
}

impl Register {
    /// The pupils on SEN support or with a plan whose review of SEN support is overdue.
    pub fn reviews_overdue(&self) -> usize {
        self.by_pupil
            .iter()
            .filter_map(|h| h.last())
            .filter(|e| SenProvision::parse(&e.provision) != Some(SenProvision::NoSen))
            .filter(|e| self.overdue.contains(&e.child_id))
            .count()
    }
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let id: uuid::Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let Register { school, by_pupil, overdue, checks_due } =
        read_register(&state, &user, &rid, id).await?;
    let mut groups: Vec<AreaGroup> = BroadAreaOfNeed::ALL
        .iter()
        .map(|a| AreaGroup { title: a.label(), pupils: vec![] })
        .collect();
    groups.push(AreaGroup { title: UNASSESSED_AREA, pupils: vec![] });
    let mut no_sen = 0;
    for history in by_pupil {
        let current = history.last().expect("groups are never empty");
        if SenProvision::parse(&current.provision) == Some(SenProvision::NoSen) {
            no_sen += 1;
            continue;
        }
        let area = current
            .need1
            .as_deref()
            .and_then(CensusNeed::parse)
            .and_then(CensusNeed::broad_area)
            .map(|a| a.index());
        groups[area.unwrap_or(BroadAreaOfNeed::ALL.len())].pupils.push(PupilRow {
            href: format!("/schools/{id}/pupils/{}", current.child_id),
            name: current.name.clone(),
            year_group: year_group_now(current),
            provision: provision_label(&current.provision),
            primary: need_label(current.need1.as_deref()),
            secondary: need_label(current.need2.as_deref()),
            since: long_date(current.recorded_on),
            history: history.iter().rev().skip(1).map(summary).collect(),
            review_overdue: overdue.contains(&current.child_id),
        });
    }
    groups.retain(|g| !g.pupils.is_empty());
    let page = RegisterPage {
        page: PageContext::new(Some(&user), "/sen-register"),
        report: school.urn.as_ref().map(super::information_report::href),
        may_edit_report: may_edit_information_report(&user.actor, id),
        school: school.name,
        checks_due,
        overdue: groups.iter().flat_map(|g| &g.pupils).filter(|p| p.review_overdue).count(),
        groups,
        no_sen,
        provision_map: may_deliver_sen_support(&user.actor, id)
            .then(|| format!("/schools/{id}/provision-map")),
        pupils: may_deliver_sen_support(&user.actor, id).then(|| format!("/schools/{id}/pupils")),
    };
    Ok(render(&page)?)
}

/// The pupils whose current cycle of SEN support is past its review date.
fn overdue_reviews(
    steps: &[(uuid::Uuid, DatedStep)],
) -> Result<std::collections::HashSet<uuid::Uuid>, AppError> {
    let mut out = std::collections::HashSet::new();
    for pupil in steps.chunk_by(|a, b| a.0 == b.0) {
        let own: Vec<DatedStep> = pupil.iter().map(|(_, s)| s.clone()).collect();
        let found = super::support::read_cycles(&own)?;
        if found.last().is_some_and(|c| c.review_overdue(crate::records::today()).is_some()) {
            out.insert(pupil[0].0);
        }
    }
    Ok(out)
}
