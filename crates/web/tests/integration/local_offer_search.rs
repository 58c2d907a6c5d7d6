//! The public search as a family uses it: their words find what providers call it, a service
//! that gives no cost is not called free, and services online or by phone are among those near
//! a postcode, marked as such.

use crate::TestApp;
use crate::local_offer::{found, load};
use crate::on_both_backends;
use axum::http::StatusCode;
use sendcase_domain::local_offer::Cost;

on_both_backends!(
    families_words_find_what_providers_call_it,
    a_service_is_free_only_when_it_says_so,
    online_services_are_among_the_nearest_and_marked,
);

async fn count(app: &TestApp, query: &str) -> usize {
    let page = app.get(&format!("/local-offer?{query}"), &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{query}");
    found(&page.body)
}

async fn families_words_find_what_providers_call_it(app: TestApp) {
    load(&app).await;
    for (family, provider) in [
        ("respite", "short+breaks"),
        ("OT", "occupational+therapy"),
        ("SALT", "speech+and+language+therapy"),
        ("speech+therapy", "speech+and+language+therapy"),
        ("ASD", "autism"),
        ("autistic+spectrum", "autism"),
    ] {
        let (asked, said) = (
            count(&app, &format!("q={family}")).await,
            count(&app, &format!("q={provider}")).await,
        );
        assert!(asked > 0 && asked == said, "{family}: {asked}, {provider}: {said}");
    }
    // A synonym combines with other words and filters like any word.
    let narrower = count(&app, "q=respite+Saturday").await;
    assert!(narrower > 0 && narrower < count(&app, "q=respite").await);
    let page = app.get("/local-offer?q=respite", &[]).await;
    assert!(page.body.contains("short breaks"), "{}", page.body);
}

async fn a_service_is_free_only_when_it_says_so(app: TestApp) {
    let (_, all) = load(&app).await;
    let today = sendcase_web::today();
    let public = || all.iter().filter(|s| s.is_public(today));
    let unsaid = public().find(|s| s.cost_options.is_empty()).expect("one gives no cost");
    let free = public().find(|s| s.cost() == Cost::Free).expect("one says it is free");
    let page = app.get(&format!("/local-offer/services/{}", unsaid.id), &[]).await;
    assert!(page.body.contains("Cost not given") && !page.body.contains(">Free<"), "{}", page.body);
    let page = app.get(&format!("/local-offer/services/{}", free.id), &[]).await;
    assert!(page.body.contains(">Free<"), "{}", page.body);
    let named = format!("q={}", unsaid.name.replace(' ', "+"));
    assert_eq!(count(&app, &format!("{named}&cost=free")).await, 0, "not given is not free");
    let (free_autism, autism) =
        (count(&app, "q=autism&cost=free").await, count(&app, "q=autism").await);
    assert!(free_autism > 0 && free_autism < autism);
    let listing = app.get(&format!("/local-offer?{named}"), &[]).await;
    assert!(listing.body.contains("Cost not given"));
}

async fn online_services_are_among_the_nearest_and_marked(app: TestApp) {
    let (_, all) = load(&app).await;
    let today = sendcase_web::today();
    let near = app.get("/local-offer?postcode=ME14+1XQ&distance=3", &[]).await;
    assert_eq!(near.status, StatusCode::OK);
    let online: Vec<&str> = all
        .iter()
        .filter(|s| s.is_public(today) && s.online && s.locations.is_empty())
        .map(|s| s.name.as_str())
        .collect();
    assert!(!online.is_empty());
    let results = &near.body[near.body.find("id=\"results\"").unwrap()..];
    let first_online =
        online.iter().filter_map(|n| results.find(n)).min().expect("on the first page");
    let marked = &results[first_online..];
    assert!(marked[..marked.find("</li>").unwrap()].contains("Online or by phone"));
    assert!(results.contains("miles away"), "with the venues near the postcode");
    let api = app.get("/openreferral/services?postcode=ME14+1XQ&proximity=4828", &[]).await.json();
    let venues_only = api["total_items"].as_u64().unwrap() as usize;
    assert!(found(&near.body) > venues_only, "the API's proximity keeps to places");
}
