//! Everything held about one child or young person, table by table, for a subject access request
//! (UK GDPR article 15). [`HELD`] says how each table's rows about the child are found and
//! [`NOT_ABOUT_A_CHILD`] why the others are left out; a test fails when a table is in neither,
//! so a new table cannot be forgotten by the export.

use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use crate::json_rows::JsonRow;
use async_trait::async_trait;
use serde_json::Value;
use uuid::Uuid;

/// The rows of one table that are about the child.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldRows {
    pub table: &'static str,
    pub rows: Vec<JsonRow>,
}

#[async_trait]
pub trait SubjectAccessStore: Send + Sync {
    /// Every table of [`HELD`], in its order, with the rows about `child` (none when no child has
    /// that id).
    async fn held_about(&self, child: Uuid) -> StoreResult<Vec<HeldRows>>;
}

/// How a table's rows about the child are found.
#[derive(Debug, Clone, Copy)]
pub enum Reach {
    /// The condition, with `$1` the child's id.
    Child(&'static str),
    /// The rows of this text column that name the child's id or one of their requests' ids.
    Names(&'static str),
    /// The rows of this text column that link to a page of the child or of one of their requests.
    Links(&'static str),
}

/// A table that holds something about a child, and how to read it so both backends agree.
#[derive(Debug, Clone, Copy)]
pub struct Held {
    pub table: &'static str,
    pub reach: Reach,
    /// Yes-or-no columns, kept as 0 and 1 by SQLite.
    pub flags: &'static [&'static str],
    /// JSON columns, kept as text by SQLite.
    pub json: &'static [&'static str],
    /// Columns never given out: secrets that would let someone act as the account holder.
    pub withheld: &'static [&'static str],
}

const fn held(table: &'static str, reach: Reach) -> Held {
    Held { table, reach, flags: &[], json: &[], withheld: &[] }
}

const OF_CHILD: Reach = Reach::Child("child_id = $1");
const OF_REQUESTS: Reach =
    Reach::Child("request_id IN (SELECT id FROM ehc_requests WHERE child_id = $1)");

/// The tables that hold something about a child, in the order the export gives them.
pub const HELD: &[Held] = &[
    held("children", Reach::Child("id = $1")),
    held("enrolments", OF_CHILD),
    held("family_links", OF_CHILD),
    Held {
        flags: &["email_messages"],
        withheld: &["password_hash"],
        ..held(
            "users",
            Reach::Child(
                "id IN (SELECT user_id FROM family_links \
                 WHERE child_id = $1 AND relationship = 'self')",
            ),
        )
    },
    held("young_person_decisions", OF_CHILD),
    held("sen_register", OF_CHILD),
    Held { json: &["step"], ..held("support_cycle_steps", OF_CHILD) },
    held("intervention_pupils", OF_CHILD),
    Held {
        json: &["intervention"],
        ..held(
            "interventions",
            Reach::Child(
                "id IN (SELECT intervention_id FROM intervention_pupils WHERE child_id = $1)",
            ),
        )
    },
    held("parent_meetings", OF_CHILD),
    held("one_page_profiles", OF_CHILD),
    Held { json: &["progress_check"], ..held("progress_checks", OF_CHILD) },
    Held { json: &["advice"], ..held("advice_requests", OF_CHILD) },
    held("case_documents", OF_CHILD),
    held("ehc_requests", OF_CHILD),
    Held { json: &["event"], ..held("case_events", OF_REQUESTS) },
    Held { json: &["body"], ..held("case_records", OF_REQUESTS) },
    Held {
        flags: &["final_plan_within_time", "exception_recorded"],
        ..held("ehc_summaries", OF_REQUESTS)
    },
    Held { flags: &["exception_applies"], ..held("caseload", OF_CHILD) },
    held("ehc_plans", OF_CHILD),
    Held { json: &["plan"], ..held("plan_versions", OF_REQUESTS) },
    held("plan_transfers", OF_REQUESTS),
    held("review_invitations", OF_REQUESTS),
    held("consultations", OF_REQUESTS),
    held("messages", Reach::Links("link")),
    held("outbox", Reach::Links("link")),
    held("audit_log", Reach::Names("record_id")),
];

