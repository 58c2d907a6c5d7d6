//! Rows of any shape as JSON objects, for the subject access export, which gives out every
//! column a table has. Identifiers become their usual hyphenated text (SQLite keeps them as 16
//! bytes), dates and times ISO 8601 text as SQLite keeps them, so both backends give the same
//! values; what only the column's declaration can tell (a flag, JSON text) is
//! [`crate::subject_access::Held`]'s to say.

use serde_json::{Map, Value};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, Row, TypeInfo, ValueRef};
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// One row: column name to value.
pub type JsonRow = Map<String, Value>;

/// SQLite says what each value is, whatever the column was declared as.
pub(crate) fn sqlite(row: &SqliteRow) -> Result<JsonRow, sqlx::Error> {
    let mut out = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let kind = {
            let raw = row.try_get_raw(i)?;
            if raw.is_null() { "NULL".to_owned() } else { raw.type_info().name().to_owned() }
        };
        let value = match kind.as_str() {
            "NULL" => Value::Null,
            "INTEGER" => row.try_get::<i64, _>(i)?.into(),
            "REAL" => row.try_get::<f64, _>(i)?.into(),
            "BLOB" => {
                let bytes = row.try_get::<Vec<u8>, _>(i)?;
                match Uuid::from_slice(&bytes) {
                    Ok(id) => id.to_string().into(),
                    Err(_) => hex::encode(bytes).into(),
                }
            }
            _ => row.try_get::<String, _>(i)?.into(),
        };
        out.insert(column.name().to_owned(), value);
    }
    Ok(out)
}

/// PostgreSQL says what each column is.
pub(crate) fn postgres(row: &PgRow) -> Result<JsonRow, sqlx::Error> {
    let mut out = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = if row.try_get_raw(i)?.is_null() {
            Value::Null
        } else {
            match column.type_info().name() {
                "UUID" => row.try_get::<Uuid, _>(i)?.to_string().into(),
                "INT2" => row.try_get::<i16, _>(i)?.into(),
                "INT4" => row.try_get::<i32, _>(i)?.into(),
                "INT8" => row.try_get::<i64, _>(i)?.into(),
                "FLOAT4" | "FLOAT8" => row.try_get::<f64, _>(i)?.into(),
                "BOOL" => row.try_get::<bool, _>(i)?.into(),
                "JSON" | "JSONB" => row.try_get::<Value, _>(i)?,
                "BYTEA" => hex::encode(row.try_get::<Vec<u8>, _>(i)?).into(),
                "DATE" => {
                    let date = row.try_get::<time::Date, _>(i)?;
                    crate::convert::from_db_date(date).map_err(decode)?.to_string().into()
                }
                "TIMESTAMPTZ" => {
                    let at = row.try_get::<time::OffsetDateTime, _>(i)?;
                    at.format(&Rfc3339).map_err(decode)?.into()
                }
                _ => row.try_get::<String, _>(i)?.into(),
            }
        };
        out.insert(column.name().to_owned(), value);
    }
    Ok(out)
}

fn decode(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}
