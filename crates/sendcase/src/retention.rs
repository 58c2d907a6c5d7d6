//! `sendcase retention --dry-run`: each kind of record's retention period and its source, then
//! every record due, one per line, with whether it is to be deleted or anonymised; `--apply`
//! deletes them kind by kind and anonymises each child's record due. Periods are the domain's defaults unless a
//! `--keep KIND=PERIOD` sets the council's own.

use crate::{CliError, DbArg};
use sendcase_domain::retention::{RecordKind, Schedule};
use sendcase_store::AuditMeta;
use sendcase_usecases::retention::Done;
use std::io::Write;

#[derive(clap::Args)]
#[group(id = "mode", required = true, args = ["dry_run", "apply"])]
pub struct RetentionArgs {
    #[command(flatten)]
    db: DbArg,
    /// List what is due for deletion without deleting it
    #[arg(long)]
    dry_run: bool,
    /// Delete (or, for a child's record, anonymise) what the dry run lists: one transaction and
    /// one audit entry per kind of record deleted, and per child anonymised
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
                Done::Deleted(n) => writeln!(out, "{}: deleted {n}", kind.slug())?,
                Done::Anonymised(n) => writeln!(out, "{}: anonymised {n}", kind.slug())?,
            }
        }
        return Ok(());
    }
    let due = sendcase_usecases::retention::review(store.as_ref(), &schedule, today, &meta).await?;
    writeln!(out, "# retention review as of {today}: nothing is deleted (--dry-run)")?;
    for kind in RecordKind::ALL {
        let period = schedule.period(kind);
        let (slug, from, source) = (kind.slug(), kind.counted_from(), kind.source());
        let verb = kind.disposal().verb();
        writeln!(out, "# {slug}: kept {period} from {from} ({source}), then --apply will {verb}")?;
    }
    writeln!(out, "kind\trecord\tdue since\taction\twhy")?;
    for d in &due {
        let (kind, verb) = (d.kind.slug(), d.kind.disposal().verb());
        writeln!(out, "{kind}\t{}\t{}\t{verb}\t{}", d.record, d.since, d.why(&schedule))?;
    }
    writeln!(out, "# {} record{} due", due.len(), if due.len() == 1 { "" } else { "s" })?;
    Ok(())
}
