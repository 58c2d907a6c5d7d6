//! Single sign-on through a real OpenID provider (`oidc-provider`, started by `scripts/test.sh`
//! at `SENDCASE_TEST_OIDC_URL`), driven headlessly through its development login and consent
//! pages: a verified email of the provider's organisations links the account, anyone else waits
//! for an administrator, a linked person is found again by issuer and subject, the provider's
//! assertion of MFA stands for the code, and a callback that this browser did not start is
//! refused.

use crate::app::{Response, hidden_csrf};
use crate::fixtures::{PASSWORD, organisation, user};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use openidconnect::reqwest;
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_web::sso::providers::{ProviderConfig, Providers};
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

on_both_backends!(
    a_verified_email_links_the_account_once_and_then_the_subject_finds_it,
    an_unverified_email_waits_for_an_administrator_who_approves,
    someone_outside_the_providers_organisations_waits_and_a_newcomer_gets_an_account,
    the_providers_mfa_stands_for_the_code_and_without_it_the_code_is_asked,
    a_callback_this_browser_did_not_start_is_refused,
);

/// Where sendcase is, as the provider's redirects name it (the test client never goes there).
const PUBLIC_URL: &str = "http://127.0.0.1:9";

/// The app with the test provider signing in for `organisations`; `None` (said loudly) when no
/// provider runs, which only happens outside `scripts/test.sh`.
async fn with_provider(app: TestApp, organisations: &[Uuid]) -> Option<TestApp> {
    let Ok(issuer) = std::env::var("SENDCASE_TEST_OIDC_URL") else {
        eprintln!("SKIPPED: SENDCASE_TEST_OIDC_URL is not set (scripts/start-oidc.sh sets it)");
        return None;
    };
    let config = ProviderConfig {
        id: "test".into(),
        label: "the test provider".into(),
        issuer,
        client_id: "sendcase-test".into(),
        client_secret: Some("test-secret".into()),
        client_secret_env: None,
        organisations: organisations.iter().map(Uuid::to_string).collect(),
    };
    let known: Vec<(Uuid, String)> = organisations.iter().map(|o| (*o, o.to_string())).collect();
    let providers = Providers::discover(vec![config], PUBLIC_URL, &known).await.unwrap();
    Some(app.configured(|s| s.sso = Arc::new(providers)))
}

async fn council(app: &TestApp, name: &str, code: &str) -> Uuid {
    organisation(app, OrganisationKind::LocalAuthority, name, Some(code), None, None).await
}

/// A browser at the provider: its cookies, and no redirect followed unless asked.
struct Browser {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    fn new() -> Self {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        Browser { http: http.build().unwrap(), cookies: BTreeMap::new() }
    }

    fn keep(&mut self, res: &reqwest::Response) {
        for v in res.headers().get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.insert(name.to_owned(), value.to_owned());
        }
    }

    fn cookie(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> (StatusCode, String, String) {
        let res = req.header("cookie", self.cookie()).send().await.unwrap();
        self.keep(&res);
        let status = StatusCode::from_u16(res.status().as_u16()).unwrap();
        let to = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
        (status, to.unwrap_or_default(), res.text().await.unwrap())
    }

    /// Follows the provider from `url` as `login` would, through its login and consent pages,
    /// to the redirect back to sendcase; that redirect's path and query.
    async fn sign_in_at_provider(&mut self, mut url: String, login: &str) -> String {
        let base = std::env::var("SENDCASE_TEST_OIDC_URL").unwrap();
        for _ in 0..12 {
            if let Some(back) = url.strip_prefix(PUBLIC_URL) {
                return back.to_owned();
            }
            let url_abs = if url.starts_with('/') { format!("{base}{url}") } else { url.clone() };
            let (status, to, body) = self.send(self.http.get(&url_abs)).await;
            if status.is_redirection() {
                url = to;
                continue;
            }
            assert_eq!(status, StatusCode::OK, "{url_abs}: {body}");
            let form: Vec<(&str, &str)> = if body.contains("name=\"login\"") {
                vec![("prompt", "login"), ("login", login), ("password", "any")]
            } else {
                vec![("prompt", "consent")]
            };
            let (status, to, body) = self.send(self.http.post(&url_abs).form(&form)).await;
            assert!(status.is_redirection(), "{url_abs}: {status} {body}");
            url = to;
        }
        panic!("the provider never sent the browser back");
    }
}

