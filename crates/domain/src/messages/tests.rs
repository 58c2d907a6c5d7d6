use super::*;
use crate::clock::calendar::Calendar;
use crate::clock::duties;
use jiff::civil::date;

const REQUEST: Uuid = Uuid::from_u128(7);

/// What recording `last` after `before` tells, judged by the clock as it stands with it.
fn told(before: &[DatedEvent], last: DatedEvent) -> Option<Notice> {
    let mut events = before.to_vec();
    events.push(last.clone());
    let duties = duties(&events, last.date, Calendar::england_and_wales()).unwrap();
    on_event(&last, &duties, "Ellie", REQUEST, last.date)
}

fn assessing() -> Vec<DatedEvent> {
    vec![
        DatedEvent::plain(EventName::RequestReceived, date(2026, 7, 1)),
        DatedEvent::plain(EventName::DecidedToAssess, date(2026, 8, 10)),
    ]
}

#[test]
fn a_draft_tells_the_family_until_when_they_may_comment() {
    let n = told(&assessing(), DatedEvent::plain(EventName::DraftPlanIssued, date(2026, 12, 2)))
        .unwrap();
    assert_eq!(n.to, Audience::Family);
    assert_eq!(
        n.text,
        "The council has sent you the draft plan for Ellie. You have until 16 December to comment."
    );
    assert_eq!(n.link, format!("/ehc-requests/{REQUEST}/steps/comments"));
    assert_eq!(n.text_for(false), n.text);
    assert_eq!(
        n.text_for(true),
        "The council has sent you your draft plan. You have until 16 December to comment.",
        "the young person is told of their own plan"
    );
}

#[test]
fn advice_asked_tells_the_professional_when_it_is_due() {
    let asked =
        DatedEvent::referenced(EventName::AdviceRequested, "educational", date(2026, 8, 12));
    let n = told(&assessing(), asked).unwrap();
    assert_eq!(n.to, Audience::AdviceGiver);
    assert_eq!(
        n.text,
        "The council has asked for your advice about Ellie. Please send it by 23 September."
    );
    assert_eq!(n.link, "/advice");
}

#[test]
fn comments_tell_the_caseworker_and_the_final_plan_tells_the_family() {
    let mut history = assessing();
    history.push(DatedEvent::plain(EventName::DraftPlanIssued, date(2026, 10, 1)));
    let comments =
        told(&history, DatedEvent::plain(EventName::DraftCommentsReceived, date(2026, 10, 9)))
            .unwrap();
    assert_eq!(comments.to, Audience::Caseworker);
    assert_eq!(comments.link, format!("/ehc-requests/{REQUEST}"));
    history.push(DatedEvent::plain(EventName::DraftCommentsReceived, date(2026, 10, 9)));
    let last = DatedEvent::plain(EventName::FinalPlanIssued, date(2026, 11, 2));
    let fin = told(&history, last).unwrap();
    assert_eq!(fin.to, Audience::Family);
    assert_eq!(fin.text, "The council has sent you the final plan for Ellie. You can read it now.");
    assert_eq!(fin.link, format!("/ehc-requests/{REQUEST}/documents/final-plan"));
}

#[test]
fn a_consultation_tells_the_setting_and_its_answer_the_caseworker() {
    let mut history = assessing();
    history.push(DatedEvent::plain(EventName::DraftPlanIssued, date(2026, 10, 1)));
    let consulted =
        DatedEvent::referenced(EventName::InstitutionConsulted, "oakfield", date(2026, 10, 2));
    let asked = told(&history, consulted.clone()).unwrap();
    assert_eq!(asked.to, Audience::Consulted);
    assert_eq!(
        asked.text,
        "The council asks whether your school or college can be named in the plan for Ellie. Please reply by 17 October."
    );
    assert_eq!(asked.link, format!("/ehc-requests/{REQUEST}/consultations/oakfield"));
    history.push(consulted);
    let answer =
        DatedEvent::referenced(EventName::InstitutionResponded, "oakfield", date(2026, 10, 9));
    let answered = told(&history, answer).unwrap();
    assert_eq!(answered.to, Audience::Caseworker);
    assert_eq!(answered.link, format!("/ehc-requests/{REQUEST}#consultations"));
}

#[test]
fn other_events_tell_nobody() {
    assert_eq!(told(&assessing()[..1], assessing()[1].clone()), None);
}

