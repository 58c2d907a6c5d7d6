//! The officers' tools: the form edits every part of an entry a family sees, and refuses what
//! cannot be stored by naming the field; the manage page lists every service the officer keeps; a family's comment is published redacted
//! while the council keeps what was sent.

use crate::TestApp;
use crate::app::hidden_csrf;
use crate::fixtures::{PASSWORD, user};
use crate::local_offer::load;
use crate::on_both_backends;
use axum::http::StatusCode;
use sendcase_domain::local_offer::Cost;
use sendcase_domain::local_offer::quality::due_for_review;
use sendcase_domain::people::roles::Role;

on_both_backends!(
    the_form_edits_every_part_a_family_sees,
    the_manage_page_lists_every_service_searched_and_filtered,
    a_comment_is_redacted_before_it_is_published_and_the_original_kept,
);

/// Every field of the form, filled in as an officer would.
const FULL: [(&str, &str); 27] = [
    ("name", "Splash club"),
    ("description", "Relaxed swimming for disabled children."),
    ("categories", "leisure"),
    ("needs", "ASD"),
    ("minimum_age", "5"),
    ("maximum_age", "16"),
    ("address_1", "Leisure Centre, Mote Park"),
    ("city", "Maidstone"),
    ("postcode", "ME14 1XQ"),
    ("accessibility", "Pool hoist and a changing place toilet"),
    ("contact_name", "Splash team"),
    ("contact_email", "splash@example.org"),
    ("contact_phone", "01632 960444"),
    ("url", "https://splash.example.org"),
    ("cost_kind", "charges"),
    ("cost_option", "Per swim"),
    ("cost_amount", "2.50"),
    ("days", "TU"),
    ("days", "SA"),
    ("opens_at", "16:00"),
    ("closes_at", "17:30"),
    ("schedule_description", "Term time only"),
    ("eligibility", "Children with an EHC plan living in Maidstone"),
    ("languages", "English, Polish ,"),
    ("reviewed", "yes"),
    ("published", "yes"),
    ("online", "yes"),
];

