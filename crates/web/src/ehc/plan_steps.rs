//! The forms of the steps on a plan in force (Code 9.166–9.210): amending and re-issuing it,
//! ceasing and ending it, moves to the next phase and to another council, and re-assessment;
//! each read into the use case's step. The assessment's own forms are in `steps.rs`.

use super::CaseView;
use super::StepForm;
use super::steps::{Kit, OUTSIDE, Step};
use crate::AppState;
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, FormValues, Kind, choices};
use crate::records::today;
use sendcase_domain::clock::{CeaseReason, Named};
use sendcase_domain::ehc::ceasing::CeaseDecision;
use sendcase_domain::ehc::moves::CouncilMove;
use sendcase_domain::ehc::phase_transfer::open_transfer;
use sendcase_domain::ehc::plan::Placement;
use sendcase_domain::ehc::reassessment::{ReassessmentDecision, ReassessmentRequest};
use sendcase_domain::ehc::records::Consultation;
use sendcase_domain::ehc::step_rules::consultation_ref;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_usecases::ehc::Step as TakenStep;

/// The form of a step on a plan in force.
pub async fn form(
    step: Step,
    state: &AppState,
    view: &CaseView,
    kit: &Kit<'_>,
) -> Result<StepForm, AppError> {
    let (typed, date) = (|name: &str| kit.typed(name), |name: &str| kit.date(name));
    let form = |title: &str, intro, fields, submit| kit.form(title, intro, fields, submit);
    Ok(match step {
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
                    Field::new("family_consulted", "Date the family was consulted", Kind::Date).hint("For example, 2 2 2026").value(kit.date_typed("family_consulted")),
                    Field::new("setting_consulted", "Date the school or college was consulted", Kind::Date).hint("For example, 9 2 2026").value(kit.date_typed("setting_consulted")),
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
                let for_move = open_transfer(&view.case.history());
                let consulted: Vec<(String, String)> = view.records::<Consultation>()?.into_iter().filter(|c| c.clock_ref == consultation_ref(&c.institution, for_move)).map(|c| (c.institution.clone(), c.institution)).collect();
                form(
                    "Amend the plan for the move",
                    vec!["The amended plan names the new school, college or other institution in section I. Only a setting consulted about the move can be named.".into()],
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
                        Field::new("move_date", "Date of the move", Kind::Date).hint("For example, 2 11 2026").value(kit.date_typed("move_date")),
                        date("date").hint("The date the council heard of the move"),
                    ],
                    "Record move",
                )
            }
            Step::AskReassessment | Step::RecordReassessmentRequest => {
                let mut fields = vec![];
                if step == Step::RecordReassessmentRequest {
                    fields.push(Field::new("by", "Who asked", Kind::Radios(choices([("family", "The child's parents or the young person"), ("setting", "The school or college")]))).value(typed("by")));
                }
                fields.push(Field::new("reasons", "Why a re-assessment is needed", Kind::Textarea).hint("What has changed in the child's or young person's needs").value(typed("reasons")));
                if step == Step::RecordReassessmentRequest {
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
        other => return Err(AppError::Internal(format!("{other:?} is not a step on a plan in force"))),
    })
}

/// The step on a plan in force the form describes, or `None` with `errors` to correct.
pub async fn read(
    step: Step,
    state: &AppState,
    v: &FormValues,
    errors: &mut Vec<FieldError>,
) -> Result<Option<TakenStep>, AppError> {
    Ok(match step {
        Step::Cease => {
            let reasons = v.required("reasons", "Enter the reasons for the decision", errors);
            let family =
                v.date("family_consulted", Some("Enter the date the family was consulted"), errors);
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
            let setting =
                v.required("setting", "Enter the school or college the family would like", errors);
            Some(TakenStep::RecordPreference {
                setting,
                by_council: step == Step::CouncilPreference,
            })
        }
        Step::AmendForTransfer => {
            let institution =
                v.required("institution", "Choose the school or college to name", errors);
            let kind = v.required("institution_kind", "Enter the type of institution", errors);
            v.date("date", Some("Enter the date the amended plan is issued"), errors).map(|on| {
                TakenStep::AmendForTransfer { placement: Placement { institution, kind }, on }
            })
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
                    errors
                        .push(FieldError::new("council_name", "Enter the name of the new council"));
                    None
                }
                OUTSIDE => Some((None, named)),
                id => {
                    known.into_iter().find(|o| o.id.to_string() == id).map(|o| (Some(o.id), o.name))
                }
            };
            let move_date = v.date("move_date", Some("Enter the date of the move"), errors);
            let on = v.date("date", Some("Enter the date the council heard of the move"), errors);
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
                    errors.push(FieldError::new("by-0", "Select who asked for the re-assessment"));
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
        other => {
            return Err(AppError::Internal(format!("{other:?} is not a step on a plan in force")));
        }
    })
}
