//! The search's rules, on the synthetic Local Offer and on entries made to say one thing.

use super::*;
use crate::local_offer::synthetic::services;
use jiff::civil::date;

fn index() -> SearchIndex {
    SearchIndex::build(services(400, Uuid::nil(), date(2026, 6, 1)))
}

fn names(ix: &SearchIndex, q: &SearchQuery) -> Vec<String> {
    ix.search(q).iter().map(|h| ix.service(h.doc).name.clone()).collect()
}

#[test]
fn search_narrows_and_every_word_must_match() {
    let ix = index();
    let all = ix.search(&SearchQuery::default()).len();
    let autism = names(&ix, &SearchQuery { text: "autism".into(), ..Default::default() });
    let autism_swim =
        names(&ix, &SearchQuery { text: "autism swimming".into(), ..Default::default() });
    assert!(all == 400 && !autism.is_empty() && autism.len() < all);
    assert!(!autism_swim.is_empty() && autism_swim.len() < autism.len(), "{autism_swim:?}");
    assert!(autism_swim.iter().all(|n| autism.contains(n)));
}

#[test]
fn a_typo_still_finds_the_service_and_names_rank_first() {
    let ix = index();
    let typo = names(&ix, &SearchQuery { text: "speach therapy".into(), ..Default::default() });
    let right = names(&ix, &SearchQuery { text: "speech therapy".into(), ..Default::default() });
    assert_eq!(typo, right);
    let hits = ix.search(&SearchQuery { text: "autism".into(), ..Default::default() });
    let first = ix.service(hits[0].doc);
    assert!(first.name.to_lowercase().contains("autis"), "{}", first.name);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let (total, top) =
        ix.search_top(&SearchQuery { text: "autism".into(), ..Default::default() }, 7);
    assert_eq!((total, top.as_slice()), (hits.len(), &hits[..7]));
}

#[test]
fn filters_narrow_by_need_provision_age_cost_and_distance() {
    let ix = index();
    let q = SearchQuery {
        needs: vec![NeedType::Hi],
        categories: vec![Schedule2Category::Leisure],
        age: Some(8),
        free_only: true,
        ..Default::default()
    };
    let hits = ix.search(&q);
    assert!(!hits.is_empty());
    for h in &hits {
        let s = ix.service(h.doc);
        assert!(
            s.needs.contains(&NeedType::Hi)
                && s.categories.contains(&Schedule2Category::Leisure)
                && s.is_free()
        );
        assert!(s.minimum_age.unwrap_or(0) <= 8 && 8 <= s.maximum_age.unwrap_or(u8::MAX));
    }
    let maidstone = (51.2720, 0.5290);
    let near = ix.search(&SearchQuery {
        near: Some(Near { from: maidstone, within_km: Some(5.0) }),
        ..Default::default()
    });
    assert!(!near.is_empty() && near.len() < ix.len());
    assert!(near.windows(2).all(|w| w[0].distance_km <= w[1].distance_km));
    assert!(near.iter().all(|h| h.distance_km.is_some_and(|d| d <= 5.0)));
}

#[test]
fn open_referral_filters_narrow_by_age_limits_provider_and_sessions() {
    use crate::local_offer::when::{Sessions, day_bit};
    use jiff::civil::time;
    let ix = index();
    let all = ix.search(&SearchQuery::default());
    let only = |q: SearchQuery, keep: &dyn Fn(&LocalOfferService) -> bool| {
        let found: Vec<Uuid> = ix.search(&q).iter().map(|h| ix.service(h.doc).id).collect();
        let expected: Vec<Uuid> =
            all.iter().map(|h| ix.service(h.doc)).filter(|s| keep(s)).map(|s| s.id).collect();
        assert!(!found.is_empty() && found.len() < all.len(), "{q:?}");
        assert_eq!(found, expected, "{q:?}");
    };
    let limits = |min, max| AgeLimits { minimum_at_least: min, maximum_at_most: max };
    only(SearchQuery { age_limits: limits(Some(4.0), None), ..Default::default() }, &|s| {
        s.minimum_age.is_some_and(|a| a >= 4)
    });
    only(SearchQuery { age_limits: limits(None, Some(18.0)), ..Default::default() }, &|s| {
        s.maximum_age.is_some_and(|a| a <= 18)
    });
    let provider = ix.service(0).provider.id;
    only(SearchQuery { provider: Some(provider), ..Default::default() }, &|s| {
        s.provider.id == provider
    });
    let saturday_afternoon = Sessions {
        days: day_bit("SA").unwrap(),
        opens_from: Some(time(13, 0, 0, 0)),
        closes_by: Some(time(18, 0, 0, 0)),
    };
    only(SearchQuery { sessions: Some(saturday_afternoon), ..Default::default() }, &|s| {
        s.schedules.iter().any(|h| {
            h.byday.as_deref().is_some_and(|d| d.contains("SA"))
                && h.opens_at.is_some_and(|o| o >= time(13, 0, 0, 0))
                && h.closes_at.is_some_and(|c| c <= time(18, 0, 0, 0))
        })
    });
}

