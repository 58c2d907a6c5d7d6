//! The plan editor: sections A–K as structured data, every save a new version, the Code's
//! checks as warnings while drafting, any two versions compared, and a print view.

use super::{CaseView, EditConflict, StepForm, show_conflict, show_form};
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn, acting};
use crate::error::{AppError, FieldError, on_form};
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::page::{OpenedOn, PageContext, PageResult, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::{EventName, long_date};
use sendcase_domain::documents::AppendedAdvice;
use sendcase_domain::ehc::plan::{
    AdulthoodArea, BroadAreaOfNeed, Change, EhcPlan, Section, SectionDiff, diff,
};
use sendcase_domain::ehc::records::FamilyViews;
use sendcase_domain::ehc::step_rules::AMEND_THROUGH_REVIEW;
use sendcase_domain::policy::CaseAction;
use sendcase_store::PlanVersion;
use sendcase_usecases::documents::advice_shown;
use sendcase_usecases::ehc::Step;
use sendcase_usecases::{self as usecases, Refused};
use serde::Deserialize;

mod budget;
mod rows;

pub struct SectionView {
    pub letter: &'static str,
    pub title: &'static str,
    pub lines: Vec<String>,
    pub editable: bool,
}

pub struct VersionRow {
    pub version: i32,
    pub status: String,
}

/// What each version of the plan was: working, or sent to the family as what, when and by whom.
/// A draft after a plan is in force carries the proposed amendments; a final one is the
/// amended plan.
async fn version_statuses(
    state: &AppState,
    view: &CaseView,
) -> Result<std::collections::HashMap<i32, String>, AppError> {
    let mut statuses = std::collections::HashMap::new();
    let mut in_force = false;
    for v in &view.versions {
        let (Some(issued), Some(on)) = (v.issued.as_deref(), v.issued_on) else {
            statuses.insert(v.version, "Working version".to_owned());
            continue;
        };
        let what = match (issued, in_force) {
            ("final", false) => "Final plan, issued",
            ("final", true) => "Amended plan, issued",
            (_, false) => "Draft sent to the family",
            (_, true) => "Proposed amendments sent to the family",
        };
        let by = match issued {
            "final" => v.saved_by,
            // A draft is marked sent by the event that sent it, on its day.
            _ => view.case.events.iter().rev().find_map(|e| {
                let sends = matches!(
                    e.event.event.name(),
                    EventName::DraftPlanIssued | EventName::ReviewDecisionNotified
                );
                (sends && e.event.date == on).then_some(e.recorded_by).flatten()
            }),
        };
        let by = match by {
            Some(id) => state.store.user_account(id).await?.map(|u| u.user.display_name),
            None => None,
        };
        let status = match by {
            Some(name) => format!("{what} {} by {name}", long_date(on)),
            None => format!("{what} {}", long_date(on)),
        };
        statuses.insert(v.version, status);
        in_force |= issued == "final";
    }
    Ok(statuses)
}

#[derive(Template)]
#[template(path = "ehc/plan.html")]
struct OverviewPage {
    page: PageContext,
    back: String,
    child_name: String,
    version: i32,
    warnings: Vec<String>,
    sections: Vec<SectionView>,
    versions: Vec<VersionRow>,
    can_issue: bool,
    /// The plan is in force and the council is preparing or answering comments on amendments.
    amending: bool,
}

fn sections(plan: &EhcPlan, editable: bool) -> Vec<SectionView> {
    Section::ALL
        .into_iter()
        .map(|s| SectionView {
            letter: s.letter(),
            title: s.title(),
            lines: plan.section_lines(s),
            editable: editable && s != Section::I,
        })
        .collect()
}

pub async fn overview(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::RecordStatutoryEvent).await?;
    let (version, plan) = view.working_plan();
    let assessing = view.final_plan().is_none();
    let amending = !assessing && view.may_amend_plan();
    let statuses = version_statuses(&state, &view).await?;
    let mut sections = sections(&plan, assessing || amending);
    let placed = usecases::ehc::placements::current(&view.records)?;
    if let Some(i) = sections.iter_mut().find(|s| s.letter == Section::I.letter()) {
        i.lines.extend(placed.iter().map(|p| format!("Placement: {}", p.placement.describe())));
    }
    let page = OverviewPage {
        page: PageContext::new(Some(&user), "/caseload"),
        back: view.href(),
        child_name: view.child.child.full_name(),
        version,
        warnings: plan.warnings().iter().map(ToString::to_string).collect(),
        sections,
        versions: view
            .versions
            .iter()
            .rev()
            .map(|v| VersionRow {
                version: v.version,
                status: statuses.get(&v.version).cloned().unwrap_or_default(),
            })
            .collect(),
        can_issue: assessing && view.versions.last().is_some_and(|v| v.issued.is_none()),
        amending,
    };
    Ok(render(&page)?)
}

