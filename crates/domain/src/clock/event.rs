//! The dated events of a case, as the clock reads them from JSON.

use super::duty::{DutyKind, Named, named};
use crate::clock::calendar::parse_iso_date;
use jiff::civil::Date;
use serde_json::{Map, Value};

named!(
    /// What happened, named as in the clock contract.
    EventName {
        RequestReceived = "request_received",
        DecidedToAssess = "decided_to_assess",
        DecidedNotToAssess = "decided_not_to_assess",
        AdviceRequested = "advice_requested",
        AdviceReceived = "advice_received",
        DecidedNotToIssuePlan = "decided_not_to_issue_plan",
        DraftPlanIssued = "draft_plan_issued",
        DraftCommentsReceived = "draft_comments_received",
        InstitutionConsulted = "institution_consulted",
        InstitutionResponded = "institution_responded",
        FinalPlanIssued = "final_plan_issued",
        ExceptionClaimed = "exception_claimed",
        RequestWithdrawn = "request_withdrawn",
        ReviewMeetingScheduled = "review_meeting_scheduled",
        ReviewInvitationsSent = "review_invitations_sent",
        ReviewAdviceCirculated = "review_advice_circulated",
        ReviewMeetingHeld = "review_meeting_held",
        ReviewReportSent = "review_report_sent",
        ReviewDecisionNotified = "review_decision_notified",
        AmendmentCommentsReceived = "amendment_comments_received",
        AmendedPlanIssued = "amended_plan_issued",
        PhaseTransferPlanned = "phase_transfer_planned",
        PlanAmendedForPhaseTransfer = "plan_amended_for_phase_transfer",
        ReassessmentRequested = "reassessment_requested",
        ReassessmentDecided = "reassessment_decided",
        ReassessedPlanIssued = "reassessed_plan_issued",
        MovingToAnotherLa = "moving_to_another_la",
        PlanTransferred = "plan_transferred",
        TransferDecisionsNotified = "transfer_decisions_notified",
        MediationDeclined = "mediation_declined",
        MediationRequested = "mediation_requested",
        MediationConcluded = "mediation_concluded",
        MediationCertificateIssued = "mediation_certificate_issued",
        AppealRegistered = "appeal_registered",
        DecidedToCease = "decided_to_cease",
        PlanCeased = "plan_ceased",
        TribunalDecided = "tribunal_decided",
        AppealConceded = "appeal_conceded",
        OrderComplied = "order_complied",
    }
);

named!(
    /// The LA's decision after an annual review (reg 20(10)).
    ReviewOutcome { Maintain = "maintain", Amend = "amend", Cease = "cease" }
);

impl ReviewOutcome {
    pub fn label(self) -> &'static str {
        match self {
            ReviewOutcome::Maintain => "Keep the plan as it is",
            ReviewOutcome::Amend => "Amend the plan",
            ReviewOutcome::Cease => "Cease the plan",
        }
    }
}

named!(
    /// Which reg 18 time limit a phase transfer falls under.
    PhaseTransferKind { SchoolPhase = "school_phase", ToPost16 = "to_post16", PostSixteenOther = "post16_other" }
);

named!(
    /// Why a plan ended, as the SEN2 return codes it (item 4.6).
    CeaseReason {
        MaximumAge = "1",
        NeedsMetWithoutPlan = "2",
        HigherEducation = "3",
        PaidEmployment = "4",
        AnotherLaInEngland = "5",
        NoLongerWishesToEngage = "6",
        MovedOutsideEngland = "7",
        Deceased = "8",
        Other = "9",
    }
);

impl CeaseReason {
    pub fn label(self) -> &'static str {
        use CeaseReason::*;
        match self {
            MaximumAge => "Reached the age at which the plan ends",
            NeedsMetWithoutPlan => "Education or training needs met without a plan",
            HigherEducation => "Moved on to higher education",
            PaidEmployment => "Moved on to paid work (not an apprenticeship)",
            AnotherLaInEngland => "Moved to another council in England",
            NoLongerWishesToEngage => "No longer wishes to take part in education or training",
            MovedOutsideEngland => "Moved outside England",
            Deceased => "Died",
            Other => "Another reason",
        }
    }
}

named!(
    /// What the Tribunal ordered, or the council conceded (regs 44 and 45).
    TribunalOrder {
        Assess = "assess",
        MakePlan = "make_plan",
        Amend = "amend",
        NameSchool = "name_school",
        Maintain = "maintain",
        Dismissed = "dismissed",
    }
);