/// The tables that hold nothing about a particular child, and why.
pub const NOT_ABOUT_A_CHILD: &[(&str, &str)] = &[
    ("organisations", "councils, schools and services, not people"),
    ("la_contacts", "a council's contact details"),
    ("postcodes", "where postcodes are, for the Local Offer's search"),
    ("memberships", "the roles staff accounts hold in organisations"),
    ("local_offer_services", "the Local Offer's services"),
    ("local_offer_service_versions", "earlier versions of the Local Offer's services"),
    ("local_offer_revision", "a counter of changes to the Local Offer"),
    ("list_version", "a counter of changes to the lists of requests and plans"),
    ("local_offer_feedback", "comments on the Local Offer, which name no child's record"),
    ("sen_information_reports", "a school's published SEN information report"),
    ("sen_information_report_sections", "a school's published SEN information report"),
    ("projection_fingerprint", "which version of the clock computed the caseload"),
    ("audit_checkpoints", "signatures over the audit log as a whole"),
    ("sessions", "hashes of sign-in cookies: secrets that guard an account"),
    ("api_tokens", "hashes of API tokens: secrets that guard an account"),
    ("password_resets", "hashes of password reset links: secrets that guard an account"),
    ("user_totp", "authenticator secrets: secrets that guard an account"),
    ("recovery_codes", "hashes of recovery codes: secrets that guard an account"),
    ("sign_in_throttle", "counts of failed sign-ins, kept under a hash of the address"),
    ("sso_identities", "which account a person at an identity provider signs in to"),
    ("sso_starts", "single sign-ins under way: secrets that guard an account"),
    ("sso_pending", "staff waiting for an administrator to approve their single sign-on"),
];

#[async_trait]
impl<E: Engine> SubjectAccessStore for SqlStore<E> {
    async fn held_about(&self, child: Uuid) -> StoreResult<Vec<HeldRows>> {
        let mut conn = self.read().await?;
        let requests: Vec<Uuid> = Sql::<E>::new("SELECT id FROM ehc_requests WHERE child_id = $1")
            .bind(child)
            .fetch_all::<(Uuid,)>(&mut conn)
            .await?
            .into_iter()
            .map(|(id,)| id)
            .collect();
        let known = Sql::<E>::new("SELECT id FROM children WHERE id = $1")
            .bind(child)
            .scalar_optional::<Uuid>(&mut conn)
            .await?
            .is_some();
        let ids: Vec<String> =
            std::iter::once(child).chain(requests).map(|id| id.to_string()).collect();
        let mut held = Vec::with_capacity(HELD.len());
        for table in HELD {
            let select = format!("SELECT * FROM {} WHERE ", table.table);
            let mut sql = match table.reach {
                Reach::Child(condition) => Sql::<E>::new(select + condition).bind(child),
                Reach::Names(column) => {
                    let mut sql = Sql::<E>::new(select + column);
                    sql.push(" IN (").push_list(ids.iter().cloned()).push(")");
                    sql
                }
                Reach::Links(column) => {
                    let mut sql = Sql::<E>::new(select);
                    for (i, id) in ids.iter().enumerate() {
                        sql.push(if i == 0 { "(" } else { " OR " }).push(column).push(" LIKE ");
                        sql.push_bind(format!("%/{id}%"));
                    }
                    sql.push(")");
                    sql
                }
            };
            sql.push(" ORDER BY 1, 2");
            let rows = if known { sql.fetch_json(&mut conn).await? } else { vec![] };
            let rows = rows.into_iter().map(|row| table.tidy(row)).collect();
            held.push(HeldRows { table: table.table, rows });
        }
        Ok(held)
    }
}

impl Held {
    /// The row as both backends give it: flags as true or false, JSON as JSON, secrets left out.
    fn tidy(&self, mut row: JsonRow) -> JsonRow {
        for column in self.withheld {
            row.remove(*column);
        }
        for (column, value) in row.iter_mut() {
            if self.flags.contains(&column.as_str())
                && let Some(n) = value.as_i64()
            {
                *value = Value::Bool(n != 0);
            }
            if self.json.contains(&column.as_str())
                && let Some(text) = value.as_str()
                && let Ok(parsed) = serde_json::from_str(text)
            {
                *value = parsed;
            }
        }
        row
    }
}
