//! A parent or young person asks the council for an EHC needs assessment online (s36(1)); the
//! request lands in the council's intake with the clock running from today.

use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::ehc::{StepForm, show_form};
use crate::error::{AppError, FieldError, on_form};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use crate::page::uploads::FormWithFiles;
use crate::records::child_for_form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::ehc::attachments::{MOST_BYTES, MOST_FILES};
use sendcase_domain::policy::{CaseAction, decide_case};
use sendcase_usecases::ehc::{FILES_FIELD, family_request};

fn request_form(name: &str, reasons: &str) -> StepForm {
    StepForm {
        caption: name.to_owned(),
        title: "Ask for an education, health and care needs assessment".into(),
        intro: vec![
            "You can ask the council to assess your child's needs if you think they need more help than their school or nursery can give. A young person aged 16 or over can ask for themselves.".into(),
            "The council must tell you within 6 weeks if it will do the assessment. The 6 weeks start today.".into(),
        ],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", vec![
            Field::new("reasons", "Why are you asking for an assessment?", Kind::Textarea)
                .hint("Say what is hard, what help has been tried and how it went. The council reads this with the request.")
                .value(reasons.to_owned()),
            Field::new(FILES_FIELD, "Letters or reports (if you have them)", Kind::Files)
                .hint(format!("For example, a letter from a doctor or a school report. Up to {MOST_FILES} files: PDFs, photos or Word documents, each smaller than {} MB.", MOST_BYTES / (1024 * 1024))),
        ])],
        submit: "Send the request",
    }
}

/// The child, if the signed-in person may ask for their assessment.
async fn may_ask(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    rid: &RequestId,
    id: &str,
) -> Result<(uuid::Uuid, String), AppError> {
    child_for_form(state, user, rid, id, |relations, today| {
        decide_case(&user.actor, CaseAction::RequestAssessment, relations, today)
    })
    .await
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let (child, name) = may_ask(&state, &user, &rid, &id).await?;
    let back = format!("/children/{child}");
    show_form(
        &user,
        back.clone(),
        format!("{back}/request-assessment"),
        request_form(&name, ""),
        vec![],
    )
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    FormWithFiles { fields, files }: FormWithFiles,
) -> PageResult {
    let (child, name) = may_ask(&state, &user, &rid, &id).await?;
    let v = FormValues::new(fields);
    let reasons = v.text("reasons");
    let back = format!("/children/{child}");
    let action = format!("{back}/request-assessment");
    let sent = family_request(acting(&state, &user, &rid), child, &reasons, files).await;
    match on_form(sent)? {
        Ok(request) => Ok(Redirect::to(&format!("/ehc-requests/{request}")).into_response()),
        Err(e) => {
            show_form(&user, back, action, request_form(&name, &reasons), vec![reasons_error(e)])
        }
    }
}

/// A refusal about the child as a whole is shown on the reasons box, the form's one field.
fn reasons_error(e: FieldError) -> FieldError {
    if e.field.is_empty() { FieldError::new("reasons", e.message) } else { e }
}
