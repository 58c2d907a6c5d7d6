//! The council's statutory steps, and the dispatch of every step form to its fields and rule.

use super::consultation::{named_answer, named_field};
use super::{CaseView, StepForm};
use super::{disagreement_steps, family, placement_steps, plan_steps};
use crate::AppState;
use crate::children::new_link;
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use sendcase_domain::clock::{ExceptionGround, Named};
use sendcase_domain::ehc::attachments::{MOST_BYTES, MOST_FILES};
use sendcase_domain::ehc::plan::Placement;
use sendcase_domain::ehc::records::{Advice, AdviceKind, Consultation, Representation};
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::policy::{CaseAction, may_be_asked_for_advice};
use sendcase_usecases::ehc::file::open_consultations;
use sendcase_usecases::ehc::{AdviceInvitation, FILES_FIELD, Step as TakenStep, Upload};
use std::collections::HashMap;
use uuid::Uuid;

/// The council list's choice for a council outside sendcase.
pub const OUTSIDE: &str = "outside";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Decision,
    NoPlan,
    RequestAdvice,
    RecordAdvice,
    Exception,
    IssueDraft,
    Consult,
    ConsultationResponse,
    Finalise,
    Views,
    Comments,
    IssueAmended,
    Cease,
    EndPlan,
    Preference,
    CouncilPreference,
    AmendForTransfer,
    Move,
    Transfer,
    AskReassessment,
    RecordReassessmentRequest,
    DecideReassessment,
    IssueReassessed,
    Mediation,
    MediationChoice,
    MediationHeld,
    MediationCertificate,
    Appeal,
    AppealRegistered,
    TribunalDecision,
    Concession,
    OrderComplied,
    Placement,
    EndPlacement,
}

