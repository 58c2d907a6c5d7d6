//! Replays a case's events in date order and derives every duty, as clock.md specifies.

use super::ClockError;
use super::duty::{Basis, Duty, DutyKind, DutyStatus, Responsible};
use super::event::{CaseEvent, DatedEvent, EventName, PhaseTransferKind, ReviewOutcome};
use crate::clock::calendar::{Calendar, Day, months_after};
use jiff::civil::Date;

/// Where a duty's due date comes from: the rule cited and what happened on the trigger date.
struct Source {
    rule: &'static str,
    occasion: &'static str,
}

/// A [`Source`] of constants, made once at compile time: duties hold a reference to it, which
/// keeps them small to move and sort.
macro_rules! src {
    ($rule:expr, $occasion:expr $(,)?) => {
        &const { Source { rule: $rule, occasion: $occasion } }
    };
}

const REQUEST: &str = "the council received the request";
const REVIEW_RULE: &str =
    "Children and Families Act 2014 s44(1); SEND Code of Practice 2015 para 9.169";

#[derive(Clone)]
struct Open<'h> {
    kind: DutyKind,
    reference: Option<&'h str>,
    due: Day,
    met_on: Option<Date>,
    not_applicable: bool,
    trigger: Date,
    basis: Basis,
    source: &'static Source,
}

const KINDS: usize = <DutyKind as super::Named>::ALL.len();

struct Replay<'h, 'c> {
    calendar: &'c Calendar,
    duties: Vec<Open<'h>>,
    /// Where each duty without a ref sits in `duties`, plus one (0: not started), so starting
    /// and meeting one need not search.
    unreferenced: [u32; KINDS],
    request_received: bool,
    draft_issued: bool,
    has_plan: bool,
    exception_claimed: bool,
    /// The date of the decision that started the current appeal clock.
    appealable_decision: Option<Date>,
    appeal_registered: bool,
    /// The plan has ended (`plan_ceased`): only mediation and an appeal can follow.
    ceased: bool,
}

/// The duties of one case history as of a date, sorted by due date, duty and ref.
pub fn duties<'h>(
    events: &'h [DatedEvent],
    as_of: Date,
    calendar: &Calendar,
) -> Result<Vec<Duty<'h>>, ClockError> {
    let mut replay = Replay {
        calendar,
        duties: Vec::with_capacity(24),
        unreferenced: [0; KINDS],
        request_received: false,
        draft_issued: false,
        has_plan: false,
        exception_claimed: false,
        appealable_decision: None,
        appeal_registered: false,
        ceased: false,
    };
    let mut apply = |index: usize| {
        replay.apply(&events[index]).map_err(|problem| ClockError { index: Some(index), problem })
    };
    // Most histories arrive in date order; otherwise a stable sort keeps input order on ties.
    if events.is_sorted_by_key(|e| e.date) {
        (0..events.len()).try_for_each(&mut apply)?;
    } else {
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.sort_by_key(|&i| events[i].date);
        order.into_iter().try_for_each(&mut apply)?;
    }
    let exception_claimed = replay.exception_claimed;
    let mut open = replay.duties;
    // The contract's order: due date, duty, then ref. No two duties share all three (starting one
    // again replaces it), so an unstable sort gives the one order.
    open.sort_unstable_by(|a, b| (a.due, a.kind, a.reference).cmp(&(b.due, b.kind, b.reference)));
    let as_of = Day::of(as_of);
    Ok(open
        .iter()
        .map(|d| {
            let responsible = d.kind.responsible();
            let due = d.due.date();
            let target = calendar.working_day_on_or_before_day(d.due);
            Duty {
                kind: d.kind,
                reference: d.reference,
                due,
                target: if target == d.due { due } else { target.date() },
                status: status(d, as_of, exception_claimed),
                met_on: d.met_on,
                responsible,
                rule: d.source.rule,
                trigger: d.trigger,
                occasion: d.source.occasion,
                basis: d.basis,
            }
        })
        .collect())
}

