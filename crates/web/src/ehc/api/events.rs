//! A request's life as dated events: recording them (the clock decides whether each may follow
//! the history), reading its duties, and the caseload of open requests.

use super::requests::parse_date;
use crate::AppState;
use crate::auth::{ApiCaller, RequestId, acting};
use crate::ehc::case::{case_duties, case_for};
use crate::ehc::caseload::CaseloadParams;
use crate::error::{ApiErrorBody, ApiResult, AppError, FieldError};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jiff::civil::Date;
use sendcase_domain::clock::{
    CaseEvent, CaseloadStatus, ClockError, DatedEvent, DutyKind, DutyStatus, EventName, Named,
    Responsible,
};
use sendcase_domain::ehc::moves::CouncilMove;
use sendcase_domain::ehc::plan::Placement;
use sendcase_domain::ehc::review_advice::InvitedProfessional;
use sendcase_domain::ehc::reviews::{Invitee, ReviewArrangement, ReviewDecision};
use sendcase_domain::policy::CaseAction;
use sendcase_usecases::Refused;
use sendcase_usecases::ehc::{DisagreementTaken, ReviewTaken, Step, take_step};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::deadlines::api::{Duties, invalid};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Recorded {
    /// The event's position in the case's history, from 0.
    pub seq: i32,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AsOf {
    /// YYYY-MM-DD; statuses are judged on this day (default today).
    pub as_of: Option<String>,
}

fn as_of(query: &AsOf) -> Result<Option<Date>, AppError> {
    let Some(text) = query.as_of.as_deref() else { return Ok(None) };
    let mut errors = vec![];
    parse_date("as_of", text, &mut errors).map(Some).ok_or_else(|| AppError::invalid(errors))
}

/// Record one event of the case, in the clock contract's form (`event`, `date`, `ref`, …).
/// An event the clock would reject at this point of the history is refused with its message,
/// and nothing is stored. Events that the pages record with more than a date meet the same
/// rules here: `draft_plan_issued` sends the newest saved version of the plan (refused while it
/// has no content); `institution_consulted` and `institution_responded` name, in `ref`, a school
/// or setting known to sendcase; `final_plan_issued` also takes
/// `"section_i": {"institution": …, "kind": …}` naming a setting consulted on the draft.
/// An annual review's events keep the review's order, and may carry in `record` what the pages
/// record with them: `review_meeting_scheduled` `{"invited": ["family", "setting",
/// "council_officer", "health", "social_care"], "others": […], "professionals": [<user ids>]}`
/// (the family and the setting must be invited; `professionals` are professionals' accounts,
/// who then see the review and give their advice through `/ehc-requests/{id}/review/advice`); `review_meeting_held` `{"attended": […], "agreed": …,
/// "preparing_for_adulthood": {"employment", "independent_living", "community", "health"}}`
/// (required from Year 9); `review_report_sent` `{"recommendation": "maintain"|"amend"|"cease",
/// "summary": …}`; `review_decision_notified` `{"reasons": …}`. `moving_to_another_la` takes
/// `{"to_council": <the new council's id, or null when it does not use sendcase>, "to_name": …}`;
/// `plan_transferred` then hands the case to that council on the day of the move.
/// Mediation and appeals: `mediation_requested` takes `{"issues": [what it is about, as an
/// appeal's]}`, `mediation_concluded` `{"agreed": true|false, "summary": …}`,
/// `appeal_registered` `{"issues": ["refusal"|"ceasing"|"section_b"|"section_f"|"section_i"],
/// "hearing_date": …}` (at least one issue), `tribunal_decided` `{"upheld": [issues decided for
/// the family], "summary": …}`.
#[utoipa::path(post, path = "/ehc-requests/{id}/events", tag = "ehc-requests",
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body(content = serde_json::Value, description = "One clock event", content_type = "application/json"),
    responses((status = 201, body = Recorded), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn record_event(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
    body: String,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    let (case, _, _) = case_for(&state, &user, &rid, &id, CaseAction::RecordStatutoryEvent).await?;
    let index = Some(case.events.len());
    let mut value: serde_json::Value = serde_json::from_str(&body).map_err(|e| {
        invalid(ClockError { index, problem: format!("the event is not valid JSON: {e}") })
    })?;
    let placement = value.as_object_mut().and_then(|o| o.remove("section_i"));
    let record = value.as_object_mut().and_then(|o| o.remove("record"));
    let event =
        DatedEvent::from_json(&value).map_err(|problem| invalid(ClockError { index, problem }))?;
    let step = match placement {
        None => match record {
            None => Step::Event(event),
            Some(record) => step_with_record(event, record)
                .map_err(|problem| invalid(ClockError { index, problem }))?,
        },
        Some(_) if event.event.name() != EventName::FinalPlanIssued => {
            let problem = "only a `final_plan_issued` event names a setting in `section_i`".into();
            return Err(invalid(ClockError { index, problem }).into());
        }
        Some(placement) => {
            let placement: Placement = serde_json::from_value(placement).map_err(|e| {
                let problem = format!("`section_i` needs `institution` and `kind`: {e}");
                invalid(ClockError { index, problem })
            })?;
            Step::IssueFinal { placement, on: event.date }
        }
    };
    let taken = take_step(acting(&state, &user, &rid), case.request.id, step).await;
    match taken {
        Ok(seq) => Ok((StatusCode::CREATED, Json(Recorded { seq: seq.unwrap_or_default() }))),
        Err(Refused::Clock(message) | Refused::Rule { message, .. }) => Err(AppError::Invalid {
            summary: message.clone(),
            fields: vec![FieldError::new("event", message)],
        }
        .into()),
        Err(other) => Err(AppError::from(other).into()),
    }
}

/// The step an event stands for, with what `record` says of it.
fn step_with_record(event: DatedEvent, record: serde_json::Value) -> Result<Step, String> {
    #[derive(Deserialize)]
    struct Invitations {
        invited: Vec<Invitee>,
        #[serde(default)]
        others: Vec<String>,
        #[serde(default)]
        professionals: Vec<Uuid>,
    }
    #[derive(Deserialize)]
    struct Reasons {
        reasons: String,
    }
    let name = event.event.name();
    let unreadable =
        |e: serde_json::Error| format!("`record` of `{name}` is not as documented: {e}");
    let on = event.date;
    Ok(Step::Review(match event.event {
        CaseEvent::MovingToAnotherLa { move_date } => {
            #[derive(Deserialize)]
            struct Destination {
                to_council: Option<Uuid>,
                to_name: String,
            }
            let Destination { to_council, to_name } =
                serde_json::from_value(record).map_err(unreadable)?;
            let to = CouncilMove { move_date, to_council, to_name };
            return Ok(Step::RecordMove { to, on });
        }
        CaseEvent::ReviewMeetingScheduled { meeting_date } => {
            let Invitations { invited, others, professionals } =
                serde_json::from_value(record).map_err(unreadable)?;
            // Named as their accounts are when the arrangement is judged.
            let professionals = professionals
                .into_iter()
                .map(|user_id| InvitedProfessional { user_id, name: String::new() })
                .collect();
            let arrangement = ReviewArrangement { meeting_date, invited, others, professionals };
            ReviewTaken::Arrange { arrangement, on }
        }
        CaseEvent::ReviewDecisionNotified(outcome) => {
            let Reasons { reasons } = serde_json::from_value(record).map_err(unreadable)?;
            ReviewTaken::Decide { decision: ReviewDecision { outcome, reasons }, on }
        }
        _ if name == EventName::ReviewMeetingHeld => ReviewTaken::RecordMeeting {
            meeting: serde_json::from_value(record).map_err(unreadable)?,
            on,
        },
        _ if name == EventName::ReviewReportSent => ReviewTaken::SendReport {
            report: serde_json::from_value(record).map_err(unreadable)?,
            on,
        },
        _ => return disagreement_with_record(event, record).map(Step::Disagreement),
    }))
}

/// A disagreement's event with what `record` says of it.
fn disagreement_with_record(
    event: DatedEvent,
    record: serde_json::Value,
) -> Result<DisagreementTaken, String> {
    let name = event.event.name();
    let unreadable =
        |e: serde_json::Error| format!("`record` of `{name}` is not as documented: {e}");
    let on = event.date;
    Ok(match event.event {
        CaseEvent::TribunalDecided(order) => DisagreementTaken::RecordDecision {
            order,
            decision: serde_json::from_value(record).map_err(unreadable)?,
            on,
        },
        _ if name == EventName::MediationConcluded => DisagreementTaken::RecordMediation {
            outcome: serde_json::from_value(record).map_err(unreadable)?,
            on,
        },
        _ if name == EventName::MediationRequested => DisagreementTaken::ChooseMediation {
            wanted: Some(serde_json::from_value(record).map_err(unreadable)?),
            on,
            by_family: false,
        },
        _ if name == EventName::AppealRegistered => DisagreementTaken::RegisterAppeal {
            appeal: serde_json::from_value(record).map_err(unreadable)?,
            on,
            by_family: false,
        },
        _ => return Err(format!("`{name}` carries no `record`")),
    })
}

/// Every statutory duty of the request: exactly what `sendcase clock` prints for its history.
#[utoipa::path(get, path = "/ehc-requests/{id}/duties", tag = "ehc-requests",
    params(("id" = Uuid, Path, description = "The request's id"), AsOf),
    responses((status = 200, body = serde_json::Value, description = "`as_of` and `duties`, as the clock contract"),
        (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn duties_of_request(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> ApiResult<Duties> {
    let as_of = as_of(&query)?;
    let (case, _, _) = case_for(&state, &user, &rid, &id, CaseAction::Read).await?;
    Ok(Duties(case_duties(&case, as_of, &state.settings.calendar)?))
}

/// A request's next duty in the clock's form (as `GET /duties` shows it), judged on `as_of`.
#[derive(Serialize)]
pub struct NextDutyOut<'a> {
    pub duty: DutyKind,
    #[serde(rename = "ref")]
    pub reference: Option<&'a str>,
    pub due: Date,
    pub target: Date,
    pub status: DutyStatus,
    pub met_on: Option<Date>,
    pub responsible: Responsible,
    pub rule: &'a str,
    pub explanation: &'a str,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseloadEntry<'a> {
    pub id: Uuid,
    pub child_id: Uuid,
    pub child_name: &'a str,
    /// YYYY-MM-DD
    pub received_on: String,
    /// deciding_whether_to_assess, assessing or draft_plan_issued
    pub stage: &'static str,
    /// The earliest duty still owed, in the clock's form.
    #[schema(value_type = Object)]
    pub next_duty: Option<NextDutyOut<'a>>,
    /// overdue, exception_claimed, due_soon (within 14 days) or on_track
    pub status: &'static str,
    pub school_urn: Option<&'a str>,
    pub caseworker_user_id: Option<Uuid>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Caseload<'a> {
    /// YYYY-MM-DD
    pub as_of: String,
    /// How many requests match, across all pages.
    pub total: u64,
    pub requests: Vec<CaseloadEntry<'a>>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// At most this many requests (default: all).
    pub limit: Option<u32>,
    /// Skip this many first (default 0).
    pub offset: Option<u32>,
}

/// The open EHC needs assessment requests the caller may see, earliest next duty first unless
/// sorted otherwise, filtered by caseworker, stage, school and status.
#[utoipa::path(get, path = "/caseload", tag = "ehc-requests", params(CaseloadParams, Paging),
    responses((status = 200, body = Caseload), (status = 401, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn caseload(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Query(params): Query<CaseloadParams>,
    Query(paging): Query<Paging>,
) -> ApiResult<axum::response::Response> {
    let filters = params.parse()?;
    let page = crate::ehc::caseload::load(
        &state,
        &user,
        &rid,
        &filters,
        paging.limit,
        paging.offset.unwrap_or(0),
    )
    .await?;
    let as_of = filters.as_of;
    let requests = page
        .rows
        .iter()
        .map(|r| CaseloadEntry {
            id: r.request_id,
            child_id: r.child_id,
            child_name: &r.child_name,
            received_on: r.received_on.to_string(),
            stage: r.stage.as_str(),
            next_duty: Some(NextDutyOut {
                duty: r.next.duty,
                reference: r.next.reference.as_deref(),
                due: r.next.due,
                target: r.next.target,
                status: r.next.status_on(as_of),
                met_on: None,
                responsible: r.next.duty.responsible(),
                rule: &r.next.rule,
                explanation: &r.next.explanation,
            }),
            status: CaseloadStatus::of(&r.next, as_of).as_str(),
            school_urn: r.school_urn.as_deref(),
            caseworker_user_id: r.caseworker_user_id,
        })
        .collect();
    Ok(Json(Caseload { as_of: as_of.to_string(), total: page.total, requests }).into_response())
}
