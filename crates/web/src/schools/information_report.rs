//! A school's SEN information report (SEND Regulations 2014 reg 51): public at a stable address
//! by the school's URN, with no sign-in; figures from the register, counts only and suppressed
//! where small, and the SENCO's narrative under each Schedule 1 heading.

use crate::AppState;
use crate::auth::acting;
use crate::auth::{CurrentUser, MaybeSignedIn, RequestId, SignedIn};
use crate::ehc::{EditConflict, StepForm, show_conflict, show_form};
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use crate::page::{OpenedOn, PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::long_date;
use sendcase_domain::documents::paragraphs;
use sendcase_domain::people::identifiers::Urn;
use sendcase_domain::policy::may_edit_information_report;
use sendcase_domain::schools::information_report::{
    Breakdown, Narrative, ReportHeading, narrative_problem, report_figures,
};
use sendcase_domain::schools::register::{CensusNeed, SenProvision};
use sendcase_store::Organisation;
use sendcase_usecases::{Refused, schools};
use std::collections::BTreeMap;

pub fn href(urn: &Urn) -> String {
    format!("/schools/{urn}/sen-information-report")
}

async fn school_at(state: &AppState, urn: &str) -> Result<(Organisation, Urn), AppError> {
    let urn: Urn = urn.parse().map_err(|_| AppError::NotFound)?;
    let school = state.store.school_by_urn(&urn).await?.ok_or(AppError::NotFound)?;
    Ok((school, urn))
}

/// What the service adds under a heading from the school's own data.
pub enum Generated {
    Nothing,
    Figures,
    Sencos,
    LocalOffer,
}

pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub generated: Generated,
    pub paragraphs: Vec<String>,
    /// The school has yet to write what this heading needs.
    pub unwritten: bool,
}

#[derive(Template)]
#[template(path = "schools/information_report.html")]
struct ReportPage {
    page: PageContext,
    school: String,
    published: Option<String>,
    /// Each table's caption and figures.
    tables: Vec<(&'static str, Breakdown)>,
    sencos: Vec<String>,
    sections: Vec<Section>,
    edit: Option<String>,
}

pub async fn public(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    Path(urn): Path<String>,
) -> PageResult {
    let (school, urn) = school_at(&state, &urn).await?;
    let report = state.store.information_report(school.id, None).await?;
    // Only each pupil's provision and primary need leave this function, as counts.
    let register = state.store.census_register(Some(school.id), today()).await?;
    let figures = report_figures(register.iter().filter_map(|r| {
        Some((SenProvision::parse(&r.provision)?, r.need1.as_deref().and_then(CensusNeed::parse)))
    }));
    let narrative = report.as_ref().map(|r| &r.narrative);
    let sections = ReportHeading::ALL
        .iter()
        .map(|h| {
            let paragraphs =
                narrative.and_then(|n| n.get(h)).map(|t| paragraphs(t)).unwrap_or_default();
            Section {
                id: h.code(),
                title: h.label(),
                generated: match h {
                    ReportHeading::KindsOfSen => Generated::Figures,
                    ReportHeading::Senco => Generated::Sencos,
                    ReportHeading::LocalOffer => Generated::LocalOffer,
                    _ => Generated::Nothing,
                },
                unwritten: paragraphs.is_empty() && h.narrative_required(),
                paragraphs,
            }
        })
        .collect();
    let page = ReportPage {
        page: PageContext::new(user.as_ref(), ""),
        school: school.name,
        published: report.map(|r| long_date(r.published_on)),
        tables: vec![
            ("Pupils with SEN by the support they receive", figures.by_provision),
            ("Pupils with SEN by the broad area of their main need", figures.by_area),
        ],
        sencos: state.store.sencos_of(school.id).await?,
        sections,
        edit: user
            .filter(|u| may_edit_information_report(&u.actor, school.id))
            .map(|_| format!("{}/edit", href(&urn))),
    };
    Ok(render(&page)?)
}

fn hint(h: ReportHeading) -> &'static str {
    match h {
        ReportHeading::KindsOfSen => {
            "The report shows the numbers from your SEN register above this (counts only; counts below 5 are suppressed)"
        }
        ReportHeading::Senco => {
            "The report shows the SENCO's name from their account; give a telephone number and email address"
        }
        ReportHeading::LocalOffer => "Optional: the report links to the Local Offer",
        _ => "",
    }
}

