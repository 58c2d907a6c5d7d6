//! The council records a decision about who takes part that the young person gave it, or one
//! under the Mental Capacity Act 2005, with the day it was made.

use super::who_can_see::{parent_name, read};
use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::ehc::{StepForm, show_form};
use crate::error::{AppError, FieldError, on_form};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::people::young_person_rights::FamilyDecision;
use sendcase_store::ChildRecord;
use sendcase_usecases::young_person_rights::record_family_decision;
use uuid::Uuid;

fn record_form(name: &str, choices: Vec<(String, String)>, v: &FormValues) -> StepForm {
    StepForm {
        caption: name.to_owned(),
        title: "Record who takes part".into(),
        intro: vec![
            "Record a decision the young person gave the council about a parent, or a decision under the Mental Capacity Act 2005 on whether they can make these decisions themselves.".into(),
        ],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", vec![
            Field::new("decision", "What was decided?", Kind::Radios(choices))
                .value(v.text("decision")),
            Field::new("decided_on", "When was it decided?", Kind::Date)
                .hint("For example, 27 3 2026")
                .value(v.date_as_typed("decided_on")),
        ])],
        submit: "Record the decision",
    }
}

async fn choices(
    state: &AppState,
    record: &ChildRecord,
) -> Result<Vec<(String, String)>, AppError> {
    let first = &record.child.given_name;
    let mut choices = vec![];
    for parent in &record.relations.parents {
        let name = parent_name(state, *parent).await?;
        choices
            .push((format!("agreed:{parent}"), format!("{first} agrees that {name} takes part")));
        choices.push((
            format!("withdrawn:{parent}"),
            format!("{first} does not want {name} to take part"),
        ));
    }
    choices.push((
        "lacks_capacity".into(),
        format!("{first} lacks capacity to make these decisions (Mental Capacity Act 2005)"),
    ));
    choices.push((
        "has_capacity".into(),
        format!("{first} can make these decisions themselves (Mental Capacity Act 2005)"),
    ));
    Ok(choices)
}

/// The council's form for a decision given to it.
pub async fn record_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let record = read(&state, &user, &rid, &id).await?;
    let back = format!("/children/{}/who-can-see", record.child.id);
    let form = record_form(
        &record.child.full_name(),
        choices(&state, &record).await?,
        &FormValues::new(vec![]),
    );
    show_form(&user, back.clone(), format!("{back}/record"), form, vec![])
}

pub async fn record_submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let record = read(&state, &user, &rid, &id).await?;
    let back = format!("/children/{}/who-can-see", record.child.id);
    let v = FormValues::new(pairs);
    let mut errors = vec![];
    let decision = read_decision(&v.text("decision"));
    if decision.is_none() {
        errors.push(FieldError::new("decision", "Choose what was decided"));
    }
    let on = v.date("decided_on", Some("Enter the date it was decided"), &mut errors);
    if let (Some(decision), Some(on), true) = (decision, on, errors.is_empty()) {
        let done =
            record_family_decision(acting(&state, &user, &rid), record.child.id, decision, on)
                .await;
        match on_form(done)? {
            Ok(()) => return Ok(Redirect::to(&back).into_response()),
            Err(e) if e.field == "decided_on" => {
                errors.push(FieldError::new("decided_on-day", e.message))
            }
            Err(e) => errors.push(e),
        }
    }
    let form = record_form(&record.child.full_name(), choices(&state, &record).await?, &v);
    show_form(&user, back.clone(), format!("{back}/record"), form, errors)
}

/// A choice of the council's form as the decision it names.
fn read_decision(choice: &str) -> Option<FamilyDecision> {
    let (kind, parent) = match choice.split_once(':') {
        Some((kind, parent)) => (kind, Some(parent.parse::<Uuid>().ok()?)),
        None => (choice, None),
    };
    FamilyDecision::parse(kind, parent)
}
