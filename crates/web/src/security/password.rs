//! Changing the password while signed in: the current one first (a wrong one counts as a wrong
//! sign-in), then the new one twice. Every other session ends.

use super::{here, too_many, with_retry_after};
use crate::AppState;
use crate::auth::{ClientAddr, RequestId, SignedIn, hash_password, verify_password};
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use crate::password_reset::new_password_errors;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use sendcase_store::UserAccount;
use sendcase_usecases::sessions::{Checked, change_password};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "security/password.html")]
struct PasswordPage {
    page: PageContext,
    changed: bool,
}

fn page(
    user: &crate::auth::CurrentUser,
    status: StatusCode,
    changed: bool,
    errors: Vec<FieldError>,
) -> PageResult {
    let page = PageContext::new(Some(user), "/account").with_errors(errors);
    Ok((status, render(&PasswordPage { page, changed })?).into_response())
}

pub async fn form(SignedIn(user): SignedIn) -> PageResult {
    page(&user, StatusCode::OK, false, vec![])
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    client: ClientAddr,
    Form(form): Form<ChangeForm>,
) -> PageResult {
    let mut errors = vec![];
    if form.current.is_empty() {
        errors.push(FieldError::new("current", "Enter your current password"));
    }
    errors.extend(new_password_errors(&form.password, &form.confirm));
    if !errors.is_empty() {
        return page(&user, StatusCode::UNPROCESSABLE_ENTITY, false, errors);
    }
    let verify = async |account: Option<UserAccount>| {
        verify_password(form.current.clone(), account.map(|a| a.password_hash)).await
    };
    let hash = async |new: String| hash_password(&new);
    let here = here(&state, &user, &rid, &client);
    match change_password::<AppError>(here, &form.password, verify, hash).await? {
        Checked::Done => page(&user, StatusCode::OK, true, vec![]),
        Checked::Wrong => {
            let wrong = FieldError::new("current", "Your current password is not right");
            page(&user, StatusCode::UNAUTHORIZED, false, vec![wrong])
        }
        Checked::Throttled { retry_after } => {
            let errors = vec![too_many("current", retry_after)];
            let refused = page(&user, StatusCode::TOO_MANY_REQUESTS, false, errors);
            with_retry_after(refused, retry_after)
        }
    }
}
