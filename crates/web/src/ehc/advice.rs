//! Professionals' advice: the requests addressed to them, with the clock's due dates, and the
//! form that answers one (which meets its `provide_advice` duty); and the annual reviews they are
//! invited to, whose advice they give on the review's page.

use super::steps::files_field;
use super::{CaseView, StepForm, show_form, take_step};
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::case::{case_duties, case_for};
use crate::error::{AppError, FieldError};
use crate::page::duties::tag;
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use crate::page::uploads::FormWithFiles;
use crate::page::{PageContext, PageResult, render};
use crate::plans::review_advice::invitations;
use crate::records::today;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::{ClockOutput, DutyKind, DutyOutput, long_date};
use sendcase_domain::documents::AppendedAdvice;
use sendcase_domain::ehc::records::{ADVICE_HEADINGS, Advice, AdviceKind};
use sendcase_domain::policy::CaseAction;
use sendcase_store::CaseAdviceRequest;
use sendcase_usecases::documents::advice_shown;
use sendcase_usecases::ehc::Step;

pub struct InboxRow {
    pub id: String,
    pub child_name: String,
    pub kind: String,
    pub requested: String,
    pub due: String,
    pub status: &'static str,
    pub tag_class: &'static str,
}

/// A review under way to which the professional is invited.
pub struct ReviewRow {
    pub href: String,
    pub child_name: String,
    pub meeting: String,
    pub due: String,
    pub given: Option<String>,
}

#[derive(Template)]
#[template(path = "ehc/advice_inbox.html")]
struct InboxPage {
    page: PageContext,
    rows: Vec<InboxRow>,
    /// The advice they gave, to read again: `(href, child, what, given on)`.
    given: Vec<(String, String, String, String)>,
    reviews: Vec<ReviewRow>,
}

#[derive(Template)]
#[template(path = "ehc/advice_given.html")]
struct GivenPage {
    page: PageContext,
    child_name: String,
    advice: Vec<AppendedAdvice>,
}

fn kind_label(request: &CaseAdviceRequest) -> String {
    AdviceKind::parse(&request.advice_kind)
        .map(|k| k.label().to_owned())
        .unwrap_or(request.advice_kind.clone())
}

pub async fn inbox(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
) -> PageResult {
    let mine = state.store.advice_requests_to(user.actor.user_id).await?;
    let given = mine
        .iter()
        .filter_map(|a| {
            let on = a.answered_on?;
            Some((format!("/advice/{}", a.id), a.child_name.clone(), kind_label(a), long_date(on)))
        })
        .collect();
    let rows = open_rows(&state, &user, &rid, mine).await?;
    let reviews = invitations(&state, &user, &rid)
        .await?
        .into_iter()
        .map(|i| ReviewRow {
            href: format!("{}/review", i.view.href()),
            child_name: i.view.child.child.full_name(),
            meeting: long_date(i.meeting),
            due: i.advice_due.map(long_date).unwrap_or_default(),
            given: i.given_on.map(long_date),
        })
        .collect();
    let page = PageContext::new(Some(&user), "/advice");
    Ok(render(&InboxPage { page, rows, given, reviews })?)
}

