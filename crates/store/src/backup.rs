//! Backups of a database while it is in use, and restoring one into a new, empty database.
//!
//! SQLite: `VACUUM INTO` copies one consistent snapshot (a read transaction, so the server goes
//! on writing) into a new file, whose integrity is checked before it is renamed into place.
//! PostgreSQL: `pg_dump --format=custom`, itself one snapshot, restored with `pg_restore`; both
//! must be at least the server's major version. The password goes to them in `PGPASSWORD`, never
//! on their command line. A backup is written beside its name and renamed when whole, so a file
//! at that name is always a complete backup.

use crate::error::{StoreError, StoreResult};
use crate::{Backend, DatabaseUrl};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn failed(msg: impl Into<String>) -> StoreError {
    StoreError::Backup(msg.into())
}

/// Writes a backup of the database at `url` to `to`, which must not exist.
pub async fn backup(url: &DatabaseUrl, to: &Path) -> StoreResult<()> {
    if to.exists() {
        return Err(failed(format!("{} already exists: choose a new file", to.display())));
    }
    let partial = partial_name(to);
    let written = match url.backend() {
        Backend::Sqlite => sqlite_backup(url, &partial).await,
        Backend::Postgres => {
            let file = format!("--file={}", partial.display());
            run_pg("pg_dump", url, &["--format=custom", "--no-owner", "--no-privileges", &file])
                .await
        }
    };
    let finished = written.and_then(|()| {
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, to)?;
        Ok(())
    });
    if finished.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    finished
}

/// Restores the backup `from` into the database at `url`, which must be new: for SQLite a file
/// that does not exist yet, for PostgreSQL a database with no tables. Bring it up to date
/// afterwards by opening it ([`crate::connect`]).
pub async fn restore(url: &DatabaseUrl, from: &Path) -> StoreResult<()> {
    if !from.is_file() {
        return Err(failed(format!("{} is not a backup file", from.display())));
    }
    match url.backend() {
        Backend::Sqlite => {
            let target = sqlite_path(url)?;
            if target.exists() {
                let msg = format!("{} exists: restore into a new database", target.display());
                return Err(failed(msg));
            }
            check_integrity(from).await?;
            let partial = partial_name(&target);
            std::fs::copy(from, &partial)?;
            std::fs::File::open(&partial)?.sync_all()?;
            std::fs::rename(&partial, &target)?;
            Ok(())
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(url.expose()).await?;
            let tables: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .fetch_one(&mut conn)
            .await?;
            conn.close().await?;
            if tables > 0 {
                return Err(failed("the database is not empty: restore into a new database"));
            }
            let file = from.display().to_string();
            let args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"];
            run_pg("pg_restore", url, &[&args[..], &[&file]].concat()).await
        }
    }
}

fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

fn sqlite_path(url: &DatabaseUrl) -> StoreResult<PathBuf> {
    let rest = url.expose().trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(failed("a backup needs a database file"));
    }
    Ok(PathBuf::from(path))
}

async fn sqlite_backup(url: &DatabaseUrl, to: &Path) -> StoreResult<()> {
    let options = SqliteConnectOptions::from_str(url.expose())?
        .create_if_missing(false)
        .busy_timeout(std::time::Duration::from_secs(30));
    let mut conn = SqliteConnection::connect_with(&options).await?;
    let path = to.to_str().ok_or_else(|| failed("the backup's file name is not UTF-8"))?;
    sqlx::query("VACUUM INTO $1").bind(path).execute(&mut conn).await?;
    conn.close().await?;
    check_integrity(to).await
}

/// The file is a whole SQLite database.
async fn check_integrity(path: &Path) -> StoreResult<()> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let checked: Result<String, sqlx::Error> = async {
        let mut conn = SqliteConnection::connect_with(&options).await?;
        let result = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await?;
        conn.close().await?;
        Ok(result)
    }
    .await;
    match checked {
        Ok(ok) if ok == "ok" => Ok(()),
        Ok(problem) => Err(failed(format!("{} is damaged: {problem}", path.display()))),
        Err(e) => Err(failed(format!("{} is not a SQLite backup: {e}", path.display()))),
    }
}

/// Runs `pg_dump` or `pg_restore` against `url`, with its password in the environment.
async fn run_pg(program: &str, url: &DatabaseUrl, args: &[&str]) -> StoreResult<()> {
    let mut parsed = url::Url::parse(url.expose()).map_err(|e| failed(e.to_string()))?;
    let password = parsed
        .password()
        .map(|p| percent_encoding::percent_decode_str(p).decode_utf8_lossy().into_owned());
    let _ = parsed.set_password(None);
    let mut command = tokio::process::Command::new(program);
    command.arg(format!("--dbname={parsed}")).args(args);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let out = command
        .output()
        .await
        .map_err(|e| failed(format!("cannot run {program} (is it installed and on PATH?): {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(failed(format!("{program} failed: {}", stderr.trim())));
    }
    Ok(())
}
