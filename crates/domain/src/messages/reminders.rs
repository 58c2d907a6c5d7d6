//! Reminders: whoever is responsible for a duty is told a set number of days before it is due,
//! and again once it is overdue. Which reminders fall due is worked out from the case's duties
//! on a given day, so a day the worker missed is made up the next; each reminder has a key of
//! its own, so it is written once however often it is worked out.

use super::{Audience, Notice, in_words};
use crate::clock::{Duty, DutyKind, Responsible, must_happen};
use crate::ehc::records::adviser;
use jiff::ToSpan;
use jiff::civil::Date;
use uuid::Uuid;

/// A reminder, with the key that makes it be written once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub notice: Notice,
    /// Who is reminded, when it is one professional's advice or one setting's answer: the
    /// duty's reference.
    pub reference: Option<String>,
    pub once_key: String,
}

/// The reminders of the request `request` that fall due on `today`: for each duty still owed,
/// one from `days_before` days before its due date until the day it is due, and one on any of
/// the `days_before` days after it became overdue. A duty nobody in sendcase answers for (a
/// mediation adviser's) reminds nobody.
pub fn reminders_due(
    duties: &[Duty<'_>],
    child: &str,
    request: Uuid,
    today: Date,
    days_before: i64,
) -> Vec<Reminder> {
    duties
        .iter()
        .filter(|d| d.met_on.is_none() && d.status.awaits_action())
        .filter_map(|d| {
            let to = audience(d.kind)?;
            let soon = d.due.checked_sub(days_before.days()).ok()? <= today && today <= d.due;
            let late = d.due < today && today <= d.due.checked_add(days_before.days()).ok()?;
            let (when, heading) = if soon {
                ("soon", "Reminder")
            } else if late {
                ("overdue", "Overdue")
            } else {
                return None;
            };
            let what = format!("{} by {}.", lower(d), in_words(d.due, today));
            let own = (to == Audience::Family).then(|| format!("{heading}: {what}"));
            let reference = d.reference.unwrap_or("");
            Some(Reminder {
                notice: Notice {
                    to,
                    kind: "reminder",
                    text: format!("{heading} for {child}: {what}"),
                    to_the_young_person: own,
                    link: format!("/ehc-requests/{request}"),
                },
                reference: d
                    .reference
                    .filter(|_| {
                        matches!(d.kind, DutyKind::ProvideAdvice | DutyKind::RespondToConsultation)
                    })
                    .map(str::to_owned),
                once_key: format!("reminder:{request}:{}:{reference}:{}:{when}", d.kind, d.due),
            })
        })
        .collect()
}

/// Who in sendcase answers for a duty's kind.
fn audience(kind: DutyKind) -> Option<Audience> {
    match kind.responsible() {
        Responsible::La | Responsible::OldLa | Responsible::NewLa => Some(Audience::Caseworker),
        Responsible::SettingOrLa => Some(Audience::Setting),
        Responsible::ParentOrYoungPerson => Some(Audience::Family),
        Responsible::AdviceGiver => Some(Audience::AdviceGiver),
        Responsible::Institution => Some(Audience::Consulted),
        Responsible::MediationAdviser => None,
    }
}

/// The duty's sentence, starting in lower case after "Reminder for Ellie:".
fn lower(d: &Duty<'_>) -> String {
    let text = must_happen(d.kind, d.reference.map(adviser).as_deref());
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::calendar::Calendar;
    use crate::clock::{DatedEvent, EventName, duties};
    use jiff::civil::date;

    const REQUEST: Uuid = Uuid::from_u128(9);

    /// The reminders on `today` of a case with these events, 5 days ahead.
    fn on(today: Date, events: &[DatedEvent]) -> Vec<Reminder> {
        let duties = duties(events, today, Calendar::england_and_wales()).unwrap();
        reminders_due(&duties, "Ellie", REQUEST, today, 5)
    }

    /// A request received on 1 July 2026: the decision whether to assess is due on 12 August.
    fn received() -> Vec<DatedEvent> {
        vec![DatedEvent::plain(EventName::RequestReceived, date(2026, 7, 1))]
    }

    #[test]
    fn a_duty_reminds_from_the_set_days_before_until_it_is_due() {
        assert_eq!(on(date(2026, 8, 6), &received()), vec![]);
        let first = on(date(2026, 8, 7), &received());
        assert_eq!(first.len(), 1, "{first:?}");
        assert_eq!(first[0].notice.to, Audience::Caseworker);
        assert_eq!(
            first[0].notice.text,
            "Reminder for Ellie: the council must decide whether to carry out an assessment by 12 August."
        );
        assert_eq!(
            first[0].once_key,
            format!("reminder:{REQUEST}:decide_whether_to_assess::2026-08-12:soon")
        );
        // Worked out again on a later day it is the same reminder, written once.
        assert_eq!(on(date(2026, 8, 12), &received()), first);
    }

    #[test]
    fn an_overdue_duty_reminds_once_more_then_no_longer() {
        let late = on(date(2026, 8, 13), &received());
        assert_eq!(late.len(), 1, "{late:?}");
        assert!(late[0].notice.text.starts_with("Overdue for Ellie: the council must decide"));
        assert!(late[0].once_key.ends_with(":overdue"));
        assert_eq!(on(date(2026, 8, 17), &received()), late);
        assert_eq!(on(date(2026, 8, 18), &received()), vec![]);
    }

    #[test]
    fn a_review_s_invitations_remind_the_setting() {
        use crate::clock::CaseEvent;
        let mut events = received();
        for (name, on) in [
            (EventName::DecidedToAssess, date(2026, 8, 1)),
            (EventName::DraftPlanIssued, date(2026, 10, 1)),
            (EventName::FinalPlanIssued, date(2026, 11, 2)),
        ] {
            events.push(DatedEvent::plain(name, on));
        }
        let meeting_date = date(2027, 3, 22);
        let event = CaseEvent::ReviewMeetingScheduled { meeting_date };
        events.push(DatedEvent { date: date(2027, 3, 1), event });
        let due = on(date(2027, 3, 3), &events);
        let invite: Vec<_> =
            due.iter().filter(|r| r.once_key.contains("send_review_inv")).collect();
        assert_eq!(invite.len(), 1, "{due:?}");
        assert_eq!(invite[0].notice.to, Audience::Setting);
    }

    #[test]
    fn a_duty_met_reminds_nobody_and_advice_reminds_its_adviser() {
        let mut events = received();
        events.push(DatedEvent::plain(EventName::DecidedToAssess, date(2026, 8, 1)));
        events.push(DatedEvent::referenced(EventName::AdviceRequested, "health", date(2026, 8, 3)));
        let due = on(date(2026, 9, 10), &events);
        let advice: Vec<_> = due.iter().filter(|r| r.notice.to == Audience::AdviceGiver).collect();
        assert_eq!(advice.len(), 1, "{due:?}");
        assert_eq!(advice[0].reference.as_deref(), Some("health"));
        assert!(!due.iter().any(|r| r.once_key.contains("decide_whether_to_assess")), "{due:?}");
    }

    #[test]
    fn a_consultation_reminds_the_setting_consulted() {
        let mut events = received();
        for (name, on) in [
            (EventName::DecidedToAssess, date(2026, 8, 1)),
            (EventName::DraftPlanIssued, date(2026, 10, 1)),
        ] {
            events.push(DatedEvent::plain(name, on));
        }
        let consulted =
            DatedEvent::referenced(EventName::InstitutionConsulted, "oakfield", date(2026, 10, 2));
        events.push(consulted);
        // Due 15 days on, on 17 October; reminded from the 12th.
        let due = on(date(2026, 10, 12), &events);
        let asked: Vec<_> = due.iter().filter(|r| r.notice.to == Audience::Consulted).collect();
        assert_eq!(asked.len(), 1, "{due:?}");
        assert_eq!(asked[0].reference.as_deref(), Some("oakfield"));
        assert!(asked[0].notice.text.contains("17 October"), "{:?}", asked[0].notice.text);
    }
}
