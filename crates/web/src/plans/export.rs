//! The plan in force and its whole history as one JSON file, for a council that does not use
//! sendcase when the family moves to it (reg 15): what the old council hands over.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::ehc::CaseView;
use crate::error::AppError;
use crate::page::PageResult;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use sendcase_domain::policy::CaseAction;
use serde_json::json;

pub async fn export(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::RecordStatutoryEvent).await?;
    let plan = view.final_plan().ok_or(AppError::NotFound)?;
    let child = &view.child.child;
    let body = json!({
        "child": {
            "given_name": child.given_name,
            "family_name": child.family_name,
            "birth_date": child.birth_date,
            "upn": child.upn.as_ref().map(ToString::to_string),
            "nhs_number": child.nhs_number.as_ref().map(ToString::to_string),
        },
        "plan_in_force": {"version": plan.version, "issued_on": plan.issued_on, "plan": plan.plan},
        "versions": view.versions.iter().map(|v| json!({
            "version": v.version, "issued": v.issued, "issued_on": v.issued_on, "plan": v.plan,
        })).collect::<Vec<_>>(),
        "history": view.case.events.iter().map(|e| e.event.to_json()).collect::<Vec<_>>(),
        "records": view.records.iter().map(|r| json!({"kind": r.kind, "body": r.body})).collect::<Vec<_>>(),
    });
    let name = format!(
        "attachment; filename=\"ehc-plan-{}-{}.json\"",
        child.family_name.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
        child.birth_date
    );
    let headers = [
        (header::CONTENT_TYPE, "application/json".to_owned()),
        (header::CONTENT_DISPOSITION, name),
    ];
    Ok((headers, body.to_string()).into_response())
}
