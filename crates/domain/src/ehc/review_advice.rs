//! Professionals invited to an annual review through their accounts (Code 9.176): whom the
//! invitation lets read the child's record, for how long, and the advice each gives for the
//! review, once, before the meeting.

use super::records::CaseRecordKind;
use super::reviews::{ReviewArrangement, ReviewProgress, ReviewStep};
use crate::clock::DatedEvent;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A professional invited through their account, named as the account was when invited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitedProfessional {
    pub user_id: Uuid,
    pub name: String,
}

/// One invited professional's advice for a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewAdvice {
    /// Which review of the plan it is for: how many the council had decided before it, so the
    /// advice stays with its review if the meeting is moved.
    pub review: u32,
    pub professional: Uuid,
    pub advice: String,
    pub given_on: Date,
}

impl CaseRecordKind for ReviewAdvice {
    const KIND: &'static str = "review_advice";
}

/// The arrangement of the review the events say is arranged now: the latest recorded, if its
/// meeting is the one arranged (a decision ends it; an arrangement sent through the API without
/// its record leaves the earlier one behind).
pub fn current_arrangement(
    progress: &ReviewProgress,
    latest: Option<ReviewArrangement>,
) -> Option<ReviewArrangement> {
    latest.filter(|a| progress.meeting_date == Some(a.meeting_date))
}

/// Whom an invitation lets read the child's record: the professionals the latest arrangement
/// invited, while the review it arranged is under way, that is until the council's decision.
pub fn invited_while_under_way(history: &[DatedEvent], latest: ReviewArrangement) -> Vec<Uuid> {
    let progress = ReviewProgress::of(history);
    match current_arrangement(&progress, Some(latest)) {
        Some(a) if progress.under_way() => a.professionals.iter().map(|p| p.user_id).collect(),
        _ => vec![],
    }
}

/// Each professional the arrangement invited, with the advice they gave for the review under
/// way, if they have.
pub fn advice_by_invitee<'a>(
    progress: &ReviewProgress,
    arrangement: &'a ReviewArrangement,
    given: &'a [ReviewAdvice],
) -> Vec<(&'a InvitedProfessional, Option<&'a ReviewAdvice>)> {
    arrangement
        .professionals
        .iter()
        .map(|p| {
            let theirs = given
                .iter()
                .find(|a| a.review == progress.reviews_decided && a.professional == p.user_id);
            (p, theirs)
        })
        .collect()
}

/// Why a professional's advice for the review cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdviceRefused {
    /// The review is not at a point where advice is given.
    Step(&'static str),
    /// They are not invited to the review under way.
    NotInvited,
    AlreadyGiven,
}

impl AdviceRefused {
    pub fn message(self) -> &'static str {
        match self {
            AdviceRefused::Step(why) => why,
            AdviceRefused::NotInvited => {
                "Only the professionals invited to the review give advice for it"
            }
            AdviceRefused::AlreadyGiven => "You have already given your advice for this review",
        }
    }
}

