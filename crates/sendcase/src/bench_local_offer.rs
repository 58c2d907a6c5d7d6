//! `sendcase bench local-offer`: loads synthetic services into a throwaway SQLite database, serves
//! them on a local port, and searches them through real HTTP from concurrent keep-alive clients,
//! both as the public HTML page and as `/openreferral/services?search=`.

use crate::CliError;
use sendcase_domain::local_offer::synthetic::{PLACES, services};
use sendcase_store::AuditMeta;
use sendcase_web::{AppState, Settings};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[derive(clap::Args)]
pub struct Args {
    /// How many services to load
    #[arg(long, default_value_t = 50_000)]
    services: usize,
    /// Concurrent clients, each on its own keep-alive connection
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Requests per kind of search (HTML, then ORUK)
    #[arg(long, default_value_t = 10_000)]
    requests: usize,
}

/// What families ask the HTML page: words, typos, synonyms, an age, filters and a postcode.
const SEARCHES: [&str; 10] = [
    "q=autism",
    "q=autism+swimming",
    "q=speech+therapy",
    "q=speach+therapy",
    "q=short+breaks&age=9",
    "q=travel+training&need=ASD",
    "q=dyslexia",
    "q=wheelchair&cost=free",
    "postcode=ME14+1XQ&distance=5",
    "q=sensory+play&postcode=CT1+2EH",
];

/// What consuming directories ask `/openreferral/services`: every kind of filter ORUK defines.
fn oruk_searches() -> Vec<String> {
    let asd = sendcase_oruk::taxonomy::need_term_id(sendcase_domain::local_offer::NeedType::Asd);
    let leisure = sendcase_oruk::taxonomy::category_term_id(
        sendcase_domain::local_offer::Schedule2Category::Leisure,
    );
    vec![
        "search=autism".into(),
        "search=autism+swimming".into(),
        "search=speach+therapy&minimum_age=0&maximum_age=18".into(),
        "search=short+breaks&day=SA".into(),
        format!("search=travel+training&taxonomy_term_id={asd}"),
        format!("taxonomy_term_id={leisure}&start_time=15:00&end_time=18:00"),
        "modified_after=2026-01-01T00:00:00Z&page=3".into(),
        "minimum_age=4&day=WE&per_page=20".into(),
        "postcode=ME14+1XQ&proximity=5000".into(),
        "search=sensory+play&postcode=CT1+2EH".into(),
    ]
}

pub async fn run(args: Args) -> Result<(), CliError> {
    if args.services == 0 || args.clients == 0 || args.requests == 0 {
        return Err(CliError::Usage(
            "--services, --clients and --requests must be at least 1".into(),
        ));
    }
    let dir = std::env::temp_dir().join(format!("sendcase-bench-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    let result = bench(&args, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn bench(args: &Args, dir: &std::path::Path) -> Result<(), CliError> {
    let url = sendcase_store::DatabaseUrl::parse(&format!(
        "sqlite://{}",
        dir.join("bench.db").display()
    ))?;
    let store = sendcase_store::connect(&url).await?;
    let started = Instant::now();
    let meta = AuditMeta::system("bench-local-offer");
    // Search does not look at whose Local Offer a service is in, so one made-up council will do.
    let council = uuid::Uuid::now_v7();
    let all = services(args.services, council, sendcase_web::today());
    store.put_local_offer_services(&all, &meta).await?;
    store
        .put_postcodes(
            &PLACES
                .iter()
                .map(|(_, c, lat, lon)| ((*c).to_owned(), *lat, *lon))
                .collect::<Vec<_>>(),
            &meta,
        )
        .await?;
    println!(
        "local-offer: loaded {} services in {:.1} s",
        args.services,
        started.elapsed().as_secs_f64()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = sendcase_web::app(AppState::new(store, Settings::default()));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let started = Instant::now();
    get(&mut connect(addr).await?, "/local-offer").await?;
    println!(
        "local-offer: search index built in {:.2} s (first request)",
        started.elapsed().as_secs_f64()
    );

    // The health check under the same load, in the same run, is the baseline: on a busy machine
    // every figure rises, and the ratio to it shows what the search itself costs.
    let healthz = vec!["/healthz".to_owned()];
    let (latencies, elapsed) = load(addr, &healthz, args.clients, args.requests).await?;
    let baseline = report("/healthz (baseline)", latencies, elapsed, args.clients, None);
    let html = SEARCHES.iter().map(|q| format!("/local-offer?{q}")).collect();
    let oruk = oruk_searches().iter().map(|q| format!("/openreferral/services?{q}")).collect();
    for (label, paths) in [("HTML /local-offer", html), ("ORUK /openreferral/services", oruk)] {
        let paths: Vec<String> = paths;
        let (latencies, elapsed) = load(addr, &paths, args.clients, args.requests).await?;
        report(label, latencies, elapsed, args.clients, Some(baseline));
    }
    Ok(())
}

async fn connect(addr: std::net::SocketAddr) -> Result<BufReader<TcpStream>, CliError> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    Ok(BufReader::new(stream))
}

/// One GET on a kept-alive connection; fails unless the answer is 200.
async fn get(conn: &mut BufReader<TcpStream>, path: &str) -> Result<usize, CliError> {
    conn.get_mut()
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n").as_bytes())
        .await?;
    let mut line = String::new();
    conn.read_line(&mut line).await?;
    if !line.starts_with("HTTP/1.1 200") {
        return Err(CliError::Failure(anyhow::anyhow!("{path} answered {}", line.trim())));
    }
    let mut length = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line).await?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().map_err(|_| anyhow::anyhow!("bad content-length"))?;
        }
    }
    let mut body = vec![0u8; length];
    conn.read_exact(&mut body).await?;
    Ok(length)
}

async fn load(
    addr: std::net::SocketAddr,
    paths: &[String],
    clients: usize,
    requests: usize,
) -> Result<(Vec<Duration>, Duration), CliError> {
    let started = Instant::now();
    let mut tasks = vec![];
    for c in 0..clients {
        let paths = paths.to_vec();
        let share = requests / clients + usize::from(c < requests % clients);
        tasks.push(tokio::spawn(async move {
            let mut conn = connect(addr).await?;
            let mut times = Vec::with_capacity(share);
            for i in 0..share {
                let t = Instant::now();
                get(&mut conn, &paths[(c + i) % paths.len()]).await?;
                times.push(t.elapsed());
            }
            Ok::<_, CliError>(times)
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await.map_err(|e| anyhow::anyhow!("client failed: {e}"))??);
    }
    Ok((all, started.elapsed()))
}

/// Prints the figures for `label`; its p95, to compare others with.
fn report(
    label: &str,
    mut latencies: Vec<Duration>,
    elapsed: Duration,
    clients: usize,
    baseline: Option<Duration>,
) -> Duration {
    latencies.sort();
    let at = |p: f64| {
        latencies[((latencies.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(latencies.len() - 1)]
    };
    let ratio = baseline
        .map(|b| format!(", p95 {:.1}× the baseline's", at(0.95).as_secs_f64() / b.as_secs_f64()))
        .unwrap_or_default();
    println!(
        "local-offer: {label}: {} requests, {clients} clients: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, {:.0} requests per second{ratio}",
        latencies.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    at(0.95)
}