fn status(d: &Open<'_>, as_of: Day, exception_claimed: bool) -> DutyStatus {
    if d.not_applicable {
        DutyStatus::NotApplicable
    } else if let Some(met_on) = d.met_on {
        if Day::of(met_on) <= d.due { DutyStatus::Met } else { DutyStatus::MetLate }
    } else {
        unmet_status(d.kind, d.due, as_of, exception_claimed)
    }
}

/// Where a duty that is owed and not yet met stands on `as_of`.
pub(crate) fn unmet_status<D: PartialOrd>(
    kind: DutyKind,
    due: D,
    as_of: D,
    exception_claimed: bool,
) -> DutyStatus {
    if as_of <= due {
        DutyStatus::Pending
    } else if kind.responsible() == Responsible::ParentOrYoungPerson {
        DutyStatus::Lapsed
    } else if exception_claimed && kind.exceptions_apply() {
        DutyStatus::ExceptionClaimed
    } else {
        DutyStatus::Overdue
    }
}

impl<'h> Replay<'h, '_> {
    fn apply(&mut self, e: &'h DatedEvent) -> Result<(), String> {
        use DutyKind as K;
        use EventName as N;
        let date = e.date;
        let day = Day::of(date);
        let name = e.event.name();
        if is_assessment_event(name) && !self.request_received {
            return Err(format!("`{name}` needs an earlier `request_received`"));
        }
        if self.ceased && !follows_a_ceased_plan(name) {
            return Err(format!(
                "`{name}` comes after `plan_ceased`: once a plan has ended, only mediation and an appeal can follow"
            ));
        }
        if is_plan_event(name) && !self.has_plan {
            return Err(format!(
                "`{name}` needs a plan: an earlier `final_plan_issued` or `plan_transferred`"
            ));
        }
        match &e.event {
            CaseEvent::Plain(N::RequestReceived) => {
                if self.request_received {
                    return Err(
                        "a case history holds one request, and this is a second `request_received`"
                            .into(),
                    );
                }
                self.request_received = true;
                let weeks = |n: u8| (day.plus(7 * i32::from(n)), Basis::WeeksAfter(n));
                self.start(
                    K::DecideWhetherToAssess,
                    None,
                    weeks(6),
                    date,
                    src!("SEND Regulations 2014 reg 5(1)", REQUEST),
                );
                self.start(
                    K::NotifyDecisionNotToIssuePlan,
                    None,
                    weeks(16),
                    date,
                    src!("SEND Regulations 2014 reg 10(1)", REQUEST),
                );
                self.start(
                    K::IssueFinalPlan,
                    None,
                    weeks(20),
                    date,
                    src!("SEND Regulations 2014 reg 13(2)", REQUEST),
                );
            }
            CaseEvent::Plain(N::DecidedToAssess) => {
                self.meet(name, K::DecideWhetherToAssess, None, date)?
            }
            CaseEvent::Plain(N::DecidedNotToAssess) => {
                self.meet(name, K::DecideWhetherToAssess, None, date)?;
                self.close(K::NotifyDecisionNotToIssuePlan);
                self.close(K::IssueFinalPlan);
                self.start_appeal_clock(date);
            }
            CaseEvent::Referenced(N::AdviceRequested, r) => {
                let due = (day.plus(7 * 6), Basis::WeeksAfter(6));
                self.start(
                    K::ProvideAdvice,
                    Some(r),
                    due,
                    date,
                    src!("SEND Regulations 2014 reg 8(1)", "the advice was requested"),
                );
            }
            CaseEvent::Referenced(N::AdviceReceived, r) => {
                self.meet(name, K::ProvideAdvice, Some(r), date)?
            }
            CaseEvent::Plain(N::DecidedNotToIssuePlan) => {
                self.meet(name, K::NotifyDecisionNotToIssuePlan, None, date)?;
                self.close(K::IssueFinalPlan);
                self.start_appeal_clock(date);
            }
            CaseEvent::Plain(N::DraftPlanIssued) => {
                self.draft_issued = true;
                let due = (day.plus(14), Basis::DaysBeginningWith(15));
                self.start(
                    K::CommentOnDraft,
                    None,
                    due,
                    date,
                    src!("SEND Regulations 2014 reg 13(1)", "the draft plan was sent"),
                );
                self.close(K::NotifyDecisionNotToIssuePlan);
            }
            CaseEvent::Plain(N::DraftCommentsReceived) => {
                self.meet(name, K::CommentOnDraft, None, date)?
            }
            CaseEvent::Referenced(N::InstitutionConsulted, r) => {
                let due = (day.plus(15), Basis::DaysAfter(15));
                self.start(
                    K::RespondToConsultation,
                    Some(r),
                    due,
                    date,
                    src!("SEND Code of Practice 2015 para 9.83", "it was consulted"),
                );
            }
            CaseEvent::Referenced(N::InstitutionResponded, r) => {
                self.meet(name, K::RespondToConsultation, Some(r), date)?
            }
            CaseEvent::Plain(N::FinalPlanIssued) => {
                if !self.draft_issued {
                    return Err("`final_plan_issued` needs an earlier `draft_plan_issued`".into());
                }
                self.meet(name, K::IssueFinalPlan, None, date)?;
                self.close(K::NotifyDecisionNotToIssuePlan);
                self.has_plan = true;
                self.start_review_plan(date, src!(REVIEW_RULE, "the final plan was issued"));
                self.start_appeal_clock(date);
            }
            CaseEvent::ExceptionClaimed(_) => self.exception_claimed = true,
            CaseEvent::Plain(N::RequestWithdrawn) => {
                for d in self.duties.iter_mut().filter(|d| d.met_on.is_none()) {
                    d.not_applicable = true;
                }
            }
            CaseEvent::ReviewMeetingScheduled { meeting_date } => {
                let due = (Day::of(*meeting_date).plus(-14), Basis::WeeksBefore(2));
                const OCCASION: &str = "the review meeting";
                self.start(
                    K::SendReviewInvitations,
                    None,
                    due,
                    *meeting_date,
                    src!("SEND Regulations 2014 regs 20(3) and 21(3)", OCCASION),
                );
                self.start(
                    K::CirculateReviewAdvice,
                    None,
                    due,
                    *meeting_date,
                    src!("SEND Regulations 2014 regs 20(4) and 21(4)", OCCASION),
                );
            }
            CaseEvent::Plain(N::ReviewInvitationsSent) => {
                self.meet(name, K::SendReviewInvitations, None, date)?
            }
            CaseEvent::Plain(N::ReviewAdviceCirculated) => {
                self.meet(name, K::CirculateReviewAdvice, None, date)?
            }
            CaseEvent::Plain(N::ReviewMeetingHeld) => {
                const OCCASION: &str = "the review meeting";
                let report = (day.plus(7 * 2), Basis::WeeksAfter(2));
                self.start(
                    K::SendReviewReport,
                    None,
                    report,
                    date,
                    src!("SEND Regulations 2014 regs 20(7) and 21(7)", OCCASION),
                );
                let decision = (day.plus(7 * 4), Basis::WeeksAfter(4));
                self.start(
                    K::NotifyReviewDecision,
                    None,
                    decision,
                    date,
                    src!("SEND Regulations 2014 reg 20(10)", OCCASION),
                );
            }
            CaseEvent::Plain(N::ReviewReportSent) => {
                self.meet(name, K::SendReviewReport, None, date)?
            }
            CaseEvent::ReviewDecisionNotified(outcome) => {
                self.meet(name, K::NotifyReviewDecision, None, date)?;
                self.meet_if_started(K::ReviewTransferredPlan, None, date);
                match outcome {
                    // The plan stays in force until it ends (reg 31) but is reviewed no more.
                    ReviewOutcome::Cease => self.meet_if_started(K::ReviewPlan, None, date),
                    _ => self.start_review_plan(
                        date,
                        src!(REVIEW_RULE, "the council's last review decision"),
                    ),
                }
                if *outcome == ReviewOutcome::Amend {
                    const OCCASION: &str = "the council sent the proposed changes";
                    let comments = (day.plus(14), Basis::DaysBeginningWith(15));
                    self.start(
                        K::CommentOnProposedAmendments,
                        None,
                        comments,
                        date,
                        src!("SEND Regulations 2014 reg 22(2)(c)", OCCASION),
                    );
                    let issue = (day.plus(7 * 8), Basis::WeeksAfter(8));
                    self.start(
                        K::IssueAmendedPlan,
                        None,
                        issue,
                        date,
                        src!("SEND Regulations 2014 reg 22(3)", OCCASION),
                    );
                } else {
                    self.start_appeal_clock(date);
                }
            }
            CaseEvent::Plain(N::AmendmentCommentsReceived) => {
                self.meet(name, K::CommentOnProposedAmendments, None, date)?
            }
            CaseEvent::Plain(N::AmendedPlanIssued) => {
                self.meet(name, K::IssueAmendedPlan, None, date)?;
                self.start_appeal_clock(date);
            }
            CaseEvent::PhaseTransferPlanned { transfer_date, kind } => {
                let (due, basis, source) = phase_transfer_deadline(*transfer_date, *kind);
                self.start(
                    K::AmendPlanForPhaseTransfer,
                    None,
                    (due, basis),
                    *transfer_date,
                    source,
                );
            }
            CaseEvent::Plain(N::PlanAmendedForPhaseTransfer) => {
                self.meet(name, K::AmendPlanForPhaseTransfer, None, date)?
            }
            CaseEvent::Plain(N::ReassessmentRequested) => {
                let due = (day.plus(15), Basis::DaysAfter(15));
                const OCCASION: &str = "the council received the request to re-assess";
                self.start(
                    K::DecideWhetherToReassess,
                    None,
                    due,
                    date,
                    src!("SEND Regulations 2014 reg 25(1)", OCCASION),
                );
            }
            CaseEvent::ReassessmentDecided { reassess } => {
                self.meet(name, K::DecideWhetherToReassess, None, date)?;
                if *reassess {
                    let due = (day.plus(7 * 14), Basis::WeeksAfter(14));
                    const OCCASION: &str = "the council decided to re-assess";
                    self.start(
                        K::IssueReassessedPlan,
                        None,
                        due,
                        date,
                        src!("SEND Regulations 2014 reg 27(1)", OCCASION),
                    );
                } else {
                    self.start_appeal_clock(date);
                }
            }
            CaseEvent::Plain(N::ReassessedPlanIssued) => {
                self.meet(name, K::IssueReassessedPlan, None, date)?;
                self.start_review_plan(
                    date,
                    src!(REVIEW_RULE, "the plan was issued after re-assessment"),
                );
                self.start_appeal_clock(date);
            }
            CaseEvent::MovingToAnotherLa { move_date } => {
                let fifteen = self.calendar.working_days_beginning_with_day(day, 15);
                let due = (
                    Day::of(*move_date).max(fifteen),
                    Basis::MoveOrFifteenWorkingDays { move_date: *move_date },
                );
                const OCCASION: &str = "the council learned of the move";
                self.start(
                    K::TransferPlan,
                    None,
                    due,
                    date,
                    src!("SEND Regulations 2014 reg 15(2)", OCCASION),
                );
            }
            CaseEvent::PlanTransferred { last_review } => {
                self.meet_if_started(K::TransferPlan, None, date);
                self.has_plan = true;
                let notify = (day.plus(7 * 6), Basis::WeeksAfter(6));
                self.start(
                    K::NotifyTransferDecisions,
                    None,
                    notify,
                    date,
                    src!("SEND Regulations 2014 reg 15(4)", "the plan was transferred"),
                );
                let reviewed = last_review.unwrap_or(date);
                let due = Day::of(months_after(reviewed, 12)).max(Day::of(months_after(date, 3)));
                let basis = Basis::TransferredReview { transferred_on: date };
                const RULE: &str = "SEND Regulations 2014 reg 15(5)";
                let source = if last_review.is_some() {
                    src!(RULE, "the plan's last review")
                } else {
                    src!(RULE, "the plan was transferred")
                };
                self.start(K::ReviewTransferredPlan, None, (due, basis), reviewed, source);
            }
            CaseEvent::Plain(N::TransferDecisionsNotified) => {
                self.meet(name, K::NotifyTransferDecisions, None, date)?
            }
            CaseEvent::Plain(N::MediationDeclined) => {
                self.meet(name, K::ContactMediationAdviser, None, date)?;
                self.start_certificate(
                    date,
                    src!(
                        "SEND Regulations 2014 reg 34(1)",
                        "the family said they did not want mediation",
                    ),
                );
            }
            CaseEvent::Plain(N::MediationRequested) => {
                self.meet(name, K::ContactMediationAdviser, None, date)?;
                let due = (day.plus(30), Basis::DaysAfter(30));
                self.start(
                    K::HoldMediation,
                    None,
                    due,
                    date,
                    src!("SEND Regulations 2014 reg 37(1)", "the family asked for mediation"),
                );
            }
            CaseEvent::Plain(N::MediationConcluded) => {
                self.meet(name, K::HoldMediation, None, date)?;
                self.start_certificate(
                    date,
                    src!("SEND Regulations 2014 reg 39(1)", "mediation ended"),
                );
            }
            CaseEvent::Plain(N::MediationCertificateIssued) => {
                let decided = self
                    .appealable_decision
                    .ok_or("`mediation_certificate_issued` needs an earlier appealable decision, which starts the appeal clock")?;
                self.meet_if_started(K::IssueMediationCertificate, None, date);
                let by_decision = self.calendar.roll_appeal_deadline(months_after(decided, 2));
                let by_certificate = self.calendar.roll_appeal_deadline(months_after(date, 1));
                if let Some(appeal) = self.find(K::RegisterAppeal, None) {
                    appeal.due = Day::of(by_decision.max(by_certificate));
                    appeal.basis = Basis::AppealLimit { certificate: Some(date) };
                }
            }
            CaseEvent::Plain(N::AppealRegistered) => {
                self.meet(name, K::RegisterAppeal, None, date)?;
                self.appeal_registered = true;
            }
            CaseEvent::Plain(N::DecidedToCease) => self.start_appeal_clock(date),
            CaseEvent::PlanCeased { .. } => {
                for d in self.duties.iter_mut().filter(|d| d.met_on.is_none()) {
                    if !survives_the_plan(d.kind) {
                        d.not_applicable = true;
                    }
                }
                self.ceased = true;
            }
            CaseEvent::TribunalDecided(order) | CaseEvent::AppealConceded(order) => {
                if !self.appeal_registered {
                    return Err(format!("`{name}` needs an earlier `appeal_registered`"));
                }
                let source = if name == N::TribunalDecided {
                    src!("SEND Regulations 2014 reg 44(2)", "the Tribunal's order")
                } else {
                    const RULE: &str = "SEND Regulations 2014 reg 45, as amended by SI 2015/359";
                    src!(RULE, "the council told the Tribunal it concedes")
                };
                for &(kind, weeks) in order.duties() {
                    let due = match weeks {
                        0 => (day, Basis::Immediately),
                        n => (day.plus(7 * i32::from(n)), Basis::WeeksAfter(n)),
                    };
                    self.start(kind, None, due, date, source);
                }
            }
            CaseEvent::OrderComplied(duty) => {
                self.meet(name, *duty, None, date)?;
                // An ordered assessment ends in a plan or a decision not to make one, not both.
                match duty {
                    K::NotifyNoPlanAfterOrder => self.close(K::IssueFinalPlanAfterOrder),
                    K::IssueFinalPlanAfterOrder => self.close(K::NotifyNoPlanAfterOrder),
                    _ => {}
                }
            }
            // Every other pairing of name and fields is ruled out when the event is read.
            other => return Err(format!("`{}` is missing a field it needs", other.name())),
        }
        Ok(())
    }

    fn find(&mut self, kind: DutyKind, reference: Option<&str>) -> Option<&mut Open<'h>> {
        match reference {
            None => match self.unreferenced[kind as usize] {
                0 => None,
                slot => Some(&mut self.duties[slot as usize - 1]),
            },
            Some(_) => self.duties.iter_mut().find(|d| d.kind == kind && d.reference == reference),
        }
    }

    /// Starting a duty that already exists (same duty and ref) replaces it.
    fn start(
        &mut self,
        kind: DutyKind,
        reference: Option<&'h str>,
        (due, basis): (Day, Basis),
        trigger: Date,
        source: &'static Source,
    ) {
        let fresh = Open {
            kind,
            reference,
            due,
            met_on: None,
            not_applicable: false,
            trigger,
            basis,
            source,
        };
        match self.find(kind, reference) {
            Some(existing) => *existing = fresh,
            None => {
                if reference.is_none() {
                    // Lossless: a history's duties number far fewer than 2^32.
                    self.unreferenced[kind as usize] = self.duties.len() as u32 + 1;
                }
                self.duties.push(fresh);
            }
        }
    }

    /// The first meeting stands, and a duty that no longer applies is never revived.
    fn meet(
        &mut self,
        event: EventName,
        kind: DutyKind,
        reference: Option<&str>,
        date: Date,
    ) -> Result<(), String> {
        match self.find(kind, reference) {
            Some(duty) => {
                if duty.met_on.is_none() && !duty.not_applicable {
                    duty.met_on = Some(date);
                }
                Ok(())
            }
            None => Err(never_started(event, kind, reference)),
        }
    }

    fn meet_if_started(&mut self, kind: DutyKind, reference: Option<&str>, date: Date) {
        if let Some(duty) = self.find(kind, reference)
            && duty.met_on.is_none()
            && !duty.not_applicable
        {
            duty.met_on = Some(date);
        }
    }

    fn close(&mut self, kind: DutyKind) {
        if let Some(duty) = self.find(kind, None)
            && duty.met_on.is_none()
        {
            duty.not_applicable = true;
        }
    }

    /// `source` cites [`REVIEW_RULE`].
    fn start_review_plan(&mut self, date: Date, source: &'static Source) {
        let due = (Day::of(months_after(date, 12)), Basis::MonthsAfter(12));
        self.start(DutyKind::ReviewPlan, None, due, date, source);
    }

    fn start_certificate(&mut self, date: Date, source: &'static Source) {
        let due =
            (self.calendar.working_days_after_day(Day::of(date), 3), Basis::WorkingDaysAfter(3));
        self.start(DutyKind::IssueMediationCertificate, None, due, date, source);
    }

    /// An appealable decision on `date`: 2 months to contact a mediation adviser (reg 33) and to
    /// appeal (Tribunal rules), the latter rolled past August and Christmas.
    fn start_appeal_clock(&mut self, date: Date) {
        self.appealable_decision = Some(date);
        let two_months = months_after(date, 2);
        const OCCASION: &str = "the council's decision";
        let contact = (Day::of(two_months), Basis::MonthsAfter(2));
        self.start(
            DutyKind::ContactMediationAdviser,
            None,
            contact,
            date,
            src!("SEND Regulations 2014 reg 33", OCCASION),
        );
        let appeal = (
            Day::of(self.calendar.roll_appeal_deadline(two_months)),
            Basis::AppealLimit { certificate: None },
        );
        const RULE: &str = "Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008 rule 20(1)(c); SEND Regulations 2014 reg 33";
        self.start(DutyKind::RegisterAppeal, None, appeal, date, src!(RULE, OCCASION));
    }
}