impl TribunalOrder {
    /// The duties the order (or a concession of it) starts, each with its time limit in weeks
    /// from the order or the notice; 0 is straight away (reg 44(2); reg 45 for concessions).
    pub fn duties(self) -> &'static [(DutyKind, u8)] {
        use DutyKind::*;
        match self {
            TribunalOrder::Assess => &[
                (NotifyAssessmentAfterOrder, 2),
                (NotifyNoPlanAfterOrder, 10),
                (IssueFinalPlanAfterOrder, 14),
            ],
            TribunalOrder::MakePlan => {
                &[(IssueDraftPlanAfterOrder, 5), (IssueFinalPlanAfterOrder, 11)]
            }
            TribunalOrder::Amend => &[(IssueAmendedPlanAfterOrder, 5)],
            TribunalOrder::NameSchool => &[(IssueAmendedPlanAfterOrder, 2)],
            TribunalOrder::Maintain => &[(ComplyWithOrder, 0)],
            TribunalOrder::Dismissed => &[],
        }
    }

    /// A council concedes an appeal only by doing what an order would have made it do.
    pub fn can_be_conceded(self) -> bool {
        !matches!(self, TribunalOrder::Maintain | TribunalOrder::Dismissed)
    }
}

named!(
    /// The reg 10(4) exceptions to the assessment time limits.
    ExceptionGround { A = "a", B = "b", C = "c", D = "d" }
);

/// One event with the fields its name requires, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseEvent {
    Plain(EventName),
    Referenced(EventName, String),
    ExceptionClaimed(ExceptionGround),
    ReviewMeetingScheduled {
        meeting_date: Date,
    },
    ReviewDecisionNotified(ReviewOutcome),
    PhaseTransferPlanned {
        transfer_date: Date,
        kind: PhaseTransferKind,
    },
    ReassessmentDecided {
        reassess: bool,
    },
    MovingToAnotherLa {
        move_date: Date,
    },
    PlanTransferred {
        last_review: Option<Date>,
    },
    PlanCeased {
        reason: CeaseReason,
    },
    TribunalDecided(TribunalOrder),
    AppealConceded(TribunalOrder),
    /// The council did what an order required: `duty` is one the order started.
    OrderComplied(DutyKind),
}

impl EventName {
    /// What happened, as a family or caseworker would say it.
    pub fn label(self) -> &'static str {
        use EventName::*;
        match self {
            RequestReceived => "Request for an assessment received",
            DecidedToAssess => "Council decided to assess",
            DecidedNotToAssess => "Council decided not to assess",
            AdviceRequested => "Advice requested",
            AdviceReceived => "Advice received",
            DecidedNotToIssuePlan => "Council decided not to issue a plan",
            DraftPlanIssued => "Draft plan sent to the family",
            DraftCommentsReceived => "Family's comments on the draft received",
            InstitutionConsulted => "School or college consulted",
            InstitutionResponded => "School or college replied",
            FinalPlanIssued => "Final plan issued",
            ExceptionClaimed => "Exception to the time limits recorded",
            RequestWithdrawn => "Request withdrawn",
            ReviewMeetingScheduled => "Annual review meeting arranged",
            ReviewInvitationsSent => "Annual review invitations sent",
            ReviewAdviceCirculated => "Advice for the annual review sent round",
            ReviewMeetingHeld => "Annual review meeting held",
            ReviewReportSent => "Annual review report sent",
            ReviewDecisionNotified => "Council's decision after the review sent",
            AmendmentCommentsReceived => "Comments on the proposed changes received",
            AmendedPlanIssued => "Amended plan issued",
            PhaseTransferPlanned => "Move to the next school or college planned",
            PlanAmendedForPhaseTransfer => {
                "Plan amended for the move to the next school or college"
            }
            ReassessmentRequested => "Re-assessment requested",
            ReassessmentDecided => "Council decided whether to re-assess",
            ReassessedPlanIssued => "Plan issued after re-assessment",
            MovingToAnotherLa => "Moving to another council",
            PlanTransferred => "Plan transferred to the new council",
            TransferDecisionsNotified => "New council's decisions on the transferred plan sent",
            MediationDeclined => "Mediation declined",
            MediationRequested => "Mediation requested",
            MediationConcluded => "Mediation finished",
            MediationCertificateIssued => "Mediation certificate issued",
            AppealRegistered => "Appeal registered with the Tribunal",
            DecidedToCease => "Council decided to end the plan",
            PlanCeased => "Plan ended",
            TribunalDecided => "Tribunal decided the appeal",
            AppealConceded => "Council conceded the appeal",
            OrderComplied => "Council did what the order required",
        }
    }
}

