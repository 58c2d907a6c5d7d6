//! The Local Offer: public search that narrows, services that fail data quality kept out of view,
//! the reg 56 feedback loop, and every Open Referral UK endpoint validated against the ORUK
//! validator's own V3.0-UK schemas on its first, middle and last pages.

use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, meta, organisation, user};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::local_offer::LocalOfferService;
use sendcase_domain::local_offer::synthetic::{PLACES, services};
use sendcase_domain::people::roles::{OrganisationKind, Role};
use serde_json::Value;
use uuid::Uuid;

on_both_backends!(
    search_narrows_and_pages_are_shareable,
    services_failing_data_quality_are_not_shown,
    every_openreferral_endpoint_matches_the_validator_schemas,
    feedback_is_answered_and_published_anonymously,
    a_council_keeps_only_its_own_local_offer,
    two_officers_saving_one_service_lose_nothing,
);

const SERVICES: usize = 120;

/// Kent, and its Local Offer.
pub async fn load(app: &TestApp) -> (Uuid, Vec<LocalOfferService>) {
    let kent = council(app, "Kent County Council", "886").await;
    let all = services(SERVICES, kent, sendcase_web::today());
    app.store.put_local_offer_services(&all, &meta()).await.unwrap();
    let postcodes: Vec<(String, f64, f64)> =
        PLACES.iter().map(|(_, c, lat, lon)| ((*c).to_owned(), *lat, *lon)).collect();
    app.store.put_postcodes(&postcodes, &meta()).await.unwrap();
    (kent, all)
}

async fn council(app: &TestApp, name: &str, code: &str) -> Uuid {
    organisation(app, OrganisationKind::LocalAuthority, name, Some(code), None, None).await
}

pub fn found(body: &str) -> usize {
    let start =
        body.find("id=\"results\">").expect("a count of services") + "id=\"results\">".len();
    body[start..].split(' ').next().unwrap().parse().unwrap()
}

async fn search_narrows_and_pages_are_shareable(app: TestApp) {
    load(&app).await;
    let all = app.get("/local-offer", &[]).await;
    assert_eq!(all.status, StatusCode::OK);
    let autism = app.get("/local-offer?q=autism", &[]).await;
    let narrower = app.get("/local-offer?q=autism+swimming&age=9", &[]).await;
    let typo = app.get("/local-offer?q=autsim+swiming&age=9", &[]).await;
    let (n_all, n_autism, n_narrower) =
        (found(&all.body), found(&autism.body), found(&narrower.body));
    assert!(
        n_all > n_autism && n_autism > n_narrower && n_narrower > 0,
        "{n_all} {n_autism} {n_narrower}"
    );
    assert_eq!(found(&typo.body), n_narrower, "a typo still finds the same services");
    assert!(narrower.body.contains("Autism-friendly swimming sessions"));
    let near = app.get("/local-offer?postcode=me141xq&distance=3", &[]).await;
    assert!(found(&near.body) < n_all && near.body.contains("miles away"), "{}", near.body);
    let page2 = app.get("/local-offer?page=2", &[]).await;
    assert!(page2.body.contains("aria-current=\"page\">2</a>"));
    let bad = app.get("/local-offer?postcode=ZZ99+9ZZ&age=x", &[]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("href=\"#postcode\"") && bad.body.contains("href=\"#age\""));
}

