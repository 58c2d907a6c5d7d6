//! A school's provision map: its interventions with what each costs per pupil and what the
//! pupils' entry and exit measures show, the school's total spend, and the pupils on each.

use crate::AppState;
use crate::auth::acting;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::{StepForm, show_form};
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::needs::BroadAreaOfNeed;
use sendcase_domain::policy::{may_deliver_sen_support, may_lead_sen_support};
use sendcase_domain::schools::provision_map::{
    Impact, Intervention, Measures, parse_pounds, pounds,
};
use sendcase_domain::schools::request_pack::PackProvision;
use sendcase_store::InterventionRow;
use sendcase_usecases::schools;
use uuid::Uuid;

fn measures_text(m: &Measures) -> String {
    let show = |v: Option<i32>| v.map_or("not yet".to_owned(), |v| v.to_string());
    format!("entry {}, exit {}", show(m.entry), show(m.exit))
}

/// The interventions a pupil is on, as the request pack and the pupil's page show them.
pub fn pupil_provision(rows: &[InterventionRow], child: Uuid) -> Vec<PackProvision> {
    rows.iter()
        .filter_map(|row| {
            let on = row.pupils.iter().find(|p| p.child_id == child)?;
            Some(PackProvision {
                intervention: row.intervention.name.clone(),
                area: row.intervention.area.label().to_owned(),
                cost_per_pupil_pence: row.intervention.cost_per_pupil_pence(),
                measures: measures_text(&on.measures),
            })
        })
        .collect()
}

/// The school, if `user` may see its provision map.
async fn school(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Uuid, String), AppError> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    if !may_deliver_sen_support(&user.actor, id) {
        return Err(AppError::NotFound);
    }
    let name = state.store.organisation(id).await?.map(|o| o.name).ok_or(AppError::NotFound)?;
    Ok((id, name))
}

struct Row {
    href: String,
    name: String,
    area: &'static str,
    delivery: String,
    total: String,
    per_pupil: String,
    impact: String,
}

#[derive(Template)]
#[template(path = "schools/provision_map.html")]
struct MapPage {
    page: PageContext,
    school: String,
    href: String,
    rows: Vec<Row>,
    total: String,
    may_edit: bool,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let (id, name) = school(&state, &user, &id).await?;
    state
        .store
        .record_access(
            &rid.audit(&user.actor, None),
            "read",
            "provision_map",
            Some(&id.to_string()),
        )
        .await?;
    let interventions = state.store.interventions(id).await?;
    let total: u64 = interventions.iter().map(|r| r.intervention.total_cost_pence()).sum();
    let rows = interventions
        .iter()
        .map(|r| {
            let i = &r.intervention;
            let measures: Vec<Measures> = r.pupils.iter().map(|p| p.measures).collect();
            Row {
                href: format!("/schools/{id}/provision-map/{}", r.id),
                name: i.name.clone(),
                area: i.area.label(),
                delivery: format!(
                    "Groups of {}, {} by a {}: {} × {} minutes a week for {} weeks",
                    i.group_size,
                    pounds(u64::from(i.hourly_staff_cost_pence)) + " an hour",
                    i.staff_role.to_lowercase(),
                    i.sessions_per_week,
                    i.minutes_per_session,
                    i.weeks
                ),
                total: pounds(i.total_cost_pence()),
                per_pupil: pounds(i.cost_per_pupil_pence()),
                impact: Impact::of(&measures).summary(),
            }
        })
        .collect();
    let page = MapPage {
        page: PageContext::new(Some(&user), "/sen-register"),
        school: name,
        href: format!("/schools/{id}/provision-map"),
        rows,
        total: pounds(total),
        may_edit: may_lead_sen_support(&user.actor, id),
    };
    Ok(render(&page)?)
}

fn intervention_form(school: &str, v: Option<&FormValues>) -> StepForm {
    let val = |n: &str| v.map(|v| v.text(n)).unwrap_or_default();
    let text = |n: &str, label: &str| Field::new(n, label, Kind::Text).value(val(n));
    let areas = choices(BroadAreaOfNeed::ALL.iter().map(|a| (a.code(), a.label())));
    StepForm {
        caption: school.to_owned(),
        title: "Add an intervention".into(),
        intro: vec!["The cost per pupil is the staff time priced at the hourly cost and shared by the group.".into()],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", vec![
            text("name", "Name of the intervention"),
            Field::new("area", "Broad area of need", Kind::Radios(areas)).value(val("area")),
            text("group_size", "Pupils in each group"),
            text("staff_role", "Who delivers it").hint("For example, teaching assistant"),
            text("sessions_per_week", "Sessions a week"),
            text("minutes_per_session", "Minutes a session"),
            text("weeks", "Number of weeks"),
            text("hourly_cost", "Hourly staff cost, in pounds").hint("For example, 18.50"),
        ])],
        submit: "Add intervention",
    }
}

fn number(v: &FormValues, name: &str, what: &str, errors: &mut Vec<FieldError>) -> u32 {
    v.text(name).parse().unwrap_or_else(|_| {
        errors.push(FieldError::new(name, format!("{what} must be a whole number")));
        0
    })
}

/// The SENCO's school, for the forms that change the map.
async fn editable(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Uuid, String), AppError> {
    let (id, name) = school(state, user, id).await?;
    if !may_lead_sen_support(&user.actor, id) {
        return Err(AppError::Forbidden);
    }
    Ok((id, name))
}

