//! `sendcase retention --dry-run`: each kind of record's retention period and its source, then
//! every record due for deletion, one per line; `--apply` deletes them, kind by kind, and says
//! plainly which kinds are kept and why. Periods are the domain's defaults unless a
//! `--keep KIND=PERIOD` sets the council's own.

use crate::{CliError, DbArg};
use sendcase_domain::retention::{RecordKind, Schedule};
use sendcase_store::AuditMeta;
use sendcase_usecases::retention::Deleted;
use std::io::Write;

#[derive(clap::Args)]
#[group(id = "mode", required = true, args = ["dry_run", "apply"])]
pub struct RetentionArgs {
    #[command(flatten)]
    db: DbArg,
    /// List what is due for deletion without deleting it
    #[arg(long)]
    dry_run: bool,
    /// Delete what the dry run lists, one transaction and one audit entry per kind of record
    #[arg(long, conflicts_with = "dry_run")]
    apply: bool,
    /// The day to review as of (YYYY-MM-DD); today if not given
    #[arg(long)]
    today: Option<String>,
    /// A kind's own period in place of its default, such as message=3y, sent-email=30d or
    /// child-record=35y (repeat for each)
    #[arg(long, env = "SENDCASE_RETENTION", value_delimiter = ',')]
    keep: Vec<String>,
}

pub async fn run(args: RetentionArgs) -> Result<(), CliError> {
    let schedule =
        Schedule::with(&args.keep).map_err(|e| CliError::Usage(format!("--keep {e}")))?;
    let today = match &args.today {
        Some(day) => day.parse().map_err(|_| {
            CliError::Usage(format!("--today {day}: expected a date as YYYY-MM-DD"))
        })?,
        None => jiff::Zoned::now().date(),
    };
    let store = sendcase_store::connect(&args.db.url()?).await?;
    let meta = AuditMeta::system(format!("retention-{}", uuid::Uuid::now_v7()));
    let mut out = std::io::stdout().lock();
    if args.apply {
        let done =
            sendcase_usecases::retention::apply(store.as_ref(), &schedule, today, &meta).await?;
        for (kind, outcome) in done {
            match outcome {
                Deleted::Count(n) => writeln!(out, "{}: deleted {n}", kind.slug())?,
                Deleted::Kept(why) => writeln!(out, "{}: kept, {why}", kind.slug())?,
            }
        }
        return Ok(());
    }
    let due = sendcase_usecases::retention::review(store.as_ref(), &schedule, today, &meta).await?;
    writeln!(out, "# retention review as of {today}: nothing is deleted (--dry-run)")?;
    for kind in RecordKind::ALL {
        let period = schedule.period(kind);
        let (slug, from, source) = (kind.slug(), kind.counted_from(), kind.source());
        let kept = kind.erasable().err().map(|why| format!("; --apply keeps these, {why}"));
        writeln!(
            out,
            "# {slug}: kept {period} from {from} ({source}){}",
            kept.unwrap_or_default()
        )?;
    }
    writeln!(out, "kind\trecord\tdue since\twhy")?;
    for d in &due {
        writeln!(out, "{}\t{}\t{}\t{}", d.kind.slug(), d.record, d.since, d.why(&schedule))?;
    }
    writeln!(
        out,
        "# {} record{} due for deletion",
        due.len(),
        if due.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}
