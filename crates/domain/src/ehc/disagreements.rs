//! Disagreements (Code chapter 11; SEND Regulations 2014 regs 32–45): mediation and appeals
//! against the council's decisions, and what the Tribunal orders or the council concedes. The
//! time limits are the clock's; this module says what each record holds and which steps the
//! clock's duties leave open, so the pages and the API offer the same ones.

use super::records::CaseRecordKind;
use crate::clock::{CaseEvent, DatedEvent, DutyKind, DutyOutput, DutyStatus, EventName};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What an appeal is about (Code 11.45): a refusal, ceasing the plan, or a section of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealIssue {
    Refusal,
    Ceasing,
    SectionB,
    SectionF,
    SectionI,
}

impl AppealIssue {
    pub const ALL: [AppealIssue; 5] = [
        AppealIssue::Refusal,
        AppealIssue::Ceasing,
        AppealIssue::SectionB,
        AppealIssue::SectionF,
        AppealIssue::SectionI,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AppealIssue::Refusal => "refusal",
            AppealIssue::Ceasing => "ceasing",
            AppealIssue::SectionB => "section_b",
            AppealIssue::SectionF => "section_f",
            AppealIssue::SectionI => "section_i",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AppealIssue::Refusal => "A refusal to assess, to issue a plan or to re-assess",
            AppealIssue::Ceasing => "Ceasing the plan",
            AppealIssue::SectionB => "Section B: the special educational needs",
            AppealIssue::SectionF => "Section F: the special educational provision",
            AppealIssue::SectionI => "Section I: the school or other institution",
        }
    }

    pub fn parse(code: &str) -> Option<AppealIssue> {
        AppealIssue::ALL.into_iter().find(|i| i.code() == code)
    }
}

/// The appeal as registered with the Tribunal: what it is about, and the hearing once listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealRegistration {
    pub issues: Vec<AppealIssue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing_date: Option<Date>,
}

impl CaseRecordKind for AppealRegistration {
    const KIND: &'static str = "appeal_registration";
}

impl AppealRegistration {
    /// Why the registration cannot be recorded, as `(field, message)`.
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        self.issues.is_empty().then_some(("issues", "Choose what the appeal is about"))
    }
}

/// What the family asked mediation about (regs 33 and 37): the decisions an appeal may be
/// about, since mediation is the step before one. The SEN2 return flags mediation by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediationRequest {
    pub issues: Vec<AppealIssue>,
}

impl CaseRecordKind for MediationRequest {
    const KIND: &'static str = "mediation_request";
}

impl MediationRequest {
    /// Why the request cannot be recorded, as `(field, message)`.
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        self.issues.is_empty().then_some(("issues", "Choose what mediation is about"))
    }
}

/// Mediation as held (regs 37–42): whether the family and the council agreed, and on what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediationOutcome {
    pub agreed: bool,
    pub summary: String,
}

impl CaseRecordKind for MediationOutcome {
    const KIND: &'static str = "mediation_outcome";
}

/// The Tribunal's decision: the issues it decided for the family, and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TribunalDecisionRecord {
    pub upheld: Vec<AppealIssue>,
    pub summary: String,
}

impl CaseRecordKind for TribunalDecisionRecord {
    const KIND: &'static str = "tribunal_decision";
}

/// Whether a duty belongs to mediation and appeals: the family's time limits, mediation, and
/// what an order or concession requires.
pub fn concerns_disagreement(kind: DutyKind) -> bool {
    use DutyKind::*;
    kind.follows_an_order()
        || matches!(
            kind,
            ContactMediationAdviser | HoldMediation | IssueMediationCertificate | RegisterAppeal
        )
}

/// The steps of a disagreement the clock's duties leave open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisagreementSteps {
    /// The family may still say whether they want mediation (reg 33), until this day.
    pub choose_mediation: Option<Date>,
    /// Mediation was asked for and has not been held.
    pub hold_mediation: bool,
    /// Mediation ended or was declined; the certificate is owed.
    pub certificate: bool,
    /// The family may still appeal to the Tribunal, until this day.
    pub register_appeal: Option<Date>,
    /// An appeal is registered: the Tribunal's decision or the council's concession follows.
    pub decide_appeal: bool,
    /// Duties an order or concession started that are not done yet.
    pub orders: Vec<DutyKind>,
}

impl DisagreementSteps {
    pub fn of(duties: &[DutyOutput]) -> DisagreementSteps {
        let open = |kind: DutyKind| {
            duties.iter().find(|d| d.duty == kind && d.status == DutyStatus::Pending).map(|d| d.due)
        };
        let done = |kind: DutyKind| {
            duties.iter().any(|d| {
                d.duty == kind && matches!(d.status, DutyStatus::Met | DutyStatus::MetLate)
            })
        };
        let owed = |kind: DutyKind| {
            duties.iter().any(|d| {
                d.duty == kind && matches!(d.status, DutyStatus::Pending | DutyStatus::Overdue)
            })
        };
        DisagreementSteps {
            choose_mediation: open(DutyKind::ContactMediationAdviser),
            hold_mediation: owed(DutyKind::HoldMediation),
            certificate: owed(DutyKind::IssueMediationCertificate),
            register_appeal: open(DutyKind::RegisterAppeal),
            decide_appeal: done(DutyKind::RegisterAppeal),
            orders: duties
                .iter()
                .filter(|d| d.duty.follows_an_order())
                .filter(|d| matches!(d.status, DutyStatus::Pending | DutyStatus::Overdue))
                .map(|d| d.duty)
                .collect(),
        }
    }

    /// Whether anything of a disagreement is under way or may start.
    pub fn any(&self) -> bool {
        *self != DisagreementSteps::default()
    }
}

