//! The seam between the store's SQL, written once, and the two databases that run it.
//!
//! sqlx describes what a database can bind and decode with bounds that generic code would have to
//! repeat on every function. Instead, [`Engine`] is implemented for [`sqlx::Sqlite`] and
//! [`sqlx::Postgres`] only, and its methods take values that both can bind ([`Param`]) and rows
//! that both can decode ([`Rowed`]); so each area's SQL is plain generic code over `E: Engine`,
//! and what truly differs between the databases (how a row or a chain is locked) is a method here.

use crate::Backend;
use crate::audit_batch::AccessLog;
use crate::caseload::CaseloadCountKey;
use crate::counts::Versioned;
use crate::error::StoreResult;
use crate::json_rows::{self, JsonRow};
use crate::model::User;
use crate::plans::PlansCountKey;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgConnection, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqliteRow};
use sqlx::{Arguments, Encode, FromRow, Pool, Postgres, Sqlite, Type};
use std::fmt::Write;
use std::future::Future;
use uuid::Uuid;

/// A value both databases can bind.
pub trait Param<'q>:
    Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres> + Send + 'q
{
}
impl<'q, T> Param<'q> for T where
    T: Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres> + Send + 'q
{
}

/// A row both databases can decode: a tuple, or a struct deriving [`sqlx::FromRow`].
pub trait Rowed:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static
{
}
impl<T> Rowed for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static
{
}

pub type Connection<E> = <E as sqlx::Database>::Connection;
pub(crate) type Tx<'c, E> = sqlx::Transaction<'c, E>;

/// What the store needs from a database beyond standard SQL.
pub trait Engine: sqlx::Database {
    const BACKEND: Backend;

    /// What a subquery that claims a row adds so that concurrent claims pass over rows another
    /// claim holds instead of waiting for them (PostgreSQL); SQLite's one writer already takes
    /// claims one at a time.
    const SKIP_LOCKED: &'static str;

    /// The placeholder of a statement whose every parameter is pushed ([`Sql::pushed`]), if it
    /// has one that needs no number. SQLite numbers anonymous `?`s as it parses them; a numbered
    /// one it looks up among those before it, as it parses the statement and again as sqlx binds
    /// it, which on a bulk insert's hundreds was a third of a scale demo's load.
    const ANONYMOUS_PLACEHOLDER: Option<&'static str>;

    /// How a writing transaction starts. Two servers on one SQLite file each have their own
    /// writer, and a transaction that read before it wrote would fail at once if the other
    /// wrote meanwhile; one that takes the write lock first waits its turn instead.
    const BEGIN_WRITE: &'static str;

    /// How a batch of audited reads starts: a writing transaction that holds the chain's lock
    /// ([`Engine::lock_audit_chain`]) from its first round trip, the two sent as one.
    const BEGIN_AUDIT: &'static str;

    /// SQL for the chain's head, read in a statement of its own once that statement holds the
    /// chain's lock, which it keeps until it commits.
    const LOCKED_AUDIT_HEAD: &'static str;

    /// Has the database count each table's rows again after a bulk load, for the planner.
    /// SQLite keeps only the counts: with its histograms too (`sqlite_stat4`) it compiles again,
    /// on every run, each statement whose bound values might change its plan, which for the
    /// caseload cost a fifth of the page's time for no better plan.
    const REFRESH_STATISTICS: &'static str;

    /// SQL for the text of `key` in the JSON held in `column` (NULL where it has none).
    fn json_text(column: &str, key: &str) -> String;

    fn add<'q>(args: &mut Self::Arguments<'q>, value: impl Param<'q>) -> Result<(), BoxDynError>;