impl CaseEvent {
    pub fn name(&self) -> EventName {
        match self {
            CaseEvent::Plain(name) | CaseEvent::Referenced(name, _) => *name,
            CaseEvent::ExceptionClaimed(_) => EventName::ExceptionClaimed,
            CaseEvent::ReviewMeetingScheduled { .. } => EventName::ReviewMeetingScheduled,
            CaseEvent::ReviewDecisionNotified(_) => EventName::ReviewDecisionNotified,
            CaseEvent::PhaseTransferPlanned { .. } => EventName::PhaseTransferPlanned,
            CaseEvent::ReassessmentDecided { .. } => EventName::ReassessmentDecided,
            CaseEvent::MovingToAnotherLa { .. } => EventName::MovingToAnotherLa,
            CaseEvent::PlanTransferred { .. } => EventName::PlanTransferred,
            CaseEvent::PlanCeased { .. } => EventName::PlanCeased,
            CaseEvent::TribunalDecided(_) => EventName::TribunalDecided,
            CaseEvent::AppealConceded(_) => EventName::AppealConceded,
            CaseEvent::OrderComplied(_) => EventName::OrderComplied,
        }
    }

    pub fn reference(&self) -> Option<&str> {
        match self {
            CaseEvent::Referenced(_, r) => Some(r),
            _ => None,
        }
    }
}

/// An event on the day it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedEvent {
    pub date: Date,
    pub event: CaseEvent,
}

impl DatedEvent {
    /// An event that carries nothing but its name.
    pub fn plain(name: EventName, date: Date) -> Self {
        DatedEvent { date, event: CaseEvent::Plain(name) }
    }

    /// An event about one advice request or consultation, named by its `ref`.
    pub fn referenced(name: EventName, reference: impl Into<String>, date: Date) -> Self {
        DatedEvent { date, event: CaseEvent::Referenced(name, reference.into()) }
    }

    /// Reads one event object; the error says what is wrong without saying where (the caller
    /// knows the index).
    pub fn from_json(value: &Value) -> Result<DatedEvent, String> {
        DatedEvent::from_fields(value.as_object().ok_or(NOT_AN_OBJECT)?)
    }

    pub(crate) fn from_fields(obj: &impl EventFields) -> Result<DatedEvent, String> {
        let name_text = match obj.field("event") {
            Some(Field::Text(s)) => s,
            Some(_) => return Err("`event` must be a string".into()),
            None => return Err("`event` is missing".into()),
        };
        let name =
            EventName::parse(name_text).ok_or_else(|| format!("unknown event {name_text:?}"))?;
        let date = date_field(obj, "date")?;
        let event = match name {
            EventName::AdviceRequested
            | EventName::AdviceReceived
            | EventName::InstitutionConsulted
            | EventName::InstitutionResponded => CaseEvent::Referenced(name, ref_field(obj)?),
            EventName::ExceptionClaimed => CaseEvent::ExceptionClaimed(choice(obj, "ground")?),
            EventName::ReviewMeetingScheduled => {
                CaseEvent::ReviewMeetingScheduled { meeting_date: date_field(obj, "meeting_date")? }
            }
            EventName::ReviewDecisionNotified => {
                CaseEvent::ReviewDecisionNotified(choice(obj, "outcome")?)
            }
            EventName::PhaseTransferPlanned => CaseEvent::PhaseTransferPlanned {
                transfer_date: date_field(obj, "transfer_date")?,
                kind: choice(obj, "kind")?,
            },
            EventName::ReassessmentDecided => match obj.field("reassess") {
                Some(Field::Bool(reassess)) => CaseEvent::ReassessmentDecided { reassess },
                Some(_) => return Err("`reassess` must be true or false".into()),
                None => return Err("`reassess` is missing".into()),
            },
            EventName::MovingToAnotherLa => {
                CaseEvent::MovingToAnotherLa { move_date: date_field(obj, "move_date")? }
            }
            EventName::PlanTransferred => CaseEvent::PlanTransferred {
                last_review: match obj.field("last_review") {
                    None | Some(Field::Null) => None,
                    Some(_) => Some(date_field(obj, "last_review")?),
                },
            },
            EventName::PlanCeased => CaseEvent::PlanCeased { reason: choice(obj, "reason")? },
            EventName::TribunalDecided => CaseEvent::TribunalDecided(choice(obj, "order")?),
            EventName::AppealConceded => {
                let order: TribunalOrder = choice(obj, "order")?;
                if !order.can_be_conceded() {
                    return Err(format!(
                        "`order` is {:?}; a council concedes only \"assess\", \"make_plan\", \"amend\" or \"name_school\"",
                        order.as_str()
                    ));
                }
                CaseEvent::AppealConceded(order)
            }
            EventName::OrderComplied => {
                let duty: DutyKind = choice(obj, "duty")?;
                if !duty.follows_an_order() {
                    let orders: Vec<String> = DutyKind::ALL
                        .iter()
                        .filter(|d| d.follows_an_order())
                        .map(|d| format!("{:?}", d.as_str()))
                        .collect();
                    return Err(format!(
                        "`duty` is {:?}; it must be a duty an order starts: {}",
                        duty.as_str(),
                        orders.join(", ")
                    ));
                }
                CaseEvent::OrderComplied(duty)
            }
            _ => CaseEvent::Plain(name),
        };
        Ok(DatedEvent { date, event })
    }

