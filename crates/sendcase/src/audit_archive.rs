//! Audit archives: the oldest entries exported to a file of JSON lines, then pruned, with the cut
//! recorded as a signed checkpoint so that both the file and the chain left behind verify.
//!
//! The file's first line says where its chain starts (`from_hash`) and ends (`through_seq`,
//! `through_hash`); each further line is one entry exactly as stored (`AuditEntry`).

use crate::CliError;
use anyhow::Context;
use sendcase_store::{AuditEntry, AuditKey, CheckpointKind, Store, verify_chain};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

const FORMAT: &str = "sendcase-audit-archive/1";

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    from_hash: String,
    through_seq: i64,
    through_hash: String,
}

/// Archives the entries made before `before` (UTC) to `to`, then prunes them.
pub async fn archive(
    store: &dyn Store,
    key: &AuditKey,
    before: jiff::civil::Date,
    to: &Path,
) -> Result<(), CliError> {
    if to.exists() {
        return Err(CliError::Usage(format!("{} already exists: choose a new file", to.display())));
    }
    // A broken log is not archived: the file would carry the break away from where it is seen.
    store
        .verify_audit(Some(key))
        .await?
        .map_err(|brk| anyhow::anyhow!("audit log broken, nothing archived: {brk}"))?;
    let before = before.to_zoned(jiff::tz::TimeZone::UTC).context("the date")?.timestamp();
    let Some((through_seq, through_hash)) = store.last_audit_entry_before(before).await? else {
        println!("nothing to archive: no entry was made before {before}");
        return Ok(());
    };
    let checkpoints = store.audit_checkpoints().await?;
    let cut = checkpoints.iter().rev().find(|c| c.kind == CheckpointKind::Archive);
    let (from_seq, from_hash) = cut
        .map(|c| (c.head_seq, c.head_hash.clone()))
        .unwrap_or_else(|| (0, sendcase_store::GENESIS_HASH.to_owned()));
    let header = Header { format: FORMAT.into(), from_hash, through_seq, through_hash };
    let written = write_file(store, &header, from_seq, to).await?;
    let pruned = store.prune_audit(key, through_seq, &header.through_hash).await?;
    println!(
        "archived {written} entries (up to entry {through_seq}) to {}; removed {pruned} from the \
         database, which goes on from entry {through_seq}'s hash",
        to.display()
    );
    Ok(())
}

/// Writes the file beside `to` and renames it into place once complete and on disk, so a file
/// at `to` is always whole. The entries are checked as they go out.
async fn write_file(
    store: &dyn Store,
    header: &Header,
    from_seq: i64,
    to: &Path,
) -> anyhow::Result<u64> {
    let partial = to.with_extension("partial");
    let file = std::fs::File::create_new(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let mut out = BufWriter::new(file);
    serde_json::to_writer(&mut out, header)?;
    out.write_all(b"\n")?;
    let (mut after, mut prev, mut written) = (from_seq, header.from_hash.clone(), 0u64);
    while after < header.through_seq {
        let page = store.audit_entries(after, 5_000).await?;
        let page: Vec<AuditEntry> =
            page.into_iter().take_while(|e| e.seq <= header.through_seq).collect();
        let Some(last) = page.last() else { break };
        after = last.seq;
        prev = verify_chain(&prev, &page)?;
        for entry in page {
            serde_json::to_writer(&mut out, &entry)?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    anyhow::ensure!(prev == header.through_hash, "the exported chain does not end at the cut");
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(&partial, to).with_context(|| format!("cannot rename to {}", to.display()))?;
    Ok(written)
}

/// Checks an archive file: its chain is whole from `from_hash` to `through_hash`, the database
/// holds the archive checkpoint of that cut, and every checkpoint made before the archive agrees
/// with the file. Returns how many entries it holds.
pub async fn verify_file(store: &dyn Store, path: &Path) -> Result<u64, CliError> {
    let bad = |msg: String| CliError::Failure(anyhow::anyhow!("archive {}: {msg}", path.display()));
    let file = std::fs::File::open(path)
        .map_err(|e| CliError::Usage(format!("cannot open {}: {e}", path.display())))?;
    let mut lines = std::io::BufReader::new(file).lines();
    let first = lines.next().transpose()?.unwrap_or_default();
    let header: Header = serde_json::from_str(&first)
        .ok()
        .filter(|h: &Header| h.format == FORMAT)
        .ok_or_else(|| bad("not an audit archive (its first line is not the header)".into()))?;
    let mut entries = vec![];
    for (i, line) in lines.enumerate() {
        let entry: AuditEntry =
            serde_json::from_str(&line?).map_err(|e| bad(format!("line {}: {e}", i + 2)))?;
        entries.push(entry);
    }
    let end = verify_chain(&header.from_hash, &entries).map_err(|e| bad(e.to_string()))?;
    if end != header.through_hash || entries.last().map(|e| e.seq) != Some(header.through_seq) {
        return Err(bad("its entries do not end at the cut its header names".into()));
    }
    let checkpoints = store.audit_checkpoints().await?;
    let cut = checkpoints.iter().find(|c| {
        c.kind == CheckpointKind::Archive
            && (c.head_seq, &c.head_hash) == (header.through_seq, &header.through_hash)
    });
    if cut.is_none() {
        return Err(bad("no archive checkpoint in the database matches its cut".into()));
    }
    let first_seq = entries.first().map_or(0, |e| e.seq);
    for c in checkpoints.iter().filter(|c| (first_seq..=header.through_seq).contains(&c.head_seq)) {
        let agrees = entries.iter().any(|e| e.seq == c.head_seq && e.hash == c.head_hash);
        if !agrees {
            return Err(bad(format!(
                "checkpoint {} vouches for entry {}, which differs",
                c.n, c.head_seq
            )));
        }
    }
    Ok(entries.len() as u64)
}
