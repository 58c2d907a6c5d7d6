//! Valid case histories made up from a seed, for property tests and the benchmark: each step
//! picks one of the events the contract allows at that point, on a later day than the last.

use super::duty::{DutyKind, Named};
use super::event::{
    CaseEvent, CeaseReason, DatedEvent, EventName as N, ExceptionGround, PhaseTransferKind,
    ReviewOutcome, TribunalOrder,
};
use crate::clock::calendar::days_after;
use jiff::civil::Date;

const ADVISERS: [&str; 3] = ["educational-psychologist", "health", "social-care"];

/// A small, fast generator (xorshift64*) so histories are reproducible from their seed.
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        // n is a small count of choices, so the modulo bias is negligible here.
        (self.next() % n as u64) as usize
    }
}

#[derive(Default)]
struct Model {
    requested: bool,
    draft: bool,
    plan: bool,
    advice_asked: Vec<&'static str>,
    consulted: Vec<&'static str>,
    meeting_scheduled: bool,
    meeting_held: bool,
    amending: bool,
    phase_transfer: bool,
    reassessment_requested: bool,
    reassessing: bool,
    transfer_planned: bool,
    transferred: bool,
    appeal_clock: bool,
    mediation_requested: bool,
    appealed: bool,
    /// The duties orders and concessions have started.
    ordered: Vec<DutyKind>,
    ceased: bool,
}

/// Up to `len` events with strictly increasing dates (so any order of them replays the same).
pub fn synthetic_history(seed: u64, len: usize) -> Vec<DatedEvent> {
    let mut dice = Dice(seed | 1);
    let mut m = Model::default();
    let mut date = days_after(jiff::civil::date(2025, 9, 1), (seed % 400) as i32);
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        date = days_after(date, 1 + dice.below(40) as i32);
        let choices = m.allowed();
        if choices.is_empty() {
            break;
        }
        let event = m.take(choices[dice.below(choices.len())], date, &mut dice);
        out.push(DatedEvent { date, event });
    }
    out
}

impl Model {
    fn allowed(&self) -> Vec<N> {
        let mut c = Vec::with_capacity(16);
        if !self.requested {
            c.push(N::RequestReceived);
        } else {
            c.extend([
                N::DecidedToAssess,
                N::AdviceRequested,
                N::DraftPlanIssued,
                N::InstitutionConsulted,
                N::ExceptionClaimed,
            ]);
            c.extend([
                N::DecidedToAssess,
                N::AdviceRequested,
                N::DecidedNotToAssess,
                N::DecidedNotToIssuePlan,
            ]);
            if !self.advice_asked.is_empty() {
                c.push(N::AdviceReceived);
            }
            if !self.consulted.is_empty() {
                c.push(N::InstitutionResponded);
            }
            if self.draft {
                c.extend([N::DraftCommentsReceived, N::FinalPlanIssued, N::FinalPlanIssued]);
            }
        }
        if self.plan {
            c.extend([
                N::ReviewMeetingScheduled,
                N::ReviewMeetingHeld,
                N::PhaseTransferPlanned,
                N::ReassessmentRequested,
            ]);
            c.extend([N::MovingToAnotherLa, N::DecidedToCease]);
            if self.appeal_clock {
                c.push(N::PlanCeased);
            }
        }
        if !self.plan || self.transfer_planned {
            c.push(N::PlanTransferred);
        }
        let flags = [
            (self.meeting_scheduled, &[N::ReviewInvitationsSent, N::ReviewAdviceCirculated][..]),
            (
                self.meeting_held,
                &[N::ReviewReportSent, N::ReviewDecisionNotified, N::ReviewDecisionNotified][..],
            ),
            (self.amending, &[N::AmendmentCommentsReceived, N::AmendedPlanIssued][..]),
            (self.phase_transfer, &[N::PlanAmendedForPhaseTransfer][..]),
            (self.reassessment_requested, &[N::ReassessmentDecided][..]),
            (self.reassessing, &[N::ReassessedPlanIssued][..]),
            (self.transferred, &[N::TransferDecisionsNotified][..]),
            (
                self.appeal_clock,
                &[
                    N::MediationDeclined,
                    N::MediationRequested,
                    N::MediationCertificateIssued,
                    N::AppealRegistered,
                ][..],
            ),
            (self.mediation_requested, &[N::MediationConcluded][..]),
            (self.appealed, &[N::TribunalDecided, N::AppealConceded][..]),
            (!self.ordered.is_empty(), &[N::OrderComplied][..]),
        ];
        for (on, events) in flags {
            if on {
                c.extend_from_slice(events);
            }
        }
        if self.requested && c.len() > 12 {
            c.push(N::RequestWithdrawn);
        }
        if self.ceased {
            c.retain(|n| {
                matches!(
                    n,
                    N::MediationDeclined
                        | N::MediationRequested
                        | N::MediationConcluded
                        | N::MediationCertificateIssued
                        | N::AppealRegistered
                )
            });
        }
        c
    }

