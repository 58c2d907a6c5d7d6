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

#[test]
fn a_date_is_in_words_with_its_year_only_when_not_this_year() {
    assert_eq!(in_words(date(2026, 12, 16), date(2026, 12, 1)), "16 December");
    assert_eq!(in_words(date(2027, 1, 4), date(2026, 12, 21)), "4 January 2027");
}
