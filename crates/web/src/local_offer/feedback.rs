//! Reg 56: a public form to comment on the Local Offer, and the published "You said, we did"
//! page of comments with the LA's response, anonymised and dated by month.

use crate::AppState;
use crate::auth::{MaybeSignedIn, RequestId, constant_time_eq, cookie_value, new_secret};
use crate::error::{AppError, FieldError};
use crate::pages::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use sendcase_domain::local_offer::FeedbackTopic;
use sendcase_store::NewFeedback;

/// Before a session exists, the feedback form's CSRF token is checked against this cookie.
const FORM_COOKIE: &str = "sendcase_feedback_form";

#[derive(Template)]
#[template(path = "local_offer/feedback.html")]
struct FeedbackPage {
    page: PageContext,
    topics: Vec<(&'static str, &'static str)>,
    form_token: String,
    about: String,
    comment: String,
    sent: bool,
}

fn feedback_page(state: &AppState, status: StatusCode, mut page: FeedbackPage) -> PageResult {
    page.form_token = new_secret();
    let secure = if state.settings.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{FORM_COOKIE}={}; Path=/local-offer/feedback; HttpOnly; SameSite=Strict{secure}",
        page.form_token
    );
    Ok((status, [(SET_COOKIE, cookie)], render(&page)?).into_response())
}

fn blank_feedback(user: Option<&crate::auth::CurrentUser>) -> FeedbackPage {
    FeedbackPage {
        page: PageContext::new(user, "/local-offer/feedback"),
        topics: FeedbackTopic::ALL.iter().map(|t| (t.code(), t.label())).collect(),
        form_token: String::new(),
        about: String::new(),
        comment: String::new(),
        sent: false,
    }
}

pub async fn feedback_form(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
) -> PageResult {
    feedback_page(&state, StatusCode::OK, blank_feedback(user.as_ref()))
}

#[derive(serde::Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    comment: String,
}

const MAX_COMMENT: usize = 2_000;

pub async fn send_feedback(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    rid: RequestId,
    headers: HeaderMap,
    Form(form): Form<FeedbackForm>,
) -> PageResult {
    let expected = cookie_value(headers.get_all(COOKIE).iter(), FORM_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), form.csrf_token.as_bytes()) {
        return Err(AppError::BadRequest(
            "the form had expired: go back, reload the page and try again".into(),
        )
        .into());
    }
    let mut errors = vec![];
    let about = form.about.parse::<FeedbackTopic>();
    if about.is_err() {
        errors.push(FieldError::new("about", "Select what your comment is about"));
    }
    let comment = form.comment.trim().to_owned();
    if comment.is_empty() {
        errors.push(FieldError::new("comment", "Enter your comment"));
    } else if comment.chars().count() > MAX_COMMENT {
        errors.push(FieldError::new(
            "comment",
            format!("Your comment must be {MAX_COMMENT} characters or fewer"),
        ));
    }
    let mut page = blank_feedback(user.as_ref());
    match about {
        Ok(about) if errors.is_empty() => {
            // Comments are anonymous: who sent one is not recorded, even when signed in.
            state
                .store
                .add_feedback(
                    NewFeedback { received_on: today(), about, comment },
                    &rid.anonymous(),
                )
                .await?;
            page.sent = true;
            feedback_page(&state, StatusCode::OK, page)
        }
        _ => {
            page.page = page.page.with_errors(errors);
            page.about = form.about;
            page.comment = form.comment;
            feedback_page(&state, StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

pub struct SaidAndDone {
    pub received: String,
    pub about: &'static str,
    pub said: String,
    pub response: String,
    pub did: String,
    pub responded: String,
}

#[derive(Template)]
#[template(path = "local_offer/you_said_we_did.html")]
struct YouSaidWeDidPage {
    page: PageContext,
    items: Vec<SaidAndDone>,
}

pub async fn you_said_we_did(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
) -> PageResult {
    let items = state
        .store
        .feedback()
        .await?
        .into_iter()
        .filter_map(|f| {
            let r = f.response.filter(|r| r.published)?;
            Some(SaidAndDone {
                // The month only: an exact day could identify who wrote.
                received: f.received_on.strftime("%B %Y").to_string(),
                about: f.about.label(),
                said: f.comment,
                response: r.response,
                did: r.action_taken,
                responded: r.responded_on.strftime("%-d %B %Y").to_string(),
            })
        })
        .collect();
    Ok(render(&YouSaidWeDidPage {
        page: PageContext::new(user.as_ref(), "/local-offer/you-said-we-did"),
        items,
    })?)
}
