//! The council's statutory steps, and the dispatch of every step form to its fields and rule.

use super::family;
use super::{CaseView, StepForm};
use crate::AppState;
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::records::today;
use sendcase_domain::clock::{CeaseReason, ExceptionGround, Named};
use sendcase_domain::ehc::ceasing::CeaseDecision;
use sendcase_domain::ehc::moves::CouncilMove;
use sendcase_domain::ehc::plan::Placement;
use sendcase_domain::ehc::reassessment::{ReassessmentDecision, ReassessmentRequest};
use sendcase_domain::ehc::records::{AdviceKind, Consultation, Representation};
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::policy::CaseAction;
use sendcase_usecases::ehc::Step as TakenStep;
use sendcase_usecases::ehc::file::open_consultations;

/// The council list's choice for a council outside sendcase.
const OUTSIDE: &str = "outside";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Decision,
    RequestAdvice,
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
}

impl Step {
    const ALL: [Step; 21] = [
        Step::Decision,
        Step::RequestAdvice,
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
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Step::Decision => "decision",
            Step::RequestAdvice => "request-advice",
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
        }
    }

    pub fn parse(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn action(self) -> CaseAction {
        match self {
            Step::Views | Step::Comments | Step::Preference | Step::AskReassessment => {
                CaseAction::GiveFamilyViews
            }
            _ => CaseAction::RecordStatutoryEvent,
        }
    }

    pub async fn form(
        self,
        state: &AppState,
        view: &CaseView,
        values: Option<&FormValues>,
    ) -> Result<StepForm, AppError> {
        let typed = |name: &str| values.map(|v| v.text(name)).unwrap_or_default();
        let date = |name: &str| {
            Field::new(name, "Date", Kind::Date)
                .value(values.map(|v| v.date_as_typed(name)).unwrap_or_default())
        };
        let caption = view.child.child.full_name();
        let form = |title: &str, intro: Vec<String>, fields: Vec<Field>, submit| StepForm {
            caption: caption.clone(),
            title: title.to_owned(),
            intro,
            warnings: vec![],
            fieldsets: vec![Fieldset::new("", fields)],
            submit,
        };
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
            Step::RequestAdvice => {
                let professionals = professionals(state).await?;
                form(
                    "Request advice",
                    vec!["The professional must give their advice within 6 weeks of the request (regulation 8).".into()],
                    vec![
                        Field::new("professional", "Professional", Kind::Select(professionals)).value(typed("professional")),
                        Field::new("kind", "Advice sought", Kind::Select(choices(AdviceKind::ALL.map(|k| (k.code(), k.label()))))).value(typed("kind")),
                        date("date").hint("The date the request was sent, for example, 20 1 2026"),
                    ],
                    "Request advice",
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
            Step::IssueAmended => {
                let (version, plan) = view.working_plan();
                let mut form = form(
                    "Issue the amended plan",
                    vec![
                        format!("Version {version} of the plan will be issued as the amended plan, with the family's right to appeal."),
                        "Issue it once the family's 15 days to comment on the proposed amendments have passed, or once they have commented, and within 8 weeks of the proposal (regulation 22).".into(),
                    ],
                    vec![date("date").hint("The date the amended plan is issued")],
                    "Issue amended plan",
                );
                form.warnings = plan.warnings().iter().map(ToString::to_string).collect();
                form
            }
            Step::Cease => form(
                "Decide to cease the plan",
                vec![
                    "The council may cease to maintain a plan when it is no longer necessary: for example, when the child's needs can be met without it, or the young person has moved on to higher education or paid work (section 45). Consult the family and the school or college first (regulation 31).".into(),
                    "The family is sent a notice with their right to appeal. The plan stays in force until the time to appeal has passed or any appeal is decided.".into(),
                ],
                vec![
                    Field::new("reasons", "Reasons for the decision", Kind::Textarea).hint("The family's notice gives these reasons").value(typed("reasons")),
                    Field::new("family_consulted", "Date the family was consulted", Kind::Date).hint("For example, 2 2 2026").value(values.map(|v| v.date_as_typed("family_consulted")).unwrap_or_default()),
                    Field::new("setting_consulted", "Date the school or college was consulted", Kind::Date).hint("For example, 9 2 2026").value(values.map(|v| v.date_as_typed("setting_consulted")).unwrap_or_default()),
                    date("date").hint("The date of the decision, for example, 2 3 2026"),
                ],
                "Record decision",
            ),
            Step::Preference | Step::CouncilPreference => form(
                "The school or college for the move",
                vec!["Which school, college or other institution the family would like named in the plan after the move. The council consults it and names it unless it would be unsuitable or incompatible with others' efficient education (section 39).".into()],
                vec![Field::new("setting", "School, college or other institution", Kind::Text).value(typed("setting"))],
                "Save preference",
            ),
            Step::AmendForTransfer => {
                let consulted: Vec<(String, String)> = view.records::<Consultation>()?.into_iter().map(|c| (c.institution.clone(), c.institution)).collect();
                form(
                    "Amend the plan for the move",
                    vec!["The amended plan names the new school, college or other institution in section I. Only a setting that has been consulted can be named.".into()],
                    vec![
                        Field::new("institution", "School, college or other institution (section I)", Kind::Select(consulted)).value(typed("institution")),
                        Field::new("institution_kind", "Type of institution", Kind::Text).hint("For example, mainstream secondary academy").value(typed("institution_kind")),
                        date("date").hint("The date the amended plan is issued"),
                    ],
                    "Amend plan",
                )
            }
            Step::Move => {
                let mut councils: Vec<(String, String)> = state
                    .store
                    .organisations()
                    .await?
                    .into_iter()
                    .filter(|o| o.kind == OrganisationKind::LocalAuthority && o.id != view.child.child.responsible_la_id)
                    .map(|o| (o.id.to_string(), o.name))
                    .collect();
                councils.push((OUTSIDE.into(), "A council that does not use sendcase".into()));
                form(
                    "Record a move to another council",
                    vec!["When the family moves to another council in England, the plan transfers to it on the day of the move (regulation 15). The new council then has 6 weeks to tell the family whether it will reassess or amend the plan, and reviews it within 12 months of the last review or 3 months of the move, whichever is later.".into()],
                    vec![
                        Field::new("council", "The new council", Kind::Select(councils)).value(typed("council")),
                        Field::new("council_name", "If it does not use sendcase, its name", Kind::Text).value(typed("council_name")),
                        Field::new("move_date", "Date of the move", Kind::Date).hint("For example, 2 11 2026").value(values.map(|v| v.date_as_typed("move_date")).unwrap_or_default()),
                        date("date").hint("The date the council heard of the move"),
                    ],
                    "Record move",
                )
            }
            Step::AskReassessment | Step::RecordReassessmentRequest => {
                let mut fields = vec![];
                if self == Step::RecordReassessmentRequest {
                    fields.push(Field::new("by", "Who asked", Kind::Radios(choices([("family", "The child's parents or the young person"), ("setting", "The school or college")]))).value(typed("by")));
                }
                fields.push(Field::new("reasons", "Why a re-assessment is needed", Kind::Textarea).hint("What has changed in the child's or young person's needs").value(typed("reasons")));
                if self == Step::RecordReassessmentRequest {
                    fields.push(date("date").hint("The date the request arrived"));
                }
                form(
                    "Ask for a re-assessment",
                    vec!["The council must decide within 15 days whether to re-assess the education, health and care needs. If it does, the re-assessed plan follows within 14 weeks of the request (regulations 24 to 27).".into()],
                    fields,
                    "Send request",
                )
            }
            Step::DecideReassessment => form(
                "Decide whether to re-assess",
                vec!["Decide within 15 days of the request. A decision not to re-assess can be appealed.".into()],
                vec![
                    Field::new("reassess", "Will the council re-assess?", Kind::Radios(choices([("yes", "Yes, re-assess"), ("no", "No, do not re-assess")]))).value(typed("reassess")),
                    Field::new("reasons", "Reasons for the decision", Kind::Textarea).value(typed("reasons")),
                    date("date").hint("The date of the decision"),
                ],
                "Record decision",
            ),
            Step::IssueReassessed => {
                let (version, plan) = view.working_plan();
                let mut form = form(
                    "Issue the re-assessed plan",
                    vec![format!("Version {version} of the plan will be issued as the re-assessed plan, with the family's right to appeal. Its next annual review is due within 12 months.")],
                    vec![date("date").hint("The date the re-assessed plan is issued")],
                    "Issue re-assessed plan",
                );
                form.warnings = plan.warnings().iter().map(ToString::to_string).collect();
                form
            }
            Step::Transfer => {
                let to = view.records::<CouncilMove>()?.pop().map(|m| m.to_name).unwrap_or_default();
                form(
                    "Transfer the plan",
                    vec![format!("The plan, its history and the duties that follow go to {to}. This council can no longer open the case afterwards.")],
                    vec![date("date").hint("The day of the move, or later")],
                    "Transfer plan",
                )
            }
            Step::EndPlan => form(
                "End the plan",
                vec!["Record the day the plan stopped being maintained. Unless the child or young person has died, this is after the family's time to appeal against ceasing it has passed, or after any appeal is decided.".into()],
                vec![
                    Field::new("reason", "Why the plan ended", Kind::Radios(choices(CeaseReason::ALL.iter().map(|r| (r.as_str(), r.label()))))).value(typed("reason")),
                    date("date").hint("The day the plan ended, for example, 31 7 2026"),
                ],
                "End the plan",
            ),
        })
    }

    /// The step to take, or `None` with `errors` saying what to correct; the rules that depend
    /// on the case are the use case's, judged when it is taken.
    pub async fn read(
        self,
        state: &AppState,
        view: &CaseView,
        v: &FormValues,
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
            Step::RequestAdvice => {
                let known = professionals(state).await?;
                let professional = v.text("professional");
                let professional_id = known
                    .iter()
                    .find(|(id, _)| *id == professional)
                    .and_then(|(id, _)| id.parse().ok());
                if professional_id.is_none() {
                    errors.push(FieldError::new("professional", "Choose the professional to ask"));
                }
                let kind = AdviceKind::parse(&v.text("kind"));
                if kind.is_none() {
                    errors.push(FieldError::new("kind", "Choose the advice sought"));
                }
                let date = v.date("date", Some("Enter the date the request was sent"), errors);
                match (professional_id, kind, date) {
                    (Some(professional_user_id), Some(kind), Some(on)) => {
                        Some(TakenStep::RequestAdvice { professional_user_id, kind, on })
                    }
                    _ => None,
                }
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
                    .map(|on| TakenStep::Consult { institution, on })
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
                date.map(|on| TakenStep::RecordResponse { consultation, on, response })
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
            Step::Cease => {
                let reasons = v.required("reasons", "Enter the reasons for the decision", errors);
                let family = v.date(
                    "family_consulted",
                    Some("Enter the date the family was consulted"),
                    errors,
                );
                let setting = v.date(
                    "setting_consulted",
                    Some("Enter the date the school or college was consulted"),
                    errors,
                );
                let on = v.date("date", Some("Enter the date of the decision"), errors);
                match (family, setting, on) {
                    (Some(family_consulted_on), Some(setting_consulted_on), Some(on)) => {
                        let decision =
                            CeaseDecision { reasons, family_consulted_on, setting_consulted_on };
                        Some(TakenStep::DecideToCease { decision, on })
                    }
                    _ => None,
                }
            }
            Step::Preference | Step::CouncilPreference => {
                let setting = v.required(
                    "setting",
                    "Enter the school or college the family would like",
                    errors,
                );
                Some(TakenStep::RecordPreference {
                    setting,
                    by_council: self == Step::CouncilPreference,
                })
            }
            Step::AmendForTransfer => {
                let institution =
                    v.required("institution", "Choose the school or college to name", errors);
                let kind = v.required("institution_kind", "Enter the type of institution", errors);
                v.date("date", Some("Enter the date the amended plan is issued"), errors).map(
                    |on| TakenStep::AmendForTransfer {
                        placement: Placement { institution, kind },
                        on,
                    },
                )
            }
            Step::Move => {
                let chosen = v.text("council");
                let named = v.text("council_name");
                let known = state.store.organisations().await?;
                let to = match chosen.as_str() {
                    "" => {
                        errors.push(FieldError::new(
                            "council",
                            "Choose the council the family is moving to",
                        ));
                        None
                    }
                    OUTSIDE if named.trim().is_empty() => {
                        errors.push(FieldError::new(
                            "council_name",
                            "Enter the name of the new council",
                        ));
                        None
                    }
                    OUTSIDE => Some((None, named)),
                    id => known
                        .into_iter()
                        .find(|o| o.id.to_string() == id)
                        .map(|o| (Some(o.id), o.name)),
                };
                let move_date = v.date("move_date", Some("Enter the date of the move"), errors);
                let on =
                    v.date("date", Some("Enter the date the council heard of the move"), errors);
                match (to, move_date, on) {
                    (Some((to_council, to_name)), Some(move_date), Some(on)) => {
                        Some(TakenStep::RecordMove {
                            to: CouncilMove { move_date, to_council, to_name },
                            on,
                        })
                    }
                    _ => None,
                }
            }
            Step::AskReassessment => {
                let reasons = v.required("reasons", "Say why a re-assessment is needed", errors);
                let request = ReassessmentRequest { by: "The family".into(), reasons };
                Some(TakenStep::RequestReassessment { request, on: today(), by_family: true })
            }
            Step::RecordReassessmentRequest => {
                let by = match v.text("by").as_str() {
                    "family" => Some("The family"),
                    "setting" => Some("The school or college"),
                    _ => {
                        errors.push(FieldError::new(
                            "by-0",
                            "Select who asked for the re-assessment",
                        ));
                        None
                    }
                };
                let reasons = v.required("reasons", "Say why a re-assessment is needed", errors);
                let on = v.date("date", Some("Enter the date the request arrived"), errors);
                by.zip(on).map(|(by, on)| TakenStep::RequestReassessment {
                    request: ReassessmentRequest { by: by.into(), reasons },
                    on,
                    by_family: false,
                })
            }
            Step::DecideReassessment => {
                let reassess = match v.text("reassess").as_str() {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => {
                        errors.push(FieldError::new(
                            "reassess-0",
                            "Select whether the council will re-assess",
                        ));
                        None
                    }
                };
                let reasons = v.required("reasons", "Enter the reasons for the decision", errors);
                let on = v.date("date", Some("Enter the date of the decision"), errors);
                reassess.zip(on).map(|(reassess, on)| TakenStep::DecideReassessment {
                    decision: ReassessmentDecision { reassess, reasons },
                    on,
                })
            }
            Step::IssueReassessed => v
                .date("date", Some("Enter the date the re-assessed plan is issued"), errors)
                .map(|on| TakenStep::IssueReassessed { on }),
            Step::Transfer => v
                .date("date", Some("Enter the date the plan transfers"), errors)
                .map(|on| TakenStep::TransferPlan { on }),
            Step::EndPlan => {
                let reason = CeaseReason::parse(&v.text("reason"));
                if reason.is_none() {
                    errors.push(FieldError::new("reason-0", "Select why the plan ended"));
                }
                let on = v.date("date", Some("Enter the day the plan ended"), errors);
                reason.zip(on).map(|(reason, on)| TakenStep::EndPlan { reason, on })
            }
            Step::IssueAmended => v
                .date("date", Some("Enter the date the amended plan is issued"), errors)
                .map(|on| TakenStep::IssueAmended { on }),
            Step::Views => Some(family::read_views(v)),
            Step::Comments => family::read_comments(view, v, errors)?,
        };
        Ok(step.filter(|_| errors.is_empty()))
    }
}

/// Every user who holds the professional role, as `(id, name)`.
async fn professionals(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.memberships.iter().any(|m| m.role == Role::Professional))
        .map(|u| (u.user.id.to_string(), u.user.display_name))
        .collect())
}
