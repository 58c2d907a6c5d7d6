//! Each value of the return derived from the records: outcomes and their dates from the
//! events, `Week20` from the exceptions the clock allows, mediation and appeals from what their
//! records say they are about, the plan's start and end from its life (a transfer to another
//! council ending it here), and the settings from the placements in force on the day that
//! counts. Pure: the same records give the same return.

use crate::model::{ActivePlan, Assessment, NamedPlan, Person, Request, Setting};
use jiff::civil::Date;
use sendcase_domain::clock::{
    CaseEvent, CeaseReason, DatedEvent, EventName, Named, ReviewOutcome, phase_transfer_due,
};
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::ehc::disagreements::AppealIssue;
use sendcase_domain::ehc::placements::{PlacedAt, PlacementRecorded, placements};
use sendcase_store::{Sen2Case, Sen2Person};

/// The collection's days: the survey day and the calendar year before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub reference_date: Date,
    pub starts: Date,
    pub ends: Date,
}

impl Period {
    pub fn of(reference_date: Date) -> Period {
        let year = reference_date.year() - 1;
        Period {
            reference_date,
            starts: jiff::civil::date(year, 1, 1),
            ends: jiff::civil::date(year, 12, 31),
        }
    }

    fn holds(&self, day: Date) -> bool {
        self.starts <= day && day <= self.ends
    }

    /// `Y` or `N` for a decision in the period or since, `H` for one made before it.
    fn decided(&self, day: Date, code: &'static str) -> (&'static str, Option<Date>) {
        if day < self.starts { ("H", None) } else { (code, Some(day)) }
    }
}

/// The request sources as SEN2 numbers them (item 2.2).
fn source_code(source: &str) -> Option<&'static str> {
    let source = RequestSource::ALL.into_iter().find(|s| s.as_str() == source)?;
    Some(match source {
        RequestSource::Parent | RequestSource::YoungPerson => "1",
        RequestSource::School => "2",
        RequestSource::Health => "3",
        RequestSource::SocialCare => "4",
        RequestSource::Other => "5",
    })
}

/// The decisions about a plan once it is made: mediation or an appeal after one of these is
/// `OtherMediation` or `OtherTribunal`.
const ABOUT_THE_PLAN: [EventName; 6] = [
    EventName::FinalPlanIssued,
    EventName::AmendedPlanIssued,
    EventName::ReviewDecisionNotified,
    EventName::DecidedToCease,
    EventName::ReassessmentDecided,
    EventName::ReassessedPlanIssued,
];

/// The stage a disagreement is about, as SEN2 flags it: the refusal to assess (`Request…`),
/// the refusal to issue a plan (`Assessment…`), or the plan once made (`Other…`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Request,
    Assessment,
    Plan,
}

impl Stage {
    /// Whether a decision named `name` is one this stage's disagreements follow.
    fn follows(self, name: EventName) -> bool {
        match self {
            Stage::Request => name == EventName::DecidedNotToAssess,
            Stage::Assessment => name == EventName::DecidedNotToIssuePlan,
            Stage::Plan => ABOUT_THE_PLAN.contains(&name),
        }
    }
}

/// What a case's history says on the survey day: its events in date order, each mediation
/// and appeal with what its record says it is about, when that is on record.
struct History<'a> {
    events: Vec<(&'a DatedEvent, Option<&'a [AppealIssue]>)>,
}

impl<'a> History<'a> {
    fn new(case: &'a Sen2Case, period: &Period) -> History<'a> {
        // Each record is written with its event, so the n-th belongs to the n-th of its kind.
        let mut appeals = case.appeals.iter().map(|a| a.issues.as_slice());
        let mut mediations = case.mediations.iter().map(|m| m.issues.as_slice());
        let mut events: Vec<_> = case
            .events
            .iter()
            .map(|e| {
                let about = match e.event.name() {
                    EventName::AppealRegistered => appeals.next(),
                    EventName::MediationRequested => mediations.next(),
                    _ => None,
                };
                (e, about)
            })
            .filter(|(e, _)| e.date <= period.reference_date)
            .collect();
        events.sort_by_key(|(e, _)| e.date);
        History { events }
    }

    fn first(&self, name: EventName) -> Option<Date> {
        self.events.iter().find(|(e, _)| e.event.name() == name).map(|(e, _)| e.date)
    }

    fn last(&self, name: EventName) -> Option<&'a DatedEvent> {
        self.events.iter().rev().find(|(e, _)| e.event.name() == name).map(|(e, _)| *e)
    }

