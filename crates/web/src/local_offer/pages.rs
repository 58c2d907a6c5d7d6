//! The public Local Offer: search and one service's page.
//! No sign-in is needed; every page's address can be shared.

use super::page_of;
use crate::AppState;
use crate::auth::MaybeSignedIn;
use crate::error::{AppError, FieldError};
use crate::page::{PageContext, PageResult, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use sendcase_domain::clock::long_date;
use sendcase_domain::local_offer::search::{Near, SearchQuery};
use sendcase_domain::local_offer::when::days_named;
use sendcase_domain::local_offer::{
    LocalOfferService, NeedType, OpeningSchedule, Schedule2Category, normalise_postcode,
};
use std::collections::HashMap;

const PER_PAGE: usize = 20;
const KM_PER_MILE: f64 = 1.609_344;

pub struct ResultRow {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub summary: String,
    pub kinds: String,
    pub ages: String,
    pub cost: &'static str,
    pub distance: Option<String>,
}

pub struct PageLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "local_offer/search.html")]
struct SearchPage {
    page: PageContext,
    params: HashMap<String, String>,
    needs: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, &'static str)>,
    total: usize,
    results: Vec<ResultRow>,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
    can_manage: bool,
}

impl SearchPage {
    fn value(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or("")
    }
}

fn href(params: &HashMap<String, String>, page: usize) -> String {
    let mut pairs: Vec<(&String, &String)> =
        params.iter().filter(|(k, v)| k.as_str() != "page" && !v.is_empty()).collect();
    pairs.sort();
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(pairs);
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    match query.finish() {
        q if q.is_empty() => "/local-offer".to_owned(),
        q => format!("/local-offer?{q}"),
    }
}

/// One weekly session as a family reads it: "Mondays, Wednesdays, 9:30am to 3:00pm. Term time."
pub fn when(h: &OpeningSchedule) -> String {
    let times = h
        .opens_at
        .zip(h.closes_at)
        .map(|(o, c)| format!(", {} to {}", o.strftime("%-I:%M%P"), c.strftime("%-I:%M%P")))
        .unwrap_or_default();
    let days = h.byday.as_deref().map(days_named).unwrap_or_default();
    format!("{days}{times}. {}", h.description)
}

pub fn ages(s: &LocalOfferService) -> String {
    match (s.minimum_age, s.maximum_age) {
        (Some(a), Some(b)) => format!("{a} to {b} years"),
        (Some(a), None) => format!("{a} years and over"),
        (None, Some(b)) => format!("Up to {b} years"),
        (None, None) => "All ages".to_owned(),
    }
}

/// Reads the filters; each one that cannot be used is named for the error summary.
async fn read_query(
    state: &AppState,
    p: &HashMap<String, String>,
) -> Result<SearchQuery, Vec<FieldError>> {
    let get = |k: &str| p.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut errors = vec![];
    let mut q = SearchQuery {
        text: get("q").unwrap_or("").to_owned(),
        free_only: get("cost") == Some("free"),
        online_is_near: true,
        ..Default::default()
    };
    q.needs = get("need").and_then(|n| n.parse::<NeedType>().ok()).into_iter().collect();
    q.categories =
        get("category").and_then(|c| c.parse::<Schedule2Category>().ok()).into_iter().collect();
    if let Some(age) = get("age") {
        match age.parse::<u8>() {
            Ok(a) if a <= 25 => q.age = Some(a),
            _ => errors.push(FieldError::new("age", "Enter an age from 0 to 25, like 7")),
        }
    }
    if let Some(postcode) = get("postcode") {
        match normalise_postcode(postcode) {
            None => {
                errors.push(FieldError::new("postcode", "Enter a full postcode, like ME14 1XQ"))
            }
            Some(code) => match state.store.postcode(&code).await {
                Ok(Some(from)) => {
                    let within_km = get("distance")
                        .and_then(|d| d.parse::<f64>().ok())
                        .map(|miles| miles * KM_PER_MILE);
                    q.near = Some(Near { from, within_km });
                }
                Ok(None) => errors.push(FieldError::new(
                    "postcode",
                    format!(
                        "We do not have {code} in our postcode list: enter a postcode in the area the Local Offer covers"
                    ),
                )),
                Err(e) => {
                    return Err(vec![FieldError::new(
                        "postcode",
                        AppError::from(e).public_message(),
                    )]);
                }
            },
        }
    }
    if errors.is_empty() { Ok(q) } else { Err(errors) }
}

/// Each cost option with its amount, when the service gives any; otherwise what it is known to cost.
pub fn cost_of(s: &LocalOfferService) -> String {
    let priced: Vec<String> = s
        .cost_options
        .iter()
        .filter_map(|c| c.amount.filter(|a| *a > 0.0).map(|a| format!("{}: £{a:.2}", c.option)))
        .collect();
    if priced.is_empty() { s.cost().label().to_owned() } else { priced.join("; ") }
}

