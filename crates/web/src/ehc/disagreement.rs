//! Mediation and appeals on one page for the family and the council (Code chapter 11): the
//! clock's time limits for the current decision, what mediation and the appeal recorded, the
//! Tribunal's order and what it requires, and the next steps each may take.

use super::CaseView;
use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn};
use crate::page::duties::{Row, named_row};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use sendcase_domain::clock::long_date;
use sendcase_domain::ehc::disagreements::{
    AppealIssue, AppealRegistration, DisagreementSteps, MediationOutcome, MediationRequest,
    TribunalDecisionRecord, concerns_disagreement,
};
use sendcase_domain::policy::CaseAction;

#[derive(Template)]
#[template(path = "ehc/disagreement.html")]
struct DisagreementPage {
    page: PageContext,
    back: String,
    child_name: String,
    rows: Vec<Row>,
    /// What was recorded, as `(heading, lines)`.
    recorded: Vec<(String, Vec<String>)>,
    actions: Vec<(String, &'static str)>,
}

fn issues(issues: &[AppealIssue]) -> Vec<String> {
    issues.iter().map(|i| i.label().to_owned()).collect()
}

/// The steps this user may take now, as links.
fn actions(view: &CaseView, user: &CurrentUser) -> Vec<(String, &'static str)> {
    let family = view.may(user, CaseAction::GiveFamilyViews);
    let council = view.may(user, CaseAction::RecordStatutoryEvent);
    let open = DisagreementSteps::of(&view.duties.duties);
    let step = |slug: &str| format!("{}/steps/{slug}", view.href());
    let mut out = vec![];
    if open.choose_mediation.is_some() {
        if family {
            out.push((step("mediation"), "Say whether you want mediation"));
        }
        if council {
            out.push((step("mediation-choice"), "Record whether the family wants mediation"));
        }
    }
    if council && open.hold_mediation {
        out.push((step("mediation-held"), "Record the mediation"));
    }
    if council && open.certificate {
        out.push((step("mediation-certificate"), "Record the mediation certificate"));
    }
    if open.register_appeal.is_some() {
        if family {
            out.push((step("appeal"), "Tell the council you have appealed"));
        }
        if council {
            out.push((step("appeal-registered"), "Record an appeal to the Tribunal"));
        }
    }
    if council && open.decide_appeal {
        out.push((step("tribunal-decision"), "Record the Tribunal's decision"));
        out.push((step("concession"), "Concede the appeal"));
    }
    if council && !open.orders.is_empty() {
        out.push((step("order-complied"), "Record that the council did what was ordered"));
    }
    out
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let view = CaseView::load(&state, &user, &rid, &id, CaseAction::Read).await?;
    let names = view.reference_names()?;
    let rows = view
        .duties
        .duties
        .iter()
        .filter(|d| concerns_disagreement(d.duty))
        .map(|d| named_row(d.clone(), &names))
        .collect();
    let mut recorded = vec![];
    for m in view.records::<MediationRequest>()? {
        recorded.push(("Mediation was asked for about".to_owned(), issues(&m.issues)));
    }
    for m in view.records::<MediationOutcome>()? {
        let agreed = if m.agreed { "Agreement was reached" } else { "No agreement was reached" };
        recorded.push(("Mediation".to_owned(), vec![agreed.to_owned(), m.summary]));
    }
    for a in view.records::<AppealRegistration>()? {
        let mut lines = issues(&a.issues);
        if let Some(hearing) = a.hearing_date {
            lines.push(format!("Hearing on {}", long_date(hearing)));
        }
        recorded.push(("The appeal is about".to_owned(), lines));
    }
    for d in view.records::<TribunalDecisionRecord>()? {
        let mut lines = vec![d.summary];
        lines.extend(issues(&d.upheld).into_iter().map(|i| format!("Decided for the family: {i}")));
        recorded.push(("The Tribunal's decision".to_owned(), lines));
    }
    Ok(render(&DisagreementPage {
        page: PageContext::new(Some(&user), "/ehc-requests"),
        back: view.href(),
        child_name: view.child.child.full_name(),
        rows,
        recorded,
        actions: actions(&view, &user),
    })?)
}
