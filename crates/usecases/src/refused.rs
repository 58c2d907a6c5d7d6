use sendcase_domain::policy::Refusal;
use sendcase_store::StoreError;

/// Why a use case wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// No such record, or none the actor may know exists.
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// The statutory clock would not accept the step's event after the case's history.
    #[error("{0}")]
    Clock(String),
    /// A rule of the Code: what is wrong, and the form field to correct (empty for the whole
    /// form).
    #[error("{message}")]
    Rule { field: &'static str, message: String },
    /// The record was saved by someone else since the version the change was made from, and
    /// keeping the change would lose theirs; `newest` is the version to compare with.
    #[error("{message}")]
    Stale { message: String, newest: i32 },
    /// The council has not set up what this needs, such as the contacts every decision notice
    /// must give.
    #[error("{0}")]
    NotSetUp(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Refused {
    pub(crate) fn rule(field: &'static str, message: impl Into<String>) -> Self {
        Refused::Rule { field, message: message.into() }
    }
}

impl From<Refusal> for Refused {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::NotFound => Refused::NotFound,
            Refusal::Forbidden => Refused::Forbidden,
        }
    }
}
