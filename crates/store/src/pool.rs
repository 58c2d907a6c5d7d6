//! How every pool hands out its connections.

use sqlx::pool::{PoolConnectionMetadata, PoolOptions};
use sqlx::{Connection, Database};
use std::time::Duration;

/// How long a connection may sit in the pool before it is checked on its way out.
const CHECK_AFTER_IDLE: Duration = Duration::from_millis(500);

/// A pool whose connections are checked before they are handed out only once they have sat idle.
/// Under load a connection goes out again within milliseconds, and checking it every time was a
/// round trip to PostgreSQL before each statement: an eighth of the caseload's p95. One used in
/// the last half second worked then; if its server has gone since, it cannot be back yet, so the
/// check could not save the request. HikariCP skips the check within the same window.
pub(crate) fn pool_options<DB: Database>() -> PoolOptions<DB> {
    PoolOptions::new().test_before_acquire(false).before_acquire(
        |conn: &mut DB::Connection, meta: PoolConnectionMetadata| {
            Box::pin(async move {
                if meta.idle_for >= CHECK_AFTER_IDLE {
                    conn.ping().await?;
                }
                Ok(true)
            })
        },
    )
}

/// How many connections PostgreSQL's two pools may hold: twice the cores plus one for the main
/// pool, the cores plus one for the planned-once reads. Each connection is a server process
/// competing for the same cores; on a 2-core machine under 32 clients, 5 and 3 served the
/// caseload page with a lower p95 than 16 and 8 in 7 of 8 paired runs (about 15% on average).
/// A connection waiting on the network is not using a core, hence the extra one.
pub(crate) fn postgres_connections() -> (u32, u32) {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let cores = u32::try_from(cores).unwrap_or(u32::MAX / 2);
    (cores * 2 + 1, cores + 1)
}