    fn execute<'e, 'q: 'e>(
        conn: &'e mut Self::Connection,
        sql: &'e str,
        args: Self::Arguments<'q>,
    ) -> impl Future<Output = Result<u64, sqlx::Error>> + Send + 'e;

    fn fetch_all<'e, 'q: 'e, O: Rowed>(
        conn: &'e mut Self::Connection,
        sql: &'e str,
        args: Self::Arguments<'q>,
    ) -> impl Future<Output = Result<Vec<O>, sqlx::Error>> + Send + 'e;

    fn fetch_optional<'e, 'q: 'e, O: Rowed>(
        conn: &'e mut Self::Connection,
        sql: &'e str,
        args: Self::Arguments<'q>,
    ) -> impl Future<Output = Result<Option<O>, sqlx::Error>> + Send + 'e;

    /// Rows of whatever columns the statement returns, each as a JSON object
    /// ([`crate::json_rows`]).
    fn fetch_json<'e, 'q: 'e>(
        conn: &'e mut Self::Connection,
        sql: &'e str,
        args: Self::Arguments<'q>,
    ) -> impl Future<Output = Result<Vec<JsonRow>, sqlx::Error>> + Send + 'e;

    /// Holds one EHC request until commit, so a second append waits and then sees the first.
    fn lock_case(
        conn: &mut Self::Connection,
        request: Uuid,
    ) -> impl Future<Output = StoreResult<()>> + Send + '_;

    /// Requests for one child are judged one at a time: the second waits, then sees the first.
    fn lock_child(
        conn: &mut Self::Connection,
        child: Uuid,
    ) -> impl Future<Output = StoreResult<()>> + Send + '_;

    /// A child not yet on record has no row to lock, so a council's intakes of new children take
    /// turns on a lock named after the council.
    fn lock_new_children(
        conn: &mut Self::Connection,
        la: Uuid,
    ) -> impl Future<Output = StoreResult<()>> + Send + '_;

    /// Concurrent transactions would otherwise both chain onto the same last audit entry.
    fn lock_audit_chain(
        conn: &mut Self::Connection,
    ) -> impl Future<Output = StoreResult<()>> + Send + '_;
}

/// One statement with its arguments, built up and then run on a connection or transaction.
pub(crate) struct Sql<'q, E: Engine> {
    text: String,
    args: E::Arguments<'q>,
    bound: usize,
    bind_error: Option<BoxDynError>,
    /// Every parameter is pushed: none is numbered by hand in the text.
    pushed_only: bool,
}

impl<'q, E: Engine> Sql<'q, E> {
    pub(crate) fn new(text: impl Into<String>) -> Self {
        Sql {
            text: text.into(),
            args: Default::default(),
            bound: 0,
            bind_error: None,
            pushed_only: false,
        }
    }

    /// A statement whose parameters are all written by `push_bind` (and the `push_…` that use
    /// it), none numbered by hand: the engine may write them without numbers.
    pub(crate) fn pushed(text: impl Into<String>) -> Self {
        Sql { pushed_only: true, ..Self::new(text) }
    }

    /// Binds the next `$n` already written in the text.
    pub(crate) fn bind(mut self, value: impl Param<'q>) -> Self {
        debug_assert!(!self.pushed_only, "a pushed statement numbers none by hand");
        self.add(value);
        self
    }

    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Writes the next placeholder into the text and binds `value` to it.
    pub(crate) fn push_bind(&mut self, value: impl Param<'q>) -> &mut Self {
        self.add(value);
        match E::ANONYMOUS_PLACEHOLDER {
            Some(anonymous) if self.pushed_only => self.text.push_str(anonymous),
            _ => {
                // Writing to a String cannot fail.
                let _ = write!(self.text, "${}", self.bound);
            }
        }
        self
    }

    /// Writes ` LIMIT limit OFFSET ?`, binding `offset`. The limit is written into the text, not
    /// bound: PostgreSQL's plan for any values (see [`SqlStore::read_planned_once`]) guesses a
    /// bound limit at a tenth of the rows, and chose to read all 25,000 plans to join that many
    /// rather than look up a page's fifty.
    pub(crate) fn push_page(&mut self, limit: u32, offset: u32) -> &mut Self {
        // Writing to a String cannot fail.
        let _ = write!(self.text, " LIMIT {limit} OFFSET ");
        self.push_bind(i64::from(offset))
    }

