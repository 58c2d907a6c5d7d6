//! The authorisation matrix: every route the router answers, called as every role, with records
//! of the caller's own organisation and of another, must never show or audit a child the policy
//! keeps from that caller. The routes come from the router, so a new one is covered at once.

use crate::fixtures::{PASSWORD, child_at, open_request, organisation_named, token, user, world};
use crate::{TestApp, app::Response, on_both_backends};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use sendcase_domain::people::roles::Role;
use std::collections::BTreeSet;

on_both_backends!(no_route_shows_a_child_to_a_caller_the_policy_keeps_it_from);

/// A caller and the children (by given name, which every page showing a child shows) it must
/// never see.
struct Caller {
    email: Option<&'static str>,
    forbidden: &'static [&'static str],
}

/// Quentin is another council's child at another school; Odessa is on roll at the callers' own
/// school but no family or professional of theirs has a part in her case.
const CALLERS: &[Caller] = &[
    Caller { email: None, forbidden: &["Quentin", "Odessa"] },
    Caller { email: Some("caseworker@example.org"), forbidden: &["Quentin"] },
    Caller { email: Some("senco@example.org"), forbidden: &["Quentin"] },
    Caller { email: Some("staff@example.org"), forbidden: &["Quentin"] },
    Caller { email: Some("parent@example.org"), forbidden: &["Quentin", "Odessa"] },
    Caller { email: Some("ep@example.org"), forbidden: &["Quentin", "Odessa"] },
];

/// Values to put in each path parameter, chosen by the segment before it (`/children/{id}` is a
/// child) or, failing that, by the parameter's name.
struct Pool {
    children: Vec<String>,
    requests: Vec<String>,
    schools: Vec<String>,
    councils: Vec<String>,
}

impl Pool {
    fn values(&self, before: &str, name: &str) -> Vec<String> {
        let fixed = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        match (before, name) {
            ("children" | "pupils", _) | (_, "child" | "pupil") => self.children.clone(),
            ("ehc-requests", _) => self.requests.clone(),
            ("schools", "urn") => fixed(&["990101", "990201"]),
            ("schools", _) | (_, "school" | "school_id") => self.schools.clone(),
            (_, "step") => fixed(&["decision", "arrange", "assess"]),
            (_, "section") => fixed(&["b"]),
            (_, "cohort") => fixed(&["2026"]),
            (_, "path") => fixed(&["sendcase.css"]),
            _ => [&self.children, &self.requests, &self.schools, &self.councils]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
        }
    }

    /// Every concrete path for `template`, one per combination of its parameters' values.
    fn expand(&self, template: &str) -> Vec<String> {
        let mut paths = vec![String::new()];
        let mut before = "";
        for segment in template.split('/').skip(1) {
            let name = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            let options = match name {
                Some(name) => self.values(before, name.trim_start_matches('*')),
                None => vec![segment.to_owned()],
            };
            paths = paths
                .iter()
                .flat_map(|p| options.iter().map(move |o| format!("{p}/{o}")))
                .collect();
            before = segment;
        }
        paths
    }
}