#[test]
fn family_words_are_short_and_never_show_a_date_in_numbers() {
    let n = told(&assessing(), DatedEvent::plain(EventName::DraftPlanIssued, date(2026, 12, 2)))
        .unwrap();
    for sentence in n.text.split(". ") {
        assert!(sentence.split_whitespace().count() <= 15, "{sentence}");
    }
    assert!(!n.text.contains("2026") && !n.text.contains("-12-"), "{}", n.text);
}

/// A plan in force since 2 November 2026, reviewed on 1 October 2027 with its report sent.
fn reviewed() -> Vec<DatedEvent> {
    use crate::clock::CaseEvent;
    let mut history = assessing();
    history.push(DatedEvent::plain(EventName::DraftPlanIssued, date(2026, 10, 1)));
    history.push(DatedEvent::plain(EventName::FinalPlanIssued, date(2026, 11, 2)));
    let meeting = CaseEvent::ReviewMeetingScheduled { meeting_date: date(2027, 10, 1) };
    history.push(DatedEvent { date: date(2027, 9, 1), event: meeting });
    history.push(DatedEvent::plain(EventName::ReviewMeetingHeld, date(2027, 10, 1)));
    history
}

#[test]
fn a_review_s_report_tells_the_caseworker_and_its_decision_the_family() {
    use crate::clock::{CaseEvent, ReviewOutcome};
    let mut history = reviewed();
    let report = DatedEvent::plain(EventName::ReviewReportSent, date(2027, 10, 8));
    let sent = told(&history, report.clone()).unwrap();
    assert_eq!(sent.to, Audience::Caseworker);
    assert_eq!(sent.link, format!("/ehc-requests/{REQUEST}/review"));
    assert!(sent.text.contains("The council must decide by 29 October."), "{}", sent.text);
    history.push(report);
    let decided = |outcome| DatedEvent {
        date: date(2027, 10, 15),
        event: CaseEvent::ReviewDecisionNotified(outcome),
    };
    let kept = told(&history, decided(ReviewOutcome::Maintain)).unwrap();
    assert_eq!(kept.to, Audience::Family);
    assert_eq!(kept.link, format!("/ehc-requests/{REQUEST}/documents/review-decision"));
    assert!(kept.text.contains("keep Ellie's plan as it is"), "{}", kept.text);
    assert!(kept.text_for(true).contains("keep your plan"), "{}", kept.text_for(true));
    let amend = told(&history, decided(ReviewOutcome::Amend)).unwrap();
    assert_eq!(amend.link, format!("/ehc-requests/{REQUEST}/steps/comments"));
    assert!(amend.text.ends_with("You have until 29 October to comment."), "{}", amend.text);
    let cease = told(&history, decided(ReviewOutcome::Cease)).unwrap();
    assert!(cease.text.contains("decided to stop Ellie's plan"), "{}", cease.text);
    for n in [kept, amend, cease] {
        for sentence in n.text.split(". ") {
            assert!(sentence.split_whitespace().count() <= 15, "{sentence}");
        }
    }
}

#[test]
fn an_amended_plan_and_a_decision_to_cease_tell_the_family() {
    use crate::clock::{CaseEvent, ReviewOutcome};
    let mut history = reviewed();
    history.push(DatedEvent::plain(EventName::ReviewReportSent, date(2027, 10, 8)));
    let amend = CaseEvent::ReviewDecisionNotified(ReviewOutcome::Amend);
    history.push(DatedEvent { date: date(2027, 10, 15), event: amend });
    let amended =
        told(&history, DatedEvent::plain(EventName::AmendedPlanIssued, date(2027, 11, 12)))
            .unwrap();
    assert_eq!(amended.to, Audience::Family);
    assert_eq!(amended.link, format!("/ehc-requests/{REQUEST}/documents/amended-plan"));
    let cease =
        told(&reviewed(), DatedEvent::plain(EventName::DecidedToCease, date(2027, 11, 1))).unwrap();
    assert_eq!(cease.to, Audience::Family);
    assert_eq!(cease.link, format!("/ehc-requests/{REQUEST}/documents/decision-to-cease"));
    assert_eq!(
        cease.text_for(true),
        "The council has decided to stop your plan. Its letter says why and how to disagree."
    );
}

#[test]
fn a_date_is_in_words_with_its_year_only_when_not_this_year() {
    assert_eq!(in_words(date(2026, 12, 16), date(2026, 12, 1)), "16 December");
    assert_eq!(in_words(date(2027, 1, 4), date(2026, 12, 21)), "4 January 2027");
}
