//! A school or college answering the council's consultation about naming it in a child's plan
//! (Code 9.78–9.83) from its own tasks: its SENCO reads the draft and says, within 15 days,
//! whether it agrees to be named, and why not if it does not.

use super::{CaseView, StepForm, show_form_reading, take_step};
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::error::{AppError, FieldError};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::records::today;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::{DutyKind, long_date};
use sendcase_domain::ehc::records::Consultation;
use sendcase_domain::policy::{CaseAction, may_answer_consultation};
use sendcase_usecases::ehc::Step;
use sendcase_usecases::ehc::file::open_consultation;

/// Whether the setting agrees to be named: asked of the setting and of the council recording
/// its reply alike.
pub fn named_field(value: String) -> Field {
    let options = [("yes", "Yes, it agrees to be named"), ("no", "No, it does not agree")];
    Field::new(
        "named",
        "Does the school or college agree to be named in the plan?",
        Kind::Radios(choices(options)),
    )
    .value(value)
}

pub fn named_answer(v: &FormValues, errors: &mut Vec<FieldError>) -> Option<bool> {
    match v.text("named").as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "named",
                "Say whether the school or college agrees to be named",
            ));
            None
        }
    }
}

/// The open consultation `clock_ref` of case `id`, if it is with a setting `user` answers for;
/// anything else is not theirs to see.
async fn addressed(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
    clock_ref: &str,
) -> Result<(CaseView, Consultation), AppError> {
    let view = CaseView::load(state, user, rid, id, CaseAction::AnswerConsultation).await?;
    let open = open_consultation(state.store.as_ref(), &view.records, clock_ref).await?;
    match open {
        Some((open, setting)) if may_answer_consultation(&user.actor, setting) => Ok((view, open)),
        _ => Err(AppError::NotFound),
    }
}

fn answer_form(view: &CaseView, consulted: &Consultation, values: Option<&FormValues>) -> StepForm {
    let typed = |name: &str| values.map(|v| v.text(name)).unwrap_or_default();
    let due = view
        .duties
        .duties
        .iter()
        .find(|d| {
            d.duty == DutyKind::RespondToConsultation
                && d.reference.as_deref() == Some(consulted.clock_ref.as_str())
        })
        .map(|d| format!(" Reply by {}.", long_date(d.due)))
        .unwrap_or_default();
    let child = view.child.child.full_name();
    StepForm {
        caption: child.clone(),
        title: "Reply to the council's consultation".into(),
        intro: vec![
            format!("The council asks whether {} can be named in the education, health and care plan for {child}.{due}", consulted.institution),
            "Read the draft plan first. If the school or college does not agree, say why: for example, that it could not meet the needs in the plan, or that the child being there would not fit with the efficient education of others (Code 9.79).".into(),
        ],
        warnings: vec![],
        fieldsets: vec![Fieldset::new(
            "",
            vec![
                named_field(typed("named")),
                Field::new("response", "Your reasons", Kind::Textarea)
                    .hint("What the council should know: the provision you could make, or why you could not")
                    .value(typed("response")),
            ],
        )],
        submit: "Send reply",
    }
}

fn show(
    user: &CurrentUser,
    view: &CaseView,
    consulted: &Consultation,
    values: Option<&FormValues>,
    errors: Vec<FieldError>,
) -> PageResult {
    let action = format!("{}/consultations/{}", view.href(), consulted.clock_ref);
    let draft = (format!("{}/plan/print", view.href()), "Read the draft plan".to_owned());
    let form = answer_form(view, consulted, values);
    show_form_reading(user, "/school-tasks".into(), action, form, draft, errors)
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((id, clock_ref)): Path<(String, String)>,
) -> PageResult {
    let (view, consulted) = addressed(&state, &user, &rid, &id, &clock_ref).await?;
    show(&user, &view, &consulted, None, vec![])
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((id, clock_ref)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let values = FormValues::new(pairs);
    let (view, consulted) = addressed(&state, &user, &rid, &id, &clock_ref).await?;
    let mut errors = vec![];
    if let Some(agrees) = named_answer(&values, &mut errors) {
        let step = Step::RecordResponse {
            consultation: consulted.clock_ref.clone(),
            on: today(),
            response: values.text("response"),
            agrees_to_be_named: Some(agrees),
            by_setting: true,
        };
        match take_step(&state, &user, &rid, &view, step).await? {
            Ok(()) => return Ok(Redirect::to("/school-tasks").into_response()),
            Err(e) => errors.push(e),
        }
    }
    show(&user, &view, &consulted, Some(&values), errors)
}
