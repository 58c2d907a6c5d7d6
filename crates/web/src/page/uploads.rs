//! Forms that carry files (`multipart/form-data`): their text fields, checked as every form's
//! are ([`super::input::value_problem`]), and their files as they were sent, for the use case
//! to check. Only a signed-in person's form may be this large ([`body_limit`]).

use super::input::value_problem;
use crate::error::{AppError, FieldError};
use axum::Form;
use axum::extract::{FromRequest, Request};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use sendcase_domain::ehc::attachments::{MOST_BYTES, MOST_FILES};
use sendcase_usecases::ehc::Upload;

/// The largest form with files: each file as large as may be kept, and the text beside them.
pub const MAX_UPLOAD_BODY: usize = MOST_FILES * MOST_BYTES + crate::MAX_BODY;

/// The boundary of a `multipart/form-data` body, if the request is one.
pub fn boundary(headers: &HeaderMap) -> Option<String> {
    let kind = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    kind.starts_with("multipart/form-data").then(|| multer::parse_boundary(kind).ok()).flatten()
}

/// How large a body may be read: a signed-in person's form with files, or anything else.
pub fn body_limit(headers: &HeaderMap, signed_in: bool) -> usize {
    if signed_in && boundary(headers).is_some() { MAX_UPLOAD_BODY } else { crate::MAX_BODY }
}

/// The parts of `body`, a `multipart/form-data` body with `boundary`, as `(name, file name,
/// bytes)`: the file name is `None` for a text field.
pub async fn parts(
    body: axum::body::Bytes,
    boundary: &str,
) -> Result<Vec<(String, Option<String>, axum::body::Bytes)>, multer::Error> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut out = vec![];
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        out.push((name, file_name, field.bytes().await?));
    }
    Ok(out)
}

/// A submitted form and the files it carries: none when it was sent as an ordinary form.
pub struct FormWithFiles {
    pub fields: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl<S: Send + Sync> FromRequest<S> for FormWithFiles {
    type Rejection = super::PageError;

    async fn from_request(req: Request, _: &S) -> Result<Self, super::PageError> {
        let not_a_form = || AppError::BadRequest("the form could not be read".into());
        let Some(boundary) = boundary(req.headers()) else {
            let form = Form::<Vec<(String, String)>>::from_request(req, &()).await;
            let Form(fields) = form.map_err(|_| not_a_form())?;
            return Ok(FormWithFiles { fields, files: vec![] });
        };
        let body = axum::body::to_bytes(req.into_body(), MAX_UPLOAD_BODY)
            .await
            .map_err(|_| AppError::BadRequest("the form and its files were too large".into()))?;
        let parts = parts(body, &boundary).await.map_err(|_| not_a_form())?;
        let (mut fields, mut files, mut problems) = (vec![], vec![], vec![]);
        for (name, file_name, bytes) in parts {
            match file_name {
                // A file input left empty still sends a part, with no name and no bytes.
                Some(file_name) if file_name.is_empty() && bytes.is_empty() => {}
                Some(file_name) => files.push(Upload { file_name, content: bytes.to_vec() }),
                None => {
                    let text = String::from_utf8(bytes.to_vec()).map_err(|_| not_a_form())?;
                    if let Some(why) = value_problem(&name, &text) {
                        problems.push(FieldError::new(name.clone(), why));
                    }
                    fields.push((name, text));
                }
            }
        }
        if !problems.is_empty() {
            return Err(AppError::invalid(problems).into());
        }
        Ok(FormWithFiles { fields, files })
    }
}
