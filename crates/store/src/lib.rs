//! Storage for sendcase: the [`Store`] seam and its two implementations.
//!
//! SQLite is the embedded default; PostgreSQL is the scale-out backend. [`connect`] picks one from
//! the URL. Each area of the system has its own trait ([`DirectoryStore`], [`AccessStore`],
//! [`AuditStore`], ...); its SQL is written once, in that area's module, as generic code over
//! [`Engine`], which is what differs between the two databases. Every change runs in one
//! transaction together with its audit entry, so nothing is half-written.

mod access;
mod anonymise;
mod audit;
mod audit_batch;
mod audit_seal;
pub mod backup;
mod bulk;
mod case_changes;
mod case_documents;
mod caseload;
mod cases;
mod child_list;
mod consultations;
mod convert;
mod counts;
mod credentials;
mod directory;
mod early_years;
mod engine;
mod error;
mod establishments;
mod family_decisions;
mod invitations;
mod json_rows;
mod local_offer;
mod local_offer_listing;
mod messages;
mod migrations;
mod model;
mod moves;
mod outbox;
mod password_resets;
mod plans;
mod pool;
mod postgres;
mod register;
mod retention;
mod review_invitations;
mod school_documents;
mod second_factor;
mod sen2;
mod sen_support;
mod sessions;
mod sqlite;
mod sso;
mod steps;
mod subject_access;
mod summaries;
mod throttle;

pub use access::{AccessStore, NewSession, SessionRow, SignedIn, Stage};
pub use audit::{AuditEntry, AuditMeta, AuditStore, ChainBreak, GENESIS_HASH, verify_chain};
pub use audit_seal::{AuditBreak, AuditKey, AuditSealStore, Checkpoint, CheckpointKind, Verified};
pub use bulk::{BulkChild, BulkRegisterEntry, BulkRequest, Issued, PlanIssue};
pub use case_changes::{
    AcceptedStep, CaseChange, CaseChangeStore, LockedCase, RequestOpening, RequestOpeningStore,
};
pub use case_documents::{Attachment, AttachmentInfo, NewAttachment};
pub use caseload::{
    CaseloadPage, CaseloadQuery, CaseloadRow, CaseloadSort, CaseloadStore, Rebuilt,
};
pub use cases::{
    CaseEvent, CaseStore, EhcCase, EhcRequest, HistoryCheck, NewEhcRequest, StoredBeforeRequest,
};
pub use child_list::{ChildListQuery, ChildListStore, ListPage, PupilOnRoll};
pub use counts::VersionedPage;
pub use credentials::{AsRead, Unconfirmed};
pub use directory::DirectoryStore;
pub use early_years::EarlyYearsStore;
pub use engine::{Engine, SqlStore};
pub use error::{StoreError, StoreResult};
pub use establishments::{EstablishmentImport, EstablishmentStore, Upserted};
pub use family_decisions::FamilyDecisionStore;
pub use invitations::{InvitationLink, InvitationStore, Invited, NewAccount};
pub use json_rows::JsonRow;
pub use local_offer::{Feedback, FeedbackResponse, LocalOfferStore, NewFeedback};
pub use local_offer_listing::{ManagedServices, ManagedServicesQuery, ServiceListing};
pub use messages::{Message, MessageStore, NewMessage};
pub use model::*;
pub use moves::{EarlierEntry, Leaver, MoveStore, Transfer};
pub use outbox::{ClaimedEmail, OutboxState, OutboxStore};
pub use password_resets::{NewPasswordReset, PasswordResetStore};
pub use plans::{PlanChild, PlanRow, PlanStore, PlansQuery, TransferCounts};
pub use postgres::PgStore;
pub use register::{
    ImportCounts, PupilImport, RegisterChange, RegisterEntry, RegisterRow, RegisterStore,
};
pub use retention::RetentionStore;
pub use review_invitations::ReviewInvitationStore;
pub use school_documents::{ProfileVersion, ReportVersion, SchoolDocumentStore};
pub use second_factor::{NewAuthenticator, SecondFactorStore};
pub use sen_support::{InterventionPupil, InterventionRow, SenSupportStore, StepsCheck};
pub use sen2::{Sen2Case, Sen2Person, Sen2Store};
pub use sessions::{Others, SessionListed, SessionStore};
pub use sqlite::SqliteStore;
pub use sso::{SsoPending, SsoStart, SsoStore};
pub use steps::{
    AdviceChange, CaseAdviceRequest, CaseRecord, CaseStaff, CaseStep, ConsultationMark,
    LaContactRow, NewCaseRecord, PlanChange, PlanVersion, StepStore,
};
pub use subject_access::{HELD, Held, HeldRows, NOT_ABOUT_A_CHILD, Reach, SubjectAccessStore};
pub use throttle::ThrottleStore;

