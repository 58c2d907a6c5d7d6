//! Open Referral UK as a consuming directory uses it: every filter the HSDS 3.0 API and the UK
//! profile define narrows to exactly the services it names (checked against the services loaded,
//! and against the validator's schemas), a parameter the API does not take is refused by name,
//! and a consumer paging through everything while officers edit misses nothing, then pulls only
//! what changed.

use crate::TestApp;
use crate::fixtures::meta;
use crate::local_offer::{assert_valid, assert_valid_page, load, validator};
use crate::on_both_backends;
use axum::http::StatusCode;
use jiff::civil::time;
use sendcase_domain::local_offer::synthetic::services;
use sendcase_domain::local_offer::{LocalOfferService, NeedType, search::distance_km};
use serde_json::Value;
use std::collections::BTreeSet;
use uuid::Uuid;

on_both_backends!(
    every_filter_narrows_to_exactly_what_it_names,
    a_parameter_the_api_does_not_take_is_refused_by_name,
    a_consumer_paging_through_everything_misses_nothing_then_pulls_only_changes,
    organizations_list_their_services,
);

/// The `key` of each item of `list`.
fn uuids(list: &Value, key: &str) -> BTreeSet<Uuid> {
    list.as_array().unwrap().iter().map(|s| s[key].as_str().unwrap().parse().unwrap()).collect()
}

/// Every id `path` lists, through pages of 1,000 (more than any test loads).
async fn ids(app: &TestApp, path: &str) -> BTreeSet<Uuid> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let page = app.get(&format!("{path}{sep}per_page=1000"), &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    let page = page.json();
    assert_valid(&validator("service_list.json"), &page, path);
    assert_eq!(page["total_pages"], 1);
    uuids(&page["contents"], "id")
}

async fn every_filter_narrows_to_exactly_what_it_names(app: TestApp) {
    let (_, all) = load(&app).await;
    let public: Vec<&LocalOfferService> =
        all.iter().filter(|s| s.is_public(sendcase_web::today())).collect();
    let expect = |keep: &dyn Fn(&LocalOfferService) -> bool| -> BTreeSet<Uuid> {
        public.iter().filter(|s| keep(s)).map(|s| s.id).collect()
    };
    let maidstone = (51.2741, 0.5226);
    let provider = public[3].provider.id;
    let speech = sendcase_oruk::taxonomy::need_term_id(NeedType::Slcn);
    let session = |s: &LocalOfferService, day: &str, from: Option<u8>, by: Option<u8>| {
        s.schedules.iter().any(|h| {
            h.byday.as_deref().is_some_and(|d| day.is_empty() || d.contains(day))
                && from.is_none_or(|f| h.opens_at.is_some_and(|o| o >= time(f as i8, 0, 0, 0)))
                && by.is_none_or(|b| h.closes_at.is_some_and(|c| c <= time(b as i8, 0, 0, 0)))
        })
    };
    let cases: Vec<(String, BTreeSet<Uuid>)> = vec![
        ("minimum_age=4".into(), expect(&|s| s.minimum_age.is_some_and(|a| a >= 4))),
        ("maximum_age=18".into(), expect(&|s| s.maximum_age.is_some_and(|a| a <= 18))),
        (
            "minimum_age=2&maximum_age=18".into(),
            expect(&|s| {
                s.minimum_age.is_some_and(|a| a >= 2) && s.maximum_age.is_some_and(|a| a <= 18)
            }),
        ),
        ("day=SA".into(), expect(&|s| session(s, "SA", None, None))),
        ("day=saturday&start_time=13:00".into(), expect(&|s| session(s, "SA", Some(13), None))),
        ("start_time=15:00".into(), expect(&|s| session(s, "", Some(15), None))),
        ("end_time=12:00".into(), expect(&|s| session(s, "", None, Some(12)))),
        ("day=TU&end_time=15:00:00".into(), expect(&|s| session(s, "TU", None, Some(15)))),
        (format!("organization_id={provider}"), expect(&|s| s.provider.id == provider)),
        (format!("taxonomy_term_id={speech}"), expect(&|s| s.needs.contains(&NeedType::Slcn))),
        (
            "postcode=ME14%201XQ&proximity=5000".into(),
            expect(&|s| {
                s.locations
                    .iter()
                    .filter_map(|l| l.coordinates())
                    .any(|p| distance_km(maidstone, p) <= 5.0)
            }),
        ),
        ("search=swimming".into(), expect(&|s| s.name.to_lowercase().contains("swimming"))),
    ];
    let everything = ids(&app, "/openreferral/services").await;
    assert_eq!(everything, expect(&|_| true));
    let with_needs =
        format!("/openreferral/services?taxonomy_id={}", sendcase_oruk::taxonomy::NEED_TAXONOMY);
    assert_eq!(ids(&app, &with_needs).await, expect(&|s| !s.needs.is_empty()));
    let unknown = format!("/openreferral/services?taxonomy_id={}", Uuid::nil());
    assert!(ids(&app, &unknown).await.is_empty());
    for (filter, expected) in cases {
        assert!(!expected.is_empty() && expected.len() < public.len(), "{filter} must narrow");
        let path = format!("/openreferral/services?{filter}");
        assert_eq!(ids(&app, &path).await, expected, "{filter}");
        let sal = app
            .get(&format!("/openreferral/service_at_locations?{filter}&per_page=1000"), &[])
            .await;
        assert_eq!(sal.status, StatusCode::OK, "{filter}");
        let sal = sal.json();
        assert_valid(&validator("service_at_location_list.json"), &sal, &filter);
        if filter.contains("proximity") {
            for place in sal["contents"].as_array().unwrap() {
                let (lat, lon) = (&place["location"]["latitude"], &place["location"]["longitude"]);
                let at = lat.as_f64().zip(lon.as_f64()).expect("a place with coordinates");
                assert!(distance_km(maidstone, at) <= 5.0, "only places within it: {place}");
            }
        }
        assert_eq!(
            uuids(&sal["contents"], "service_id"),
            expected,
            "service_at_locations?{filter}"
        );
    }
    // Filters combine: each narrows what the others left.
    let both =
        ids(&app, &format!("/openreferral/services?day=SA&organization_id={provider}")).await;
    let day = ids(&app, "/openreferral/services?day=SA").await;
    assert!(both.iter().all(|id| day.contains(id)) && both.len() < day.len());

    // A full list carries each service whole, valid as the one-service schema says.
    let full = app.get("/openreferral/services?full=true&per_page=3&day=SA", &[]).await.json();
    let one = validator("service.json");
    for s in full["contents"].as_array().unwrap() {
        assert!(s["schedules"].as_array().is_some_and(|h| !h.is_empty()), "{s}");
        assert_valid(&one, s, "services?full=true");
    }
    let minimal = app.get("/openreferral/services?minimal=true&per_page=1000", &[]).await.json();
    let first = &minimal["contents"][0];
    assert_eq!(first.as_object().unwrap().len(), 2, "only id and last_modified: {first}");
    assert!(first["last_modified"].as_str().unwrap().parse::<jiff::Timestamp>().is_ok());
    assert_eq!(minimal["total_items"].as_u64().unwrap() as usize, public.len());
}

