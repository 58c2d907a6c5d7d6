//! The outbox, sent through the real worker to a real SMTP server: maildev, which the test
//! script starts (`SENDCASE_TEST_SMTP_URL`, and `SENDCASE_TEST_MAILDEV_URL` for its REST API, where
//! each test reads back what reached its own recipient). Time is passed in, never waited for.

use crate::fixtures::{meta, named_user};
use crate::{TestApp, on_both_backends};
use jiff::{SignedDuration, Timestamp};
use sendcase_domain::people::roles::Role;
use sendcase_mail::{LEASE, Mailer, deliver_due};
use sendcase_store::{DatabaseUrl, NewMessage, OutboxState, Store};
use std::io::{Read, Write};

on_both_backends!(
    each_email_goes_once_with_the_first_name_and_the_link,
    a_failed_email_is_tried_again_later,
    a_claim_left_by_a_stopped_server_is_sent_once_after_a_restart,
    two_servers_sending_at_once_send_each_email_once
);

pub(crate) fn smtp_url() -> String {
    std::env::var("SENDCASE_TEST_SMTP_URL")
        .expect("SENDCASE_TEST_SMTP_URL: start maildev as scripts/test.sh does")
}

pub(crate) fn mailer(smtp: &str) -> Mailer {
    Mailer::new(smtp, "sendcase <no-reply@sendcase.test>", "https://sendcase.test/").unwrap()
}

/// A recipient no other test writes to, so tests running at once on one maildev keep apart.
async fn recipient(app: &TestApp) -> (uuid::Uuid, String) {
    let address = format!("{}@outbox.test", uuid::Uuid::now_v7().simple());
    (named_user(app, &address, "Sam Ashby", Role::Parent, None).await, address)
}

async fn write(app: &TestApp, user: uuid::Uuid, n: usize) -> Vec<uuid::Uuid> {
    let messages: Vec<NewMessage> = (0..n)
        .map(|i| NewMessage {
            user_id: user,
            kind: "reminder",
            body: format!("Message {i} for you."),
            link: "/inbox".into(),
            once_key: None,
        })
        .collect();
    assert_eq!(app.store.write_messages(&messages, &meta()).await.unwrap(), n as u64);
    let inbox = app.store.inbox(user, 1000).await.unwrap();
    inbox.into_iter().map(|m| m.id).collect()
}

