//! The store's one integration-test binary: the two backends' schemas agree, a database that
//! ran the edited migration 0005 (see `src/migrations.rs`) still opens, a plan transferred
//! before `plan_transfers` is placed by migration 0057, and a setting consulted before
//! `consultations` is found by migration 0068, and SQLite's statistics hold no histograms.
//! PostgreSQL comes from `SENDCASE_TEST_PG_URL` (an admin URL; `scripts/test.sh` sets it).

use sendcase_store::{PgStore, SqliteStore};
use sqlx::Row;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn pg_admin_url() -> String {
    std::env::var("SENDCASE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sendcase-store-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh PostgreSQL database, dropped when the guard goes.
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn new() -> Self {
        let admin = pg_admin_url();
        let name = format!("sendcase_store_{}", uuid::Uuid::now_v7().simple());
        let url = PgStore::create_database(&admin, &name).await.expect("PostgreSQL reachable");
        PgDatabase { admin, name, url }
    }

    async fn drop(self) {
        PgStore::drop_database(&self.admin, &self.name).await.unwrap();
    }
}

/// One column: table, name, storage class, nullable.
type Column = (String, String, &'static str, bool);
/// One index other than a primary key: table, columns in order, unique.
type Index = (String, Vec<String>, bool);

/// SQLite's storage classes; PostgreSQL's types map onto the one this project stores them as.
fn sqlite_class(declared: &str) -> &'static str {
    match declared.to_uppercase().as_str() {
        "TEXT" => "text",
        "INTEGER" | "BIGINT" => "integer",
        "BLOB" => "blob",
        "REAL" => "real",
        other => panic!("SQLite type {other} has no storage class here: add it deliberately"),
    }
}

fn postgres_class(data_type: &str) -> &'static str {
    match data_type {
        "text" | "character varying" | "date" | "timestamp with time zone" | "jsonb" => "text",
        "integer" | "bigint" | "smallint" | "boolean" => "integer",
        "uuid" | "bytea" => "blob",
        "double precision" | "real" => "real",
        other => {
            panic!("PostgreSQL type {other} has no SQLite counterpart here: add it deliberately")
        }
    }
}

async fn sqlite_schema(url: &str) -> (BTreeSet<Column>, BTreeSet<Index>) {
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name != '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let (mut columns, mut indexes) = (BTreeSet::new(), BTreeSet::new());
    for table in tables {
        let rows = sqlx::query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(&pool)
            .await
            .unwrap();
        for r in rows {
            let (name, declared): (String, String) = (r.get(0), r.get(1));
            // A primary key column is NOT NULL in PostgreSQL whatever it says; so it is here.
            let nullable = r.get::<i64, _>(2) == 0 && r.get::<i64, _>(3) == 0;
            columns.insert((table.clone(), name, sqlite_class(&declared), nullable));
        }
        let list = sqlx::query("SELECT name, \"unique\", origin FROM pragma_index_list(?)")
            .bind(&table)
            .fetch_all(&pool)
            .await
            .unwrap();
        for index in list.into_iter().filter(|i| i.get::<String, _>(2) != "pk") {
            let name: String = index.get(0);
            let cols: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            indexes.insert((table.clone(), cols, index.get::<i64, _>(1) == 1));
        }
    }
    pool.close().await;
    (columns, indexes)
}