async fn no_route_shows_a_child_to_a_caller_the_policy_keeps_it_from(app: TestApp) {
    let w = world(&app).await;
    let medway = organisation_named(&app, "Medway Council").await;
    let chatham = organisation_named(&app, "Chatham Reach").await;
    let quentin = child_at(&app, "Quentin", medway, Some(chatham)).await;
    let odessa = child_at(&app, "Odessa", w.la, Some(w.school)).await;
    user(&app, "other.caseworker@example.org", Role::LaCaseworker, Some(medway)).await;
    let medway_api = token(&app, "other.caseworker@example.org").await;
    let kent_api = token(&app, "caseworker@example.org").await;
    let pool = Pool {
        children: vec![quentin.to_string(), odessa.to_string(), w.own_child.to_string()],
        requests: vec![
            open_request(&app, &medway_api, quentin).await,
            open_request(&app, &kent_api, odessa).await,
        ],
        schools: vec![chatham.to_string(), w.school.to_string()],
        councils: vec![medway.to_string(), w.la.to_string()],
    };
    let routes = app.route_paths();
    assert!(routes.len() > 80, "the router's routes were read: {routes:?}");
    let paths: BTreeSet<String> = routes
        .iter()
        .filter(|r| !matches!(r.as_str(), "/sign-out" | "/sign-in"))
        .flat_map(|r| pool.expand(r))
        .collect();
    let mut leaks = vec![];
    let mut seen_by_caseworker = false;
    for caller in CALLERS {
        let session = match caller.email {
            Some(email) => Some((app.sign_in(email, PASSWORD).await, token(&app, email).await)),
            None => None,
        };
        let csrf = match &session {
            Some((cookie, _)) => {
                crate::app::hidden_csrf(&app.get("/", &[("cookie", cookie)]).await.body)
            }
            None => String::new(),
        };
        for path in &paths {
            for method in [Method::GET, Method::POST] {
                let res = call(&app, &method, path, session.as_ref(), &csrf).await;
                if res.status.is_server_error() {
                    leaks.push(format!("{method} {path} as {:?}: {}", caller.email, res.status));
                }
                for name in caller.forbidden {
                    if res.body.contains(name) {
                        leaks.push(format!("{method} {path} shows {name} to {:?}", caller.email));
                    }
                }
                seen_by_caseworker |= caller.email == Some("caseworker@example.org")
                    && res.status == StatusCode::OK
                    && res.body.contains("Odessa");
            }
        }
    }
    leaks.extend(audited_leaks(&app, &pool, quentin, odessa).await);
    assert!(leaks.is_empty(), "{} leaks:\n{}", leaks.len(), leaks.join("\n"));
    assert!(seen_by_caseworker, "the matrix reaches real records: the caseworker reads Odessa's");
}

/// Calls `path` as the caller: pages with the session cookie (and a form's CSRF token), the API
/// with the bearer token.
async fn call(
    app: &TestApp,
    method: &Method,
    path: &str,
    session: Option<&(String, String)>,
    csrf: &str,
) -> Response {
    let (cookie, bearer) = match session {
        Some((cookie, api)) => (cookie.as_str(), format!("Bearer {api}")),
        None => ("", String::new()),
    };
    if path.starts_with("/api/") {
        let mut headers = vec![("content-type", "application/json")];
        if session.is_some() {
            headers.push(("authorization", bearer.as_str()));
        }
        let body = if *method == Method::GET { Body::empty() } else { Body::from("{}") };
        return app.request(method.clone(), path, &headers, body).await;
    }
    if *method == Method::GET {
        return app.get(path, &[("cookie", cookie)]).await;
    }
    app.post_form(path, cookie, &[("csrf_token", csrf)]).await
}

/// What a school keeps about a child it has had on roll (its profile, its progress checks) is
/// the school's own record, and the policy lets the school read it whether or not the child is
/// on roll today, so that a leaver's history stays with the school that wrote it. Asking for it
/// about a child it never had is audited as a read, though nothing is found: not a leak, which the
/// pages' contents would show.
const SCHOOLS_OWN_RECORDS: &[&str] = &["pupil_support"];

/// Every read and change is audited with its record: none may name a record the caller's
/// policy keeps from them (refusals are audited too, and are not leaks).
async fn audited_leaks(
    app: &TestApp,
    pool: &Pool,
    quentin: uuid::Uuid,
    odessa: uuid::Uuid,
) -> Vec<String> {
    let mut forbidden_to = vec![];
    for caller in CALLERS {
        let Some(email) = caller.email else { continue };
        let id = app.store.user_account_by_email(email).await.unwrap().unwrap().user.id;
        let mut records = vec![quentin.to_string(), pool.requests[0].clone()];
        if caller.forbidden.contains(&"Odessa") {
            records.extend([odessa.to_string(), pool.requests[1].clone()]);
        }
        forbidden_to.push((id, email, records));
    }
    let entries = app.store.audit_entries(0, 1_000_000).await.unwrap();
    let mut leaks = vec![];
    let audited = entries.iter().filter(|e| {
        !e.action.contains("refused") && !SCHOOLS_OWN_RECORDS.contains(&e.record_type.as_str())
    });
    for e in audited {
        for (id, email, records) in &forbidden_to {
            if e.actor_user_id == Some(*id)
                && e.record_id.as_ref().is_some_and(|r| records.contains(r))
            {
                leaks.push(format!(
                    "audit: {email} {} {} {:?}",
                    e.action, e.record_type, e.record_id
                ));
            }
        }
    }
    leaks
}
