//! The council links a child's family: someone new is invited by email and sets their password
//! with its link; someone with an account is linked and told; staff accounts, people already
//! linked and a child's own account before their rights pass are refused, and nobody but the
//! child's council may link anyone.

use crate::fixtures::{PASSWORD, world};
use crate::outbox::{at, mailer, received, smtp_url};
use crate::password_reset::anonymously;
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::Timestamp;
use sendcase_mail::deliver_due;

on_both_backends!(
    the_council_invites_a_parent_who_sets_a_password_and_sees_the_child,
    only_the_child_s_council_links_family_and_not_staff_or_twice
);

/// The path of the invitation link an email's `text` carries.
pub fn invitation_path(text: &str) -> String {
    let start = text.find("https://sendcase.test/invitation/").expect("the link");
    let link = text[start..].split_whitespace().next().unwrap();
    link.trim_start_matches("https://sendcase.test").to_owned()
}

fn invite(name: &str, email: &str, who: &'static str) -> Vec<(&'static str, String)> {
    vec![("invitee", who.into()), ("name", name.into()), ("email", email.into())]
}

async fn send(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: Vec<(&str, String)>,
) -> crate::app::Response {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.submit(cookie, path, &fields).await
}

async fn the_council_invites_a_parent_who_sets_a_password_and_sees_the_child(app: TestApp) {
    let w = world(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get(&format!("/children/{}", w.own_child), &[("cookie", &caseworker)]).await;
    let path = format!("/children/{}/family/invite", w.own_child);
    assert!(page.body.contains(&path), "the child's page links to it: {}", page.body);

    let address = format!("{}@invite.test", uuid::Uuid::now_v7().simple());
    let res =
        send(&app, &caseworker, &path, invite("Robin Ashby", &address, "parent_or_carer")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.headers["location"], format!("/children/{}/who-can-see", w.own_child));
    let audited = app.store.audit_entries(0, 10_000).await.unwrap();
    assert!(audited.iter().any(|e| e.action == "invite_family"));

    let mailer = mailer(&smtp_url());
    let sent = deliver_due(app.store.as_ref(), &mailer, "w", &at(Timestamp::now())).await;
    assert_eq!(sent.unwrap(), 1);
    let emails = received(&address).await;
    let email = emails.last().expect("the invitation");
    assert_eq!(email["subject"], "You are invited to sendcase");
    let text = email["text"].as_str().unwrap();
    assert!(
        text.contains(
            "Kent County Council has invited you to sendcase, where you can follow Ada's support"
        ),
        "{text}"
    );
    assert!(!text.contains("Ashby"), "a first name only: {text}");
    let link = &invitation_path(text);

    let before =
        anonymously(&app, "/sign-in", &[("email", &address), ("password", PASSWORD)]).await;
    assert_eq!(before.status, StatusCode::UNAUTHORIZED, "no password until one is set");
    let form = app.get(link, &[]).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Choose a password for your account"), "{}", form.body);
    let new = "our family password";
    let done = anonymously(&app, link, &[("password", new), ("confirm", new)]).await;
    assert!(done.body.contains("Your password is set"), "{}", done.body);
    let parent = app.sign_in(&address, new).await;
    let child = app.get(&format!("/children/{}", w.own_child), &[("cookie", &parent)]).await;
    assert_eq!(child.status, StatusCode::OK, "the invited parent sees the child");
    let again = app.get(link, &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("more than 7 days old"), "{}", again.body);

    // Someone with an account is linked at once and told in their inbox.
    let res = send(
        &app,
        &caseworker,
        &path,
        invite("Other Parent", "other.parent@example.org", "parent_or_carer"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let other = app.sign_in("other.parent@example.org", PASSWORD).await;
    let inbox = app.get("/inbox", &[("cookie", &other)]).await;
    assert!(
        inbox.body.contains("Kent County Council has linked your account to Ada&#39;s record")
            || inbox.body.contains("Kent County Council has linked your account to Ada's record"),
        "{}",
        inbox.body
    );
    let child = app.get(&format!("/children/{}", w.own_child), &[("cookie", &other)]).await;
    assert_eq!(child.status, StatusCode::OK);
}

async fn only_the_child_s_council_links_family_and_not_staff_or_twice(app: TestApp) {
    let w = world(&app).await;
    let path = format!("/children/{}/family/invite", w.own_child);
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assert_eq!(app.get(&path, &[("cookie", &senco)]).await.status, StatusCode::FORBIDDEN);
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    assert_eq!(app.get(&path, &[("cookie", &parent)]).await.status, StatusCode::FORBIDDEN);
    let elsewhere = format!("/children/{}/family/invite", w.other_child);
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    assert_eq!(app.get(&elsewhere, &[("cookie", &caseworker)]).await.status, StatusCode::NOT_FOUND);

    for (fields, said) in [
        (invite("S Enco", "senco@example.org", "parent_or_carer"), "belongs to a staff account"),
        (
            invite("Parent", "PARENT@example.org ", "parent_or_carer"),
            "already linked to this record",
        ),
        (
            invite("Ada Ashby", "ada@invite.test", "young_person"),
            "from the end of compulsory school age",
        ),
        (invite("Robin", "robin-at-home", "parent_or_carer"), "in the right format"),
        (invite(" ", "robin@invite.test", "parent_or_carer"), "Enter their full name"),
        (invite("Robin", "robin@invite.test", "uncle"), "Say who they are"),
    ] {
        let res = send(&app, &caseworker, &path, fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{said}: {}", res.body);
        assert!(res.body.contains(said), "{said}: {}", res.body);
    }
    let audited = app.store.audit_entries(0, 10_000).await.unwrap();
    assert!(!audited.iter().any(|e| e.action == "invite_family"), "nothing written");
}
