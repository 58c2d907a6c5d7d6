//! The council's overview of mediation and appeals (Code chapter 11): its cases by stage, the
//! orders and concessions it must carry out with their time limits, and how appeals ended, issue
//! by issue.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::error::AppError;
use crate::page::duties::{tag, title};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::State;
use sendcase_domain::clock::long_date;
use sendcase_domain::ehc::disagreements::{
    AppealIssue, AppealRegistration, DisagreementStage, DisagreementSteps, TribunalDecisionRecord,
};
use sendcase_domain::ehc::records::CaseRecordKind;
use sendcase_domain::policy::councils_of;
use sendcase_usecases::ehc::file::duties;
use std::collections::HashMap;
use uuid::Uuid;

/// One duty an order or concession started, not yet done.
pub struct OrderRow {
    pub href: String,
    pub child: String,
    pub what: &'static str,
    pub due: String,
    pub status: &'static str,
    pub tag_class: &'static str,
}

#[derive(Template)]
#[template(path = "ehc/disputes.html")]
struct DisputesPage {
    page: PageContext,
    stages: Vec<(&'static str, usize)>,
    orders: Vec<OrderRow>,
    /// Each issue: how many appeals were about it, and how many were decided for the family.
    outcomes: Vec<(&'static str, usize, usize)>,
}

/// How many of the records of kind `T` name each issue, by `issues`.
async fn by_issue<T: CaseRecordKind + serde::de::DeserializeOwned>(
    state: &AppState,
    ids: &[Uuid],
    issues: fn(T) -> Vec<AppealIssue>,
) -> Result<HashMap<AppealIssue, usize>, AppError> {
    let mut counts = HashMap::new();
    for (_, record) in state.store.records_of_kind(ids, T::KIND).await? {
        let body: T = serde_json::from_value(record.body)
            .map_err(|e| AppError::Internal(format!("{} unreadable: {e}", T::KIND)))?;
        for issue in issues(body) {
            *counts.entry(issue).or_default() += 1;
        }
    }
    Ok(counts)
}

pub async fn overview(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
) -> PageResult {
    let councils = councils_of(&user.actor);
    let audit = rid.audit(&user.actor, None);
    if councils.is_empty() {
        state.store.record_access(&audit, "refused", "disagreements", None).await?;
        return Err(AppError::Forbidden.into());
    }
    state.store.record_access(&audit, "list", "disagreements", None).await?;
    let cases = state.store.disputed_cases(&councils).await?;
    let today = today();
    let mut stages: HashMap<DisagreementStage, usize> = HashMap::new();
    let mut orders = vec![];
    for (case, child) in &cases {
        let clock = duties(case, None, today, &state.settings.calendar)?;
        let steps = DisagreementSteps::of(&clock.duties);
        *stages.entry(DisagreementStage::of(&steps, &case.history())).or_default() += 1;
        for duty in clock.duties.iter().filter(|d| steps.orders.contains(&d.duty)) {
            let (status, tag_class) = tag(duty.status);
            orders.push((
                duty.due,
                OrderRow {
                    href: format!("/ehc-requests/{}/disagreement", case.request.id),
                    child: child.clone(),
                    what: title(duty.duty),
                    due: long_date(duty.due),
                    status,
                    tag_class,
                },
            ));
        }
    }
    orders.sort_by_key(|(due, _)| *due);
    let ids: Vec<Uuid> = cases.iter().map(|(c, _)| c.request.id).collect();
    let appealed = by_issue(&state, &ids, |a: AppealRegistration| a.issues).await?;
    let upheld = by_issue(&state, &ids, |d: TribunalDecisionRecord| d.upheld).await?;
    Ok(render(&DisputesPage {
        page: PageContext::new(Some(&user), "/plans"),
        stages: DisagreementStage::ALL
            .into_iter()
            .map(|s| (s.label(), stages.get(&s).copied().unwrap_or_default()))
            .collect(),
        orders: orders.into_iter().map(|(_, row)| row).collect(),
        outcomes: AppealIssue::ALL
            .into_iter()
            .map(|i| {
                let count =
                    |m: &HashMap<AppealIssue, usize>| m.get(&i).copied().unwrap_or_default();
                (i.label(), count(&appealed), count(&upheld))
            })
            .collect(),
    })?)
}
