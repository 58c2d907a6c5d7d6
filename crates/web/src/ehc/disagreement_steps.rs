//! The forms of a disagreement's steps (Code chapter 11): the family's choice about mediation
//! and their appeal, as they give them or the council records them; mediation held and its
//! certificate; the Tribunal's order, a concession, and each ordered duty done.

use super::CaseView;
use super::StepForm;
use super::steps::{Kit, Step};
use crate::error::{AppError, FieldError};
use crate::page::duties::title;
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use sendcase_domain::clock::{DutyKind, Named, TribunalOrder};
use sendcase_domain::ehc::disagreements::{
    AppealIssue, AppealRegistration, DisagreementSteps, MediationOutcome, MediationRequest,
    TribunalDecisionRecord,
};
use sendcase_usecases::ehc::{DisagreementTaken as Taken, Step as TakenStep};

/// What an order tells the council to do, as the order's choices say it.
fn order_label(order: TribunalOrder) -> &'static str {
    match order {
        TribunalOrder::Assess => "Carry out an EHC needs assessment",
        TribunalOrder::MakePlan => "Make and maintain a plan",
        TribunalOrder::Amend => "Amend the plan",
        TribunalOrder::NameSchool => "Name a different school or institution in section I",
        TribunalOrder::Maintain => "Keep the plan (not cease it)",
        TribunalOrder::Dismissed => "The appeal was dismissed: nothing to do",
    }
}

/// One checkbox per issue, named `{prefix}-{issue}`, ticked as typed.
fn issue_boxes(kit: &Kit<'_>, prefix: &str, legend: &str) -> Fieldset {
    let boxes = AppealIssue::ALL
        .into_iter()
        .map(|issue| {
            let name = format!("{prefix}-{}", issue.code());
            let ticked = kit.values.is_some_and(|v| v.checked(&name));
            Field::new(name, issue.label(), Kind::Checkbox).value(if ticked { "yes" } else { "" })
        })
        .collect();
    Fieldset::new(legend, boxes)
}

fn ticked(v: &FormValues, prefix: &str) -> Vec<AppealIssue> {
    AppealIssue::ALL.into_iter().filter(|i| v.checked(&format!("{prefix}-{}", i.code()))).collect()
}

pub fn form(step: Step, view: &CaseView, kit: &Kit<'_>) -> Result<StepForm, AppError> {
    let typed = |name: &str| kit.typed(name);
    let date = |name: &str| kit.date(name);
    let form = |title: &str, intro, fields, submit| kit.form(title, intro, fields, submit);
    let yes_no =
        |yes: &'static str, no: &'static str| Kind::Radios(choices([("yes", yes), ("no", no)]));
    Ok(match step {
        Step::Mediation | Step::MediationChoice => {
            let mut form = form(
                "Mediation",
                vec![
                    "Before an appeal to the Tribunal, you must contact a mediation adviser, unless you only disagree with the school or college named in section I. You have 2 months from the council's decision (regulation 33).".into(),
                    "You can choose mediation: the council must then hold it within 30 days. If you do not want it, the adviser gives you a certificate within 3 working days, and you can appeal.".into(),
                ],
                vec![
                    Field::new("wanted", "Is mediation wanted?", yes_no("Yes, mediation is wanted", "No, mediation is not wanted")).value(typed("wanted")),
                    date("date").hint("The date the mediation adviser was told, for example, 2 3 2026"),
                ],
                "Save",
            );
            form.fieldsets.push(issue_boxes(kit, "issue", "If mediation is wanted, what is it about?"));
            form
        }
        Step::MediationHeld => form(
            "Record the mediation",
            vec!["Mediation is held within 30 days of the family's request (regulation 37). The mediation adviser then issues a certificate within 3 working days.".into()],
            vec![
                Field::new("agreed", "Was agreement reached?", yes_no("Yes, agreement was reached", "No agreement")).value(typed("agreed")),
                Field::new("summary", "What was agreed or left open", Kind::Textarea).value(typed("summary")),
                date("date").hint("The date of the mediation"),
            ],
            "Record mediation",
        ),
        Step::MediationCertificate => form(
            "Record the mediation certificate",
            vec!["With the certificate, the family may appeal until the later of 2 months from the council's decision and 1 month from the certificate.".into()],
            vec![date("date").hint("The date the certificate was issued")],
            "Record certificate",
        ),
        Step::Appeal | Step::AppealRegistered => {
            let mut form = form(
                "The appeal to the Tribunal",
                vec!["Record the appeal registered with the First-tier Tribunal (Special Educational Needs and Disability): what it is about and, once known, the hearing date.".into()],
                vec![
                    Field::new("date", "Registered on", Kind::Date).hint("The date the Tribunal registered the appeal").value(kit.date_typed("date")),
                    Field::new("hearing_date", "Hearing on, if known", Kind::Date).value(kit.date_typed("hearing_date")),
                ],
                "Save appeal",
            );
            form.fieldsets.insert(0, issue_boxes(kit, "issue", "What is the appeal about?"));
            form
        }
        Step::TribunalDecision => {
            let orders = TribunalOrder::ALL.iter().map(|o| (o.as_str(), order_label(*o)));
            let mut form = form(
                "Record the Tribunal's decision",
                vec!["The council must do what the Tribunal orders within the time the regulations set (regulation 44): 2 weeks to name a school, 5 weeks to amend a plan, and so on.".into()],
                vec![
                    Field::new("order", "What did the Tribunal order?", Kind::Radios(choices(orders))).value(typed("order")),
                    Field::new("summary", "What the Tribunal decided", Kind::Textarea).value(typed("summary")),
                    date("date").hint("The date of the Tribunal's decision"),
                ],
                "Record decision",
            );
            form.fieldsets.push(issue_boxes(kit, "upheld", "Which parts did the Tribunal decide for the family?"));
            form
        }
        Step::Concession => {
            let orders = TribunalOrder::ALL.iter().filter(|o| o.can_be_conceded()).map(|o| (o.as_str(), order_label(*o)));
            form(
                "Concede the appeal",
                vec!["When the council concedes an appeal, it must do what it conceded within the same time as if the Tribunal had ordered it, from the day it told the Tribunal (regulation 45).".into()],
                vec![
                    Field::new("order", "What does the council concede?", Kind::Radios(choices(orders))).value(typed("order")),
                    date("date").hint("The date the council told the Tribunal"),
                ],
                "Concede",
            )
        }
        Step::OrderComplied => {
            let owed = DisagreementSteps::of(&view.duties.duties).orders;
            let duties = owed.iter().map(|d| (d.as_str(), title(*d)));
            form(
                "Record that the council did what was ordered",
                vec![],
                vec![
                    Field::new("duty", "What was done", Kind::Select(choices(duties))).value(typed("duty")),
                    date("date").hint("The date it was done"),
                ],
                "Record",
            )
        }
        other => return Err(AppError::Internal(format!("{other:?} is not a step of a disagreement"))),
    })
}