    /// Whether mediation was asked for, and an appeal registered, about `stage`. Each says
    /// what it is about: a refusal is the refusal it followed, ceasing and the plan's sections
    /// are the plan. One with no record of what it is about counts by the decision it
    /// followed.
    fn disagreed(&self, stage: Stage) -> (bool, bool) {
        let (mut latest, mut mediation, mut tribunal) = (None, false, false);
        for (e, about) in &self.events {
            let name = e.event.name();
            let decision = ABOUT_THE_PLAN.contains(&name)
                || matches!(
                    name,
                    EventName::DecidedToAssess
                        | EventName::DecidedNotToAssess
                        | EventName::DecidedNotToIssuePlan
                );
            if decision {
                latest = Some(name);
            }
            let followed = latest.is_some_and(|d| stage.follows(d));
            let concerns = match about {
                None => followed,
                Some(issues) => issues.iter().any(|issue| match issue {
                    AppealIssue::Refusal => followed,
                    _ => stage == Stage::Plan,
                }),
            };
            mediation |= concerns && name == EventName::MediationRequested;
            tribunal |= concerns && name == EventName::AppealRegistered;
        }
        (mediation, tribunal)
    }
}

/// The person's part of the return, or `None` when none of their requests is in scope.
pub fn person(records: &Sen2Person, period: &Period) -> Option<Person> {
    let requests: Vec<Request> =
        records.cases.iter().filter_map(|c| request(c, &records.needs, period)).collect();
    if requests.is_empty() {
        return None;
    }
    let child = &records.child;
    Some(Person {
        child_id: child.id,
        surname: child.family_name.clone(),
        forename: child.given_name.clone(),
        birth_date: child.birth_date,
        upn: child.upn.as_ref().map(ToString::to_string),
        uln: child.uln.as_ref().map(ToString::to_string),
        upn_unknown: upn_unknown(records, &requests, period).map(str::to_owned),
        anonymised_on: records.anonymised_on,
        requests,
    })
}

/// Why a child with no UPN or ULN has none, where the records can tell: under 6 on the survey
/// day, not yet given one (UN1); a plan transferred in, new to the council (UN8); every request
/// ended before an assessment (UN10). The other reasons (never at a state-funded school, taught
/// outside England, a name or birth date that does not match) are facts about the child's
/// schooling no record here holds, so the checks ask the council for them.
fn upn_unknown(
    records: &Sen2Person,
    requests: &[Request],
    period: &Period,
) -> Option<&'static str> {
    let child = &records.child;
    // An anonymised record's identifiers were held once and are gone: none of the reasons fits.
    if child.upn.is_some() || child.uln.is_some() || records.anonymised_on.is_some() {
        return None;
    }
    let sixth = child.birth_date.saturating_add(jiff::Span::new().years(6));
    let transferred_in = records.cases.iter().any(|c| {
        let history = History::new(c, period);
        history.first(EventName::PlanTransferred).is_some()
    });
    if period.reference_date < sixth {
        Some("UN1")
    } else if transferred_in {
        Some("UN8")
    } else if requests.iter().all(|r| matches!(r.outcome.as_str(), "N" | "W")) {
        Some("UN10")
    } else {
        None
    }
}