pub async fn new_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let (id, name) = editable(&state, &user, &id).await?;
    show_form(
        &user,
        format!("/schools/{id}/provision-map"),
        format!("/schools/{id}/provision-map/new"),
        intervention_form(&name, None),
        vec![],
    )
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let (id, name) = editable(&state, &user, &id).await?;
    let mut errors = vec![];
    let area = v
        .text("area")
        .parse::<BroadAreaOfNeed>()
        .map_err(|_| errors.push(FieldError::new("area-0", "Select the broad area of need")))
        .ok();
    let hourly = parse_pounds(&v.text("hourly_cost")).unwrap_or_else(|| {
        errors.push(FieldError::new(
            "hourly_cost",
            "Enter the hourly staff cost in pounds, for example 18.50",
        ));
        0
    });
    let intervention = Intervention {
        name: v.text("name"),
        area: area.unwrap_or(BroadAreaOfNeed::CognitionAndLearning),
        group_size: number(&v, "group_size", "Pupils in each group", &mut errors),
        staff_role: v.text("staff_role"),
        sessions_per_week: number(&v, "sessions_per_week", "Sessions a week", &mut errors),
        minutes_per_session: number(&v, "minutes_per_session", "Minutes a session", &mut errors),
        weeks: number(&v, "weeks", "Number of weeks", &mut errors),
        hourly_staff_cost_pence: hourly,
    };
    for (field, message) in intervention.check() {
        if !errors.iter().any(|e| e.field == field) {
            errors.push(FieldError::new(field, message));
        }
    }
    if !errors.is_empty() {
        return show_form(
            &user,
            format!("/schools/{id}/provision-map"),
            format!("/schools/{id}/provision-map/new"),
            intervention_form(&name, Some(&v)),
            errors,
        );
    }
    let created = schools::add_intervention(acting(&state, &user, &rid), id, &intervention).await?;
    Ok(Redirect::to(&format!("/schools/{id}/provision-map/{created}")).into_response())
}

#[derive(Template)]
#[template(path = "schools/intervention.html")]
struct InterventionPage {
    page: PageContext,
    back: String,
    action: String,
    name: String,
    facts: Vec<(&'static str, String)>,
    pupils: Vec<(String, String, String)>,
    impact: String,
    candidates: Vec<(String, String)>,
    may_edit: bool,
}

async fn intervention_page(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    school_id: &str,
    id: &str,
    errors: Vec<FieldError>,
) -> PageResult {
    let (school_id, _) = school(state, user, school_id).await?;
    let rows = state.store.interventions(school_id).await?;
    let row = rows.into_iter().find(|r| r.id.to_string() == id).ok_or(AppError::NotFound)?;
    state
        .store
        .record_access(&rid.audit(&user.actor, None), "read", "intervention", Some(id))
        .await?;
    let i = &row.intervention;
    let measures: Vec<Measures> = row.pupils.iter().map(|p| p.measures).collect();
    let show = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut candidates: Vec<(String, String)> = vec![];
    for e in state.store.register_entries(school_id, None).await? {
        if candidates.last().map(|c| &c.0) != Some(&e.child_id.to_string()) {
            candidates.push((e.child_id.to_string(), e.name));
        }
    }
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = InterventionPage {
        page: PageContext::new(Some(user), "/sen-register").with_errors(errors),
        back: format!("/schools/{school_id}/provision-map"),
        action: format!("/schools/{school_id}/provision-map/{}", row.id),
        name: i.name.clone(),
        facts: vec![
            ("Broad area of need", i.area.label().to_owned()),
            ("Delivered by", i.staff_role.clone()),
            ("Group size", i.group_size.to_string()),
            (
                "Sessions",
                format!(
                    "{} a week of {} minutes, for {} weeks",
                    i.sessions_per_week, i.minutes_per_session, i.weeks
                ),
            ),
            ("Hourly staff cost", pounds(u64::from(i.hourly_staff_cost_pence))),
            ("Total cost", pounds(i.total_cost_pence())),
            ("Cost per pupil", pounds(i.cost_per_pupil_pence())),
        ],
        pupils: row
            .pupils
            .iter()
            .map(|p| (p.name.clone(), show(p.measures.entry), show(p.measures.exit)))
            .collect(),
        impact: Impact::of(&measures).summary(),
        candidates,
        may_edit: may_lead_sen_support(&user.actor, school_id),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn intervention(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school_id, id)): Path<(String, String)>,
) -> PageResult {
    intervention_page(&state, &user, &rid, &school_id, &id, vec![]).await
}

fn measure(v: &FormValues, name: &str, errors: &mut Vec<FieldError>) -> Option<i32> {
    let text = v.text(name);
    if text.is_empty() {
        return None;
    }
    text.parse()
        .map_err(|_| {
            errors.push(FieldError::new(
                name,
                "A measure must be a whole number, such as a standardised score",
            ))
        })
        .ok()
}

/// Puts a pupil on the intervention or updates their measures.
pub async fn set_pupil(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school_id, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let (school, _) = editable(&state, &user, &school_id).await?;
    let intervention = state
        .store
        .interventions(school)
        .await?
        .into_iter()
        .find(|r| r.id.to_string() == id)
        .ok_or(AppError::NotFound)?;
    let mut errors = vec![];
    let pupils = state.store.register_entries(school, None).await?;
    let child =
        pupils.iter().find(|e| e.child_id.to_string() == v.text("child")).map(|e| e.child_id);
    if child.is_none() {
        errors.push(FieldError::new("child", "Select a pupil on the school's register"));
    }
    let measures = Measures {
        entry: measure(&v, "entry", &mut errors),
        exit: measure(&v, "exit", &mut errors),
    };
    match child.filter(|_| errors.is_empty()) {
        Some(child) => {
            let acting = acting(&state, &user, &rid);
            schools::set_intervention_pupil(acting, school, intervention.id, child, measures)
                .await?;
            Ok(Redirect::to(&format!("/schools/{school}/provision-map/{id}")).into_response())
        }
        None => intervention_page(&state, &user, &rid, &school_id, &id, errors).await,
    }
}