/// Starts single sign-on from the sign-in page: the browser's cookies for sendcase, and where the
/// provider's redirect sends it back.
async fn start(app: &TestApp, login: &str) -> (String, String) {
    let page = app.get("/sign-in", &[]).await;
    assert!(page.body.contains("Sign in with the test provider"), "{}", page.body);
    // The button's form redirects to the provider, which `form-action` must allow.
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    let issuer = std::env::var("SENDCASE_TEST_OIDC_URL").unwrap();
    assert!(csp.ends_with(&format!("form-action 'self' {issuer}")), "{csp}");
    let form_cookie = page.cookies().join("; ");
    let csrf = hidden_csrf(&page.body);
    let res = app.post_form("/sign-in/sso/test", &form_cookie, &[("csrf_token", &csrf)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let cookie = [form_cookie, res.cookies().join("; ")].join("; ");
    let to = res.headers["location"].to_str().unwrap().to_owned();
    let back = Browser::new().sign_in_at_provider(to, login).await;
    (cookie, back)
}

/// Signs in as `login` at the provider; sendcase's answer to the callback.
async fn sign_in_as(app: &TestApp, login: &str) -> Response {
    let (cookie, back) = start(app, login).await;
    app.get(&back, &[("cookie", &cookie)]).await
}

fn signed_in_to(res: &Response) -> &str {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let session = res.cookies().iter().any(|c| c.starts_with("sendcase_session="));
    assert!(session, "{:?} {:?}", res.headers.get("location"), res.cookies());
    res.headers["location"].to_str().unwrap()
}

fn waits(res: &Response) {
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Your account is waiting for approval"), "{}", res.body);
    assert!(!res.cookies().iter().any(|c| c.starts_with("sendcase_session=")));
}

async fn count(app: &TestApp, action: &str) -> usize {
    let entries = app.store.audit_entries(0, 10_000).await.unwrap();
    entries.iter().filter(|e| e.action == action).count()
}

/// The administrator approves the one waiting as `name` with `role` in `org`.
async fn approve(app: &TestApp, name: &str, role: Role, org: Uuid) {
    let admin = app.sign_in("admin@sso.test", PASSWORD).await;
    let page = app.get("/users/single-sign-on", &[("cookie", &admin)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let card = page.body.split("govuk-summary-card\"").find(|c| c.contains(name)).expect(name);
    let id = card.split("/users/single-sign-on/").nth(1).unwrap().split('/').next().unwrap();
    let form = [
        ("csrf_token", hidden_csrf(&page.body)),
        ("role", role.as_str().to_owned()),
        ("organisation", org.to_string()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let path = format!("/users/single-sign-on/{id}/approve");
    let res = app.post_form(&path, &admin, &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.get("/users/single-sign-on", &[("cookie", &admin)]).await;
    assert!(!page.body.contains(name), "still waiting: {}", page.body);
}

async fn a_verified_email_links_the_account_once_and_then_the_subject_finds_it(app: TestApp) {
    let kent = council(&app, "Kent", "886").await;
    let Some(app) = with_provider(app, &[kent]).await else { return };
    user(&app, "la.caseworker@example.org", Role::LaCaseworker, Some(kent)).await;
    let res = sign_in_as(&app, "caseworker").await;
    assert_eq!(signed_in_to(&res), "/account/two-step/set-up");
    assert_eq!(count(&app, "sso_linked").await, 1);
    let res = sign_in_as(&app, "caseworker").await;
    assert_eq!(signed_in_to(&res), "/account/two-step/set-up");
    assert_eq!(count(&app, "sso_linked").await, 1, "found by issuer and subject, not linked again");
}

async fn an_unverified_email_waits_for_an_administrator_who_approves(app: TestApp) {
    let kent = council(&app, "Kent", "886").await;
    let Some(app) = with_provider(app, &[kent]).await else { return };
    user(&app, "la.caseworker@example.org", Role::LaCaseworker, Some(kent)).await;
    user(&app, "admin@sso.test", Role::Admin, None).await;
    waits(&sign_in_as(&app, "unverified").await);
    waits(&sign_in_as(&app, "unverified").await);
    assert_eq!(app.store.sso_pending().await.unwrap().len(), 1, "listed once");
    assert_eq!(count(&app, "sso_linked").await, 0);
    approve(&app, "Una Verified", Role::LaCaseworker, kent).await;
    let res = sign_in_as(&app, "unverified").await;
    assert_eq!(signed_in_to(&res), "/account/two-step/set-up");
    let linked = app.store.user_account_by_email("la.caseworker@example.org").await.unwrap();
    assert_eq!(linked.unwrap().memberships.len(), 1, "the existing account, as it was");
}

async fn someone_outside_the_providers_organisations_waits_and_a_newcomer_gets_an_account(
    app: TestApp,
) {
    let kent = council(&app, "Kent", "886").await;
    let medway = council(&app, "Medway", "887").await;
    let Some(app) = with_provider(app, &[kent]).await else { return };
    user(&app, "la.caseworker@example.org", Role::LaCaseworker, Some(medway)).await;
    user(&app, "admin@sso.test", Role::Admin, None).await;
    waits(&sign_in_as(&app, "caseworker").await);
    waits(&sign_in_as(&app, "newcomer").await);
    approve(&app, "Nia Newcomer", Role::LaCaseworker, kent).await;
    let res = sign_in_as(&app, "newcomer").await;
    assert_eq!(signed_in_to(&res), "/account/two-step/set-up");
    let made = app.store.user_account_by_email("new.starter@example.org").await.unwrap().unwrap();
    assert_eq!(made.memberships[0].role, Role::LaCaseworker);
    assert_eq!(made.memberships[0].organisation_id, Some(kent));
    assert_eq!(count(&app, "sso_approved").await, 1);
}

async fn the_providers_mfa_stands_for_the_code_and_without_it_the_code_is_asked(app: TestApp) {
    let kent = council(&app, "Kent", "886").await;
    let Some(app) = with_provider(app, &[kent]).await else { return };
    user(&app, "la.manager@example.org", Role::LaManager, Some(kent)).await;
    user(&app, "la.caseworker@example.org", Role::LaCaseworker, Some(kent)).await;
    let res = sign_in_as(&app, "manager").await;
    assert_eq!(signed_in_to(&res), "/");
    let session = res.cookies().into_iter().find(|c| c.starts_with("sendcase_session=")).unwrap();
    let page = app.get("/account", &[("cookie", &session)]).await;
    assert_eq!(page.status, StatusCode::OK, "signed in fully: {}", page.body);
    // The caseworker has an authenticator: without the provider's word, its code is asked.
    app.sign_in("la.caseworker@example.org", PASSWORD).await;
    let res = sign_in_as(&app, "caseworker").await;
    assert_eq!(signed_in_to(&res), "/sign-in/code");
    let session = res.cookies().into_iter().find(|c| c.starts_with("sendcase_session=")).unwrap();
    let page = app.get("/account", &[("cookie", &session)]).await;
    assert_ne!(page.status, StatusCode::OK, "nothing before the code");
}

async fn a_callback_this_browser_did_not_start_is_refused(app: TestApp) {
    let kent = council(&app, "Kent", "886").await;
    let Some(app) = with_provider(app, &[kent]).await else { return };
    user(&app, "la.caseworker@example.org", Role::LaCaseworker, Some(kent)).await;
    let (cookie, back) = start(&app, "caseworker").await;
    let state = back.split("state=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let forged = back.replace(&state, "not-the-state");
    let res = app.get(&forged, &[("cookie", &cookie)]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let res = app.get(&back, &[]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "another browser: {}", res.body);
    let res = app.get(&back, &[("cookie", &cookie)]).await;
    signed_in_to(&res);
    let res = app.get(&back, &[("cookie", &cookie)]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "used twice: {}", res.body);
    let res = app.get("/sign-in/sso/test/callback?error=access_denied", &[]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(count(&app, "sso_failed").await >= 4);
}
