//! Editing one service: the LA may edit any, a provider its own. Asking to publish a service
//! that breaks a data-quality rule is refused with every reason in the error summary.

use crate::AppState;
use crate::auth::acting;
use crate::auth::{RequestId, SignedIn};
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use sendcase_usecases::local_offer;
// Checkbox groups send one name many times, so the form is read as its pairs.
use crate::ehc::EditConflict;
use axum::Form;
use sendcase_domain::local_offer::quality::publish_problems;
use sendcase_domain::local_offer::{
    Contact, LocalOfferService, NeedType, Provider, Schedule2Category, ServiceLocation,
    normalise_postcode,
};
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
    let mut values: HashMap<String, String> = HashMap::new();
    let mut checked = vec![];
    if form.is_empty() {
        let first = s.locations.first();
        let contact = s.contacts.first();
        let opt = |v: Option<&String>| v.cloned().unwrap_or_default();
        for (k, v) in [
            ("name", s.name.clone()),
            ("description", s.description.clone()),
            ("minimum_age", s.minimum_age.map(|a| a.to_string()).unwrap_or_default()),
            ("maximum_age", s.maximum_age.map(|a| a.to_string()).unwrap_or_default()),
            ("address_1", opt(first.map(|l| &l.address_1))),
            ("city", opt(first.map(|l| &l.city))),
            ("postcode", opt(first.map(|l| &l.postcode))),
            ("contact_email", opt(contact.and_then(|c| c.email.as_ref()))),
            ("contact_phone", opt(contact.and_then(|c| c.phone.as_ref()))),
        ] {
            values.insert(k.to_owned(), v);
        }
        checked.extend(s.categories.iter().map(|c| format!("categories={}", c.code())));
        checked.extend(s.needs.iter().map(|n| format!("needs={}", n.code())));
        checked.extend(s.online.then(|| "online=yes".to_owned()));
        checked.extend(s.published.then(|| "published=yes".to_owned()));
    } else {
        for (k, v) in form {
            if matches!(k.as_str(), "categories" | "needs" | "online" | "published" | "reviewed") {
                checked.push(format!("{k}={v}"));
            } else {
                values.insert(k.clone(), v.clone());
            }
        }
    }
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

/// The service as the form describes it, or what to fix.
async fn apply(
    state: &AppState,
    mut s: LocalOfferService,
    form: &[(String, String)],
) -> Result<LocalOfferService, Vec<FieldError>> {
    let get = |k: &str| {
        form.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    };
    let all =
        |k: &str| form.iter().filter(|(n, _)| n == k).map(|(_, v)| v.as_str()).collect::<Vec<_>>();
    let mut errors = vec![];
    s.name = get("name");
    if s.name.is_empty() {
        errors.push(FieldError::new("name", "Enter the name of the service"));
    }
    s.description = get("description");
    s.categories = all("categories").into_iter().filter_map(|c| c.parse().ok()).collect();
    s.needs = all("needs").into_iter().filter_map(|n| n.parse().ok()).collect();
    let mut age = |field: &str, what: &str| match get(field).as_str() {
        "" => None,
        text => text.parse::<u8>().ok().filter(|a| *a <= 25).or_else(|| {
            errors.push(FieldError::new(
                field,
                format!("Enter the {what} age as a number from 0 to 25"),
            ));
            None
        }),
    };
    (s.minimum_age, s.maximum_age) = (age("minimum_age", "youngest"), age("maximum_age", "oldest"));
    if let (Some(min), Some(max)) = (s.minimum_age, s.maximum_age)
        && min > max
    {
        errors.push(FieldError::new(
            "maximum_age",
            "The oldest age must be the same as or more than the youngest",
        ));
    }
    s.online = !all("online").is_empty();
    let (address_1, city, postcode) = (get("address_1"), get("city"), get("postcode"));
    if address_1.is_empty() && postcode.is_empty() {
        s.locations.clear();
    } else {
        match normalise_postcode(&postcode) {
            None => {
                errors.push(FieldError::new("postcode", "Enter a full postcode, like ME14 1XQ"))
            }
            Some(code) => {
                let known = state.store.postcode(&code).await.ok().flatten();
                let mut place = s.locations.first().cloned().unwrap_or_else(|| ServiceLocation {
                    id: Uuid::new_v4(),
                    service_at_location_id: Uuid::new_v4(),
                    address_id: Uuid::new_v4(),
                    name: None,
                    address_1: String::new(),
                    city: String::new(),
                    county: "Kent".to_owned(),
                    postcode: String::new(),
                    latitude: None,
                    longitude: None,
                    accessibility: None,
                });
                if place.postcode != code {
                    (place.latitude, place.longitude) =
                        known.map_or((None, None), |(lat, lon)| (Some(lat), Some(lon)));
                }
                (place.address_1, place.city, place.postcode) = (address_1, city, code);
                s.locations.splice(..s.locations.len().min(1), [place]);
            }
        }
    }
    let (email, phone) = (get("contact_email"), get("contact_phone"));
    if !email.is_empty() && !email.contains('@') {
        errors
            .push(FieldError::new("contact_email", "Enter an email address like name@example.org"));
    }
    let contact_id = s.contacts.first().map_or_else(Uuid::new_v4, |c| c.id);
    let name = s.contacts.first().and_then(|c| c.name.clone());
    s.contacts.splice(
        ..s.contacts.len().min(1),
        [Contact {
            id: contact_id,
            name,
            email: Some(email).filter(|e| !e.is_empty()),
            phone: Some(phone).filter(|p| !p.is_empty()),
        }],
    );
    if !all("reviewed").is_empty() {
        s.reviewed_on = Some(today());
    }
    s.published = !all("published").is_empty();
    if s.published {
        errors.extend(
            publish_problems(&s, today())
                .into_iter()
                .map(|p| FieldError::new(p.field(), p.message())),
        );
    }
    s.last_modified = jiff::Timestamp::now();
    if errors.is_empty() { Ok(s) } else { Err(errors) }
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

/// What a family sees of an entry, a line a part, to set two versions side by side.
fn service_lines(s: &LocalOfferService) -> Vec<String> {
    let list =
        |items: Vec<&str>| if items.is_empty() { "none".to_owned() } else { items.join(", ") };
    let ages = match (s.minimum_age, s.maximum_age) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("{min} and over"),
        (None, Some(max)) => format!("up to {max}"),
        (None, None) => "any age".to_owned(),
    };
    let mut lines = vec![format!("Name: {}", s.name), format!("Description: {}", s.description)];
    lines.push(format!("Ages: {ages}"));
    lines.extend(
        s.locations.iter().map(|l| format!("Address: {}, {}, {}", l.address_1, l.city, l.postcode)),
    );
    for c in &s.contacts {
        lines.extend(c.email.iter().map(|e| format!("Email: {e}")));
        lines.extend(c.phone.iter().map(|p| format!("Phone: {p}")));
    }
    lines.push(format!(
        "Kinds of provision: {}",
        list(s.categories.iter().map(|c| c.label()).collect())
    ));
    lines.push(format!("Needs: {}", list(s.needs.iter().map(|n| n.label()).collect())));
    lines.push(format!("Online or by phone: {}", if s.online { "yes" } else { "no" }));
    lines.push(format!("Shown to the public: {}", if s.published { "yes" } else { "no" }));
    lines
}
