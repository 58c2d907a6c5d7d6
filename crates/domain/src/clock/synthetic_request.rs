//! Believable EHC needs assessment requests for demo data at scale: the usual path of Code
//! chapter 9 to a chosen stage, with the spread of timings an authority sees (most decisions in
//! time, some late; plans either side of 20 weeks; the odd exception), and annual reviews for
//! plans more than a year old. Every event falls on or before `today`.

use super::event::{
    CaseEvent, CeaseReason, DatedEvent, EventName as N, ExceptionGround, ReviewOutcome,
};
use super::stage::Stage;
use super::synthetic::Dice;
use crate::clock::calendar::{days_after, months_after};
use jiff::civil::Date;

const ADVISERS: [&str; 4] = ["educational-psychologist", "health", "social-care", "school"];

/// The history of one request that has reached `stage` by `today`, reproducible from `seed`.
pub fn synthetic_request(seed: u64, today: Date, stage: Stage) -> Vec<DatedEvent> {
    let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut days = |low: usize, high: usize| (low + dice.below(high - low + 1)) as i32;
    // Offsets from the request, in days, of each step on the way to the stage.
    let decide = days(21, 50);
    let advice_asked = decide + days(0, 6);
    let draft = advice_asked + days(50, 85);
    let final_plan = draft + days(16, 45);
    let withdrawn = days(5, 40);
    // The event that puts the request at its stage must have happened by `today`.
    let last_step = match stage {
        Stage::DecidingWhetherToAssess => 0,
        Stage::Withdrawn | Stage::PlanEnded => withdrawn,
        Stage::Assessing | Stage::NotAssessed => advice_asked,
        Stage::DraftPlanIssued | Stage::NoPlanIssued => draft,
        Stage::FinalPlanIssued => final_plan,
    };
    // Open requests arrived recently; plans were finished over the last eight years.
    let age = match stage {
        Stage::FinalPlanIssued => last_step + days(0, 8 * 365),
        _ => last_step + days(0, 40),
    };
    let received = days_after(today, -age);
    let on = |offset: i32| days_after(received, offset);
    let mut out = vec![DatedEvent { date: received, event: CaseEvent::Plain(N::RequestReceived) }];
    let mut push = |date: Date, event: CaseEvent| {
        if date <= today {
            out.push(DatedEvent { date, event });
        }
    };
    let plain = CaseEvent::Plain;
    match stage {
        Stage::DecidingWhetherToAssess => {}
        Stage::Withdrawn => push(on(withdrawn), plain(N::RequestWithdrawn)),
        // A plan transferred in ends while a new request is still being decided.
        Stage::PlanEnded => {
            push(on(-400), CaseEvent::PlanTransferred { last_review: None });
            let reason = CeaseReason::NeedsMetWithoutPlan;
            push(on(withdrawn), CaseEvent::PlanCeased { reason });
        }
        Stage::NotAssessed => push(on(decide), plain(N::DecidedNotToAssess)),
        _ => {
            push(on(decide), plain(N::DecidedToAssess));
            let asked = 2 + dice.below(3);
            for who in &ADVISERS[..asked] {
                push(
                    on(advice_asked),
                    CaseEvent::Referenced(N::AdviceRequested, (*who).to_owned()),
                );
            }
            if dice.below(20) == 0 {
                let ground = [
                    ExceptionGround::A,
                    ExceptionGround::B,
                    ExceptionGround::C,
                    ExceptionGround::D,
                ][dice.below(4)];
                push(on(advice_asked + 10), CaseEvent::ExceptionClaimed(ground));
            }
            for who in &ADVISERS[..asked] {
                let answered = advice_asked + (30 + dice.below(30)) as i32;
                if stage != Stage::Assessing || on(answered) <= today {
                    push(
                        on(answered.min(draft - 1).max(advice_asked)),
                        CaseEvent::Referenced(N::AdviceReceived, (*who).to_owned()),
                    );
                }
            }
        }
    }
    match stage {
        Stage::NoPlanIssued => push(on(draft), plain(N::DecidedNotToIssuePlan)),
        Stage::DraftPlanIssued | Stage::FinalPlanIssued => {
            push(on(draft), plain(N::DraftPlanIssued));
            let setting = format!("setting-{}", dice.below(600));
            push(on(draft + 1), CaseEvent::Referenced(N::InstitutionConsulted, setting.clone()));
            if stage == Stage::FinalPlanIssued {
                push(on(draft + (5 + dice.below(10)) as i32), plain(N::DraftCommentsReceived));
                push(
                    on(draft + (8 + dice.below(8)) as i32),
                    CaseEvent::Referenced(N::InstitutionResponded, setting),
                );
                push(on(final_plan), plain(N::FinalPlanIssued));
                let mut review = months_after(on(final_plan), 11);
                while months_after(review, 1) <= today {
                    push(
                        days_after(review, -28),
                        CaseEvent::ReviewMeetingScheduled { meeting_date: review },
                    );
                    push(days_after(review, -20), plain(N::ReviewInvitationsSent));
                    push(review, plain(N::ReviewMeetingHeld));
                    push(
                        days_after(review, 20),
                        CaseEvent::ReviewDecisionNotified(ReviewOutcome::Maintain),
                    );
                    review = months_after(review, 12);
                }
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::calendar::Calendar;
    use crate::clock::{CaseSummary, Named, stage as stage_of};
    use jiff::civil::date;

    #[test]
    fn every_request_is_one_the_clock_accepts_at_the_stage_asked_for() {
        let today = date(2026, 11, 23);
        for seed in 0..600 {
            for &stage in Stage::ALL {
                let events = synthetic_request(seed, today, stage);
                assert!(events.iter().all(|e| e.date <= today), "{stage} {seed}");
                let summary = CaseSummary::of(&events, Calendar::england_and_wales())
                    .unwrap_or_else(|e| panic!("{stage} {seed}: {e}"));
                assert_eq!(summary.map(|s| s.stage), Some(stage), "seed {seed}");
                assert_eq!(stage_of(&events), Some(stage));
            }
        }
    }

    #[test]
    fn plans_fall_either_side_of_twenty_weeks() {
        let today = date(2026, 11, 23);
        let within: Vec<bool> = (0..500)
            .filter_map(|seed| {
                CaseSummary::of(
                    &synthetic_request(seed, today, Stage::FinalPlanIssued),
                    Calendar::england_and_wales(),
                )
                .unwrap()
            })
            .map(|s| s.final_plan.expect("a plan").within_time)
            .collect();
        let on_time = within.iter().filter(|w| **w).count();
        assert!((100..450).contains(&on_time), "{on_time} of 500 on time");
    }
}