fn editable_section(text: &str) -> Result<Section, AppError> {
    Section::parse(text).filter(|s| *s != Section::I).ok_or(AppError::NotFound)
}

async fn editor_view(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
) -> Result<CaseView, AppError> {
    let view = CaseView::load(state, user, rid, id, CaseAction::RecordStatutoryEvent).await?;
    if view.final_plan().is_some() && !view.may_amend_plan() {
        return Err(AppError::Conflict(AMEND_THROUGH_REVIEW.into()));
    }
    Ok(view)
}

fn section_step_form(
    view: &CaseView,
    section: Section,
    plan: &EhcPlan,
    values: Option<&FormValues>,
) -> Result<StepForm, AppError> {
    let family = view.records::<FamilyViews>()?.pop().map(|f| f.about_me);
    let fieldsets: Vec<Fieldset> =
        rows::fieldsets(section, plan, family.as_ref(), &view.advice, values);
    Ok(StepForm {
        caption: format!("EHC plan for {}", view.child.child.full_name()),
        title: format!("Section {}: {}", section.letter(), section.title()),
        intro: rows::intro(section, plan),
        warnings: vec![],
        fieldsets,
        submit: "Save a new version",
    })
}

pub async fn section_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((id, section)): Path<(String, String)>,
) -> PageResult {
    let section = editable_section(&section)?;
    let view = editor_view(&state, &user, &rid, &id).await?;
    let (version, plan) = view.working_plan();
    let form = section_step_form(&view, section, &plan, None)?;
    let action = section_action(&view, section, version);
    show_form(&user, format!("{}/plan", view.href()), action, form, vec![])
}

/// The form posts back the version it was opened on, so a save made from an older version than
/// the newest is refused instead of silently replacing someone else's.
fn section_action(view: &CaseView, section: Section, version: i32) -> String {
    format!("{}/plan/sections/{}?version={version}", view.href(), section.letter())
}

pub async fn section_submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((id, section)): Path<(String, String)>,
    Query(opened): Query<OpenedOn>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let section = editable_section(&section)?;
    let values = FormValues::new(pairs);
    let view = editor_view(&state, &user, &rid, &id).await?;
    let (latest, plan) = view.working_plan();
    let based_on = opened.version.unwrap_or(latest);
    let mut errors = vec![];
    let updated = rows::read(section, &plan, &values, &mut errors);
    if errors.is_empty() {
        let step = Step::SavePlan { plan: Box::new(updated.clone()), based_on };
        let request = view.case.request.id;
        match usecases::ehc::take_step(acting(&state, &user, &rid), request, step).await {
            Err(Refused::Stale { message, newest }) => {
                return edit_conflict(
                    &state, &user, &rid, &id, section, &updated, &values, message, newest,
                )
                .await;
            }
            taken => match on_form(taken)? {
                Ok(_) => return Ok(Redirect::to(&format!("{}/plan", view.href())).into_response()),
                Err(e) => errors.push(e),
            },
        }
    }
    let form = section_step_form(&view, section, &plan, Some(&values))?;
    let action = section_action(&view, section, based_on);
    show_form(&user, format!("{}/plan", view.href()), action, form, errors)
}

/// The section form again with the editor's words, posting over version `newest`, beside what
/// was saved as `newest`.
#[allow(clippy::too_many_arguments)]
async fn edit_conflict(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
    section: Section,
    mine: &EhcPlan,
    values: &FormValues,
    message: String,
    newest: i32,
) -> PageResult {
    let view = editor_view(state, user, rid, id).await?;
    let theirs = view.versions.iter().find(|v| v.version == newest).ok_or(AppError::NotFound)?;
    let form = section_step_form(&view, section, mine, Some(values))?;
    let (theirs, yours) = (theirs.plan.section_lines(section), mine.section_lines(section));
    let plan = format!("{}/plan", view.href());
    let conflict = EditConflict::with_version(message, newest, theirs, yours, plan);
    let action = section_action(&view, section, newest);
    show_conflict(user, format!("{}/plan", view.href()), action, form, conflict)
}

#[derive(Deserialize)]
pub struct CompareQuery {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Template)]
#[template(path = "ehc/compare.html")]
struct ComparePage {
    page: PageContext,
    back: String,
    child_name: String,
    from: i32,
    to: i32,
    diffs: Vec<SectionDiff>,
}

