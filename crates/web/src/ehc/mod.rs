//! EHC needs assessments (Code chapter 9) in the browser and the API: the caseload, each
//! request's page, the timeliness figures, and the statutory steps: the council's (decide, seek
//! advice, draft, consult, finalise), the family's (views, comments on the draft) and the
//! professionals' (advice). Each step is a form described as fields; what it records is one
//! [`CaseStep`], which the store writes only if the clock accepts its event.

pub mod advice;
pub mod api;
pub mod case;
mod case_documents;
mod case_page;
pub mod caseload;
mod caseload_page;
mod consultation;
mod disagreement;
mod disagreement_steps;
mod disputes;
mod documents;
mod family;
mod intake;
mod placement_steps;
mod plan;
mod plan_steps;
mod steps;
mod timeliness;

// `Kind` is matched on by the form template.
use crate::AppState;
use crate::auth::acting;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::case::{case_duties, case_for};
use crate::error::{AppError, FieldError, on_form};
use crate::page::forms::{Fieldset, FormValues, Kind};
use crate::page::lists::SearchBox;
use crate::page::uploads::FormWithFiles;
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use sendcase_domain::clock::{ClockOutput, EventName};
use sendcase_domain::documents::DocumentKind;
use sendcase_domain::ehc::disagreements::concerns_disagreement;
use sendcase_domain::ehc::moves::open_move;
use sendcase_domain::ehc::open_steps::{OpenSteps, open_steps};
use sendcase_domain::ehc::phase_transfer::open_transfer;
use sendcase_domain::ehc::plan::EhcPlan;
use sendcase_domain::ehc::reassessment::{Reassessment, may_change_plan};
use sendcase_domain::ehc::records::{CaseRecordKind, Consultation};
use sendcase_domain::ehc::reviews::ReviewProgress;
use sendcase_domain::policy::{CaseAction, Decision, decide_case};
use sendcase_store::{CaseAdviceRequest, CaseRecord, ChildRecord, EhcCase, PlanVersion};
use sendcase_usecases as usecases;
use sendcase_usecases::ehc::{Step, file};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/caseload", get(caseload_page::caseload))
        .route("/timeliness", get(timeliness::timeliness))
        .route("/disagreements", get(disputes::overview))
        .route("/ehc-requests/{id}", get(case_page::show))
        .route("/ehc-requests/new", get(intake::form).post(intake::submit))
        .route("/ehc-requests/{id}/steps/{step}", get(step_form).post(step_submit))
        .route("/ehc-requests/{id}/documents", get(documents::list))
        .route("/ehc-requests/{id}/documents/{file}", get(documents::show))
        .route(
            "/ehc-requests/{id}/decision-letter",
            get(|id| documents::moved(id, DocumentKind::DecisionNotToAssess)),
        )
        .route(
            "/ehc-requests/{id}/review-notice",
            get(|id| documents::moved(id, DocumentKind::ReviewDecision)),
        )
        .route(
            "/ehc-requests/{id}/cease-notice",
            get(|id| documents::moved(id, DocumentKind::DecisionToCease)),
        )
        .route(
            "/ehc-requests/{id}/consultations/{clock_ref}",
            get(consultation::form).post(consultation::submit),
        )
        .route("/ehc-requests/{id}/disagreement", get(disagreement::show))
        .route("/ehc-requests/{id}/plan", get(plan::overview))
        .route(
            "/ehc-requests/{id}/plan/sections/{section}",
            get(plan::section_form).post(plan::section_submit),
        )
        .route("/ehc-requests/{id}/plan/compare", get(plan::compare))
        .route("/ehc-requests/{id}/plan/print", get(plan::print))
        .route("/advice", get(advice::inbox))
        .route("/advice/{id}", get(advice::form).post(advice::submit))
        .route("/case-documents/{id}", get(case_documents::download))
}

/// Everything a step's form and rule may need to know about the case.
pub struct CaseView {
    pub case: EhcCase,
    pub child: ChildRecord,
    pub duties: ClockOutput,
    pub records: Vec<CaseRecord>,
    pub versions: Vec<PlanVersion>,
    pub advice: Vec<CaseAdviceRequest>,
}

impl CaseView {
    pub async fn load(
        state: &AppState,
        user: &CurrentUser,
        rid: &RequestId,
        id: &str,
        action: CaseAction,
    ) -> Result<CaseView, AppError> {
        let (case, child, _) = case_for(state, user, rid, id, action).await?;
        let duties = case_duties(&case, None, &state.settings.calendar)?;
        let id = case.request.id;
        Ok(CaseView {
            records: state.store.case_records(id).await?,
            versions: state.store.plan_versions(id).await?,
            advice: state.store.case_advice_requests(id).await?,
            case,
            child,
            duties,
        })
    }