/// The advice asked of `user` and not yet given, with when each is due.
pub async fn advice_asked(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Vec<InboxRow>, AppError> {
    open_rows(state, user, rid, state.store.advice_requests_to(user.actor.user_id).await?).await
}

/// A row for each of `requests` not yet answered.
async fn open_rows(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    requests: Vec<CaseAdviceRequest>,
) -> Result<Vec<InboxRow>, AppError> {
    let mut rows = vec![];
    for request in requests.into_iter().filter(|a| a.answered_on.is_none()) {
        // Only the case and its duties: the inbox needs neither records nor plan versions.
        let (case, child, _) = case_for(
            state,
            user,
            rid,
            &request.ehc_request_id.to_string(),
            CaseAction::SubmitAdvice,
        )
        .await?;
        let duties = case_duties(&case, None, &state.settings.calendar)?;
        let duty = advice_duty(&duties, &request);
        let (status, tag_class) =
            duty.map(|d| tag(d.status)).unwrap_or(("Not started", "govuk-tag--grey"));
        rows.push(InboxRow {
            id: request.id.to_string(),
            child_name: child.child.full_name(),
            kind: kind_label(&request),
            requested: long_date(request.requested_on),
            due: duty.map(|d| long_date(d.due)).unwrap_or_default(),
            status,
            tag_class,
        });
    }
    Ok(rows)
}

/// The open request `id` addressed to `user`, and its case; anything else is not theirs to see.
async fn addressed(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
) -> Result<(CaseAdviceRequest, CaseView), AppError> {
    let id: uuid::Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let request = state
        .store
        .advice_requests_to(user.actor.user_id)
        .await?
        .into_iter()
        .find(|a| a.id == id && a.answered_on.is_none())
        .ok_or(AppError::NotFound)?;
    let view = CaseView::load(
        state,
        user,
        rid,
        &request.ehc_request_id.to_string(),
        CaseAction::SubmitAdvice,
    )
    .await?;
    Ok((request, view))
}

fn advice_form(
    view: &CaseView,
    request: &CaseAdviceRequest,
    values: Option<&FormValues>,
) -> StepForm {
    let due = advice_duty(&view.duties, request).map(|d| long_date(d.due)).unwrap_or_default();
    let headings = ADVICE_HEADINGS.iter().map(|(name, label)| {
        Field::new(*name, *label, Kind::Textarea)
            .value(values.map(|v| v.text(name)).unwrap_or_default())
    });
    let fields = headings.chain([files_field()]).collect();
    StepForm {
        caption: view.child.child.full_name(),
        title: "Give your advice".into(),
        intro: vec![format!(
            "The council asked for your advice on {}. It is due by {due}.",
            long_date(request.requested_on)
        )],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", fields)],
        submit: "Submit advice",
    }
}

/// The clock's `provide_advice` duty for this request.
fn advice_duty<'d>(duties: &'d ClockOutput, request: &CaseAdviceRequest) -> Option<&'d DutyOutput> {
    duties.duties.iter().find(|d| {
        d.duty == DutyKind::ProvideAdvice
            && d.reference.as_deref() == Some(request.clock_ref.as_str())
    })
}

/// The professional's own advice, read again after they gave it: theirs to read, though the
/// child's record is no longer open to them.
async fn given(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
) -> Result<Option<GivenPage>, AppError> {
    let Ok(id) = id.parse::<uuid::Uuid>() else { return Ok(None) };
    let mine = state.store.advice_requests_to(user.actor.user_id).await?;
    let Some(request) = mine.into_iter().find(|a| a.id == id && a.answered_on.is_some()) else {
        return Ok(None);
    };
    let audit = rid.audit(&user.actor, None);
    state.store.record_access(&audit, "read", "advice", Some(&request.id.to_string())).await?;
    Ok(Some(GivenPage {
        page: PageContext::new(Some(user), "/advice"),
        child_name: request.child_name.clone(),
        advice: advice_shown(std::slice::from_ref(&request), true),
    }))
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    if let Some(page) = given(&state, &user, &rid, &id).await? {
        return Ok(render(&page)?);
    }
    let (request, view) = addressed(&state, &user, &rid, &id).await?;
    show_form(
        &user,
        "/advice".into(),
        format!("/advice/{}", request.id),
        advice_form(&view, &request, None),
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
    let values = FormValues::new(fields);
    let (request, view) = addressed(&state, &user, &rid, &id).await?;
    let sections: Vec<(String, String)> = ADVICE_HEADINGS
        .iter()
        .map(|(name, _)| (name.to_string(), values.text(name)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut errors = vec![];
    if sections.is_empty() {
        errors.push(FieldError::new(
            ADVICE_HEADINGS[0].0,
            "Write your advice under at least one heading",
        ));
    } else {
        let step = Step::AnswerAdvice {
            advice_request: request.id,
            advice: Advice { sections },
            on: today(),
            files,
        };
        match take_step(&state, &user, &rid, &view, step).await? {
            Ok(()) => return Ok(Redirect::to("/advice").into_response()),
            Err(e) => errors.push(e),
        }
    }
    show_form(
        &user,
        "/advice".into(),
        format!("/advice/{}", request.id),
        advice_form(&view, &request, Some(&values)),
        errors,
    )
}