pub async fn search(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    Query(params): Query<HashMap<String, String>>,
) -> PageResult {
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let page_number =
        params.get("page").and_then(|p| p.parse::<usize>().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let mut page = SearchPage {
        page: PageContext::new(user.as_ref(), "/local-offer"),
        needs: NeedType::ALL.iter().map(|n| (n.code(), n.label())).collect(),
        categories: Schedule2Category::ALL.iter().map(|c| (c.code(), c.label())).collect(),
        params: params.clone(),
        total: 0,
        results: vec![],
        pages: vec![],
        previous: None,
        next: None,
        can_manage: user
            .as_ref()
            .is_some_and(|u| !sendcase_domain::policy::councils_of(&u.actor).is_empty()),
    };
    let query = read_query(&state, &params).await;
    let (total, hits) = match query {
        Ok(q) => snap.index.search_top(&q, page_number.saturating_mul(PER_PAGE)),
        Err(errors) => {
            page.page = page.page.with_errors(errors);
            (0, vec![])
        }
    };
    page.total = total;
    page.results = page_of(&hits, page_number, PER_PAGE)
        .into_iter()
        .map(|h| {
            let s = snap.index.service(h.doc);
            let summary: String = s.description.chars().take(180).collect();
            ResultRow {
                id: s.id.to_string(),
                name: s.name.clone(),
                provider: s.provider.name.clone(),
                summary: if summary.len() < s.description.len() {
                    format!("{}…", summary.trim_end())
                } else {
                    summary
                },
                kinds: s.categories.iter().map(|c| c.label()).collect::<Vec<_>>().join(", "),
                ages: ages(s),
                cost: s.cost().label(),
                distance: match h.online {
                    true => Some("Online or by phone".to_owned()),
                    false => h.distance_km.map(|km| format!("{:.1} miles away", km / KM_PER_MILE)),
                },
            }
        })
        .collect();
    let last = total.div_ceil(PER_PAGE).max(1);
    // A window of pages around the current one keeps the list short on a phone.
    let window = page_number.saturating_sub(2).max(1)..=(page_number + 2).min(last);
    page.pages = window
        .map(|n| PageLink { number: n, href: href(&params, n), current: n == page_number })
        .collect();
    page.previous = (page_number > 1).then(|| href(&params, page_number - 1));
    page.next = (page_number < last).then(|| href(&params, page_number + 1));
    let status =
        if page.page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, render(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "local_offer/show.html")]
struct ServicePage {
    page: PageContext,
    service: LocalOfferService,
    rows: Vec<(&'static str, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let snap = state.local_offer.snapshot(state.store.as_ref()).await?;
    let service =
        id.parse().ok().and_then(|id| snap.index.find(id)).cloned().ok_or(AppError::NotFound)?;
    let s = &service;
    let places: Vec<String> = s
        .locations
        .iter()
        .map(|l| format!("{}, {}, {}", l.address_1, l.city, l.postcode))
        .chain(s.online.then(|| "Online or by phone".to_owned()))
        .collect();
    let join = |v: Vec<&str>| if v.is_empty() { "Not stated".to_owned() } else { v.join(", ") };
    let mut rows = vec![
        ("Provided by", s.provider.name.clone()),
        ("Kinds of provision", join(s.categories.iter().map(|c| c.label()).collect())),
        ("Needs it supports", join(s.needs.iter().map(|n| n.label()).collect())),
        ("Ages", ages(s)),
        ("Cost", cost_of(s)),
        ("Where", places.join("; ")),
    ];
    rows.extend(s.schedules.iter().map(|h| ("When", when(h))));
    for c in &s.contacts {
        let how: Vec<&str> = c.phone.iter().chain(c.email.iter()).map(String::as_str).collect();
        let who = c.name.as_ref().map(|n| format!("{n}: ")).unwrap_or_default();
        rows.push(("Contact", format!("{who}{}", how.join(" or "))));
    }
    if let Some(e) = &s.eligibility {
        rows.push(("Who can use it", e.clone()));
    }
    if !s.languages.is_empty() {
        rows.push(("Languages", s.languages.join(", ")));
    }
    for a in s
        .locations
        .iter()
        .filter_map(|l| l.accessibility.as_ref())
        .chain(s.accessibility.iter())
        .take(1)
    {
        rows.push(("Accessibility", a.clone()));
    }
    if let Some(on) = s.reviewed_on {
        rows.push(("Last checked", long_date(on)));
    }
    Ok(render(&ServicePage {
        page: PageContext::new(user.as_ref(), "/local-offer"),
        service,
        rows,
    })?)
}