impl Step {
    const ALL: [Step; 34] = [
        Step::Decision,
        Step::NoPlan,
        Step::RequestAdvice,
        Step::RecordAdvice,
        Step::Exception,
        Step::IssueDraft,
        Step::Consult,
        Step::ConsultationResponse,
        Step::Finalise,
        Step::Views,
        Step::Comments,
        Step::IssueAmended,
        Step::Cease,
        Step::EndPlan,
        Step::Preference,
        Step::CouncilPreference,
        Step::AmendForTransfer,
        Step::Move,
        Step::Transfer,
        Step::AskReassessment,
        Step::RecordReassessmentRequest,
        Step::DecideReassessment,
        Step::IssueReassessed,
        Step::Mediation,
        Step::MediationChoice,
        Step::MediationHeld,
        Step::MediationCertificate,
        Step::Appeal,
        Step::AppealRegistered,
        Step::TribunalDecision,
        Step::Concession,
        Step::OrderComplied,
        Step::Placement,
        Step::EndPlacement,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Step::Decision => "decision",
            Step::NoPlan => "no-plan",
            Step::RequestAdvice => "request-advice",
            Step::RecordAdvice => "record-advice",
            Step::Exception => "exception",
            Step::IssueDraft => "issue-draft",
            Step::Consult => "consult",
            Step::ConsultationResponse => "consultation-response",
            Step::Finalise => "finalise",
            Step::Views => "views",
            Step::Comments => "comments",
            Step::IssueAmended => "issue-amended",
            Step::Cease => "cease",
            Step::EndPlan => "end-plan",
            Step::Preference => "preference",
            Step::CouncilPreference => "record-preference",
            Step::AmendForTransfer => "amend-for-move",
            Step::Move => "move",
            Step::Transfer => "transfer",
            Step::AskReassessment => "ask-reassessment",
            Step::RecordReassessmentRequest => "reassessment-request",
            Step::DecideReassessment => "reassessment-decision",
            Step::IssueReassessed => "issue-reassessed",
            Step::Mediation => "mediation",
            Step::MediationChoice => "mediation-choice",
            Step::MediationHeld => "mediation-held",
            Step::MediationCertificate => "mediation-certificate",
            Step::Appeal => "appeal",
            Step::AppealRegistered => "appeal-registered",
            Step::TribunalDecision => "tribunal-decision",
            Step::Concession => "concession",
            Step::OrderComplied => "order-complied",
            Step::Placement => "placement",
            Step::EndPlacement => "end-placement",
        }
    }

    fn is_disagreement(self) -> bool {
        matches!(
            self,
            Step::Mediation
                | Step::MediationChoice
                | Step::MediationHeld
                | Step::MediationCertificate
                | Step::Appeal
                | Step::AppealRegistered
                | Step::TribunalDecision
                | Step::Concession
                | Step::OrderComplied
        )
    }

    pub fn parse(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn action(self) -> CaseAction {
        match self {
            Step::Views
            | Step::Comments
            | Step::Preference
            | Step::AskReassessment
            | Step::Mediation
            | Step::Appeal => CaseAction::GiveFamilyViews,
            _ => CaseAction::RecordStatutoryEvent,
        }
    }

    pub async fn form(
        self,
        state: &AppState,
        view: &CaseView,
        values: Option<&FormValues>,
    ) -> Result<StepForm, AppError> {
        let kit = Kit { values, caption: view.child.child.full_name() };
        let (typed, date) = (|name: &str| kit.typed(name), |name: &str| kit.date(name));
        let form = |title: &str, intro, fields, submit| kit.form(title, intro, fields, submit);
        Ok(match self {
            Step::Decision => form(
                "Decide whether to carry out an EHC needs assessment",
                vec!["Consider whether the child or young person has or may have special educational needs, and whether provision may need to be made through an EHC plan (section 36(8)).".into()],
                vec![
                    Field::new("to_assess", "Will the council carry out an assessment?", Kind::Radios(choices([("yes", "Yes, assess"), ("no", "No, do not assess")]))).value(typed("to_assess")),
                    date("date").hint("The date of the decision, for example, 16 2 2026"),
                    Field::new("reasons", "Reasons for the decision", Kind::Textarea)
                        .hint("A decision not to assess is sent to the family with these reasons")
                        .value(typed("reasons")),
                ],
                "Record decision",
            ),
            Step::NoPlan => form(
                "Decide not to issue a plan",
                vec!["After the assessment, the council may decide that special educational provision need not be made through a plan. The family must be told within 16 weeks of the request, with the reasons and their right to appeal.".into()],
                vec![
                    date("date").hint("The date of the decision, for example, 20 4 2026"),
                    Field::new("reasons", "Reasons for the decision", Kind::Textarea)
                        .hint("The family's letter gives these reasons, with the advice and what the school or college can do")
                        .value(typed("reasons")),
                ],
                "Record decision",
            ),
            Step::RequestAdvice => {
                let professionals = professionals(state).await?;
                form(
                    "Request advice",
                    vec!["The professional must give their advice within 6 weeks of the request (regulation 8).".into()],
                    vec![
                        Field::new("professional", "Professional", Kind::Select(professionals)).hint("Or a school's SENCO, for the school's educational advice").value(typed("professional")),
                        Field::new("name", "Or someone without an account: their full name", Kind::Text).hint("They are emailed a link to set a password, and see only what they are asked about").value(typed("name")),
                        Field::new("email", "Their email address", Kind::Text).value(typed("email")),
                        Field::new("kind", "Advice sought", Kind::Select(choices(AdviceKind::ALL.map(|k| (k.code(), k.label()))))).value(typed("kind")),
                        date("date").hint("The date the request was sent, for example, 20 1 2026"),
                    ],
                    "Request advice",
                )
            }
            Step::RecordAdvice => {
                let open: Vec<(String, String)> = view.advice.iter().filter(|a| a.answered_on.is_none()).map(|a| (a.id.to_string(), sendcase_usecases::documents::advice_label(a))).collect();
                form(
                    "Record advice received by post or email",
                    vec!["Advice that reached the council other than through sendcase is recorded with the day it arrived; the family can then read it, and it is appended to the plan.".into()],
                    vec![
                        Field::new("advice_request", "Advice request", Kind::Select(open)).value(typed("advice_request")),
                        Field::new("advice", "The advice", Kind::Textarea).hint("As received, or a faithful summary with where the original is kept").value(typed("advice")),
                        date("date").hint("The day it arrived, for example, 3 3 2026"),
                        files_field(),
                    ],
                    "Record advice",
                )
            }
            Step::Exception => form(
                "Record an exception to the time limits",
                vec!["The time limits do not apply where meeting them is impractical for one of the reasons in regulation 10(4). The deadlines do not move: the council must still act as soon as practicable, and tell the family why (Code 9.43).".into()],
                vec![
                    Field::new("ground", "Reason", Kind::Radios(choices([
                        ("a", "(a) A school or college was asked for advice within a week of a closure of 4 weeks or more"),
                        ("b", "(b) An early years provider was asked for advice within a week of a closure of 4 weeks or more"),
                        ("c", "(c) Exceptional personal circumstances affecting the child, young person or parent"),
                        ("d", "(d) The child, young person or parent was away from the area for 4 weeks or more"),
                    ]))).value(typed("ground")),
                    date("date").hint("The date the exception arose, for example, 20 7 2026"),
                    Field::new("note", "Why it made the time limit impractical", Kind::Textarea).value(typed("note")),
                    date("told").hint("The date the family was told. Leave blank if they have not been told yet").value(values.map(|v| v.date_as_typed("told")).unwrap_or_default()),
                ],
                "Record exception",
            ),
            Step::IssueDraft => {
                let (version, plan) = view.working_plan();
                let mut form = form(
                    "Issue the draft plan",
                    vec![format!("Version {version} of the plan will be sent to the family. They have 15 days to comment and to ask for a school or other institution to be named.")],
                    vec![date("date").hint("The date the draft is sent, for example, 9 3 2026")],
                    "Issue draft",
                );
                form.warnings = plan.warnings().iter().map(ToString::to_string).collect();
                form
            }
            Step::Consult => {
                let schools: Vec<(String, String)> = state
                    .store
                    .organisations()
                    .await?
                    .into_iter()
                    .filter(|o| o.kind == OrganisationKind::School)
                    .map(|o| (o.name.clone(), o.name))
                    .collect();
                form(
                    "Consult a school or other institution",
                    vec!["The institution should respond within 15 days (Code 9.83).".into()],
                    vec![
                        Field::new("institution", "Institution", Kind::Select(schools)).value(typed("institution")),
                        date("date").hint("The date the draft plan was sent to them"),
                    ],
                    "Record consultation",
                )
            }
            Step::ConsultationResponse => {
                let open: Vec<(String, String)> = open_consultations(&view.records)?.into_iter().map(|c| (c.clock_ref, c.institution)).collect();
                form(
                    "Record an institution's response",
                    vec![],
                    vec![
                        Field::new("consultation", "Institution", Kind::Select(open)).value(typed("consultation")),
                        date("date").hint("The date the response arrived"),
                        named_field(typed("named")),
                        Field::new("response", "Their response", Kind::Textarea).value(typed("response")),
                    ],
                    "Record response",
                )
            }
            Step::Finalise => {
                let asked = view.records::<Representation>()?.into_iter().rev().map(|r| r.requested_setting).find(|s| !s.is_empty()).unwrap_or_default();
                let mut intro = vec!["The final plan names the school or other institution in section I. Anything else that differs from the draft must come from the family's representations; otherwise issue a new draft.".to_owned()];
                if !asked.is_empty() {
                    intro.push(format!("The family asked for: {asked}."));
                }
                let consulted: Vec<(String, String)> = view.records::<Consultation>()?.into_iter().map(|c| (c.institution.clone(), c.institution)).collect();
                let (_, plan) = view.working_plan();
                let mut form = form(
                    "Issue the final plan",
                    intro,
                    vec![
                        Field::new("institution", "School or other institution (section I)", Kind::Select(consulted)).hint("Only a setting consulted on the draft plan can be named").value(values.map(|v| v.text("institution")).unwrap_or(asked)),
                        Field::new("institution_kind", "Type of institution", Kind::Text).hint("For example, mainstream primary academy").value(typed("institution_kind")),
                        date("date").hint("The date the final plan is issued"),
                    ],
                    "Issue final plan",
                );
                form.warnings = plan.warnings().iter().map(ToString::to_string).collect();
                form
            }
            Step::Views => family::views_form(view, values)?,
            Step::Comments => family::comments_form(view, values)?,
            other if other.is_disagreement() => disagreement_steps::form(other, view, &kit)?,
            Step::Placement | Step::EndPlacement => {
                placement_steps::form(self, state, view, &kit).await?
            }
            other => plan_steps::form(other, state, view, &kit).await?,
        })
    }

    /// The step to take, or `None` with `errors` saying what to correct; the rules that depend
    /// on the case are the use case's, judged when it is taken.
    pub async fn read(
        self,
        state: &AppState,
        view: &CaseView,
        v: &FormValues,
        files: Vec<Upload>,
        errors: &mut Vec<FieldError>,
    ) -> Result<Option<TakenStep>, AppError> {
        let step = match self {
            Step::Decision => {
                let to_assess = match v.text("to_assess").as_str() {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => {
                        errors.push(FieldError::new(
                            "to_assess-0",
                            "Select whether the council will carry out an assessment",
                        ));
                        None
                    }
                };
                let date = v.date("date", Some("Enter the date of the decision"), errors);
                let reasons = v.required("reasons", "Enter the reasons for the decision", errors);
                to_assess.zip(date).map(|(to_assess, on)| TakenStep::Decide {
                    to_assess,
                    on,
                    reasons,
                })
            }
            Step::NoPlan => {
                let date = v.date("date", Some("Enter the date of the decision"), errors);
                let reasons = v.required("reasons", "Enter the reasons for the decision", errors);
                date.map(|on| TakenStep::DecideNoPlan { on, reasons })
            }
            Step::RequestAdvice => {
                let known = professionals(state).await?;
                let professional = v.text("professional");
                let professional_id: Option<Uuid> = known
                    .iter()
                    .find(|(id, _)| *id == professional)
                    .and_then(|(id, _)| id.parse().ok());
                let (name, email) = (v.text("name"), v.text("email"));
                let inviting = professional_id.is_none() && !(name.is_empty() && email.is_empty());
                if professional_id.is_none() && !inviting {
                    errors.push(FieldError::new(
                        "professional",
                        "Choose the professional to ask, or give the name and email address of someone to invite",
                    ));
                }
                let kind = AdviceKind::parse(&v.text("kind"));
                if kind.is_none() {
                    errors.push(FieldError::new("kind", "Choose the advice sought"));
                }
                let date = v.date("date", Some("Enter the date the request was sent"), errors);
                let (Some(kind), Some(on)) = (kind, date) else { return Ok(None) };
                match professional_id {
                    Some(professional_user_id) => Some(TakenStep::RequestAdvice {
                        professional_user_id,
                        kind,
                        on,
                        invited: None,
                    }),
                    None if inviting => {
                        let (link, now) = (new_link()?, state.settings.clock.now());
                        let invitation = AdviceInvitation { name, email, link, now };
                        Some(TakenStep::InviteForAdvice {
                            invitation: Box::new(invitation),
                            kind,
                            on,
                        })
                    }
                    None => None,
                }
            }
            Step::RecordAdvice => {
                let advice_request = v.text("advice_request").parse().ok();
                if advice_request.is_none() {
                    errors.push(FieldError::new(
                        "advice_request",
                        "Choose the advice request it answers",
                    ));
                }
                let text = v.required("advice", "Enter the advice", errors);
                let on = v.date("date", Some("Enter the day the advice arrived"), errors);
                advice_request.zip(on).map(|(advice_request, on)| TakenStep::RecordAdviceReceived {
                    advice_request,
                    advice: Advice { sections: vec![(RECEIVED_ADVICE.to_owned(), text)] },
                    on,
                    files,
                })
            }
            Step::Exception => {
                let ground = ExceptionGround::parse(&v.text("ground"));
                if ground.is_none() {
                    errors.push(FieldError::new(
                        "ground-0",
                        "Select the reason the time limit does not apply",
                    ));
                }
                let date = v.date("date", Some("Enter the date the exception arose"), errors);
                let note = v.required("note", "Say why it made the time limit impractical", errors);
                let family_told_on = v.date("told", None, errors);
                date.zip(ground).map(|(on, ground)| TakenStep::ClaimException {
                    ground,
                    on,
                    note,
                    family_told_on,
                })
            }
            Step::IssueDraft => v
                .date("date", Some("Enter the date the draft is sent"), errors)
                .map(|on| TakenStep::IssueDraft { on }),
            Step::Consult => {
                let institution =
                    v.required("institution", "Choose the institution consulted", errors);
                v.date("date", Some("Enter the date the institution was consulted"), errors)
                    .map(|on| TakenStep::Consult { institution, on, setting: None })
            }
            Step::ConsultationResponse => {
                let consultation = v.text("consultation");
                if consultation.is_empty() {
                    errors.push(FieldError::new(
                        "consultation",
                        "Choose the institution that responded",
                    ));
                }
                let date = v.date("date", Some("Enter the date the response arrived"), errors);
                let response = v.required("response", "Enter what the institution said", errors);
                let agrees_to_be_named = named_answer(v, errors);
                date.map(|on| TakenStep::RecordResponse {
                    consultation,
                    on,
                    response,
                    agrees_to_be_named,
                    by_setting: false,
                })
            }
            Step::Finalise => {
                let institution = v.required(
                    "institution",
                    "Enter the school or other institution to name in section I",
                    errors,
                );
                let kind = v.required("institution_kind", "Enter the type of institution", errors);
                v.date("date", Some("Enter the date the final plan is issued"), errors).map(|on| {
                    TakenStep::IssueFinal { placement: Placement { institution, kind }, on }
                })
            }
            Step::Views => Some(family::read_views(v)),
            Step::Comments => family::read_comments(view, v, errors)?,
            other if other.is_disagreement() => disagreement_steps::read(other, v, errors),
            Step::Placement | Step::EndPlacement => {
                placement_steps::read(self, state, v, errors).await?
            }
            other => plan_steps::read(other, state, v, errors).await?,
        };
        Ok(step.filter(|_| errors.is_empty()))
    }
}

