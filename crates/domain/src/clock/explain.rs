//! One plain-English sentence per duty, for families as much as caseworkers.

use super::duty::{Basis, Duty, DutyKind};
use jiff::civil::Date;

const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// The months' names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "Monday 16 February 2026", as GOV.UK writes dates.
pub fn long_date(date: Date) -> String {
    let mut text = String::with_capacity(28);
    push_long_date(&mut text, date);
    text
}

fn push_long_date(out: &mut String, date: Date) {
    out.push_str(WEEKDAYS[usize::from(date.weekday().to_monday_zero_offset().unsigned_abs())]);
    out.push(' ');
    push_short_date(out, date);
}

/// "16 February 2026". The clock explains many duties at once, so this writes digits and
/// names directly rather than through a format string.
fn push_short_date(out: &mut String, date: Date) {
    push_number(out, u32::from(date.day().unsigned_abs()));
    out.push(' ');
    out.push_str(MONTHS[usize::from(date.month().unsigned_abs()) - 1]);
    out.push(' ');
    match u32::try_from(date.year()) {
        Ok(year) if year >= 1000 => push_number(out, year),
        _ => out.push_str(&date.strftime("%Y").to_string()),
    }
}

fn push_number(out: &mut String, n: u32) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    // Lossless: a single decimal digit.
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// What the duty asks of whom, as one clause: "The council must issue the final EHC plan".
pub fn must_happen(kind: DutyKind, reference: Option<&str>) -> String {
    let mut text = String::with_capacity(96);
    push_must_happen(&mut text, kind, reference);
    text
}

fn push_must_happen(out: &mut String, kind: DutyKind, reference: Option<&str>) {
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
            for part in ["Advice from ", reference.unwrap_or("the adviser"), " must be given"] {
                out.push_str(part);
            }
            return;
        }
        RegisterAppeal => "The parent or young person can register an appeal with the Tribunal",
        RespondToConsultation => {
            out.push_str(reference.unwrap_or("The school or college"));
            out.push_str(" should reply to the council's consultation");
            return;
        }
        ReviewPlan => "The council must review the plan",
        ReviewTransferredPlan => "The new council must review the transferred plan",
        SendReviewInvitations => "Invitations to the annual review meeting must be sent",
        SendReviewReport => "The report of the review meeting must be sent",
        TransferPlan => "The old council must transfer the plan to the new council",
    };
    out.push_str(text);
}

/// E.g. "The council must decide whether to carry out an assessment by Monday 16 February
/// 2026 — 6 weeks after the council received the request on 5 January 2026."
pub fn explanation(d: &Duty<'_>) -> String {
    let mut out = String::with_capacity(256);
    push_must_happen(&mut out, d.kind, d.reference);
    out.push_str(" by ");
    push_long_date(&mut out, d.due);
    out.push_str(" — ");
    // The words around "<what happened> on <trigger date>", after the count if there is one.
    let mut around = |count: Option<u8>, before: &str, after: &str| {
        if let Some(n) = count {
            push_number(&mut out, u32::from(n));
        }
        out.push_str(before);
        out.push_str(d.occasion);
        out.push_str(" on ");
        push_short_date(&mut out, d.trigger);
        out.push_str(after);
    };
    match d.basis {
        Basis::WeeksAfter(n) => around(Some(n), " weeks after ", ""),
        Basis::DaysBeginningWith(n) => around(Some(n), " days counting the day ", ""),
        Basis::DaysAfter(n) => around(Some(n), " days after ", ""),
        Basis::WorkingDaysAfter(n) => around(Some(n), " working days after ", ""),
        Basis::MonthsAfter(n) => around(Some(n), " months after ", ""),
        Basis::WeeksBefore(n) => around(Some(n), " weeks before ", ""),
        Basis::BeforeFebruary15 => around(None, "before 15 February in the year of ", ""),
        Basis::BeforeMarch31 => around(None, "before 31 March in the year of ", ""),
        Basis::FiveMonthsBefore => around(None, "5 months before ", ""),
        Basis::MoveOrFifteenWorkingDays { move_date } => {
            let mut before = String::from("the later of the move on ");
            push_short_date(&mut before, move_date);
            before.push_str(" and 15 working days from the day ");
            around(None, &before, "");
        }
        Basis::TransferredReview { transferred_on } => {
            around(None, "the later of 12 months after ", " and 3 months after the transfer on ");
            push_short_date(&mut out, transferred_on);
        }
        Basis::Immediately => around(None, "straight away, from ", ""),
        Basis::AppealLimit { certificate: None } => around(
            None,
            "2 months after ",
            ", moved to a working day outside August and Christmas where needed",
        ),
        Basis::AppealLimit { certificate: Some(issued) } => {
            around(
                None,
                "the later of 2 months after ",
                " and 1 month after the mediation certificate on ",
            );
            push_short_date(&mut out, issued);
        }
    }
    out.push('.');
    out
}
