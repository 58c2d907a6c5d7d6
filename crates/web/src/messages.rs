//! Each person's messages: the inbox (`/inbox`), opening a message (marked read, then on to
//! where to act), the account page where they choose whether messages also come by email, and
//! the inbox in the JSON API.

use crate::AppState;
use crate::auth::{ApiCaller, RequestId, SignedIn, acting};
use crate::error::{ApiErrorBody, ApiResult, AppError};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::{Form, Json};
use sendcase_domain::messages::in_words;
use sendcase_store::Message;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The inbox shows the newest messages; older ones have been acted on long since.
const INBOX_SIZE: i64 = 100;

struct MessageRow {
    href: String,
    text: String,
    when: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "messages/inbox.html")]
struct InboxPage {
    page: PageContext,
    rows: Vec<MessageRow>,
}

/// The day a message was written, in words, as in London.
fn written_on(m: &Message) -> String {
    let day = jiff::Timestamp::from_microsecond(m.created_micros)
        .map(|t| t.to_zoned(crate::records::london()).date())
        .unwrap_or_else(|_| today());
    in_words(day, today())
}

pub async fn inbox(State(state): State<AppState>, SignedIn(user): SignedIn) -> PageResult {
    let messages = state.store.inbox(user.actor.user_id, INBOX_SIZE).await?;
    let rows = messages
        .iter()
        .map(|m| MessageRow {
            href: format!("/inbox/{}", m.id),
            text: m.body.clone(),
            when: written_on(m),
            unread: m.read_micros.is_none(),
        })
        .collect();
    Ok(render(&InboxPage { page: PageContext::new(Some(&user), "/inbox"), rows })?)
}

/// Marks the message read and goes on to where the person acts on it.
pub async fn open(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let now = state.settings.clock.now();
    let message =
        state.store.open_message(user.actor.user_id, id, now).await?.ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&message.link).into_response())
}

#[derive(Template)]
#[template(path = "messages/account.html")]
struct AccountPage {
    page: PageContext,
    name: String,
    email: String,
    wants_email: bool,
    saved: bool,
}

async fn account_page(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    saved: bool,
) -> PageResult {
    let wants_email = state.store.wants_email(user.actor.user_id).await?;
    Ok(render(&AccountPage {
        page: PageContext::new(Some(user), "/account"),
        name: user.account.user.display_name.clone(),
        email: user.account.user.email.clone(),
        wants_email,
        saved,
    })?)
}

pub async fn account(State(state): State<AppState>, SignedIn(user): SignedIn) -> PageResult {
    account_page(&state, &user, false).await
}

#[derive(Deserialize)]
pub struct EmailChoice {
    #[serde(default)]
    email: String,
}

pub async fn choose_email(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Form(form): Form<EmailChoice>,
) -> PageResult {
    let on = match form.email.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::BadRequest("Choose whether to get emails".into()).into());
        }
    };
    sendcase_usecases::messages::choose_email(acting(&state, &user, &rid), on).await?;
    account_page(&state, &user, true).await
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MessageBody {
    pub id: Uuid,
    /// What kind of message it is: `advice_requested`, `draft_plan_issued`,
    /// `draft_comments_received`, `final_plan_issued`, `reminder`.
    pub kind: String,
    pub text: String,
    /// The path of the page where to act.
    pub link: String,
    /// When it was written (RFC 3339).
    pub created_at: String,
    pub read: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InboxBody {
    pub unread: i64,
    /// The newest messages first.
    pub messages: Vec<MessageBody>,
}

/// The caller's messages, newest first, with how many are unread.
#[utoipa::path(get, path = "/messages", tag = "messages",
    responses((status = 200, body = InboxBody), (status = 401, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<InboxBody>> {
    let me = user.actor.user_id;
    let messages = state.store.inbox(me, INBOX_SIZE).await?;
    Ok(Json(InboxBody {
        unread: state.store.unread_count(me).await?,
        messages: messages
            .into_iter()
            .map(|m| MessageBody {
                created_at: jiff::Timestamp::from_microsecond(m.created_micros)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                id: m.id,
                kind: m.kind,
                text: m.body,
                link: m.link,
                read: m.read_micros.is_some(),
            })
            .collect(),
    }))
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/inbox", get(inbox))
        .route("/inbox/{id}", get(open))
        .route("/account", get(account).post(choose_email))
}