/// Where a disagreement stands, for the council's overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DisagreementStage {
    Mediation,
    Certificate,
    Appeal,
    Order,
    Settled,
}

impl DisagreementStage {
    pub const ALL: [DisagreementStage; 5] = [
        DisagreementStage::Mediation,
        DisagreementStage::Certificate,
        DisagreementStage::Appeal,
        DisagreementStage::Order,
        DisagreementStage::Settled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DisagreementStage::Mediation => "Mediation to hold",
            DisagreementStage::Certificate => "Mediation certificate to issue",
            DisagreementStage::Appeal => "Appeal waiting for the Tribunal",
            DisagreementStage::Order => "Order or concession to carry out",
            DisagreementStage::Settled => "Settled",
        }
    }

    /// The stage of a case whose duties leave `steps` open, after `history`.
    pub fn of(steps: &DisagreementSteps, history: &[DatedEvent]) -> DisagreementStage {
        let last_appeal =
            history.iter().rposition(|e| e.event.name() == EventName::AppealRegistered);
        let decided = last_appeal.is_some_and(|at| {
            history[at..].iter().any(|e| {
                matches!(e.event, CaseEvent::TribunalDecided(_) | CaseEvent::AppealConceded(_))
            })
        });
        if !steps.orders.is_empty() {
            DisagreementStage::Order
        } else if steps.hold_mediation {
            DisagreementStage::Mediation
        } else if steps.certificate {
            DisagreementStage::Certificate
        } else if last_appeal.is_some() && !decided {
            DisagreementStage::Appeal
        } else {
            DisagreementStage::Settled
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::calendar::Calendar;
    use crate::clock::{CaseHistory, TribunalOrder};
    use jiff::civil::date;

    fn steps(events: Vec<DatedEvent>, today: Date) -> DisagreementSteps {
        let history = CaseHistory { as_of: None, events };
        DisagreementSteps::of(&history.duties(today, Calendar::england_and_wales()).unwrap().duties)
    }

    fn refused() -> Vec<DatedEvent> {
        vec![
            DatedEvent::plain(EventName::RequestReceived, date(2026, 1, 5)),
            DatedEvent::plain(EventName::DecidedNotToAssess, date(2026, 2, 2)),
        ]
    }

    #[test]
    fn a_refusal_opens_mediation_and_an_appeal_until_their_time_limits() {
        let open = steps(refused(), date(2026, 2, 10));
        assert_eq!(open.choose_mediation, Some(date(2026, 4, 2)));
        assert_eq!(open.register_appeal, Some(date(2026, 4, 2)));
        assert!(!open.hold_mediation && !open.decide_appeal && open.orders.is_empty());
        let late = steps(refused(), date(2026, 6, 1));
        assert_eq!((late.choose_mediation, late.register_appeal), (None, None));
        let nothing = steps(refused()[..1].to_vec(), date(2026, 2, 10));
        assert!(!nothing.any());
    }

    #[test]
    fn mediation_then_certificate_then_appeal_then_order() {
        use DisagreementStage as Stage;
        let stage =
            |events: &[DatedEvent], today| Stage::of(&steps(events.to_vec(), today), events);
        let mut events = refused();
        events.push(DatedEvent::plain(EventName::MediationRequested, date(2026, 2, 20)));
        let asked = steps(events.clone(), date(2026, 2, 21));
        assert!(asked.hold_mediation && asked.choose_mediation.is_none());
        assert_eq!(stage(&events, date(2026, 2, 21)), Stage::Mediation);
        events.push(DatedEvent::plain(EventName::MediationConcluded, date(2026, 3, 10)));
        let held = steps(events.clone(), date(2026, 3, 10));
        assert!(held.certificate && !held.hold_mediation);
        assert_eq!(stage(&events, date(2026, 3, 10)), Stage::Certificate);
        events.push(DatedEvent::plain(EventName::MediationCertificateIssued, date(2026, 3, 11)));
        assert_eq!(stage(&events, date(2026, 3, 12)), Stage::Settled);
        events.push(DatedEvent::plain(EventName::AppealRegistered, date(2026, 3, 20)));
        let appealed = steps(events.clone(), date(2026, 3, 21));
        assert!(appealed.decide_appeal && !appealed.certificate);
        assert_eq!(appealed.register_appeal, None);
        assert_eq!(stage(&events, date(2026, 3, 21)), Stage::Appeal);
        events.push(DatedEvent {
            date: date(2026, 6, 1),
            event: CaseEvent::TribunalDecided(TribunalOrder::Assess),
        });
        assert_eq!(stage(&events, date(2026, 6, 2)), Stage::Order);
        let ordered = steps(events, date(2026, 6, 2));
        assert_eq!(
            ordered.orders,
            [
                DutyKind::NotifyAssessmentAfterOrder,
                DutyKind::NotifyNoPlanAfterOrder,
                DutyKind::IssueFinalPlanAfterOrder
            ]
        );
    }

    #[test]
    fn mediation_appeals_and_orders_are_a_disagreements_duties() {
        assert!(concerns_disagreement(DutyKind::RegisterAppeal));
        assert!(concerns_disagreement(DutyKind::IssueAmendedPlanAfterOrder));
        assert!(!concerns_disagreement(DutyKind::IssueFinalPlan));
    }

    #[test]
    fn an_appeal_needs_to_say_what_it_is_about() {
        let none = AppealRegistration { issues: vec![], hearing_date: None };
        assert_eq!(none.problem(), Some(("issues", "Choose what the appeal is about")));
        let about_i =
            AppealRegistration { issues: vec![AppealIssue::SectionI], hearing_date: None };
        assert_eq!(about_i.problem(), None);
        for issue in AppealIssue::ALL {
            assert_eq!(AppealIssue::parse(issue.code()), Some(issue));
        }
    }
}
