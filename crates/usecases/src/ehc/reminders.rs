//! Reminders of the duties of open requests: `serve` writes those that fall due each day, each
//! at most once whatever the number of servers or runs (the domain's key for it, per person).

use super::tell::{addressed, people};
use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::duties;
use sendcase_domain::messages::reminders::reminders_due;
use sendcase_store::{AuditMeta, Store};

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
            let adviser = advice
                .iter()
                .find(|a| Some(&a.clock_ref) == reminder.advice_ref.as_ref())
                .map(|a| a.professional_user_id);
            let to = people(reminder.notice.to, &case.request, relations, (adviser, &staff), today);
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