    pub fn href(&self) -> String {
        format!("/ehc-requests/{}", self.case.request.id)
    }

    /// What the case's documents are made from.
    pub fn file(&self) -> usecases::documents::CaseFile<'_> {
        usecases::documents::CaseFile {
            case: &self.case,
            child: &self.child.child,
            records: &self.records,
            versions: &self.versions,
            advice: &self.advice,
        }
    }

    /// Records of one kind, oldest first.
    pub fn records<T: CaseRecordKind>(&self) -> Result<Vec<T>, AppError> {
        Ok(file::records(&self.records)?)
    }

    /// What the history leaves open, as the domain reads it.
    fn open_steps(&self) -> OpenSteps {
        open_steps(
            self.case.events.iter().map(|e| e.event.event.name()),
            self.issued_draft().is_some(),
            self.final_plan().is_some(),
        )
    }

    /// Whether the policy lets `user` take `action` on this case today.
    pub fn may(&self, user: &CurrentUser, action: CaseAction) -> bool {
        matches!(
            decide_case(&user.actor, action, &self.child.relations, today()),
            Decision::Allowed(_)
        )
    }

    /// What `user` can do next on this case, as links: the steps the policy lets them take that
    /// make sense at this stage of the history.
    pub fn actions(&self, user: &CurrentUser) -> Vec<(String, &'static str)> {
        let may = |action| self.may(user, action);
        let open = self.open_steps();
        let step = |slug: &str| format!("{}/steps/{slug}", self.href());
        let mut out = vec![];
        if may(CaseAction::RecordStatutoryEvent) && !open.closed {
            if open.decide {
                out.push((step("decision"), "Decide whether to assess"));
            }
            if open.assess {
                out.push((step("request-advice"), "Request advice"));
                if self.advice.iter().any(|a| a.answered_on.is_none()) {
                    out.push((step("record-advice"), "Record advice received by post or email"));
                }
                out.push((format!("{}/plan", self.href()), "Draft the plan"));
                if !open.after_draft {
                    out.push((step("no-plan"), "Decide not to issue a plan"));
                }
            }
            if open.after_draft {
                out.push((step("consult"), "Consult a school or other institution"));
                out.push((step("consultation-response"), "Record an institution's response"));
                out.push((step("finalise"), "Issue the final plan"));
            }
            out.push((step("exception"), "Record an exception to the time limits"));
        }
        if may(CaseAction::GiveFamilyViews) && !open.closed {
            out.push((step("views"), "Give your views (about me)"));
            if open.after_draft {
                out.push((step("comments"), "Comment on the draft plan"));
            }
        }
        if self.plan_made() {
            out.push((format!("{}/review", self.href()), "Annual review"));
            let progress = ReviewProgress::of(&self.case.history());
            let council = may(CaseAction::RecordStatutoryEvent);
            let reassessment = Reassessment::of(&self.case.history());
            if council && self.may_amend_plan() {
                out.push((format!("{}/plan", self.href()), "Amend the plan"));
            }
            if council && progress.plan_in_force {
                out.push((step("placement"), "Record a placement"));
                // A record that cannot be read still offers the form, which reports it.
                let placed = usecases::ehc::placements::current(&self.records)
                    .map_or(true, |p| p.iter().any(|p| p.placement.ends.is_none()));
                if placed {
                    out.push((step("end-placement"), "End a placement"));
                }
            }
            match reassessment {
                None if progress.plan_in_force && !progress.ceasing => {
                    if council {
                        out.push((
                            step("reassessment-request"),
                            "Record a request for a re-assessment",
                        ));
                    }
                    if may(CaseAction::GiveFamilyViews) {
                        out.push((step("ask-reassessment"), "Ask for a re-assessment"));
                    }
                }
                Some(Reassessment::Requested(_)) if council => {
                    out.push((step("reassessment-decision"), "Decide whether to re-assess"));
                }
                Some(Reassessment::Reassessing) if council => {
                    out.push((step("request-advice"), "Request advice for the re-assessment"));
                    out.push((step("issue-reassessed"), "Issue the re-assessed plan"));
                }
                _ => {}
            }
            let moving = open_move(&self.case.history()).is_some();
            if council && progress.plan_in_force {
                out.push(match progress.ceasing || moving {
                    false => (step("cease"), "Decide to cease the plan"),
                    true => (step("end-plan"), "End the plan"),
                });
                out.push(match moving {
                    false => (step("move"), "Record a move to another council"),
                    true => (step("transfer"), "Transfer the plan to the new council"),
                });
                out.push((format!("{}/export", self.href()), "Download the plan and its history"));
            }
            if open_transfer(&self.case.history()).is_some() {
                if council {
                    out.push((
                        step("record-preference"),
                        "Record the family's preferred setting for the move",
                    ));
                    out.push((step("consult"), "Consult a school or college about the move"));
                    out.push((step("consultation-response"), "Record a school or college's reply"));
                    out.push((step("amend-for-move"), "Amend the plan for the move"));
                }
                if may(CaseAction::GiveFamilyViews) {
                    out.push((
                        step("preference"),
                        "Say which school or college you would like after the move",
                    ));
                }
            }
            if progress.amendment_problem().is_none() {
                out.push((format!("{}/plan/compare", self.href()), "See the proposed amendments"));
                if council {
                    out.push((step("issue-amended"), "Issue the amended plan"));
                }
                if may(CaseAction::GiveFamilyViews) {
                    out.push((step("comments"), "Comment on the proposed amendments"));
                }
            }
        }
        if self.duties.duties.iter().any(|d| concerns_disagreement(d.duty)) {
            out.push((format!("{}/disagreement", self.href()), "Mediation and appeals"));
        }
        if !usecases::documents::available(&self.file()).is_empty() {
            out.push((format!("{}/documents", self.href()), "Letters and plans sent"));
        }
        out
    }

    /// What the clock's references on this case stand for, by reference: the adviser asked
    /// (`educational-psychologist` is "Educational psychologist") and the institution consulted.
    pub fn reference_names(&self) -> Result<std::collections::HashMap<String, String>, AppError> {
        let advisers =
            self.advice.iter().map(|a| (a.clock_ref.clone(), usecases::documents::advice_label(a)));
        let institutions =
            self.records::<Consultation>()?.into_iter().map(|c| (c.clock_ref, c.institution));
        Ok(advisers.chain(institutions).collect())
    }

    /// Whether the council may change the plan in force now (after a review meeting, until the
    /// amended plan is issued).
    pub fn may_amend_plan(&self) -> bool {
        may_change_plan(&self.case.history())
    }

    /// Whether a plan was ever in force on this case: issued here or transferred in.
    pub fn plan_made(&self) -> bool {
        self.final_plan().is_some()
            || self.case.events.iter().any(|e| e.event.event.name() == EventName::PlanTransferred)
    }

    /// The newest saved plan, or an empty one as version 0.
    pub fn working_plan(&self) -> (i32, EhcPlan) {
        file::working_plan(&self.versions)
    }

    pub fn issued_draft(&self) -> Option<&PlanVersion> {
        file::issued_draft(&self.versions)
    }

    pub fn final_plan(&self) -> Option<&PlanVersion> {
        file::final_plan(&self.versions)
    }
}