    /// Writes a placeholder for each value, separated by commas, and binds them in order.
    pub(crate) fn push_list<T: Param<'q>>(
        &mut self,
        values: impl IntoIterator<Item = T>,
    ) -> &mut Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self
    }

    /// Writes `(a IN (…) OR b IN (…))`, leaving out each column given no ids: the rows any of
    /// them reaches. At least one must be given ids.
    pub(crate) fn push_in_any(&mut self, reach: &[(&str, &[Uuid])]) -> &mut Self {
        self.push("(");
        for (i, (column, ids)) in reach.iter().filter(|(_, ids)| !ids.is_empty()).enumerate() {
            self.push(if i == 0 { "" } else { " OR " }).push(column).push(" IN (");
            self.push_list(ids.iter().copied());
            self.push(")");
        }
        self.push(")")
    }

    /// Writes `VALUES (…), (…)` with one row per item, whose values `row` binds.
    pub(crate) fn push_values<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut row: impl FnMut(&mut ValuesRow<'_, 'q, E>, T),
    ) -> &mut Self {
        self.push("VALUES ");
        for (i, item) in items.into_iter().enumerate() {
            self.push(if i == 0 { "(" } else { ", (" });
            row(&mut ValuesRow { sql: self, first: true }, item);
            self.push(")");
        }
        self
    }

    fn add(&mut self, value: impl Param<'q>) {
        self.bound += 1;
        if let Err(e) = E::add(&mut self.args, value) {
            self.bind_error.get_or_insert(e);
        }
    }

    fn into_parts(self) -> Result<(String, E::Arguments<'q>), sqlx::Error> {
        match self.bind_error {
            Some(e) => Err(sqlx::Error::Encode(e)),
            None => Ok((self.text, self.args)),
        }
    }

    /// Runs the statement; the number of rows it changed.
    pub(crate) async fn execute(self, conn: &mut Connection<E>) -> Result<u64, sqlx::Error> {
        let (text, args) = self.into_parts()?;
        E::execute(conn, &text, args).await
    }

    pub(crate) async fn fetch_all<O: Rowed>(
        self,
        conn: &mut Connection<E>,
    ) -> Result<Vec<O>, sqlx::Error> {
        let (text, args) = self.into_parts()?;
        E::fetch_all(conn, &text, args).await
    }

    pub(crate) async fn fetch_optional<O: Rowed>(
        self,
        conn: &mut Connection<E>,
    ) -> Result<Option<O>, sqlx::Error> {
        let (text, args) = self.into_parts()?;
        E::fetch_optional(conn, &text, args).await
    }

    pub(crate) async fn fetch_json(
        self,
        conn: &mut Connection<E>,
    ) -> Result<Vec<JsonRow>, sqlx::Error> {
        let (text, args) = self.into_parts()?;
        E::fetch_json(conn, &text, args).await
    }

    pub(crate) async fn fetch_one<O: Rowed>(
        self,
        conn: &mut Connection<E>,
    ) -> Result<O, sqlx::Error> {
        self.fetch_optional(conn).await?.ok_or(sqlx::Error::RowNotFound)
    }

    /// The single column of the single row the statement returns.
    pub(crate) async fn scalar<T>(self, conn: &mut Connection<E>) -> Result<T, sqlx::Error>
    where
        (T,): Rowed,
    {
        Ok(self.fetch_one::<(T,)>(conn).await?.0)
    }

    /// The single column of the row the statement returns, if it returns one.
    pub(crate) async fn scalar_optional<T>(
        self,
        conn: &mut Connection<E>,
    ) -> Result<Option<T>, sqlx::Error>
    where
        (T,): Rowed,
    {
        Ok(self.fetch_optional::<(T,)>(conn).await?.map(|(t,)| t))
    }
}

/// One row of a [`Sql::push_values`] list.
pub(crate) struct ValuesRow<'s, 'q, E: Engine> {
    sql: &'s mut Sql<'q, E>,
    first: bool,
}

impl<'q, E: Engine> ValuesRow<'_, 'q, E> {
    pub(crate) fn push_bind(&mut self, value: impl Param<'q>) -> &mut Self {
        if !std::mem::take(&mut self.first) {
            self.sql.push(", ");
        }
        self.sql.push_bind(value);
        self
    }
}

/// Everything the application keeps, in one database of engine `E`.
pub struct SqlStore<E: Engine> {
    reader: Pool<E>,
    writer: Pool<E>,
    /// Reading connections whose statements are planned once for any values: see
    /// [`SqlStore::read_planned_once`].
    planned_once: Pool<E>,
    pub(crate) access_log: AccessLog,
    /// Totals of caseload queries and of plans, and each council's staff, reused while the
    /// lists' data is unchanged.
    pub(crate) caseload_counts: Versioned<CaseloadCountKey, u64>,
    pub(crate) plans_counts: Versioned<PlansCountKey, u64>,
    pub(crate) la_staff: Versioned<Vec<Uuid>, Vec<User>>,
}