async fn services_failing_data_quality_are_not_shown(app: TestApp) {
    let (la, all) = load(&app).await;
    let never_reviewed =
        all.iter().find(|s| s.reviewed_on.is_none()).expect("the generator leaves some unreviewed");
    let mut no_contact = all[0].clone();
    no_contact.contacts.clear();
    no_contact.email = None;
    app.store.put_local_offer_services(&[no_contact.clone()], &meta()).await.unwrap();
    for s in [never_reviewed, &no_contact] {
        assert_eq!(
            app.get(&format!("/local-offer/services/{}", s.id), &[]).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&format!("/openreferral/services/{}", s.id), &[]).await.status,
            StatusCode::NOT_FOUND
        );
    }
    let shown = &all[1];
    let page = app.get(&format!("/local-offer/services/{}", shown.id), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&shown.name));
    // The LA sees what is due and why it cannot be shown.
    user(&app, "caseworker@example.org", Role::LaCaseworker, Some(la)).await;
    let session = app.sign_in("caseworker@example.org", PASSWORD).await;
    let manage = app.get("/local-offer/manage", &[("cookie", &session)]).await;
    assert_eq!(manage.status, StatusCode::OK);
    assert!(manage.body.contains("Confirm the information has been reviewed"), "{}", manage.body);

    let edit = format!("/local-offer/manage/services/{}", shown.id);
    let form = app.get(&edit, &[("cookie", &session)]).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = hidden_csrf(&form.body);
    let refused = app
        .post_form(
            &edit,
            &session,
            &[
                ("csrf_token", &csrf),
                ("name", "Renamed"),
                ("description", ""),
                ("address_1", ""),
                ("postcode", ""),
                ("published", "yes"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["description", "categories", "address_1", "contact_email"] {
        assert!(refused.body.contains(&format!("href=\"#{field}\"")), "{field}: {}", refused.body);
    }
    assert_eq!(
        app.get(&format!("/local-offer/services/{}", shown.id), &[]).await.status,
        StatusCode::OK,
        "a refused edit changes nothing"
    );
    let saved = app
        .post_form(
            &edit,
            &session,
            &[
                ("csrf_token", &csrf),
                ("name", "Renamed swimming club"),
                ("description", "Swimming for all."),
                ("categories", "leisure"),
                ("categories", "health"),
                ("needs", "ASD"),
                ("address_1", "1 High Street"),
                ("city", "Maidstone"),
                ("postcode", "me14 1xq"),
                ("contact_email", "swim@example.org"),
                ("reviewed", "yes"),
                ("published", "yes"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.get(&format!("/local-offer/services/{}", shown.id), &[]).await;
    assert!(
        page.body.contains("Renamed swimming club") && page.body.contains("ME14 1XQ"),
        "{}",
        page.body
    );
    let school =
        organisation(&app, OrganisationKind::School, "Oakfield", None, Some("990101"), Some(la))
            .await;
    user(&app, "senco@example.org", Role::Senco, Some(school)).await;
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assert_eq!(
        app.get(&edit, &[("cookie", &senco)]).await.status,
        StatusCode::NOT_FOUND,
        "a provider edits only its own services"
    );

    // A provider adds a service of its own; it is shown once it passes every rule.
    let start = app.get("/local-offer/manage/services/new", &[("cookie", &senco)]).await;
    let fresh =
        start.headers.get("location").expect("a new service's form").to_str().unwrap().to_owned();
    let blank = app.get(&fresh, &[("cookie", &senco)]).await;
    assert_eq!(blank.status, StatusCode::OK, "{}", blank.body);
    let added = app
        .post_form(
            &fresh,
            &senco,
            &[
                ("csrf_token", &hidden_csrf(&blank.body)),
                ("name", "Oakfield sensory room"),
                ("description", "Quiet sensory sessions after school."),
                ("categories", "leisure"),
                ("needs", "ASD"),
                ("address_1", "Oakfield Primary"),
                ("city", "Maidstone"),
                ("postcode", "ME14 1XQ"),
                ("contact_phone", "01632 960333"),
                ("reviewed", "yes"),
                ("published", "yes"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let id = fresh.rsplit('/').next().unwrap();
    let page = app.get(&format!("/local-offer/services/{id}"), &[]).await;
    assert!(
        page.body.contains("Oakfield sensory room") && page.body.contains("Oakfield"),
        "{}",
        page.body
    );
    assert_eq!(
        app.get(&fresh, &[("cookie", &session)]).await.status,
        StatusCode::OK,
        "the LA may edit any service"
    );
}

/// The ORUK validator's schema for an endpoint, from the copy in `tests/standards` (see its SOURCES.csv).
pub fn validator(file: &str) -> jsonschema::Validator {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/standards/oruk-validator-V3.0-UK");
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

pub fn assert_valid(v: &jsonschema::Validator, body: &Value, what: &str) {
    let errors: Vec<String> =
        v.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// A list endpoint's page against the validator's list schema, which describes the page
/// (`contents`) except organization_list.json, which describes one item of it.
pub fn assert_valid_page(file: &str, page: &Value, what: &str) {
    let v = validator(file);
    // An item schema requires an id, so an empty page does not pass it.
    match v.is_valid(&serde_json::json!({ "contents": [] })) {
        true => assert_valid(&v, page, what),
        false => {
            for (i, item) in page["contents"].as_array().unwrap().iter().enumerate() {
                assert_valid(&v, item, &format!("{what} item {i}"));
            }
        }
    }
}

fn assert_envelope(page: &Value, number: u64) {
    for key in ["total_items", "total_pages", "page_number", "size"] {
        assert!(page[key].is_u64(), "{key} in {page}");
    }
    for key in ["first_page", "last_page", "empty"] {
        assert!(page[key].is_boolean(), "{key}");
    }
    assert_eq!(page["page_number"], number);
    assert_eq!(page["first_page"], number == 1);
    assert_eq!(page["last_page"], number == page["total_pages"].as_u64().unwrap());
}

async fn every_openreferral_endpoint_matches_the_validator_schemas(app: TestApp) {
    load(&app).await;
    let root = app.get("/openreferral/", &[]).await;
    assert_eq!(root.headers["access-control-allow-origin"], "*");
    assert_eq!(root.json()["version"], "HSDS-UK-3.0");
    assert_valid(&validator("api_details.json"), &root.json(), "/");
    let not_a_uuid = serde_json::json!({"id": "42", "name": "x", "status": "open"});
    assert_eq!(
        validator("service.json").iter_errors(&not_a_uuid).count(),
        2,
        "the schemas check formats and enums"
    );
    let lists = [
        ("services", "service_list.json", "service.json", 20),
        ("taxonomies", "taxonomy_list.json", "taxonomy.json", 1),
        ("organizations", "organization_list.json", "organization.json", 5),
        ("taxonomy_terms", "taxonomy_term_list.json", "taxonomy_term.json", 5),
        ("service_at_locations", "service_at_location_list.json", "service_at_location.json", 25),
    ];
    for (path, list_schema, item_schema, per_page) in lists {
        let item_v = validator(item_schema);
        let first = app.get(&format!("/openreferral/{path}?per_page={per_page}"), &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        assert_eq!(first.headers["access-control-allow-origin"], "*");
        let total_pages = first.json()["total_pages"].as_u64().unwrap();
        assert!(total_pages >= 2, "{path} needs several pages to test paging");
        for number in [1, total_pages.div_ceil(2), total_pages] {
            let page = app
                .get(&format!("/openreferral/{path}?per_page={per_page}&page={number}"), &[])
                .await
                .json();
            assert_valid_page(list_schema, &page, &format!("{path} page {number}"));
            assert_envelope(&page, number);
            assert!(!page["contents"].as_array().unwrap().is_empty());
            assert!(!page.to_string().contains("null"), "optional fields are left out, not null");
            for item in page["contents"].as_array().unwrap().iter().take(3) {
                let one = app
                    .get(&format!("/openreferral/{path}/{}", item["id"].as_str().unwrap()), &[])
                    .await;
                assert_eq!(one.status, StatusCode::OK, "{path}/{}", item["id"]);
                assert_valid(&item_v, &one.json(), &format!("{path}/{}", item["id"]));
            }
        }
    }
    let all = app.get("/openreferral/services", &[]).await.json()["total_items"].as_u64().unwrap();
    let autism = app.get("/openreferral/services?search=autism", &[]).await.json()["total_items"]
        .as_u64()
        .unwrap();
    let swim =
        app.get("/openreferral/services?search=autism%20swimming", &[]).await.json()["total_items"]
            .as_u64()
            .unwrap();
    assert!(all > autism && autism > swim && swim > 0, "{all} {autism} {swim}");
    let term = sendcase_oruk::taxonomy::need_term_id(sendcase_domain::local_offer::NeedType::Hi);
    let deaf =
        app.get(&format!("/openreferral/services?taxonomy_term_id={term}"), &[]).await.json();
    assert!(deaf["total_items"].as_u64().unwrap() < all);
    let near =
        app.get("/openreferral/services?postcode=ME14%201XQ&proximity=3000", &[]).await.json();
    assert!(near["total_items"].as_u64().unwrap() < all);
    let later =
        app.get("/openreferral/services?modified_after=2999-01-01T00:00:00Z", &[]).await.json();
    assert_eq!(later["total_items"], 0);
    assert_eq!(app.get("/openreferral/services?page=0", &[]).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get("/openreferral/services/not-a-uuid", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn feedback_is_answered_and_published_anonymously(app: TestApp) {
    let (la, _) = load(&app).await;
    let kent = la.to_string();
    let form = app.get("/local-offer/feedback", &[]).await;
    assert!(form.body.contains(&format!("name=\"council\" value=\"{kent}\"")), "one council");
    let cookie = form.cookies().join("; ");
    let empty = app
        .post_form(
            "/local-offer/feedback",
            &cookie,
            &[("csrf_token", &hidden_csrf(&form.body)), ("council", &kent), ("comment", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("href=\"#about\"") && empty.body.contains("href=\"#comment\""));
    let forged = app
        .post_form(
            "/local-offer/feedback",
            "",
            &[("csrf_token", "x"), ("about", "gaps"), ("comment", "More clubs")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    let form = app.get("/local-offer/feedback", &[]).await;
    let cookie = form.cookies().join("; ");
    let comment = "There are no autism-friendly holiday clubs near Dover";
    let sent = app
        .post_form(
            "/local-offer/feedback",
            &cookie,
            &[
                ("csrf_token", &hidden_csrf(&form.body)),
                ("council", &kent),
                ("about", "gaps"),
                ("comment", comment),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent.body.contains("Thank you for your comment"));
    assert!(
        !app.get("/local-offer/you-said-we-did", &[]).await.body.contains(comment),
        "unanswered comments stay private"
    );

    user(&app, "caseworker@example.org", Role::LaCaseworker, Some(la)).await;
    user(&app, "parent@example.org", Role::Parent, None).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let id = app.store.feedback().await.unwrap()[0].id;
    let path = format!("/local-offer/manage/feedback/{id}");
    let parent_page = app.get("/", &[("cookie", &parent)]).await;
    let refused = app
        .post_form(
            &path,
            &parent,
            &[
                ("csrf_token", &hidden_csrf(&parent_page.body)),
                ("response", "x"),
                ("action_taken", "y"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let session = app.sign_in("caseworker@example.org", PASSWORD).await;
    let manage = app.get("/local-offer/manage", &[("cookie", &session)]).await;
    assert!(manage.body.contains(comment));
    let csrf = hidden_csrf(&manage.body);
    let missing =
        app.post_form(&path, &session, &[("csrf_token", &csrf), ("response", "Thank you")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains(&format!("href=\"#action_taken-{id}\"")));
    let did = "We funded two new holiday clubs in Dover from Easter";
    let answered = app
        .post_form(
            &path,
            &session,
            &[
                ("csrf_token", &csrf),
                ("response", "Thank you"),
                ("action_taken", did),
                ("publish", "yes"),
            ],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let published = app.get("/local-offer/you-said-we-did", &[]).await;
    assert!(published.body.contains(comment) && published.body.contains(did));
}

async fn a_council_keeps_only_its_own_local_offer(app: TestApp) {
    let (kent, all) = load(&app).await;
    let medway = council(&app, "Medway Council", "887").await;
    let mut theirs = services(2, medway, sendcase_web::today());
    for s in &mut theirs {
        s.id = Uuid::new_v4();
    }
    app.store.put_local_offer_services(&theirs, &meta()).await.unwrap();
    user(&app, "kent@example.org", Role::LaCaseworker, Some(kent)).await;
    user(&app, "medway@example.org", Role::LaCaseworker, Some(medway)).await;
    let medway_officer = app.sign_in("medway@example.org", PASSWORD).await;

    // Kent's services, a draft among them, are not Medway's to open or change.
    let mut draft = all[1].clone();
    draft.published = false;
    app.store.put_local_offer_services(&[draft.clone()], &meta()).await.unwrap();
    let own = format!("/local-offer/manage/services/{}", theirs[0].id);
    let own_form = app.get(&own, &[("cookie", &medway_officer)]).await;
    assert_eq!(own_form.status, StatusCode::OK, "{}", own_form.body);
    let csrf = hidden_csrf(&own_form.body);
    for kents in [&all[0], &draft] {
        let edit = format!("/local-offer/manage/services/{}", kents.id);
        let opened = app.get(&edit, &[("cookie", &medway_officer)]).await;
        assert_eq!(opened.status, StatusCode::NOT_FOUND, "{}", kents.name);
        let saved = app
            .post_form(&edit, &medway_officer, &[("csrf_token", &csrf), ("name", "Taken over")])
            .await;
        assert_eq!(saved.status, StatusCode::NOT_FOUND);
        let stored = app.store.local_offer_service(kents.id).await.unwrap().unwrap();
        assert_eq!(stored.name, kents.name, "nothing changed");
    }
    let manage = app.get("/local-offer/manage", &[("cookie", &medway_officer)]).await;
    let kents = |s: &LocalOfferService| manage.body.contains(&s.id.to_string());
    assert!(!all.iter().any(kents), "only Medway's services are listed");

    // Families choose whose Local Offer they comment on; each council sees only its own.
    let form = app.get("/local-offer/feedback", &[]).await;
    assert!(form.body.contains("Kent County Council") && form.body.contains("Medway Council"));
    let cookie = form.cookies().join("; ");
    let send = |council: String, comment: &'static str| {
        let (cookie, csrf) = (cookie.clone(), hidden_csrf(&form.body));
        let app = &app;
        async move {
            let fields = [
                ("csrf_token", csrf.as_str()),
                ("council", &council),
                ("about", "gaps"),
                ("comment", comment),
            ];
            app.post_form("/local-offer/feedback", &cookie, &fields).await
        }
    };
    let unsaid = send(String::new(), "No council chosen").await;
    assert_eq!(unsaid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unsaid.body.contains("href=\"#council\""), "{}", unsaid.body);
    assert_eq!(send(kent.to_string(), "More clubs in Dover").await.status, StatusCode::OK);
    assert_eq!(send(medway.to_string(), "More clubs in Chatham").await.status, StatusCode::OK);
    let manage = app.get("/local-offer/manage", &[("cookie", &medway_officer)]).await;
    assert!(manage.body.contains("More clubs in Chatham"));
    assert!(!manage.body.contains("More clubs in Dover"), "Kent's comment is Kent's");
    let kents_comment =
        app.store.feedback().await.unwrap().into_iter().find(|f| f.council == kent).unwrap();
    let path = format!("/local-offer/manage/feedback/{}", kents_comment.id);
    let csrf = hidden_csrf(&manage.body);
    let answer = [("csrf_token", csrf.as_str()), ("response", "Noted"), ("action_taken", "None")];
    let refused = app.post_form(&path, &medway_officer, &answer).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let stored = app.store.feedback_comment(kents_comment.id).await.unwrap().unwrap();
    assert!(stored.response.is_none(), "Medway cannot answer for Kent");
    let kent_officer = app.sign_in("kent@example.org", PASSWORD).await;
    let kent_manage = app.get("/local-offer/manage", &[("cookie", &kent_officer)]).await;
    let csrf = hidden_csrf(&kent_manage.body);
    let answer = [("csrf_token", csrf.as_str()), ("response", "Noted"), ("action_taken", "None")];
    assert_eq!(app.post_form(&path, &kent_officer, &answer).await.status, StatusCode::SEE_OTHER);
}

/// The edit form's fields for `s` as it is stored, as an officer would send them back.
fn form_of(s: &LocalOfferService) -> Vec<(String, String)> {
    let place = &s.locations[0];
    let contact = &s.contacts[0];
    let mut fields = vec![
        ("name", s.name.clone()),
        ("description", s.description.clone()),
        ("minimum_age", s.minimum_age.map(|a| a.to_string()).unwrap_or_default()),
        ("maximum_age", s.maximum_age.map(|a| a.to_string()).unwrap_or_default()),
        ("address_1", place.address_1.clone()),
        ("city", place.city.clone()),
        ("postcode", place.postcode.clone()),
        ("contact_email", contact.email.clone().unwrap_or_default()),
        ("contact_phone", contact.phone.clone().unwrap_or_default()),
        ("published", "yes".to_owned()),
    ];
    fields.extend(s.categories.iter().map(|c| ("categories", c.code().to_owned())));
    fields.extend(s.needs.iter().map(|n| ("needs", n.code().to_owned())));
    fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

async fn two_officers_saving_one_service_lose_nothing(app: TestApp) {
    let (kent, all) = load(&app).await;
    let service =
        all.iter().find(|s| s.is_public(sendcase_web::today()) && !s.locations.is_empty()).unwrap();
    user(&app, "one@example.org", Role::LaCaseworker, Some(kent)).await;
    user(&app, "two@example.org", Role::LaManager, Some(kent)).await;
    let (one, two) = (
        app.sign_in("one@example.org", PASSWORD).await,
        app.sign_in("two@example.org", PASSWORD).await,
    );
    let edit = format!("/local-offer/manage/services/{}", service.id);
    let opened = app.get(&edit, &[("cookie", &one)]).await;
    assert!(opened.body.contains("name=\"version\" value=\"1\""), "{}", opened.body);
    let csrf_one = hidden_csrf(&opened.body);
    let csrf_two = hidden_csrf(&app.get(&edit, &[("cookie", &two)]).await.body);
    let send = |session: &str, csrf: &str, version: &str, change: &[(&str, &str)]| {
        let mut fields = form_of(service);
        for (k, v) in change {
            fields.retain(|(name, _)| name != k);
            fields.push(((*k).to_owned(), (*v).to_owned()));
        }
        fields.push(("csrf_token".to_owned(), csrf.to_owned()));
        fields.push(("version".to_owned(), version.to_owned()));
        let (app, edit, session) = (&app, edit.clone(), session.to_owned());
        async move {
            let fields: Vec<(&str, &str)> =
                fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_form(&edit, &session, &fields).await
        }
    };

    // Both save at once from version 1, each a different part: both parts stand.
    let (a, b) = tokio::join!(
        send(&one, &csrf_one, "1", &[("name", "Swimming for all")]),
        send(&two, &csrf_two, "1", &[("description", "Every Saturday morning.")]),
    );
    assert_eq!((a.status, b.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    let (newest, stored) =
        app.store.local_offer_service_version(service.id, None).await.unwrap().unwrap();
    assert_eq!((newest, stored.name.as_str()), (3, "Swimming for all"));
    assert_eq!(stored.description, "Every Saturday morning.");

    // The same part changed two ways: the second save is refused with both side by side.
    let first = send(&one, &csrf_one, "3", &[("name", "Swim club")]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let clash = send(&two, &csrf_two, "3", &[("name", "Splash club")]).await;
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
    for shown in
        ["Their version (version 4)", "Name: Swim club", "Name: Splash club", "Keep your version"]
    {
        assert!(clash.body.contains(shown), "{shown}: {}", clash.body);
    }
    assert!(clash.body.contains("name=\"version\" value=\"4\""));
    let stored = app.store.local_offer_service(service.id).await.unwrap().unwrap();
    assert_eq!(stored.name, "Swim club", "nothing saved over theirs");
    let kept = send(&two, &csrf_two, "4", &[("name", "Splash club")]).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
    let stored = app.store.local_offer_service(service.id).await.unwrap().unwrap();
    assert_eq!(stored.name, "Splash club", "keeping their own version over the newest");
}
