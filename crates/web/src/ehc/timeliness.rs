//! Timeliness for the local authority: the share of final plans issued within 20 weeks, month
//! by month for a calendar year, as a chart with its figures in a table beside it.

use crate::AppState;
use crate::auth::{RequestId, SignedIn};
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use crate::records::today;
use askama::Template;
use axum::extract::{Query, State};
use sendcase_domain::clock::MONTHS;
use sendcase_domain::ehc::timeliness::{Figures, Share, timeliness as figures};
use sendcase_domain::policy::councils_of;
use serde::Deserialize;

/// The chart's geometry, in SVG user units: a 0–100% scale `PLOT_HEIGHT` tall above the axis.
const PLOT_LEFT: u32 = 44;
const PLOT_TOP: u32 = 16;
const PLOT_HEIGHT: u32 = 200;
const BAND: u32 = 46;
const BAR: u32 = 17;

pub struct MonthRow {
    pub month: &'static str,
    pub issued: u32,
    pub all: String,
    pub excluding: String,
}

pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub height: u32,
    pub fill: &'static str,
}

pub struct Tick {
    pub y: u32,
    pub label: &'static str,
}

pub struct MonthLabel {
    pub x: u32,
    pub text: String,
}

#[derive(Template)]
#[template(path = "ehc/timeliness.html")]
struct TimelinessPage {
    page: PageContext,
    year: i16,
    rows: Vec<MonthRow>,
    total: MonthRow,
    summary: String,
    bars: Vec<Bar>,
    ticks: Vec<Tick>,
    months: Vec<MonthLabel>,
    width: u32,
    axis_y: u32,
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

fn percent(share: Share) -> String {
    share.percent().map_or_else(
        || "No plans".to_owned(),
        |p| format!("{p}% ({} of {})", share.within, share.issued),
    )
}

fn row(month: &'static str, f: &Figures) -> MonthRow {
    MonthRow {
        month,
        issued: f.all.issued,
        all: percent(f.all),
        excluding: percent(f.excluding_exceptions),
    }
}

pub async fn timeliness(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let las = councils_of(&user.actor);
    if las.is_empty() {
        state
            .store
            .record_access(&rid.audit(&user.actor, None), "refused", "timeliness", None)
            .await?;
        return Err(AppError::Forbidden.into());
    }
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => today().year(),
        Some(text) => {
            text.parse::<i16>().ok().filter(|y| (2014..=2100).contains(y)).ok_or_else(|| {
                AppError::invalid(vec![FieldError::new(
                    "year",
                    format!("year must be a year from 2014, when EHC plans began, not \"{text}\""),
                )])
            })?
        }
    };
    let t = figures(year, &state.store.issued_plans(&las, year).await?);
    let height = |share: Share| share.percent().map(|p| p * PLOT_HEIGHT / 100);
    let axis_y = PLOT_TOP + PLOT_HEIGHT;
    let mut bars = vec![];
    for (i, m) in t.months.iter().enumerate() {
        let x = PLOT_LEFT + 6 + i as u32 * BAND;
        for (offset, share, fill) in
            [(0, m.all, "#1d70b8"), (BAR + 2, m.excluding_exceptions, "#f47738")]
        {
            if let Some(h) = height(share) {
                bars.push(Bar { x: x + offset, y: axis_y - h, height: h.max(1), fill });
            }
        }
    }
    let ticks = [(0, "0%"), (50, "50%"), (100, "100%")]
        .map(|(p, label)| Tick { y: axis_y - p * PLOT_HEIGHT / 100, label })
        .into();
    let months = MONTHS
        .iter()
        .enumerate()
        .map(|(i, m)| MonthLabel {
            x: PLOT_LEFT + 6 + i as u32 * BAND + BAR,
            text: m[..3].to_owned(),
        })
        .collect();
    let summary = match (t.whole_year.all.percent(), t.whole_year.excluding_exceptions.percent()) {
        (Some(all), Some(excluding)) => format!(
            "In {year}, {all}% of the {} final plans issued were issued within 20 weeks; leaving out cases with an exception, {excluding}% of {}.",
            t.whole_year.all.issued, t.whole_year.excluding_exceptions.issued
        ),
        (Some(all), None) => format!(
            "In {year}, {all}% of the {} final plans issued were issued within 20 weeks; every one had an exception.",
            t.whole_year.all.issued
        ),
        _ => format!("No final plans were issued in {year}."),
    };
    let page = TimelinessPage {
        page: PageContext::new(Some(&user), "/timeliness"),
        year,
        rows: t.months.iter().zip(MONTHS).map(|(f, m)| row(m, f)).collect(),
        total: row("Whole year", &t.whole_year),
        summary,
        bars,
        ticks,
        months,
        width: PLOT_LEFT + 12 * BAND + 8,
        axis_y,
    };
    Ok(render(&page)?)
}
