//! A signed-in person's password and sessions: changing the password (the current one first,
//! counted as sign-in guesses are; every other session ends; an email says so), sessions that end
//! when idle or too old, and the list of sessions where any other can be ended.

use crate::app::hidden_field;
use crate::fixtures::{PASSWORD, named_user, token, user};
use crate::outbox::{at, mailer, received, smtp_url};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use sendcase_domain::people::roles::Role;
use sendcase_mail::deliver_due;

on_both_backends!(
    a_password_is_changed_with_the_current_one_and_every_other_session_ends,
    wrong_current_passwords_are_counted_as_sign_in_guesses_are,
    a_session_ends_after_thirty_minutes_idle_and_says_why,
    a_session_ends_after_its_lifetime_however_it_is_used,
    people_see_their_sessions_and_end_one_or_all_the_others
);

async fn actions(app: &TestApp) -> Vec<String> {
    let entries = app.store.audit_entries(0, 10_000).await.unwrap();
    entries.into_iter().map(|e| e.action).collect()
}

async fn a_password_is_changed_with_the_current_one_and_every_other_session_ends(app: TestApp) {
    let address = format!("{}@change.test", uuid::Uuid::now_v7().simple());
    named_user(&app, &address, "Sam Ashby", Role::Parent, None).await;
    let here = app.sign_in(&address, PASSWORD).await;
    let elsewhere = app.sign_in(&address, PASSWORD).await;
    let account = app.get("/account", &[("cookie", &here)]).await;
    assert!(account.body.contains("href=\"/account/password\""), "linked from the account page");

    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let here = here.clone();
        let app = &app;
        async move {
            let form = [("current", current), ("password", new), ("confirm", confirm)];
            app.submit(&here, "/account/password", &form).await
        }
    };
    let short = change(PASSWORD, "too short", "too short").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("at least 12 characters"), "{}", short.body);
    let mismatched = change(PASSWORD, "a brand new password", "something else").await;
    assert!(mismatched.body.contains("Enter the same password twice"), "{}", mismatched.body);
    let wrong = change("not my password", "a brand new password", "a brand new password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Your current password is not right"), "{}", wrong.body);

    let done = change(PASSWORD, "a brand new password", "a brand new password").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Your password has been changed"), "{}", done.body);
    assert_eq!(app.get("/account", &[("cookie", &here)]).await.status, StatusCode::OK);
    let other = app.get("/account", &[("cookie", &elsewhere)]).await;
    assert_eq!(other.headers["location"], "/sign-in", "the other session ended");
    app.sign_in(&address, "a brand new password").await;
    assert!(actions(&app).await.contains(&"password_changed".to_owned()));
    assert!(actions(&app).await.contains(&"password_change_failed".to_owned()));

    let mailer = mailer(&smtp_url());
    let sent = deliver_due(app.store.as_ref(), &mailer, "w", &at(Timestamp::now())).await;
    assert_eq!(sent.unwrap(), 1);
    let emails = received(&address).await;
    let email = emails.last().expect("an email");
    assert_eq!(email["subject"], "Your sendcase password was changed");
    let text = email["text"].as_str().unwrap();
    assert!(text.contains("https://sendcase.test/account/sessions"), "{text}");
}

async fn wrong_current_passwords_are_counted_as_sign_in_guesses_are(app: TestApp) {
    user(&app, "guessed@change.test", Role::Parent, None).await;
    let cookie = app.sign_in("guessed@change.test", PASSWORD).await;
    let form = [
        ("current", "a wrong guess!"),
        ("password", "a new password here"),
        ("confirm", "a new password here"),
    ];
    for _ in 0..5 {
        let wrong = app.submit(&cookie, "/account/password", &form).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.body);
    }
    let refused = app.submit(&cookie, "/account/password", &form).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.body);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(refused.body.contains("Too many wrong attempts"), "{}", refused.body);
    let right = [("current", PASSWORD), form[1], form[2]];
    let still = app.submit(&cookie, "/account/password", &right).await;
    assert_eq!(still.status, StatusCode::TOO_MANY_REQUESTS, "the right one waits too");
    assert!(actions(&app).await.contains(&"password_change_throttled".to_owned()));
}

