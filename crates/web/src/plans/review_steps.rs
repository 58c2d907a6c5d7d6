//! The forms of an annual review's steps, each read into the use case's [`ReviewTaken`]; the
//! order of the steps and who may take them are the domain's and the policy's.

use super::review_advice::{advice_due, arrangement, invitee_advice};
use crate::AppState;
use crate::auth::{RequestId, SignedIn, acting};
use crate::ehc::{CaseView, StepForm, show_form};
use crate::error::{AppError, FieldError, on_form};
use crate::page::PageResult;
use crate::page::forms::{Field, Fieldset, FormValues, Kind, choices};
use crate::records::today;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use jiff::civil::Date;
use sendcase_domain::clock::{Named, ReviewOutcome, long_date};
use sendcase_domain::ehc::review_advice::InvitedProfessional;
use sendcase_domain::ehc::reviews::{
    Invitee, PreparingForAdulthood, ReviewArrangement, ReviewDecision, ReviewMeeting,
    ReviewProgress, ReviewReport, ReviewStep, covers_preparing_for_adulthood,
};
use sendcase_domain::people::roles::Role;
use sendcase_domain::people::school_age::{is_young_person, national_curriculum_year};
use sendcase_store::User;
use sendcase_usecases as usecases;
use sendcase_usecases::ehc::{ReviewTaken, Step, review_action};
use uuid::Uuid;

pub fn slug(step: ReviewStep) -> &'static str {
    match step {
        ReviewStep::Arrange => "arrange",
        ReviewStep::SendInvitations => "invitations",
        ReviewStep::GiveAdvice => "professional-advice",
        ReviewStep::CirculateAdvice => "advice",
        ReviewStep::GiveViews => "views",
        ReviewStep::RecordMeeting => "meeting",
        ReviewStep::SendReport => "report",
        ReviewStep::Decide => "decision",
    }
}

fn parse(text: &str) -> Option<ReviewStep> {
    ReviewStep::ALL.into_iter().find(|s| slug(*s) == text)
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((id, step)): Path<(String, String)>,
) -> PageResult {
    let step = parse(&step).ok_or(AppError::NotFound)?;
    let view = CaseView::load(&state, &user, &rid, &id, review_action(step)).await?;
    let invitable = invitable(&state, step).await?;
    let (back, action) = places(&view, step);
    show_form(&user, back, action, step_form(step, &view, &invitable, None)?, vec![])
}

