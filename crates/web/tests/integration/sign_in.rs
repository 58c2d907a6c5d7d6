//! Sign-in throttling: every attempt is counted exactly, a guesser's own client is refused, an
//! account guessed at from everywhere is slowed down but never locked, and all of it is audited.

use crate::app::{Response, hidden_csrf};
use crate::fixtures::{PASSWORD, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

on_both_backends!(
    forty_simultaneous_guesses_from_one_client_are_each_counted,
    a_guesser_cannot_lock_the_real_user_out,
    an_account_guessed_at_from_everywhere_is_slowed_down_but_not_locked,
    a_client_guessing_across_accounts_is_refused,
    behind_a_trusted_proxy_clients_are_told_apart_by_the_address_it_adds,
);

fn client(n: u8) -> Option<IpAddr> {
    Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, n)))
}

/// A sign-in form's cookie and token, which any number of attempts may be posted with.
async fn form(app: &TestApp) -> (String, String) {
    let form = app.get("/sign-in", &[]).await;
    (form.cookies().join("; "), hidden_csrf(&form.body))
}

async fn attempt(
    app: &TestApp,
    from: Option<IpAddr>,
    (cookie, token): &(String, String),
    email: &str,
    password: &str,
) -> Response {
    let fields = [("csrf_token", token.as_str()), ("email", email), ("password", password)];
    app.post_form_from(from, &[], "/sign-in", cookie, &fields).await
}

/// Posts `n` attempts at once (each on its own task), the `i`th from `from(i)`; their statuses.
async fn at_once(
    app: &Arc<TestApp>,
    n: u8,
    from: impl Fn(u8) -> Option<IpAddr>,
    email: &str,
) -> Vec<StatusCode> {
    let form = Arc::new(form(app).await);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let (app, form, email, from) = (app.clone(), form.clone(), email.to_owned(), from(i));
        tasks.spawn(async move { attempt(&app, from, &form, &email, "guess").await.status });
    }
    tasks.join_all().await
}

async fn audited(app: &TestApp, action: &str) -> usize {
    let entries = app.store.audit_entries(0, 100_000).await.unwrap();
    entries.iter().filter(|e| e.action == action).count()
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

async fn forty_simultaneous_guesses_from_one_client_are_each_counted(app: TestApp) {
    world(&app).await;
    let app = Arc::new(app);
    let statuses = at_once(&app, 40, |_| client(1), "senco@example.org").await;
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), 5, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 35, "{statuses:?}");
    assert_eq!(audited(&app, "sign_in_failed").await, 5);
    assert_eq!(audited(&app, "sign_in_throttled").await, 35);
}

async fn a_guesser_cannot_lock_the_real_user_out(app: TestApp) {
    world(&app).await;
    let form = form(&app).await;
    let (guesser, user) = (client(1), client(2));
    for _ in 0..5 {
        let res = attempt(&app, guesser, &form, "senco@example.org", "guess").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let paused = attempt(&app, guesser, &form, "senco@example.org", PASSWORD).await;
    assert_eq!(paused.status, StatusCode::TOO_MANY_REQUESTS, "the guesser's client waits");
    assert_eq!(paused.headers["retry-after"], "900");
    assert!(paused.body.contains("Wait 15 minutes and try again"), "{}", paused.body);
    assert!(paused.body.contains("govuk-error-summary"));

    let real = attempt(&app, user, &form, "SENCO@example.org", PASSWORD).await;
    assert_eq!(real.status, StatusCode::SEE_OTHER, "another client signs in: {}", real.body);

    app.advance(jiff::SignedDuration::from_mins(14));
    let still = attempt(&app, guesser, &form, "senco@example.org", PASSWORD).await;
    assert_eq!(still.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(still.headers["retry-after"], "60");
    app.advance(jiff::SignedDuration::from_mins(1));
    let after = attempt(&app, guesser, &form, "senco@example.org", PASSWORD).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the window has passed: {}", after.body);
}

async fn an_account_guessed_at_from_everywhere_is_slowed_down_but_not_locked(app: TestApp) {
    world(&app).await;
    let app = Arc::new(app);
    let statuses = at_once(&app, 40, |i| client(10 + i), "senco@example.org").await;
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), 40, "every guess is checked, slowly");
    // The first ten are not slowed; each of the other thirty is, counted exactly.
    assert_eq!(audited(&app, "sign_in_slowed").await, 30);
    assert_eq!(audited(&app, "sign_in_failed").await, 40);
    let form = form(&app).await;
    let real = attempt(&app, client(2), &form, "senco@example.org", PASSWORD).await;
    assert_eq!(real.status, StatusCode::SEE_OTHER, "slowed, never refused: {}", real.body);
    assert_eq!(audited(&app, "sign_in_slowed").await, 31);
    // The right password took its own attempt back: the next is slowed no more than it was.
    let again = attempt(&app, client(3), &form, "senco@example.org", PASSWORD).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(audited(&app, "sign_in_slowed").await, 32);
}

async fn a_client_guessing_across_accounts_is_refused(app: TestApp) {
    world(&app).await;
    let form = form(&app).await;
    for i in 0..50 {
        let res = attempt(&app, client(1), &form, &format!("person{i}@example.org"), "guess").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let refused = attempt(&app, client(1), &form, "senco@example.org", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = attempt(&app, client(2), &form, "senco@example.org", PASSWORD).await;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER);
    let failed = app.store.audit_entries(0, 100_000).await.unwrap();
    let failed: Vec<_> = failed.iter().filter(|e| e.action == "sign_in_failed").collect();
    assert_eq!(failed.len(), 50);
    assert!(failed.iter().all(|e| e.record_id.is_none()), "no account, so no record named");
}

async fn behind_a_trusted_proxy_clients_are_told_apart_by_the_address_it_adds(app: TestApp) {
    world(&app).await;
    let app = app.configured(|s| s.trust_forwarded_for = true);
    let (cookie, token) = form(&app).await;
    let proxy = client(1);
    let from = |forwarded: &str, password: &'static str| {
        let fields = [
            ("csrf_token", token.clone()),
            ("email", "senco@example.org".into()),
            ("password", password.into()),
        ];
        let (forwarded, cookie) = (forwarded.to_owned(), cookie.clone());
        let app = &app;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let headers = [("x-forwarded-for", forwarded.as_str())];
            app.post_form_from(proxy, &headers, "/sign-in", &cookie, &fields).await.status
        }
    };
    // The guesser claims a new address each time; only the one the proxy appends counts.
    for i in 0..5 {
        assert_eq!(
            from(&format!("10.0.0.{i}, 198.51.100.7"), "guess").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(from("10.0.0.99, 198.51.100.7", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        from("198.51.100.8", PASSWORD).await,
        StatusCode::SEE_OTHER,
        "another client behind the proxy"
    );
}
