//! The documents of a request — its plans and a letter for every decision — assembled from the
//! case's events and records, the clock's dates and the council's contacts. The web page, the
//! PDF, the API and `sendcase document` all take them from here, so they say the same.
//!
//! Reading a document is a read of the case: the caller has already asked the policy and
//! audited the access (the web's case view, or the command line as the system).

mod letters;
mod plan;

use crate::Refused;
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{CaseHistory, ClockOutput, DatedEvent, DutyKind, EventName, Named};
use sendcase_domain::documents::{
    AppendedAdvice, AttachedFile, Document, DocumentKind, Fact, Signature,
};
use sendcase_domain::ehc::attachments::{DocumentType, size_in_words};
use sendcase_domain::ehc::letters::{AppealDates, LaContacts, Reader};
use sendcase_domain::ehc::records::{Advice, AdviceKind};
use sendcase_domain::people::school_age::is_young_person;
use sendcase_store::{
    CaseAdviceRequest, CaseRecord, Child, EhcCase, PlanVersion, Store, StoreError,
};
use uuid::Uuid;

/// Everything stored about one request that its documents are made from.
#[derive(Clone, Copy)]
pub struct CaseFile<'a> {
    pub case: &'a EhcCase,
    pub child: &'a Child,
    pub records: &'a [CaseRecord],
    pub versions: &'a [PlanVersion],
    pub advice: &'a [CaseAdviceRequest],
}

/// A request's stored file, read without asking the policy: for the system's own work (the
/// command line and benchmarks), which audits its reads itself.
pub struct StoredCase {
    pub case: EhcCase,
    pub child: Child,
    pub records: Vec<CaseRecord>,
    pub versions: Vec<PlanVersion>,
    pub advice: Vec<CaseAdviceRequest>,
}

impl StoredCase {
    pub async fn read(
        store: &dyn Store,
        id: Uuid,
        today: Date,
    ) -> Result<Option<StoredCase>, StoreError> {
        let Some(case) = store.ehc_case(id).await? else { return Ok(None) };
        let Some(child) = store.child(case.request.child_id, today).await? else { return Ok(None) };
        Ok(Some(StoredCase {
            child: child.child,
            records: store.case_records(id).await?,
            versions: store.plan_versions(id).await?,
            advice: store.case_advice_requests(id).await?,
            case,
        }))
    }

    pub fn file(&self) -> CaseFile<'_> {
        CaseFile {
            case: &self.case,
            child: &self.child,
            records: &self.records,
            versions: &self.versions,
            advice: &self.advice,
        }
    }
}

/// A document and the day it is dated.
pub struct Dated {
    pub document: Document,
    pub on: Date,
}

/// The documents this case has, in the order they were sent.
pub fn available(file: &CaseFile<'_>) -> Vec<DocumentKind> {
    let history = file.case.history();
    let mut kinds: Vec<(Date, DocumentKind)> = DocumentKind::ALL
        .into_iter()
        .filter_map(|k| sent_on(file, &history, k).map(|on| (on, k)))
        .collect();
    kinds.sort_by_key(|(on, _)| *on);
    kinds.into_iter().map(|(_, k)| k).collect()
}

fn sent_on(file: &CaseFile<'_>, history: &[DatedEvent], kind: DocumentKind) -> Option<Date> {
    if kind.is_plan() {
        plan::version(file, kind).and_then(|v| v.issued_on)
    } else {
        letters::decision(history, kind).map(|i| history[i].date)
    }
}

/// The document of `kind`, or `NotFound` when the case has none of that kind.
pub async fn document(
    store: &dyn Store,
    calendar: &Calendar,
    file: &CaseFile<'_>,
    kind: DocumentKind,
) -> Result<Dated, Refused> {
    let la = la_contacts(store, file.child.responsible_la_id).await?;
    if kind.is_plan() {
        plan::plan(calendar, file, kind, &la)
    } else {
        letters::letter(store, calendar, file, kind, &la).await
    }
}

/// The council's details every decision notice names; a council that has not set them cannot
/// send one.
pub async fn la_contacts(store: &dyn Store, la_id: Uuid) -> Result<LaContacts, Refused> {
    let la = store.organisation(la_id).await?.ok_or(Refused::NotFound)?;
    let contacts = store.la_contacts(la_id).await?.ok_or_else(|| Refused::NotSetUp(format!(
        "{} has not set the contacts every decision notice must give (SEND team, mediation adviser, information advice and support service)",
        la.name
    )))?;
    Ok(LaContacts {
        la_name: la.name,
        send_team: contacts.send_team,
        mediation_service: contacts.mediation_service,
        information_advice_support: contacts.information_advice_support,
    })
}