/// The professionals' accounts a review can invite, for the form that arranges it.
async fn invitable(state: &AppState, step: ReviewStep) -> Result<Vec<User>, AppError> {
    match step {
        ReviewStep::Arrange => Ok(state.store.users_holding(Role::Professional).await?),
        _ => Ok(vec![]),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((id, step)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let step = parse(&step).ok_or(AppError::NotFound)?;
    let view = CaseView::load(&state, &user, &rid, &id, review_action(step)).await?;
    let invitable = invitable(&state, step).await?;
    let values = FormValues::new(pairs);
    let mut errors = vec![];
    let (back, action) = places(&view, step);
    let taken = read(step, &values, &invitable, &mut errors);
    if let Some(taken) = taken.filter(|_| errors.is_empty()) {
        let acting = acting(&state, &user, &rid);
        let taken =
            usecases::ehc::take_step(acting, view.case.request.id, Step::Review(taken)).await;
        match on_form(taken)? {
            Ok(_) => return Ok(Redirect::to(&back).into_response()),
            Err(e) => errors.push(e),
        }
    }
    let form = step_form(step, &view, &invitable, Some(&values))?;
    show_form(&user, back, action, form, errors)
}

/// The review page to go back to, and where the form is sent.
fn places(view: &CaseView, step: ReviewStep) -> (String, String) {
    let review = format!("{}/review", view.href());
    let action = format!("{review}/{}", slug(step));
    (review, action)
}

fn step_form(
    step: ReviewStep,
    view: &CaseView,
    invitable: &[User],
    values: Option<&FormValues>,
) -> Result<StepForm, AppError> {
    let typed = |name: &str| values.map(|v| v.text(name)).unwrap_or_default();
    let date = |name: &str, label: &str, hint: &str| {
        Field::new(name, label, Kind::Date)
            .hint(hint)
            .value(values.map(|v| v.date_as_typed(name)).unwrap_or_default())
    };
    let area = |name: &str, label: &str| Field::new(name, label, Kind::Textarea).value(typed(name));
    let outcomes = || choices(ReviewOutcome::ALL.iter().map(|o| (o.as_str(), o.label())));
    let when = date("date", "Date", "For example, 27 3 2026");
    let birth = view.child.child.birth_date;
    let (title, intro, fieldsets, submit): (&str, Vec<String>, Vec<Fieldset>, &'static str) =
        match step {
            ReviewStep::Arrange => {
                let young_person = is_young_person(birth, today());
                let invite = |i: Invitee| {
                    let name = format!("invite-{}", i.code());
                    // Everyone the Code expects is invited unless the form says otherwise.
                    let checked = values.is_none_or(|v| v.checked(&name));
                    Field::new(name, i.label(young_person), Kind::Checkbox)
                        .value(if checked { "yes" } else { "" })
                };
                let mut invited: Vec<Field> = Invitee::ALL.into_iter().map(invite).collect();
                invited.push(
                    area("others", "Anyone else invited")
                        .hint("Anyone without an account here: one person on each line, with their role"),
                );
                // Moving the meeting keeps those invited unless the form says otherwise.
                let progress = ReviewProgress::of(&view.case.history());
                let already: Vec<Uuid> = arrangement(view, &progress)?
                    .map(|a| a.professionals.iter().map(|p| p.user_id).collect())
                    .unwrap_or_default();
                let professional = |p: &User| {
                    let name = professional_field(p.id);
                    let checked = values.map_or(already.contains(&p.id), |v| v.checked(&name));
                    Field::new(name, &p.display_name, Kind::Checkbox)
                        .value(if checked { "yes" } else { "" })
                };
                let mut sets = vec![
                    Fieldset::new("", vec![
                        date("meeting_date", "Date of the meeting", "For example, 20 4 2026"),
                        date("date", "Date arranged", "The day the meeting was arranged, for example, 2 3 2026"),
                    ]),
                    Fieldset::new("Who is invited", invited),
                ];
                if !invitable.is_empty() {
                    sets.push(Fieldset::new(
                        "Professionals with accounts here",
                        invitable.iter().map(professional).collect(),
                    ));
                }
                (
                    "Arrange the review meeting",
                    vec![
                        "The review must take place within 12 months of the plan being issued or last reviewed. Invitations and the advice gathered go to everyone at least 2 weeks before the meeting.".into(),
                        "Professionals invited through their accounts see the review in their own portal and give their advice there.".into(),
                    ],
                    sets,
                    "Arrange meeting",
                )
            }
            ReviewStep::SendInvitations => (
                "Send the invitations",
                vec!["Record the day the invitations to the review meeting went out.".into()],
                vec![Fieldset::new("", vec![when])],
                "Record invitations",
            ),
            ReviewStep::GiveAdvice => (
                "Give your advice for the review",
                {
                    let progress = ReviewProgress::of(&view.case.history());
                    let mut intro = vec![];
                    if let Some(meeting) = progress.meeting_date {
                        intro.push(format!("The review meeting is on {}.", long_date(meeting)));
                        if let Some(due) = advice_due(view, &progress) {
                            intro.push(format!("Your advice is due by {}, so it can be sent to everyone invited 2 weeks before the meeting.", long_date(due)));
                        }
                    }
                    intro.push("You can give your advice once. Everyone at the review meeting reads it.".into());
                    intro
                },
                vec![Fieldset::new("", vec![
                    area("advice", "Your advice")
                        .hint("The child's progress towards the outcomes in the plan, and any change to their needs or provision you recommend"),
                ])],
                "Send advice",
            ),
            ReviewStep::CirculateAdvice => (
                "Send round the advice and information",
                {
                    let progress = ReviewProgress::of(&view.case.history());
                    let mut intro = vec!["Record the day the advice and information gathered for the review went to everyone invited.".to_owned()];
                    intro.extend(invitee_advice(view, &progress)?.into_iter().map(|i| match i.given {
                        Some(a) => format!("Advice received from {} on {}.", i.name, long_date(a.given_on)),
                        None => format!("Advice still awaited from {}.", i.name),
                    }));
                    intro
                },
                vec![Fieldset::new("", vec![when])],
                "Record advice sent",
            ),
            ReviewStep::GiveViews => (
                "Give your views for the review",
                {
                    let meeting = ReviewProgress::of(&view.case.history()).meeting_date;
                    let mut intro: Vec<String> = meeting
                        .map(|m| format!("The review meeting is on {}.", long_date(m)))
                        .into_iter()
                        .collect();
                    intro.push("Everyone at the review meeting reads what you say here.".into());
                    intro
                },
                vec![Fieldset::new("", vec![
                    area("going_well", "What is going well"),
                    area("to_change", "What you would like to change"),
                ])],
                "Send views",
            ),
            ReviewStep::RecordMeeting => {
                let mut sets = vec![Fieldset::new("", vec![
                    date("date", "Date of the meeting", "For example, 20 4 2026"),
                    area("attended", "Who came").hint("One person on each line, with their role"),
                    area("agreed", "What was agreed"),
                ])];
                if covers_preparing_for_adulthood(national_curriculum_year(birth, today())) {
                    sets.push(Fieldset::new(
                        "Preparing for adulthood",
                        pfa_blank().areas().into_iter().map(|(name, label, _)| area(name, label)).collect(),
                    ));
                }
                ("Record the review meeting", vec![], sets, "Record meeting")
            }
            ReviewStep::SendReport => (
                "Send the review report",
                vec!["The report goes to everyone invited within 2 weeks of the meeting. It says what the meeting recommends.".into()],
                vec![Fieldset::new("", vec![
                    Field::new("recommendation", "The meeting recommends", Kind::Radios(outcomes())).value(typed("recommendation")),
                    area("summary", "Summary of the review").hint("What has changed, progress towards the outcomes, and any amendments proposed"),
                    date("date", "Date sent", "For example, 30 4 2026"),
                ])],
                "Send report",
            ),
            ReviewStep::Decide => {
                let mut intro = vec!["The family is told within 4 weeks of the meeting, with their right to appeal.".to_owned()];
                if let Some(r) = view.records::<ReviewReport>()?.pop() {
                    intro.push(format!("The review report recommends: {}.", r.recommendation.label()));
                }
                (
                    "Decide after the review",
                    intro,
                    vec![Fieldset::new("", vec![
                        Field::new("outcome", "The council's decision", Kind::Radios(outcomes())).value(typed("outcome")),
                        area("reasons", "Reasons for the decision").hint("The family's notice gives these reasons"),
                        date("date", "Date the family was told", "For example, 12 5 2026"),
                    ])],
                    "Record decision",
                )
            }
        };
    Ok(StepForm {
        caption: view.child.child.full_name(),
        title: title.to_owned(),
        intro,
        warnings: vec![],
        fieldsets,
        submit,
    })
}

fn pfa_blank() -> PreparingForAdulthood {
    PreparingForAdulthood {
        employment: String::new(),
        independent_living: String::new(),
        community: String::new(),
        health: String::new(),
    }
}

/// The checkbox inviting the professional with this account.
fn professional_field(user: Uuid) -> String {
    format!("professional-{user}")
}

/// The step described by the form, or `None` with `errors` saying what to correct.
fn read(
    step: ReviewStep,
    v: &FormValues,
    invitable: &[User],
    errors: &mut Vec<FieldError>,
) -> Option<ReviewTaken> {
    let lines = |name: &str| -> Vec<String> {
        v.text(name).lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
    };
    let outcome = |name: &str, message: &str, errors: &mut Vec<FieldError>| {
        let parsed = ReviewOutcome::parse(&v.text(name));
        if parsed.is_none() {
            errors.push(FieldError::new(format!("{name}-0"), message));
        }
        parsed
    };
    let on = |message: &str, errors: &mut Vec<FieldError>| v.date("date", Some(message), errors);
    match step {
        ReviewStep::Arrange => {
            let meeting = v.date("meeting_date", Some("Enter the date of the meeting"), errors);
            let arranged = on("Enter the date the meeting was arranged", errors);
            let invited =
                Invitee::ALL.into_iter().filter(|i| v.checked(&format!("invite-{}", i.code())));
            let professionals = invitable
                .iter()
                .filter(|p| v.checked(&professional_field(p.id)))
                .map(|p| InvitedProfessional { user_id: p.id, name: p.display_name.clone() })
                .collect();
            let arrangement = |meeting_date: Date| ReviewArrangement {
                meeting_date,
                invited: invited.collect(),
                others: lines("others"),
                professionals,
            };
            let (meeting_date, on) = meeting.zip(arranged)?;
            Some(ReviewTaken::Arrange { arrangement: arrangement(meeting_date), on })
        }
        ReviewStep::SendInvitations => on("Enter the date the invitations were sent", errors)
            .map(|on| ReviewTaken::SendInvitations { on }),
        ReviewStep::GiveAdvice => {
            Some(ReviewTaken::GiveAdvice { advice: v.text("advice"), on: today() })
        }
        ReviewStep::CirculateAdvice => on("Enter the date the advice was sent round", errors)
            .map(|on| ReviewTaken::CirculateAdvice { on }),
        ReviewStep::GiveViews => {
            let going_well = v.text("going_well");
            let to_change = v.text("to_change");
            if going_well.trim().is_empty() && to_change.trim().is_empty() {
                errors.push(FieldError::new(
                    "going_well",
                    "Say what is going well or what you would like to change",
                ));
                return None;
            }
            Some(ReviewTaken::GiveViews { going_well, to_change })
        }
        ReviewStep::RecordMeeting => {
            let held = on("Enter the date of the meeting", errors);
            let attended = lines("attended");
            if attended.is_empty() {
                errors.push(FieldError::new("attended", "Enter who came to the meeting"));
            }
            let agreed = v.required("agreed", "Enter what the meeting agreed", errors);
            let pfa = PreparingForAdulthood {
                employment: v.text("employment"),
                independent_living: v.text("independent_living"),
                community: v.text("community"),
                health: v.text("health"),
            };
            let asked = v.has_prefix("employment");
            let preparing_for_adulthood = asked.then_some(pfa);
            let meeting = ReviewMeeting { attended, agreed, preparing_for_adulthood };
            held.map(|on| ReviewTaken::RecordMeeting { meeting, on })
        }
        ReviewStep::SendReport => {
            let recommendation =
                outcome("recommendation", "Select what the meeting recommends", errors);
            let summary = v.required("summary", "Enter a summary of the review", errors);
            let sent = on("Enter the date the report was sent", errors);
            let (recommendation, on) = recommendation.zip(sent)?;
            Some(ReviewTaken::SendReport { report: ReviewReport { recommendation, summary }, on })
        }
        ReviewStep::Decide => {
            let decided = outcome("outcome", "Select the council's decision", errors);
            let reasons = v.required("reasons", "Enter the reasons for the decision", errors);
            let told = on("Enter the date the family was told", errors);
            let (outcome, on) = decided.zip(told)?;
            Some(ReviewTaken::Decide { decision: ReviewDecision { outcome, reasons }, on })
        }
    }
}
