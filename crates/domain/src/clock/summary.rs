//! What a caseload keeps of each request so it can list thousands without replaying them: all
//! of it computed here, by the clock, whenever the history changes.

use super::ClockError;
use super::duty::{DutyKind, DutyStatus, named};
use super::engine::{duties, unmet_status};
use super::event::{DatedEvent, EventName};
use super::explain::explanation;
use super::plan_summary::PlanSummary;
use super::stage::{Stage, stage};
use crate::clock::calendar::{Calendar, days_after};
use jiff::civil::Date;

/// A request as the caseload and the timeliness figures need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub stage: Stage,
    pub received_on: Date,
    pub final_plan: Option<FinalPlan>,
    /// Whether the history records a reg 10(4) exception.
    pub exception_recorded: bool,
    /// While the request is open, its next duty on every day: consecutive spans of `as_of`
    /// covering the whole calendar. The next duty changes with `as_of` only when a family's
    /// right lapses, so there is one span unless a right comes first.
    pub next_duties: Vec<NextDuty>,
    /// The plan the request led to, or the one it is about, while there is one.
    pub plan: Option<PlanSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalPlan {
    pub issued_on: Date,
    /// Issued within 20 weeks of the request (reg 13(2)): the clock's `met`, not `met_late`.
    pub within_time: bool,
}

/// The clock's next duty for any `as_of` from `from` to `until` (inclusive; `None` is unbounded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextDuty {
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub duty: DutyKind,
    pub reference: Option<String>,
    pub due: Date,
    pub target: Date,
    pub rule: String,
    pub explanation: String,
    /// Past its due date this duty is `exception_claimed`, not `overdue`.
    pub exception_applies: bool,
}

impl NextDuty {
    pub fn covers(&self, as_of: Date) -> bool {
        self.from.is_none_or(|from| from <= as_of) && self.until.is_none_or(|until| as_of <= until)
    }

    /// The clock's status of this duty on a day the span covers.
    pub fn status_on(&self, as_of: Date) -> DutyStatus {
        unmet_status(self.duty, self.due, as_of, self.exception_applies)
    }
}

impl CaseSummary {
    /// The summary of a history the clock accepts; `None` when it holds no request.
    pub fn of(
        events: &[DatedEvent],
        calendar: &Calendar,
    ) -> Result<Option<CaseSummary>, ClockError> {
        // Judged before any due date, every unmet duty still applying is `pending`.
        let duties = duties(events, Date::MIN, calendar)?;
        let (Some(stage), Some(request)) =
            (stage(events), events.iter().find(|e| e.event.name() == EventName::RequestReceived))
        else {
            return Ok(None);
        };
        let exception_recorded =
            events.iter().any(|e| e.event.name() == EventName::ExceptionClaimed);
        let final_plan = duties.iter().find(|d| d.kind == DutyKind::IssueFinalPlan).and_then(|d| {
            d.met_on
                .map(|issued_on| FinalPlan { issued_on, within_time: d.status == DutyStatus::Met })
        });
        let mut next_duties = vec![];
        if stage.is_open() {
            let mut from = None;
            for d in duties.iter().filter(|d| d.status == DutyStatus::Pending) {
                let lapses =
                    unmet_status(d.kind, d.due, days_after(d.due, 1), false) == DutyStatus::Lapsed;
                // A right due no later than one before it lapsed is never next; a duty always is.
                if !lapses || from.is_none_or(|from| from <= d.due) {
                    next_duties.push(NextDuty {
                        from,
                        until: lapses.then_some(d.due),
                        duty: d.kind,
                        reference: d.reference.map(str::to_owned),
                        due: d.due,
                        target: d.target,
                        rule: d.rule.to_owned(),
                        explanation: explanation(d),
                        exception_applies: exception_recorded && d.kind.exceptions_apply(),
                    });
                }
                if !lapses {
                    break;
                }
                from = Some(days_after(d.due, 1));
            }
        }
        Ok(Some(CaseSummary {
            stage,
            received_on: request.date,
            final_plan,
            exception_recorded,
            next_duties,
            plan: PlanSummary::of(events, &duties),
        }))
    }
}

named!(
    /// Where a request's next duty stands on a day, as a caseload sorts them out.
    CaseloadStatus {
        Overdue = "overdue",
        ExceptionClaimed = "exception_claimed",
        DueSoon = "due_soon",
        OnTrack = "on_track",
    }
);

/// The due dates (inclusive) and exception flag that pick out one status among stored next duties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusWindow {
    pub due_from: Option<Date>,
    pub due_until: Option<Date>,
    pub exception_applies: Option<bool>,
}

impl StatusWindow {
    /// Next duties due from `as_of` to `days` days after it, inclusive: a week's work is
    /// `due_within(today, 6)`.
    pub fn due_within(as_of: Date, days: i32) -> StatusWindow {
        StatusWindow {
            due_from: Some(as_of),
            due_until: Some(days_after(as_of, days)),
            exception_applies: None,
        }
    }
}

impl CaseloadStatus {
    /// "Due soon" means due within this many days of `as_of`.
    pub const SOON_DAYS: i32 = 14;

    pub fn of(duty: &NextDuty, as_of: Date) -> CaseloadStatus {
        match duty.status_on(as_of) {
            DutyStatus::ExceptionClaimed => CaseloadStatus::ExceptionClaimed,
            DutyStatus::Pending if duty.due <= days_after(as_of, Self::SOON_DAYS) => {
                CaseloadStatus::DueSoon
            }
            DutyStatus::Pending => CaseloadStatus::OnTrack,
            // A span never holds a right past its lapsing, so anything else is an unmet duty past due.
            _ => CaseloadStatus::Overdue,
        }
    }

    pub fn window(self, as_of: Date) -> StatusWindow {
        let yesterday = Some(days_after(as_of, -1));
        let soon = days_after(as_of, Self::SOON_DAYS);
        let (due_from, due_until, exception_applies) = match self {
            CaseloadStatus::Overdue => (None, yesterday, Some(false)),
            CaseloadStatus::ExceptionClaimed => (None, yesterday, Some(true)),
            CaseloadStatus::DueSoon => (Some(as_of), Some(soon), None),
            CaseloadStatus::OnTrack => (Some(days_after(soon, 1)), None, None),
        };
        StatusWindow { due_from, due_until, exception_applies }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseloadStatus::Overdue => "Overdue",
            CaseloadStatus::ExceptionClaimed => "Past due, exception claimed",
            CaseloadStatus::DueSoon => "Due within 14 days",
            CaseloadStatus::OnTrack => "On track",
        }
    }
}
