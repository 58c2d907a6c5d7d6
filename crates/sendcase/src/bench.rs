//! `sendcase bench`: throughput figures for the work that must scale, printed for the record.
//! Build with `--release` for figures worth quoting.

use crate::CliError;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{DatedEvent, Layout, duties, read_history, synthetic_history};
use std::hint::black_box;
use std::time::Instant;

#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// Recompute the duties of many synthetic case histories on one thread
    Clock {
        /// How many case histories to compute
        #[arg(long, default_value_t = 1_000_000)]
        histories: usize,
        /// Events in each history
        #[arg(long, default_value_t = 15)]
        events: usize,
    },
    /// Make a plan's PDF many times and a batch of letters, from the demo's requests
    Documents(crate::bench_documents::Args),
    /// Load services into a throwaway database, then search them over HTTP with concurrent clients
    LocalOffer(crate::bench_local_offer::Args),
    /// Write and check the SEN2 return of the scale demo's council (building it first if the
    /// database lacks it), with the time each takes and the peak resident memory
    Sen2(crate::sen2::BenchArgs),
    /// Serve the caseload and the plans in force, page and API, at the scale of the largest
    /// local authority (building it first if the database lacks it) and time them under
    /// concurrent clients
    Caseload {
        /// Database URL (sqlite:// or postgres://); default: a throwaway SQLite file. Give it
        /// twice to time both databases in the same run, turn about, and print the second's p95
        /// as a multiple of the first's
        #[arg(long)]
        db: Vec<String>,
        /// Concurrent clients, each on its own keep-alive connection
        #[arg(long, default_value_t = 32)]
        clients: usize,
        /// How long to time each of the page and the API
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// How many times to time every endpoint on every database; with more than one, the
        /// medians of the rounds are printed at the end
        #[arg(long, default_value_t = 1)]
        rounds: usize,
    },
}

pub async fn run(command: BenchCommand) -> Result<(), CliError> {
    match command {
        BenchCommand::Sen2(args) => crate::sen2::bench(args).await,
        BenchCommand::Clock { histories, events } => clock(histories, events),
        BenchCommand::Documents(args) => crate::bench_documents::run(args).await,
        BenchCommand::LocalOffer(args) => crate::bench_local_offer::run(args).await,
        BenchCommand::Caseload { db, clients, seconds, rounds } => {
            let options = crate::bench_caseload::Options { db, clients, seconds, rounds };
            crate::bench_caseload::run(options).await
        }
    }
}

fn clock(histories: usize, events: usize) -> Result<(), CliError> {
    if histories == 0 || events == 0 {
        return Err(CliError::Usage("--histories and --events must be at least 1".into()));
    }
    let calendar = Calendar::england_and_wales();
    let as_of = jiff::civil::date(2027, 1, 1);
    let cases: Vec<Vec<DatedEvent>> =
        (0..histories as u64).map(|seed| synthetic_history(seed, events)).collect();

    let started = Instant::now();
    let mut duty_count = 0usize;
    for case in &cases {
        let computed = duties(black_box(case), as_of, calendar)
            .map_err(|e| anyhow::anyhow!("generated history invalid: {e}"))?;
        duty_count += computed.len();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "clock: {histories} histories of {events} events, {duty_count} duties, in {elapsed:.3} s on one thread"
    );
    println!(
        "clock: {:.0} histories per second (duties from parsed events)",
        histories as f64 / elapsed
    );

    // The whole contract path as the CLI and API run it: JSON in, duties with explanations out.
    let sample = histories.min(100_000);
    let inputs: Vec<String> =
        cases[..sample].iter().map(|case| history_json(case, as_of)).collect();
    let started = Instant::now();
    let mut bytes = 0usize;
    for text in &inputs {
        let output = read_history(text)
            .and_then(|h| h.duties(as_of, calendar))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        bytes += output.to_json(Layout::Compact).len();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "clock: {:.0} histories per second end to end (parse JSON, compute, explain, write JSON; {sample} histories, {bytes} bytes out)",
        sample as f64 / elapsed
    );
    Ok(())
}

fn history_json(events: &[DatedEvent], as_of: jiff::civil::Date) -> String {
    let events: Vec<serde_json::Value> = events.iter().map(DatedEvent::to_json).collect();
    serde_json::json!({ "as_of": as_of, "events": events }).to_string()
}

/// The database a benchmark runs on: `db`, or without it a throwaway SQLite file, removed once
/// `work` is done.
pub async fn on_database<F, Fut>(db: Option<&str>, work: F) -> Result<(), CliError>
where
    F: FnOnce(sendcase_store::DatabaseUrl) -> Fut,
    Fut: std::future::Future<Output = Result<(), CliError>>,
{
    use sendcase_store::DatabaseUrl;
    let Some(db) = db else {
        let dir = std::env::temp_dir().join(format!("sendcase-bench-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir)?;
        let url = DatabaseUrl::parse(&format!("sqlite://{}", dir.join("bench.db").display()))?;
        let result = work(url).await;
        std::fs::remove_dir_all(dir)?;
        return result;
    };
    work(database_url(db)?).await
}

/// `db` as a database URL, or a usage error saying what is wrong with it.
pub fn database_url(db: &str) -> Result<sendcase_store::DatabaseUrl, CliError> {
    sendcase_store::DatabaseUrl::parse(db).map_err(|e| CliError::Usage(e.to_string()))
}
