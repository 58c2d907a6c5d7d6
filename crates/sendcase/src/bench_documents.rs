//! `sendcase bench documents`: how long a plan's PDF takes, and a batch of letters, each made
//! from the database as the web page's PDF is (read the case, assemble, typeset). Assembling
//! alone is timed in the same run as the baseline.

use crate::CliError;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::documents::DocumentKind;
use sendcase_domain::policy::ChildScope;
use sendcase_store::Store;
use sendcase_usecases::documents::{self, Dated, StoredCase};
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(clap::Args)]
pub struct Args {
    /// Database URL (sqlite:// or postgres://) with the demo loaded, or to load it into;
    /// default: a throwaway SQLite file
    #[arg(long)]
    db: Option<String>,
    /// How many times to make the plan's PDF
    #[arg(long, default_value_t = 50)]
    plans: usize,
    /// How many letters to make in the batch
    #[arg(long, default_value_t = 1_000)]
    letters: usize,
}

pub async fn run(args: Args) -> Result<(), CliError> {
    if args.plans == 0 || args.letters == 0 {
        return Err(CliError::Usage("--plans and --letters must be at least 1".into()));
    }
    let db = args.db.clone();
    crate::bench::on_database(db.as_deref(), |url| async move {
        let store = sendcase_store::connect(&url).await?;
        bench(store.as_ref(), &args).await
    })
    .await
}

async fn bench(store: &dyn Store, args: &Args) -> Result<(), CliError> {
    crate::demo::load(store).await?;
    let calendar = Calendar::england_and_wales();
    let sent = sent_documents(store).await?;
    let letters: Vec<&(Uuid, DocumentKind)> = sent.iter().filter(|(_, k)| !k.is_plan()).collect();
    let plan = sent.iter().find(|(_, k)| *k == DocumentKind::FinalPlan);
    let (Some(plan), false) = (plan, letters.is_empty()) else {
        return Err(anyhow::anyhow!("the database has no final plan or no letter to make").into());
    };

    let mut assembled = vec![];
    let mut made = vec![];
    for _ in 0..args.plans {
        let (assembly, total, _) = make(store, calendar, *plan).await?;
        assembled.push(assembly);
        made.push(total);
    }
    let (a, m) = (percentiles(&mut assembled), percentiles(&mut made));
    println!(
        "plan PDF ({} times): median {:.1} ms, p95 {:.1} ms, max {:.1} ms; assembling alone: median {:.1} ms ({:.1}x)",
        args.plans,
        m.0,
        m.1,
        m.2,
        a.0,
        m.0 / a.0.max(0.001)
    );

    let started = Instant::now();
    let (mut assembly, mut bytes) = (Duration::ZERO, 0usize);
    for i in 0..args.letters {
        let (took, _, size) = make(store, calendar, *letters[i % letters.len()]).await?;
        assembly += took;
        bytes += size;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "letters: {} PDFs ({} different letters, {:.1} MB) in {elapsed:.1} s, {:.0} per second; assembling alone took {:.1} s",
        args.letters,
        letters.len(),
        bytes as f64 / 1e6,
        args.letters as f64 / elapsed,
        assembly.as_secs_f64()
    );
    Ok(())
}

/// Every document the database's requests have sent, by request.
async fn sent_documents(store: &dyn Store) -> Result<Vec<(Uuid, DocumentKind)>, CliError> {
    let councils = store.organisations().await?;
    let scopes: Vec<ChildScope> = councils
        .iter()
        .filter(|o| o.la_code.is_some())
        .map(|la| ChildScope::ResponsibleLa(la.id))
        .collect();
    let mut sent = vec![];
    for case in store.ehc_cases_in_scopes(&scopes).await? {
        let id = case.request.id;
        let Some(stored) = StoredCase::read(store, id, crate::demo::TODAY).await? else { continue };
        let file = stored.file();
        sent.extend(documents::available(&file).into_iter().map(|k| (id, k)));
    }
    Ok(sent)
}

/// Reads the case and assembles the document, then typesets it: the time to assemble, the time
/// in all, and the PDF's size.
async fn make(
    store: &dyn Store,
    calendar: &Calendar,
    (id, kind): (Uuid, DocumentKind),
) -> Result<(Duration, Duration, usize), CliError> {
    let started = Instant::now();
    let stored = StoredCase::read(store, id, crate::demo::TODAY).await?;
    let file = stored.ok_or_else(|| anyhow::anyhow!("{id} went away"))?;
    let file = file.file();
    let Dated { document, on } = documents::document(store, calendar, &file, kind)
        .await
        .map_err(|e| anyhow::anyhow!("{} of {id}: {e}", kind.slug()))?;
    let assembled = started.elapsed();
    let pdf = sendcase_documents::pdf(&document, on)?;
    Ok((assembled, started.elapsed(), pdf.len()))
}

/// Median, 95th percentile and maximum, in milliseconds.
fn percentiles(times: &mut [Duration]) -> (f64, f64, f64) {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    (at(0.5), at(0.95), ms(times[times.len() - 1]))
}
