//! The part a school plays in its pupils' EHC cases, whichever council is responsible for them:
//! the duties from the clock that a SENCO must act on or prepare for.

use crate::clock::DutyKind;

/// Whether a duty of a pupil's case is the school's to act on or prepare for: educational advice
/// from the head teacher (reg 6(1)(b)), replying when the council consults the school about
/// being named (Code 9.78), convening the annual review and its paperwork (regs 20–21), and the
/// review and phase transfer the school prepares the pupil for.
pub fn concerns_the_school(duty: DutyKind, reference: Option<&str>) -> bool {
    use DutyKind::*;
    match duty {
        // The psychologist's advice has its own ref; "educational" (or "educational-2") is the school's.
        ProvideAdvice => reference.is_some_and(|r| {
            r == "educational"
                || r.starts_with("educational-") && !r.starts_with("educational-psychologist")
        }),
        RespondToConsultation
        | ReviewPlan
        | ReviewTransferredPlan
        | SendReviewInvitations
        | CirculateReviewAdvice
        | SendReviewReport
        | AmendPlanForPhaseTransfer => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_school_gives_educational_advice_but_not_the_psychologists() {
        assert!(concerns_the_school(DutyKind::ProvideAdvice, Some("educational")));
        assert!(concerns_the_school(DutyKind::ProvideAdvice, Some("educational-2")));
        assert!(!concerns_the_school(DutyKind::ProvideAdvice, Some("educational-psychologist")));
        assert!(!concerns_the_school(DutyKind::ProvideAdvice, Some("health")));
        assert!(!concerns_the_school(DutyKind::ProvideAdvice, None));
    }

    #[test]
    fn reviews_consultations_and_transfers_are_the_schools_and_the_councils_decisions_are_not() {
        for duty in [
            DutyKind::ReviewPlan,
            DutyKind::RespondToConsultation,
            DutyKind::SendReviewInvitations,
            DutyKind::AmendPlanForPhaseTransfer,
        ] {
            assert!(concerns_the_school(duty, None), "{duty:?}");
        }
        for duty in [
            DutyKind::DecideWhetherToAssess,
            DutyKind::IssueFinalPlan,
            DutyKind::RegisterAppeal,
            DutyKind::CommentOnDraft,
        ] {
            assert!(!concerns_the_school(duty, None), "{duty:?}");
        }
        use crate::clock::DutyStatus;
        assert!(DutyStatus::Overdue.awaits_action() && DutyStatus::Pending.awaits_action());
        assert!(
            !DutyStatus::Met.awaits_action()
                && !DutyStatus::NotApplicable.awaits_action()
                && !DutyStatus::Lapsed.awaits_action()
        );
    }
}
