//! `sendcase bench caseload`: the caseload and the plans in force, page and API, at the scale of
//! the largest local authority, served in-process over real HTTP to concurrent clients signed
//! in as a caseworker. Given two databases, it times each endpoint on one, then at once on the
//! other, round after round, so the engines are compared under the same load on the same machine.

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
    pub db: Vec<String>,
    pub clients: usize,
    pub seconds: u64,
    pub rounds: usize,
}

pub async fn run(options: Options) -> Result<(), CliError> {
    if options.clients == 0 || options.seconds == 0 || options.rounds == 0 {
        return Err(CliError::Usage("--clients, --seconds and --rounds must be at least 1".into()));
    }
    match options.db.as_slice() {
        [] | [_] => {
            let db = options.db.first().cloned();
            crate::bench::on_database(db.as_deref(), |url| async move {
                bench(vec![url], &options).await
            })
            .await
        }
        [first, second] => {
            let urls =
                vec![crate::bench::database_url(first)?, crate::bench::database_url(second)?];
            bench(urls, &options).await
        }
        _ => Err(CliError::Usage(
            "--db is given once, or twice to compare two databases in one run".into(),
        )),
    }
}

/// The app serving one database on a port of its own, with a caseworker's session and API token.
struct Served {
    url: DatabaseUrl,
    addr: SocketAddr,
    session: String,
    token: String,
}

async fn serve(url: DatabaseUrl) -> Result<Served, CliError> {
    let store = sendcase_store::connect(&url).await?;
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
    Ok(Served { url, addr, session, token })
}

enum Credential {
    None,
    Session,
    Token,
}

// The health check under the same load, in the same run, is the baseline: on a busy machine it
// slows too, and the ratio stays comparable. It is sent signed out, as a load balancer sends it.
// It asks the database whether it answers, which is a round trip on PostgreSQL and a call within
// the process on SQLite, so compare the engines by their own p95s too.
const ENDPOINTS: [(&str, &str, Credential); 5] = [
    ("/healthz", "/healthz", Credential::None),
    ("caseload page", "/caseload", Credential::Session),
    ("caseload API", "/api/v1/caseload?limit=25", Credential::Token),
    ("plans page", "/plans", Credential::Session),
    ("plans API", "/api/v1/plans?limit=25", Credential::Token),
];

/// One endpoint timed on one database.
#[derive(Clone, Copy)]
struct Timed {
    requests: usize,
    per_second: f64,
    p50: f64,
    p95: f64,
    p99: f64,
}

async fn time(
    served: &Served,
    path: &'static str,
    credential: &Credential,
    options: &Options,
) -> Result<Timed, CliError> {
    let (header, value) = match credential {
        Credential::None => ("accept", "text/plain".to_owned()),
        Credential::Session => ("cookie", format!("sendcase_session={}", served.session)),
        Credential::Token => ("authorization", format!("Bearer {}", served.token)),
    };
    let addr = served.addr;
    // A short warm-up fills the connection pools and caches before anything is timed.
    load(addr, path, header, &value, options.clients, Duration::from_secs(1)).await?;
    let seconds = Duration::from_secs(options.seconds);
    let mut latencies = load(addr, path, header, &value, options.clients, seconds).await?;
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies[((q * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len()) - 1]
            .as_secs_f64()
            * 1000.0
    };
    Ok(Timed {
        requests: latencies.len(),
        per_second: latencies.len() as f64 / options.seconds as f64,
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
    })
}

async fn bench(urls: Vec<DatabaseUrl>, options: &Options) -> Result<(), CliError> {
    let mut served = Vec::with_capacity(urls.len());
    for url in urls {
        served.push(serve(url).await?);
    }
    // Each line names its database when there are two.
    let names: &[&str] = if served.len() > 1 { &["A", "B"] } else { &[""] };
    println!(
        "{} concurrent clients, {} s each, {} round{}, on {}",
        options.clients,
        options.seconds,
        options.rounds,
        if options.rounds == 1 { "" } else { "s" },
        served
            .iter()
            .zip(names)
            .map(|(s, name)| if name.is_empty() {
                s.url.to_string()
            } else {
                format!("{name} = {}", s.url)
            })
            .collect::<Vec<_>>()
            .join(" and ")
    );
    // timed[database][endpoint] holds each round's figures.
    let mut timed =
        vec![vec![Vec::<Timed>::with_capacity(options.rounds); ENDPOINTS.len()]; served.len()];
    for round in 0..options.rounds {
        if options.rounds > 1 {
            println!("round {}", round + 1);
        }
        // The databases take turns going first, so neither is always timed on a machine the
        // other has just warmed or tired.
        let mut order: Vec<usize> = (0..served.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for (e, (label, path, credential)) in ENDPOINTS.iter().enumerate() {
            for &d in &order {
                let figures = time(&served[d], path, credential, options).await?;
                let ratio = match timed[d][0].last() {
                    Some(baseline) if e > 0 => {
                        format!(", p95 {:.1}× the baseline's", figures.p95 / baseline.p95)
                    }
                    _ => " (the baseline)".into(),
                };
                let on = prefix(names[d]);
                println!(
                    "{on}{label:<14} GET {path}: {} requests, {:.0} req/s, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms{ratio}",
                    figures.requests, figures.per_second, figures.p50, figures.p95, figures.p99
                );
                timed[d][e].push(figures);
            }
        }
    }
    if options.rounds > 1 || served.len() > 1 {
        summarise(&timed, names, options.rounds);
    }
    Ok(())
}

/// Each endpoint's median p95 and throughput over the rounds on each database and, comparing two,
/// the second's p95 as a multiple of the first's: of the medians, and in each round, where the
/// two were timed one straight after the other.
fn summarise(timed: &[Vec<Vec<Timed>>], names: &[&str], rounds: usize) {
    println!("medians of {rounds} round{}:", if rounds == 1 { "" } else { "s" });
    for (e, (label, ..)) in ENDPOINTS.iter().enumerate() {
        let p95s: Vec<f64> = timed.iter().map(|db| median(db[e].iter().map(|t| t.p95))).collect();
        let figures: Vec<String> = timed
            .iter()
            .zip(names)
            .zip(&p95s)
            .map(|((db, name), p95)| {
                let per_second = median(db[e].iter().map(|t| t.per_second));
                format!("{}p95 {p95:.1} ms, {per_second:.0} req/s", prefix(name))
            })
            .collect();
        let mut line = format!("{label:<14} {}", figures.join("; "));
        if let ([first, second], [a, b]) = (timed, p95s.as_slice()) {
            let each: Vec<String> = first[e]
                .iter()
                .zip(&second[e])
                .map(|(a, b)| format!("{:.2}", b.p95 / a.p95))
                .collect();
            line.push_str(&format!("; B/A p95 {:.2}× (each round: {})", b / a, each.join(", ")));
        }
        println!("{line}");
    }
}

/// What a line starts with to name its database: nothing when there is only one.
fn prefix(name: &str) -> String {
    if name.is_empty() { String::new() } else { format!("{name} ") }
}

/// The middle value, or the mean of the middle two.
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_unstable_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 { values[middle] } else { (values[middle - 1] + values[middle]) / 2.0 }
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
