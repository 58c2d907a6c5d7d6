//! Two-step sign-in with an authenticator app: required of council staff and administrators
//! (set up at their next sign-in, before anything else), offered to everyone else; each code
//! works once, recovery codes work once each, wrong codes are counted as wrong passwords are,
//! and it is turned off only with a code and only where it is not required.

use crate::app::{hidden_csrf, hidden_field, totp};
use crate::fixtures::{PASSWORD, organisation, user};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_usecases::Refused;
use sendcase_usecases::authenticator_key::{AuthenticatorKey, seal_stored};

on_both_backends!(
    council_staff_set_up_an_authenticator_before_reaching_anything,
    each_code_and_each_recovery_code_works_once,
    wrong_codes_are_counted_as_wrong_passwords_are,
    others_may_turn_it_on_and_off_but_council_staff_may_not_turn_it_off,
    replacing_an_authenticator_asks_for_a_code_from_the_one_used_now,
    with_a_key_secrets_are_sealed_at_rest_and_still_check_codes
);

async fn actions(app: &TestApp) -> Vec<String> {
    let entries = app.store.audit_entries(0, 10_000).await.unwrap();
    entries.into_iter().map(|e| e.action).collect()
}

/// Gives the password only; the session cookie and where sign-in goes next.
async fn password_only(app: &TestApp, email: &str) -> (String, String) {
    let form = app.get("/sign-in", &[]).await;
    let cookie = form.cookies().join("; ");
    let csrf = hidden_csrf(&form.body);
    let fields = [("csrf_token", csrf.as_str()), ("email", email), ("password", PASSWORD)];
    let res = app.post_form("/sign-in", &cookie, &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let session = res.cookies().into_iter().find(|c| c.starts_with("sendcase_session=")).unwrap();
    (session, res.headers["location"].to_str().unwrap().to_owned())
}

async fn give_code(app: &TestApp, cookie: &str, code: &str) -> crate::app::Response {
    app.submit(cookie, "/sign-in/code", &[("code", code)]).await
}

async fn caseworker(app: &TestApp, email: &str) {
    let la =
        organisation(app, OrganisationKind::LocalAuthority, "Kent", Some("886"), None, None).await;
    user(app, email, Role::LaCaseworker, Some(la)).await;
}

async fn council_staff_set_up_an_authenticator_before_reaching_anything(app: TestApp) {
    caseworker(&app, "cw@two-step.test").await;
    let (cookie, next) = password_only(&app, "cw@two-step.test").await;
    assert_eq!(next, "/account/two-step/set-up");
    for path in ["/children", "/account", "/inbox", "/account/sessions"] {
        let res = app.get(path, &[("cookie", &cookie)]).await;
        assert_ne!(res.status, StatusCode::OK, "{path} before the second step");
    }
    let res = app.get("/sign-in", &[("cookie", &cookie)]).await;
    assert_eq!(res.headers["location"], "/account/two-step/set-up");
    let res = app.get("/sign-in/code", &[("cookie", &cookie)]).await;
    assert_eq!(res.headers["location"], "/account/two-step/set-up");

    let page = app.get("/account/two-step/set-up", &[("cookie", &cookie)]).await;
    assert!(page.body.contains("you must set up two-step sign-in"), "{}", page.body);
    assert!(page.body.contains("otpauth://totp/Sendcase:cw%40two-step.test?"), "{}", page.body);
    let key = crate::app::hidden_field(&page.body, "key");
    let form = [("key", key.as_str()), ("code", "000000")];
    let wrong = app.submit(&cookie, "/account/two-step/set-up", &form).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The code is not right"), "{}", wrong.body);
    assert_ne!(app.get("/children", &[("cookie", &cookie)]).await.status, StatusCode::OK);

    let codes = app.set_up_authenticator(&cookie, "cw@two-step.test").await;
    assert_eq!(codes.len(), 10);
    let mut distinct = codes.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 14 && c.matches('-').count() == 2), "{codes:?}");
    assert_eq!(app.get("/children", &[("cookie", &cookie)]).await.status, StatusCode::OK);
    assert!(actions(&app).await.contains(&"mfa_enrolled".to_owned()));
    let page = app.get("/account/two-step", &[("cookie", &cookie)]).await;
    assert!(page.body.contains("You have 10 unused recovery codes"), "{}", page.body);

    let (again, next) = password_only(&app, "cw@two-step.test").await;
    assert_eq!(next, "/sign-in/code", "once set up, the code is asked for");
    assert_ne!(app.get("/account", &[("cookie", &again)]).await.status, StatusCode::OK);
}

