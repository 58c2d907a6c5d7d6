//! Reminders of the duties of open requests: `serve` writes those that fall due each day, each
//! at most once whatever the number of servers or runs (the domain's key for it, per person).

use super::file::open_consultation;
use super::tell::{Parties, addressed, people};
use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::duties;
use sendcase_domain::messages::Audience;
use sendcase_domain::messages::reminders::reminders_due;
use sendcase_domain::policy::ChildRelations;
use sendcase_store::{AuditMeta, Store};
use uuid::Uuid;

/// Writes the reminders that fall due on `today`, `days_before` days ahead of each due date and
/// on the days after it became overdue; how many were new.
pub async fn write_reminders(
    store: &dyn Store,
    calendar: &Calendar,
    today: Date,
    days_before: i64,
) -> Result<u64, Refused> {
    let mut messages = vec![];
    for id in store.open_requests(today).await? {
        let Some(case) = store.ehc_case(id).await? else { continue };
        let Some(child) = store.child(case.request.child_id, today).await? else { continue };
        let advice = store.case_advice_requests(id).await?;
        let relations = &child.relations;
        let staff = store.case_staff(relations.responsible_la, &relations.schools_on_roll).await?;
        let history = case.history();
        let duties =
            duties(&history, today, calendar).map_err(|e| Refused::Clock(e.to_string()))?;
        let given_name = &child.child.given_name;
        for reminder in reminders_due(&duties, given_name, id, today, days_before) {
            let reference = reminder.reference.as_deref();
            let adviser = advice
                .iter()
                .find(|a| Some(a.clock_ref.as_str()) == reference)
                .map(|a| a.professional_user_id);
            let consulted = match (reminder.notice.to, reference) {
                (Audience::Consulted, Some(r)) => consulted_sencos(store, id, r, relations).await?,
                _ => vec![],
            };
            let parties = Parties { adviser, consulted, staff: staff.clone() };
            let to = people(reminder.notice.to, &case.request, relations, parties, today);
            let young_person = child.relations.own_account;
            messages.extend(addressed(
                &reminder.notice,
                to,
                Some(&reminder.once_key),
                young_person,
            ));
        }
    }
    Ok(store.write_messages(&messages, &AuditMeta::system("reminders")).await?)
}

/// The SENCOs of the setting consulted as `clock_ref` on the request `id`; none where it is not
/// a setting sendcase knows.
async fn consulted_sencos(
    store: &dyn Store,
    id: Uuid,
    clock_ref: &str,
    child: &ChildRelations,
) -> Result<Vec<Uuid>, Refused> {
    let stored = store.case_records(id).await?;
    match open_consultation(store, &stored, clock_ref).await? {
        Some((_, setting)) => Ok(store.case_staff(child.responsible_la, &[setting]).await?.sencos),
        None => Ok(vec![]),
    }
}
