//! The contract's JSON: a case history in, its duties out.

use super::duty::{Duty, DutyKind, DutyStatus, Responsible};
use super::event::{DatedEvent, NOT_AN_OBJECT};
use super::explain::explanation;
use super::json_text::Json;
use super::{CaseSummary, ClockError, duties};
use crate::clock::calendar::{Calendar, parse_iso_date};
use jiff::civil::Date;
use serde_json::Value;

/// One case's events, read and checked field by field (not yet replayed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHistory {
    pub as_of: Option<Date>,
    pub events: Vec<DatedEvent>,
}

impl CaseHistory {
    /// Replays the events and judges statuses as of the history's own `as_of`, or `today`.
    pub fn duties(&self, today: Date, calendar: &Calendar) -> Result<ClockOutput, ClockError> {
        let as_of = self.as_of.unwrap_or(today);
        let duties = duties(&self.events, as_of, calendar)?;
        Ok(ClockOutput { as_of, duties: duties.iter().map(DutyOutput::from).collect() })
    }
}

pub fn read_history(text: &str) -> Result<CaseHistory, ClockError> {
    let whole = |problem: String| ClockError { index: None, problem };
    let value: Json = serde_json::from_str(text)
        .map_err(|e| whole(format!("the input is not valid JSON: {e}")))?;
    let Json::Object(obj) = value else {
        return Err(whole("the input must be a JSON object with `events`".into()));
    };
    let as_of = match obj.get("as_of") {
        None | Some(Json::Null) => None,
        Some(Json::Text(s)) => Some(parse_iso_date(s).map_err(|e| whole(format!("`as_of`: {e}")))?),
        Some(_) => {
            return Err(whole("`as_of` must be a date string in the form YYYY-MM-DD".into()));
        }
    };
    let list = match obj.get("events") {
        Some(Json::List(list)) => list,
        Some(_) => return Err(whole("`events` must be a list".into())),
        None => return Err(whole("`events` is missing".into())),
    };
    let events = numbered(list.iter().map(|item| match item {
        Json::Object(event) => DatedEvent::from_fields(event),
        _ => Err(NOT_AN_OBJECT.into()),
    }))?;
    Ok(CaseHistory { as_of, events })
}

/// Reads a list of event objects, as a case stores them; errors name the event's index.
pub fn events_from_json(list: &[Value]) -> Result<Vec<DatedEvent>, ClockError> {
    numbered(list.iter().map(DatedEvent::from_json))
}

fn numbered(
    events: impl Iterator<Item = Result<DatedEvent, String>>,
) -> Result<Vec<DatedEvent>, ClockError> {
    events
        .enumerate()
        .map(|(index, event)| event.map_err(|problem| ClockError { index: Some(index), problem }))
        .collect()
}

/// Whether a stored request's history (in order of recording, the newest last) is one the clock
/// accepts, and if so the clock's summary of it for the caseload; `Err` carries the clock's message.
pub fn check_history(history: &[Value], calendar: &Calendar) -> Result<CaseSummary, String> {
    summarise(&events_from_json(history).map_err(|e| e.to_string())?, calendar)
}

/// [`check_history`] for events already read.
pub fn summarise(events: &[DatedEvent], calendar: &Calendar) -> Result<CaseSummary, String> {
    CaseSummary::of(events, calendar)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "a request's history must hold its `request_received`".to_owned())
}

impl ClockOutput {
    /// An assessment is open until the final plan is issued or it ends otherwise (a decision not
    /// to assess or not to issue a plan, or withdrawal), i.e. while its 20-week duty is owed.
    pub fn assessment_open(&self) -> bool {
        self.duties.iter().any(|d| {
            d.duty == DutyKind::IssueFinalPlan
                && d.met_on.is_none()
                && d.status != DutyStatus::NotApplicable
        })
    }

    /// The earliest duty still owed: unmet and applicable, and not a family's right that lapsed.
    pub fn next_duty(&self) -> Option<&DutyOutput> {
        self.duties.iter().find(|d| d.status.awaits_action())
    }
}

/// Written as JSON by [`ClockOutput::to_json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockOutput {
    pub as_of: Date,
    pub duties: Vec<DutyOutput>,
}

/// A duty in the contract's field names, plus a sentence a parent can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyOutput {
    pub duty: DutyKind,
    /// `ref` in the JSON.
    pub reference: Option<String>,
    pub due: Date,
    pub target: Date,
    pub status: DutyStatus,
    pub met_on: Option<Date>,
    pub responsible: Responsible,
    pub rule: &'static str,
    pub explanation: String,
}

impl From<&Duty<'_>> for DutyOutput {
    fn from(d: &Duty<'_>) -> Self {
        DutyOutput {
            duty: d.kind,
            reference: d.reference.map(str::to_owned),
            due: d.due,
            target: d.target,
            status: d.status,
            met_on: d.met_on,
            responsible: d.responsible,
            rule: d.rule,
            explanation: explanation(d),
        }
    }
}
