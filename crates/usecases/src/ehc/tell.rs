//! Who is told what a step changed, written in the step's own transaction: the domain words the
//! notice from the case's duties with the step's event, the policy says who in the family may
//! act on it, and the case names its caseworker and the professional asked. Nobody is told of
//! what they did themselves.

use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::duties;
use sendcase_domain::messages::{Audience, on_event};
use sendcase_domain::policy::family_to_tell;
use sendcase_store::{AdviceChange, CaseStep, LockedCase, NewMessage};
use uuid::Uuid;

/// The messages `step` on `case` sends, if its event tells anyone; `actor` is whoever took it.
pub(super) fn messages(
    case: &LockedCase,
    step: &CaseStep,
    actor: Option<Uuid>,
    calendar: &Calendar,
    today: Date,
) -> Result<Vec<NewMessage>, Refused> {
    let Some(event) = &step.event else { return Ok(vec![]) };
    let mut history = case.case.history();
    history.push(event.clone());
    let duties = duties(&history, today, calendar).map_err(|e| Refused::Clock(e.to_string()))?;
    let child = &case.child.child.given_name;
    let Some(notice) = on_event(event, &duties, child, case.case.request.id, today) else {
        return Ok(vec![]);
    };
    let to: Vec<Uuid> = match notice.to {
        Audience::Family => family_to_tell(&case.child.relations, today),
        Audience::Caseworker => case.case.request.caseworker_user_id.into_iter().collect(),
        Audience::AdviceGiver => match &step.advice {
            Some(AdviceChange::Request { professional_user_id, .. }) => vec![*professional_user_id],
            _ => vec![],
        },
    };
    Ok(to
        .into_iter()
        .filter(|&user| Some(user) != actor)
        .map(|user_id| NewMessage {
            user_id,
            kind: notice.kind,
            body: notice.text.clone(),
            link: notice.link.clone(),
            once_key: None,
        })
        .collect())
}
