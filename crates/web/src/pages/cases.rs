//! EHC needs assessment requests in the browser: the caseload of open requests, and one
//! request with every duty in plain English, for the council, the school and the family alike.

use super::duties::{row, tag, title, Row};
use super::{render, PageContext, PageResult};
use crate::auth::{RequestId, SignedIn};
use crate::cases::open_requests;
use crate::records::today;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use sendcase_domain::clock::long_date;
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::policy::CaseAction;

pub struct CaseloadRow {
    pub id: String,
    pub child_name: String,
    pub received: String,
    pub next_duty: String,
    pub due: String,
    pub status: &'static str,
    pub tag_class: &'static str,
}

#[derive(Template)]
#[template(path = "cases/caseload.html")]
struct CaseloadPage {
    page: PageContext,
    today: String,
    rows: Vec<CaseloadRow>,
}

pub async fn caseload(State(state): State<AppState>, SignedIn(user): SignedIn, rid: RequestId) -> PageResult {
    let today = today();
    let rows = open_requests(&state, &user, &rid, today)
        .await?
        .into_iter()
        .map(|r| {
            let next = r.duties.next_duty();
            let (status, tag_class) = next.map(|d| tag(d.status)).unwrap_or(("Nothing due", "govuk-tag--grey"));
            CaseloadRow {
                id: r.case.request.id.to_string(),
                child_name: r.child_name,
                received: long_date(r.case.request.received_on),
                next_duty: next.map(|d| title(d.duty).to_owned()).unwrap_or_default(),
                due: next.map(|d| long_date(d.due)).unwrap_or_default(),
                status,
                tag_class,
            }
        })
        .collect();
    Ok(render(&CaseloadPage { page: PageContext::new(Some(&user), "/caseload"), today: long_date(today), rows })?)
}

#[derive(Template)]
#[template(path = "cases/show.html")]
struct RequestPage {
    page: PageContext,
    child_name: String,
    received: String,
    source: String,
    events: Vec<(String, String)>,
    rows: Vec<Row>,
    actions: Vec<(String, &'static str)>,
}

pub async fn show(State(state): State<AppState>, SignedIn(user): SignedIn, rid: RequestId, Path(id): Path<String>) -> PageResult {
    let view = super::ehc::CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let actions = view.actions(&user);
    let (case, child, duties) = (view.case, view.child, view.duties);
    let events = case
        .events
        .iter()
        .map(|e| {
            let name = e.event["event"].as_str().unwrap_or_default().replace('_', " ");
            let what = match e.event["ref"].as_str() {
                Some(r) => format!("{name} ({r})"),
                None => name,
            };
            (long_date(e.date), capitalise(&what))
        })
        .collect();
    let source = case.request.source.parse::<RequestSource>().map(|s| s.label().to_owned()).unwrap_or(case.request.source.clone());
    let page = RequestPage {
        page: PageContext::new(Some(&user), "/caseload"),
        child_name: child.child.full_name(),
        received: long_date(case.request.received_on),
        source,
        events,
        rows: duties.duties.into_iter().map(row).collect(),
        actions,
    };
    Ok(render(&page)?)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
