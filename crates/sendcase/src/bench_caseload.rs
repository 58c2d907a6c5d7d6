//! `sendcase bench caseload`: the caseload and the plans in force, page and API, at the scale of
//! the largest local authority, served in-process over real HTTP to concurrent clients signed
//! in as a caseworker.

use crate::CliError;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use sendcase_store::{AuditMeta, DatabaseUrl, NewSession};
use sendcase_web::auth::{hash_secret, new_secret};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use uuid::Uuid;

pub struct Options {
    pub db: Option<String>,
    pub clients: usize,
    pub seconds: u64,
}

pub async fn run(options: Options) -> Result<(), CliError> {
    if options.clients == 0 || options.seconds == 0 {
        return Err(CliError::Usage("--clients and --seconds must be at least 1".into()));
    }
    let db = options.db.clone();
    crate::bench::on_database(db.as_deref(), |url| async move { bench(&url, &options).await }).await
}

async fn bench(url: &DatabaseUrl, options: &Options) -> Result<(), CliError> {
    let store = sendcase_store::connect(url).await?;
    let started = Instant::now();
    if let Some(loaded) =
        crate::scale::load(store.as_ref(), crate::scale::Scale::La, 100, crate::demo::TODAY).await?
    {
        println!("built the scale demo ({loaded}) in {:.1} s", started.elapsed().as_secs_f64());
    }
    let user = store.user_account_by_email(crate::scale::CASEWORKER).await?.ok_or_else(|| {
        anyhow::anyhow!(
            "{url} holds an authority with code {} but not its caseworker",
            crate::scale::LA_CODE
        )
    })?;
    let meta = AuditMeta::system(format!("bench-{}", Uuid::now_v7()));
    let (session, token) = (new_secret(), new_secret());
    let started = jiff::Timestamp::now();
    store
        .create_session(
            NewSession {
                id_hash: hash_secret(&session),
                user_id: user.user.id,
                csrf_token: new_secret(),
                started,
                expires_at: started + jiff::SignedDuration::from_hours(1),
                user_agent: "sendcase bench".into(),
                // The bench measures pages, not signing in: its session starts signed in fully.
                stage: sendcase_store::Stage::Done,
            },
            &meta,
        )
        .await?;
    let expires = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
    store.create_api_token(user.user.id, &hash_secret(&token), "bench", expires, &meta).await?;

    let app =
        sendcase_web::app(sendcase_web::AppState::new(store, sendcase_web::Settings::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });

    // The health check under the same load, in the same run, is the baseline: on a busy machine
    // it slows too, and the ratio stays comparable. It is sent signed out, as a load balancer
    // sends it. It asks the database whether it answers, which is a round trip on PostgreSQL
    // and a call within the process on SQLite, so compare the engines by their own p95s too.
    let endpoints = [
        ("/healthz", "/healthz", "accept", "text/plain".to_owned()),
        ("caseload page", "/caseload", "cookie", format!("sendcase_session={session}")),
        ("caseload API", "/api/v1/caseload?limit=25", "authorization", format!("Bearer {token}")),
        ("plans page", "/plans", "cookie", format!("sendcase_session={session}")),
        ("plans API", "/api/v1/plans?limit=25", "authorization", format!("Bearer {token}")),
    ];
    println!("{} concurrent clients, {} s each, on {url}", options.clients, options.seconds);
    let mut baseline = None;
    for (label, path, header, value) in endpoints {
        // A short warm-up fills the connection pools and caches before anything is timed.
        load(addr, path, header, &value, options.clients, Duration::from_secs(1)).await?;
        let mut latencies =
            load(addr, path, header, &value, options.clients, Duration::from_secs(options.seconds))
                .await?;
        latencies.sort_unstable();
        let at = |q: f64| {
            latencies[((q * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len()) - 1]
                .as_secs_f64()
                * 1000.0
        };
        let ratio = baseline
            .map(|b| format!(", p95 {:.1}× the baseline's", at(0.95) / b))
            .unwrap_or_else(|| " (the baseline)".into());
        println!(
            "{label:<14} GET {path}: {} requests, {:.0} req/s, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms{ratio}",
            latencies.len(),
            latencies.len() as f64 / options.seconds as f64,
            at(0.50),
            at(0.95),
            at(0.99)
        );
        baseline.get_or_insert(at(0.95));
    }
    Ok(())
}

/// `clients` keep-alive connections each sending GETs back to back until `duration` is up;
/// returns every request's latency. Anything but 200 is an error.
async fn load(
    addr: SocketAddr,
    path: &'static str,
    header: &'static str,
    value: &str,
    clients: usize,
    duration: Duration,
) -> Result<Vec<Duration>, CliError> {
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let value = value.to_owned();
        tasks.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(connection);
            let mut latencies = vec![];
            while Instant::now() < deadline {
                let request = hyper::Request::get(path)
                    .header("host", addr.to_string())
                    .header(header, &value)
                    .body(Empty::<Bytes>::new())?;
                // The connection finishes the last response on its own task; wait until it can
                // take the next request rather than fail with "connection was not ready".
                sender.ready().await?;
                let sent = Instant::now();
                let response = sender.send_request(request).await?;
                let status = response.status();
                response.into_body().collect().await?;
                if status != hyper::StatusCode::OK {
                    anyhow::bail!("GET {path} answered {status}");
                }
                latencies.push(sent.elapsed());
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut all = vec![];
    for task in tasks {
        all.extend(task.await.map_err(|e| anyhow::anyhow!("client failed: {e}"))??);
    }
    Ok(all)
}
