//! One pupil on a school's SEN register: their entries over time, the school's meetings with
//! their parents (with the Code's expectation of three a year), and the s68 notice to parents.

use crate::AppState;
use crate::auth::acting;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::{StepForm, show_form};
use crate::error::{AppError, on_form};
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::long_date;
use sendcase_domain::ehc::letters::Letter;
use sendcase_domain::policy::{
    Actor, may_edit_one_page_profile, may_lead_sen_support, may_read_register_entry,
};
use sendcase_domain::schools::parents::{meetings_warning, sen_provision_notice};
use sendcase_domain::schools::provision_map::pounds;
use sendcase_domain::schools::register::SenProvision;
use sendcase_domain::schools::request_pack::PackProvision;
use sendcase_store::RegisterEntry;
use sendcase_usecases::schools;
use uuid::Uuid;

pub(super) struct Pupil {
    pub school: Uuid,
    pub school_name: String,
    pub child: Uuid,
    pub name: String,
    pub birth_date: jiff::civil::Date,
    pub responsible_la: Uuid,
    /// Oldest first; none for a pupil on roll who has never been on the register.
    pub entries: Vec<RegisterEntry>,
}

impl Pupil {
    pub fn href(&self) -> String {
        format!("/schools/{}/pupils/{}", self.school, self.child)
    }

    /// When the current unbroken run of SEN support began, if the pupil is on it now.
    fn sen_support_since(&self) -> Option<jiff::civil::Date> {
        let on_support = |e: &&RegisterEntry| {
            SenProvision::parse(&e.provision) == Some(SenProvision::SenSupport)
        };
        let run: Vec<&RegisterEntry> = self.entries.iter().rev().take_while(on_support).collect();
        run.last().map(|e| e.recorded_on)
    }
}

/// The pupil's register entries at the school, if they are on its roll today and the caller may
/// see them; audited either way. A pupil who has never had an entry has none.
pub(super) async fn pupil(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    school: &str,
    child: &str,
) -> Result<Pupil, AppError> {
    let (school, child): (Uuid, Uuid) = (
        school.parse().map_err(|_| AppError::NotFound)?,
        child.parse().map_err(|_| AppError::NotFound)?,
    );
    // Only a pupil on roll today is the school's: a leaver is out of its reach at once.
    let record = state
        .store
        .child(child, today())
        .await?
        .filter(|r| r.relations.schools_on_roll.contains(&school))
        .filter(|r| may_read_register_entry(&user.actor, school, r.child.responsible_la_id));
    let entries: Vec<RegisterEntry> = match &record {
        Some(_) => state.store.register_entries(school, Some(child)).await?,
        None => vec![],
    };
    let who = record.map(|r| (r.child.full_name(), r.child.birth_date, r.child.responsible_la_id));
    let verb = if who.is_none() { "refused" } else { "read" };
    state
        .store
        .record_access(
            &rid.audit(&user.actor, None),
            verb,
            "sen_register_pupil",
            Some(&child.to_string()),
        )
        .await?;
    let Some((name, birth_date, responsible_la)) = who else { return Err(AppError::NotFound) };
    let school_name = state.store.organisation(school).await?.map(|o| o.name).unwrap_or_default();
    Ok(Pupil { school, school_name, child, name, birth_date, responsible_la, entries })
}