impl<E: Engine> SqlStore<E> {
    /// `writer` takes every write; `reader` and `planned_once` may be the same pool. Inside a
    /// Tokio runtime, as reads are audited by a task of their own.
    pub(crate) fn new(reader: Pool<E>, writer: Pool<E>, planned_once: Pool<E>) -> Self {
        let access_log = AccessLog::start(writer.clone());
        SqlStore {
            reader,
            writer,
            planned_once,
            access_log,
            caseload_counts: Versioned::new(),
            plans_counts: Versioned::new(),
            la_staff: Versioned::new(),
        }
    }

    pub(crate) async fn read(&self) -> StoreResult<sqlx::pool::PoolConnection<E>> {
        Ok(self.reader.acquire().await?)
    }

    /// A reading connection on which the database plans each statement once for any values,
    /// where it would otherwise plan some afresh for their values on every run. PostgreSQL keeps
    /// a plan for any values only when its estimate is near the fresh plans': a page of plans in
    /// force looked costlier for any offset, so every page was planned again, which took as long
    /// as reading it. The setting is the connection's from the start, so it costs no
    /// statement of its own.
    pub(crate) async fn read_planned_once(&self) -> StoreResult<sqlx::pool::PoolConnection<E>> {
        Ok(self.planned_once.acquire().await?)
    }

    pub(crate) async fn write(&self) -> StoreResult<sqlx::pool::PoolConnection<E>> {
        Ok(self.writer.acquire().await?)
    }

    pub(crate) async fn begin(&self) -> StoreResult<Tx<'static, E>> {
        Ok(self.writer.begin_with(E::BEGIN_WRITE).await?)
    }
}

impl Engine for Sqlite {
    const BACKEND: Backend = Backend::Sqlite;
    const SKIP_LOCKED: &'static str = "";
    const ANONYMOUS_PLACEHOLDER: Option<&'static str> = Some("?");
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    // The one writer is the chain's lock.
    const BEGIN_AUDIT: &'static str = Self::BEGIN_WRITE;
    // A writing statement takes the one write lock before it reads.
    const LOCKED_AUDIT_HEAD: &'static str =
        "(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)";
    // `ANALYZE sqlite_schema` has every connection read the statistics again.
    const REFRESH_STATISTICS: &'static str =
        "ANALYZE; DELETE FROM sqlite_stat4; ANALYZE sqlite_schema";

    fn json_text(column: &str, key: &str) -> String {
        format!("json_extract({column}, '$.{key}')")
    }

    fn add<'q>(args: &mut SqliteArguments<'q>, value: impl Param<'q>) -> Result<(), BoxDynError> {
        args.add(value)
    }

    async fn execute<'e, 'q: 'e>(
        conn: &'e mut SqliteConnection,
        sql: &'e str,
        args: SqliteArguments<'q>,
    ) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query_with(sql, args).execute(conn).await?.rows_affected())
    }

    fn fetch_all<'e, 'q: 'e, O: Rowed>(
        conn: &'e mut SqliteConnection,
        sql: &'e str,
        args: SqliteArguments<'q>,
    ) -> impl Future<Output = Result<Vec<O>, sqlx::Error>> + Send + 'e {
        sqlx::query_as_with(sql, args).fetch_all(conn)
    }

    fn fetch_optional<'e, 'q: 'e, O: Rowed>(
        conn: &'e mut SqliteConnection,
        sql: &'e str,
        args: SqliteArguments<'q>,
    ) -> impl Future<Output = Result<Option<O>, sqlx::Error>> + Send + 'e {
        sqlx::query_as_with(sql, args).fetch_optional(conn)
    }

    async fn fetch_json<'e, 'q: 'e>(
        conn: &'e mut SqliteConnection,
        sql: &'e str,
        args: SqliteArguments<'q>,
    ) -> Result<Vec<JsonRow>, sqlx::Error> {
        let rows = sqlx::query_with(sql, args).fetch_all(conn).await?;
        rows.iter().map(json_rows::sqlite).collect()
    }

    // SQLite writes are already serialised by the store's single writer connection, so none of
    // the locks has anything to do.

    async fn lock_case(_: &mut SqliteConnection, _: Uuid) -> StoreResult<()> {
        Ok(())
    }

    async fn lock_child(_: &mut SqliteConnection, _: Uuid) -> StoreResult<()> {
        Ok(())
    }

    async fn lock_new_children(_: &mut SqliteConnection, _: Uuid) -> StoreResult<()> {
        Ok(())
    }

    async fn lock_audit_chain(_: &mut SqliteConnection) -> StoreResult<()> {
        Ok(())
    }
}