/// A step's form as the generic template shows it.
pub struct StepForm {
    pub caption: String,
    pub title: String,
    pub intro: Vec<String>,
    pub warnings: Vec<String>,
    pub fieldsets: Vec<Fieldset>,
    pub submit: &'static str,
}

#[derive(Template)]
#[template(path = "ehc/form.html")]
struct FormPage {
    page: PageContext,
    back: String,
    action: String,
    caption: String,
    title: String,
    intro: Vec<String>,
    warnings: Vec<String>,
    fieldsets: Vec<Fieldset>,
    submit: &'static str,
    /// A search above the form whose results it offers; its text is sent again with the form.
    search_box: Option<SearchBox>,
    conflict: Option<EditConflict>,
    /// What to read before answering: `(href, link text)`.
    read_first: Option<(String, String)>,
}

impl FormPage {
    /// Whether the form carries files, and so must be sent as `multipart/form-data`.
    fn multipart(&self) -> bool {
        self.fieldsets.iter().flat_map(|s| &s.fields).any(|f| matches!(f.kind, Kind::Files))
    }
}

/// A save refused because someone else saved the same part meanwhile: both texts, side by side,
/// so the editor can keep theirs (leave) or their own (save again over the newest version).
pub struct EditConflict {
    pub message: String,
    pub theirs_title: String,
    pub theirs: Vec<String>,
    pub yours: Vec<String>,
    pub keep_theirs: String,
}

/// What a form page may show around the form itself.
#[derive(Default)]
struct AroundTheForm {
    search_box: Option<SearchBox>,
    conflict: Option<EditConflict>,
    read_first: Option<(String, String)>,
}

