//! The documents sent with a request for an assessment or with advice, checked as the domain
//! says (`ehc::attachments`) before anything is written, and read one at a time by whoever the
//! policy lets read them (`decide_document_read`).

use crate::{Acting, Refused};
use sendcase_domain::ehc::attachments::{MOST_FILES, check_file};
use sendcase_domain::ehc::records::AdviceKind;
use sendcase_domain::policy::{AdviceGiven, Decision, decide_document_read};
use sendcase_store::{Attachment, NewAttachment};
use uuid::Uuid;

/// A file as it was sent: the name it came under and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub file_name: String,
    pub content: Vec<u8>,
}

/// The form field the files are chosen in, which a refusal names.
pub const FILES_FIELD: &str = "files";

/// `files` as they are kept, or the first reason one of them may not be.
pub(crate) fn attachments(files: Vec<Upload>) -> Result<Vec<NewAttachment>, Refused> {
    if files.len() > MOST_FILES {
        let why = format!("Attach {MOST_FILES} files or fewer");
        return Err(Refused::rule(FILES_FIELD, why));
    }
    files
        .into_iter()
        .map(|Upload { file_name, content }| {
            let checked =
                check_file(&file_name, &content).map_err(|why| Refused::rule(FILES_FIELD, why))?;
            Ok(NewAttachment {
                file_name: checked.file_name,
                content_type: checked.document_type.content_type().to_owned(),
                content,
            })
        })
        .collect()
}

/// The case's document `id`, if `acting` may read it ([`decide_document_read`]); the read or
/// refusal is audited before the bytes are returned.
pub async fn case_document(acting: &Acting<'_>, id: Uuid) -> Result<Attachment, Refused> {
    let store = acting.store;
    let file = store.case_document(id).await?.ok_or(Refused::NotFound)?;
    let given = match file.info.advice_request_id {
        None => None,
        Some(advice) => {
            let asked = store.case_advice_requests(file.ehc_request_id).await?;
            let advice = asked.into_iter().find(|a| a.id == advice).ok_or(Refused::NotFound)?;
            Some(AdviceGiven {
                author: advice.professional_user_id,
                health: advice.advice_kind == AdviceKind::Health.code(),
            })
        }
    };
    let record = store.child(file.child_id, acting.today).await?.ok_or(Refused::NotFound)?;
    let bodies = crate::health::bodies(acting).await?;
    let relations = &record.relations;
    let decision = decide_document_read(acting.actor, relations, acting.today, given, &bodies);
    let (verb, role) = match decision {
        Decision::Allowed(role) => ("read", Some(role)),
        Decision::Refused(_) => ("refused", None),
    };
    let meta = acting.audit(role);
    store.record_access(&meta, verb, "case_document", Some(&id.to_string())).await?;
    decision.allowed()?;
    Ok(file)
}