/// The pupil, if `user` may read them and `may` lets them keep this record at the school.
pub(super) async fn keeper(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    school: &str,
    child: &str,
    may: fn(&Actor, Uuid) -> bool,
) -> Result<Pupil, AppError> {
    let p = pupil(state, user, rid, school, child).await?;
    if !may(&user.actor, p.school) {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

#[derive(Template)]
#[template(path = "schools/pupil.html")]
struct PupilPage {
    page: PageContext,
    href: String,
    name: String,
    school: String,
    entries: Vec<String>,
    /// Register entries at the schools the pupil came from, as "school: entry".
    earlier: Vec<String>,
    meetings: Vec<(String, String)>,
    warning: Option<String>,
    may_record: bool,
    notice: bool,
    cycles: Vec<super::support::CycleView>,
    next: Vec<(String, &'static str)>,
    provision: Vec<String>,
    provision_total: String,
    /// The pupil's requests for an EHC needs assessment, as links to their cases.
    requests: Vec<(String, String)>,
    /// Each version of the one-page profile, newest first, as "agreed on, with whom".
    profiles: Vec<String>,
    may_edit_profile: bool,
    progress_check: Option<super::early_years::CheckSection>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let p = pupil(&state, &user, &rid, &school, &child).await?;
    let meetings = state.store.parent_meetings(p.child, p.school).await?;
    let profiles = state.store.profile_versions(p.child, p.school).await?;
    let dates: Vec<_> = meetings.iter().map(|(d, _)| *d).collect();
    let on_support = p.entries.last().and_then(|e| SenProvision::parse(&e.provision))
        == Some(SenProvision::SenSupport);
    let steps = state.store.support_steps(p.child, p.school).await?;
    let found = super::support::read_cycles(&steps)?;
    let provision =
        super::provision_map::pupil_provision(&state.store.interventions(p.school).await?, p.child);
    let requests = state.store.ehc_requests_of_child(p.child).await?;
    let page = PupilPage {
        page: PageContext::new(Some(&user), "/sen-register"),
        href: p.href(),
        name: p.name.clone(),
        school: p.school_name.clone(),
        entries: p.entries.iter().rev().map(super::register::summary).collect(),
        earlier: state
            .store
            .earlier_sen_history(p.child, p.school)
            .await?
            .iter()
            .rev()
            .map(|e| format!("{}: {}", e.school_name, super::register::summary(&e.entry)))
            .collect(),
        meetings: meetings.into_iter().rev().map(|(d, notes)| (long_date(d), notes)).collect(),
        warning: meetings_warning(on_support, &dates, today()),
        may_record: may_lead_sen_support(&user.actor, p.school),
        notice: p.sen_support_since().is_some(),
        cycles: super::support::cycle_views(&found),
        next: super::support::next_links(&user, &p, &found),
        provision_total: pounds(provision.iter().map(|x| x.cost_per_pupil_pence).sum()),
        provision: provision.iter().map(PackProvision::line).collect(),
        requests: requests
            .iter()
            .map(|r| {
                (
                    format!("/ehc-requests/{}", r.id),
                    format!("Received {}", long_date(r.received_on)),
                )
            })
            .collect(),
        profiles: profiles
            .iter()
            .rev()
            .map(|v| {
                format!(
                    "Version {}, agreed {} with {}",
                    v.version,
                    long_date(v.profile.agreed_on),
                    v.profile.contributors
                )
            })
            .collect(),
        may_edit_profile: may_edit_one_page_profile(&user.actor, p.school),
        progress_check: super::early_years::pupil_section(&state, &user, &p).await?,
    };
    Ok(render(&page)?)
}

fn meeting_form(name: &str, values: Option<&FormValues>) -> StepForm {
    StepForm {
        caption: name.to_owned(),
        title: "Record a meeting with parents".into(),
        intro: vec!["Meet parents at least three times a year to agree outcomes and review progress (Code 6.65).".into()],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", vec![
            Field::new("date", "Date of the meeting", Kind::Date).value(values.map(|v| v.date_as_typed("date")).unwrap_or_default()),
            Field::new("notes", "What was discussed and agreed", Kind::Textarea).value(values.map(|v| v.text("notes")).unwrap_or_default()),
        ])],
        submit: "Save meeting",
    }
}

pub async fn meeting(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    let name = p.name.clone();
    show_form(&user, p.href(), format!("{}/meetings", p.href()), meeting_form(&name, None), vec![])
}

pub async fn record_meeting(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    let mut errors = vec![];
    let held_on = v.date("date", Some("Enter the date of the meeting"), &mut errors);
    let notes = v.required("notes", "Enter what was discussed and agreed", &mut errors);
    if let Some(on) = held_on.filter(|_| errors.is_empty()) {
        let acting = acting(&state, &user, &rid);
        match on_form(schools::record_parent_meeting(acting, p.school, p.child, on, &notes).await)?
        {
            Ok(()) => return Ok(Redirect::to(&p.href()).into_response()),
            Err(e) => errors.push(e),
        }
    }
    show_form(
        &user,
        p.href(),
        format!("{}/meetings", p.href()),
        meeting_form(&p.name, Some(&v)),
        errors,
    )
}

#[derive(Template)]
#[template(path = "ehc/letter.html")]
struct NoticePage {
    page: PageContext,
    back: String,
    dated: String,
    letter: Letter,
}

pub async fn notice(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let p = pupil(&state, &user, &rid, &school, &child).await?;
    let since = p.sen_support_since().ok_or(AppError::NotFound)?;
    let letter = sen_provision_notice(&p.name, &p.school_name, since);
    Ok(render(&NoticePage {
        page: PageContext::new(Some(&user), "/sen-register"),
        back: p.href(),
        dated: long_date(since),
        letter,
    })?)
}