fn request(case: &Sen2Case, needs: &[String], period: &Period) -> Option<Request> {
    if case.received_on > period.reference_date {
        return None;
    }
    let history = History::new(case, period);
    let transferred_in = history.first(EventName::PlanTransferred);
    let assess = history.first(EventName::DecidedToAssess);
    let not_assess = history.first(EventName::DecidedNotToAssess);
    let withdrawn = history.first(EventName::RequestWithdrawn);
    // The first decision stands even if an appeal overturns it; the flags tell the rest.
    let first_decision = match (assess, not_assess) {
        (Some(a), Some(n)) if n < a => Some((n, "N")),
        (Some(a), _) => Some((a, "Y")),
        (None, Some(n)) => Some((n, "N")),
        (None, None) => None,
    };
    let (outcome, outcome_date) = match (transferred_in, first_decision) {
        (Some(_), _) => ("H", None),
        (None, Some((day, code))) => period.decided(day, code),
        (None, None) if withdrawn.is_some() => ("W", None),
        (None, None) => ("A", None),
    };
    let (mediation, tribunal) = history.disagreed(Stage::Request);
    let assessment = (assess.is_some() || transferred_in.is_some())
        .then(|| assessment(case, &history, period, transferred_in));
    let plan = assessment.as_ref().and_then(|a| a.plan.as_ref());
    let active_on_survey_day = plan.is_some_and(|p| p.cease_date.is_none());
    let in_scope = active_on_survey_day
        || period.holds(case.received_on)
        || outcome_date.is_some_and(|d| period.holds(d))
        || assessment
            .as_ref()
            .is_some_and(|a| a.outcome == "A" || a.outcome_date.is_some_and(|d| period.holds(d)))
        || plan.and_then(|p| p.cease_date).is_some_and(|d| period.holds(d))
        || outcome == "A";
    if !in_scope {
        return None;
    }
    let active = active_on_survey_day.then(|| active_plan(case, &history, needs, period));
    Some(Request {
        request_id: case.request_id,
        received: case.received_on,
        source: source_code(&case.source).map(str::to_owned),
        // Whether the child was in relevant youth accommodation when the request was made is
        // not recorded anywhere in sendcase, so no request is flagged.
        rya: false,
        outcome_date,
        outcome: outcome.to_owned(),
        mediation,
        tribunal,
        assessment,
        active,
    })
}

fn assessment(
    case: &Sen2Case,
    history: &History<'_>,
    period: &Period,
    transferred_in: Option<Date>,
) -> Assessment {
    let issued = history.first(EventName::FinalPlanIssued);
    let no_plan = history.first(EventName::DecidedNotToIssuePlan);
    let (outcome, outcome_date) = match (transferred_in, issued, no_plan) {
        (Some(_), _, _) => ("H", None),
        (None, Some(day), _) => period.decided(day, "Y"),
        (None, None, Some(day)) => period.decided(day, "N"),
        (None, None, None) if history.first(EventName::RequestWithdrawn).is_some() => ("W", None),
        (None, None, None) => ("A", None),
    };
    let (mediation, tribunal) = history.disagreed(Stage::Assessment);
    let (other_mediation, other_tribunal) = history.disagreed(Stage::Plan);
    let started = match (issued, transferred_in) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Assessment {
        outcome: outcome.to_owned(),
        outcome_date,
        mediation,
        tribunal,
        other_mediation,
        other_tribunal,
        week20: history.first(EventName::ExceptionClaimed).is_some(),
        plan: started.map(|start| named_plan(case, history, start, period)),
    }
}

fn named_plan(case: &Sen2Case, history: &History<'_>, start: Date, period: &Period) -> NamedPlan {
    // A plan transferred to another council ends here on the day of the transfer (reason 5);
    // what follows is the other council's.
    let transferred_out = case
        .transferred_out_on
        .filter(|day| *day <= period.reference_date)
        .map(|day| (day, CeaseReason::AnotherLaInEngland));
    let ceased = transferred_out.or_else(|| {
        history.last(EventName::PlanCeased).and_then(|e| match e.event {
            CaseEvent::PlanCeased { reason } => Some((e.date, reason)),
            _ => None,
        })
    });
    // The settings named when the plan ended, or on the survey day.
    let on = ceased.map_or(period.reference_date, |(day, _)| day);
    let named = in_place(case, on);
    let main = named.iter().find(|p| p.placement.rank.get() == 1);
    let budget = case.plan.as_ref().map(|p| &p.j);
    NamedPlan {
        start,
        res: main.and_then(|p| p.placement.residential).map(|r| r.as_str().to_owned()),
        wbp: named.iter().any(|p| p.placement.work_based),
        pb: budget.is_some_and(|b| b.taken_up()),
        oa: budget.is_some_and(|b| b.organised.is_some()),
        dp: budget.is_some_and(|b| b.direct_payment.is_some()),
        cease_date: ceased.map(|(day, _)| day),
        cease_reason: ceased.map(|(_, reason)| reason.as_str().to_owned()),
        details: named.iter().map(|p| setting(p, false)).collect(),
    }
}

