//! `sendcase audit`: verify the log, sign its head (a checkpoint), archive its oldest entries;
//! and the checkpoints `serve` makes while it runs.

use crate::{CliError, DbArg};
use sendcase_store::{AuditKey, Store, Verified};
use std::path::PathBuf;
use std::sync::Arc;

/// The audit key: a file named here, or the key itself in `SENDCASE_AUDIT_KEY` (never a flag, so
/// it is not seen in the process list). It must not be kept in or beside the database.
#[derive(clap::Args, Clone)]
pub struct KeyArg {
    /// File holding the audit key (at least 32 bytes, e.g. `head -c 32 /dev/urandom | base64`)
    #[arg(long, env = "SENDCASE_AUDIT_KEY_FILE")]
    audit_key_file: Option<PathBuf>,
}

const KEY_ENV: &str = "SENDCASE_AUDIT_KEY";

impl KeyArg {
    pub fn key(&self) -> Result<Option<AuditKey>, CliError> {
        let file = self.audit_key_file.as_deref();
        match crate::keys::read(file, KEY_ENV, "--audit-key-file", "audit key")? {
            Some(key) => AuditKey::new(key).map(Some).map_err(CliError::Usage),
            None => Ok(None),
        }
    }

    fn required(&self, what: &str) -> Result<AuditKey, CliError> {
        self.key()?.ok_or_else(|| {
            CliError::Usage(format!("{what} needs the audit key: --audit-key-file or {KEY_ENV}"))
        })
    }
}

#[derive(clap::Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain and check it against the signed checkpoints (with the key); exits 1
    /// naming the first entry or checkpoint that does not hold
    Verify {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
        /// An archive written by `audit archive`, checked against the checkpoint of its cut (repeatable)
        #[arg(long)]
        archive: Vec<PathBuf>,
    },
    /// Sign the chain's head now (`serve` does so every few minutes when it has the key)
    Checkpoint {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
    },
    /// Export the entries made before DATE (UTC) to FILE, then remove them from the database
    Archive {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        key: KeyArg,
        /// YYYY-MM-DD: entries made before the start of this day are archived
        #[arg(long)]
        before: String,
        /// Where to write them (JSON lines); must not exist yet
        #[arg(long)]
        to: PathBuf,
    },
}

pub async fn run(cmd: AuditCommand) -> Result<(), CliError> {
    match cmd {
        AuditCommand::Verify { db, key, archive } => {
            let key = key.key()?;
            let store = sendcase_store::connect(&db.url()?).await?;
            let verified = store
                .verify_audit(key.as_ref())
                .await?
                .map_err(|brk| anyhow::anyhow!("audit log broken: {brk}"))?;
            for file in &archive {
                let n = crate::audit_archive::verify_file(store.as_ref(), file).await?;
                println!("archive {} intact: {n} entries checked", file.display());
            }
            println!("{}", describe(&verified, key.is_some()));
            Ok(())
        }
        AuditCommand::Checkpoint { db, key } => {
            let key = key.required("audit checkpoint")?;
            let store = sendcase_store::connect(&db.url()?).await?;
            let c = store.checkpoint_audit(&key).await?;
            println!("checkpoint {}: entry {} ({})", c.n, c.head_seq, c.head_hash);
            Ok(())
        }
        AuditCommand::Archive { db, key, before, to } => {
            let key = key.required("audit archive")?;
            let before: jiff::civil::Date = before.parse().map_err(|e| {
                CliError::Usage(format!("--before {before}: not a date (YYYY-MM-DD): {e}"))
            })?;
            let store = sendcase_store::connect(&db.url()?).await?;
            crate::audit_archive::archive(store.as_ref(), &key, before, &to).await
        }
    }
}

fn describe(v: &Verified, keyed: bool) -> String {
    let mut text = format!("audit log intact: {} entries checked", v.entries);
    if !keyed {
        text.push_str("; checkpoints not checked (no audit key given)");
        return text;
    }
    match &v.latest {
        Some(c) => text.push_str(&format!(
            ", {} signed checkpoints; the latest, {}, vouches for entry {} (made {}); {} entries since",
            v.signatures_checked, c.n, c.head_seq, c.at, v.after_latest
        )),
        None => text.push_str("; no checkpoint yet: run `sendcase audit checkpoint`"),
    }
    text
}

/// Signs the head every `every`, and once more when `stop` fires, for as long as `serve` runs.
/// Each is logged with its MAC, so a copy of the latest lives outside the database too.
pub async fn checkpoints_while_serving(
    store: Arc<dyn Store>,
    key: AuditKey,
    every: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut ticks = tokio::time::interval(every);
    loop {
        let stopping = tokio::select! {
            _ = ticks.tick() => false,
            _ = stop.changed() => true,
        };
        match store.checkpoint_audit(&key).await {
            Ok(c) => tracing::info!(
                checkpoint = c.n, entry = c.head_seq, hash = %c.head_hash, mac = %c.mac,
                "audit checkpoint"
            ),
            Err(e) => tracing::error!(error.cause = %e, "audit checkpoint failed: {e}"),
        }
        if stopping {
            return;
        }
    }
}