/// Renders `form`; with errors, as the 422 answer to a failed submission.
pub fn show_form(
    user: &CurrentUser,
    back: String,
    action: String,
    form: StepForm,
    errors: Vec<FieldError>,
) -> PageResult {
    show_form_searching(user, back, action, form, None, errors)
}

/// Renders `form` below `search_box`, as [`show_form`] does.
pub fn show_form_searching(
    user: &CurrentUser,
    back: String,
    action: String,
    form: StepForm,
    search_box: Option<SearchBox>,
    errors: Vec<FieldError>,
) -> PageResult {
    let status = form_status(&errors);
    let around = AroundTheForm { search_box, ..AroundTheForm::default() };
    form_page(user, back, action, form, errors, around, status)
}

/// A form shown afresh is 200; shown again with what was wrong, the 422 answer to it.
fn form_status(errors: &[FieldError]) -> StatusCode {
    if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY }
}

/// Renders `form` below a link to what must be read before answering it, as [`show_form`] does.
pub fn show_form_reading(
    user: &CurrentUser,
    back: String,
    action: String,
    form: StepForm,
    read_first: (String, String),
    errors: Vec<FieldError>,
) -> PageResult {
    let status = form_status(&errors);
    let around = AroundTheForm { read_first: Some(read_first), ..AroundTheForm::default() };
    form_page(user, back, action, form, errors, around, status)
}

impl EditConflict {
    /// A conflict with version `newest` of a record: its lines beside the editor's.
    pub fn with_version(
        message: String,
        newest: i32,
        theirs: Vec<String>,
        yours: Vec<String>,
        keep_theirs: String,
    ) -> Self {
        let theirs_title = format!("Their version (version {newest})");
        EditConflict { message, theirs_title, theirs, yours, keep_theirs }
    }
}

/// The form again after an edit conflict, answered 409 so scripts see it too; saving it keeps
/// the editor's version.
pub fn show_conflict(
    user: &CurrentUser,
    back: String,
    action: String,
    mut form: StepForm,
    conflict: EditConflict,
) -> PageResult {
    form.submit = "Keep your version";
    let around = AroundTheForm { conflict: Some(conflict), ..AroundTheForm::default() };
    form_page(user, back, action, form, vec![], around, StatusCode::CONFLICT)
}

fn form_page(
    user: &CurrentUser,
    back: String,
    action: String,
    form: StepForm,
    errors: Vec<FieldError>,
    around: AroundTheForm,
    status: StatusCode,
) -> PageResult {
    // A school's forms sit under its register in the navigation; every other form under the caseload.
    let section = if back.starts_with("/schools/") { "/sen-register" } else { "/caseload" };
    let page = FormPage {
        page: PageContext::new(Some(user), section).with_errors(errors),
        back,
        action,
        caption: form.caption,
        title: form.title,
        intro: form.intro,
        warnings: form.warnings,
        fieldsets: form.fieldsets,
        submit: form.submit,
        search_box: around.search_box,
        conflict: around.conflict,
        read_first: around.read_first,
    };
    Ok((status, render(&page)?).into_response())
}

/// Takes `step` on the case; a rule it breaks becomes an error on the form, the clock's refusal
/// of its event one on the `date` field.
pub async fn take_step(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    view: &CaseView,
    step: Step,
) -> Result<Result<(), FieldError>, AppError> {
    let taken = usecases::ehc::take_step(acting(state, user, rid), view.case.request.id, step);
    Ok(on_form(taken.await)?.map(|_| ()))
}

async fn step_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((id, step)): Path<(String, String)>,
) -> PageResult {
    let step = steps::Step::parse(&step).ok_or(AppError::NotFound)?;
    let view = CaseView::load(&state, &user, &rid, &id, step.action()).await?;
    let form = step.form(&state, &view, None).await?;
    show_form(&user, view.href(), format!("{}/steps/{}", view.href(), step.slug()), form, vec![])
}

async fn step_submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((id, step)): Path<(String, String)>,
    FormWithFiles { fields, files }: FormWithFiles,
) -> PageResult {
    let step = steps::Step::parse(&step).ok_or(AppError::NotFound)?;
    let values = FormValues::new(fields);
    let view = CaseView::load(&state, &user, &rid, &id, step.action()).await?;
    let mut errors = vec![];
    if let Some(taken) = step.read(&state, &view, &values, files, &mut errors).await? {
        match take_step(&state, &user, &rid, &view, taken).await? {
            Ok(()) => return Ok(Redirect::to(&view.href()).into_response()),
            Err(e) => errors.push(e),
        }
    }
    let form = step.form(&state, &view, Some(&values)).await?;
    show_form(&user, view.href(), format!("{}/steps/{}", view.href(), step.slug()), form, errors)
}
