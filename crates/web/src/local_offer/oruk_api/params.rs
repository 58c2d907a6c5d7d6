//! The query parameters of the Open Referral UK API: each endpoint takes those the HSDS 3.0
//! OpenAPI document and the UK profile define for it, and a parameter it does not take is a 400
//! naming it, so a consumer never receives results a filter it sent did not narrow.

use crate::AppState;
use crate::error::AppError;
use sendcase_domain::local_offer::search::{AgeLimits, Near, Order, SearchQuery};
use sendcase_domain::local_offer::when::{Sessions, day_bit};
use sendcase_domain::local_offer::{NeedType, normalise_postcode};
use sendcase_oruk::taxonomy;
use std::collections::HashMap;
use uuid::Uuid;

pub type Params = HashMap<String, String>;

const PAGED: [&str; 3] = ["page", "per_page", "format"];

/// What narrows services, on `/services` and `/service_at_locations` alike (HSDS 3.0 with the UK
/// profile's age, day and time filters; `postcode` and `proximity` are on both here).
const SERVICE_FILTERS: [&str; 13] = [
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
    "postcode",
    "proximity",
    "full",
];

/// Each list endpoint and the parameters it takes besides paging.
pub const SERVICES: &[&str] = &["minimal"];
pub const SERVICE_AT_LOCATIONS: &[&str] = &[];
pub const TAXONOMIES: &[&str] = &["search"];
pub const TAXONOMY_TERMS: &[&str] = &["search", "taxonomy_id", "top_only", "parent_id"];
pub const ORGANIZATIONS: &[&str] = &["search", "full", "full_service"];

/// Refuses the first parameter that neither `takes` nor (for lists of services) the service
/// filters and paging name.
pub fn only(params: &Params, endpoint: &str, takes: &[&str]) -> Result<(), AppError> {
    let services = endpoint == "services" || endpoint == "service_at_locations";
    let known = |k: &str| {
        takes.contains(&k) || PAGED.contains(&k) || (services && SERVICE_FILTERS.contains(&k))
    };
    let mut unknown: Vec<&String> = params.keys().filter(|k| !known(k)).collect();
    unknown.sort();
    match unknown.first() {
        None => Ok(()),
        Some(k) => Err(AppError::BadRequest(format!(
            "`{k}` is not a parameter /openreferral/{endpoint} supports"
        ))),
    }
}

/// Refuses any parameter at all, for the endpoints of one item.
pub fn none(params: &Params, endpoint: &str, takes: &[&str]) -> Result<(), AppError> {
    match params.keys().find(|k| !takes.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(AppError::BadRequest(format!(
            "`{k}` is not a parameter /openreferral/{endpoint}/{{id}} supports"
        ))),
    }
}

fn given<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn bad(name: &str, what: &str) -> AppError {
    AppError::BadRequest(format!("`{name}` {what}"))
}

fn number(params: &Params, name: &str, default: usize, max: usize) -> Result<usize, AppError> {
    match given(params, name) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| bad(name, &format!("must be a whole number from 1 to {max}"))),
    }
}

const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 1_000;

/// The page asked for and its size; only JSON is answered (`format=ndjson` is refused).
pub fn paging(params: &Params) -> Result<(usize, usize), AppError> {
    if given(params, "format").is_some_and(|f| f != "json") {
        return Err(bad("format", "must be json: this API does not stream other formats"));
    }
    Ok((
        number(params, "page", 1, usize::MAX)?,
        number(params, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
    ))
}

pub fn flag(params: &Params, name: &str) -> Result<bool, AppError> {
    match given(params, name) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(bad(name, "must be true or false")),
    }
}

/// Whole items when the flag `name` is true, their own fields otherwise.
pub fn detail(params: &Params, name: &str) -> Result<sendcase_oruk::Detail, AppError> {
    use sendcase_oruk::Detail;
    Ok(if flag(params, name)? { Detail::Full } else { Detail::List })
}

pub fn uuid_param(params: &Params, name: &str) -> Result<Option<Uuid>, AppError> {
    given(params, name).map(|v| v.parse().map_err(|_| bad(name, "must be a UUID"))).transpose()
}

