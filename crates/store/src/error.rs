use thiserror::Error;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0}")]
    BadUrl(String),
    /// A uniqueness rule was broken, e.g. a second child with the same UPN. Names the field.
    #[error("{field} is already in use")]
    Duplicate { field: &'static str },
    /// Something referred to a record that does not exist.
    #[error("{0} does not exist")]
    Missing(&'static str),
    /// The record was saved again since the version the change was made from; `newest` is the
    /// version now stored.
    #[error("version {newest} was saved meanwhile")]
    Stale { newest: i32 },
    /// The pupil at position `index` of a list was not on roll where and when it said.
    #[error("record {index}: the pupil is not on roll at the school before that date")]
    NotOnRoll { index: usize },
    /// Stored data that no longer parses: a bug or tampering, never the user's fault.
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A backup or restore could not be made; says what to do about it.
    #[error("{0}")]
    Backup(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A read's audit entry could not be written, so the read must not be answered.
    #[error("the audit entry could not be written: {0}")]
    Audit(String),
    /// The session or token a read acted on, as last read, no longer gives the same: the read
    /// was not audited and must be made afresh.
    #[error("the credential changed since it was read")]
    CredentialChanged,
}

impl StoreError {
    /// A new `version` whose insert failed because another save took that number first.
    pub(crate) fn lost_race(err: sqlx::Error, version: i32) -> StoreError {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Stale { newest: version }
            }
            _ => StoreError::from_write(err, &[]),
        }
    }

    /// Maps a unique-constraint failure to the field it protects, so callers can show it on a form.
    pub(crate) fn from_write(err: sqlx::Error, fields: &[(&str, &'static str)]) -> StoreError {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            let text = format!("{} {}", db.message(), db.constraint().unwrap_or_default());
            if let Some((_, field)) = fields.iter().find(|(column, _)| text.contains(column)) {
                return StoreError::Duplicate { field };
            }
        }
        if let sqlx::Error::Database(db) = &err
            && db.is_foreign_key_violation()
        {
            return StoreError::Missing("a record it refers to");
        }
        StoreError::Database(err)
    }
}
