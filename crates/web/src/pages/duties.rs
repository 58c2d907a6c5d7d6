//! Duties as people read them: a short title, a coloured status tag, the due date, and the
//! clock's own sentence. Shared by the deadlines calculator and the case pages.

use sendcase_domain::clock::{long_date, DutyKind, DutyOutput, DutyStatus, Named};

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
    match kind {
        DecideWhetherToAssess => "Decide whether to assess",
        NotifyDecisionNotToIssuePlan => "Say if no plan will be issued",
        IssueFinalPlan => "Issue the final EHC plan",
        CommentOnDraft => "Comment on the draft plan",
        ReviewPlan => "Review the plan",
        ContactMediationAdviser => "Contact a mediation adviser",
        RegisterAppeal => "Appeal to the Tribunal",
        other => other.as_str(),
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

