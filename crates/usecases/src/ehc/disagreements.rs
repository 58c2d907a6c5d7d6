//! The steps of a disagreement (regs 32–45): the family's choice about mediation, mediation
//! held and its certificate, the appeal registered, the Tribunal's order or the council's
//! concession, and each ordered duty done. Each writes its clock event with its record; the
//! clock refuses a step out of order.

use super::file::record;
use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::{CaseEvent, DatedEvent, DutyKind, EventName, TribunalOrder};
use sendcase_domain::ehc::disagreements::{
    AppealRegistration, MediationOutcome, MediationRequest, TribunalDecisionRecord,
};
use sendcase_domain::policy::CaseAction;
use sendcase_store::CaseStep;

/// A disagreement's step as the person taking it describes it.
#[derive(Debug, Clone)]
pub enum DisagreementTaken {
    /// Whether the family wants mediation, and about what (`None` when they do not), as they
    /// say it or the council records it.
    ChooseMediation {
        wanted: Option<MediationRequest>,
        on: Date,
        by_family: bool,
    },
    RecordMediation {
        outcome: MediationOutcome,
        on: Date,
    },
    RecordCertificate {
        on: Date,
    },
    /// The appeal the family registered with the Tribunal, as they or the council record it.
    RegisterAppeal {
        appeal: AppealRegistration,
        on: Date,
        by_family: bool,
    },
    RecordDecision {
        order: TribunalOrder,
        decision: TribunalDecisionRecord,
        on: Date,
    },
    Concede {
        order: TribunalOrder,
        on: Date,
    },
    ComplyWithOrder {
        duty: DutyKind,
        on: Date,
    },
}

impl DisagreementTaken {
    pub fn action(&self) -> CaseAction {
        match self {
            DisagreementTaken::ChooseMediation { by_family: true, .. }
            | DisagreementTaken::RegisterAppeal { by_family: true, .. } => {
                CaseAction::GiveFamilyViews
            }
            _ => CaseAction::RecordStatutoryEvent,
        }
    }

    /// What the step writes, or the rule it breaks; the clock judges its order.
    pub(super) fn written(self) -> Result<CaseStep, Refused> {
        let with = |event: CaseEvent, on: Date, records| CaseStep {
            records,
            ..CaseStep::event(DatedEvent { date: on, event })
        };
        let plain = |name: EventName, on: Date, records| with(CaseEvent::Plain(name), on, records);
        Ok(match self {
            DisagreementTaken::ChooseMediation { wanted: None, on, .. } => {
                plain(EventName::MediationDeclined, on, vec![])
            }
            DisagreementTaken::ChooseMediation { wanted: Some(request), on, .. } => {
                if let Some((field, why)) = request.problem() {
                    return Err(Refused::rule(field, why));
                }
                plain(EventName::MediationRequested, on, vec![record(&request)])
            }
            DisagreementTaken::RecordMediation { outcome, on } => {
                plain(EventName::MediationConcluded, on, vec![record(&outcome)])
            }
            DisagreementTaken::RecordCertificate { on } => {
                plain(EventName::MediationCertificateIssued, on, vec![])
            }
            DisagreementTaken::RegisterAppeal { appeal, on, .. } => {
                if let Some((field, why)) = appeal.problem() {
                    return Err(Refused::rule(field, why));
                }
                if appeal.hearing_date.is_some_and(|hearing| hearing < on) {
                    return Err(Refused::rule(
                        "hearing_date-day",
                        "The hearing date cannot be before the appeal was registered",
                    ));
                }
                plain(EventName::AppealRegistered, on, vec![record(&appeal)])
            }
            DisagreementTaken::RecordDecision { order, decision, on } => {
                with(CaseEvent::TribunalDecided(order), on, vec![record(&decision)])
            }
            DisagreementTaken::Concede { order, on } => {
                if !order.can_be_conceded() {
                    return Err(Refused::rule(
                        "order",
                        "The council concedes by agreeing to assess, to make a plan, to amend it or to name the school",
                    ));
                }
                with(CaseEvent::AppealConceded(order), on, vec![])
            }
            DisagreementTaken::ComplyWithOrder { duty, on } => {
                if !duty.follows_an_order() {
                    return Err(Refused::rule("duty", "Choose what the order required"));
                }
                with(CaseEvent::OrderComplied(duty), on, vec![])
            }
        })
    }
}
