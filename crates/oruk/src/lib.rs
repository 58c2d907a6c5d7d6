//! Open Referral UK 3.0 (HSDS-UK-3.0) for the Local Offer: the API's objects, the mapping of a
//! [`LocalOfferService`] to and from them, and reading a file of services for import. Shared by
//! the `/openreferral` API and the `sendcase local-offer` commands.

mod import;
pub mod model;
pub mod taxonomy;

pub use import::{ImportError, Record, read_services};
pub use model::*;

use sendcase_domain::local_offer::{self as lo, LocalOfferService, web_address_problem};
use uuid::Uuid;

/// The answer to `GET /openreferral/`: the validator reads the version from it.
pub fn api_details() -> serde_json::Value {
    serde_json::json!({
        "version": "HSDS-UK-3.0",
        "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
        "openapi_url": "https://docs.openreferraluk.org/en/latest/openapi30.json",
    })
}

/// How much of a service to give: list endpoints carry its own fields only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    List,
    Full,
}

/// A derived id for a part sendcase does not store separately (the link to a term, an online
/// service's virtual location), stable because both inputs are.
fn derived_id(a: Uuid, b: Uuid) -> Uuid {
    uuid::Builder::from_random_bytes((a.as_u128() ^ b.as_u128().rotate_left(17)).to_be_bytes())
        .into_uuid()
}

const VIRTUAL: Uuid = Uuid::from_u128(0x7a1e_0000_0000_4000_8000_0000_0000_0001);
/// The first of the numbers a service's languages' ids are derived with, one per language.
const LANGUAGE: u128 = 0x1a46_0000_0000_4000_8000_0000_0000_0000;

/// A provider as an Open Referral organisation, with the services given.
pub fn organization(p: &lo::Provider, services: Vec<Service>) -> Organization {
    Organization { id: p.id, name: p.name.clone(), description: p.description.clone(), services }
}

pub fn service(s: &LocalOfferService, detail: Detail) -> Service {
    let mut out = Service {
        id: s.id,
        organization_id: Some(s.provider.id),
        name: s.name.clone(),
        description: Some(s.description.clone()).filter(|d| !d.is_empty()),
        url: s.url.clone(),
        email: s.email.clone(),
        status: s.status,
        minimum_age: s.minimum_age.map(f64::from),
        maximum_age: s.maximum_age.map(f64::from),
        eligibility_description: s.eligibility.clone(),
        assured_date: s.reviewed_on,
        last_modified: Some(s.last_modified),
        organization: Some(organization(&s.provider, vec![])),
        schedules: vec![],
        service_at_locations: vec![],
        cost_options: vec![],
        contacts: vec![],
        attributes: vec![],
        languages: vec![],
    };
    if detail == Detail::List {
        return out;
    }
    out.service_at_locations = service_at_locations(s).into_iter().map(|(sal, _)| sal).collect();
    out.schedules = s
        .schedules
        .iter()
        .map(|h| Schedule {
            id: h.id,
            freq: h.byday.as_ref().map(|_| "WEEKLY".to_owned()),
            byday: h.byday.clone(),
            opens_at: h.opens_at,
            closes_at: h.closes_at,
            description: Some(h.description.clone()).filter(|d| !d.is_empty()),
        })
        .collect();
    out.cost_options = s
        .cost_options
        .iter()
        .map(|c| CostOption {
            id: c.id,
            option: Some(c.option.clone()),
            amount: c.amount,
            currency: Some("GBP".to_owned()),
        })
        .collect();
    out.contacts = s
        .contacts
        .iter()
        .map(|c| Contact {
            id: c.id,
            name: c.name.clone(),
            email: c.email.clone(),
            phones: c
                .phone
                .iter()
                .map(|p| Phone { id: derived_id(c.id, VIRTUAL), number: p.clone() })
                .collect(),
        })
        .collect();
    out.languages = s
        .languages
        .iter()
        .enumerate()
        .map(|(i, name)| Language {
            id: derived_id(s.id, Uuid::from_u128(LANGUAGE + i as u128)),
            service_id: s.id,
            name: name.clone(),
        })
        .collect();
    let terms = s
        .categories
        .iter()
        .map(|&c| taxonomy::category_term(c))
        .chain(s.needs.iter().map(|&n| taxonomy::need_term(n)));
    out.attributes = terms
        .map(|t| Attribute {
            id: derived_id(s.id, t.id),
            link_id: Some(s.id),
            link_type: Some("service".to_owned()),
            taxonomy_term_id: Some(t.id),
            taxonomy_term: Some(t),
        })
        .collect();
    out
}