use std::sync::Arc;

/// Everything the application keeps, whichever database holds it.
pub trait Store:
    DirectoryStore
    + FamilyDecisionStore
    + ChildListStore
    + AccessStore
    + ThrottleStore
    + AuditStore
    + AuditSealStore
    + CaseStore
    + CaseChangeStore
    + RequestOpeningStore
    + StepStore
    + ReviewInvitationStore
    + LocalOfferStore
    + CaseloadStore
    + RegisterStore
    + SenSupportStore
    + SchoolDocumentStore
    + EarlyYearsStore
    + MoveStore
    + PlanStore
    + EstablishmentStore
    + MessageStore
    + OutboxStore
    + PasswordResetStore
    + InvitationStore
    + SessionStore
    + SecondFactorStore
    + SsoStore
    + Sen2Store
    + SubjectAccessStore
    + RetentionStore
{
}
impl<
    T: DirectoryStore
        + FamilyDecisionStore
        + ChildListStore
        + AccessStore
        + ThrottleStore
        + AuditStore
        + AuditSealStore
        + CaseStore
        + CaseChangeStore
        + RequestOpeningStore
        + StepStore
        + ReviewInvitationStore
        + LocalOfferStore
        + CaseloadStore
        + RegisterStore
        + SenSupportStore
        + SchoolDocumentStore
        + EarlyYearsStore
        + MoveStore
        + PlanStore
        + EstablishmentStore
        + MessageStore
        + OutboxStore
        + PasswordResetStore
        + InvitationStore
        + SessionStore
        + SecondFactorStore
        + SsoStore
        + Sen2Store
        + SubjectAccessStore
        + RetentionStore,
> Store for T
{
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database URL as given on the command line; its `Debug` and `Display` never show a password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn parse(url: &str) -> StoreResult<Self> {
        let backend_known = url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://");
        if backend_known {
            Ok(DatabaseUrl(url.to_owned()))
        } else {
            Err(StoreError::BadUrl(format!(
                "database URL must start with sqlite: or postgres:// (got \"{}\")",
                redact(url)
            )))
        }
    }

    pub fn backend(&self) -> Backend {
        if self.0.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseUrl({})", redact(&self.0))
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

/// Replaces the password of `scheme://user:password@host` with `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Opens the database named by `url` and brings its schema up to date.
pub async fn connect(url: &DatabaseUrl) -> StoreResult<Arc<dyn Store>> {
    Ok(match url.backend() {
        Backend::Sqlite => Arc::new(SqliteStore::open(url.expose()).await?),
        Backend::Postgres => Arc::new(PgStore::open(url.expose()).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_never_show_their_password() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db.example:5432/sendcase").unwrap();
        assert_eq!(format!("{url:?}"), "DatabaseUrl(postgres://app:***@db.example:5432/sendcase)");
        assert_eq!(url.to_string(), "postgres://app:***@db.example:5432/sendcase");
        assert_eq!(url.backend(), Backend::Postgres);
        assert_eq!(DatabaseUrl::parse("sqlite://x.db").unwrap().backend(), Backend::Sqlite);
    }

    #[test]
    fn unknown_schemes_are_refused_with_the_url_redacted() {
        let err = DatabaseUrl::parse("mysql://root:pw@host/db").unwrap_err().to_string();
        assert!(err.contains("mysql://root:***@host/db"), "{err}");
    }
}
