//! Advice for an annual review from the professionals invited through their accounts (Code
//! 9.176): what each has given or still owes, as the review page, the advice step and the API
//! show it, and the reviews a professional is invited to, as their advice requests list them.

use crate::AppState;
use crate::auth::{CurrentUser, RequestId};
use crate::ehc::CaseView;
use crate::error::AppError;
use jiff::civil::Date;
use sendcase_domain::clock::DutyKind;
use sendcase_domain::ehc::review_advice::{ReviewAdvice, advice_by_invitee, current_arrangement};
use sendcase_domain::ehc::reviews::{ReviewArrangement, ReviewProgress};
use sendcase_domain::policy::CaseAction;
use uuid::Uuid;

/// One invited professional and the advice they gave for the review under way, if they have.
pub struct InviteeAdvice {
    pub user_id: Uuid,
    pub name: String,
    pub given: Option<ReviewAdvice>,
}

/// The arrangement of the review under way, as the case's records and events give it.
pub fn arrangement(
    view: &CaseView,
    progress: &ReviewProgress,
) -> Result<Option<ReviewArrangement>, AppError> {
    Ok(current_arrangement(progress, view.records::<ReviewArrangement>()?.pop()))
}

/// Each professional invited to the review under way, with their advice for it.
pub fn invitee_advice(
    view: &CaseView,
    progress: &ReviewProgress,
) -> Result<Vec<InviteeAdvice>, AppError> {
    let Some(current) = arrangement(view, progress)? else { return Ok(vec![]) };
    let given = view.records::<ReviewAdvice>()?;
    Ok(advice_by_invitee(progress, &current, &given)
        .into_iter()
        .map(|(p, advice)| InviteeAdvice {
            user_id: p.user_id,
            name: p.name.clone(),
            given: advice.cloned(),
        })
        .collect())
}

/// When advice for the review under way is due: the clock's deadline for sending it round to
/// everyone invited (reg 20(4), 2 weeks before the meeting), which each arrangement sets afresh.
pub fn advice_due(view: &CaseView, progress: &ReviewProgress) -> Option<Date> {
    progress.meeting_date?;
    let duty = view.duties.duties.iter().find(|d| d.duty == DutyKind::CirculateReviewAdvice);
    duty.map(|d| d.due)
}

/// A review under way to which a professional is invited.
pub struct Invitation {
    pub view: CaseView,
    pub meeting: Date,
    pub advice_due: Option<Date>,
    pub given_on: Option<Date>,
}

/// The reviews under way that invite `user`, soonest meeting first; each is read (and audited)
/// as the policy allows.
pub async fn invitations(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
) -> Result<Vec<Invitation>, AppError> {
    let mut found = vec![];
    for request in state.store.reviews_inviting(user.actor.user_id).await? {
        let view = CaseView::load(state, user, rid, &request.to_string(), CaseAction::Read).await?;
        let progress = ReviewProgress::of(&view.case.history());
        let Some(meeting) = progress.meeting_date else { continue };
        let mine =
            invitee_advice(&view, &progress)?.into_iter().find(|i| i.user_id == user.actor.user_id);
        let Some(mine) = mine else { continue };
        found.push(Invitation {
            advice_due: advice_due(&view, &progress),
            given_on: mine.given.map(|a| a.given_on),
            meeting,
            view,
        });
    }
    found.sort_by_key(|i| i.meeting);
    Ok(found)
}
