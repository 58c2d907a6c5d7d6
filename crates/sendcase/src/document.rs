//! `sendcase document`: one of a request's documents as a PDF on stdout, made exactly as the
//! web page's PDF is. Reading the case is audited as the system's access.

use crate::{CliError, DbArg};
use sendcase_domain::documents::DocumentKind;
use sendcase_store::AuditMeta;
use sendcase_usecases::documents::{self, StoredCase};
use std::io::{IsTerminal, Write};

#[derive(clap::Args)]
pub struct DocumentArgs {
    #[command(flatten)]
    db: DbArg,
    /// The request's id, as in its page's address (/ehc-requests/ID)
    #[arg(long)]
    request: uuid::Uuid,
    /// Which document
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(DocumentKind::ALL.map(DocumentKind::slug)))]
    kind: String,
    #[command(flatten)]
    bank_holidays: crate::clock::BankHolidaysArg,
}

pub async fn run(args: DocumentArgs) -> Result<(), CliError> {
    let kind = DocumentKind::parse(&args.kind)
        .ok_or_else(|| CliError::Usage(format!("no document is called {:?}", args.kind)))?;
    let mut out = std::io::stdout().lock();
    if out.is_terminal() {
        return Err(CliError::Usage(
            "the PDF goes to stdout: redirect it to a file, for example `> plan.pdf`".into(),
        ));
    }
    let calendar = args.bank_holidays.calendar()?;
    let store = sendcase_store::connect(&args.db.url()?).await?;
    let id = args.request;
    let meta = AuditMeta::system(format!("document-{}", uuid::Uuid::now_v7()));
    store.record_access(&meta, "read", "ehc_request", Some(&id.to_string())).await?;
    let stored = StoredCase::read(store.as_ref(), id, jiff::Zoned::now().date()).await?;
    let stored = stored.ok_or_else(|| CliError::Usage(format!("no request has the id {id}")))?;
    let file = stored.file();
    let dated = match documents::document(store.as_ref(), &calendar, &file, kind).await {
        Ok(dated) => dated,
        Err(sendcase_usecases::Refused::NotFound) => {
            let sent: Vec<&str> =
                documents::available(&file).into_iter().map(DocumentKind::slug).collect();
            return Err(CliError::Usage(format!(
                "request {id} has no {} (it has: {})",
                kind.slug(),
                if sent.is_empty() { "none yet".to_owned() } else { sent.join(", ") }
            )));
        }
        Err(other) => return Err(anyhow::anyhow!(other.to_string()).into()),
    };
    let pdf = sendcase_documents::pdf(&dated.document, dated.on)?;
    out.write_all(&pdf)?;
    out.flush()?;
    Ok(())
}
