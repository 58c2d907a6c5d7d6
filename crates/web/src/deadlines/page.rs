//! The public deadlines calculator: a family or caseworker enters the key dates of an EHC
//! needs assessment and sees every statutory duty that follows, from the same clock as the API.

use crate::AppState;
use crate::auth::MaybeSignedIn;
use crate::error::FieldError;
use crate::page::duties::{Row, row, tag, title};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jiff::civil::Date;
use sendcase_domain::clock::{CaseEvent, ClockOutput, DatedEvent, EventName, long_date};
use std::collections::HashMap;

/// One GOV.UK date input: three boxes named `{id}-day`, `{id}-month`, `{id}-year`.
pub struct DateField {
    pub id: &'static str,
    pub legend: &'static str,
    pub hint: &'static str,
    pub day: String,
    pub month: String,
    pub year: String,
    /// What the date records, as a timeline entry.
    pub happened: &'static str,
}

/// id, legend, hint, timeline wording, and what to say when the clock finds the date out of order.
impl DateField {
    pub fn part(&self, name: &str) -> &str {
        match name {
            "day" => &self.day,
            "month" => &self.month,
            _ => &self.year,
        }
    }
}

const FIELDS: [(&str, &str, &str, &str, &str); 5] = [
    (
        "request_received",
        "When did the council receive the request for an EHC needs assessment?",
        "For example, 5 1 2026",
        "The council received the request",
        "",
    ),
    (
        "assessment_decided",
        "When did the council tell you whether it would assess?",
        "Leave blank if it has not decided yet",
        "The council decided whether to assess",
        "The decision must be on or after the day the council received the request",
    ),
    (
        "draft_plan_issued",
        "When was the draft EHC plan sent?",
        "Leave blank if there is no draft yet",
        "The draft plan was sent",
        "The draft plan must be sent on or after the day the council received the request",
    ),
    (
        "final_plan_issued",
        "When was the final EHC plan issued?",
        "Leave blank if there is no final plan yet",
        "The final plan was issued",
        "A final plan follows a draft: enter the date the draft was sent, on or before this date",
    ),
    ("as_of", "Show where things stand on", "Leave blank for today", "", ""),
];

const REQUEST: usize = 0;
const DECISION: usize = 1;
const AS_OF: usize = 4;

pub struct TimelineEntry {
    pub date: Date,
    pub when: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "deadlines/page.html")]
struct DeadlinesPage {
    page: PageContext,
    fields: Vec<DateField>,
    decision: String,
    as_of: Option<String>,
    rows: Vec<Row>,
    timeline: Vec<TimelineEntry>,
}

pub async fn deadlines(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    let value = |key: String| query.get(&key).map(|v| v.trim().to_owned()).unwrap_or_default();
    let fields: Vec<DateField> = FIELDS
        .iter()
        .map(|&(id, legend, hint, happened, _)| DateField {
            id,
            legend,
            hint,
            day: value(format!("{id}-day")),
            month: value(format!("{id}-month")),
            year: value(format!("{id}-year")),
            happened,
        })
        .collect();
    let decision = value("decision".into());
    let mut page = DeadlinesPage {
        page: PageContext::new(user.as_ref(), "/deadlines"),
        fields,
        decision,
        as_of: None,
        rows: vec![],
        timeline: vec![],
    };
    // The first visit shows the empty form; any submitted field means "calculate".
    if !query.is_empty() {
        match calculate(&page.fields, &page.decision, &state) {
            Ok((events, output)) => {
                page.as_of = Some(long_date(output.as_of));
                page.timeline = timeline(&page.fields, &events, &output);
                page.rows = output.duties.into_iter().map(row).collect();
            }
            Err(errors) => page.page = page.page.with_errors(errors),
        }
    }
    let status =
        if page.page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, render(&page)?).into_response())
}

fn read_date(f: &DateField) -> Result<Option<Date>, String> {
    crate::page::forms::read_date(&f.day, &f.month, &f.year)
}

type Calculated = (Vec<(usize, DatedEvent)>, ClockOutput);

fn calculate(
    fields: &[DateField],
    decision: &str,
    state: &AppState,
) -> Result<Calculated, Vec<FieldError>> {
    let mut errors = vec![];
    let mut dates = vec![];
    for f in fields {
        match read_date(f) {
            Ok(d) => dates.push(d),
            Err(message) => {
                errors.push(FieldError::new(format!("{}-day", f.id), message));
                dates.push(None);
            }
        }
    }
    if dates[REQUEST].is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "request_received-day",
            "Enter the date the council received the request",
        ));
    }
    let decided = match (dates[DECISION], decision) {
        (Some(_), "assess") => Some(EventName::DecidedToAssess),
        (Some(_), "not_assess") => Some(EventName::DecidedNotToAssess),
        (Some(_), _) => {
            errors.push(FieldError::new("decision", "Select what the council decided"));
            None
        }
        (None, "assess" | "not_assess") => {
            errors.push(FieldError::new(
                "assessment_decided-day",
                "Enter the date the council told you its decision",
            ));
            None
        }
        (None, _) => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut events = vec![];
    for (i, date) in dates.iter().enumerate().take(AS_OF) {
        let Some(date) = *date else { continue };
        let name = match i {
            REQUEST => EventName::RequestReceived,
            DECISION => decided.unwrap_or(EventName::DecidedToAssess),
            2 => EventName::DraftPlanIssued,
            _ => EventName::FinalPlanIssued,
        };
        events.push((i, DatedEvent { date, event: CaseEvent::Plain(name) }));
    }
    let history = sendcase_domain::clock::CaseHistory {
        as_of: dates[AS_OF],
        events: events.iter().map(|(_, e)| e.clone()).collect(),
    };
    match history.duties(today(), &state.settings.calendar) {
        Ok(output) => Ok((events, output)),
        Err(e) => {
            let field = e.index.map(|i| events[i].0).unwrap_or(REQUEST);
            let message =
                if FIELDS[field].4.is_empty() { e.to_string() } else { FIELDS[field].4.to_owned() };
            Err(vec![FieldError::new(format!("{}-day", FIELDS[field].0), message)])
        }
    }
}

/// What happened and what falls due, in date order; on the same day, events come first.
fn timeline(
    fields: &[DateField],
    events: &[(usize, DatedEvent)],
    output: &ClockOutput,
) -> Vec<TimelineEntry> {
    let mut entries: Vec<(Date, u8, String)> = events
        .iter()
        .map(|(i, e)| {
            let what = match e.event.name() {
                EventName::DecidedToAssess => {
                    "The council decided to carry out an assessment".to_owned()
                }
                EventName::DecidedNotToAssess => {
                    "The council decided not to carry out an assessment".to_owned()
                }
                _ => fields[*i].happened.to_owned(),
            };
            (e.date, 0, what)
        })
        .collect();
    entries.extend(output.duties.iter().map(|d| {
        (d.due, 1, format!("Deadline: {} ({})", title(d.duty), tag(d.status).0.to_lowercase()))
    }));
    entries.sort_by_key(|(date, order, _)| (*date, *order));
    entries
        .into_iter()
        .map(|(date, _, what)| TimelineEntry { date, when: long_date(date), what })
        .collect()
}
