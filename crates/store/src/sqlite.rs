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

/// How much of the file each connection maps, as a literal so that the pragma at connection and
/// the statement that turns mapping back on (`Engine::UNMAP`) say the same. Every write (each
/// audit entry) empties the other connections' page caches; mapped pages are read back without
/// copying, which keeps large listings cheap.
macro_rules! mmap_size {
    () => {
        "1073741824"
    };
}
pub(crate) use mmap_size;

/// How much the database file grows by at a time, as the writer extends it.
const GROWTH_CHUNK: i32 = 32 << 20;

/// Has the writer's connection grow the database file [`GROWTH_CHUNK`] at a time. Every reader
/// maps the file (`mmap_size`) and maps it afresh whenever it has grown: grown a page at a time,
/// as each batch of audit entries is checkpointed, that was hundreds of unmaps and maps a second
/// under load, each followed by page faults over the whole file read since.
#[allow(unsafe_code)]
async fn grow_in_chunks(conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let mut chunk = GROWTH_CHUNK;
    // SAFETY: the handle is this connection's open database, held locked for the call; the file
    // control reads the int it is given and keeps no pointer to it.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_file_control(
            handle.as_raw_handle().as_ptr(),
            c"main".as_ptr(),
            libsqlite3_sys::SQLITE_FCNTL_CHUNK_SIZE,
            (&raw mut chunk).cast(),
        )
    };
    match rc {
        libsqlite3_sys::SQLITE_OK => Ok(()),
        rc => Err(sqlx::Error::Configuration(format!("SQLite chunk size: error {rc}").into())),
    }
}

impl SqlStore<Sqlite> {
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("mmap_size", mmap_size!());
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .after_connect(|conn, _| Box::pin(grow_in_chunks(conn)))
            .connect_with(options.clone())
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
            .connect_with(options.read_only(true))
            .await?;
        SqlStore::new(reader, writer).fill_listing_columns().await
    }
}