/// The last day to amend a plan for a move to the next phase on `transfer_date` (reg 18).
pub fn phase_transfer_due(transfer_date: Date, kind: PhaseTransferKind) -> Date {
    phase_transfer_deadline(transfer_date, kind).0.date()
}

fn phase_transfer_deadline(
    transfer_date: Date,
    kind: PhaseTransferKind,
) -> (Day, Basis, &'static Source) {
    const MOVE: &str = "the move";
    let year = transfer_date.year();
    match kind {
        PhaseTransferKind::SchoolPhase => (
            Day::of(jiff::civil::date(year, 2, 14)),
            Basis::BeforeFebruary15,
            src!("SEND Regulations 2014 reg 18(1)(b)", MOVE),
        ),
        PhaseTransferKind::ToPost16 => (
            Day::of(jiff::civil::date(year, 3, 30)),
            Basis::BeforeMarch31,
            src!("SEND Regulations 2014 reg 18(1)(a)", MOVE),
        ),
        PhaseTransferKind::PostSixteenOther => (
            Day::of(months_after(transfer_date, -5)),
            Basis::FiveMonthsBefore,
            src!("SEND Regulations 2014 reg 18(2)", MOVE),
        ),
    }
}

/// The family's rights to mediation and appeal outlive the plan they are about.
fn survives_the_plan(kind: DutyKind) -> bool {
    use DutyKind::*;
    matches!(
        kind,
        ContactMediationAdviser | RegisterAppeal | HoldMediation | IssueMediationCertificate
    )
}