async fn postgres_schema(url: &str) -> (BTreeSet<Column>, BTreeSet<Index>) {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'YES' \
         FROM information_schema.columns WHERE table_schema = 'public' \
         AND table_name != '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let columns = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), postgres_class(r.get::<&str, _>(2)), r.get(3)))
        .collect();
    let rows = sqlx::query(
        "SELECT t.relname::text, i.indisunique, \
                array_agg(a.attname::text ORDER BY k.ord) \
         FROM pg_index i \
         JOIN pg_class t ON t.oid = i.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         WHERE n.nspname = 'public' AND NOT i.indisprimary AND t.relname != '_sqlx_migrations' \
         GROUP BY i.indexrelid, t.relname, i.indisunique",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let indexes = rows.iter().map(|r| (r.get(0), r.get(2), r.get(1))).collect();
    pool.close().await;
    (columns, indexes)
}

#[tokio::test]
async fn sqlite_and_postgres_have_the_same_schema() {
    let dir = temp_dir();
    let sqlite_url = format!("sqlite://{}", dir.join("schema.db").display());
    SqliteStore::open(&sqlite_url).await.unwrap();
    let pg = PgDatabase::new().await;
    PgStore::open(&pg.url).await.unwrap();
    let (lite_columns, lite_indexes) = sqlite_schema(&sqlite_url).await;
    let (pg_columns, pg_indexes) = postgres_schema(&pg.url).await;
    pg.drop().await;
    std::fs::remove_dir_all(dir).unwrap();
    let only =
        |a: &BTreeSet<Column>, b: &BTreeSet<Column>| a.difference(b).cloned().collect::<Vec<_>>();
    assert!(
        lite_columns == pg_columns,
        "columns only in SQLite: {:#?}\ncolumns only in PostgreSQL: {:#?}",
        only(&lite_columns, &pg_columns),
        only(&pg_columns, &lite_columns)
    );
    assert!(
        lite_indexes == pg_indexes,
        "indexes only in SQLite: {:#?}\nindexes only in PostgreSQL: {:#?}",
        lite_indexes.difference(&pg_indexes).collect::<Vec<_>>(),
        pg_indexes.difference(&lite_indexes).collect::<Vec<_>>()
    );
}

/// A copy of the backend's migrations numbered before `first_left_out`.
fn migrations_before(backend: &str, first_left_out: &str) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = temp_dir();
    for entry in std::fs::read_dir(manifest.join("migrations").join(backend)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.as_str() < first_left_out {
            std::fs::copy(&path, dir.join(&name)).unwrap();
        }
    }
    dir
}

/// The backend's migrations as they stood while 0005 was edited (commit 7646a87): everything up
/// to 0011, with 0005's index widened in place as that commit did.
fn migrations_as_edited(backend: &str) -> PathBuf {
    let dir = migrations_before(backend, "0012");
    let released = std::fs::read_to_string(dir.join("0005_caseload.sql")).unwrap();
    let narrow = "CREATE INDEX caseload_la_due ON caseload (la_id, due);\n";
    assert!(released.contains(narrow));
    let widened = format!(
        "-- Holds every column the filters test, so counting a filtered caseload reads the index alone.\n\
         CREATE INDEX caseload_la_due ON caseload ({});\n",
        COVERING.join(", ")
    );
    std::fs::write(dir.join("0005_caseload.sql"), released.replace(narrow, &widened)).unwrap();
    dir
}

const COVERING: [&str; 8] = [
    "la_id",
    "due",
    "valid_from",
    "valid_until",
    "stage",
    "caseworker_user_id",
    "school_urn",
    "exception_applies",
];

/// The caseload's index as the migrations leave it: 0076 put the rest of the list's order, the
/// child's name and the request, after the due date.
fn has_covering_index(indexes: &BTreeSet<Index>) -> bool {
    let mut in_order = COVERING.to_vec();
    in_order.splice(2..2, ["child_name", "request_id"]);
    indexes.iter().any(|(table, cols, _)| table == "caseload" && *cols == in_order)
}

