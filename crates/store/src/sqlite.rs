//! The embedded backend: one SQLite file, WAL, foreign keys on.

use crate::engine::SqlStore;
use crate::error::StoreResult;
use crate::migrations::{EDITED_SQLITE, POINT_BACK};
use crate::pool::pool_options;
use sqlx::Sqlite;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// SQLite allows one writer at a time; giving writes their own single-connection pool queues them
/// in-process instead of failing with SQLITE_BUSY when a read transaction upgrades.
pub type SqliteStore = SqlStore<Sqlite>;

impl SqlStore<Sqlite> {
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // No connection maps the file. A reader that sees the WAL changed (after any write,
            // each audit entry included) unmaps the whole file and maps it again, so under load
            // the readers made a thousand munmap and mmap pairs a second, each holding the
            // process's memory-map lock and flushing every core's TLB, then faulted the pages
            // back in; and a bulk load kept every page it passed resident. Reading pages with
            // pread instead made the caseload 15-20% faster.
            .pragma("mmap_size", "0");
        let writer = pool_options().max_connections(1).connect_with(options.clone()).await?;
        let edited = EDITED_SQLITE;
        let recorded: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
        )
        .fetch_one(&writer)
        .await?;
        if recorded {
            sqlx::query(POINT_BACK)
                .bind(edited.released_bytes())
                .bind(edited.version)
                .bind(edited.edited_bytes())
                .execute(&writer)
                .await?;
        }
        sqlx::migrate!("./migrations/sqlite").run(&writer).await?;
        let reader =
            pool_options().max_connections(8).connect_with(options.read_only(true)).await?;
        // A prepared statement keeps its plan: the statistics that would change it are not kept.
        SqlStore::new(reader.clone(), writer, reader).fill_listing_columns().await
    }
}
