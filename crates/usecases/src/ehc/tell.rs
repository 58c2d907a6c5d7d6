//! Who is told what a step changed, written in the step's own transaction: the domain words the
//! notice from the case's duties with the step's event, the policy says who in the family may
//! act on it, and the case names its caseworker and the professional asked. Nobody is told of
//! what they did themselves.

use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::duties;
use sendcase_domain::messages::{Audience, Notice, on_event};
use sendcase_domain::policy::{ChildRelations, family_to_tell};
use sendcase_store::{AdviceChange, CaseStaff, CaseStep, EhcRequest, LockedCase, NewMessage};
use uuid::Uuid;

/// The messages `step` on `case` sends, if its event tells anyone; `actor` is whoever took it.
pub(super) fn messages(
    case: &LockedCase,
    step: &CaseStep,
    parties: Parties<'_>,
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
    let relations = &case.child.relations;
    let to = people(notice.to, &case.case.request, relations, parties, today);
    let to = to.into_iter().filter(|&user| Some(user) != actor);
    Ok(addressed(&notice, to, None, relations.own_account))
}

/// Who besides the family a notice on a case may be for.
#[derive(Clone, Copy)]
pub(super) struct Parties<'a> {
    /// The professional asked for advice.
    pub adviser: Option<Uuid>,
    /// The SENCOs of the setting consulted.
    pub consulted: &'a [Uuid],
    pub staff: &'a CaseStaff,
}

impl<'a> Parties<'a> {
    /// Those of `step` on `case`: the professional it asks, and `consulted`.
    pub fn of(case: &'a LockedCase, step: &CaseStep, consulted: &'a [Uuid]) -> Self {
        let adviser = match &step.advice {
            Some(AdviceChange::Request { professional_user_id, .. }) => Some(*professional_user_id),
            _ => None,
        };
        Parties { adviser, consulted, staff: &case.staff }
    }
}

/// The people `to` stands for on the request: the family as the policy says on `today`, the
/// request's caseworker (the council's managers while there is none), the child's settings'
/// SENCOs (the caseworker where there are none), the professional asked, or the SENCOs of the
/// setting consulted.
pub(super) fn people(
    to: Audience,
    request: &EhcRequest,
    child: &ChildRelations,
    parties: Parties<'_>,
    today: Date,
) -> Vec<Uuid> {
    let Parties { adviser, consulted, staff } = parties;
    let caseworker = || match request.caseworker_user_id {
        Some(user) => vec![user],
        None => staff.managers.clone(),
    };
    match to {
        Audience::Family => family_to_tell(child, today),
        Audience::Caseworker => caseworker(),
        Audience::Setting if staff.sencos.is_empty() => caseworker(),
        Audience::Setting => staff.sencos.clone(),
        Audience::AdviceGiver => adviser.into_iter().collect(),
        Audience::Consulted => consulted.to_vec(),
    }
}

/// `notice` as a message to each of `users`; with `once_key`, each written at most once.
/// `young_person` is the account of the child the case is about, if they have one.
pub(super) fn addressed(
    notice: &Notice,
    users: impl IntoIterator<Item = Uuid>,
    once_key: Option<&str>,
    young_person: Option<Uuid>,
) -> Vec<NewMessage> {
    users
        .into_iter()
        .map(|user_id| NewMessage {
            user_id,
            kind: notice.kind,
            body: notice.text_for(Some(user_id) == young_person).to_owned(),
            link: notice.link.clone(),
            once_key: once_key.map(|key| format!("{key}:{user_id}")),
        })
        .collect()
}
