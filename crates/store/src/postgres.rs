//! The scale-out backend.

use crate::error::StoreResult;
use sqlx::postgres::{PgPool, PgPoolOptions};

pub struct PgStore {
    pool: PgPool,
}

/// Any fixed number serves, as long as only the audit chain uses it.
const AUDIT_CHAIN_LOCK: i64 = 0x5e4d_ca5e;
/// The first key of the two-key advisory locks on a council's intake of new children.
const NEW_CHILDREN_LOCK: i32 = 0x5e4d_c41d;

impl PgStore {
    pub(crate) const BACKEND: crate::Backend = crate::Backend::Postgres;

    pub async fn open(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new().max_connections(16).connect(url).await?;
        let edited = crate::migrations::EDITED_POSTGRES;
        let recorded: Option<String> =
            sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
                .fetch_one(&pool)
                .await?;
        if recorded.is_some() {
            sqlx::query(crate::migrations::POINT_BACK)
                .bind(edited.released_bytes())
                .bind(edited.version)
                .bind(edited.edited_bytes())
                .execute(&pool)
                .await?;
        }
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PgStore { pool })
    }

    pub(crate) fn reader(&self) -> &PgPool {
        &self.pool
    }

    pub(crate) fn writer(&self) -> &PgPool {
        &self.pool
    }

    /// Holds the case until commit, so a second append waits and then sees the first.
    pub(crate) async fn lock_case(
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        request: uuid::Uuid,
    ) -> StoreResult<()> {
        sqlx::query("SELECT id FROM ehc_requests WHERE id = $1 FOR UPDATE")
            .bind(request)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Requests for one child are judged one at a time: the second waits, then sees the first.
    pub(crate) async fn lock_child(
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        child: uuid::Uuid,
    ) -> StoreResult<()> {
        sqlx::query("SELECT id FROM children WHERE id = $1 FOR UPDATE")
            .bind(child)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// A child not yet on record has no row to lock, so a council's intakes of new children take
    /// turns on a lock named after the council.
    pub(crate) async fn lock_new_children(
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        la: uuid::Uuid,
    ) -> StoreResult<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
            .bind(NEW_CHILDREN_LOCK)
            .bind(la.to_string())
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Concurrent transactions would otherwise both chain onto the same last entry.
    pub(crate) async fn lock_audit_chain(
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    ) -> StoreResult<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(AUDIT_CHAIN_LOCK)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

crate::audit::impl_audit_store!(PgStore, sqlx::Postgres);
crate::directory::impl_directory_store!(PgStore, sqlx::Postgres);
crate::access::impl_access_store!(PgStore);
crate::cases::impl_case_store!(PgStore, sqlx::Postgres);
crate::steps::impl_step_store!(PgStore, sqlx::Postgres);
crate::register::impl_register_store!(PgStore, sqlx::Postgres);
crate::sen_support::impl_sen_support_store!(PgStore, sqlx::Postgres);
crate::school_documents::impl_school_document_store!(PgStore, sqlx::Postgres);
crate::early_years::impl_early_years_store!(PgStore, sqlx::Postgres);
crate::local_offer::impl_local_offer_store!(PgStore, sqlx::Postgres);
crate::caseload::impl_caseload_store!(PgStore, sqlx::Postgres);
crate::bulk::impl_bulk_load!(PgStore, sqlx::Postgres);

impl PgStore {
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
        Err(crate::StoreError::BadUrl(format!("\"{name}\" is not a plain database name")))
    }
}