/// Whether `professional` may give advice for the review now: it is arranged, its meeting not yet
/// held, they are invited, and they have not given their advice for it already.
pub fn advice_problem(
    progress: &ReviewProgress,
    current: Option<&ReviewArrangement>,
    given: &[ReviewAdvice],
    professional: Uuid,
) -> Result<(), AdviceRefused> {
    if let Some(why) = progress.problem(ReviewStep::GiveAdvice) {
        return Err(AdviceRefused::Step(why));
    }
    let current = current.ok_or(AdviceRefused::NotInvited)?;
    let (_, theirs) = advice_by_invitee(progress, current, given)
        .into_iter()
        .find(|(p, _)| p.user_id == professional)
        .ok_or(AdviceRefused::NotInvited)?;
    match theirs {
        Some(_) => Err(AdviceRefused::AlreadyGiven),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{CaseEvent, EventName, ReviewOutcome};
    use crate::ehc::reviews::Invitee;
    use jiff::civil::date;

    const EP: Uuid = Uuid::from_u128(7);
    const SALT: Uuid = Uuid::from_u128(8);

    fn on(d: i8, event: CaseEvent) -> DatedEvent {
        DatedEvent { date: date(2026, 3, d), event }
    }

    fn plain(d: i8, name: EventName) -> DatedEvent {
        DatedEvent::plain(name, date(2026, 3, d))
    }

    fn arranged_for(meeting: i8) -> ReviewArrangement {
        ReviewArrangement {
            meeting_date: date(2026, 3, meeting),
            invited: vec![Invitee::Family, Invitee::Setting],
            others: vec![],
            professionals: vec![
                InvitedProfessional { user_id: EP, name: "Dr Bello".into() },
                InvitedProfessional { user_id: SALT, name: "Ms Reid".into() },
            ],
        }
    }

    fn history_to(meeting: i8) -> Vec<DatedEvent> {
        vec![
            plain(1, EventName::RequestReceived),
            plain(2, EventName::FinalPlanIssued),
            on(3, CaseEvent::ReviewMeetingScheduled { meeting_date: date(2026, 3, meeting) }),
        ]
    }

    fn advice(review: u32, professional: Uuid) -> ReviewAdvice {
        ReviewAdvice {
            review,
            professional,
            advice: "Keep the therapy".into(),
            given_on: date(2026, 3, 10),
        }
    }

    #[test]
    fn an_invitation_lets_the_professional_read_until_the_council_decides() {
        let mut events = history_to(20);
        assert_eq!(invited_while_under_way(&events, arranged_for(20)), vec![EP, SALT]);
        events.push(plain(20, EventName::ReviewMeetingHeld));
        events.push(plain(22, EventName::ReviewReportSent));
        assert_eq!(
            invited_while_under_way(&events, arranged_for(20)),
            vec![EP, SALT],
            "after the meeting, until the decision"
        );
        events.push(on(25, CaseEvent::ReviewDecisionNotified(ReviewOutcome::Maintain)));
        assert!(invited_while_under_way(&events, arranged_for(20)).is_empty());
    }

    #[test]
    fn only_the_arrangement_of_the_meeting_arranged_now_invites() {
        let moved = history_to(20)
            .into_iter()
            .chain([on(4, CaseEvent::ReviewMeetingScheduled { meeting_date: date(2026, 3, 27) })])
            .collect::<Vec<_>>();
        assert!(invited_while_under_way(&moved, arranged_for(20)).is_empty());
        assert_eq!(invited_while_under_way(&moved, arranged_for(27)).len(), 2);
        let mut ceasing = history_to(20);
        ceasing.push(plain(5, EventName::DecidedToCease));
        assert!(invited_while_under_way(&ceasing, arranged_for(20)).is_empty());
    }

    #[test]
    fn each_invited_professional_gives_advice_once_before_the_meeting() {
        let mut events = history_to(20);
        let progress = ReviewProgress::of(&events);
        let current = current_arrangement(&progress, Some(arranged_for(20)));
        let current = current.as_ref();
        assert_eq!(advice_problem(&progress, current, &[], EP), Ok(()));
        let stranger = Uuid::from_u128(99);
        assert_eq!(
            advice_problem(&progress, current, &[], stranger),
            Err(AdviceRefused::NotInvited)
        );
        assert_eq!(advice_problem(&progress, None, &[], EP), Err(AdviceRefused::NotInvited));
        let given = [advice(0, EP)];
        assert_eq!(
            advice_problem(&progress, current, &given, EP),
            Err(AdviceRefused::AlreadyGiven)
        );
        assert_eq!(advice_problem(&progress, current, &given, SALT), Ok(()));
        let listed = advice_by_invitee(&progress, current.unwrap(), &given);
        assert_eq!(listed[0].1, Some(&given[0]));
        assert_eq!(listed[1], (&current.unwrap().professionals[1], None));
        // Advice for an earlier review is not this review's.
        assert_eq!(advice_problem(&progress, current, &[advice(1, EP)], EP), Ok(()));

        events.push(plain(20, EventName::ReviewMeetingHeld));
        let held = ReviewProgress::of(&events);
        let refused = advice_problem(&held, current, &[], SALT).unwrap_err();
        assert!(refused.message().contains("meeting has been held"), "{refused:?}");
    }
}