#[test]
fn a_feed_lists_by_id_which_no_edit_changes() {
    let ix = index();
    let hits = ix.search(&SearchQuery { order: Order::Id, ..Default::default() });
    let keys: Vec<Uuid> = hits.iter().map(|h| ix.service(h.doc).id).collect();
    assert_eq!(keys.len(), ix.len());
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "strictly ordered, so paging is stable");
    let by_name = ix.search(&SearchQuery::default());
    assert_ne!(hits, by_name, "a family browses by name");
}

/// A one-service index whose description says `says`.
fn saying(says: &str) -> SearchIndex {
    let mut s = services(1, Uuid::nil(), date(2026, 6, 1)).remove(0);
    (s.name, s.description, s.needs, s.categories) = ("Club".into(), says.into(), vec![], vec![]);
    s.provider.name = "Provider".into();
    SearchIndex::build(vec![s])
}

#[test]
fn each_word_of_a_synonym_group_finds_a_service_that_says_another() {
    use crate::local_offer::synonyms::GROUPS;
    for group in GROUPS {
        for says in *group {
            let ix = saying(&format!("We offer {says} here."));
            for asked in *group {
                let q = SearchQuery { text: format!("{asked} club"), ..Default::default() };
                assert_eq!(ix.search(&q).len(), 1, "{asked:?} finds a service saying {says:?}");
            }
        }
    }
    let ix = saying("Swimming lessons.");
    let q = SearchQuery { text: "respite".into(), ..Default::default() };
    assert!(ix.search(&q).is_empty(), "a synonym does not match what is not said");
}

#[test]
fn families_words_find_what_providers_call_it() {
    let ix = index();
    let count =
        |text: &str| ix.search(&SearchQuery { text: text.into(), ..Default::default() }).len();
    for (family, provider) in [
        ("respite", "short breaks"),
        ("OT", "occupational therapy"),
        ("SALT", "speech and language therapy"),
        ("speech therapy", "speech and language therapy"),
        ("ASD", "autism"),
        ("autistic spectrum", "autism"),
        ("CAMHS", "mental health"),
        ("physio", "physiotherapy"),
    ] {
        let (asked, said) = (count(family), count(provider));
        assert!(asked > 0 && asked == said, "{family}: {asked}, {provider}: {said}");
    }
    let adhd = saying("Support for children with attention deficit hyperactivity disorder.");
    assert_eq!(adhd.search(&SearchQuery { text: "ADHD".into(), ..Default::default() }).len(), 1);
}

#[test]
fn online_services_are_among_the_nearest_when_asked() {
    let ix = index();
    let maidstone = (51.2720, 0.5290);
    let near = Some(Near { from: maidstone, within_km: Some(30.0) });
    let places = ix.search(&SearchQuery { near, ..Default::default() });
    assert!(places.iter().all(|h| !h.online && !ix.service(h.doc).locations.is_empty()));
    let with_online = ix.search(&SearchQuery { near, online_is_near: true, ..Default::default() });
    let online: Vec<&Hit> = with_online.iter().filter(|h| h.online).collect();
    assert!(!online.is_empty() && online.iter().all(|h| ix.service(h.doc).online));
    assert_eq!(with_online.len(), places.len() + online.len());
    let venues: Vec<Hit> = with_online.iter().filter(|h| !h.online).copied().collect();
    assert_eq!(venues, places, "venues keep their order");
    assert!(with_online[0].online, "the first is online, then one in four");
    let q = SearchQuery { near, online_is_near: true, ..Default::default() };
    assert_eq!(ix.search_top(&q, 20).1, with_online[..20], "a page is the same as the whole");
    // Until the venues run out; the online services left come after them.
    let last_venue = with_online.iter().rposition(|h| !h.online).unwrap();
    for (i, h) in with_online.iter().enumerate().take(last_venue) {
        assert_eq!(h.online, i % ONLINE_ONE_IN == 0, "{i}");
    }
}

#[test]
fn distances_follow_the_great_circle() {
    // Maidstone to Canterbury is about 39 km as the crow flies.
    let d = distance_km((51.2720, 0.5290), (51.2802, 1.0789));
    assert!((d - 38.3).abs() < 1.0, "{d}");
}

#[test]
fn words_remembered_find_what_they_found_the_first_time_even_once_the_memory_starts_again() {
    let ix = index();
    let q = |text: &str| SearchQuery { text: text.into(), ..Default::default() };
    let first = names(&ix, &q("speach therapy"));
    assert_eq!(names(&ix, &q("speach therapy")), first, "remembered");
    for n in 0..=EXPANSIONS_KEPT {
        ix.expand(&format!("word{n}"));
    }
    assert!(ix.expanded.read().unwrap().len() < EXPANSIONS_KEPT, "the memory started again");
    assert_eq!(names(&ix, &q("speach therapy")), first, "measured again");
}
