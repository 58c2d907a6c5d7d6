//! The documents families are sent or given as tagged, accessible PDFs: the plans, every
//! decision letter, and what schools and settings give them to keep; typeset by typst from the
//! same data the web pages show (`sendcase_domain::documents`).
//!
//! Every PDF is tagged with a structure tree and meets PDF/UA-1 (typst checks it as it writes:
//! a title, the language, headings in order), says it is in British English, and embeds its
//! fonts. Compiling is CPU-bound and takes milliseconds: callers on an async runtime run it on a
//! blocking thread.

pub mod archive;
mod world;

use jiff::civil::Date;
use sendcase_domain::documents::Document;
use serde::Serialize;
use typst::foundations::{Datetime, Dict};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use world::{Job, Template};

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A template could not typeset the data: a fault in sendcase, never in the user's input,
    /// which templates only ever print as text.
    #[error("the {template} template failed: {message}")]
    Typeset { template: &'static str, message: String },
    #[error("the document's date {0} cannot be written into a PDF")]
    Date(Date),
    /// A file name longer than a tar header holds: a fault in sendcase, whose names are short.
    #[error("the file name {0} is too long for the archive")]
    Archive(String),
}

/// The PDF of `document`, dated `made_on` (its metadata and anything the template dates).
pub fn pdf(document: &Document, made_on: Date) -> Result<Vec<u8>, DocumentError> {
    match document {
        Document::Letter(letter) => typeset(Template::Letter, letter, made_on),
        Document::Plan(plan) => typeset(Template::Plan, plan, made_on),
        Document::Family(family) => typeset(Template::Family, family, made_on),
    }
}

fn typeset(
    template: Template,
    data: &impl Serialize,
    made_on: Date,
) -> Result<Vec<u8>, DocumentError> {
    let fail = |message: String| DocumentError::Typeset { template: template.name(), message };
    let inputs: Dict = serde_json::to_value(data)
        .and_then(serde_json::from_value)
        .map_err(|e| fail(format!("its data: {e}")))?;
    let day = Datetime::from_ymd_hms(
        i32::from(made_on.year()),
        made_on.month() as u8,
        made_on.day() as u8,
        0,
        0,
        0,
    )
    .ok_or(DocumentError::Date(made_on))?;
    let job = Job::new(template, inputs, day);
    let document = typst::compile::<PagedDocument>(&job)
        .output
        .map_err(|errors| fail(diagnostics(&errors)))?;
    let options = PdfOptions {
        standards: PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| fail(e.message().to_string()))?,
        timestamp: Some(Timestamp::new_utc(day)),
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| fail(diagnostics(&errors)))?;
    // typst memoises across compilations; keep only what recent documents used so a long-running
    // server's memory stays flat.
    typst::comemo::evict(10);
    Ok(bytes)
}

fn diagnostics(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")
}
