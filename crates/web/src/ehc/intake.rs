//! Intake: the council records a request for an EHC needs assessment, for a child it already
//! knows or a new one, checking first that a "new" child is not already on its records.

use super::{StepForm, show_form};
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn, acting};
use crate::error::{AppError, FieldError, on_form};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::records::{today, visible_children};
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::people::birth::birth_date_problem;
use sendcase_domain::people::identifiers::{NhsNumber, Upn};
use sendcase_domain::policy::registering_la;
use sendcase_store::{ChildRecord, NewChild};
use sendcase_usecases::ehc::{RequestedChild, record_request};
use uuid::Uuid;

/// The local authority the caller records requests for.
fn own_la(user: &CurrentUser) -> Result<Uuid, AppError> {
    registering_la(&user.actor).ok_or(AppError::Forbidden)
}

fn intake_form(children: &[ChildRecord], values: Option<&FormValues>) -> StepForm {
    let val = |name: &str| values.map(|v| v.text(name)).unwrap_or_default();
    let known = children
        .iter()
        .map(|c| {
            (
                c.child.id.to_string(),
                format!("{} (born {})", c.child.full_name(), c.child.birth_date),
            )
        })
        .collect();
    let sources = choices(RequestSource::ALL.iter().map(|s| (s.as_str(), s.label())));
    StepForm {
        caption: "EHC needs assessment".into(),
        title: "Record a request for an assessment".into(),
        intro: vec!["The 6-week decision and the 20-week plan run from the day the council received the request.".into()],
        warnings: vec![],
        fieldsets: vec![
            Fieldset::new("The request", vec![
                Field::new("received", "Date the council received the request", Kind::Date).value(values.map(|v| v.date_as_typed("received")).unwrap_or_default()),
                Field::new("source", "Who made the request", Kind::Radios(sources)).value(val("source")),
            ]),
            Fieldset::new("A child the council already knows", vec![
                Field::new("child", "Child or young person", Kind::Select(known)).hint("Leave as it is to enter a new child below").value(val("child")),
            ]),
            Fieldset::new("Or a new child", vec![
                Field::new("given_name", "First name", Kind::Text).value(val("given_name")),
                Field::new("family_name", "Last name", Kind::Text).value(val("family_name")),
                Field::new("birth", "Date of birth", Kind::Date).hint("For example, 14 3 2016").value(values.map(|v| v.date_as_typed("birth")).unwrap_or_default()),
                Field::new("upn", "Unique pupil number (UPN), if known", Kind::Text).value(val("upn")),
                Field::new("nhs", "NHS number, if known", Kind::Text).value(val("nhs")),
            ]),
        ],
        submit: "Record request",
    }
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
) -> PageResult {
    own_la(&user)?;
    let children = visible_children(&state, &user, &rid).await?;
    show_form(
        &user,
        "/caseload".into(),
        "/ehc-requests/new".into(),
        intake_form(&children, None),
        vec![],
    )
}

/// A new child's details as typed; whether they are a child already on record is judged when
/// the request is written.
fn new_child(v: &FormValues, la: Uuid, errors: &mut Vec<FieldError>) -> Option<NewChild> {
    let given_name =
        v.required("given_name", "Choose a child, or enter the new child's first name", errors);
    let family_name = v.required("family_name", "Enter the new child's last name", errors);
    let birth_date = v.date("birth", Some("Enter the new child's date of birth"), errors);
    if let Some(why) = birth_date.and_then(|d| birth_date_problem(d, today())) {
        errors.push(FieldError::new("birth-day", why));
    }
    let upn = Some(v.text("upn")).filter(|u| !u.is_empty()).and_then(|u| {
        u.parse::<Upn>().map_err(|e| errors.push(FieldError::new("upn", format!("UPN: {e}")))).ok()
    });
    let nhs_number = Some(v.text("nhs")).filter(|n| !n.is_empty()).and_then(|n| {
        n.parse::<NhsNumber>()
            .map_err(|e| errors.push(FieldError::new("nhs", format!("NHS number: {e}"))))
            .ok()
    });
    let birth_date = birth_date.filter(|_| errors.is_empty())?;
    Some(NewChild {
        given_name,
        family_name,
        birth_date,
        upn,
        nhs_number,
        uln: None,
        responsible_la_id: la,
        enrolment: None,
    })
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let la = own_la(&user)?;
    let children = visible_children(&state, &user, &rid).await?;
    let mut errors = vec![];
    let received_on =
        v.date("received", Some("Enter the date the council received the request"), &mut errors);
    let source = v
        .text("source")
        .parse::<RequestSource>()
        .map_err(|_| errors.push(FieldError::new("source-0", "Select who made the request")))
        .ok();
    let chosen = v.text("child");
    let existing = children.iter().find(|c| c.child.id.to_string() == chosen);
    let new = if existing.is_none() { new_child(&v, la, &mut errors) } else { None };
    let (Some(received_on), Some(source), true) = (received_on, source, errors.is_empty()) else {
        return show_form(
            &user,
            "/caseload".into(),
            "/ehc-requests/new".into(),
            intake_form(&children, Some(&v)),
            errors,
        );
    };
    let child = match (existing, new) {
        (Some(c), _) => RequestedChild::OnRecord(c.child.id),
        (None, Some(child)) => RequestedChild::New(child),
        (None, None) => {
            return Err(
                AppError::Internal("intake without a child passed validation".into()).into()
            );
        }
    };
    // Whoever records the request handles it until the caseload says otherwise.
    let handler = Some(user.actor.user_id);
    let recorded =
        record_request(acting(&state, &user, &rid), child, received_on, source, handler).await;
    let id = match on_form(recorded)? {
        Ok(id) => id,
        Err(e) => {
            return show_form(
                &user,
                "/caseload".into(),
                "/ehc-requests/new".into(),
                intake_form(&children, Some(&v)),
                vec![e],
            );
        }
    };
    Ok(Redirect::to(&format!("/ehc-requests/{id}")).into_response())
}
