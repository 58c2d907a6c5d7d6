//! `sendcase local-offer`: services in and out as Open Referral UK 3.0 JSON, and the postcode
//! table distances are measured with.

use crate::{CliError, DbArg};
use sendcase_domain::local_offer::normalise_postcode;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_oruk::{Detail, read_services};
use sendcase_store::AuditMeta;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum LocalOfferCommand {
    /// Load ORUK 3.0 services into a council's Local Offer from a JSON array or ndjson file; a
    /// service with the same id is replaced. All or nothing: a file with any bad record is
    /// refused whole, naming each bad record by its index and line, and nothing is stored
    Import {
        #[command(flatten)]
        db: DbArg,
        /// The LA code of the council whose Local Offer the services are in, e.g. 886
        #[arg(long)]
        council: String,
        file: PathBuf,
    },
    /// Write every service to standard output as a JSON array of ORUK 3.0 services
    Export {
        #[command(flatten)]
        db: DbArg,
    },
    /// Load the postcode table from a CSV of postcode,latitude,longitude (ONS Postcode Directory
    /// columns). All or nothing: a file with any bad line is refused whole, naming each bad line,
    /// and nothing is stored
    Postcodes {
        #[command(flatten)]
        db: DbArg,
        file: PathBuf,
    },
}

pub async fn run(cmd: LocalOfferCommand) -> Result<(), CliError> {
    match cmd {
        LocalOfferCommand::Import { db, council, file } => import(&db, &council, &file).await,
        LocalOfferCommand::Export { db } => export(&db).await,
        LocalOfferCommand::Postcodes { db, file } => postcodes(&db, &file).await,
    }
}

fn meta(what: &str) -> AuditMeta {
    AuditMeta::system(format!("cli-local-offer-{what}-{}", uuid::Uuid::now_v7()))
}

fn read(file: &PathBuf) -> Result<String, CliError> {
    std::fs::read_to_string(file).map_err(|e| CliError::Usage(format!("{}: {e}", file.display())))
}

async fn import(db: &DbArg, council: &str, file: &PathBuf) -> Result<(), CliError> {
    let text = read(file)?;
    let store = sendcase_store::connect(&db.url()?).await?;
    let council = store
        .organisations()
        .await?
        .into_iter()
        .find(|o| {
            o.kind == OrganisationKind::LocalAuthority
                && o.la_code.as_ref().is_some_and(|c| c.to_string() == council)
        })
        .ok_or_else(|| {
            CliError::Usage(format!("--council {council}: no council with that LA code"))
        })?;
    let records = read_services(&text, council.id, jiff::Timestamp::now())
        .map_err(|e| CliError::Usage(format!("{}: {e}", file.display())))?;
    let (mut good, mut bad) = (vec![], vec![]);
    for r in records {
        match r.service {
            Ok(s) => good.push(s),
            Err(e) => {
                let line = if r.line > 0 { format!(" (line {})", r.line) } else { String::new() };
                bad.push(format!("{}: record {}{line}: {e}", file.display(), r.index));
            }
        }
    }
    refuse_if_any(bad)?;
    // One transaction: every record is stored or none is.
    store.put_local_offer_services(&good, &meta("import")).await?;
    println!(
        "imported {} services into {}'s Local Offer in {}",
        good.len(),
        council.name,
        db.url()?
    );
    Ok(())
}

async fn export(db: &DbArg) -> Result<(), CliError> {
    let store = sendcase_store::connect(&db.url()?).await?;
    let services: Vec<sendcase_oruk::Service> = store
        .local_offer_services()
        .await?
        .iter()
        .map(|s| sendcase_oruk::service(s, Detail::Full))
        .collect();
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &services)?;
    writeln!(out)?;
    Ok(())
}

async fn postcodes(db: &DbArg, file: &PathBuf) -> Result<(), CliError> {
    let text = read(file)?;
    let (mut rows, mut faults) = (vec![], vec![]);
    for (line, record) in sendcase_domain::csv_lines::numbered_records(&text).skip(1) {
        let bad = |why: &str| format!("{}: line {line}: {why}", file.display());
        let cells = record.map(|r| r.iter().map(str::to_owned).collect::<Vec<_>>());
        let cells = match cells {
            Ok(cells) => cells,
            Err(e) => {
                faults.push(bad(&e.to_string()));
                continue;
            }
        };
        match postcode_row(&cells, bad) {
            Ok(row) => rows.push(row),
            Err(e) => faults.push(e),
        }
    }
    refuse_if_any(faults)?;
    let store = sendcase_store::connect(&db.url()?).await?;
    store.put_postcodes(&rows, &meta("postcodes")).await?;
    println!("loaded {} postcodes into {}", rows.len(), db.url()?);
    Ok(())
}

/// One line of a postcode file, read as a postcode, latitude and longitude.
fn postcode_row(
    cells: &[String],
    bad: impl Fn(&str) -> String,
) -> Result<(String, f64, f64), String> {
    let [code, lat, lon] = cells else {
        return Err(bad("expected postcode,latitude,longitude"));
    };
    let code =
        normalise_postcode(code).ok_or_else(|| bad(&format!("\"{code}\" is not a postcode")))?;
    let lat: f64 = lat
        .parse()
        .ok()
        .filter(|l: &f64| (-90.0..=90.0).contains(l))
        .ok_or_else(|| bad("latitude must be a number from -90 to 90"))?;
    let lon: f64 = lon
        .parse()
        .ok()
        .filter(|l: &f64| (-180.0..=180.0).contains(l))
        .ok_or_else(|| bad("longitude must be a number from -180 to 180"))?;
    Ok((code, lat, lon))
}

/// The one rule of every import: a file with any bad record is refused whole, naming each.
pub fn refuse_if_any(faults: Vec<String>) -> Result<(), CliError> {
    if faults.is_empty() { Ok(()) } else { Err(refused(&faults)) }
}

/// [`refused`], with each fault prefixed by the name of the file it is in.
pub fn refused_in(file: &str, faults: Vec<String>) -> CliError {
    let named: Vec<String> = faults.iter().map(|f| format!("{file}: {f}")).collect();
    refused(&named)
}

pub fn refused(faults: &[String]) -> CliError {
    CliError::Usage(format!(
        "nothing was imported; {} bad record(s):\n{}",
        faults.len(),
        faults.join("\n")
    ))
}