#[tokio::test]
async fn a_database_migrated_with_the_edited_0005_still_opens() {
    let dir = temp_dir();
    let url = format!("sqlite://{}?mode=rwc", dir.join("edited.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let old = migrations_as_edited("sqlite");
    sqlx::migrate::Migrator::new(old.as_path()).await.unwrap().run(&pool).await.unwrap();
    pool.close().await;
    SqliteStore::open(&url).await.expect("a database from the edited 0005 opens");
    assert!(has_covering_index(&sqlite_schema(&url).await.1));

    let pg = PgDatabase::new().await;
    let pool = sqlx::PgPool::connect(&pg.url).await.unwrap();
    let old_pg = migrations_as_edited("postgres");
    sqlx::migrate::Migrator::new(old_pg.as_path()).await.unwrap().run(&pool).await.unwrap();
    pool.close().await;
    let opened = PgStore::open(&pg.url).await.map(|_| ());
    let covering = has_covering_index(&postgres_schema(&pg.url).await.1);
    pg.drop().await;
    for d in [dir, old, old_pg] {
        std::fs::remove_dir_all(d).unwrap();
    }
    opened.expect("a PostgreSQL database from the edited 0005 opens");
    assert!(covering);
}

async fn open(url: &str) -> Box<dyn sendcase_store::LocalOfferStore> {
    if url.starts_with("sqlite") {
        Box::new(SqliteStore::open(url).await.unwrap())
    } else {
        Box::new(PgStore::open(url).await.unwrap())
    }
}

/// Entries stored before the officers' list had its columns (migration 0050) are listed after
/// the store next opens, each filter as the domain reads the entry.
#[tokio::test]
async fn entries_stored_before_the_list_columns_are_listed_once_the_store_opens() {
    use sendcase_domain::local_offer::synthetic::services;
    use sendcase_store::{AuditMeta, ManagedServicesQuery, ServiceListing};
    let today = jiff::civil::date(2026, 12, 4);
    let council = uuid::Uuid::now_v7();
    let all = services(40, council, today);
    let shown = all.iter().filter(|s| s.is_public(today)).count();
    assert!(shown > 0 && shown < all.len(), "some shown, some not: {shown}");
    let query = |listing| ManagedServicesQuery {
        councils: vec![council],
        providers: vec![],
        words: vec![],
        listing,
        category: None,
        offset: 0,
        limit: 100,
    };
    let dir = temp_dir();
    let sqlite = format!("sqlite://{}?mode=rwc", dir.join("listing.db").display());
    let pg = PgDatabase::new().await;
    let mut counts = vec![];
    for url in [sqlite.as_str(), pg.url.as_str()] {
        {
            let store = open(url).await;
            store.put_local_offer_services(&all, &AuditMeta::system("test")).await.unwrap();
        }
        let forget = "UPDATE local_offer_services SET listing_text = NULL, categories = NULL, \
                      review_due = NULL, shown_until = NULL";
        if url.starts_with("sqlite") {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query(forget).execute(&pool).await.unwrap();
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query(forget).execute(&pool).await.unwrap();
            pool.close().await;
        }
        let store = open(url).await;
        let every = store.managed_services(&query(ServiceListing::All)).await.unwrap();
        let listed = store.managed_services(&query(ServiceListing::ShownOn(today))).await.unwrap();
        counts.push((every.in_reach, every.services.len(), listed.found));
    }
    pg.drop().await;
    std::fs::remove_dir_all(dir).unwrap();
    for backend in counts {
        assert_eq!(backend, (all.len() as u64, all.len(), shown as u64));
    }
}

/// A plan transferred from Kent to Medway as it was stored before plan_transfers: the move
/// recorded by Kent's caseworker, the transfer after it, the child now Medway's. Each statement
/// with the ids it binds: Kent, Medway, the caseworker, Ada and her request.
const EARLIER_TRANSFER: [(&str, &[usize]); 9] = [
    (
        "INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, 'local_authority', 'Kent', '2026-01-05T09:00:00Z')",
        &[0],
    ),
    (
        "INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, 'local_authority', 'Medway', '2026-01-05T09:00:00Z')",
        &[1],
    ),
    (
        "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ($1, 'kent@example.org', 'Kent caseworker', 'x', '2026-01-05T09:00:00Z')",
        &[2],
    ),
    (
        "INSERT INTO memberships (user_id, role, organisation_id) VALUES ($1, 'la_caseworker', $2)",
        &[2, 0],
    ),
    (
        "INSERT INTO children (id, given_name, family_name, birth_date, responsible_la_id, created_at) VALUES ($1, 'Ada', 'Ashby', '2015-03-01', $2, '2026-01-05T09:00:00Z')",
        &[3, 1],
    ),
    (
        "INSERT INTO ehc_requests (id, child_id, received_on, source, created_at) VALUES ($1, $2, '2025-01-06', 'parent', '2026-01-05T09:00:00Z')",
        &[4, 3],
    ),
    (
        "INSERT INTO case_events (request_id, seq, event_date, event, recorded_at, recorded_by) VALUES ($1, 0, '2025-01-06', '{\"event\":\"request_received\",\"date\":\"2025-01-06\"}', '2026-01-05T09:00:00Z', $2)",
        &[4, 2],
    ),
    (
        "INSERT INTO case_events (request_id, seq, event_date, event, recorded_at, recorded_by) VALUES ($1, 1, '2026-02-02', '{\"event\":\"moving_to_another_la\",\"date\":\"2026-02-02\",\"move_date\":\"2026-03-02\"}', '2026-02-02T09:00:00Z', $2)",
        &[4, 2],
    ),
    (
        "INSERT INTO case_events (request_id, seq, event_date, event, recorded_at, recorded_by) VALUES ($1, 2, '2026-03-02', '{\"event\":\"plan_transferred\",\"date\":\"2026-03-02\"}', '2026-03-02T09:00:00Z', $2)",
        &[4, 2],
    ),
];

/// Runs the migrations numbered before `first_left_out` on a fresh database of each backend,
/// stores `fixture` (each statement with the indexes in `ids` it binds), opens the store, which
/// runs the rest, and reads `query` on each: SQLite's rows, then PostgreSQL's.
async fn after_migration<T>(
    first_left_out: &str,
    fixture: &[(&str, &[usize])],
    ids: &[uuid::Uuid],
    query: &str,
) -> Vec<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    let dir = temp_dir();
    let sqlite = format!("sqlite://{}?mode=rwc", dir.join("earlier.db").display());
    let pg = PgDatabase::new().await;
    let mut found = vec![];
    let old = migrations_before("sqlite", first_left_out);
    let pool = sqlx::SqlitePool::connect(&sqlite).await.unwrap();
    sqlx::migrate::Migrator::new(old.as_path()).await.unwrap().run(&pool).await.unwrap();
    for (sql, binds) in fixture {
        let q = binds.iter().fold(sqlx::query(sql), |q, i| q.bind(ids[*i]));
        q.execute(&pool).await.unwrap();
    }
    pool.close().await;
    SqliteStore::open(&sqlite).await.unwrap();
    let pool = sqlx::SqlitePool::connect(&sqlite).await.unwrap();
    found.push(sqlx::query_as(query).fetch_all(&pool).await.unwrap());
    pool.close().await;

    let old_pg = migrations_before("postgres", first_left_out);
    let pool = sqlx::PgPool::connect(&pg.url).await.unwrap();
    sqlx::migrate::Migrator::new(old_pg.as_path()).await.unwrap().run(&pool).await.unwrap();
    for (sql, binds) in fixture {
        let q = binds.iter().fold(sqlx::query(sql), |q, i| q.bind(ids[*i]));
        q.execute(&pool).await.unwrap();
    }
    pool.close().await;
    PgStore::open(&pg.url).await.unwrap();
    let pool = sqlx::PgPool::connect(&pg.url).await.unwrap();
    found.push(sqlx::query_as(query).fetch_all(&pool).await.unwrap());
    pool.close().await;
    pg.drop().await;
    for d in [dir, old, old_pg] {
        std::fs::remove_dir_all(d).unwrap();
    }
    found
}

/// Transfers made before plan_transfers existed get their row from migration 0057, so the
/// council the plan left still counts it in its SEN2 return.
#[tokio::test]
async fn plans_transferred_before_plan_transfers_are_placed_by_who_recorded_the_move() {
    let ids: Vec<uuid::Uuid> = (0..5).map(|_| uuid::Uuid::now_v7()).collect();
    let query = "SELECT request_id, seq, from_la_id, to_la_id FROM plan_transfers";
    let found: Vec<Vec<(uuid::Uuid, i32, uuid::Uuid, uuid::Uuid)>> =
        after_migration("0057", &EARLIER_TRANSFER, &ids, query).await;
    for rows in found {
        assert_eq!(rows, [(ids[4], 2, ids[0], ids[1])]);
    }
}

/// Two schools consulted about Ada as stored before `consultations`, one of which has answered,
/// and a setting consulted by a name no organisation has. Each statement with the ids it binds:
/// Kent, Marsh Lane, Oakfield, Ada and her request.
const EARLIER_CONSULTATIONS: [(&str, &[usize]); 9] = [
    (
        "INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, 'local_authority', 'Kent', '2026-01-05T09:00:00Z')",
        &[0],
    ),
    (
        "INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, 'school', 'Marsh Lane Academy', '2026-01-05T09:00:00Z')",
        &[1],
    ),
    (
        "INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, 'school', 'Oakfield', '2026-01-05T09:00:00Z')",
        &[2],
    ),
    (
        "INSERT INTO children (id, given_name, family_name, birth_date, responsible_la_id, created_at) VALUES ($1, 'Ada', 'Ashby', '2015-03-01', $2, '2026-01-05T09:00:00Z')",
        &[3, 0],
    ),
    (
        "INSERT INTO ehc_requests (id, child_id, received_on, source, created_at) VALUES ($1, $2, '2026-01-06', 'parent', '2026-01-06T09:00:00Z')",
        &[4, 3],
    ),
    (
        "INSERT INTO case_records (request_id, seq, kind, body, recorded_at) VALUES ($1, 0, 'consultation', '{\"clock_ref\":\"marsh-lane-academy\",\"institution\":\"Marsh Lane Academy\"}', '2026-05-02T09:00:00Z')",
        &[4],
    ),
    (
        "INSERT INTO case_records (request_id, seq, kind, body, recorded_at) VALUES ($1, 1, 'consultation', '{\"clock_ref\":\"oakfield\",\"institution\":\"Oakfield\"}', '2026-05-02T09:00:00Z')",
        &[4],
    ),
    (
        "INSERT INTO case_records (request_id, seq, kind, body, recorded_at) VALUES ($1, 2, 'consultation_response', '{\"clock_ref\":\"oakfield\",\"response\":\"We can meet her needs.\"}', '2026-05-09T09:00:00Z')",
        &[4],
    ),
    (
        "INSERT INTO case_records (request_id, seq, kind, body, recorded_at) VALUES ($1, 3, 'consultation', '{\"clock_ref\":\"gone\",\"institution\":\"Gone School\"}', '2026-05-02T09:00:00Z')",
        &[4],
    ),
];

/// A row of `consultations`: request, seq, setting, clock ref, the answer's seq.
type ConsultationRow = (uuid::Uuid, i32, uuid::Uuid, String, Option<i32>);

/// Consultations recorded before migration 0068 reach their settings: each gets its row, closed
/// where the setting answered; one naming no organisation reaches nobody.
#[tokio::test]
async fn settings_consulted_before_consultations_are_found_by_name() {
    let ids: Vec<uuid::Uuid> = (0..5).map(|_| uuid::Uuid::now_v7()).collect();
    let query = "SELECT request_id, seq, setting_id, clock_ref, answered_seq FROM consultations \
                 ORDER BY seq";
    let found: Vec<Vec<ConsultationRow>> =
        after_migration("0068", &EARLIER_CONSULTATIONS, &ids, query).await;
    for rows in found {
        assert_eq!(
            rows,
            [
                (ids[4], 0, ids[1], "marsh-lane-academy".to_owned(), None),
                (ids[4], 1, ids[2], "oakfield".to_owned(), Some(2)),
            ]
        );
    }
}

/// A request's caseload as stored before migration 0077: a span open at its start, then one open
/// at its end. Each statement with the ids it binds: Kent, Ada and her request.
const EARLIER_SPANS: [(&str, &[usize]); 5] = [
    (
        "INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, 'local_authority', 'Kent', '2026-01-05T09:00:00Z')",
        &[0],
    ),
    (
        "INSERT INTO children (id, given_name, family_name, birth_date, responsible_la_id, created_at) VALUES ($1, 'Ada', 'Ashby', '2015-03-01', $2, '2026-01-05T09:00:00Z')",
        &[1, 0],
    ),
    (
        "INSERT INTO ehc_requests (id, child_id, received_on, source, created_at) VALUES ($1, $2, '2026-01-06', 'parent', '2026-01-06T09:00:00Z')",
        &[2, 1],
    ),
    (
        "INSERT INTO caseload (request_id, span, valid_from, valid_until, la_id, child_id, child_name, stage, received_on, duty, due, target, rule, explanation, exception_applies) VALUES ($1, 0, NULL, '2026-02-16', $2, $3, 'Ada Ashby', 'decision', '2026-01-06', 'decide_whether_to_assess', '2026-02-17', '2026-02-17', 'reg 5(1)', 'Within 6 weeks.', FALSE)",
        &[2, 0, 1],
    ),
    (
        "INSERT INTO caseload (request_id, span, valid_from, valid_until, la_id, child_id, child_name, stage, received_on, duty, due, target, rule, explanation, exception_applies) VALUES ($1, 1, '2026-02-17', NULL, $2, $3, 'Ada Ashby', 'decision', '2026-01-06', 'decide_whether_to_assess', '2026-02-17', '2026-02-17', 'reg 5(1)', 'Overdue.', FALSE)",
        &[2, 0, 1],
    ),
];

/// A caseload row's span, its first and last days, and the spans found for a day long before and
/// one long after.
type SpanRow = (i32, String, String, i32, i32);

/// Spans stored open before migration 0077 reach the first or last day there is, so the
/// caseload's filter for a day, two comparisons, still finds the span of every day.
#[tokio::test]
async fn spans_stored_open_reach_the_first_and_last_days() {
    let ids: Vec<uuid::Uuid> = (0..3).map(|_| uuid::Uuid::now_v7()).collect();
    let query = "SELECT span, CAST(valid_from AS TEXT), CAST(valid_until AS TEXT), \
                 (SELECT MIN(span) FROM caseload WHERE valid_from <= '1990-01-01' AND valid_until >= '1990-01-01'), \
                 (SELECT MIN(span) FROM caseload WHERE valid_from <= '2300-01-01' AND valid_until >= '2300-01-01') \
                 FROM caseload ORDER BY span";
    let found: Vec<Vec<SpanRow>> = after_migration("0077", &EARLIER_SPANS, &ids, query).await;
    for rows in found {
        assert_eq!(
            rows,
            [
                (0, "0001-01-01".to_owned(), "2026-02-16".to_owned(), 0, 1),
                (1, "2026-02-17".to_owned(), "9999-12-31".to_owned(), 0, 1),
            ]
        );
    }
}

/// The subject access export gives every table that can hold something about a child; a table
/// added without saying whether it does fails here, as does a column the export names wrongly.
#[tokio::test]
async fn every_table_is_in_the_subject_access_export_or_said_to_hold_nothing_about_a_child() {
    use sendcase_store::{HELD, NOT_ABOUT_A_CHILD};
    let dir = temp_dir();
    let url = format!("sqlite://{}", dir.join("tables.db").display());
    SqliteStore::open(&url).await.unwrap();
    let (columns, _) = sqlite_schema(&url).await;
    std::fs::remove_dir_all(dir).unwrap();
    let tables: BTreeSet<&str> = columns.iter().map(|(t, ..)| t.as_str()).collect();
    let exported: BTreeSet<&str> = HELD.iter().map(|h| h.table).collect();
    let left_out: BTreeSet<&str> = NOT_ABOUT_A_CHILD.iter().map(|(t, _)| *t).collect();
    assert!(exported.is_disjoint(&left_out), "{:?}", exported.intersection(&left_out));
    let said: BTreeSet<&str> = exported.union(&left_out).copied().collect();
    assert_eq!(said, tables, "tables of the schema, and tables the export speaks of");
    for held in HELD {
        for column in held.flags.iter().chain(held.json).chain(held.withheld) {
            let known = columns.iter().any(|(t, c, ..)| t == held.table && c == column);
            assert!(known, "{}.{column} is not a column", held.table);
        }
    }
}

/// After a bulk load SQLite keeps each index's row counts but no histograms, which would have
/// it compile statements again on every run (see `Engine::REFRESH_STATISTICS`).
#[tokio::test]
async fn sqlite_statistics_keep_row_counts_without_histograms() {
    use sendcase_store::CaseloadStore;
    let dir = temp_dir();
    let url = format!("sqlite://{}", dir.join("statistics.db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::raw_sql(
        "CREATE TABLE skewed (a INTEGER); CREATE INDEX skewed_a ON skewed (a); \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) \
         INSERT INTO skewed SELECT i % 7 FROM n",
    )
    .execute(&pool)
    .await
    .unwrap();
    store.refresh_statistics().await.unwrap();
    let count = |table: &'static str| {
        let pool = pool.clone();
        async move {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            sqlx::query_scalar::<_, i64>(&sql).fetch_one(&pool).await.unwrap()
        }
    };
    assert!(count("sqlite_stat1").await > 0, "row counts kept");
    assert_eq!(count("sqlite_stat4").await, 0, "no histograms");
    std::fs::remove_dir_all(dir).unwrap();
}
