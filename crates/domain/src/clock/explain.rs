//! One plain-English sentence per duty, for families as much as caseworkers.

use super::duty::{Basis, Duty, DutyKind};
use jiff::civil::Date;

/// "Monday 16 February 2026", as GOV.UK writes dates.
pub fn long_date(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

fn short_date(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// What the duty asks of whom, as one clause: "The council must issue the final EHC plan".
pub fn must_happen(kind: DutyKind, reference: Option<&str>) -> String {
    use DutyKind::*;
    let text = match kind {
        AmendPlanForPhaseTransfer => {
            "The council must review the plan and amend it to name the next school or college"
        }
        CirculateReviewAdvice => {
            "Advice for the annual review must be gathered and sent to everyone invited"
        }
        CommentOnDraft => {
            "The parent or young person can comment on the draft plan and ask for a school or college to be named"
        }
        CommentOnProposedAmendments => {
            "The parent or young person can comment on the proposed changes to the plan"
        }
        ComplyWithOrder => "The council must do what the Tribunal ordered",
        ContactMediationAdviser => "The parent or young person can contact a mediation adviser",
        DecideWhetherToAssess => "The council must decide whether to carry out an assessment",
        DecideWhetherToReassess => "The council must decide whether to carry out a re-assessment",
        HoldMediation => "The council must make sure mediation takes place",
        IssueAmendedPlan => "The council must issue the amended plan",
        IssueAmendedPlanAfterOrder => "The council must issue the plan amended as ordered",
        IssueDraftPlanAfterOrder => "The council must issue the draft plan it was ordered to make",
        IssueFinalPlan => "The council must issue the final EHC plan",
        IssueFinalPlanAfterOrder => {
            "The council must issue the final plan after the ordered assessment"
        }
        IssueMediationCertificate => "The mediation adviser must issue a mediation certificate",
        IssueReassessedPlan => "The council must issue the plan after the re-assessment",
        NotifyAssessmentAfterOrder => {
            "The council must tell the family it will carry out the ordered assessment"
        }
        NotifyNoPlanAfterOrder => {
            "If the council decides after the ordered assessment not to issue a plan, it must say so"
        }
        NotifyDecisionNotToIssuePlan => {
            "If the council decides not to issue a plan, it must say so"
        }
        NotifyReviewDecision => "The council must say whether it will keep, change or end the plan",
        NotifyTransferDecisions => {
            "The new council must say it has the plan, whether it will assess, and when it will review it"
        }
        ProvideAdvice => {
            return format!("Advice from {} must be given", reference.unwrap_or("the adviser"));
        }
        RegisterAppeal => "The parent or young person can register an appeal with the Tribunal",
        RespondToConsultation => {
            return format!(
                "{} should reply to the council's consultation",
                reference.unwrap_or("The school or college")
            );
        }
        ReviewPlan => "The council must review the plan",
        ReviewTransferredPlan => "The new council must review the transferred plan",
        SendReviewInvitations => "Invitations to the annual review meeting must be sent",
        SendReviewReport => "The report of the review meeting must be sent",
        TransferPlan => "The old council must transfer the plan to the new council",
    };
    text.to_owned()
}

/// E.g. "The council must decide whether to carry out an assessment by Monday 16 February
/// 2026 — 6 weeks after the council received the request on 5 January 2026."
pub fn explanation(d: &Duty<'_>) -> String {
    let on = |date| format!("{} on {}", d.occasion, short_date(date));
    let reason = match d.basis {
        Basis::WeeksAfter(n) => format!("{n} weeks after {}", on(d.trigger)),
        Basis::DaysBeginningWith(n) => format!("{n} days counting the day {}", on(d.trigger)),
        Basis::DaysAfter(n) => format!("{n} days after {}", on(d.trigger)),
        Basis::WorkingDaysAfter(n) => format!("{n} working days after {}", on(d.trigger)),
        Basis::MonthsAfter(n) => format!("{n} months after {}", on(d.trigger)),
        Basis::WeeksBefore(n) => format!("{n} weeks before {}", on(d.trigger)),
        Basis::BeforeFebruary15 => format!("before 15 February in the year of {}", on(d.trigger)),
        Basis::BeforeMarch31 => format!("before 31 March in the year of {}", on(d.trigger)),
        Basis::FiveMonthsBefore => format!("5 months before {}", on(d.trigger)),
        Basis::MoveOrFifteenWorkingDays { move_date } => format!(
            "the later of the move on {} and 15 working days from the day {}",
            short_date(move_date),
            on(d.trigger)
        ),
        Basis::TransferredReview { transferred_on } => format!(
            "the later of 12 months after {} and 3 months after the transfer on {}",
            on(d.trigger),
            short_date(transferred_on)
        ),
        Basis::Immediately => format!("straight away, from {}", on(d.trigger)),
        Basis::AppealLimit { certificate: None } => {
            format!(
                "2 months after {}, moved to a working day outside August and Christmas where needed",
                on(d.trigger)
            )
        }
        Basis::AppealLimit { certificate: Some(issued) } => format!(
            "the later of 2 months after {} and 1 month after the mediation certificate on {}",
            on(d.trigger),
            short_date(issued)
        ),
    };
    format!("{} by {} — {reason}.", must_happen(d.kind, d.reference), long_date(d.due))
}
