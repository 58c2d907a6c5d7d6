//! Intake: the council records a request for an EHC needs assessment, for a child it already
//! knows (found by a search, since a council knows tens of thousands) or a new one, checking
//! first that a "new" child is not already on its records.

use super::{StepForm, show_form_searching};
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn, acting};
use crate::error::{AppError, FieldError, on_form};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::page::lists::{SearchBox, SearchParams, thousands};
use crate::records::{children_page, today};
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::long_date;
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::people::birth::birth_date_problem;
use sendcase_domain::people::identifiers::{NhsNumber, Upn};
use sendcase_domain::policy::registering_la;
use sendcase_store::{ChildRecord, ListPage, NewChild};
use sendcase_usecases::ehc::{RequestedChild, record_request};
use uuid::Uuid;

/// The local authority the caller records requests for.
fn own_la(user: &CurrentUser) -> Result<Uuid, AppError> {
    registering_la(&user.actor).ok_or(AppError::Forbidden)
}

/// How many children a search offers to choose from; a longer list is searched more precisely.
const CHOICES: u32 = 20;

/// The children matching the search typed into the form, if one was.
struct Found {
    text: String,
    children: ListPage<ChildRecord>,
}

/// Searches the children `user` may read for `text`; nothing when it is blank.
async fn find(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    text: Option<String>,
) -> Result<Option<Found>, AppError> {
    let s = SearchParams { q: text, page: None }.parse()?;
    let Some(search) = s.search else { return Ok(None) };
    let children = children_page(state, user, rid, Some(search), CHOICES, 0).await?;
    Ok(Some(Found { text: s.text, children }))
}

fn intake_form(found: Option<&Found>, values: Option<&FormValues>) -> StepForm {
    let val = |name: &str| values.map(|v| v.text(name)).unwrap_or_default();
    let sources = choices(RequestSource::ALL.iter().map(|s| (s.as_str(), s.label())));
    let mut fieldsets = vec![Fieldset::new(
        "The request",
        vec![
            Field::new("received", "Date the council received the request", Kind::Date)
                .value(values.map(|v| v.date_as_typed("received")).unwrap_or_default()),
            Field::new("source", "Who made the request", Kind::Radios(sources))
                .value(val("source")),
        ],
    )];
    if let Some(found) = found.filter(|f| !f.children.rows.is_empty()) {
        let known = found
            .children
            .rows
            .iter()
            .map(|c| {
                (
                    c.child.id.to_string(),
                    format!("{} (born {})", c.child.full_name(), long_date(c.child.birth_date)),
                )
            })
            .collect();
        let shown = found.children.rows.len() as u64;
        let hint = if found.children.total > shown {
            format!(
                "The first {shown} of {} matching \"{}\": search more precisely to find others. Choose none to enter a new child below.",
                thousands(found.children.total),
                found.text
            )
        } else {
            "Choose none to enter a new child below".to_owned()
        };
        fieldsets.push(Fieldset::new(
            "A child the council already knows",
            vec![
                Field::new("child", "Child or young person", Kind::Radios(known))
                    .hint(hint)
                    .value(val("child")),
            ],
        ));
    }
    fieldsets.push(Fieldset::new(
        "Or a new child",
        vec![
            Field::new("given_name", "First name", Kind::Text).value(val("given_name")),
            Field::new("family_name", "Last name", Kind::Text).value(val("family_name")),
            Field::new("birth", "Date of birth", Kind::Date)
                .hint("For example, 14 3 2016")
                .value(values.map(|v| v.date_as_typed("birth")).unwrap_or_default()),
            Field::new("upn", "Unique pupil number (UPN), if known", Kind::Text).value(val("upn")),
            Field::new("nhs", "NHS number, if known", Kind::Text).value(val("nhs")),
        ],
    ));
    let outcome = match found {
        None => "Search for the child first: if the council already knows them, choose them from what the search finds.".to_owned(),
        Some(f) if f.children.rows.is_empty() => format!("No children the council knows match \"{}\": search again, or enter them as a new child.", f.text),
        Some(_) => "Choose the child from what the search found, or enter them as a new child.".to_owned(),
    };
    StepForm {
        caption: "EHC needs assessment".into(),
        title: "Record a request for an assessment".into(),
        intro: vec!["The 6-week decision and the 20-week plan run from the day the council received the request.".into(), outcome],
        warnings: vec![],
        fieldsets,
        submit: "Record request",
    }
}

/// The form below its search for a known child, with `errors` if it was sent and refused.
fn show(
    user: &CurrentUser,
    found: Option<&Found>,
    values: Option<&FormValues>,
    errors: Vec<FieldError>,
) -> PageResult {
    let text = found.map(|f| f.text.as_str()).unwrap_or_default();
    let mut search_box =
        SearchBox::new("/ehc-requests/new", "Find a child the council already knows", text);
    // "Already has a record" is said of the child, and the search is where to find them.
    search_box.id = "child";
    let form = intake_form(found, values);
    let (back, action) = ("/caseload".into(), "/ehc-requests/new".into());
    show_form_searching(user, back, action, form, Some(search_box), errors)
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Query(params): Query<SearchParams>,
) -> PageResult {
    own_la(&user)?;
    let found = find(&state, &user, &rid, params.q).await?;
    show(&user, found.as_ref(), None, vec![])
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
    let mut errors = vec![];
    let received_on =
        v.date("received", Some("Enter the date the council received the request"), &mut errors);
    let source = v
        .text("source")
        .parse::<RequestSource>()
        .map_err(|_| errors.push(FieldError::new("source-0", "Select who made the request")))
        .ok();
    // Whether the caller may record a request for the chosen child is the use case's to decide.
    let existing = v.text("child").parse::<Uuid>().ok();
    let new = if existing.is_none() { new_child(&v, la, &mut errors) } else { None };
    let (Some(received_on), Some(source), true) = (received_on, source, errors.is_empty()) else {
        let found = find(&state, &user, &rid, Some(v.text("q"))).await?;
        return show(&user, found.as_ref(), Some(&v), errors);
    };
    let child = match (existing, new) {
        (Some(id), _) => RequestedChild::OnRecord(id),
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
    match on_form(recorded)? {
        Ok(id) => Ok(Redirect::to(&format!("/ehc-requests/{id}")).into_response()),
        Err(e) => {
            let found = find(&state, &user, &rid, Some(v.text("q"))).await?;
            show(&user, found.as_ref(), Some(&v), vec![e])
        }
    }
}
