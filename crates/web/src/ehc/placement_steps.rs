//! The forms that record section I's placements as data (the organisation by URN or UKPRN, or
//! the kind of arrangement; rank, residential weeks, work-based learning, dates) and end them.

use super::CaseView;
use super::StepForm;
use super::steps::{Kit, Step};
use crate::AppState;
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, FormValues, Kind, choices};
use sendcase_domain::clock::Named;
use sendcase_domain::ehc::placements::{
    PlacedAt, Placement, PlacementRank, PlacementRecorded, Residential, SenSetting,
};
use sendcase_usecases::ehc::Step as TakenStep;
use sendcase_usecases::ehc::placements::current;

/// Every setting a placement can name, as `(value, label)`: establishments by URN, providers
/// by UKPRN, then the arrangements that have neither.
async fn settings(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let mut out: Vec<(String, String)> = vec![];
    for o in state.store.organisations().await? {
        if let Some(urn) = &o.urn {
            out.push((format!("urn:{urn}"), format!("{} (URN {urn})", o.name)));
        } else if let Some(ukprn) = &o.ukprn {
            out.push((format!("ukprn:{ukprn}"), format!("{} (UKPRN {ukprn})", o.name)));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out.extend(SenSetting::ALL.iter().map(|s| (format!("setting:{s}"), s.label().to_owned())));
    Ok(out)
}

fn label(p: &PlacementRecorded) -> String {
    format!("{} (from {})", p.placement.name, sendcase_domain::clock::long_date(p.placement.starts))
}

pub async fn form(
    step: Step,
    state: &AppState,
    view: &CaseView,
    kit: &Kit<'_>,
) -> Result<StepForm, AppError> {
    let typed = |name: &str| kit.typed(name);
    Ok(match step {
        Step::Placement => kit.form(
            "Record a placement",
            vec!["The school, college or other setting the plan names in section I, as the SEN2 return counts it. A setting with a URN or UKPRN is chosen by it; otherwise choose the kind of arrangement.".into()],
            vec![
                Field::new("setting", "Setting", Kind::Select(settings(state).await?)).value(typed("setting")),
                Field::new("details", "If a type of setting is named but no setting, which type", Kind::Text).value(typed("details")),
                Field::new("rank", "Rank", Kind::Radios(choices([("1", "Main placement"), ("2", "Second placement at the same time")]))).value(typed("rank")),
                Field::new("residential", "Residential", Kind::Radios(choices([("no", "Not residential"), (Residential::WeeksUpTo51.as_str(), Residential::WeeksUpTo51.label()), (Residential::Weeks52.as_str(), Residential::Weeks52.label())]))).value(typed("residential")),
                Field::new("work_based", "Work-based learning (a supported internship, apprenticeship or traineeship)", Kind::Checkbox).value(typed("work_based")),
                Field::new("sen_unit", "In the setting's SEN unit", Kind::Checkbox).value(typed("sen_unit")),
                Field::new("resourced_provision", "In the setting's resourced provision", Kind::Checkbox).value(typed("resourced_provision")),
                Field::new("starts", "Start date", Kind::Date).hint("For example, 3 9 2026").value(kit.date_typed("starts")),
                Field::new("ends", "End date", Kind::Date).hint("Leave blank if the placement goes on").value(kit.date_typed("ends")),
            ],
            "Record placement",
        ),
        Step::EndPlacement => {
            let open: Vec<(String, String)> = current(&view.records)?.iter().filter(|p| p.placement.ends.is_none()).map(|p| (p.number.to_string(), label(p))).collect();
            kit.form(
                "End a placement",
                vec!["Record the last day of a placement, for example when the child moves school.".into()],
                vec![
                    Field::new("placement", "Placement", Kind::Select(open)).value(typed("placement")),
                    Field::new("ends", "Last day", Kind::Date).hint("For example, 17 7 2026").value(kit.date_typed("ends")),
                ],
                "End placement",
            )
        }
        other => return Err(AppError::Internal(format!("{other:?} is not a placement step"))),
    })
}

/// What the chosen setting is, with its name, or the field's error.
async fn placed_at(
    state: &AppState,
    v: &FormValues,
    errors: &mut Vec<FieldError>,
) -> Result<Option<(PlacedAt, String)>, AppError> {
    let chosen = v.text("setting");
    let found = settings(state).await?.into_iter().find(|(value, _)| *value == chosen);
    let at = found.and_then(|(value, label)| {
        let (kind, code) = value.split_once(':')?;
        let at = match kind {
            "urn" => PlacedAt::Establishment(code.parse().ok()?),
            "ukprn" => PlacedAt::Provider(code.parse().ok()?),
            _ => PlacedAt::Other { setting: SenSetting::parse(code)?, details: v.text("details") },
        };
        Some((at, label.rsplit_once(" (U").map_or(label.clone(), |(name, _)| name.to_owned())))
    });
    if at.is_none() {
        errors.push(FieldError::new("setting", "Choose the setting the plan names"));
    }
    Ok(at)
}

pub async fn read(
    step: Step,
    state: &AppState,
    v: &FormValues,
    errors: &mut Vec<FieldError>,
) -> Result<Option<TakenStep>, AppError> {
    Ok(match step {
        Step::Placement => {
            let at = placed_at(state, v, errors).await?;
            let rank =
                v.text("rank").parse::<u8>().ok().and_then(|r| PlacementRank::try_from(r).ok());
            if rank.is_none() {
                errors.push(FieldError::new("rank-0", "Select the placement's rank"));
            }
            let residential = match v.text("residential").as_str() {
                "no" => Some(None),
                code => Residential::parse(code).map(Some),
            };
            if residential.is_none() {
                errors.push(FieldError::new(
                    "residential-0",
                    "Select whether the placement is residential",
                ));
            }
            let starts = v.date("starts", Some("Enter the date the placement starts"), errors);
            let ends = v.date("ends", None, errors);
            match (at, rank, residential, starts) {
                (Some((at, name)), Some(rank), Some(residential), Some(starts)) => {
                    Some(TakenStep::RecordPlacement {
                        placement: Placement {
                            at,
                            name,
                            rank,
                            residential,
                            work_based: v.checked("work_based"),
                            sen_unit: v.checked("sen_unit"),
                            resourced_provision: v.checked("resourced_provision"),
                            starts,
                            ends,
                        },
                    })
                }
                _ => None,
            }
        }
        Step::EndPlacement => {
            let number = v.text("placement").parse().ok();
            if number.is_none() {
                errors.push(FieldError::new("placement", "Choose the placement that ends"));
            }
            let ends = v.date("ends", Some("Enter the last day of the placement"), errors);
            number.zip(ends).map(|(number, ends)| TakenStep::EndPlacement { number, ends })
        }
        other => return Err(AppError::Internal(format!("{other:?} is not a placement step"))),
    })
}
