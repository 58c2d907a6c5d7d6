//! The graduated approach for one pupil: the forms for assess, plan, do (a logged session) and
//! review. The SENCO assesses, plans and reviews; school staff log the sessions they deliver.

use super::pupil::{Pupil, keeper};
use crate::AppState;
use crate::auth::acting;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::{StepForm, show_form};
use crate::error::{AppError, FieldError, on_form};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::records::today;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::policy::may_record_support_step;
use sendcase_domain::schools::graduated_approach::{
    Assessment, CycleReview, CycleStep, DatedStep, NextStep, SessionLog, StepKind, SupportCycle,
    SupportPlan, cycles, next_steps, refusal,
};
use sendcase_usecases::schools;

/// The cycles in stored steps; steps out of order were never accepted, so that is a stored-data fault.
pub fn read_cycles(steps: &[DatedStep]) -> Result<Vec<SupportCycle>, AppError> {
    cycles(steps)
        .map_err(|(i, e)| AppError::Internal(format!("stored support step {i} out of order: {e}")))
}

/// The pupil and their cycles so far, if `user` may record a step of this kind for them.
async fn load(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    school: &str,
    child: &str,
    kind: StepKind,
) -> Result<(Pupil, Vec<SupportCycle>), AppError> {
    let p = keeper(state, user, rid, school, child, may_record_support_step(kind)).await?;
    let steps = state.store.support_steps(p.child, p.school).await?;
    let found = read_cycles(&steps)?;
    Ok((p, found))
}

/// The plan a review answers: the current cycle's, while it is unreviewed.
fn open_plan(found: &[SupportCycle]) -> Option<&SupportPlan> {
    found.last().filter(|c| c.review.is_none()).and_then(|c| c.plan.as_ref()).map(|(_, p)| p)
}

fn form(
    kind: StepKind,
    name: &str,
    plan: Option<&SupportPlan>,
    v: Option<&FormValues>,
) -> StepForm {
    let val = |n: &str| v.map(|v| v.text(n)).unwrap_or_default();
    let date = |n: &str, label: &str| {
        Field::new(n, label, Kind::Date).value(v.map(|v| v.date_as_typed(n)).unwrap_or_default())
    };
    let text = |n: &str, label: &str| Field::new(n, label, Kind::Textarea).value(val(n));
    let (title, intro, fields, submit) = match kind {
        StepKind::Assess => (
            "Assess the pupil's needs",
            "Draw on the teacher's assessment, the pupil's progress and views, and what the parents say (Code 6.45).",
            vec![
                date("date", "Date of the assessment"),
                text("concerns", "What the concerns are"),
                text("evidence", "Evidence: attainment, progress, observations"),
                text("assessments_used", "Assessments used")
                    .hint("For example, standardised tests or a speech and language screen"),
                text("pupil_views", "The pupil's views"),
                text("parent_views", "The parents' views"),
            ],
            "Save assessment",
        ),
        StepKind::Plan => (
            "Plan the support",
            "Agree the outcomes with the parents and the pupil, the support to reach them and a date to review (Code 6.48).",
            vec![
                date("date", "Date the plan was agreed"),
                text("outcomes", "Outcomes sought").hint("One outcome on each line"),
                text("provision", "Support, interventions and adjustments"),
                Field::new("delivered_by", "Who delivers it", Kind::Text)
                    .value(val("delivered_by")),
                Field::new("how_often", "How often and for how long", Kind::Text)
                    .hint("For example, 3 sessions a week of 20 minutes")
                    .value(val("how_often")),
                date("review_on", "Date of the review"),
            ],
            "Save plan",
        ),
        StepKind::Session => (
            "Log a session",
            "Record a session of the planned support as it is delivered (Code 6.52).",
            vec![
                date("date", "Date of the session"),
                text("notes", "What happened and how the pupil responded"),
            ],
            "Save session",
        ),
        StepKind::Review => {
            let mut fields = vec![date("date", "Date of the review")];
            for (i, outcome) in
                plan.map(|p| p.outcomes.as_slice()).unwrap_or_default().iter().enumerate()
            {
                fields
                    .push(text(&format!("progress_{i}"), &format!("Progress towards: {outcome}")));
            }
            let next = choices(NextStep::ALL.iter().map(|s| (s.code(), s.label())));
            fields.push(
                Field::new("next_step", "What happens next", Kind::Radios(next))
                    .value(val("next_step")),
            );
            (
                "Review the support",
                "Review progress against each outcome with the parents and the pupil, and decide what happens next (Code 6.54).",
                fields,
                "Save review",
            )
        }
    };
    StepForm {
        caption: name.to_owned(),
        title: title.into(),
        intro: vec![intro.into()],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", fields)],
        submit,
    }
}