/// The emails maildev received for `address`, as its REST API gives them.
pub(crate) async fn received(address: &str) -> Vec<serde_json::Value> {
    let api = std::env::var("SENDCASE_TEST_MAILDEV_URL")
        .expect("SENDCASE_TEST_MAILDEV_URL: start maildev as scripts/test.sh does");
    let host = api.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let path = format!("/api/email?to.address={}", address.replace('@', "%40"));
    let body = tokio::task::spawn_blocking(move || {
        // HTTP/1.0: the server closes the connection after one plain, unchunked answer.
        let mut stream = std::net::TcpStream::connect(&host).expect("maildev's web port");
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer.split_once("\r\n\r\n").expect("an HTTP answer").1.to_owned()
    })
    .await
    .unwrap();
    serde_json::from_str::<Vec<serde_json::Value>>(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

pub(crate) fn at(t: Timestamp) -> impl Fn() -> Timestamp + Sync {
    move || t
}

async fn each_email_goes_once_with_the_first_name_and_the_link(app: TestApp) {
    let (user, address) = recipient(&app).await;
    let ids = write(&app, user, 3).await;
    let mailer = mailer(&smtp_url());
    let now = Timestamp::now();
    assert_eq!(deliver_due(app.store.as_ref(), &mailer, "w", &at(now)).await.unwrap(), 3);
    assert_eq!(deliver_due(app.store.as_ref(), &mailer, "w", &at(now)).await.unwrap(), 0);
    let emails = received(&address).await;
    assert_eq!(emails.len(), 3, "{emails:?}");
    let first = &emails[0];
    assert_eq!(first["subject"], "You have a new message in sendcase");
    let text = first["text"].as_str().unwrap();
    assert!(text.starts_with("Hello Sam,"), "{text}");
    assert!(text.contains("https://sendcase.test/inbox"), "{text}");
    assert!(!text.contains("Ashby"), "first name only: {text}");
    for id in ids {
        assert_eq!(app.store.outbox_state(id).await.unwrap(), Some(OutboxState::Sent));
    }
}

async fn a_failed_email_is_tried_again_later(app: TestApp) {
    let (user, address) = recipient(&app).await;
    let id = write(&app, user, 1).await[0];
    let now = Timestamp::now();
    // Nothing listens on port 9 here: the mail server is down.
    let down = mailer("smtp://127.0.0.1:9");
    assert_eq!(deliver_due(app.store.as_ref(), &down, "w", &at(now)).await.unwrap(), 0);
    assert_eq!(app.store.outbox_state(id).await.unwrap(), Some(OutboxState::Pending));
    let up = mailer(&smtp_url());
    assert_eq!(deliver_due(app.store.as_ref(), &up, "w", &at(now)).await.unwrap(), 0, "not yet");
    let later = now + SignedDuration::from_mins(1);
    assert_eq!(deliver_due(app.store.as_ref(), &up, "w", &at(later)).await.unwrap(), 1);
    assert_eq!(received(&address).await.len(), 1);
}

async fn a_claim_left_by_a_stopped_server_is_sent_once_after_a_restart(app: TestApp) {
    let (user, address) = recipient(&app).await;
    write(&app, user, 2).await;
    let now = Timestamp::now();
    // A server claims an email and stops before sending it.
    let claimed = app.store.claim_email("stopped", now, LEASE).await.unwrap().expect("a claim");
    // The restarted server, on its own connection to the database, sends the other email at
    // once and the claimed one only when the claim has lapsed.
    let restarted = sendcase_store::connect(&DatabaseUrl::parse(&app.url).unwrap()).await.unwrap();
    let mailer = mailer(&smtp_url());
    assert_eq!(deliver_due(restarted.as_ref(), &mailer, "new", &at(now)).await.unwrap(), 1);
    let lapsed = now + LEASE + SignedDuration::from_secs(1);
    assert_eq!(deliver_due(restarted.as_ref(), &mailer, "new", &at(lapsed)).await.unwrap(), 1);
    assert_eq!(deliver_due(restarted.as_ref(), &mailer, "new", &at(lapsed)).await.unwrap(), 0);
    // The stopped server's claim no longer holds: it cannot record the email as its own.
    assert!(!app.store.email_sent(claimed.id, "stopped", lapsed).await.unwrap());
    assert_eq!(received(&address).await.len(), 2);
}

async fn two_servers_sending_at_once_send_each_email_once(app: TestApp) {
    let (user, address) = recipient(&app).await;
    let ids = write(&app, user, 20).await;
    let other: std::sync::Arc<dyn Store> =
        sendcase_store::connect(&DatabaseUrl::parse(&app.url).unwrap()).await.unwrap();
    let mailer = mailer(&smtp_url());
    let now = at(Timestamp::now());
    let (a, b) = tokio::join!(
        deliver_due(app.store.as_ref(), &mailer, "a", &now),
        deliver_due(other.as_ref(), &mailer, "b", &now)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 20);
    let emails = received(&address).await;
    let mut sent: Vec<String> =
        emails.iter().map(|e| e["headers"]["message-id"].as_str().unwrap().to_owned()).collect();
    sent.sort();
    sent.dedup();
    assert_eq!((emails.len(), sent.len()), (20, 20), "{sent:?}");
    let mut expected: Vec<String> = ids.iter().map(|id| format!("<{id}@sendcase>")).collect();
    expected.sort();
    assert_eq!(sent, expected);
}
