//! A forgotten password, reset through the link emailed (read back from maildev): the link works
//! once and for an hour, ends every session of the account, and asking never says whether an
//! account exists.

use crate::app::{Response, hidden_csrf};
use crate::fixtures::{PASSWORD, named_user};
use crate::outbox::{at, mailer, received, smtp_url};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use sendcase_domain::people::roles::Role;
use sendcase_mail::deliver_due;

on_both_backends!(
    a_forgotten_password_is_reset_once_by_the_link_emailed,
    asking_never_says_whether_there_is_an_account_and_is_throttled
);

/// Fills and sends a form as someone not signed in.
pub(crate) async fn anonymously(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Response {
    let page = app.get(path, &[]).await;
    let cookie = page.cookies().join("; ");
    let csrf = hidden_csrf(&page.body);
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form(path, &cookie, &form).await
}

/// Asks for a link for `address`, typed as `typed`, and returns the path of the newest one
/// emailed.
async fn emailed_link(app: &TestApp, typed: &str, address: &str) -> String {
    let asked = anonymously(app, "/forgot-password", &[("email", typed)]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(asked.body.contains("Check your email"), "{}", asked.body);
    let mailer = mailer(&smtp_url());
    assert_eq!(
        deliver_due(app.store.as_ref(), &mailer, "w", &at(Timestamp::now())).await.unwrap(),
        1
    );
    let emails = received(address).await;
    let newest = emails.last().expect("an email");
    assert_eq!(newest["subject"], "Reset your sendcase password");
    let text = newest["text"].as_str().unwrap();
    let start = text.find("https://sendcase.test/reset-password/").expect("the link");
    let link = text[start..].split_whitespace().next().unwrap();
    link.trim_start_matches("https://sendcase.test").to_owned()
}

async fn a_forgotten_password_is_reset_once_by_the_link_emailed(app: TestApp) {
    let address = format!("{}@reset.test", uuid::Uuid::now_v7().simple());
    named_user(&app, &address, "Sam Ashby", Role::Parent, None).await;
    let old_session = app.sign_in(&address, PASSWORD).await;
    let link = emailed_link(&app, &address.to_uppercase(), &address).await;

    assert_eq!(app.get(&link, &[]).await.status, StatusCode::OK);
    let short =
        anonymously(&app, &link, &[("password", "too short"), ("confirm", "too short")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("at least 12 characters"), "{}", short.body);
    let new = "a brand new password";
    let mismatched =
        anonymously(&app, &link, &[("password", new), ("confirm", "another one entirely")]).await;
    assert!(mismatched.body.contains("Enter the same password twice"), "{}", mismatched.body);
    let done = anonymously(&app, &link, &[("password", new), ("confirm", new)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Your password has been changed"), "{}", done.body);

    // Signed out everywhere; the new password works, and the link works no more.
    let old = app.get("/inbox", &[("cookie", &old_session)]).await;
    assert_eq!(old.headers["location"], "/sign-in");
    app.sign_in(&address, new).await;
    let again = app.get(&link, &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("This link does not work"), "{}", again.body);

    // A link not used within the hour no longer works.
    let late = emailed_link(&app, &address, &address).await;
    app.advance(SignedDuration::from_mins(61));
    let expired = app.get(&late, &[]).await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND, "{}", expired.body);
}

async fn asking_never_says_whether_there_is_an_account_and_is_throttled(app: TestApp) {
    let nobody = format!("{}@reset.test", uuid::Uuid::now_v7().simple());
    let asked = anonymously(&app, "/forgot-password", &[("email", &nobody)]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Check your email"), "{}", asked.body);
    let mailer = mailer(&smtp_url());
    assert_eq!(
        deliver_due(app.store.as_ref(), &mailer, "w", &at(Timestamp::now())).await.unwrap(),
        0
    );
    let blank = anonymously(&app, "/forgot-password", &[("email", " ")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    for _ in 0..4 {
        let asked = anonymously(&app, "/forgot-password", &[("email", &nobody)]).await;
        assert_eq!(asked.status, StatusCode::OK);
    }
    let sixth = anonymously(&app, "/forgot-password", &[("email", &nobody)]).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS, "{}", sixth.body);
    assert!(sixth.headers.contains_key("retry-after"));
    assert_eq!(app.get("/reset-password/not-a-link", &[]).await.status, StatusCode::NOT_FOUND);
}