/// Whom a document dated `on` speaks to: the young person from the end of compulsory school
/// age, otherwise the parent.
fn reader(child: &Child, on: Date) -> Reader {
    if is_young_person(child.birth_date, on) {
        Reader::YoungPerson { name: child.full_name() }
    } else {
        Reader::ParentOf { child_name: child.full_name() }
    }
}

/// The clock as it stood when the event at `index` was recorded: the duties that event started
/// are the ones its document gives dates for. Computed once per document.
struct ClockAt {
    event: EventName,
    duties: ClockOutput,
}

impl ClockAt {
    fn of(history: &[DatedEvent], index: usize, calendar: &Calendar) -> Result<ClockAt, Refused> {
        let on = history[index].date;
        let duties = CaseHistory { as_of: Some(on), events: history[..=index].to_vec() }
            .duties(on, calendar)
            .map_err(|e| StoreError::Corrupt(format!("history invalid: {e}")))?;
        Ok(ClockAt { event: history[index].event.name(), duties })
    }

    /// When the latest duty of `kind` is due, if the history started one.
    fn due(&self, kind: DutyKind) -> Option<Date> {
        self.duties.duties.iter().rev().find(|d| d.duty == kind).map(|d| d.due)
    }

    /// The due date of a duty the event must have started.
    fn required(&self, kind: DutyKind) -> Result<Date, Refused> {
        self.due(kind).ok_or_else(|| {
            Refused::Store(StoreError::Corrupt(format!(
                "{} without {}",
                self.event.as_str(),
                kind.as_str()
            )))
        })
    }

    fn appeal(&self) -> Result<AppealDates, Refused> {
        Ok(AppealDates {
            mediation_contact_by: self.required(DutyKind::ContactMediationAdviser)?,
            appeal_by: self.required(DutyKind::RegisterAppeal)?,
        })
    }
}

/// Who signs for the council: the person who recorded the decision, or the team.
async fn signature(
    store: &dyn Store,
    recorded_by: Option<Uuid>,
    la: &LaContacts,
) -> Result<Signature, Refused> {
    let name = match recorded_by {
        Some(id) => store.user_account(id).await?.map(|u| u.user.display_name),
        None => None,
    };
    Ok(Signature {
        name: name.unwrap_or_else(|| "The SEND team".to_owned()),
        role: format!("Special educational needs and disabilities team, for {}", la.la_name),
    })
}

/// The reference every document of a request carries.
fn reference(case: &EhcCase) -> String {
    sendcase_domain::documents::reference(case.request.id, case.request.received_on)
}

/// Each advice request as the family and council read it: what was asked of whom, when it came,
/// and what it said; `received_only` leaves out those still awaited.
pub fn advice_shown(advice: &[CaseAdviceRequest], received_only: bool) -> Vec<AppendedAdvice> {
    advice
        .iter()
        .filter(|a| !received_only || a.answered_on.is_some())
        .map(|a| AppendedAdvice {
            title: advice_label(a),
            status: match a.answered_on {
                Some(on) => format!("Received {}", sendcase_domain::clock::long_date(on)),
                None => format!(
                    "Asked for {}, not received yet",
                    sendcase_domain::clock::long_date(a.requested_on)
                ),
            },
            sections: a
                .advice
                .as_ref()
                .map(Advice::headed)
                .unwrap_or_default()
                .into_iter()
                .map(|(label, value)| Fact { label, value })
                .collect(),
            files: a.attachments.iter().map(attached_file).collect(),
        })
        .collect()
}

/// A document as pages and plans list it: its name, type and size.
pub fn attached_file(file: &sendcase_store::AttachmentInfo) -> AttachedFile {
    let kind = DocumentType::from_content_type(&file.content_type).map_or("File", |t| t.label());
    let size = size_in_words(u64::try_from(file.size).unwrap_or_default());
    AttachedFile { id: file.id, name: file.file_name.clone(), about: format!("{kind}, {size}") }
}

/// What the advice is and who gives it, as lists of advice name it.
pub fn advice_label(a: &CaseAdviceRequest) -> String {
    let kind =
        AdviceKind::parse(&a.advice_kind).map_or(a.advice_kind.clone(), |k| k.label().to_owned());
    format!("{kind} ({})", a.professional_name)
}

/// The index of the last event named `name` in `history`.
fn last(history: &[DatedEvent], name: EventName) -> Option<usize> {
    history.iter().rposition(|e| e.event.name() == name)
}