fn follows_a_ceased_plan(name: EventName) -> bool {
    use EventName::*;
    matches!(
        name,
        MediationDeclined
            | MediationRequested
            | MediationConcluded
            | MediationCertificateIssued
            | AppealRegistered
    )
}

fn is_assessment_event(name: EventName) -> bool {
    use EventName::*;
    matches!(
        name,
        DecidedToAssess
            | DecidedNotToAssess
            | AdviceRequested
            | DecidedNotToIssuePlan
            | DraftPlanIssued
            | InstitutionConsulted
            | ExceptionClaimed
            | RequestWithdrawn
    )
}

fn is_plan_event(name: EventName) -> bool {
    use EventName::*;
    matches!(
        name,
        ReviewMeetingScheduled
            | ReviewMeetingHeld
            | PhaseTransferPlanned
            | ReassessmentRequested
            | MovingToAnotherLa
            | DecidedToCease
            | PlanCeased
    )
}

fn never_started(event: EventName, kind: DutyKind, reference: Option<&str>) -> String {
    use DutyKind::*;
    let starter = match kind {
        DecideWhetherToAssess | NotifyDecisionNotToIssuePlan | IssueFinalPlan => {
            "`request_received`"
        }
        ProvideAdvice => "`advice_requested` with the same `ref`",
        CommentOnDraft => "`draft_plan_issued`",
        RespondToConsultation => "`institution_consulted` with the same `ref`",
        SendReviewInvitations | CirculateReviewAdvice => "`review_meeting_scheduled`",
        SendReviewReport | NotifyReviewDecision => "`review_meeting_held`",
        CommentOnProposedAmendments | IssueAmendedPlan => {
            "`review_decision_notified` with outcome \"amend\""
        }
        AmendPlanForPhaseTransfer => "`phase_transfer_planned`",
        DecideWhetherToReassess => "`reassessment_requested`",
        IssueReassessedPlan => "`reassessment_decided` with `reassess` true",
        NotifyTransferDecisions => "`plan_transferred`",
        ContactMediationAdviser | RegisterAppeal => {
            "appealable decision, which starts the appeal clock"
        }
        HoldMediation => "`mediation_requested`",
        ComplyWithOrder
        | IssueAmendedPlanAfterOrder
        | IssueDraftPlanAfterOrder
        | IssueFinalPlanAfterOrder
        | NotifyAssessmentAfterOrder
        | NotifyNoPlanAfterOrder => "`tribunal_decided` or `appeal_conceded` whose order starts it",
        ReviewPlan | TransferPlan | ReviewTransferredPlan | IssueMediationCertificate => {
            "event starting it"
        }
    };
    let which = reference.map(|r| format!(" (ref {r:?})")).unwrap_or_default();
    format!("`{event}`{which} needs an earlier {starter}")
}
