//! Duties as people read them: a short title, a coloured status tag, the due date, and the
//! clock's own sentence. Shared by the deadlines calculator and the case pages.

use sendcase_domain::clock::{DutyKind, DutyOutput, DutyStatus, long_date};

/// One duty in a GOV.UK summary list.
pub struct Row {
    pub title: String,
    pub due: String,
    pub target: Option<String>,
    pub status: &'static str,
    pub tag_class: &'static str,
    pub met_on: Option<String>,
    pub explanation: String,
    pub rule: &'static str,
}

pub fn title(kind: DutyKind) -> &'static str {
    use DutyKind::*;
    // Exhaustive on purpose: a new duty must be given a title before it can be shown.
    match kind {
        AmendPlanForPhaseTransfer => "Amend the plan before the move",
        CirculateReviewAdvice => "Send out advice for the review",
        CommentOnDraft => "Comment on the draft plan",
        CommentOnProposedAmendments => "Comment on the proposed changes",
        ComplyWithOrder => "Do what the Tribunal ordered",
        ContactMediationAdviser => "Contact a mediation adviser",
        DecideWhetherToAssess => "Decide whether to assess",
        DecideWhetherToReassess => "Decide whether to re-assess",
        HoldMediation => "Hold mediation",
        IssueAmendedPlan => "Issue the amended plan",
        IssueAmendedPlanAfterOrder => "Issue the plan amended as ordered",
        IssueDraftPlanAfterOrder => "Issue the draft plan as ordered",
        IssueFinalPlan => "Issue the final EHC plan",
        IssueFinalPlanAfterOrder => "Issue the final plan after the ordered assessment",
        IssueMediationCertificate => "Issue the mediation certificate",
        IssueReassessedPlan => "Issue the plan after re-assessment",
        NotifyAssessmentAfterOrder => "Confirm the ordered assessment",
        NotifyDecisionNotToIssuePlan => "Say if no plan will be issued",
        NotifyNoPlanAfterOrder => "Say if no plan will be issued after the ordered assessment",
        NotifyReviewDecision => "Decide the outcome of the review",
        NotifyTransferDecisions => "Tell the family the new council's plans",
        ProvideAdvice => "Give advice for the assessment",
        RegisterAppeal => "Appeal to the Tribunal",
        RespondToConsultation => "Reply to the consultation",
        ReviewPlan => "Review the plan",
        ReviewTransferredPlan => "Review the transferred plan",
        SendReviewInvitations => "Invite people to the review meeting",
        SendReviewReport => "Send the review report",
        TransferPlan => "Transfer the plan to the new council",
    }
}

pub fn tag(status: DutyStatus) -> (&'static str, &'static str) {
    match status {
        DutyStatus::Pending => ("Due", "govuk-tag--blue"),
        DutyStatus::Met => ("Done on time", "govuk-tag--green"),
        DutyStatus::MetLate => ("Done late", "govuk-tag--yellow"),
        DutyStatus::Overdue => ("Overdue", "govuk-tag--red"),
        DutyStatus::Lapsed => ("Time limit passed", "govuk-tag--grey"),
        DutyStatus::ExceptionClaimed => ("Exception claimed", "govuk-tag--orange"),
        DutyStatus::NotApplicable => ("No longer applies", "govuk-tag--grey"),
    }
}

pub fn row(d: DutyOutput) -> Row {
    let (status, tag_class) = tag(d.status);
    Row {
        title: title(d.duty).to_owned(),
        due: long_date(d.due),
        target: (d.target != d.due).then(|| long_date(d.target)),
        status,
        tag_class,
        met_on: d.met_on.map(long_date),
        explanation: d.explanation,
        rule: d.rule,
    }
}

/// [`row`] for a stored case: the clock's reference in the explanation (an adviser's or an
/// institution's slug) is replaced by what it stands for.
pub fn named_row(d: DutyOutput, names: &std::collections::HashMap<String, String>) -> Row {
    let named = d.reference.as_ref().and_then(|r| Some((r.clone(), names.get(r)?.clone())));
    let mut row = row(d);
    if let Some((reference, name)) = named {
        row.explanation = row.explanation.replacen(&reference, &name, 1);
    }
    row
}
