//! The council links a parent or carer, or the young person, to a child's record; someone new
//! is sent an invitation email whose link sets their password (`/invitation/{secret}`).

use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting, hash_password, hash_secret, new_secret};
use crate::ehc::{StepForm, show_form};
use crate::error::{AppError, on_form};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::records::child_for_form;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::people::invitations::Invitee;
use sendcase_domain::policy::{ChildAction, decide_child};
use sendcase_usecases::family_invitations::{Invitation, NewLink, invite};

fn invite_form(child: &str, v: &FormValues) -> StepForm {
    StepForm {
        caption: child.to_owned(),
        title: "Link a parent, carer or the young person".into(),
        intro: vec![
            "If they have no sendcase account, they are sent an email inviting them to choose a password. The link in it works for 7 days.".into(),
            "If they already have one, their account is linked and they are told.".into(),
        ],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", vec![
            Field::new("invitee", "Who are they?", Kind::Radios(choices([
                ("parent_or_carer", "A parent or carer"),
                ("young_person", "The young person themselves"),
            ])))
            .value(v.text("invitee")),
            Field::new("name", "Full name", Kind::Text).value(v.text("name")),
            Field::new("email", "Email address", Kind::Text)
                .hint("The address they use at home. The email says only who invited them and the child's first name.")
                .value(v.text("email")),
        ])],
        submit: "Link them",
    }
}

/// The child's id and name, if the signed-in person may link their family.
async fn may_invite(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    rid: &RequestId,
    id: &str,
) -> Result<(uuid::Uuid, String), AppError> {
    child_for_form(state, user, rid, id, |relations, today| {
        decide_child(&user.actor, ChildAction::InviteFamily, relations, today)
    })
    .await
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let (child, name) = may_invite(&state, &user, &rid, &id).await?;
    let back = format!("/children/{child}");
    let form = invite_form(&name, &FormValues::new(vec![]));
    show_form(&user, back.clone(), format!("{back}/family/invite"), form, vec![])
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let (child, name) = may_invite(&state, &user, &rid, &id).await?;
    let v = FormValues::new(pairs);
    let back = format!("/children/{child}");
    let action = format!("{back}/family/invite");
    let Some(invitee) = Invitee::parse(&v.text("invitee")) else {
        let error = crate::error::FieldError::new("invitee", "Say who they are");
        return show_form(&user, back, action, invite_form(&name, &v), vec![error]);
    };
    let link = new_link()?;
    let invitation = Invitation { name: &v.text("name"), email: &v.text("email"), invitee };
    let now = state.settings.clock.now();
    let linked = invite(acting(&state, &user, &rid), child, invitation, link, now).await;
    match on_form(linked)? {
        Ok(_) => Ok(Redirect::to(&format!("{back}/who-can-see")).into_response()),
        Err(e) => show_form(&user, back, action, invite_form(&name, &v), vec![e]),
    }
}

/// A new account's invitation link: its secret and that secret's hash.
pub(crate) fn new_link() -> Result<NewLink, AppError> {
    let secret = new_secret();
    Ok(NewLink {
        token_hash: hash_secret(&secret),
        // Nobody knows this password: the account is reached only through the invitation.
        unusable_password_hash: hash_password(&new_secret())?,
        secret,
    })
}