/// Each place the service is delivered, as a service-at-location with its full location; an
/// online service also has a virtual one. The second value is the location's index, if physical.
pub fn service_at_locations(s: &LocalOfferService) -> Vec<(ServiceAtLocation, Option<usize>)> {
    let mut out: Vec<(ServiceAtLocation, Option<usize>)> = s
        .locations
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let location = Location {
                id: l.id,
                location_type: LocationType::Physical,
                name: l.name.clone(),
                latitude: l.latitude,
                longitude: l.longitude,
                addresses: vec![Address {
                    id: l.address_id,
                    address_1: l.address_1.clone(),
                    city: l.city.clone(),
                    state_province: l.county.clone(),
                    postal_code: l.postcode.clone(),
                    country: "GB".to_owned(),
                    address_type: LocationType::Physical,
                }],
                accessibility: l
                    .accessibility
                    .iter()
                    .map(|a| Accessibility {
                        id: derived_id(l.id, VIRTUAL),
                        description: Some(a.clone()),
                    })
                    .collect(),
            };
            (
                ServiceAtLocation {
                    id: l.service_at_location_id,
                    service_id: Some(s.id),
                    location_id: Some(l.id),
                    location: Some(location),
                    service: None,
                },
                Some(i),
            )
        })
        .collect();
    if s.online {
        let location = Location {
            id: derived_id(s.id, VIRTUAL),
            location_type: LocationType::Virtual,
            name: Some("Online or by phone".to_owned()),
            latitude: None,
            longitude: None,
            addresses: vec![],
            accessibility: vec![],
        };
        let id = derived_id(location.id, VIRTUAL);
        out.push((
            ServiceAtLocation {
                id,
                service_id: Some(s.id),
                location_id: Some(location.id),
                location: Some(location),
                service: None,
            },
            None,
        ));
    }
    out
}

