//! The SENCO changes a pupil's entry on the SEN register: starting or ending SEN support, or
//! recording their types of need. Each change is a new dated entry, so the history is kept, and
//! the census rules are checked as the import checks them.

use super::pupil::{Pupil, keeper};
use super::register::{need_label, provision_label, summary};
use crate::AppState;
use crate::auth::acting;
use crate::auth::{RequestId, SignedIn};
use crate::ehc::{EditConflict, StepForm, show_conflict, show_form};
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use crate::page::{OpenedOn, PageResult};
use crate::records::today;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use sendcase_domain::needs::NeedType;
use sendcase_domain::policy::may_lead_sen_support;
use sendcase_domain::schools::register::{SenProvision, SenStatus};
use sendcase_domain::schools::year_group::{YearGroup, current_year_group, year_group_to_record};
use sendcase_store::{RegisterChange, RegisterEntry};
use sendcase_usecases::{Refused, schools};

fn form(p: &Pupil, v: Option<&FormValues>) -> StepForm {
    // A pupil never on the register starts from no SEN, in the year group their age gives.
    let current = p.entries.last().map_or_else(
        || RegisterChange {
            year_group: String::new(),
            out_of_cohort_reason: None,
            provision: SenProvision::NoSen.code().to_owned(),
            need1: None,
            need2: None,
        },
        |e| RegisterChange {
            year_group: year_group_code(p, e),
            out_of_cohort_reason: e.out_of_cohort_reason.clone(),
            provision: e.provision.clone(),
            need1: e.need1.clone(),
            need2: e.need2.clone(),
        },
    );
    let val = |n: &str, now: Option<&str>| {
        v.map(|v| v.text(n)).unwrap_or_else(|| now.unwrap_or_default().to_owned())
    };
    let provisions: Vec<(String, String)> =
        ["N", "K", "E"].iter().map(|c| (c.to_string(), provision_label(c).to_owned())).collect();
    let mut needs = vec![(String::new(), "None".to_owned())];
    needs.extend(
        NeedType::ALL
            .iter()
            .map(|t| t.code())
            .chain(["NSA"])
            .map(|c| (c.to_owned(), need_label(Some(c)))),
    );
    StepForm {
        caption: p.name.clone(),
        title: "Change the pupil's SEN register entry".into(),
        intro: vec!["The change is recorded as a new entry dated today; earlier entries are kept. Tell the parents when SEN support starts (section 68 of the Children and Families Act 2014).".into()],
        warnings: vec![],
        fieldsets: vec![Fieldset::new("", vec![
            Field::new("provision", "SEN provision", Kind::Radios(provisions)).value(val("provision", Some(&current.provision))),
            Field::new("need1", "Primary type of need", Kind::Select(needs.clone())).hint("No specialist assessment (NSA) only with SEN support").value(val("need1", current.need1.as_deref())),
            Field::new("need2", "Secondary type of need", Kind::Select(needs)).value(val("need2", current.need2.as_deref())),
            Field::new("year_group", "Year group", Kind::Select(year_groups(p))).hint("The date of birth gives the year group: choose another only if the pupil is taught out of their year group").value(val("year_group", Some(&current.year_group))),
            Field::new("out_of_cohort_reason", "Why the pupil is taught out of their year group", Kind::Text).hint("Only if you chose a year group the date of birth does not give").value(val("out_of_cohort_reason", current.out_of_cohort_reason.as_deref())),
        ])],
        submit: "Save register entry",
    }
}

/// Every year group, the one the date of birth gives first and named as such.
fn year_groups(p: &Pupil) -> Vec<(String, String)> {
    let usual = YearGroup::for_birth(p.birth_date, today());
    let mut options: Vec<(String, String)> = usual
        .map(|y| (y.code(), format!("{} (from the date of birth)", y.label())))
        .into_iter()
        .collect();
    options.extend(YearGroup::all().filter(|y| Some(*y) != usual).map(|y| (y.code(), y.label())));
    options
}

/// The pupil's year group today, from their latest entry, as the form's choice.
fn year_group_code(p: &Pupil, latest: &sendcase_store::RegisterEntry) -> String {
    current_year_group(p.birth_date, &latest.year_group, latest.recorded_on, today())
        .map(YearGroup::code)
        .unwrap_or_default()
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
) -> PageResult {
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    show_form(&user, p.href(), entry_action(&p, Some(p.entries.len())), form(&p, None), vec![])
}

/// The form's address, carrying how many entries the SENCO saw when it was opened.
fn entry_action(p: &Pupil, seen: Option<usize>) -> String {
    match seen {
        Some(n) => format!("{}/register?version={n}", p.href()),
        None => format!("{}/register", p.href()),
    }
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path((school, child)): Path<(String, String)>,
    Query(opened): Query<OpenedOn>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = FormValues::new(pairs);
    let p = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support).await?;
    let mut errors = vec![];
    let reason = v.text("out_of_cohort_reason");
    let year_group = year_group_to_record(p.birth_date, today(), &v.text("year_group"), &reason)
        .map_err(|why| errors.push(FieldError::new("year_group", why)))
        .ok();
    match SenStatus::from_codes(&v.text("provision"), &v.text("need1"), &v.text("need2")) {
        Ok(status) if errors.is_empty() => {
            let (year_group, out_of_cohort_reason) =
                year_group.expect("no errors means a year group");
            let change = RegisterChange {
                year_group: year_group.code(),
                out_of_cohort_reason,
                provision: status.provision.code().to_owned(),
                need1: status.needs.first().map(|n| n.code().to_owned()),
                need2: status.needs.get(1).map(|n| n.code().to_owned()),
            };
            let acting = acting(&state, &user, &rid);
            let recorded =
                schools::record_register_entry(acting, p.school, p.child, &change, opened.version);
            match recorded.await {
                Ok(()) => return Ok(Redirect::to(&p.href()).into_response()),
                Err(Refused::Stale { message, newest }) => {
                    let now = keeper(&state, &user, &rid, &school, &child, may_lead_sen_support);
                    let now = now.await?;
                    let again = form(&now, Some(&v));
                    let typed = RegisterEntry {
                        recorded_on: today(),
                        year_group: change.year_group.clone(),
                        out_of_cohort_reason: change.out_of_cohort_reason.clone(),
                        provision: change.provision.clone(),
                        need1: change.need1.clone(),
                        need2: change.need2.clone(),
                        ..now.entries.last().cloned().ok_or(AppError::NotFound)?
                    };
                    let conflict = EditConflict {
                        message,
                        theirs_title: "Their entry".into(),
                        theirs: now.entries.last().map(summary).into_iter().collect(),
                        yours: vec![summary(&typed)],
                        keep_theirs: now.href(),
                    };
                    let seen = usize::try_from(newest).ok();
                    return show_conflict(
                        &user,
                        now.href(),
                        entry_action(&now, seen),
                        again,
                        conflict,
                    );
                }
                Err(other) => return Err(AppError::from(other).into()),
            }
        }
        Ok(_) => {}
        // The census's own wording names the column; the form shows it against the first choice.
        Err(problems) => errors.extend(problems.into_iter().map(|m| {
            FieldError::new(if m.starts_with("SENprovision") { "provision-0" } else { "need1" }, m)
        })),
    }
    let seen = opened.version.and_then(|n| usize::try_from(n).ok());
    show_form(&user, p.href(), entry_action(&p, seen), form(&p, Some(&v)), errors)
}
