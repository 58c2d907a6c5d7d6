//! Documents that came with a request for an assessment or with advice, written in the same
//! transaction as what they came with and read beside it: their names and sizes with the request
//! and every list of advice, their bytes one at a time.

use crate::CaseAdviceRequest;
use crate::convert::to_db_date;
use crate::engine::{Connection, Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use jiff::civil::Date;
use uuid::Uuid;

/// A document to attach, already checked to be what its content type says
/// (`sendcase_domain::ehc::attachments::check_file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// What a page shows of a document: which advice it came with (none when it came with the
/// request itself), its name, type and size.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AttachmentInfo {
    pub id: Uuid,
    pub advice_request_id: Option<Uuid>,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// One document with its bytes, the request it belongs to and the child it is about.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Attachment {
    #[sqlx(flatten)]
    pub info: AttachmentInfo,
    pub ehc_request_id: Uuid,
    pub child_id: Uuid,
    pub content: Vec<u8>,
}

const INFO: &str = "t.id, t.advice_request_id, t.file_name, t.content_type, t.size";

impl<E: Engine> SqlStore<E> {
    /// Keeps `files` with the request `request_id`, and with its advice `advice` if they came
    /// with that, dated `on`.
    pub(crate) async fn insert_documents(
        tx: &mut Tx<'_, E>,
        request_id: Uuid,
        advice: Option<Uuid>,
        on: Date,
        files: &[NewAttachment],
    ) -> StoreResult<()> {
        for file in files {
            let size = i64::try_from(file.content.len())
                .map_err(|_| StoreError::Corrupt("an attachment too large to count".into()))?;
            Sql::<E>::new(
                "INSERT INTO case_documents (id, ehc_request_id, child_id, advice_request_id, \
                 file_name, content_type, size, content, added_on) \
                 SELECT $1, id, child_id, $2, $3, $4, $5, $6, $7 FROM ehc_requests WHERE id = $8",
            )
            .bind(Uuid::now_v7())
            .bind(advice)
            .bind(file.file_name.as_str())
            .bind(file.content_type.as_str())
            .bind(size)
            .bind(file.content.as_slice())
            .bind(to_db_date(on))
            .bind(request_id)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Gives each of `requests` its attachments: those of the advice requests `condition` (on
    /// `advice_requests a`, with `id` as `$1`) reaches, which must include all of `requests`.
    pub(crate) async fn attach_files(
        conn: &mut Connection<E>,
        condition: &str,
        id: Uuid,
        requests: &mut [CaseAdviceRequest],
    ) -> StoreResult<()> {
        if requests.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT {INFO} FROM case_documents t JOIN advice_requests a \
             ON a.id = t.advice_request_id WHERE {condition} ORDER BY t.file_name, t.id"
        );
        let files: Vec<AttachmentInfo> = Sql::<E>::new(&sql).bind(id).fetch_all(conn).await?;
        for file in files {
            if let Some(r) = requests.iter_mut().find(|r| Some(r.id) == file.advice_request_id) {
                r.attachments.push(file);
            }
        }
        Ok(())
    }

    pub(crate) async fn attachment_on(
        conn: &mut Connection<E>,
        id: Uuid,
    ) -> StoreResult<Option<Attachment>> {
        let sql = format!(
            "SELECT {INFO}, t.ehc_request_id, t.child_id, t.content FROM case_documents t \
             WHERE t.id = $1"
        );
        Ok(Sql::<E>::new(&sql).bind(id).fetch_optional(conn).await?)
    }

    /// The documents that came with request `request_id` itself, not with its advice.
    pub(crate) async fn request_documents_on(
        conn: &mut Connection<E>,
        request_id: Uuid,
    ) -> StoreResult<Vec<AttachmentInfo>> {
        let sql = format!(
            "SELECT {INFO} FROM case_documents t WHERE t.ehc_request_id = $1 \
             AND t.advice_request_id IS NULL ORDER BY t.file_name, t.id"
        );
        Ok(Sql::<E>::new(&sql).bind(request_id).fetch_all(conn).await?)
    }
}