async fn each_code_and_each_recovery_code_works_once(app: TestApp) {
    caseworker(&app, "once@two-step.test").await;
    let (cookie, _) = password_only(&app, "once@two-step.test").await;
    let codes = app.set_up_authenticator(&cookie, "once@two-step.test").await;
    let key = app.authenticators.lock().unwrap()["once@two-step.test"].0.clone();
    let now = u64::try_from(app.now().as_second()).unwrap();
    let used_to_enrol = totp(&key).generate(now).to_string();

    let (cookie, _) = password_only(&app, "once@two-step.test").await;
    let replayed = give_code(&app, &cookie, &used_to_enrol).await;
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED, "the code that set it up is used");
    assert!(replayed.body.contains("has been used already"), "{}", replayed.body);
    let code = app.next_code("once@two-step.test");
    let res = give_code(&app, &cookie, &code).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.headers["location"], "/");
    assert_eq!(app.get("/children", &[("cookie", &cookie)]).await.status, StatusCode::OK);
    let (other, _) = password_only(&app, "once@two-step.test").await;
    let res = give_code(&app, &other, &code).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "a code works once, in any session");

    let recovery = codes[3].to_lowercase().replace('-', " ");
    let res = give_code(&app, &other, &recovery).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let (third, _) = password_only(&app, "once@two-step.test").await;
    let res = give_code(&app, &third, &codes[3]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "a recovery code works once");
    let page = app.get("/account/two-step", &[("cookie", &cookie)]).await;
    assert!(page.body.contains("You have 9 unused recovery codes"), "{}", page.body);
    let done = actions(&app).await;
    for action in ["mfa_code_accepted", "mfa_recovery_code_used", "mfa_failed"] {
        assert!(done.contains(&action.to_owned()), "{action} audited");
    }
}

async fn wrong_codes_are_counted_as_wrong_passwords_are(app: TestApp) {
    caseworker(&app, "guess@two-step.test").await;
    let (cookie, _) = password_only(&app, "guess@two-step.test").await;
    app.set_up_authenticator(&cookie, "guess@two-step.test").await;
    let (cookie, _) = password_only(&app, "guess@two-step.test").await;
    let not_a_code = give_code(&app, &cookie, "12345").await;
    assert_eq!(not_a_code.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", not_a_code.body);
    for guess in 0..5 {
        let res = give_code(&app, &cookie, &format!("{:06}", 111_111 * (guess + 1))).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    }
    let code = app.next_code("guess@two-step.test");
    let refused = give_code(&app, &cookie, &code).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.body);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(actions(&app).await.contains(&"mfa_throttled".to_owned()));
    assert_ne!(app.get("/account", &[("cookie", &cookie)]).await.status, StatusCode::OK);
}