/// The plan's placements in place on `on`, by rank.
fn in_place(case: &Sen2Case, on: Date) -> Vec<PlacementRecorded> {
    let mut current: Vec<PlacementRecorded> = placements(&case.placements, &case.placements_ended)
        .into_iter()
        .filter(|p| p.placement.covers(on))
        .collect();
    current.sort_by_key(|p| p.placement.rank);
    current
}

/// A placement as the return gives it; `dated` for `PlacementDetail`, which carries its dates,
/// residential weeks and work-based learning.
fn setting(recorded: &PlacementRecorded, dated: bool) -> Setting {
    let p = &recorded.placement;
    let mut out = Setting {
        rank: p.rank.get(),
        sen_unit: p.sen_unit,
        resourced_provision: p.resourced_provision,
        ..Setting::default()
    };
    match &p.at {
        PlacedAt::Establishment(urn) => out.urn = Some(urn.to_string()),
        PlacedAt::Provider(ukprn) => out.ukprn = Some(ukprn.to_string()),
        PlacedAt::Other { setting, details } => {
            out.sen_setting = Some(setting.as_str().to_owned());
            out.sen_setting_other = (!details.trim().is_empty()).then(|| details.clone());
        }
    }
    if dated {
        out.entry = Some(p.starts);
        out.leaving = p.ends;
        out.res = p.residential.map(|r| r.as_str().to_owned());
        out.wbp = p.work_based;
    }
    out
}

fn active_plan(
    case: &Sen2Case,
    history: &History<'_>,
    needs: &[String],
    period: &Period,
) -> ActivePlan {
    let in_period = |name: EventName| history.last(name).filter(|e| period.holds(e.date));
    let decision = in_period(EventName::ReviewDecisionNotified);
    let review_outcome = decision.and_then(|e| match e.event {
        CaseEvent::ReviewDecisionNotified(outcome) => Some(outcome),
        _ => None,
    });
    let transfer = history.last(EventName::PhaseTransferPlanned).and_then(|e| match e.event {
        CaseEvent::PhaseTransferPlanned { transfer_date, kind } => {
            Some(phase_transfer_due(transfer_date, kind))
        }
        _ => None,
    });
    let transferred_in = history.last(EventName::PlanTransferred).filter(|e| period.holds(e.date));
    ActivePlan {
        transfer_la: transferred_in.and(case.transferred_from.clone()),
        review_meeting: in_period(EventName::ReviewMeetingHeld).map(|e| e.date),
        review_outcome: review_outcome.map(|outcome| {
            match outcome {
                ReviewOutcome::Amend => "A",
                ReviewOutcome::Cease => "C",
                ReviewOutcome::Maintain => "M",
            }
            .to_owned()
        }),
        // A decision to amend is sent with the proposed amendments, the draft amended plan
        // (reg 22(2)), so the draft is dated by the decision.
        review_draft: decision
            .filter(|_| review_outcome == Some(ReviewOutcome::Amend))
            .map(|e| e.date),
        phase_transfer_due: transfer,
        phase_transfer_final: transfer
            .and(in_period(EventName::PlanAmendedForPhaseTransfer))
            .map(|e| e.date),
        last_review: decision.map(|e| e.date),
        placements: in_place(case, period.reference_date)
            .iter()
            .map(|p| setting(p, true))
            .collect(),
        needs: needs.iter().take(2).zip(1..).map(|(need, rank)| (need.clone(), rank)).collect(),
    }
}

#[cfg(test)]
mod tests;
