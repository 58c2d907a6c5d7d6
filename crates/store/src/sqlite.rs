//! The embedded backend: one SQLite file, WAL, foreign keys on.

use crate::error::StoreResult;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

/// SQLite allows one writer at a time; giving writes their own single-connection pool queues them
/// in-process instead of failing with SQLITE_BUSY when a read transaction upgrades.
pub struct SqliteStore {
    reader: SqlitePool,
    writer: SqlitePool,
}

impl SqliteStore {
    pub(crate) const BACKEND: crate::Backend = crate::Backend::Sqlite;

    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Every write (each audit entry) empties the other connections' page caches; mapped
            // pages are read back without copying, which keeps large listings cheap.
            .pragma("mmap_size", "1073741824");
        let writer =
            SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
        let edited = crate::migrations::EDITED_SQLITE;
        let recorded: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
        )
        .fetch_one(&writer)
        .await?;
        if recorded {
            sqlx::query(crate::migrations::POINT_BACK)
                .bind(edited.released_bytes())
                .bind(edited.version)
                .bind(edited.edited_bytes())
                .execute(&writer)
                .await?;
        }
        sqlx::migrate!("./migrations/sqlite").run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.read_only(true))
            .await?;
        Ok(SqliteStore { reader, writer })
    }

    pub(crate) fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    pub(crate) fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// Writes are already serialised by the single writer connection.
    pub(crate) async fn lock_case(
        _tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        _request: uuid::Uuid,
    ) -> StoreResult<()> {
        Ok(())
    }

    /// Writes are already serialised by the single writer connection.
    pub(crate) async fn lock_child(
        _tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        _child: uuid::Uuid,
    ) -> StoreResult<()> {
        Ok(())
    }

    /// Writes are already serialised by the single writer connection.
    pub(crate) async fn lock_new_children(
        _tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        _la: uuid::Uuid,
    ) -> StoreResult<()> {
        Ok(())
    }

    /// Writes are already serialised by the single writer connection.
    pub(crate) async fn lock_audit_chain(
        _tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    ) -> StoreResult<()> {
        Ok(())
    }
}

crate::audit::impl_audit_store!(SqliteStore, sqlx::Sqlite);
crate::directory::impl_directory_store!(SqliteStore, sqlx::Sqlite);
crate::access::impl_access_store!(SqliteStore);
crate::cases::impl_case_store!(SqliteStore, sqlx::Sqlite);
crate::steps::impl_step_store!(SqliteStore, sqlx::Sqlite);
crate::register::impl_register_store!(SqliteStore, sqlx::Sqlite);
crate::sen_support::impl_sen_support_store!(SqliteStore, sqlx::Sqlite);
crate::school_documents::impl_school_document_store!(SqliteStore, sqlx::Sqlite);
crate::early_years::impl_early_years_store!(SqliteStore, sqlx::Sqlite);
crate::local_offer::impl_local_offer_store!(SqliteStore, sqlx::Sqlite);
crate::caseload::impl_caseload_store!(SqliteStore, sqlx::Sqlite);
crate::bulk::impl_bulk_load!(SqliteStore, sqlx::Sqlite);