/// Reads an ORUK service into the Local Offer; `Err` says which member is wrong.
pub fn local_offer_service(
    s: Service,
    council: Uuid,
    now: jiff::Timestamp,
) -> Result<LocalOfferService, String> {
    if s.name.trim().is_empty() {
        return Err("`name` must not be empty".into());
    }
    if let Some(why) = s.url.as_deref().and_then(web_address_problem) {
        return Err(format!("`url` {why}"));
    }
    let age = |v: Option<f64>, what: &str| {
        v.map(|a| {
            if (0.0..=120.0).contains(&a) {
                Ok(a as u8)
            } else {
                Err(format!("`{what}` must be between 0 and 120, not {a}"))
            }
        })
        .transpose()
    };
    let (minimum_age, maximum_age) =
        (age(s.minimum_age, "minimum_age")?, age(s.maximum_age, "maximum_age")?);
    if let (Some(min), Some(max)) = (minimum_age, maximum_age)
        && min > max
    {
        return Err(format!("`minimum_age` {min} is above `maximum_age` {max}"));
    }
    let provider = match (s.organization, s.organization_id) {
        (Some(o), _) => lo::Provider { id: o.id, name: o.name, description: o.description },
        (None, Some(id)) => lo::Provider { id, name: String::new(), description: String::new() },
        (None, None) => {
            return Err(
                "`organization` or `organization_id` is required: say who provides the service"
                    .into(),
            );
        }
    };
    let mut online = false;
    let mut locations = vec![];
    for sal in s.service_at_locations {
        let Some(l) = sal.location else { continue };
        if l.location_type == LocationType::Virtual {
            online = true;
            continue;
        }
        let Some(a) = l.addresses.into_iter().next() else { continue };
        locations.push(lo::ServiceLocation {
            id: l.id,
            service_at_location_id: sal.id,
            address_id: a.id,
            name: l.name,
            postcode: lo::normalise_postcode(&a.postal_code).unwrap_or(a.postal_code),
            address_1: a.address_1,
            city: a.city,
            county: a.state_province,
            latitude: l.latitude,
            longitude: l.longitude,
            accessibility: l.accessibility.into_iter().find_map(|x| x.description),
        });
    }
    let (mut categories, mut needs) = (vec![], vec![]);
    for a in &s.attributes {
        match a.taxonomy_term_id.or(a.taxonomy_term.as_ref().map(|t| t.id)).and_then(taxonomy::term)
        {
            Some(taxonomy::Term::Category(c)) if !categories.contains(&c) => categories.push(c),
            Some(taxonomy::Term::Need(n)) if !needs.contains(&n) => needs.push(n),
            _ => {}
        }
    }
    Ok(LocalOfferService {
        id: s.id,
        council,
        provider,
        name: s.name,
        description: s.description.unwrap_or_default(),
        status: s.status,
        online,
        locations,
        minimum_age,
        maximum_age,
        needs,
        categories,
        cost_options: s
            .cost_options
            .into_iter()
            .map(|c| lo::CostOption {
                id: c.id,
                option: c.option.unwrap_or_default(),
                amount: c.amount,
            })
            .collect(),
        contacts: s
            .contacts
            .into_iter()
            .map(|c| lo::Contact {
                id: c.id,
                name: c.name,
                email: c.email,
                phone: c.phones.into_iter().next().map(|p| p.number),
            })
            .collect(),
        schedules: s
            .schedules
            .into_iter()
            .map(|h| lo::OpeningSchedule {
                id: h.id,
                byday: h.byday,
                opens_at: h.opens_at,
                closes_at: h.closes_at,
                description: h.description.unwrap_or_default(),
            })
            .collect(),
        url: s.url,
        email: s.email,
        eligibility: s.eligibility_description,
        accessibility: None,
        languages: s
            .languages
            .into_iter()
            .map(|l| l.name)
            .filter(|n| !n.trim().is_empty())
            .collect(),
        reviewed_on: s.assured_date,
        last_modified: s.last_modified.unwrap_or(now),
        published: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sendcase_domain::local_offer::synthetic::services;

    #[test]
    fn a_service_survives_the_round_trip() {
        for s in services(45, uuid::Uuid::nil(), jiff::civil::date(2026, 6, 1)) {
            let json = serde_json::to_string(&service(&s, Detail::Full)).unwrap();
            let back = local_offer_service(
                serde_json::from_str(&json).unwrap(),
                s.council,
                jiff::Timestamp::now(),
            )
            .unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn only_web_addresses_are_taken_as_a_service_s_website() {
        let s = services(1, uuid::Uuid::nil(), jiff::civil::date(2026, 6, 1)).remove(0);
        for bad in
            ["javascript:alert(1)", "data:text/html,<script>x</script>", "JavaScript:x", "https://"]
        {
            let mut oruk = service(&s, Detail::Full);
            oruk.url = Some(bad.into());
            let refused =
                local_offer_service(oruk, uuid::Uuid::nil(), jiff::Timestamp::now()).unwrap_err();
            assert!(refused.contains("`url` must be a web address"), "{bad}: {refused}");
        }
    }

    #[test]
    fn optional_members_are_left_out_not_null() {
        let mut s = services(1, uuid::Uuid::nil(), jiff::civil::date(2026, 6, 1)).remove(0);
        s.url = None;
        s.cost_options.clear();
        let json = serde_json::to_value(service(&s, Detail::Full)).unwrap();
        assert!(json.get("url").is_none() && json.get("cost_options").is_none());
        assert!(!json.to_string().contains("null"));
    }
}
