//! The scale-out backend.

use crate::engine::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::migrations::{EDITED_POSTGRES, POINT_BACK};
use crate::pool::{pool_options, postgres_connections};
use sqlx::Postgres;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;

pub type PgStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let (connections, planned_once_connections) = postgres_connections();
        let pool =
            pool_options().max_connections(connections).connect_with(options.clone()).await?;
        let edited = EDITED_POSTGRES;
        let recorded: Option<String> =
            sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
                .fetch_one(&pool)
                .await?;
        if recorded.is_some() {
            sqlx::query(POINT_BACK)
                .bind(edited.released_bytes())
                .bind(edited.version)
                .bind(edited.edited_bytes())
                .execute(&pool)
                .await?;
        }
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let planned_once = pool_options()
            .max_connections(planned_once_connections)
            .connect_lazy_with(options.options([("plan_cache_mode", "force_generic_plan")]));
        SqlStore::new(pool.clone(), pool, planned_once).fill_listing_columns().await
    }
}

impl SqlStore<Postgres> {
    /// Creates database `name` on the server of `admin_url` and returns the new database's URL.
    /// Used by the test suite (a fresh database per test) and for first-time set-up.
    pub async fn create_database(admin_url: &str, name: &str) -> StoreResult<String> {
        let name = checked_name(name)?;
        let pool = PgPoolOptions::new().max_connections(1).connect(admin_url).await?;
        sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&pool).await?;
        pool.close().await;
        let base = admin_url.split('?').next().unwrap_or(admin_url);
        let server = base.rsplit_once('/').map_or(base, |(server, _)| server);
        Ok(format!("{server}/{name}"))
    }

    /// Drops database `name`, disconnecting anyone still using it.
    pub async fn drop_database(admin_url: &str, name: &str) -> StoreResult<()> {
        let name = checked_name(name)?;
        let pool = PgPoolOptions::new().max_connections(1).connect(admin_url).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .execute(&pool)
            .await?;
        pool.close().await;
        Ok(())
    }
}

/// Database names are interpolated into DDL, so only plain identifiers are accepted.
fn checked_name(name: &str) -> StoreResult<&str> {
    let plain = !name.is_empty()
        && name.len() < 64
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plain {
        Ok(name)
    } else {
        Err(StoreError::BadUrl(format!("\"{name}\" is not a plain database name")))
    }
}
