//! Editing one service: the LA may edit any, a provider its own. Asking to publish a service
//! that breaks a data-quality rule is refused with every reason in the error summary.

use crate::AppState;
use crate::auth::acting;
use crate::auth::{RequestId, SignedIn};
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use sendcase_usecases::local_offer;
// Checkbox groups send one name many times, so the form is read as its pairs.
use super::edit_fields::{CHOICES, DAYS, apply, service_lines, shown};
use crate::ehc::EditConflict;
use axum::Form;
use sendcase_domain::local_offer::{LocalOfferService, NeedType, Provider, Schedule2Category};
use sendcase_domain::policy::{may_edit_local_offer_service, provider_organisations};
use sendcase_usecases::Refused;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "local_offer/edit.html")]
struct EditPage {
    page: PageContext,
    id: Uuid,
    /// The version the form was filled from (none for a new service).
    version: Option<i32>,
    conflict: Option<EditConflict>,
    submit: &'static str,
    values: HashMap<String, String>,
    checked: Vec<String>,
    categories: Vec<(&'static str, &'static str)>,
    needs: Vec<(&'static str, &'static str)>,
    days: Vec<(&'static str, &'static str)>,
    cost_kinds: Vec<(&'static str, &'static str)>,
}

impl EditPage {
    fn value(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    fn is_checked(&self, name: &str, value: &str) -> bool {
        self.checked.iter().any(|c| c == &format!("{name}={value}"))
    }
}

/// The service at `id` as the caller may edit it, with its version, or a blank one run by the
/// caller's own organisation in its council's Local Offer; saving it creates it.
async fn editable(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    id: &str,
) -> Result<(Option<i32>, LocalOfferService), AppError> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    match state.store.local_offer_service_version(id, None).await? {
        Some((version, s))
            if may_edit_local_offer_service(&user.actor, s.council, s.provider.id) =>
        {
            Ok((Some(version), s))
        }
        Some(_) => Err(AppError::NotFound),
        None => Ok((None, new_service(state, user, id).await?)),
    }
}

async fn new_service(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    id: Uuid,
) -> Result<LocalOfferService, AppError> {
    let own = provider_organisations(&user.actor).into_iter().next();
    let org = state
        .store
        .organisation(own.ok_or(AppError::Forbidden)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let council = org.council().ok_or_else(|| {
        AppError::Conflict(format!(
            "{} is not linked to a council, so it has no Local Offer to add a service to",
            org.name
        ))
    })?;
    let provider = Provider { id: org.id, name: org.name, description: String::new() };
    Ok(LocalOfferService::blank(id, council, provider, jiff::Timestamp::now()))
}

/// Starts a new service: its form lives at a fresh id until it is first saved.
pub async fn add(SignedIn(_): SignedIn) -> axum::response::Response {
    Redirect::to(&format!("/local-offer/manage/services/{}", Uuid::new_v4())).into_response()
}

fn page_for(
    user: &crate::auth::CurrentUser,
    version: Option<i32>,
    s: &LocalOfferService,
    form: &[(String, String)],
    errors: Vec<FieldError>,
) -> EditPage {
    let (values, checked) = if form.is_empty() {
        shown(s)
    } else {
        let (choices, values): (Vec<_>, Vec<_>) =
            form.iter().partition(|(k, _)| CHOICES.contains(&k.as_str()));
        (
            values.into_iter().cloned().collect(),
            choices.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
        )
    };
    EditPage {
        page: PageContext::new(Some(user), "/local-offer/manage").with_errors(errors),
        id: s.id,
        version,
        conflict: None,
        submit: "Save",
        values,
        checked,
        categories: Schedule2Category::ALL.iter().map(|c| (c.code(), c.label())).collect(),
        needs: NeedType::ALL.iter().map(|n| (n.code(), n.label())).collect(),
        days: DAYS.to_vec(),
        cost_kinds: vec![
            ("free", "Free"),
            ("charges", "There is a charge"),
            ("unknown", "Not known: families are told the cost is not given"),
        ],
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let (version, service) = editable(&state, &user, &id).await?;
    Ok(render(&page_for(&user, version, &service, &[], vec![]))?)
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let (_, service) = editable(&state, &user, &id).await?;
    let based_on = match form.iter().find(|(k, _)| k == "version") {
        Some((_, v)) => Some(v.parse::<i32>().map_err(|_| {
            AppError::BadRequest("The form's version is not a number: open the form again".into())
        })?),
        None => None,
    };
    let changed = match apply(&state, service.clone(), &form).await {
        Ok(changed) => changed,
        Err(errors) => {
            let page = page_for(&user, based_on, &service, &form, errors);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    match local_offer::update_service(acting(&state, &user, &rid), &changed, based_on).await {
        Ok(_) => {
            state.local_offer.invalidate();
            Ok(Redirect::to("/local-offer/manage").into_response())
        }
        Err(Refused::Stale { message, newest }) => {
            let (_, theirs) = state
                .store
                .local_offer_service_version(changed.id, Some(newest))
                .await?
                .ok_or(AppError::NotFound)?;
            let mut page = page_for(&user, Some(newest), &service, &form, vec![]);
            let href = format!("/local-offer/manage/services/{}", changed.id);
            page.conflict = Some(EditConflict::with_version(
                message,
                newest,
                service_lines(&theirs),
                service_lines(&changed),
                href,
            ));
            page.submit = "Keep your version";
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(other) => Err(AppError::from(other).into()),
    }
}