/// The step the form describes, or the errors that stop it.
fn read(
    kind: StepKind,
    plan: Option<&SupportPlan>,
    v: &FormValues,
    errors: &mut Vec<FieldError>,
) -> Option<DatedStep> {
    let on = v.date("date", Some("Enter the date"), errors);
    if on.is_some_and(|d| d > today()) {
        errors.push(FieldError::new("date-day", "The date must be today or earlier"));
    }
    let step = match kind {
        StepKind::Assess => CycleStep::Assess(Assessment {
            concerns: v.required("concerns", "Enter what the concerns are", errors),
            evidence: v.required("evidence", "Enter the evidence", errors),
            assessments_used: v.text("assessments_used"),
            pupil_views: v.text("pupil_views"),
            parent_views: v.text("parent_views"),
        }),
        StepKind::Plan => {
            let outcomes: Vec<String> = v
                .text("outcomes")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            if outcomes.is_empty() {
                errors.push(FieldError::new("outcomes", "Enter at least one outcome"));
            }
            let review_on = v.date("review_on", Some("Enter the date of the review"), errors);
            if let (Some(on), Some(review)) = (on, review_on)
                && review <= on
            {
                errors.push(FieldError::new(
                    "review_on-day",
                    "The review must be after the plan is agreed",
                ));
            }
            CycleStep::Plan(SupportPlan {
                outcomes,
                provision: v.required("provision", "Enter the support to be given", errors),
                delivered_by: v.required("delivered_by", "Enter who delivers it", errors),
                how_often: v.required("how_often", "Enter how often and for how long", errors),
                review_on: review_on?,
            })
        }
        StepKind::Session => CycleStep::Session(SessionLog {
            notes: v.required("notes", "Enter what happened in the session", errors),
        }),
        StepKind::Review => {
            let Some(plan) = plan else {
                errors.push(FieldError::new("", refusal(StepKind::Review)));
                return None;
            };
            let progress = (0..plan.outcomes.len())
                .map(|i| {
                    v.required(
                        &format!("progress_{i}"),
                        "Enter the progress towards this outcome",
                        errors,
                    )
                })
                .collect();
            let next_step = v
                .text("next_step")
                .parse::<NextStep>()
                .map_err(|_| {
                    errors.push(FieldError::new("next_step-0", "Select what happens next"))
                })
                .ok();
            CycleStep::Review(CycleReview { progress, next_step: next_step? })
        }
    };
    Some(DatedStep { on: on?, step }).filter(|_| errors.is_empty())
}

fn parse_kind(step: &str) -> Result<StepKind, AppError> {
    step.parse().map_err(|_| AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child, step)): Path<(String, String, String)>,
) -> PageResult {
    let kind = parse_kind(&step)?;
    let (p, found) = load(&state, &user, &rid, &school, &child, kind).await?;
    let mut form = form(kind, &p.name, open_plan(&found), None);
    if !next_steps(&found).contains(&kind) {
        form.warnings.push(refusal(kind).to_owned());
    }
    show_form(&user, p.href(), format!("{}/support/{step}", p.href()), form, vec![])
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child, step)): Path<(String, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let kind = parse_kind(&step)?;
    let v = FormValues::new(pairs);
    let (p, found) = load(&state, &user, &rid, &school, &child, kind).await?;
    let plan = open_plan(&found);
    let mut errors = vec![];
    if let Some(dated) = read(kind, plan, &v, &mut errors) {
        let acting = acting(&state, &user, &rid);
        match on_form(schools::record_support_step(acting, p.school, p.child, dated).await)? {
            Ok(()) => return Ok(Redirect::to(&p.href()).into_response()),
            Err(e) => errors.push(e),
        }
    }
    show_form(
        &user,
        p.href(),
        format!("{}/support/{step}", p.href()),
        form(kind, &p.name, plan, Some(&v)),
        errors,
    )
}

/// One cycle as the pupil's page shows it.
pub struct CycleView {
    pub title: String,
    pub stage: &'static str,
    pub rows: Vec<(String, String)>,
    pub overdue: Option<String>,
}

pub fn cycle_views(found: &[SupportCycle]) -> Vec<CycleView> {
    use sendcase_domain::clock::long_date;
    found
        .iter()
        .rev()
        .map(|c| {
            let (on, a) = &c.assessed;
            let mut rows = vec![(format!("Assessed {}", long_date(*on)), a.concerns.clone())];
            if let Some((on, plan)) = &c.plan {
                rows.push((
                    format!("Planned {}", long_date(*on)),
                    format!(
                        "{}: {}, {} (review by {})",
                        plan.outcomes.join("; "),
                        plan.provision,
                        plan.how_often,
                        long_date(plan.review_on)
                    ),
                ));
                rows.push(("Sessions logged".into(), c.sessions.len().to_string()));
            }
            if let Some((on, review)) = &c.review {
                rows.push((
                    format!("Reviewed {}", long_date(*on)),
                    format!("{} Next: {}", review.progress.join("; "), review.next_step.label()),
                ));
            }
            let overdue = c.review_overdue(today()).map(|days| {
                format!("Review overdue by {days} day{}", if days == 1 { "" } else { "s" })
            });
            CycleView { title: format!("Cycle {}", c.number), stage: c.stage(), rows, overdue }
        })
        .collect()
}

/// The steps `user` may record next, as links from the pupil's page.
pub(super) fn next_links(
    user: &CurrentUser,
    p: &Pupil,
    found: &[SupportCycle],
) -> Vec<(String, &'static str)> {
    next_steps(found)
        .into_iter()
        .filter(|k| may_record_support_step(*k)(&user.actor, p.school))
        .map(|k| (format!("{}/support/{}", p.href(), k.code()), k.label()))
        .collect()
}