/// The step the form describes, or `None` with `errors` to correct.
pub fn read(step: Step, v: &FormValues, errors: &mut Vec<FieldError>) -> Option<TakenStep> {
    let yes_no =
        |name: &str, message: &str, errors: &mut Vec<FieldError>| match v.text(name).as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                errors.push(FieldError::new(format!("{name}-0"), message));
                None
            }
        };
    let taken = match step {
        Step::Mediation | Step::MediationChoice => {
            let wanted = yes_no("wanted", "Select whether mediation is wanted", errors);
            let issues = ticked(v, "issue");
            if wanted == Some(true) && issues.is_empty() {
                errors.push(FieldError::new("issue-refusal", "Choose what mediation is about"));
            }
            let on = v.date("date", Some("Enter the date the mediation adviser was told"), errors);
            wanted.zip(on).map(|(wanted, on)| Taken::ChooseMediation {
                wanted: wanted.then_some(MediationRequest { issues }),
                on,
                by_family: step == Step::Mediation,
            })
        }
        Step::MediationHeld => {
            let agreed = yes_no("agreed", "Select whether agreement was reached", errors);
            let summary = v.required("summary", "Enter what was agreed or left open", errors);
            let on = v.date("date", Some("Enter the date of the mediation"), errors);
            agreed.zip(on).map(|(agreed, on)| Taken::RecordMediation {
                outcome: MediationOutcome { agreed, summary },
                on,
            })
        }
        Step::MediationCertificate => v
            .date("date", Some("Enter the date the certificate was issued"), errors)
            .map(|on| Taken::RecordCertificate { on }),
        Step::Appeal | Step::AppealRegistered => {
            let issues = ticked(v, "issue");
            if issues.is_empty() {
                errors.push(FieldError::new("issue-refusal", "Choose what the appeal is about"));
            }
            let on = v.date("date", Some("Enter the date the appeal was registered"), errors);
            let hearing_date = v.date("hearing_date", None, errors);
            on.map(|on| Taken::RegisterAppeal {
                appeal: AppealRegistration { issues, hearing_date },
                on,
                by_family: step == Step::Appeal,
            })
        }
        Step::TribunalDecision => {
            let order = order(v, errors);
            let summary = v.required("summary", "Enter what the Tribunal decided", errors);
            let on = v.date("date", Some("Enter the date of the Tribunal's decision"), errors);
            let upheld = ticked(v, "upheld");
            order.zip(on).map(|(order, on)| Taken::RecordDecision {
                order,
                decision: TribunalDecisionRecord { upheld, summary },
                on,
            })
        }
        Step::Concession => {
            let order = order(v, errors);
            let on = v.date("date", Some("Enter the date the council told the Tribunal"), errors);
            order.zip(on).map(|(order, on)| Taken::Concede { order, on })
        }
        Step::OrderComplied => {
            let duty = DutyKind::parse(&v.text("duty"));
            if duty.is_none() {
                errors.push(FieldError::new("duty", "Choose what was done"));
            }
            let on = v.date("date", Some("Enter the date it was done"), errors);
            duty.zip(on).map(|(duty, on)| Taken::ComplyWithOrder { duty, on })
        }
        _ => None,
    };
    taken.map(TakenStep::Disagreement)
}

fn order(v: &FormValues, errors: &mut Vec<FieldError>) -> Option<TribunalOrder> {
    let order = TribunalOrder::parse(&v.text("order"));
    if order.is_none() {
        errors.push(FieldError::new("order-0", "Choose what was ordered"));
    }
    order
}
