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