async fn others_may_turn_it_on_and_off_but_council_staff_may_not_turn_it_off(app: TestApp) {
    user(&app, "parent@two-step.test", Role::Parent, None).await;
    let (cookie, next) = password_only(&app, "parent@two-step.test").await;
    assert_eq!(next, "/", "offered, not required");
    let page = app.get("/account/two-step", &[("cookie", &cookie)]).await;
    assert!(page.body.contains("Two-step sign-in is off"), "{}", page.body);
    app.set_up_authenticator(&cookie, "parent@two-step.test").await;
    let (_, next) = password_only(&app, "parent@two-step.test").await;
    assert_eq!(next, "/sign-in/code");

    let page = app.get("/account/two-step", &[("cookie", &cookie)]).await;
    let csrf = hidden_csrf(&page.body);
    let turn_off = |code: String| {
        let (app, cookie, csrf) = (&app, cookie.clone(), csrf.clone());
        async move {
            let form = [("csrf_token", csrf.as_str()), ("code", code.as_str())];
            app.post_form("/account/two-step/turn-off", &cookie, &form).await
        }
    };
    let res = turn_off("000000".into()).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    let res = turn_off(app.next_code("parent@two-step.test")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Two-step sign-in is off."), "{}", res.body);
    let (_, next) = password_only(&app, "parent@two-step.test").await;
    assert_eq!(next, "/");
    assert!(actions(&app).await.contains(&"mfa_turned_off".to_owned()));

    caseworker(&app, "required@two-step.test").await;
    let cookie = app.sign_in("required@two-step.test", PASSWORD).await;
    let page = app.get("/account/two-step", &[("cookie", &cookie)]).await;
    assert!(page.body.contains("cannot be turned off"), "{}", page.body);
    let csrf = hidden_csrf(&page.body);
    let code = app.next_code("required@two-step.test");
    let form = [("csrf_token", csrf.as_str()), ("code", code.as_str())];
    let res = app.post_form("/account/two-step/turn-off", &cookie, &form).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

async fn replacing_an_authenticator_asks_for_a_code_from_the_one_used_now(app: TestApp) {
    const SET_UP: &str = "/account/two-step/set-up";
    caseworker(&app, "swap@two-step.test").await;
    let (cookie, _) = password_only(&app, "swap@two-step.test").await;
    let codes = app.set_up_authenticator(&cookie, "swap@two-step.test").await;
    let page = app.get(SET_UP, &[("cookie", &cookie)]).await;
    assert!(page.body.contains("Code from the authenticator app you use now"), "{}", page.body);
    let key = hidden_field(&page.body, "key");
    let new_code = totp(&key).generate(u64::try_from(app.now().as_second()).unwrap()).to_string();
    let send = async |current: &str| {
        let fields = [("key", key.as_str()), ("code", new_code.as_str()), ("current", current)];
        app.submit(&cookie, SET_UP, &fields).await
    };
    let without = send("").await;
    assert_eq!(without.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(without.body.contains("Enter the code from the authenticator app you use now"));
    let wrong = send("12345").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "not a code: {}", wrong.body);
    let guessed = send(if codes[0].starts_with('0') { "111111" } else { "000000" }).await;
    assert_eq!(guessed.status, StatusCode::UNAUTHORIZED, "{}", guessed.body);
    assert!(guessed.body.contains("The code is not right, or has been used already"));
    let moved = send(&codes[0]).await;
    assert_eq!(moved.status, StatusCode::OK, "a recovery code shows it is them: {}", moved.body);
    let enrolled = actions(&app).await.iter().filter(|a| *a == "mfa_enrolled").count();
    assert_eq!(enrolled, 2);
}

/// The app's stored secret for `email`.
async fn stored_secret(app: &TestApp, email: &str) -> String {
    let user = app.store.user_account_by_email(email).await.unwrap().unwrap().user.id;
    app.store.authenticator_secret(user).await.unwrap().unwrap()
}

async fn with_a_key_secrets_are_sealed_at_rest_and_still_check_codes(app: TestApp) {
    let key = AuthenticatorKey::new(&[7; 32]).unwrap();
    let la =
        organisation(&app, OrganisationKind::LocalAuthority, "Kent", Some("886"), None, None).await;
    user(&app, "before@two-step.test", Role::LaCaseworker, Some(la)).await;
    let (cookie, _) = password_only(&app, "before@two-step.test").await;
    app.set_up_authenticator(&cookie, "before@two-step.test").await;
    let typed = app.authenticators.lock().unwrap()["before@two-step.test"].0.clone();
    assert_eq!(stored_secret(&app, "before@two-step.test").await, typed, "no key: as typed");

    // The key given at start-up seals what was stored without it; once is enough.
    assert_eq!(seal_stored(app.store.as_ref(), Some(&key), "t").await.unwrap(), 1);
    assert_eq!(seal_stored(app.store.as_ref(), Some(&key), "t").await.unwrap(), 0);
    let sealed = stored_secret(&app, "before@two-step.test").await;
    assert!(sealed.starts_with("sealed:v1:") && !sealed.contains(&typed), "{sealed}");
    assert!(actions(&app).await.contains(&"authenticator_secrets_sealed".to_owned()));
    let refused = |r: Result<u64, Refused>| match r {
        Err(Refused::NotSetUp(why)) => why,
        other => panic!("{other:?}"),
    };
    let why = refused(seal_stored(app.store.as_ref(), None, "t").await);
    assert!(why.contains("give the authenticator key"), "{why}");
    let other = AuthenticatorKey::new(&[8; 32]).unwrap();
    let why = refused(seal_stored(app.store.as_ref(), Some(&other), "t").await);
    assert!(why.contains("sealed with another key"), "{why}");

    let app = app.configured(|s| s.authenticator_key = Some(key));
    let (cookie, _) = password_only(&app, "before@two-step.test").await;
    let code = app.next_code("before@two-step.test");
    let res = give_code(&app, &cookie, &code).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "a sealed secret checks codes: {}", res.body);

    user(&app, "after@two-step.test", Role::LaCaseworker, Some(la)).await;
    let (cookie, _) = password_only(&app, "after@two-step.test").await;
    app.set_up_authenticator(&cookie, "after@two-step.test").await;
    let typed = app.authenticators.lock().unwrap()["after@two-step.test"].0.clone();
    let sealed = stored_secret(&app, "after@two-step.test").await;
    assert!(sealed.starts_with("sealed:v1:") && !sealed.contains(&typed), "{sealed}");
    let (cookie, _) = password_only(&app, "after@two-step.test").await;
    let code = app.next_code("after@two-step.test");
    assert_eq!(give_code(&app, &cookie, &code).await.status, StatusCode::SEE_OTHER);
}
