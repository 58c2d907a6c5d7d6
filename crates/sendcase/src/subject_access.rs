//! `sendcase export person`: everything held about one child or young person, for a subject
//! access request, as a tar archive of `person.json` and the council's PDFs. The command line
//! acts as the system; the export is audited as its access.

use crate::{CliError, DbArg};
use sendcase_store::AuditMeta;
use sendcase_usecases::Refused;
use sendcase_usecases::subject_access::{export_as_system, find_child};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct PersonArgs {
    #[command(flatten)]
    db: DbArg,
    /// The child's record id (as in /children/ID) or their UPN
    #[arg(long)]
    child: String,
    /// Where to write the archive (a .tar file); an existing file is not replaced
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    bank_holidays: crate::clock::BankHolidaysArg,
}

pub async fn export(args: PersonArgs) -> Result<(), CliError> {
    if args.out.exists() {
        return Err(CliError::Usage(format!("--out {}: already exists", args.out.display())));
    }
    let calendar = args.bank_holidays.calendar()?;
    let store = sendcase_store::connect(&args.db.url()?).await?;
    let not_found = || CliError::Usage(format!("--child {}: no such child here", args.child));
    let child = find_child(store.as_ref(), &args.child).await?.ok_or_else(not_found)?;
    let today = jiff::Zoned::now().date();
    let meta = AuditMeta::system(format!("export-person-{}", uuid::Uuid::now_v7()));
    let export = match export_as_system(store.as_ref(), &calendar, child, today, &meta).await {
        Ok(export) => export,
        Err(Refused::NotFound) => return Err(not_found()),
        Err(other) => return Err(anyhow::anyhow!(other.to_string()).into()),
    };
    let json = serde_json::to_vec_pretty(&export.json)?;
    let tar = sendcase_documents::archive::subject_access(&json, export.files(), today)?;
    // Written whole to a new file, so a failure leaves no partial export behind under the name.
    let partial = args.out.with_extension("partial");
    std::fs::write(&partial, tar)?;
    std::fs::rename(&partial, &args.out)?;
    println!(
        "wrote {} ({} tables, {} documents)",
        args.out.display(),
        export.json["tables"].as_object().map_or(0, |t| t.len()),
        export.documents.len()
    );
    Ok(())
}
