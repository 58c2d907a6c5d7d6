//! `sendcase export sen2` and `sendcase bench sen2`: one council's SEN2 person-level return for
//! a collection year, written to stdout as XML or, with `--check`, checked without writing.

use crate::progress::Progress;
use crate::{CliError, DbArg};
use sendcase_domain::people::identifiers::LaCode;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_sen2::{Header, Period, Problem, Sen2Writer, each_person, problems};
use sendcase_store::Store;
use std::io::Write;
use std::time::Instant;
use uuid::Uuid;

#[derive(clap::Args)]
pub struct Sen2Args {
    #[command(flatten)]
    pub db: DbArg,
    /// The council's three-digit DfE code, for example 886
    #[arg(long)]
    pub la: String,
    /// The collection year: the January of the survey day, for example 2027
    #[arg(long)]
    pub year: i16,
    /// Check the return instead of writing it: each error on stderr, exit status 1 if any
    #[arg(long)]
    pub check: bool,
}

/// The council and the survey day the arguments name, or what is wrong with them.
async fn collection(store: &dyn Store, la: &str, year: i16) -> Result<(Uuid, Header), CliError> {
    let code: LaCode = la.parse().map_err(|e| CliError::Usage(format!("--la {la}: {e}")))?;
    let reference_date = sendcase_sen2::reference_date(year).ok_or_else(|| {
        let known: Vec<String> = sendcase_sen2::years().iter().map(i16::to_string).collect();
        CliError::Usage(format!(
            "--year {year}: no survey day is known for that collection (known: {})",
            known.join(", ")
        ))
    })?;
    let council = store
        .organisations()
        .await?
        .into_iter()
        .find(|o| o.kind == OrganisationKind::LocalAuthority && o.la_code.as_ref() == Some(&code))
        .ok_or_else(|| CliError::Usage(format!("--la {la}: no council with that code here")))?;
    let created = jiff::Zoned::now().datetime();
    Ok((council.id, Header { year, reference_date, lea: code.to_string(), created }))
}

/// Builds the return of `council` for `header`'s collection: written to `out`, or checked into
/// the problems it returns.
async fn build(
    store: &dyn Store,
    council: Uuid,
    header: &Header,
    out: Option<&mut dyn Write>,
) -> Result<(u64, Vec<Problem>), CliError> {
    let period = Period::of(header.reference_date);
    let progress = std::cell::OnceCell::new();
    // A council of a few hundred children is read in a moment: no bar.
    let show = |done: u64, total: u64| {
        if total >= 2_000 {
            let bar = progress.get_or_init(|| Progress::new(total as usize, "children"));
            bar.show(done as usize);
        }
    };
    let (people, found) = match out {
        Some(out) => {
            let mut writer = Sen2Writer::start(out, header)?;
            let people = each_person(store, council, &period, |p| writer.person(&p), &show)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            writer.finish()?.flush()?;
            (people, vec![])
        }
        None => problems(store, council, &period, &show).await?,
    };
    if let Some(bar) = progress.get() {
        bar.finish();
    }
    Ok((people, found))
}

pub async fn export(args: Sen2Args) -> Result<(), CliError> {
    let store = sendcase_store::connect(&args.db.url()?).await?;
    let (council, header) = collection(store.as_ref(), &args.la, args.year).await?;
    if !args.check {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        build(store.as_ref(), council, &header, Some(&mut out)).await?;
        return Ok(());
    }
    let (people, problems) = build(store.as_ref(), council, &header, None).await?;
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        eprintln!("SEN2 {}: {people} people, no errors", args.year);
        Ok(())
    } else {
        eprintln!("SEN2 {}: {people} people, {} errors", args.year, problems.len());
        Err(CliError::Invalid)
    }
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Database URL (sqlite:// or postgres://); default: a throwaway SQLite file. The scale
    /// demo is loaded into it first if it is not there
    #[arg(long)]
    pub db: Option<String>,
}

pub async fn bench(args: BenchArgs) -> Result<(), CliError> {
    crate::bench::on_database(args.db.as_deref(), |url| async move {
        let store = sendcase_store::connect(&url).await?;
        if let Some(loaded) = crate::scale::load(store.as_ref(), crate::scale::Scale::La, 100, crate::demo::TODAY).await? {
            println!("built the scale demo ({loaded})");
        }
        let year = crate::demo::TODAY.year() + 1;
        let (council, header) = collection(store.as_ref(), crate::scale::LA_CODE, year).await?;
        let started = Instant::now();
        let mut bytes = Counted(0);
        let (people, _) = build(store.as_ref(), council, &header, Some(&mut bytes)).await?;
        let written = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let (_, problems) = build(store.as_ref(), council, &header, None).await?;
        let checked = started.elapsed().as_secs_f64();
        println!(
            "sen2 {year} on {url}: {people} people, {} bytes written in {written:.2} s; checked in {checked:.2} s with {} errors; peak resident memory {}, of which file pages resident at the end {} (the binary itself)",
            bytes.0,
            problems.len(),
            megabytes(status_kb("VmHWM:")),
            megabytes(status_kb("RssFile:")),
        );
        Ok(())
    })
    .await
}

/// Counts what is written and keeps none of it.
struct Counted(u64);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A figure in kB of the process's status on Linux: `VmHWM:` the peak resident set, `RssFile:`
/// the resident pages that are files mapped (reclaimable page cache, not the process's own).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn megabytes(kb: Option<u64>) -> String {
    kb.map_or("unknown".into(), |kb| format!("{:.0} MB", kb as f64 / 1024.0))
}