async fn a_session_ends_after_thirty_minutes_idle_and_says_why(app: TestApp) {
    user(&app, "idle@sessions.test", Role::Parent, None).await;
    let cookie = app.sign_in("idle@sessions.test", PASSWORD).await;
    let api = token(&app, "idle@sessions.test").await;
    for _ in 0..3 {
        app.advance(SignedDuration::from_mins(29));
        let used = app.get("/account", &[("cookie", &cookie)]).await;
        assert_eq!(used.status, StatusCode::OK, "used within 30 minutes, it goes on");
    }
    app.advance(SignedDuration::from_mins(30));
    let ended = app.get("/account", &[("cookie", &cookie)]).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert_eq!(ended.headers["location"], "/sign-in?ended=idle");
    let said = app.get("/sign-in?ended=idle", &[]).await;
    assert!(
        said.body.contains("You were signed out because you had not used sendcase for 30 minutes"),
        "{}",
        said.body
    );
    assert!(actions(&app).await.contains(&"session_ended_idle".to_owned()));
    let again = app.get("/account", &[("cookie", &cookie)]).await;
    assert_eq!(again.headers["location"], "/sign-in", "the session is gone");
    // A bearer token is not a session: it keeps working until its own expiry.
    assert_eq!(app.get_api("/api/v1/messages", &api).await.status, StatusCode::OK);
}

async fn a_session_ends_after_its_lifetime_however_it_is_used(app: TestApp) {
    let app = app.configured(|s| s.sessions.lifetime = SignedDuration::from_hours(2));
    user(&app, "long@sessions.test", Role::Parent, None).await;
    let cookie = app.sign_in("long@sessions.test", PASSWORD).await;
    for _ in 0..5 {
        app.advance(SignedDuration::from_mins(20));
        assert_eq!(app.get("/account", &[("cookie", &cookie)]).await.status, StatusCode::OK);
    }
    app.advance(SignedDuration::from_mins(20));
    let ended = app.get("/account", &[("cookie", &cookie)]).await;
    assert_eq!(ended.headers["location"], "/sign-in?ended=too-long");
    let said = app.get("/sign-in?ended=too-long", &[]).await;
    assert!(said.body.contains("you had been signed in for 2 hours"), "{}", said.body);
}

async fn people_see_their_sessions_and_end_one_or_all_the_others(app: TestApp) {
    user(&app, "many@sessions.test", Role::Parent, None).await;
    user(&app, "someone.else@sessions.test", Role::Parent, None).await;
    let someone_else = app.sign_in("someone.else@sessions.test", PASSWORD).await;
    let here = app.sign_in("many@sessions.test", PASSWORD).await;
    let [second, third] = [
        app.sign_in("many@sessions.test", PASSWORD).await,
        app.sign_in("many@sessions.test", PASSWORD).await,
    ];
    let list = app.get("/account/sessions", &[("cookie", &here)]).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body.matches("govuk-table__row").count(), 4, "a heading and three sessions");
    assert_eq!(list.body.matches("This device").count(), 1);
    assert_eq!(list.body.matches("action=\"/account/sessions/end\"").count(), 2);

    let csrf = crate::app::hidden_csrf(&list.body);
    let end = |id: String| {
        let (app, here, csrf) = (&app, here.clone(), csrf.clone());
        async move {
            let form = [("csrf_token", csrf.as_str()), ("session", id.as_str())];
            app.post_form("/account/sessions/end", &here, &form).await
        }
    };
    // Another person's session cannot be ended from here, even by its id.
    let secret = someone_else.trim_start_matches("sendcase_session=");
    let res = end(sendcase_web::auth::hash_secret(secret)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/account", &[("cookie", &someone_else)]).await.status, StatusCode::OK);

    let res = end(hidden_field(&list.body, "session")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut still = 0;
    for c in [&second, &third] {
        if app.get("/account", &[("cookie", c)]).await.status == StatusCode::OK {
            still += 1;
        }
    }
    assert_eq!(still, 1, "exactly the one chosen ended");

    let res = app.post_form("/account/sessions/end-others", &here, &[("csrf_token", &csrf)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    for c in [&second, &third] {
        assert_eq!(app.get("/account", &[("cookie", c)]).await.headers["location"], "/sign-in");
    }
    assert_eq!(app.get("/account", &[("cookie", &here)]).await.status, StatusCode::OK);
    assert_eq!(app.get("/account", &[("cookie", &someone_else)]).await.status, StatusCode::OK);
    let after = app.get("/account/sessions", &[("cookie", &here)]).await;
    assert!(after.body.contains("You are not signed in anywhere else"), "{}", after.body);
    let done = actions(&app).await;
    assert!(done.contains(&"session_ended".to_owned()));
    assert!(done.contains(&"other_sessions_ended".to_owned()));
}
