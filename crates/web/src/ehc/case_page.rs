//! One EHC needs assessment request in the browser, with every duty in plain English, for the
//! council, the school and the family alike.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::error::AppError;
use crate::page::duties::{Row, named_row};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use sendcase_domain::clock::{long_date, stage};
use sendcase_domain::documents::{AppendedAdvice, paragraphs};
use sendcase_domain::ehc::RequestSource;
use sendcase_domain::ehc::records::{Consultation, ConsultationResponse, FamilyRequest};
use sendcase_domain::policy::{CaseAction, Decision, reads_advice};
use sendcase_domain::schools::request_pack::SchoolRequestPack;
use sendcase_usecases::documents::{advice_shown, attached_file};

#[derive(Template)]
#[template(path = "ehc/case.html")]
struct RequestPage {
    page: PageContext,
    child_name: String,
    received: String,
    stage: String,
    source: String,
    events: Vec<(String, String)>,
    rows: Vec<Row>,
    actions: Vec<(String, &'static str)>,
    /// Each school request pack that came with the request, as headed sections.
    school_packs: Vec<Vec<(String, Vec<String>)>>,
    /// What a parent or young person wrote when they asked online, a paragraph a line.
    family_reasons: Vec<Vec<String>>,
    /// The documents the family sent with the request, for the council and the family.
    family_files: Vec<sendcase_domain::documents::AttachedFile>,
    /// The advice asked for, for the council and the family: who, when, and what they said.
    advice: Vec<AppendedAdvice>,
    /// For the council, each setting consulted: `(setting, its answer, its reasons)`.
    consultations: Vec<(String, &'static str, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let view = super::CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let actions = view.actions(&user);
    let party = reads_advice(&user.actor, &view.child.relations, crate::records::today());
    let (advice, family_files) = match party {
        Decision::Allowed(_) => {
            let sent = state.store.request_documents(view.case.request.id).await?;
            (advice_shown(&view.advice, false), sent.iter().map(attached_file).collect())
        }
        Decision::Refused(_) => (vec![], vec![]),
    };
    let consultations = match view.may(&user, CaseAction::RecordStatutoryEvent) {
        true => consultations(&view)?,
        false => vec![],
    };
    let school_packs =
        view.records::<SchoolRequestPack>()?.iter().map(SchoolRequestPack::sections).collect();
    let family_reasons =
        view.records::<FamilyRequest>()?.iter().map(|r| paragraphs(&r.reasons)).collect();
    let names = view.reference_names()?;
    let (case, child, duties) = (view.case, view.child, view.duties);
    let history = case.history();
    let stage = stage(&history).map(|s| s.label().to_owned()).unwrap_or_default();
    let events = case
        .events
        .iter()
        .map(|e| {
            let name = e.event.event.name().label();
            let what = match e.event.event.reference() {
                Some(r) => format!("{name}: {}", names.get(r).map_or(r, String::as_str)),
                None => name.to_owned(),
            };
            (long_date(e.event.date), what)
        })
        .collect();
    let source = case
        .request
        .source
        .parse::<RequestSource>()
        .map(|s| s.label().to_owned())
        .unwrap_or(case.request.source.clone());
    let page = RequestPage {
        page: PageContext::new(Some(&user), "/caseload"),
        child_name: child.child.full_name(),
        received: long_date(case.request.received_on),
        stage,
        source,
        events,
        rows: duties.duties.into_iter().map(|d| named_row(d, &names)).collect(),
        actions,
        school_packs,
        family_reasons,
        family_files,
        advice,
        consultations,
    };
    Ok(render(&page)?)
}

/// Each setting consulted and what it answered, so the council weighs its reasons before naming
/// one (Code 9.79–9.84).
fn consultations(view: &super::CaseView) -> Result<Vec<(String, &'static str, String)>, AppError> {
    let answers = view.records::<ConsultationResponse>()?;
    Ok(view
        .records::<Consultation>()?
        .into_iter()
        .map(|c| match answers.iter().find(|a| a.clock_ref == c.clock_ref) {
            Some(a) => (c.institution, a.summary(), a.response.clone()),
            None => (c.institution, "Not yet answered", String::new()),
        })
        .collect())
}