    fn take(&mut self, name: N, date: Date, dice: &mut Dice) -> CaseEvent {
        let ahead = |dice: &mut Dice| days_after(date, 7 + dice.below(300) as i32);
        match name {
            N::RequestReceived => self.requested = true,
            N::DecidedNotToAssess
            | N::DecidedNotToIssuePlan
            | N::AmendedPlanIssued
            | N::ReassessedPlanIssued => {
                self.appeal_clock = true;
            }
            N::AdviceRequested => {
                let who = ADVISERS[dice.below(ADVISERS.len())];
                self.advice_asked.push(who);
                return CaseEvent::Referenced(name, who.to_owned());
            }
            N::AdviceReceived => {
                let who = self.advice_asked[dice.below(self.advice_asked.len())];
                return CaseEvent::Referenced(name, who.to_owned());
            }
            N::InstitutionConsulted => {
                let which = ["Oak Tree Primary", "Riverside Academy"][dice.below(2)];
                self.consulted.push(which);
                return CaseEvent::Referenced(name, which.to_owned());
            }
            N::InstitutionResponded => {
                let which = self.consulted[dice.below(self.consulted.len())];
                return CaseEvent::Referenced(name, which.to_owned());
            }
            N::DraftPlanIssued => self.draft = true,
            N::FinalPlanIssued => {
                self.plan = true;
                self.appeal_clock = true;
            }
            N::ExceptionClaimed => {
                return CaseEvent::ExceptionClaimed(<ExceptionGround as Named>::ALL[dice.below(4)]);
            }
            N::ReviewMeetingScheduled => {
                self.meeting_scheduled = true;
                return CaseEvent::ReviewMeetingScheduled { meeting_date: ahead(dice) };
            }
            N::ReviewMeetingHeld => self.meeting_held = true,
            N::ReviewDecisionNotified => {
                let outcome = [ReviewOutcome::Maintain, ReviewOutcome::Amend, ReviewOutcome::Cease]
                    [dice.below(3)];
                if outcome == ReviewOutcome::Amend {
                    self.amending = true;
                } else {
                    self.appeal_clock = true;
                }
                return CaseEvent::ReviewDecisionNotified(outcome);
            }
            N::PhaseTransferPlanned => {
                self.phase_transfer = true;
                let kind = [
                    PhaseTransferKind::SchoolPhase,
                    PhaseTransferKind::ToPost16,
                    PhaseTransferKind::PostSixteenOther,
                ][dice.below(3)];
                return CaseEvent::PhaseTransferPlanned { transfer_date: ahead(dice), kind };
            }
            N::ReassessmentRequested => self.reassessment_requested = true,
            N::ReassessmentDecided => {
                let reassess = dice.below(2) == 0;
                if reassess {
                    self.reassessing = true;
                } else {
                    self.appeal_clock = true;
                }
                return CaseEvent::ReassessmentDecided { reassess };
            }
            N::MovingToAnotherLa => {
                self.transfer_planned = true;
                return CaseEvent::MovingToAnotherLa { move_date: ahead(dice) };
            }
            N::PlanTransferred => {
                self.plan = true;
                self.transferred = true;
                let last_review =
                    (dice.below(2) == 0).then(|| days_after(date, -(dice.below(500) as i32)));
                return CaseEvent::PlanTransferred { last_review };
            }
            N::MediationRequested => self.mediation_requested = true,
            N::DecidedToCease => self.appeal_clock = true,
            N::PlanCeased => {
                self.ceased = true;
                let reason = <CeaseReason as Named>::ALL[dice.below(CeaseReason::ALL.len())];
                return CaseEvent::PlanCeased { reason };
            }
            N::AppealRegistered => self.appealed = true,
            N::TribunalDecided | N::AppealConceded => {
                let orders: Vec<TribunalOrder> = TribunalOrder::ALL
                    .iter()
                    .copied()
                    .filter(|o| name == N::TribunalDecided || o.can_be_conceded())
                    .collect();
                let order = orders[dice.below(orders.len())];
                self.ordered.extend(order.duties().iter().map(|(duty, _)| *duty));
                return if name == N::TribunalDecided {
                    CaseEvent::TribunalDecided(order)
                } else {
                    CaseEvent::AppealConceded(order)
                };
            }
            N::OrderComplied => {
                return CaseEvent::OrderComplied(self.ordered[dice.below(self.ordered.len())]);
            }
            _ => {}
        }
        CaseEvent::Plain(name)
    }
}
