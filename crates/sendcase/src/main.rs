//! `sendcase`: the one binary. Every subcommand's settings come from flags or, where noted,
//! environment variables; all of them are listed in README.md under "Configuration".

mod admin;
mod audit;
mod audit_archive;
mod backup;
mod bench;
mod bench_caseload;
mod bench_documents;
mod bench_local_offer;
mod census;
mod clock;
mod ctf;
mod demo;
mod demo_cases;
mod demo_early_years;
mod demo_local_offer;
mod demo_plans;
mod demo_school_documents;
mod demo_sen_support;
mod document;
mod establishments;
mod keys;
mod local_offer;
mod progress;
mod rebuild;
mod retention;
mod scale;
mod scale_cases;
mod sen2;
mod serve;
mod subject_access;

use clap::{Parser, Subcommand};
use sendcase_store::DatabaseUrl;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "sendcase",
    version,
    about = "The SEND Code of Practice (England, 0–25) as working software"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// Database URL: sqlite://FILE (embedded default) or postgres://USER@HOST:PORT/DB
    #[arg(long, env = "SENDCASE_DB", default_value = "sqlite://sendcase.db")]
    db: String,
}

impl DbArg {
    fn url(&self) -> Result<DatabaseUrl, CliError> {
        DatabaseUrl::parse(&self.db).map_err(|e| CliError::Usage(e.to_string()))
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application
    Serve(serve::ServeArgs),
    /// Create or update the database schema, then exit
    Migrate(DbArg),
    /// Recompute every stored summary of the clock from the events, and say how many changed
    Rebuild(rebuild::RebuildArgs),
    /// Load the demo local authority, schools, children and users (does nothing if already loaded)
    Demo(demo::DemoArgs),
    /// Manage user accounts
    #[command(subcommand)]
    User(admin::UserCommand),
    /// Add the health bodies and services that take part in children's cases
    #[command(subcommand)]
    Organisation(admin::OrganisationCommand),
    /// Manage API bearer tokens
    #[command(subcommand)]
    Token(admin::TokenCommand),
    /// Copy a database while it is in use (SQLite: VACUUM INTO; PostgreSQL: pg_dump)
    Backup(backup::BackupArgs),
    /// Restore a backup into a new, empty database
    Restore(backup::RestoreArgs),
    /// Check, sign and archive the audit log
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Compute a case's statutory duties: case history JSON on stdin, duties JSON on stdout
    Clock(clock::ClockArgs),
    /// Import, export and load data for the Local Offer
    #[command(subcommand)]
    LocalOffer(local_offer::LocalOfferCommand),
    /// Write one of a request's documents (a plan or a decision letter) as a PDF to stdout
    Document(document::DocumentArgs),
    /// Load data from a file
    #[command(subcommand)]
    Import(census::ImportCommand),
    /// Write a statutory return to stdout, or a person's subject access export to a file
    #[command(subcommand)]
    Export(census::ExportCommand),
    /// List, or delete, the records due for deletion under each kind's retention period
    /// (docs/retention.md)
    Retention(retention::RetentionArgs),
    /// Measure how fast sendcase does its heaviest work
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

/// What went wrong, and so which exit status to use: 2 when the caller can fix their input.
#[derive(Debug)]
pub enum CliError {
    Usage(String),
    /// The input was read and found wrong, each fault already reported: exit status 1.
    Invalid,
    Failure(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::Failure(e.into())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    exit_code(runtime.block_on(run(cli.command)))
}

fn exit_code(result: Result<(), CliError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(CliError::Invalid) => ExitCode::FAILURE,
        Err(CliError::Failure(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Serve(args) => serve::run(args).await,
        Command::Migrate(db) => {
            sendcase_store::connect(&db.url()?).await?;
            println!("database is up to date: {}", db.url()?);
            Ok(())
        }
        Command::Rebuild(args) => rebuild::run(args).await,
        Command::Demo(args) => demo::run_args(args).await,
        Command::User(cmd) => admin::user(cmd).await,
        Command::Token(cmd) => admin::token(cmd).await,
        Command::Organisation(cmd) => admin::organisation(cmd).await,
        Command::Audit(cmd) => audit::run(cmd).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
        Command::Clock(args) => clock::run(args),
        Command::Document(args) => document::run(args).await,
        Command::Import(cmd) => census::import(cmd).await,
        Command::Export(cmd) => census::export(cmd).await,
        Command::LocalOffer(cmd) => local_offer::run(cmd).await,
        Command::Retention(args) => retention::run(args).await,
        Command::Bench(cmd) => bench::run(cmd).await,
    }
}

/// Logs go to stderr so that commands whose output is data (`clock`, `export`) keep stdout clean.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