/// The key of the audit chain's advisory lock, as a literal so that a statement of its own, one
/// sent with `BEGIN` and the head read under it say the same. Any fixed number serves, as long as
/// only the chain uses it.
macro_rules! audit_chain_key {
    () => {
        "1582156382"
    };
}
macro_rules! audit_chain_lock {
    () => {
        concat!("SELECT pg_advisory_xact_lock(", audit_chain_key!(), ")")
    };
}
/// The first key of the two-key advisory locks on a council's intake of new children.
const NEW_CHILDREN_LOCK: i32 = 0x5e4d_c41d;

impl Engine for Postgres {
    const BACKEND: Backend = Backend::Postgres;
    const SKIP_LOCKED: &'static str = " FOR UPDATE SKIP LOCKED";
    const ANONYMOUS_PLACEHOLDER: Option<&'static str> = None;
    const BEGIN_WRITE: &'static str = "BEGIN";
    const BEGIN_AUDIT: &'static str = concat!("BEGIN; ", audit_chain_lock!());
    // A statement reads what was committed when it began, which may be before it had the lock;
    // the function reads the head afresh once it has it (migration 0075).
    const LOCKED_AUDIT_HEAD: &'static str =
        concat!("(SELECT locked_audit_head(", audit_chain_key!(), "))");
    const REFRESH_STATISTICS: &'static str = "ANALYZE";

    fn json_text(column: &str, key: &str) -> String {
        format!("({column} ->> '{key}')")
    }

    fn add<'q>(args: &mut PgArguments, value: impl Param<'q>) -> Result<(), BoxDynError> {
        args.add(value)
    }

    async fn execute<'e, 'q: 'e>(
        conn: &'e mut PgConnection,
        sql: &'e str,
        args: PgArguments,
    ) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query_with(sql, args).execute(conn).await?.rows_affected())
    }

    fn fetch_all<'e, 'q: 'e, O: Rowed>(
        conn: &'e mut PgConnection,
        sql: &'e str,
        args: PgArguments,
    ) -> impl Future<Output = Result<Vec<O>, sqlx::Error>> + Send + 'e {
        sqlx::query_as_with(sql, args).fetch_all(conn)
    }

    fn fetch_optional<'e, 'q: 'e, O: Rowed>(
        conn: &'e mut PgConnection,
        sql: &'e str,
        args: PgArguments,
    ) -> impl Future<Output = Result<Option<O>, sqlx::Error>> + Send + 'e {
        sqlx::query_as_with(sql, args).fetch_optional(conn)
    }

    async fn fetch_json<'e, 'q: 'e>(
        conn: &'e mut PgConnection,
        sql: &'e str,
        args: PgArguments,
    ) -> Result<Vec<JsonRow>, sqlx::Error> {
        let rows = sqlx::query_with(sql, args).fetch_all(conn).await?;
        rows.iter().map(json_rows::postgres).collect()
    }

    async fn lock_case(conn: &mut PgConnection, request: Uuid) -> StoreResult<()> {
        sqlx::query("SELECT id FROM ehc_requests WHERE id = $1 FOR UPDATE")
            .bind(request)
            .execute(conn)
            .await?;
        Ok(())
    }

    async fn lock_child(conn: &mut PgConnection, child: Uuid) -> StoreResult<()> {
        sqlx::query("SELECT id FROM children WHERE id = $1 FOR UPDATE")
            .bind(child)
            .execute(conn)
            .await?;
        Ok(())
    }

    async fn lock_new_children(conn: &mut PgConnection, la: Uuid) -> StoreResult<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
            .bind(NEW_CHILDREN_LOCK)
            .bind(la.to_string())
            .execute(conn)
            .await?;
        Ok(())
    }

    async fn lock_audit_chain(conn: &mut PgConnection) -> StoreResult<()> {
        sqlx::query(audit_chain_lock!()).execute(conn).await?;
        Ok(())
    }
}
