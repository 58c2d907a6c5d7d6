//! `sendcase retention --dry-run`: each kind of record's retention period and its source, then
//! every record due for deletion, one per line. Periods are the domain's defaults unless a
//! `--keep KIND=PERIOD` sets the council's own.

use crate::{CliError, DbArg};
use sendcase_domain::retention::{RecordKind, Schedule};
use sendcase_store::AuditMeta;
use std::io::Write;

#[derive(clap::Args)]
pub struct RetentionArgs {
    #[command(flatten)]
    db: DbArg,
    /// List what is due for deletion without deleting it (the only mode so far)
    #[arg(long, required = true)]
    dry_run: bool,
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
    let due = sendcase_usecases::retention::review(store.as_ref(), &schedule, today, &meta).await?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "# retention review as of {today}: nothing is deleted (--dry-run)")?;
    for kind in RecordKind::ALL {
        let period = schedule.period(kind);
        writeln!(
            out,
            "# {}: kept {period} from {} ({})",
            kind.slug(),
            kind.counted_from(),
            kind.source()
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
