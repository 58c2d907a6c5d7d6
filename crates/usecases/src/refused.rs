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