    /// The contract's JSON for this event; [`DatedEvent::from_json`] reads it back unchanged.
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("event".into(), self.event.name().as_str().into());
        obj.insert("date".into(), self.date.to_string().into());
        let mut put = |k: &str, v: Value| {
            obj.insert(k.into(), v);
        };
        match &self.event {
            CaseEvent::Plain(_) => {}
            CaseEvent::Referenced(_, r) => put("ref", r.as_str().into()),
            CaseEvent::ExceptionClaimed(g) => put("ground", g.as_str().into()),
            CaseEvent::ReviewMeetingScheduled { meeting_date } => {
                put("meeting_date", meeting_date.to_string().into())
            }
            CaseEvent::ReviewDecisionNotified(o) => put("outcome", o.as_str().into()),
            CaseEvent::PhaseTransferPlanned { transfer_date, kind } => {
                put("transfer_date", transfer_date.to_string().into());
                put("kind", kind.as_str().into());
            }
            CaseEvent::ReassessmentDecided { reassess } => put("reassess", (*reassess).into()),
            CaseEvent::MovingToAnotherLa { move_date } => {
                put("move_date", move_date.to_string().into())
            }
            CaseEvent::PlanTransferred { last_review } => {
                if let Some(d) = last_review {
                    put("last_review", d.to_string().into());
                }
            }
            CaseEvent::PlanCeased { reason } => put("reason", reason.as_str().into()),
            CaseEvent::TribunalDecided(order) | CaseEvent::AppealConceded(order) => {
                put("order", order.as_str().into())
            }
            CaseEvent::OrderComplied(duty) => put("duty", duty.as_str().into()),
        }
        Value::Object(obj)
    }
}

pub(crate) const NOT_AN_OBJECT: &str = "an event must be a JSON object";

/// A field of an event as the reader needs it: its value when text or true/false, else its kind.
pub(crate) enum Field<'a> {
    Text(&'a str),
    Bool(bool),
    Null,
    Other,
}

/// An event object's fields by name, whether parsed into a [`Value`] or read straight from text.
pub(crate) trait EventFields {
    fn field(&self, name: &str) -> Option<Field<'_>>;
}

impl EventFields for Map<String, Value> {
    fn field(&self, name: &str) -> Option<Field<'_>> {
        Some(match self.get(name)? {
            Value::String(s) => Field::Text(s),
            Value::Bool(b) => Field::Bool(*b),
            Value::Null => Field::Null,
            _ => Field::Other,
        })
    }
}

fn date_field(obj: &impl EventFields, field: &str) -> Result<Date, String> {
    match obj.field(field) {
        Some(Field::Text(s)) => parse_iso_date(s).map_err(|e| format!("`{field}`: {e}")),
        Some(_) => Err(format!("`{field}` must be a date string in the form YYYY-MM-DD")),
        None => Err(format!("`{field}` is missing")),
    }
}

fn ref_field(obj: &impl EventFields) -> Result<String, String> {
    match obj.field("ref") {
        Some(Field::Text(s)) if !s.trim().is_empty() => Ok(s.to_owned()),
        Some(Field::Text(_)) => Err("`ref` must not be empty".into()),
        Some(_) => Err("`ref` must be a string".into()),
        None => Err("`ref` is missing: it says which advice giver or institution this is".into()),
    }
}

fn choice<T: Named>(obj: &impl EventFields, field: &str) -> Result<T, String> {
    let allowed =
        || T::ALL.iter().map(|v| format!("{:?}", v.as_str())).collect::<Vec<_>>().join(", ");
    match obj.field(field) {
        Some(Field::Text(s)) => T::parse(s)
            .ok_or_else(|| format!("`{field}` is {s:?}; it must be one of {}", allowed())),
        Some(_) => Err(format!("`{field}` must be one of {}", allowed())),
        None => Err(format!("`{field}` is missing; it must be one of {}", allowed())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_reads_as_english_and_no_two_alike() {
        let labels: Vec<&str> = EventName::ALL.iter().map(|e| e.label()).collect();
        assert!(labels.iter().all(|l| !l.contains('_') && l.starts_with(char::is_uppercase)));
        let mut distinct = labels.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), labels.len());
    }
}
