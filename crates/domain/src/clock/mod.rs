//! The statutory clock: every duty of a case, computed from its dated events exactly as
//! `docs/clock.md` specifies. Pure: callers supply the events, the date to judge
//! statuses by and the bank-holiday calendar.

pub mod calendar;
pub(crate) mod duty;
mod engine;
mod event;
mod explain;
pub mod fingerprint;
mod json;
mod json_out;
mod json_text;
mod plan_summary;
mod stage;
mod summary;
mod synthetic;
mod synthetic_request;

pub use duty::{Basis, Duty, DutyKind, DutyStatus, Named, Responsible};
pub use engine::{duties, phase_transfer_due};
pub use event::{
    CaseEvent, CeaseReason, DatedEvent, EventName, ExceptionGround, PhaseTransferKind,
    ReviewOutcome, TribunalOrder,
};
pub use explain::{MONTHS, explanation, long_date, must_happen};
pub use json::{
    CaseHistory, ClockOutput, DutyOutput, check_history, events_from_json, read_history, summarise,
};
pub use json_out::Layout;
pub use plan_summary::{PlanStatus, PlanSummary, TransferSummary};
pub use stage::{Stage, stage};
pub use summary::{CaseSummary, CaseloadStatus, FinalPlan, NextDuty, StatusWindow};
pub use synthetic::synthetic_history;
pub use synthetic_request::synthetic_request;

/// Why a case history cannot be read; `index` is the event's position in the input, from 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ClockError {
    pub index: Option<usize>,
    pub problem: String,
}

impl std::fmt::Display for ClockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.index {
            Some(i) => write!(f, "event {i}: {}", self.problem),
            None => f.write_str(&self.problem),
        }
    }
}

#[cfg(test)]
mod summary_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_ending;
