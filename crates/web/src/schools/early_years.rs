//! The progress check at age two in an early years setting: the setting's SENCO records it, the
//! setting's staff and the responsible council read it on the child's page, and the parents get
//! its short written summary to print.

use super::profile::{SharedWithFamily, family_page, shared_with_family};
use super::pupil::{Pupil, keeper};
use crate::AppState;
use crate::auth::acting;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::{StepForm, show_form};
use crate::error::{AppError, FieldError};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::page::pdf::pdf;
use crate::records::today;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use jiff::civil::Date;
use sendcase_domain::clock::long_date;
use sendcase_domain::documents::{Document, FamilyDocument};
use sendcase_domain::early_years::{
    CheckStatus, Judgement, PrimeArea, ProgressCheck, date_problem, in_early_years, status,
};
use sendcase_domain::policy::may_lead_sen_support;
use sendcase_store::RegisterEntry;
use sendcase_usecases::schools;
use uuid::Uuid;

fn form(name: &str, v: Option<&FormValues>) -> StepForm {
    let val = |n: &str| v.map(|v| v.text(n)).unwrap_or_default();
    let text = |n: &str, label: &str| Field::new(n, label, Kind::Textarea).value(val(n));
    let judgements = || choices(Judgement::ALL.iter().map(|j| (j.code(), j.label())));
    let areas = PrimeArea::ALL
        .iter()
        .map(|a| Field::new(a.code(), a.label(), Kind::Radios(judgements())).value(val(a.code())))
        .collect();
    StepForm {
        caption: name.to_owned(),
        title: "Progress check at age two".into(),
        intro: vec![
            "Review the child's progress in the three prime areas between their second and third birthdays, with their parents, and give the parents a short written summary (Code 5.23).".into(),
        ],
        warnings: vec![],
        fieldsets: vec![
            Fieldset::new("", vec![Field::new("done_on", "Date of the check", Kind::Date).value(v.map(|v| v.date_as_typed("done_on")).unwrap_or_default())]),
            Fieldset::new("Progress in the prime areas", areas),
            Fieldset::new("Summary for the parents", vec![
                text("strengths", "The child's strengths"),
                text("next_steps", "Where more support is needed and what the setting will do"),
                text("parent_comments", "The parents' comments"),
                Field::new("shared", "Shared with the health visitor for the integrated review, with the parents' consent", Kind::Checkbox).value(val("shared")),
            ]),
        ],
        submit: "Save progress check",
    }
}

/// The check the form describes, or the errors that stop it, in the form's order.
fn read(v: &FormValues, birth: Date, errors: &mut Vec<FieldError>) -> Option<ProgressCheck> {
    let done_on = v.date("done_on", Some("Enter the date of the check"), errors);
    if let Some(problem) = done_on.and_then(|on| date_problem(on, birth, today())) {
        errors.push(FieldError::new("done_on-day", problem));
    }
    let judgements: Vec<Option<Judgement>> = PrimeArea::ALL
        .iter()
        .map(|a| {
            let found = v.text(a.code()).parse::<Judgement>().ok();
            if found.is_none() {
                errors.push(FieldError::new(
                    format!("{}-0", a.code()),
                    format!("Select a judgement for {}", a.label().to_lowercase()),
                ));
            }
            found
        })
        .collect();
    let strengths = v.required("strengths", "Enter the child's strengths", errors);
    let check = ProgressCheck {
        done_on: done_on?,
        judgements: [judgements[0]?, judgements[1]?, judgements[2]?],
        strengths,
        next_steps: v.text("next_steps"),
        parent_comments: v.text("parent_comments"),
        shared_with_health_visitor: v.checked("shared"),
    };
    Some(check).filter(|_| errors.is_empty())
}

fn action(p: &Pupil) -> String {
    format!("{}/progress-check", p.href())
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    show_form(&user, p.href(), action(&p), form(&p.name, None), vec![])
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    let mut errors = vec![];
    if let Some(check) = read(&v, p.birth_date, &mut errors) {
        schools::record_progress_check(acting(&state, &user, &rid), p.school, p.child, &check)
            .await?;
        return Ok(Redirect::to(&p.href()).into_response());
    }
    show_form(&user, p.href(), action(&p), form(&p.name, Some(&v)), errors)
}

/// The check as the pupil page shows it.
pub struct CheckSection {
    pub status: String,
    pub latest: Option<String>,
    pub prompts: Vec<String>,
    pub may_record: bool,
}

/// The section of the pupil page for a child of early years age; `None` for older pupils.
pub(super) async fn pupil_section(
    state: &AppState,
    user: &CurrentUser,
    p: &Pupil,
) -> Result<Option<CheckSection>, AppError> {
    let birth = p.birth_date;
    if !in_early_years(birth, today()) {
        return Ok(None);
    }
    let checks = state.store.progress_checks(p.child, p.school).await?;
    let dates: Vec<Date> = checks.iter().map(|c| c.done_on).collect();
    let latest = checks.last();
    Ok(Some(CheckSection {
        status: status(birth, &dates, today()).describe(),
        latest: latest.map(|c| {
            c.areas()
                .map(|(a, j)| format!("{}: {}", a.label(), j.label()))
                .collect::<Vec<_>>()
                .join("; ")
        }),
        prompts: latest.map(ProgressCheck::prompts).unwrap_or_default(),
        may_record: may_lead_sen_support(&user.actor, p.school),
    }))
}

/// The setting's children whose check is due now and not yet done, as links with the date due by.
pub(super) async fn checks_due(
    state: &AppState,
    setting: Uuid,
    pupils: &[&RegisterEntry],
) -> Result<Vec<(String, String, String)>, AppError> {
    let mut due = vec![];
    for pupil in pupils.iter().filter(|p| in_early_years(p.birth_date, today())) {
        let dates: Vec<Date> = state
            .store
            .progress_checks(pupil.child_id, setting)
            .await?
            .iter()
            .map(|c| c.done_on)
            .collect();
        if let CheckStatus::DueNow { by } = status(pupil.birth_date, &dates, today()) {
            due.push((
                format!("/schools/{setting}/pupils/{}", pupil.child_id),
                pupil.name.clone(),
                long_date(by),
            ));
        }
    }
    Ok(due)
}

/// Where the summary for the parents is printed, if the setting has done a check.
pub async fn print_href_if_done(
    state: &AppState,
    setting: Uuid,
    child: Uuid,
) -> Result<Option<String>, AppError> {
    let done = !state.store.progress_checks(child, setting).await?.is_empty();
    Ok(done.then(|| format!("/schools/{setting}/pupils/{child}/progress-check/print")))
}

/// The latest check's summary, for the parents to keep.
async fn summary(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    school: &str,
    child: &str,
) -> Result<(SharedWithFamily, FamilyDocument, jiff::civil::Date), AppError> {
    let shared = shared_with_family(state, user, rid, school, child).await?;
    let check = state
        .store
        .progress_checks(shared.child, shared.school)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let doc = check.summary_for_parents(&shared.name, &shared.school_name);
    Ok((shared, doc, check.done_on))
}

pub async fn print(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let (shared, doc, _) = summary(&state, &user, &rid, &school, &child).await?;
    family_page(&user, shared, doc, "progress-check")
}

pub async fn print_pdf(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let (_, doc, on) = summary(&state, &user, &rid, &school, &child).await?;
    Ok(pdf(Document::Family(doc), on, "progress-check-summary").await?)
}
