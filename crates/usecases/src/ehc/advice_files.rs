//! The documents sent with advice, checked as the domain says (`ehc::attachments`) before the
//! step that carries them writes anything, and read one at a time by whoever may read the advice.

use crate::{Acting, Refused};
use sendcase_domain::ehc::attachments::{MOST_FILES, check_file};
use sendcase_domain::ehc::records::AdviceKind;
use sendcase_domain::policy::{AdviceGiven, Decision, decide_advice_read};
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
pub(super) fn attachments(files: Vec<Upload>) -> Result<Vec<NewAttachment>, Refused> {
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

/// The document `id` attached to advice, if `acting` may read that advice
/// ([`decide_advice_read`]); the read or refusal is audited before the bytes are returned.
pub async fn advice_document(acting: &Acting<'_>, id: Uuid) -> Result<Attachment, Refused> {
    let store = acting.store;
    let file = store.advice_attachment(id).await?.ok_or(Refused::NotFound)?;
    let asked = store.case_advice_requests(file.ehc_request_id).await?;
    let advice = asked.iter().find(|a| a.id == file.info.advice_request_id);
    let advice = advice.ok_or(Refused::NotFound)?;
    let record = store.child(advice.child_id, acting.today).await?.ok_or(Refused::NotFound)?;
    let given = AdviceGiven {
        author: advice.professional_user_id,
        health: advice.advice_kind == AdviceKind::Health.code(),
    };
    let bodies = crate::health::bodies(acting).await?;
    let decision =
        decide_advice_read(acting.actor, &record.relations, acting.today, given, &bodies);
    let (verb, role) = match decision {
        Decision::Allowed(role) => ("read", Some(role)),
        Decision::Refused(_) => ("refused", None),
    };
    let meta = acting.audit(role);
    store.record_access(&meta, verb, "advice_attachment", Some(&id.to_string())).await?;
    decision.allowed()?;
    Ok(file)
}
