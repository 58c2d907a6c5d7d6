//! The duties the clock tracks: who owes them, under which rule, and where they stand.

use jiff::civil::Date;

macro_rules! named {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $crate::clock::duty::Named for $name {
            const ALL: &'static [$name] = &[$($name::$variant),+];

            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::clock::duty::Named::as_str(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$name as $crate::clock::duty::Named>::parse(&text)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown {}: {text:?}", stringify!($name))))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::clock::duty::Named::as_str(*self))
            }
        }
    };
}
pub(crate) use named;

/// The clock's vocabularies: each value has one spelling in the contract's JSON.
pub trait Named: Copy + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == text)
    }
}

named!(
    /// Each statutory duty of a case, named as in the clock contract. Declared in alphabetical
    /// order of name, so the derived order is the contract's sort order.
    DutyKind {
        AmendPlanForPhaseTransfer = "amend_plan_for_phase_transfer",
        CirculateReviewAdvice = "circulate_review_advice",
        CommentOnDraft = "comment_on_draft",
        CommentOnProposedAmendments = "comment_on_proposed_amendments",
        ComplyWithOrder = "comply_with_order",
        ContactMediationAdviser = "contact_mediation_adviser",
        DecideWhetherToAssess = "decide_whether_to_assess",
        DecideWhetherToReassess = "decide_whether_to_reassess",
        HoldMediation = "hold_mediation",
        IssueAmendedPlan = "issue_amended_plan",
        IssueAmendedPlanAfterOrder = "issue_amended_plan_after_order",
        IssueDraftPlanAfterOrder = "issue_draft_plan_after_order",
        IssueFinalPlan = "issue_final_plan",
        IssueFinalPlanAfterOrder = "issue_final_plan_after_order",
        IssueMediationCertificate = "issue_mediation_certificate",
        IssueReassessedPlan = "issue_reassessed_plan",
        NotifyAssessmentAfterOrder = "notify_assessment_after_order",
        NotifyDecisionNotToIssuePlan = "notify_decision_not_to_issue_plan",
        NotifyNoPlanAfterOrder = "notify_no_plan_after_order",
        NotifyReviewDecision = "notify_review_decision",
        NotifyTransferDecisions = "notify_transfer_decisions",
        ProvideAdvice = "provide_advice",
        RegisterAppeal = "register_appeal",
        RespondToConsultation = "respond_to_consultation",
        ReviewPlan = "review_plan",
        ReviewTransferredPlan = "review_transferred_plan",
        SendReviewInvitations = "send_review_invitations",
        SendReviewReport = "send_review_report",
        TransferPlan = "transfer_plan",
    }
);

named!(
    /// Who must act (or, for a family's rights, who may).
    Responsible {
        La = "la",
        ParentOrYoungPerson = "parent_or_young_person",
        AdviceGiver = "advice_giver",
        Institution = "institution",
        SettingOrLa = "setting_or_la",
        MediationAdviser = "mediation_adviser",
        OldLa = "old_la",
        NewLa = "new_la",
    }
);

named!(
    DutyStatus {
        NotApplicable = "not_applicable",
        Met = "met",
        MetLate = "met_late",
        Pending = "pending",
        Lapsed = "lapsed",
        ExceptionClaimed = "exception_claimed",
        Overdue = "overdue",
    }
);

impl DutyStatus {
    /// Whether the duty still asks someone to act.
    pub fn awaits_action(self) -> bool {
        matches!(self, DutyStatus::Pending | DutyStatus::Overdue | DutyStatus::ExceptionClaimed)
    }
}

impl DutyKind {
    pub fn responsible(self) -> Responsible {
        use DutyKind::*;
        match self {
            DecideWhetherToAssess
            | NotifyDecisionNotToIssuePlan
            | IssueFinalPlan
            | ReviewPlan
            | NotifyReviewDecision
            | IssueAmendedPlan
            | AmendPlanForPhaseTransfer
            | DecideWhetherToReassess
            | IssueReassessedPlan
            | HoldMediation
            | ComplyWithOrder
            | IssueAmendedPlanAfterOrder
            | IssueDraftPlanAfterOrder
            | IssueFinalPlanAfterOrder
            | NotifyAssessmentAfterOrder
            | NotifyNoPlanAfterOrder => Responsible::La,
            ProvideAdvice => Responsible::AdviceGiver,
            CommentOnDraft
            | CommentOnProposedAmendments
            | ContactMediationAdviser
            | RegisterAppeal => Responsible::ParentOrYoungPerson,
            RespondToConsultation => Responsible::Institution,
            SendReviewInvitations | CirculateReviewAdvice | SendReviewReport => {
                Responsible::SettingOrLa
            }
            IssueMediationCertificate => Responsible::MediationAdviser,
            TransferPlan => Responsible::OldLa,
            NotifyTransferDecisions | ReviewTransferredPlan => Responsible::NewLa,
        }
    }

    /// Started by the Tribunal's order or the council's concession (regs 44 and 45), and met
    /// only by `order_complied`.
    pub fn follows_an_order(self) -> bool {
        use DutyKind::*;
        matches!(
            self,
            ComplyWithOrder
                | IssueAmendedPlanAfterOrder
                | IssueDraftPlanAfterOrder
                | IssueFinalPlanAfterOrder
                | NotifyAssessmentAfterOrder
                | NotifyNoPlanAfterOrder
        )
    }

    /// Past its due date, an unmet duty of these kinds is `exception_claimed` rather than
    /// `overdue` once the case records a reg 10(4) exception.
    pub fn exceptions_apply(self) -> bool {
        matches!(
            self,
            DutyKind::DecideWhetherToAssess
                | DutyKind::NotifyDecisionNotToIssuePlan
                | DutyKind::IssueFinalPlan
                | DutyKind::IssueReassessedPlan
        )
    }
}

/// One duty of a case as the clock computed it. `reference` borrows from the case history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty<'h> {
    pub kind: DutyKind,
    pub reference: Option<&'h str>,
    pub due: Date,
    /// The latest working day on or before `due`.
    pub target: Date,
    pub status: DutyStatus,
    pub met_on: Option<Date>,
    pub responsible: Responsible,
    pub rule: &'static str,
    /// The date the duty's period runs from, for explaining it.
    pub trigger: Date,
    /// What happened on the trigger date, as a parent would say it.
    pub occasion: &'static str,
    pub basis: Basis,
}

/// How the due date was reached from the trigger, in the words of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    WeeksAfter(u8),
    DaysBeginningWith(u8),
    DaysAfter(u8),
    WorkingDaysAfter(u8),
    MonthsAfter(u8),
    /// 2 weeks before a review meeting on the trigger date.
    WeeksBefore(u8),
    /// Phase transfers (reg 18): the trigger is the transfer date.
    BeforeFebruary15,
    BeforeMarch31,
    FiveMonthsBefore,
    /// reg 15(2): the move date or 15 working days from awareness (trigger), whichever is later.
    MoveOrFifteenWorkingDays {
        move_date: Date,
    },
    /// reg 15(5): 12 months from the last review (trigger) or 3 months from the transfer.
    TransferredReview {
        transferred_on: Date,
    },
    /// Straight away: due on the trigger date itself.
    Immediately,
    /// An appeal limit, rolled past August and Christmas; later of 2 months from the decision
    /// (trigger) and 1 month from a mediation certificate when there is one.
    AppealLimit {
        certificate: Option<Date>,
    },
}
