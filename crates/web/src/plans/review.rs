//! A plan's annual review as one page for every party (Code 9.166–9.185): the steps as a task
//! list with the clock's deadlines, what each step recorded, and the reviews before.

use super::review_advice::{InviteeAdvice, advice_due, arrangement, invitee_advice};
use super::review_steps::slug;
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::ehc::CaseView;
use crate::page::duties::tag;
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Path, State};
use sendcase_domain::clock::{CaseEvent, DutyKind, long_date};
use sendcase_domain::ehc::reviews::{
    ReviewDecision, ReviewMeeting, ReviewProgress, ReviewReport, ReviewStep, ReviewViews,
};
use sendcase_domain::people::school_age::is_young_person;
use sendcase_domain::policy::CaseAction;
use sendcase_usecases::ehc::review_action;

/// One step of the review in the task list.
pub struct Task {
    pub id: &'static str,
    pub name: &'static str,
    pub hint: String,
    /// Where to take the step, when this user may take it now.
    pub href: Option<String>,
    /// The status as plain text, or as a tag with its class.
    pub status: String,
    pub tag_class: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "plans/review.html")]
struct ReviewPage {
    page: PageContext,
    back: String,
    child_name: String,
    summary: Vec<(&'static str, String)>,
    ended: Option<&'static str>,
    tasks: Vec<Task>,
    arrangement: Option<(String, Vec<String>)>,
    /// Each professional invited through their account: their name, and when they gave their
    /// advice with what it says, if they have.
    advice: Vec<(String, Option<(String, String)>)>,
    views: Vec<ReviewViews>,
    meeting: Option<ReviewMeeting>,
    report: Option<ReviewReport>,
    earlier: Vec<(String, &'static str, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let history = view.case.history();
    let progress = ReviewProgress::of(&history);
    if !view.plan_made() {
        return Err(crate::error::AppError::NotFound.into());
    }
    let young_person = is_young_person(view.child.child.birth_date, today());
    let arrangement = arrangement(&view, &progress)?.map(|a| {
        let mut invited: Vec<String> =
            a.invited.iter().map(|i| i.label(young_person).to_owned()).collect();
        invited.extend(a.professionals.into_iter().map(|p| p.name));
        invited.extend(a.others);
        (long_date(a.meeting_date), invited)
    });
    let invitees = invitee_advice(&view, &progress)?;
    let views = view
        .records::<ReviewViews>()?
        .into_iter()
        .filter(|v| Some(v.meeting_date) == progress.meeting_date)
        .collect::<Vec<_>>();
    let meeting = view.records::<ReviewMeeting>()?.pop().filter(|_| progress.held.is_some());
    let report = view.records::<ReviewReport>()?.pop().filter(|_| progress.report_sent.is_some());
    let decisions: Vec<_> = history
        .iter()
        .filter_map(|e| match e.event {
            CaseEvent::ReviewDecisionNotified(outcome) => {
                Some((long_date(e.date), outcome.label()))
            }
            _ => None,
        })
        .collect();
    // Decisions recorded through the API as bare events have no reasons beside them.
    let reasons = view.records::<ReviewDecision>()?;
    let with_reasons = reasons.len() == decisions.len();
    let mut earlier: Vec<_> = decisions
        .into_iter()
        .enumerate()
        .map(|(i, (on, outcome))| {
            let why = reasons.get(i).filter(|_| with_reasons).map(|d| d.reasons.clone());
            (on, outcome, why.unwrap_or_default())
        })
        .collect();
    earlier.reverse();
    let tasks = tasks(&view, &user, &progress, !views.is_empty(), &invitees);
    let advice = invitees
        .into_iter()
        .map(|i| (i.name, i.given.map(|a| (long_date(a.given_on), a.advice))))
        .collect();
    let page = ReviewPage {
        page: PageContext::new(Some(&user), "/caseload"),
        back: view.href(),
        child_name: view.child.child.full_name(),
        summary: summary(&view, &progress),
        ended: ended(&progress),
        tasks,
        arrangement,
        advice,
        views,
        meeting,
        report,
        earlier,
    };
    Ok(render(&page)?)
}

fn ended(progress: &ReviewProgress) -> Option<&'static str> {
    if !progress.plan_in_force {
        Some("The plan has ended. Its reviews stay here to read.")
    } else if progress.ceasing {
        Some(
            "The council has decided to cease the plan. It stays in force until the time to appeal has passed or any appeal is decided, and no further review is held.",
        )
    } else {
        None
    }
}

/// When the review is due and where the last one left the plan.
fn summary(view: &CaseView, progress: &ReviewProgress) -> Vec<(&'static str, String)> {
    let mut rows = vec![];
    let review_due = view.duties.duties.iter().find(|d| {
        matches!(d.duty, DutyKind::ReviewPlan | DutyKind::ReviewTransferredPlan)
            && d.status.awaits_action()
    });
    if let Some(d) = review_due {
        let (status, _) = tag(d.status);
        rows.push(("Review due by", format!("{} ({})", long_date(d.due), status.to_lowercase())));
    }
    if let Some(meeting) = progress.meeting_date {
        rows.push(("Meeting", long_date(meeting)));
    }
    if let Some((on, outcome)) = progress.last_decision {
        rows.push(("Last review", format!("{}: {}", long_date(on), outcome.label())));
    }
    rows
}

fn tasks(
    view: &CaseView,
    user: &CurrentUser,
    progress: &ReviewProgress,
    views_given: bool,
    invitees: &[InviteeAdvice],
) -> Vec<Task> {
    let done_on = |step: ReviewStep| match step {
        ReviewStep::Arrange => progress.arranged_on,
        ReviewStep::SendInvitations => progress.invitations_sent,
        ReviewStep::CirculateAdvice => progress.advice_circulated,
        ReviewStep::RecordMeeting => progress.held,
        ReviewStep::SendReport => progress.report_sent,
        ReviewStep::GiveViews | ReviewStep::GiveAdvice | ReviewStep::Decide => None,
    };
    let may = |step| view.may(user, review_action(step));
    ReviewStep::ALL
        .into_iter()
        .map(|step| {
            if step == ReviewStep::GiveAdvice {
                let may_give = progress.problem(step).is_none() && may(step);
                return advice_task(view, user, progress, invitees, may_give);
            }
            let (id, name, what) = describe(step);
            let duty = step.duty().and_then(|kind| {
                view.duties.duties.iter().find(|d| d.duty == kind && d.status.awaits_action())
            });
            let open = progress.problem(step).is_none();
            let mut hint = what.to_owned();
            if let Some(d) = duty {
                hint = format!("{hint} Due by {}.", long_date(d.due));
            }
            let (status, tag_class) = match (done_on(step), duty) {
                (Some(on), _) => (format!("Done on {}", long_date(on)), None),
                _ if step == ReviewStep::GiveViews && views_given => ("Given".to_owned(), None),
                (_, Some(d)) if open => {
                    let (status, class) = tag(d.status);
                    (status.to_owned(), Some(class))
                }
                _ if open => ("To do".to_owned(), Some("govuk-tag--blue")),
                _ => ("Cannot start yet".to_owned(), None),
            };
            let href =
                (open && may(step)).then(|| format!("{}/review/{}", view.href(), slug(step)));
            Task { id, name, hint, href, status, tag_class }
        })
        .collect()
}

/// The invited professionals' advice: for one of them, theirs to give; for everyone else, how
/// much has come in.
fn advice_task(
    view: &CaseView,
    user: &CurrentUser,
    progress: &ReviewProgress,
    invitees: &[InviteeAdvice],
    may_give: bool,
) -> Task {
    let (id, name, what) = describe(ReviewStep::GiveAdvice);
    let due = advice_due(view, progress);
    let hint = match due {
        Some(due) => format!("{what} Due by {}.", long_date(due)),
        None => what.to_owned(),
    };
    let mine = invitees.iter().find(|i| i.user_id == user.actor.user_id);
    let received = invitees.iter().filter(|i| i.given.is_some()).count();
    let (status, tag_class) = match mine {
        Some(InviteeAdvice { given: Some(_), .. }) => ("Given".to_owned(), None),
        Some(_) if may_give => ("To do".to_owned(), Some("govuk-tag--blue")),
        _ if progress.meeting_date.is_none() => ("Cannot start yet".to_owned(), None),
        _ if invitees.is_empty() => ("No professionals invited".to_owned(), None),
        _ => (format!("{received} of {} received", invitees.len()), None),
    };
    let href = (may_give && mine.is_some_and(|m| m.given.is_none()))
        .then(|| format!("{}/review/{}", view.href(), slug(ReviewStep::GiveAdvice)));
    let name = if mine.is_some() { "Give your advice" } else { name };
    Task { id, name, hint, href, status, tag_class }
}

/// The step's anchor, its name in the task list and what it is for.
fn describe(step: ReviewStep) -> (&'static str, &'static str, &'static str) {
    match step {
        ReviewStep::Arrange => (
            "arrange",
            "Arrange the review meeting",
            "The setting or the council sets the date and invites the family, the setting, the council, health and social care.",
        ),
        ReviewStep::SendInvitations => {
            ("invitations", "Send the invitations", "At least 2 weeks before the meeting.")
        }
        ReviewStep::GiveAdvice => (
            "professional-advice",
            "Advice from the professionals invited",
            "Each professional invited through their account gives their advice in their own portal, in time for it to be sent round 2 weeks before the meeting.",
        ),
        ReviewStep::CirculateAdvice => (
            "advice",
            "Send round the advice and information",
            "Everyone invited gets the advice and information gathered, at least 2 weeks before the meeting.",
        ),
        ReviewStep::GiveViews => (
            "views",
            "The child's and family's views",
            "What is going well and what should change, for the meeting to consider.",
        ),
        ReviewStep::RecordMeeting => (
            "meeting",
            "Record the meeting",
            "Who came and what was agreed; from Year 9, preparing for adulthood.",
        ),
        ReviewStep::SendReport => (
            "report",
            "Send the review report",
            "To everyone invited, within 2 weeks of the meeting, with its recommendation.",
        ),
        ReviewStep::Decide => (
            "decision",
            "Decide: keep, amend or cease the plan",
            "The council tells the family within 4 weeks of the meeting, with their right to appeal.",
        ),
    }
}