fn version(
    visible: &[&PlanVersion],
    text: Option<&str>,
    default: i32,
    field: &str,
) -> Result<PlanVersion, AppError> {
    let wanted = match text.filter(|t| !t.is_empty()) {
        Some(t) => t.parse::<i32>().map_err(|_| {
            AppError::invalid(vec![FieldError::new(
                field,
                format!("Choose a version number, not \"{t}\""),
            )])
        })?,
        None => default,
    };
    visible.iter().find(|v| v.version == wanted).map(|v| (*v).clone()).ok_or_else(|| {
        AppError::invalid(vec![FieldError::new(field, format!("There is no version {wanted}"))])
    })
}

pub async fn compare(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let sees_working = sees_working_versions(&user, &view);
    // The family compares what was sent to them: by default the plan in force with the
    // amendments proposed to it.
    let visible: Vec<&PlanVersion> =
        view.versions.iter().filter(|v| sees_working || v.issued.is_some()).collect();
    let latest = visible.last().map(|v| v.version).ok_or(AppError::NotFound)?;
    let to = version(&visible, q.to.as_deref(), latest, "to")?;
    let earlier_final = visible
        .iter()
        .rev()
        .find(|v| v.version < to.version && v.issued.as_deref() == Some("final"))
        .map(|v| v.version);
    let default_from = match sees_working {
        true => (to.version - 1).max(1),
        false => earlier_final.unwrap_or(to.version),
    };
    let from = version(&visible, q.from.as_deref(), default_from, "from")?;
    let back = if sees_working { format!("{}/plan", view.href()) } else { view.href() };
    let page = ComparePage {
        page: PageContext::new(Some(&user), "/caseload"),
        back,
        child_name: view.child.child.full_name(),
        from: from.version,
        to: to.version,
        diffs: diff(&from.plan, &to.plan).into_iter().filter(SectionDiff::changed).collect(),
    };
    Ok(render(&page)?)
}

#[derive(Deserialize)]
pub struct PrintQuery {
    version: Option<String>,
}

#[derive(Template)]
#[template(path = "ehc/print.html")]
struct PrintPage {
    page: PageContext,
    back: String,
    child_name: String,
    birth_date: String,
    status: String,
    sections: Vec<SectionView>,
    /// The advice received, appended to section K (Code 9.62).
    advice: Vec<AppendedAdvice>,
}

/// The family sees only what was sent to them; the council also sees its working versions.
pub async fn print(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    Query(q): Query<PrintQuery>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let sees_working = sees_working_versions(&user, &view);
    let statuses = version_statuses(&state, &view).await?;
    let visible: Vec<&PlanVersion> =
        view.versions.iter().filter(|v| sees_working || v.issued.is_some()).collect();
    let chosen = match q.version.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => visible.iter().find(|v| v.version.to_string() == t).copied(),
        None => visible.last().copied(),
    }
    .ok_or(AppError::NotFound)?;
    let page = PrintPage {
        page: PageContext::new(Some(&user), "/caseload"),
        back: view.href(),
        child_name: view.child.child.full_name(),
        birth_date: long_date(view.child.child.birth_date),
        status: statuses.get(&chosen.version).cloned().unwrap_or_default(),
        sections: sections(&chosen.plan, false),
        advice: advice_shown(&view.advice, true),
    };
    Ok(render(&page)?)
}

/// The council also sees its working versions; everyone else only what was sent to the family.
fn sees_working_versions(user: &CurrentUser, view: &CaseView) -> bool {
    view.may(user, CaseAction::RecordStatutoryEvent)
}

/// For the templates: the diff line's marker and text.
pub fn change_parts(change: &Change) -> (&'static str, &str) {
    match change {
        Change::Same(t) => ("", t),
        Change::Added(t) => ("Added", t),
        Change::Removed(t) => ("Removed", t),
    }
}

/// For the B editor: each broad area as a select option.
pub fn area_options() -> Kind {
    Kind::Select(choices(BroadAreaOfNeed::ALL.iter().map(|a| (a.code(), a.label()))))
}

pub fn adulthood_options() -> Kind {
    Kind::Select(choices(AdulthoodArea::ALL.iter().map(|a| (a.code(), a.label()))))
}

/// Used by the row editor to build each row's remove box.
pub fn remove_box(prefix: &str) -> Field {
    Field::new(format!("{prefix}-remove"), "Remove this line", Kind::Checkbox)
}