async fn a_parameter_the_api_does_not_take_is_refused_by_name(app: TestApp) {
    load(&app).await;
    let refused = [
        ("/openreferral/services?age=7", "`age`"),
        ("/openreferral/services?search=swim&min_age=3", "`min_age`"),
        ("/openreferral/services?minimum_age=seven", "`minimum_age`"),
        ("/openreferral/services?maximum_age=-1", "`maximum_age`"),
        ("/openreferral/services?day=Funday", "`day`"),
        ("/openreferral/services?start_time=25:00", "`start_time`"),
        ("/openreferral/services?end_time=noon", "`end_time`"),
        ("/openreferral/services?proximity=5000", "`proximity`"),
        ("/openreferral/services?postcode=ZZ1", "`postcode`"),
        ("/openreferral/services?organization_id=42", "`organization_id`"),
        ("/openreferral/services?modified_after=yesterday", "`modified_after`"),
        ("/openreferral/services?format=ndjson", "`format`"),
        ("/openreferral/services?full=yes", "`full`"),
        ("/openreferral/services?minimal=1", "`minimal`"),
        ("/openreferral/service_at_locations?minimal=true", "`minimal`"),
        ("/openreferral/taxonomies?minimum_age=3", "`minimum_age`"),
        ("/openreferral/taxonomy_terms?top_only=maybe", "`top_only`"),
        ("/openreferral/organizations?day=MO", "`day`"),
        ("/openreferral/organizations?full_service=please", "`full_service`"),
    ];
    for (path, named) in refused {
        let answer = app.get(path, &[]).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        let message = answer.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(named), "{path}: {message}");
    }
    let service =
        app.get("/openreferral/services?per_page=1", &[]).await.json()["contents"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let one = app.get(&format!("/openreferral/services/{service}?search=x"), &[]).await;
    assert_eq!(one.status, StatusCode::BAD_REQUEST);
    assert!(one.body.contains("`search`"), "{}", one.body);
    for fine in [
        "/openreferral/services?format=json&full=false&minimal=false",
        "/openreferral/taxonomy_terms?top_only=true",
        "/openreferral/taxonomies?search=need",
    ] {
        assert_eq!(app.get(fine, &[]).await.status, StatusCode::OK, "{fine}");
    }
    let parented = format!("/openreferral/taxonomy_terms?parent_id={}", Uuid::nil());
    assert_eq!(app.get(&parented, &[]).await.json()["total_items"], 0, "no term has a parent");
}

