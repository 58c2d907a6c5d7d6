//! A pupil's one-page profile: the SENCO writes it with the pupil and their parents, each save a
//! new version; the school, the responsible local authority and the child's parents read and
//! print the newest.

use super::pupil::keeper;
use crate::AppState;
use crate::auth::acting;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::{EditConflict, StepForm, show_conflict, show_form};
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use crate::page::pdf::pdf;
use crate::page::{OpenedOn, PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::clock::long_date;
use sendcase_domain::documents::{Document, FamilyDocument, paragraphs};
use sendcase_domain::policy::{
    ChildRelations, may_edit_one_page_profile, may_read_pupil_support, may_read_register_entry,
};
use sendcase_domain::schools::one_page_profile::{OnePageProfile, PROFILE_HEADINGS};
use sendcase_store::ProfileVersion;
use sendcase_usecases::{Refused, schools};
use uuid::Uuid;

/// A profile as the pages show it: each heading with its text as paragraphs.
pub struct ProfileView {
    pub agreed: String,
    pub contributors: String,
    pub sections: Vec<(&'static str, Vec<String>)>,
}

impl From<&ProfileVersion> for ProfileView {
    fn from(v: &ProfileVersion) -> Self {
        ProfileView {
            agreed: long_date(v.profile.agreed_on),
            contributors: v.profile.contributors.clone(),
            sections: v.profile.headed().map(|(h, text)| (h.title, paragraphs(text))).collect(),
        }
    }
}

pub fn print_href(school: Uuid, child: Uuid) -> String {
    format!("/schools/{school}/pupils/{child}/profile/print")
}

/// The form, filled with what was typed, or else with the newest version's words (but not its
/// date: a new version is agreed afresh).
fn profile_form(
    name: &str,
    current: Option<&OnePageProfile>,
    typed: Option<&FormValues>,
) -> StepForm {
    let value = |key: &str, stored: Option<&String>| {
        typed.map(|v| v.text(key)).or_else(|| stored.cloned()).unwrap_or_default()
    };
    let headings = PROFILE_HEADINGS
        .iter()
        .enumerate()
        .map(|(i, h)| {
            Field::new(h.key, h.title, Kind::Textarea)
                .hint(h.hint)
                .value(value(h.key, current.map(|p| &p.sections[i])))
        })
        .collect();
    StepForm {
        caption: name.to_owned(),
        title: "One-page profile".into(),
        intro: vec!["Write the profile with the pupil and their parents, in the pupil's words where you can. Each save keeps the earlier versions.".into()],
        warnings: vec![],
        fieldsets: vec![
            Fieldset::new("", headings),
            Fieldset::new("Who agreed it", vec![
                Field::new("contributors", "Who wrote this profile with the pupil", Kind::Text)
                    .hint("For example, Ellie, her mum Sarah Whitfield and Mrs Marsh (SENCO)")
                    .value(value("contributors", current.map(|p| &p.contributors))),
                Field::new("agreed", "Date agreed", Kind::Date).value(typed.map(|v| v.date_as_typed("agreed")).unwrap_or_default()),
            ]),
        ],
        submit: "Save profile",
    }
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let p = keeper(&state, &user, &rid, &school, &child, may_edit_one_page_profile).await?;
    let current = state.store.profile_versions(p.child, p.school).await?.pop();
    let version = current.as_ref().map_or(0, |v| v.version);
    show_form(
        &user,
        p.href(),
        profile_action(&p.href(), Some(version)),
        profile_form(&p.name, current.as_ref().map(|v| &v.profile), None),
        vec![],
    )
}

fn profile_action(pupil: &str, version: Option<i32>) -> String {
    match version {
        Some(version) => format!("{pupil}/profile?version={version}"),
        None => format!("{pupil}/profile"),
    }
}

/// The profile as lines to set beside another version.
fn profile_lines(profile: &OnePageProfile) -> Vec<String> {
    profile.parts().into_iter().map(|(title, text)| format!("{title}: {text}")).collect()
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
    Query(opened): Query<OpenedOn>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let p = keeper(&state, &user, &rid, &school, &child, may_edit_one_page_profile).await?;
    let based_on = opened.version;
    let today = today();
    let mut date_errors = vec![];
    let agreed = v.date("agreed", Some("Enter the date the profile was agreed"), &mut date_errors);
    let profile = OnePageProfile {
        agreed_on: agreed.unwrap_or(today),
        contributors: v.text("contributors"),
        sections: PROFILE_HEADINGS.map(|h| v.text(h.key)),
    };
    // In the form's order: the headings, who contributed, then the date.
    let mut errors: Vec<FieldError> = profile
        .problems(today)
        .into_iter()
        .map(|(field, message)| {
            FieldError::new(if field == "agreed" { "agreed-day" } else { field }, message)
        })
        .collect();
    errors.extend(date_errors);
    if errors.is_empty() {
        let acting = acting(&state, &user, &rid);
        match schools::save_profile(acting, p.school, p.child, &profile, based_on).await {
            Ok(_) => return Ok(Redirect::to(&p.href()).into_response()),
            Err(Refused::Stale { message, newest }) => {
                let versions = state.store.profile_versions(p.child, p.school).await?;
                let theirs =
                    versions.iter().find(|t| t.version == newest).ok_or(AppError::NotFound)?;
                let form = profile_form(&p.name, None, Some(&v));
                let (theirs, yours) = (profile_lines(&theirs.profile), profile_lines(&profile));
                let conflict = EditConflict::with_version(message, newest, theirs, yours, p.href());
                return show_conflict(
                    &user,
                    p.href(),
                    profile_action(&p.href(), Some(newest)),
                    form,
                    conflict,
                );
            }
            Err(other) => return Err(AppError::from(other).into()),
        }
    }
    show_form(
        &user,
        p.href(),
        profile_action(&p.href(), based_on),
        profile_form(&p.name, None, Some(&v)),
        errors,
    )
}

/// Whether `user` may read what the school keeps with the child's family; audited either way.
pub async fn may_read_support(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    school: Uuid,
    child: Uuid,
    relations: &ChildRelations,
) -> Result<bool, AppError> {
    let allowed = may_read_pupil_support(&user.actor, school, relations, crate::records::today());
    let verb = if allowed { "read" } else { "refused" };
    state
        .store
        .record_access(
            &rid.audit(&user.actor, None),
            verb,
            "pupil_support",
            Some(&child.to_string()),
        )
        .await?;
    Ok(allowed)
}

/// A child's document the school shares with the family, as its print view needs them.
pub struct SharedWithFamily {
    pub school: Uuid,
    pub child: Uuid,
    pub name: String,
    pub school_name: String,
    /// The school and the council came from the pupil's register page; a parent from their child's page.
    pub back: String,
}

/// The child, if `user` may read what `school` keeps with their family; not found otherwise.
pub async fn shared_with_family(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    school: &str,
    child: &str,
) -> Result<SharedWithFamily, AppError> {
    let (school, child): (Uuid, Uuid) = (
        school.parse().map_err(|_| AppError::NotFound)?,
        child.parse().map_err(|_| AppError::NotFound)?,
    );
    let record = state.store.child(child, today()).await?.ok_or(AppError::NotFound)?;
    if !may_read_support(state, user, rid, school, child, &record.relations).await? {
        return Err(AppError::NotFound);
    }
    let school_name = state.store.organisation(school).await?.map(|o| o.name).unwrap_or_default();
    let back = if may_read_register_entry(&user.actor, school, record.child.responsible_la_id) {
        format!("/schools/{school}/pupils/{child}")
    } else {
        format!("/children/{child}")
    };
    Ok(SharedWithFamily { school, child, name: record.child.full_name(), school_name, back })
}

#[derive(Template)]
#[template(path = "schools/family_document.html")]
struct FamilyPage {
    page: PageContext,
    back: String,
    pdf: String,
    doc: FamilyDocument,
}

/// A document the school gives the family, as its page, which links its PDF at `{name}.pdf`.
pub fn family_page(
    user: &CurrentUser,
    shared: SharedWithFamily,
    doc: FamilyDocument,
    name: &str,
) -> PageResult {
    let pdf = format!("/schools/{}/pupils/{}/{name}.pdf", shared.school, shared.child);
    let page = PageContext::new(Some(user), "/sen-register");
    Ok(render(&FamilyPage { page, back: shared.back, pdf, doc })?)
}

/// The newest profile, agreed with the family, as a page and (`.pdf`) to print or keep.
async fn latest(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    school: &str,
    child: &str,
) -> Result<(SharedWithFamily, FamilyDocument, jiff::civil::Date), AppError> {
    let shared = shared_with_family(state, user, rid, school, child).await?;
    let latest = state
        .store
        .profile_versions(shared.child, shared.school)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let doc = latest.profile.for_family(&shared.name, &shared.school_name);
    Ok((shared, doc, latest.profile.agreed_on))
}

pub async fn print(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let (shared, doc, _) = latest(&state, &user, &rid, &school, &child).await?;
    family_page(&user, shared, doc, "profile")
}

pub async fn print_pdf(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let (_, doc, on) = latest(&state, &user, &rid, &school, &child).await?;
    Ok(pdf(Document::Family(doc), on, "one-page-profile").await?)
}