/// Where documents that come with advice are chosen.
pub fn files_field() -> Field {
    let hint = format!(
        "Reports or letters that came with it, if any: up to {MOST_FILES} PDFs, images or Word, \
         Excel, PowerPoint or OpenDocument files, each smaller than {} MB",
        MOST_BYTES / (1024 * 1024)
    );
    Field::new(FILES_FIELD, "Documents", Kind::Files).hint(hint)
}

/// The heading of advice the council recorded as it arrived.
const RECEIVED_ADVICE: &str = "Advice as received by post or email";

/// Whom advice may be asked of, as `(id, name)`: professionals, named with the service they work
/// in where their account says, and each school's SENCO for its educational advice, named with
/// their school.
async fn professionals(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let orgs: HashMap<Uuid, String> =
        state.store.organisations().await?.into_iter().map(|o| (o.id, o.name)).collect();
    Ok(state
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| may_be_asked_for_advice(&u.memberships))
        .map(|u| {
            let at = |role| {
                u.memberships
                    .iter()
                    .find(|m| m.role == role)
                    .and_then(|m| m.organisation_id.and_then(|id| orgs.get(&id)))
            };
            let name = match (at(Role::Professional), at(Role::Senco)) {
                (Some(service), _) => format!("{}, {service}", u.user.display_name),
                (None, Some(school)) => format!("{}, SENCO at {school}", u.user.display_name),
                (None, None) => u.user.display_name,
            };
            (u.user.id.to_string(), name)
        })
        .collect())
}

/// What every step's form is made with: the values as typed, and the child's name as caption.
pub struct Kit<'a> {
    pub values: Option<&'a FormValues>,
    pub caption: String,
}

impl Kit<'_> {
    pub fn typed(&self, name: &str) -> String {
        self.values.map(|v| v.text(name)).unwrap_or_default()
    }

    /// A date field named `name`, labelled "Date".
    pub fn date(&self, name: &str) -> Field {
        Field::new(name, "Date", Kind::Date).value(self.date_typed(name))
    }

    pub fn date_typed(&self, name: &str) -> String {
        self.values.map(|v| v.date_as_typed(name)).unwrap_or_default()
    }

    pub fn form(
        &self,
        title: &str,
        intro: Vec<String>,
        fields: Vec<Field>,
        submit: &'static str,
    ) -> StepForm {
        StepForm {
            caption: self.caption.clone(),
            title: title.to_owned(),
            intro,
            warnings: vec![],
            fieldsets: vec![Fieldset::new("", fields)],
            submit,
        }
    }
}