async fn the_form_edits_every_part_a_family_sees(app: TestApp) {
    let (kent, all) = load(&app).await;
    let service = all.iter().find(|s| s.is_public(sendcase_web::today())).unwrap();
    user(&app, "officer@example.org", Role::LaCaseworker, Some(kent)).await;
    let session = app.sign_in("officer@example.org", PASSWORD).await;
    let edit = format!("/local-offer/manage/services/{}", service.id);
    let form = app.get(&edit, &[("cookie", &session)]).await;
    // The form opens showing what is stored, cost, session and languages among it.
    for shown in
        ["name=\"cost_amount\"", "value=\"SA\"", "name=\"eligibility\"", "value=\"English\""]
    {
        assert!(form.body.contains(shown), "{shown}");
    }
    let csrf = hidden_csrf(&form.body);
    let send = |change: &[(&'static str, &'static str)]| {
        let mut fields: Vec<(&str, &str)> =
            FULL.iter().filter(|(k, _)| !change.iter().any(|(c, _)| c == k)).copied().collect();
        fields.extend(change.iter().filter(|(_, v)| !v.is_empty()));
        fields.push(("csrf_token", &csrf));
        let (app, edit, session) = (&app, edit.clone(), session.clone());
        async move { app.post_form(&edit, &session, &fields).await }
    };
    for (change, field) in [
        (&[("cost_amount", "")][..], "cost_amount"),
        (&[("cost_amount", "two pounds")][..], "cost_amount"),
        (&[("opens_at", "25:00")][..], "opens_at"),
        (&[("closes_at", "15:00")][..], "closes_at"),
        (&[("url", "javascript:alert(1)")][..], "url"),
    ] {
        let refused = send(change).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{change:?}");
        assert!(
            refused.body.contains(&format!("href=\"#{field}\"")),
            "{change:?}: {}",
            refused.body
        );
    }
    assert_eq!(send(&[]).await.status, StatusCode::SEE_OTHER);
    let stored = app.store.local_offer_service(service.id).await.unwrap().unwrap();
    assert_eq!((stored.cost(), stored.cost_options[0].amount), (Cost::Charges, Some(2.5)));
    assert_eq!(stored.languages, ["English", "Polish"]);
    assert_eq!(stored.schedules[0].byday.as_deref(), Some("TU,SA"));
    let page = app.get(&format!("/local-offer/services/{}", service.id), &[]).await;
    for shown in [
        "Per swim: £2.50",
        "Tuesdays, Saturdays, 4:00pm to 5:30pm. Term time only",
        "Children with an EHC plan living in Maidstone",
        "English, Polish",
        "Pool hoist and a changing place toilet",
        "Splash team: 01632 960444 or splash@example.org",
        "https://splash.example.org",
        "5 to 16 years",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    let oruk = app.get(&format!("/openreferral/services/{}", service.id), &[]).await.json();
    assert_eq!(oruk["languages"][1]["name"], "Polish");
    assert_eq!(oruk["cost_options"][0]["amount"], 2.5);

    // Free and not given are answers too: the family is told which.
    assert_eq!(send(&[("cost_kind", "free")]).await.status, StatusCode::SEE_OTHER);
    let page = app.get(&format!("/local-offer/services/{}", service.id), &[]).await;
    assert!(page.body.contains(">Free<"));
    assert_eq!(send(&[("cost_kind", "unknown"), ("days", "")]).await.status, StatusCode::SEE_OTHER);
    let stored = app.store.local_offer_service(service.id).await.unwrap().unwrap();
    assert_eq!(stored.cost(), Cost::NotGiven);
    let page = app.get(&format!("/local-offer/services/{}", service.id), &[]).await;
    assert!(page.body.contains("Cost not given"));
}

/// The count the manage page gives for `query`, and the page's text.
async fn listed(app: &TestApp, session: &str, query: &str) -> (usize, String) {
    let page = app.get(&format!("/local-offer/manage{query}"), &[("cookie", session)]).await;
    assert_eq!(page.status, StatusCode::OK, "{query}");
    let at = page.body.find("id=\"found\">").expect("a count") + "id=\"found\">".len();
    (page.body[at..].split(' ').next().unwrap().parse().unwrap(), page.body)
}

async fn the_manage_page_lists_every_service_searched_and_filtered(app: TestApp) {
    let (kent, all) = load(&app).await;
    let today = sendcase_web::today();
    user(&app, "officer@example.org", Role::LaCaseworker, Some(kent)).await;
    let session = app.sign_in("officer@example.org", PASSWORD).await;
    let (every, body) = listed(&app, &session, "").await;
    assert_eq!(every, all.len(), "every service, not only those due");
    assert!(body.contains(&format!("Services you keep ({})", all.len())));
    assert_eq!(body.matches("/local-offer/manage/services/").count() - 1, 25, "a page at a time");
    let hidden = all.iter().filter(|s| !s.is_public(today)).count();
    assert!(hidden > 0);
    assert_eq!(listed(&app, &session, "?show=hidden").await.0, hidden);
    assert_eq!(listed(&app, &session, "?show=shown").await.0, all.len() - hidden);
    let swimming = all.iter().filter(|s| s.name.to_lowercase().contains("swimming")).count();
    let (found, body) = listed(&app, &session, "?q=Swimming").await;
    assert_eq!(found, swimming);
    assert!(!body.contains("Dyslexia support club"));
    let travel = all.iter().filter(|s| s.categories.iter().any(|c| c.code() == "travel")).count();
    assert_eq!(listed(&app, &session, "?category=travel").await.0, travel);
    let due = all.iter().filter(|s| due_for_review(s, today)).count();
    assert!(due > 0 && due < all.len(), "some due, some not: {due}");
    assert_eq!(listed(&app, &session, "?show=due").await.0, due);
    // Every word is looked for in the name or the provider's, whatever the case; SQL's
    // wildcards in a search are only characters.
    let provider = all[0].provider.name.to_uppercase();
    let word = provider.split_whitespace().next().unwrap();
    let by_provider = all
        .iter()
        .filter(|s| {
            format!("{} {}", s.name, s.provider.name).to_lowercase().contains(&word.to_lowercase())
        })
        .count();
    assert_eq!(listed(&app, &session, &format!("?q={word}")).await.0, by_provider);
    assert_eq!(listed(&app, &session, "?q=%25").await.0, 0);
    assert_eq!(listed(&app, &session, "?q=_").await.0, 0);
    let both = all
        .iter()
        .filter(|s| !s.is_public(today) && s.categories.iter().any(|c| c.code() == "travel"))
        .count();
    assert_eq!(listed(&app, &session, "?show=hidden&category=travel").await.0, both);
    let (_, body) = listed(&app, &session, "?show=shown&page=2").await;
    assert!(
        body.contains("href=\"/local-offer/manage?show=shown&#38;page=3\""),
        "links keep the filters"
    );
    let bad = app.get("/local-offer/manage?page=nought", &[("cookie", &session)]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_comment_is_redacted_before_it_is_published_and_the_original_kept(app: TestApp) {
    let (kent, _) = load(&app).await;
    let sent = "Mrs Patel at Oakfield would not let my son Sam join the holiday club";
    let redacted = "A school would not let my son join the holiday club";
    let form = app.get("/local-offer/feedback", &[]).await;
    let fields = [
        ("csrf_token", hidden_csrf(&form.body)),
        ("council", kent.to_string()),
        ("about", "quality".to_owned()),
        ("comment", sent.to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let cookie = form.cookies().join("; ");
    assert_eq!(
        app.post_form("/local-offer/feedback", &cookie, &fields).await.status,
        StatusCode::OK
    );
    let id = app.store.feedback().await.unwrap()[0].id;

    user(&app, "officer@example.org", Role::LaCaseworker, Some(kent)).await;
    let session = app.sign_in("officer@example.org", PASSWORD).await;
    let manage = app.get("/local-offer/manage", &[("cookie", &session)]).await;
    assert!(manage.body.contains(&format!("name=\"published_comment\" rows=\"3\" aria-describedby=\"published_comment-{id}-hint\">{sent}")));
    let csrf = hidden_csrf(&manage.body);
    let path = format!("/local-offer/manage/feedback/{id}");
    let answer = |published: &'static str| {
        let fields = [
            ("csrf_token", csrf.as_str()),
            ("response", "Thank you for telling us"),
            ("action_taken", "We spoke to the school about including every child"),
            ("published_comment", published),
            ("publish", "yes"),
        ];
        let (app, path, session) = (&app, path.clone(), session.clone());
        async move { app.post_form(&path, &session, &fields).await }
    };
    let blank = answer("  ").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains(&format!("href=\"#published_comment-{id}\"")), "{}", blank.body);
    assert_eq!(answer(redacted).await.status, StatusCode::SEE_OTHER);

    let public = app.get("/local-offer/you-said-we-did", &[]).await;
    assert!(public.body.contains(redacted) && !public.body.contains("Patel"), "{}", public.body);
    let kept = app.store.feedback_comment(id).await.unwrap().unwrap();
    assert_eq!(kept.comment, sent, "the comment as sent is kept");
    assert_eq!(kept.response.unwrap().redacted.as_deref(), Some(redacted));
    let council = app.get("/local-offer/manage", &[("cookie", &session)]).await;
    assert!(
        council.body.contains(sent) && council.body.contains(redacted),
        "the council reads both"
    );
    let audit = app.store.audit_entries(0, 10_000).await.unwrap();
    let on_it = |action: &str| {
        audit.iter().any(|e| e.action == action && e.record_id.as_deref() == Some(&id.to_string()))
    };
    assert!(on_it("redact") && on_it("respond"), "the redaction is audited");
}