fn report_form(
    school: &str,
    narrative: &BTreeMap<ReportHeading, String>,
    typed: Option<&FormValues>,
) -> StepForm {
    let fields = ReportHeading::ALL
        .iter()
        .map(|h| {
            let value = typed
                .map(|v| v.text(h.code()))
                .or_else(|| narrative.get(h).cloned())
                .unwrap_or_default();
            Field::new(h.code(), h.label(), Kind::Textarea).hint(hint(*h)).value(value)
        })
        .collect();
    StepForm {
        caption: school.to_owned(),
        title: "Edit the SEN information report".into(),
        intro: vec!["Publishing makes this the school's SEN information report for anyone to read, without signing in. Earlier versions are kept.".into()],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", fields)],
        submit: "Publish the report",
    }
}

async fn editable(
    state: &AppState,
    user: &CurrentUser,
    urn: &str,
) -> Result<(Organisation, Urn), AppError> {
    let (school, urn) = school_at(state, urn).await?;
    if !may_edit_information_report(&user.actor, school.id) {
        return Err(AppError::Forbidden);
    }
    Ok((school, urn))
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(urn): Path<String>,
) -> PageResult {
    let (school, urn) = editable(&state, &user, &urn).await?;
    let report = state.store.information_report(school.id, None).await?;
    let version = report.as_ref().map_or(0, |r| r.version);
    let narrative = report.map(|r| r.narrative).unwrap_or_default();
    show_form(
        &user,
        href(&urn),
        edit_action(&urn, Some(version)),
        report_form(&school.name, &narrative, None),
        vec![],
    )
}

fn edit_action(urn: &Urn, version: Option<i32>) -> String {
    match version {
        Some(version) => format!("{}/edit?version={version}", href(urn)),
        None => format!("{}/edit", href(urn)),
    }
}

/// The narrative as lines to set beside another version: each heading written under.
fn narrative_lines(narrative: &Narrative) -> Vec<String> {
    narrative
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(heading, text)| format!("{}: {text}", heading.label()))
        .collect()
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(urn): Path<String>,
    Query(opened): Query<OpenedOn>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let (school, urn) = editable(&state, &user, &urn).await?;
    let narrative: BTreeMap<ReportHeading, String> =
        ReportHeading::ALL.iter().map(|h| (*h, v.text(h.code()))).collect();
    let errors: Vec<FieldError> = narrative
        .iter()
        .filter_map(|(h, text)| narrative_problem(*h, text).map(|m| FieldError::new(h.code(), m)))
        .collect();
    if errors.is_empty() {
        let acting = acting(&state, &user, &rid);
        match schools::publish_information_report(acting, school.id, &narrative, opened.version)
            .await
        {
            Ok(_) => return Ok(Redirect::to(&href(&urn)).into_response()),
            Err(Refused::Stale { message, newest }) => {
                let theirs = state.store.information_report(school.id, Some(newest)).await?;
                let theirs = theirs.ok_or(AppError::NotFound)?;
                let form = report_form(&school.name, &narrative, Some(&v));
                let (theirs, yours) =
                    (narrative_lines(&theirs.narrative), narrative_lines(&narrative));
                let conflict =
                    EditConflict::with_version(message, newest, theirs, yours, href(&urn));
                let action = edit_action(&urn, Some(newest));
                return show_conflict(&user, href(&urn), action, form, conflict);
            }
            Err(other) => return Err(AppError::from(other).into()),
        }
    }
    show_form(
        &user,
        href(&urn),
        edit_action(&urn, opened.version),
        report_form(&school.name, &narrative, Some(&v)),
        errors,
    )
}
