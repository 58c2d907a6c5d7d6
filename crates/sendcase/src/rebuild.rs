//! `sendcase rebuild`, and the start-up check that keeps the stored summaries of the clock in step
//! with the clock that reads them: when the running clock's fingerprint (its rules' version and
//! the bank-holiday table) differs from the one the summaries were computed with, they are
//! recomputed from the events.

use crate::{CliError, DbArg};
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::fingerprint::Fingerprint;
use sendcase_domain::clock::{DatedEvent, summarise};
use sendcase_store::{AuditMeta, Rebuilt, Store};

#[derive(clap::Args)]
pub struct RebuildArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    bank_holidays: crate::clock::BankHolidaysArg,
}

pub async fn run(args: RebuildArgs) -> Result<(), CliError> {
    let calendar = args.bank_holidays.calendar()?;
    let store = sendcase_store::connect(&args.db.url()?).await?;
    let done = rebuild(store.as_ref(), &calendar).await?;
    println!("rebuilt {} summaries: {} changed", done.summaries, done.changed);
    Ok(())
}

/// Recomputes every summary with `calendar` and records the fingerprint.
pub async fn rebuild(store: &dyn Store, calendar: &Calendar) -> Result<Rebuilt, CliError> {
    let summarise = |history: &[DatedEvent]| summarise(history, calendar);
    let meta = AuditMeta::system(format!("rebuild-{}", uuid::Uuid::now_v7()));
    store
        .rebuild_summaries(&summarise, &Fingerprint::of(calendar), &meta)
        .await?
        .map_err(|why| anyhow::anyhow!("a stored history no longer passes the clock: {why}").into())
}

/// Rebuilds first when the summaries were computed with another fingerprint, or with none
/// recorded; says why and what changed. Returns what was rebuilt, if anything.
pub async fn bring_up_to_date(
    store: &dyn Store,
    calendar: &Calendar,
) -> Result<Option<Rebuilt>, CliError> {
    let now = Fingerprint::of(calendar);
    let why = match store.projection_fingerprint().await? {
        Some(stored) if stored == now => return Ok(None),
        Some(stored) => stored.differences(&now).join("; "),
        None => "no fingerprint was recorded for them".to_owned(),
    };
    let done = rebuild(store, calendar).await?;
    tracing::info!(
        summaries = done.summaries,
        changed = done.changed,
        "stored summaries rebuilt because {why}"
    );
    eprintln!(
        "rebuilt the stored summaries because {why}: {} summaries, {} changed",
        done.summaries, done.changed
    );
    Ok(Some(done))
}