/// Each page's services: id and when each last changed.
async fn page(app: &TestApp, path: &str) -> (Vec<(Uuid, jiff::Timestamp)>, bool) {
    let page = app.get(path, &[]).await.json();
    let items = page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().parse().unwrap(),
                s["last_modified"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    (items, page["last_page"].as_bool().unwrap())
}

async fn a_consumer_paging_through_everything_misses_nothing_then_pulls_only_changes(app: TestApp) {
    let (kent, all) = load(&app).await;
    let today = sendcase_web::today();
    let public: BTreeSet<Uuid> = all.iter().filter(|s| s.is_public(today)).map(|s| s.id).collect();
    // The consumer notes when its pull starts; officers' saves are stamped after it.
    let started =
        all.iter().map(|s| s.last_modified).max().unwrap() + jiff::SignedDuration::from_secs(1);
    let mut stamp = started;
    let mut edit = |s: &LocalOfferService, name: &str| {
        stamp += jiff::SignedDuration::from_secs(1);
        LocalOfferService { name: name.to_owned(), last_modified: stamp, ..s.clone() }
    };
    let feed = "/openreferral/services?modified_after=2000-01-01T00:00:00Z&per_page=7";
    let (mut seen, mut number, mut edited) = (vec![], 1, vec![]);
    loop {
        let (items, last) = page(&app, &format!("{feed}&page={number}")).await;
        seen.extend(items);
        if number == 2 {
            // While the consumer pages, one service already read and one not yet read are renamed
            // (which would move both in a list by name or by when they changed), and one is added.
            let read = all.iter().find(|s| s.id == seen[0].0).unwrap();
            let unread = all
                .iter()
                .rev()
                .find(|s| public.contains(&s.id) && !seen.iter().any(|(id, _)| *id == s.id))
                .unwrap();
            let mut added = services(1, kent, today).remove(0);
            added.id = Uuid::new_v4();
            let changed = [
                edit(read, "Aardvark club"),
                edit(unread, "Aaron's club"),
                edit(&added, "Zebra club"),
            ];
            app.store.put_local_offer_services(&changed, &meta()).await.unwrap();
            app.state.local_offer.invalidate();
            edited.extend(changed.iter().map(|s| s.id));
        }
        if last {
            break;
        }
        number += 1;
    }
    let got: Vec<Uuid> = seen.iter().map(|(id, _)| *id).collect();
    // A service added before the consumer's place pushes the rest on, so one may come twice.
    assert!(got.windows(2).all(|w| w[0] <= w[1]), "in id order");
    assert!(public.iter().all(|id| got.contains(id)), "no service skipped");
    assert!(got.contains(&edited[1]), "one changed before it was read is read as changed");
    let read_changed = seen.iter().find(|(id, _)| *id == edited[1]).unwrap().1;
    assert!(read_changed > started);

    // The next pull asks for what changed since the last one started, whatever was read of it.
    let since = format!("/openreferral/services?modified_after={started}&per_page=2");
    let mut changed = BTreeSet::new();
    for number in 1.. {
        let (items, last) = page(&app, &format!("{since}&page={number}")).await;
        changed.extend(items.iter().map(|(id, _)| *id));
        if last {
            break;
        }
    }
    assert_eq!(changed, edited.iter().copied().collect::<BTreeSet<_>>());
}

async fn organizations_list_their_services(app: TestApp) {
    let (_, all) = load(&app).await;
    let today = sendcase_web::today();
    let list = app.get("/openreferral/organizations?per_page=100", &[]).await.json();
    let providers: BTreeSet<Uuid> =
        all.iter().filter(|s| s.is_public(today)).map(|s| s.provider.id).collect();
    let listed: Vec<&Value> = list["contents"].as_array().unwrap().iter().collect();
    assert_eq!(listed.len(), providers.len());
    assert!(listed.iter().all(|o| o.get("services").is_none()), "a list carries own fields only");
    let names: Vec<&str> = listed.iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "by name");
    let autism = app.get("/openreferral/organizations?search=autism", &[]).await.json();
    assert_eq!(autism["contents"][0]["name"], "Kent Autism Family Network");
    assert_eq!(autism["total_items"], 1);

    let id = listed[0]["id"].as_str().unwrap();
    let one = app.get(&format!("/openreferral/organizations/{id}"), &[]).await.json();
    assert_valid(&validator("organization.json"), &one, "organizations/{id}");
    let theirs = ids(&app, &format!("/openreferral/services?organization_id={id}")).await;
    assert_eq!(uuids(&one["services"], "id"), theirs);
    assert!(one["services"][0].get("schedules").is_none());
    let full =
        app.get(&format!("/openreferral/organizations/{id}?full_service=true"), &[]).await.json();
    assert_valid(&validator("organization.json"), &full, "organizations/{id}?full_service=true");
    assert!(full["services"][0]["schedules"].as_array().is_some_and(|h| !h.is_empty()));
    let nested_list = app.get("/openreferral/organizations?full=true&per_page=2", &[]).await.json();
    assert_valid_page("organization_list.json", &nested_list, "organizations?full=true");
    assert!(nested_list["contents"][0]["services"].as_array().is_some_and(|s| !s.is_empty()));
    assert_eq!(
        app.get(&format!("/openreferral/organizations/{}", Uuid::nil()), &[]).await.status,
        StatusCode::NOT_FOUND
    );
}
