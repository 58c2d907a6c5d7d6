//! Reg 56: a public form to comment on the Local Offer, and the published "You said, we did"
//! page of comments with the LA's response, anonymised and dated by month.

use crate::AppState;
use crate::auth::csrf::form_token;
use crate::auth::{CurrentUser, MaybeSignedIn, RequestId};
use crate::error::{AppError, FieldError};
use crate::local_offer::councils;
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use sendcase_domain::clock::long_date;
use sendcase_domain::local_offer::FeedbackTopic;
use sendcase_store::NewFeedback;
use sendcase_usecases::local_offer;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "local_offer/feedback.html")]
struct FeedbackPage {
    page: PageContext,
    /// The councils whose Local Offer is here; asked only when there is more than one.
    councils: Vec<(Uuid, String)>,
    council: String,
    topics: Vec<(&'static str, &'static str)>,
    form_token: String,
    about: String,
    comment: String,
    sent: bool,
}

fn feedback_page(
    state: &AppState,
    user: Option<&CurrentUser>,
    headers: &HeaderMap,
    status: StatusCode,
    mut page: FeedbackPage,
) -> PageResult {
    let (token, cookie) = form_token(state, user, headers);
    page.form_token = token;
    Ok((status, cookie.into_iter().collect::<HeaderMap>(), render(&page)?).into_response())
}

async fn blank_feedback(
    state: &AppState,
    user: Option<&CurrentUser>,
) -> Result<FeedbackPage, AppError> {
    let councils = councils(state.store.as_ref()).await?;
    let council = match councils.as_slice() {
        [(only, _)] => only.to_string(),
        _ => String::new(),
    };
    Ok(FeedbackPage {
        page: PageContext::new(user, "/local-offer/feedback"),
        councils,
        council,
        topics: FeedbackTopic::ALL.iter().map(|t| (t.code(), t.label())).collect(),
        form_token: String::new(),
        about: String::new(),
        comment: String::new(),
        sent: false,
    })
}

pub async fn feedback_form(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    headers: HeaderMap,
) -> PageResult {
    let page = blank_feedback(&state, user.as_ref()).await?;
    feedback_page(&state, user.as_ref(), &headers, StatusCode::OK, page)
}

#[derive(serde::Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    council: String,
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
    let mut errors = vec![];
    let mut page = blank_feedback(&state, user.as_ref()).await?;
    let council = page.councils.iter().find(|(id, _)| id.to_string() == form.council);
    if council.is_none() {
        errors.push(FieldError::new("council", "Select the council whose Local Offer it is about"));
    }
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
    match (council.map(|(id, _)| *id), about) {
        (Some(council), Ok(about)) if errors.is_empty() => {
            let feedback = NewFeedback { council, received_on: today(), about, comment };
            local_offer::send_feedback(state.store.as_ref(), &rid.0, feedback).await?;
            page.sent = true;
            feedback_page(&state, user.as_ref(), &headers, StatusCode::OK, page)
        }
        _ => {
            page.page = page.page.with_errors(errors);
            page.council = form.council;
            page.about = form.about;
            page.comment = form.comment;
            feedback_page(&state, user.as_ref(), &headers, StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

pub struct SaidAndDone {
    pub council: String,
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
    several_councils: bool,
    items: Vec<SaidAndDone>,
}

pub async fn you_said_we_did(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
) -> PageResult {
    let councils: HashMap<Uuid, String> =
        councils(state.store.as_ref()).await?.into_iter().collect();
    let items = state
        .store
        .feedback()
        .await?
        .into_iter()
        .filter_map(|f| {
            let r = f.response.filter(|r| r.published)?;
            Some(SaidAndDone {
                council: councils.get(&f.council).cloned().unwrap_or_default(),
                // The month only: an exact day could identify who wrote.
                received: f.received_on.strftime("%B %Y").to_string(),
                about: f.about.label(),
                // As the council redacted it, if it did; the comment as sent is the council's.
                said: r.redacted.clone().unwrap_or(f.comment),
                response: r.response,
                did: r.action_taken,
                responded: long_date(r.responded_on),
            })
        })
        .collect();
    Ok(render(&YouSaidWeDidPage {
        page: PageContext::new(user.as_ref(), "/local-offer/you-said-we-did"),
        several_councils: councils.len() > 1,
        items,
    })?)
}
