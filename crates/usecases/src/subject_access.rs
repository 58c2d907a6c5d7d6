//! A subject access request (UK GDPR article 15): everything held about one child or young
//! person as one JSON document, with the plans and decision letters the council sent about them.
//! The council's manager asks on the web (the policy decides); the command line asks as the
//! system. Either way the export is audited before anything is read, so an export that fails
//! half way is still on record.

use crate::Refused;
use crate::documents::{self, Dated, StoredCase};
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::documents::{Document, DocumentKind};
use sendcase_domain::people::identifiers::Upn;
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::decide_subject_access;
use sendcase_store::{AuditMeta, Child, HeldRows, NOT_ABOUT_A_CHILD, Store};
use serde_json::{Value, json};
use uuid::Uuid;

/// What the JSON document says it is, so that a reader can tell this shape from later ones.
pub const FORMAT: &str = "sendcase-subject-access/1";

/// The export: the JSON document and the council's documents it lists.
pub struct SubjectAccess {
    pub child_id: Uuid,
    pub json: Value,
    pub documents: Vec<SentDocument>,
}

impl SubjectAccess {
    /// Each document as the archive takes it: its file name, the document and its date.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Document, Date)> {
        self.documents.iter().map(|d| (d.file.as_str(), &d.dated.document, d.dated.on))
    }
}

/// One of the council's documents, with the name the JSON document gives its file.
pub struct SentDocument {
    pub file: String,
    pub request_id: Uuid,
    pub kind: DocumentKind,
    pub dated: Dated,
}

/// The child a DPO's search names: by the record's id or by UPN.
pub async fn find_child(store: &dyn Store, key: &str) -> Result<Option<Uuid>, Refused> {
    let key = key.trim();
    if let Ok(id) = key.parse::<Uuid>() {
        return Ok(Some(id));
    }
    match key.parse::<Upn>() {
        Ok(upn) => Ok(store.child_with_upn(&upn).await?),
        Err(_) => Ok(None),
    }
}

/// The child, if the policy lets `acting` answer a subject access request for them, and the
/// role it lets them act in.
async fn answerable(acting: &crate::Acting<'_>, child_id: Uuid) -> Result<(Child, Role), Refused> {
    let record = acting.store.child(child_id, acting.today).await?.ok_or(Refused::NotFound)?;
    let role = decide_subject_access(acting.actor, &record.relations, acting.today).allowed()?;
    Ok((record.child, role))
}

/// The child whose export `acting` is about to download, to show them whose it is; a read of
/// the record, audited as one.
pub async fn subject(acting: &crate::Acting<'_>, child_id: Uuid) -> Result<Child, Refused> {
    let (child, role) = answerable(acting, child_id).await?;
    let id = child_id.to_string();
    acting.store.record_access(&acting.audit(Some(role)), "read", "child", Some(&id)).await?;
    Ok(child)
}

/// The export for a signed-in person, if the policy lets them answer for this child.
pub async fn export(acting: &crate::Acting<'_>, child_id: Uuid) -> Result<SubjectAccess, Refused> {
    let (_, role) = answerable(acting, child_id).await?;
    let meta = acting.audit(Some(role));
    export_as_system(acting.store, acting.calendar, child_id, acting.today, &meta).await
}

/// The export for the system's own work (the command line), which says in `meta` who ran it;
/// the web's [`export`] comes here once the policy has agreed.
pub async fn export_as_system(
    store: &dyn Store,
    calendar: &Calendar,
    child_id: Uuid,
    today: Date,
    meta: &AuditMeta,
) -> Result<SubjectAccess, Refused> {
    store.child(child_id, today).await?.ok_or(Refused::NotFound)?;
    let id = child_id.to_string();
    store.record_access(meta, "subject_access_export", "child", Some(&id)).await?;
    let held = store.held_about(child_id).await?;
    let (documents, not_made) = sent_documents(store, calendar, &requests(&held), today).await?;
    let tables: serde_json::Map<String, Value> =
        held.into_iter().map(|h| (h.table.to_owned(), Value::from(h.rows))).collect();
    let left_out: serde_json::Map<String, Value> =
        NOT_ABOUT_A_CHILD.iter().map(|(table, why)| ((*table).to_owned(), json!(why))).collect();
    let listed: Vec<Value> = documents
        .iter()
        .map(|d| {
            let (request, kind) = (d.request_id.to_string(), d.kind.slug());
            json!({"file": d.file, "request_id": request, "kind": kind, "dated": d.dated.on})
        })
        .collect();
    let json = json!({
        "format": FORMAT,
        "child_id": id,
        "produced_on": today,
        "tables": tables,
        "documents": listed,
        "documents_not_made": not_made,
        "tables_left_out": left_out,
    });
    Ok(SubjectAccess { child_id, json, documents })
}

/// The ids of the child's EHC requests, as the export read them.
fn requests(held: &[HeldRows]) -> Vec<Uuid> {
    held.iter()
        .filter(|h| h.table == "ehc_requests")
        .flat_map(|h| &h.rows)
        .filter_map(|row| row.get("id")?.as_str()?.parse().ok())
        .collect()
}

/// Every document each request has sent, and those that cannot be made and why (a council that
/// has not set the contacts a letter must give).
async fn sent_documents(
    store: &dyn Store,
    calendar: &Calendar,
    requests: &[Uuid],
    today: Date,
) -> Result<(Vec<SentDocument>, Vec<Value>), Refused> {
    let (mut made, mut not_made) = (vec![], vec![]);
    for &request in requests {
        let Some(stored) = StoredCase::read(store, request, today).await? else { continue };
        let file = stored.file();
        for kind in documents::available(&file) {
            let name = format!("documents/{request}/{}.pdf", kind.slug());
            match documents::document(store, calendar, &file, kind).await {
                Ok(dated) => {
                    made.push(SentDocument { file: name, request_id: request, kind, dated })
                }
                Err(Refused::NotSetUp(why)) => not_made.push(not_made_entry(request, kind, &why)),
                Err(other) => return Err(other),
            }
        }
    }
    Ok((made, not_made))
}

fn not_made_entry(request: Uuid, kind: DocumentKind, why: &str) -> Value {
    json!({"request_id": request.to_string(), "kind": kind.slug(), "why": why})
}
