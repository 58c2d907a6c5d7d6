//! Anonymising one child's record once its retention has passed, table by table, as the domain's
//! `anonymise` says: what identifies the child or their family is taken out, what the SEN2
//! returns and the caseload's counts were made from is kept.

use crate::AuditMeta;
use crate::convert::{from_db_date, to_db_date};
use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::StoreResult;
use crate::model::full_name;
use jiff::civil::Date;
use sendcase_domain::anonymise;
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

/// The tables whose rows about the child go whole, and why none of them is kept; each is found
/// by `child_id = $1` but those named in [`BY_REQUEST`].
pub const REMOVED: &[(&str, &str)] = &[
    ("family_links", "who the child's family are; their accounts stay, as users"),
    ("young_person_decisions", "which parent takes part, in the young person's words"),
    ("parent_meetings", "notes of meetings with the family"),
    ("one_page_profiles", "the child described in their own and their family's words"),
    ("progress_checks", "the progress check at two, in free text"),
    ("support_cycle_steps", "SEN support's assess, plan, do and review, in free text"),
    ("intervention_pupils", "which interventions the child was in"),
    ("case_documents", "documents that came with a request or with advice"),
    ("advice_requests", "professionals' advice, in free text; the case's events keep its dates"),
    ("review_invitations", "who was invited to review the plan"),
];

/// The free text kept (each table, its key beside `request_id`, and its JSON column), from which
/// the names of the child and their family are taken out (`anonymise::redact`).
const REDACTED: &[(&str, &str, &str)] = &[
    ("case_events", "seq", "event"),
    ("case_records", "seq", "body"),
    ("plan_versions", "version", "plan"),
];

/// Tables of [`REMOVED`] whose rows belong to one of the child's requests.
const BY_REQUEST: &[&str] = &["review_invitations"];

impl<E: Engine> SqlStore<E> {
    /// Anonymises `child` as of `today` with its audit entry (`anonymised`), in one
    /// transaction; false, changing nothing, when there is no such child or it is anonymised
    /// already.
    pub(crate) async fn anonymise(
        &self,
        child: Uuid,
        today: Date,
        meta: &AuditMeta,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        E::lock_child(&mut tx, child).await?;
        let born: Option<time::Date> = Sql::<E>::new(
            "SELECT birth_date FROM children WHERE id = $1 AND anonymised_on IS NULL",
        )
        .bind(child)
        .scalar_optional(&mut tx)
        .await?;
        let Some(born) = born else {
            return Ok(false);
        };
        Self::redact_names(&mut tx, child).await?;
        let kept_birth = anonymise::birth_date(from_db_date(born)?);
        Sql::<E>::new(
            "UPDATE children SET given_name = $2, family_name = $3, birth_date = $4, \
             upn = NULL, nhs_number = NULL, uln = NULL, anonymised_on = $5 WHERE id = $1",
        )
        .bind(child)
        .bind(anonymise::GIVEN_NAME)
        .bind(anonymise::FAMILY_NAME)
        .bind(to_db_date(kept_birth))
        .bind(to_db_date(today))
        .execute(&mut tx)
        .await?;
        // The caseload and the plans keep the child's name beside each request, for sorting, and
        // the plans the date of birth and UPN they show.
        Sql::<E>::new("UPDATE caseload SET child_name = $2 WHERE child_id = $1")
            .bind(child)
            .bind(full_name(anonymise::GIVEN_NAME, anonymise::FAMILY_NAME))
            .execute(&mut tx)
            .await?;
        Sql::<E>::new(
            "UPDATE ehc_plans SET given_name = $2, family_name = $3, birth_date = $4, upn = NULL \
             WHERE child_id = $1",
        )
        .bind(child)
        .bind(anonymise::GIVEN_NAME)
        .bind(anonymise::FAMILY_NAME)
        .bind(to_db_date(kept_birth))
        .execute(&mut tx)
        .await?;
        for (table, _) in REMOVED {
            let whose = if BY_REQUEST.contains(table) {
                "request_id IN (SELECT id FROM ehc_requests WHERE child_id = $1)"
            } else {
                "child_id = $1"
            };
            Sql::<E>::new(format!("DELETE FROM {table} WHERE {whose}"))
                .bind(child)
                .execute(&mut tx)
                .await?;
        }
        let id = child.to_string();
        Self::commit_audited(tx, meta, "anonymised", "child", Some(&id)).await?;
        Ok(true)
    }

    /// Takes the names of the child and of the accounts linked to them as family out of the
    /// free text kept, before the links go.
    async fn redact_names(tx: &mut Tx<'_, E>, child: Uuid) -> StoreResult<()> {
        let named: Vec<(String,)> = Sql::<E>::new(
            "SELECT given_name FROM children WHERE id = $1 \
             UNION ALL SELECT family_name FROM children WHERE id = $1 \
             UNION ALL SELECT u.display_name FROM users u \
             JOIN family_links f ON f.user_id = u.id WHERE f.child_id = $1",
        )
        .bind(child)
        .fetch_all(&mut **tx)
        .await?;
        // Each word of a name too, so "Sarah Khan" goes from "Mrs Khan" as well.
        let names: Vec<String> = named
            .iter()
            .flat_map(|(n,)| {
                std::iter::once(n.clone()).chain(n.split_whitespace().map(str::to_owned))
            })
            .collect();
        for (table, key, column) in REDACTED {
            let rows: Vec<(Uuid, i32, Json<Value>)> = Sql::<E>::new(format!(
                "SELECT request_id, {key}, {column} FROM {table} \
                 WHERE request_id IN (SELECT id FROM ehc_requests WHERE child_id = $1)"
            ))
            .bind(child)
            .fetch_all(&mut **tx)
            .await?;
            for (request, at, Json(mut value)) in rows {
                if anonymise::redact(&mut value, &names) {
                    Sql::<E>::new(format!(
                        "UPDATE {table} SET {column} = $3 WHERE request_id = $1 AND {key} = $2"
                    ))
                    .bind(request)
                    .bind(at)
                    .bind(Json(value))
                    .execute(&mut **tx)
                    .await?;
                }
            }
        }
        Ok(())
    }
}
