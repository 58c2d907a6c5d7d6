//! The school's request for an EHC needs assessment: built from the pupil's cycles, provision
//! and views, checked by the SENCO, and sent to the council responsible for the child, where it
//! opens a case in the council's intake with the pack attached as evidence.

use super::pupil::{Pupil, keeper};
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn, acting};
use crate::error::{AppError, FieldError, on_form};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::policy::may_lead_sen_support;
use sendcase_domain::schools::register::SenProvision;
use sendcase_domain::schools::request_pack::SchoolRequestPack;
use sendcase_usecases::ehc::{request_pack_refusal, send_request_pack};

#[derive(Template)]
#[template(path = "schools/request_pack.html")]
struct PackPage {
    page: PageContext,
    back: String,
    action: String,
    name: String,
    la: String,
    warnings: Vec<String>,
    blocked: bool,
    sections: Vec<(String, Vec<String>)>,
    reason: String,
}

/// Why a new request cannot be sent for this pupil now, if it cannot.
async fn blocked(state: &AppState, p: &Pupil) -> Result<Option<&'static str>, AppError> {
    let mut requests = vec![];
    for request in state.store.ehc_requests_of_child(p.child).await? {
        requests.extend(state.store.ehc_case(request.id).await?);
    }
    Ok(request_pack_refusal(has_plan(p), &requests, today(), &state.settings.calendar)?)
}

/// What the pack says of the register for a pupil who has never been on it.
const NEVER_ON_REGISTER: &str = "Not on the SEN register";

fn has_plan(p: &Pupil) -> bool {
    p.entries.last().and_then(|e| SenProvision::parse(&e.provision)) == Some(SenProvision::EhcPlan)
}

/// The pack as it stands, with `reason` as the SENCO wrote it, and what it cannot yet show.
async fn build(
    state: &AppState,
    p: &Pupil,
    reason: &str,
) -> Result<(SchoolRequestPack, Vec<String>), AppError> {
    let steps = state.store.support_steps(p.child, p.school).await?;
    let found = super::support::read_cycles(&steps)?;
    let provision =
        super::provision_map::pupil_provision(&state.store.interventions(p.school).await?, p.child);
    let status =
        p.entries.last().map_or_else(|| NEVER_ON_REGISTER.to_owned(), super::register::summary);
    let pack = SchoolRequestPack::build(&p.school_name, &status, reason, &found, provision);
    Ok((pack, SchoolRequestPack::warnings(&found)))
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    p: &Pupil,
    reason: &str,
    errors: Vec<FieldError>,
) -> PageResult {
    let (pack, mut warnings) = build(state, p, reason).await?;
    let blocked = blocked(state, p).await?;
    warnings.extend(blocked.map(str::to_owned));
    let la = state.store.organisation(p.responsible_la).await?.map(|o| o.name).unwrap_or_default();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = PackPage {
        page: PageContext::new(Some(user), "/sen-register").with_errors(errors),
        back: p.href(),
        action: format!("{}/ehc-request", p.href()),
        name: p.name.clone(),
        la,
        warnings,
        blocked: blocked.is_some(),
        sections: pack.sections().into_iter().skip(1).collect(),
        reason: reason.to_owned(),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    page(&state, &user, &p, "", vec![]).await
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = crate::page::forms::FormValues::new(pairs);
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    let mut errors = vec![];
    let reason =
        v.required("reason", "Enter why the school is asking for an assessment now", &mut errors);
    if !v.checked("parents_agree") {
        errors.push(FieldError::new(
            "parents_agree",
            "Confirm that the parents know about the request",
        ));
    }
    if !errors.is_empty() {
        return page(&state, &user, &p, &reason, errors).await;
    }
    let (pack, _) = build(&state, &p, &reason).await?;
    let sent =
        send_request_pack(acting(&state, &user, &rid), p.school, p.child, has_plan(&p), &pack);
    match on_form(sent.await)? {
        Ok(id) => Ok(Redirect::to(&format!("/ehc-requests/{id}")).into_response()),
        Err(e) => page(&state, &user, &p, &reason, vec![e]).await,
    }
}
