//! The SENCO records that a pupil has left: from their first day off roll the school no longer
//! reaches their record, and their SEN history goes with them to the next school.

use super::pupil::keeper;
use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::ehc::{StepForm, show_form};
use crate::error::on_form;
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::policy::may_lead_sen_support;
use sendcase_usecases::schools;

fn form(name: &str, values: Option<&FormValues>) -> StepForm {
    StepForm {
        caption: name.to_owned(),
        title: "Record that the pupil has left".into(),
        intro: vec!["From the date they left, the school no longer sees the pupil's record. Their SEN history stays with them, so their next school reads it.".into()],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", vec![
            Field::new("date", "Date the pupil left", Kind::Date)
                .hint("Their first day no longer on roll, for example, 18 12 2026")
                .value(values.map(|v| v.date_as_typed("date")).unwrap_or_default()),
        ])],
        submit: "Record that the pupil has left",
    }
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    show_form(&user, p.href(), format!("{}/leaving", p.href()), form(&p.name, None), vec![])
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    let mut errors = vec![];
    if let Some(left_on) = v.date("date", Some("Enter the date the pupil left"), &mut errors) {
        let left = schools::record_leaver(acting(&state, &user, &rid), p.school, p.child, left_on);
        match on_form(left.await)? {
            Ok(()) => {
                let pupils = format!("/schools/{}/pupils", p.school);
                return Ok(Redirect::to(&pupils).into_response());
            }
            Err(e) => errors.push(e),
        }
    }
    show_form(&user, p.href(), format!("{}/leaving", p.href()), form(&p.name, Some(&v)), errors)
}