fn age(params: &Params, name: &str) -> Result<Option<f64>, AppError> {
    given(params, name)
        .map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|a| (0.0..=120.0).contains(a))
                .ok_or_else(|| bad(name, "must be an age in years from 0 to 120"))
        })
        .transpose()
}

fn time(params: &Params, name: &str) -> Result<Option<jiff::civil::Time>, AppError> {
    given(params, name)
        .map(|v| v.parse().map_err(|_| bad(name, "must be a time of day like 09:30 or 17:00:00")))
        .transpose()
}

fn sessions(params: &Params) -> Result<Option<Sessions>, AppError> {
    let days = match given(params, "day") {
        None => 0,
        Some(v) => v.split(',').try_fold(0u8, |mask, d| {
            day_bit(d).map(|b| mask | b).ok_or_else(|| {
                bad("day", "must be a day of the week: MO, TU, WE, TH, FR, SA or SU")
            })
        })?,
    };
    let (opens_from, closes_by) = (time(params, "start_time")?, time(params, "end_time")?);
    Ok((days != 0 || opens_from.is_some() || closes_by.is_some()).then_some(Sessions {
        days,
        opens_from,
        closes_by,
    }))
}

fn modified_after(params: &Params) -> Result<Option<jiff::Timestamp>, AppError> {
    let Some(after) = given(params, "modified_after") else { return Ok(None) };
    let parsed = after.parse::<jiff::Timestamp>().or_else(|_| {
        after
            .parse::<jiff::civil::Date>()
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp()))
    });
    parsed
        .map(Some)
        .map_err(|_| bad("modified_after", "must be a date-time like 2026-01-31T00:00:00Z"))
}

async fn near(state: &AppState, params: &Params) -> Result<Option<Near>, AppError> {
    let within_km = given(params, "proximity")
        .map(|m| {
            m.parse::<f64>()
                .ok()
                .filter(|m| m.is_finite() && *m > 0.0)
                .map(|m| m / 1000.0)
                .ok_or_else(|| bad("proximity", "must be a distance in metres"))
        })
        .transpose()?;
    let Some(postcode) = given(params, "postcode") else {
        return match within_km {
            Some(_) => Err(bad("proximity", "needs a `postcode` to measure from")),
            None => Ok(None),
        };
    };
    let code =
        normalise_postcode(postcode).ok_or_else(|| bad("postcode", "is not a UK postcode"))?;
    let from = state.store.postcode(&code).await?.ok_or_else(|| {
        AppError::BadRequest(format!("`postcode` {code} is not in the postcode table"))
    })?;
    Ok(Some(Near { from, within_km }))
}

/// The search the parameters ask for, or `None` when they name a term or taxonomy that does not
/// exist (so nothing matches). Lists not ranked by words or distance come in id order.
pub async fn query(state: &AppState, params: &Params) -> Result<Option<SearchQuery>, AppError> {
    let mut q = SearchQuery {
        text: given(params, "search").unwrap_or_default().to_owned(),
        modified_after: modified_after(params)?,
        age_limits: AgeLimits {
            minimum_at_least: age(params, "minimum_age")?,
            maximum_at_most: age(params, "maximum_age")?,
        },
        provider: uuid_param(params, "organization_id")?,
        sessions: sessions(params)?,
        order: Order::Id,
        near: near(state, params).await?,
        ..Default::default()
    };
    if let Some(term) = uuid_param(params, "taxonomy_term_id")? {
        match taxonomy::term(term) {
            Some(taxonomy::Term::Category(c)) => q.categories = vec![c],
            Some(taxonomy::Term::Need(n)) => q.needs = vec![n],
            None => return Ok(None),
        }
    }
    match uuid_param(params, "taxonomy_id")? {
        None => {}
        // Every public service has at least one kind of provision.
        Some(id) if id == taxonomy::PROVISION_TAXONOMY => {}
        Some(id) if id == taxonomy::NEED_TAXONOMY => q.needs = NeedType::ALL.to_vec(),
        Some(_) => return Ok(None),
    }
    Ok(Some(q))
}
