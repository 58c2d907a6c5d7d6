//! `sendcase backup` and `sendcase restore`: a consistent copy of a database in use, and putting
//! one back into a new database (see `sendcase_store::backup` for how each backend does it).

use crate::{CliError, DbArg};
use sendcase_store::StoreError;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    db: DbArg,
    /// The file to write (must not exist): a SQLite database, or a pg_dump custom-format archive
    file: PathBuf,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// The new database to restore into: a SQLite file that does not exist yet, or an empty
    /// PostgreSQL database
    #[command(flatten)]
    db: DbArg,
    /// A file written by `sendcase backup` from the same backend
    file: PathBuf,
}

/// What the operator can fix (a file in the way, a database not empty) exits 2.
fn cli_error(e: StoreError) -> CliError {
    match e {
        StoreError::Backup(msg) => CliError::Usage(msg),
        other => other.into(),
    }
}

pub async fn backup(args: BackupArgs) -> Result<(), CliError> {
    let url = args.db.url()?;
    sendcase_store::backup::backup(&url, &args.file).await.map_err(cli_error)?;
    println!("backed up {url} to {}", args.file.display());
    Ok(())
}

pub async fn restore(args: RestoreArgs) -> Result<(), CliError> {
    let url = args.db.url()?;
    sendcase_store::backup::restore(&url, &args.file).await.map_err(cli_error)?;
    // Opening it brings a backup from an older version up to date.
    let store = sendcase_store::connect(&url).await?;
    let verified = store
        .verify_audit(None)
        .await?
        .map_err(|brk| anyhow::anyhow!("restored, but the audit log is broken: {brk}"))?;
    println!(
        "restored {} into {url}; audit log intact: {} entries checked",
        args.file.display(),
        verified.entries
    );
    Ok(())
}
