//! Who is told what a step changed, written in the step's own transaction: the domain words the
//! notice from the case's duties with the step's event, the policy says who in the family may
//! act on it, and the case names its caseworker and the professional asked; the council's
//! managers and settings' SENCOs are read only for a notice that is for them. Nobody is told of
//! what they did themselves.

use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::duties;
use sendcase_domain::messages::{Audience, Notice, on_event};
use sendcase_domain::policy::{ChildRelations, family_to_tell};
use sendcase_store::{
    AdviceChange, CaseStaff, CaseStep, ConsultationMark, EhcRequest, LockedCase, NewMessage, Store,
};
use uuid::Uuid;

/// What `step` on `case` tells, if its event tells anyone.
pub(super) fn notice(
    case: &LockedCase,
    step: &CaseStep,
    calendar: &Calendar,
    today: Date,
) -> Result<Option<Notice>, Refused> {
    let Some(event) = &step.event else { return Ok(None) };
    let mut history = case.case.history();
    history.push(event.clone());
    let duties = duties(&history, today, calendar).map_err(|e| Refused::Clock(e.to_string()))?;
    let child = &case.child.child.given_name;
    Ok(on_event(event, &duties, child, case.case.request.id, today))
}

/// `notice` as messages to the people it is for; `actor` is whoever took the step.
pub(super) fn messages(
    case: &LockedCase,
    notice: &Notice,
    parties: Parties,
    actor: Option<Uuid>,
    today: Date,
) -> Vec<NewMessage> {
    let relations = &case.child.relations;
    let to = people(notice.to, &case.case.request, relations, parties, today);
    let to = to.into_iter().filter(|&user| Some(user) != actor);
    addressed(notice, to, None, relations.own_account)
}

/// Who besides the family a notice on a case may be for.
pub(super) struct Parties {
    /// The professional asked for advice.
    pub adviser: Option<Uuid>,
    /// The SENCOs of the setting consulted.
    pub consulted: Vec<Uuid>,
    pub staff: CaseStaff,
}

impl Parties {
    /// Those a notice `to` someone about `step` on `case` may reach, each read from the store
    /// only when the notice needs them: the council's managers while no caseworker holds the
    /// case, the SENCOs of the child's settings, or of the setting the step consults.
    pub async fn of(
        store: &dyn Store,
        case: &LockedCase,
        step: &CaseStep,
        to: Audience,
    ) -> Result<Parties, Refused> {
        let adviser = match &step.advice {
            Some(AdviceChange::Request { professional_user_id, .. }) => Some(*professional_user_id),
            _ => None,
        };
        let relations = &case.child.relations;
        let la = relations.responsible_la;
        let mut parties = Parties { adviser, consulted: vec![], staff: CaseStaff::default() };
        match to {
            Audience::Caseworker if case.case.request.caseworker_user_id.is_none() => {
                parties.staff = store.case_staff(la, &[]).await?;
            }
            Audience::Setting => {
                parties.staff = store.case_staff(la, &relations.schools_on_roll).await?;
            }
            Audience::Consulted => {
                let consulted = step.records.iter().find_map(|r| match &r.consultation {
                    Some(ConsultationMark::Opens { setting, .. }) => Some(*setting),
                    _ => None,
                });
                if let Some(setting) = consulted {
                    parties.consulted = store.case_staff(la, &[setting]).await?.sencos;
                }
            }
            _ => {}
        }
        Ok(parties)
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
    parties: Parties,
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
        Audience::Consulted => consulted,
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
