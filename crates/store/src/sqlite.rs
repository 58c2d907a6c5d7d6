//! The embedded backend: one SQLite file, WAL, foreign keys on.

use crate::engine::SqlStore;
use crate::error::StoreResult;
use crate::migrations::{EDITED_SQLITE, POINT_BACK};
use sqlx::Sqlite;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// SQLite allows one writer at a time; giving writes their own single-connection pool queues them
/// in-process instead of failing with SQLITE_BUSY when a read transaction upgrades.
pub type SqliteStore = SqlStore<Sqlite>;

/// How much of the file each reading connection maps, as a literal so that the pragma at
/// connection and the statement that turns mapping back on (`Engine::UNMAP`) say the same. Every
/// write (each audit entry) empties the other connections' page caches; mapped pages are read
/// back without copying, which keeps large listings cheap. The writer maps nothing: its reads
/// are the few pages a write touches, but a bulk load or `ANALYZE` passes over the whole file,
/// and every page mapped stays resident in this process (910 MB of a 1 GB peak loading England).
macro_rules! mmap_size {
    () => {
        "1073741824"
    };
}
pub(crate) use mmap_size;

impl SqlStore<Sqlite> {
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().pragma("mmap_size", "0"))
            .await?;
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
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.pragma("mmap_size", mmap_size!()).read_only(true))
            .await?;
        // A prepared statement keeps its plan: the statistics that would change it are not kept.
        SqlStore::new(reader.clone(), writer, reader).fill_listing_columns().await
    }
}
