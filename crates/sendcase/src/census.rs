//! The school census's SEN files: importing a school's pupils with their SEN status, and the
//! SEN return. Both are all or nothing: any bad row or pupil is reported and nothing is written.

use crate::progress::Progress;
use crate::{CliError, DbArg};
use sendcase_domain::people::identifiers::Urn;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_domain::schools::leavers::read_leavers;
use sendcase_domain::schools::register::{
    CensusPupil, CensusTerm, SenStatus, census_csv, census_xml, read_pupils,
};
use sendcase_store::{AuditMeta, Leaver, PupilImport, Store, StoreError};
use std::path::PathBuf;
use std::sync::Arc;
use uuid::Uuid;

#[derive(clap::Subcommand)]
pub enum ImportCommand {
    /// Import a school's pupils and their SEN status (CSV: UPN,Surname,Forename,DOB,YearGroup,SENprovision,SENtype1,SENtype2).
    /// All or nothing: a file with any bad line is refused whole, naming each bad line, and
    /// nothing is stored
    Pupils {
        #[command(flatten)]
        db: DbArg,
        /// The school's URN
        #[arg(long)]
        school: String,
        file: PathBuf,
    },
    /// Record a school's leavers (CSV: UPN,DateLeft, the first day each pupil is off roll, not
    /// after today). From that day the school no longer reaches the pupil; their SEN history
    /// goes with them. All or nothing: a file with any bad line, or a pupil not on roll at the
    /// school before that day, is refused whole, naming each bad line, and nothing is stored
    Leavers {
        #[command(flatten)]
        db: DbArg,
        /// The school's URN
        #[arg(long)]
        school: String,
        file: PathBuf,
    },
    /// Take in pupils joining from a school outside sendcase with the SEN part of their common
    /// transfer file (XML): each is put on roll from today with their SEN status now, and their
    /// history is kept as their entries at the school they left. All or nothing: a file with any
    /// bad pupil is refused whole, naming each, and nothing is stored
    Ctf {
        #[command(flatten)]
        db: DbArg,
        /// The school the pupils are joining (URN)
        #[arg(long)]
        school: String,
        file: PathBuf,
    },
    /// Load schools, colleges and other settings from Get Information about Schools (GIAS's
    /// download of every establishment, edubasealldata*.csv, read by column name; its other
    /// columns are ignored). Each is found by its URN: one already stored takes the file's name,
    /// type, phase, UKPRN and local authority (added by its LA code if not yet stored); a new
    /// one is added unless it is closed or outside England's local authorities. All or nothing:
    /// a file with any bad line is refused whole, naming each bad line, and nothing is stored
    Establishments {
        #[command(flatten)]
        db: DbArg,
        file: PathBuf,
    },
}

#[derive(clap::Subcommand)]
pub enum ExportCommand {
    /// The SEN2 person-level return of one council for a collection year, as XML: every person
    /// with a plan active on the survey day, or a request, assessment or ceased plan in the
    /// calendar year before it, or work under way. With --check, the return is checked instead:
    /// each error names the person, module, field and rule, nothing goes to stdout, and the exit
    /// status is 1 if there are any
    Sen2(crate::sen2::Sen2Args),
    /// Everything held about one child or young person, for a subject access request (UK GDPR
    /// article 15): a tar archive of person.json (every table's rows about them, documented in
    /// docs/subject-access.md) and the plans and decision letters sent about them, as PDFs
    Person(crate::subject_access::PersonArgs),
    /// The SEN part of the common transfer file (XML) for pupils leaving for a school outside
    /// sendcase: each pupil's whole SEN history, from every school in sendcase
    Ctf {
        #[command(flatten)]
        db: DbArg,
        /// The school the pupils are leaving (URN)
        #[arg(long)]
        school: String,
        /// A leaving pupil's UPN (repeat for each)
        #[arg(long, required = true)]
        upn: Vec<String>,
    },
    /// The school census SEN return of every pupil on roll
    CensusSen {
        #[command(flatten)]
        db: DbArg,
        /// SPR, SUM or AUT (SEN types are returned in the spring census only)
        #[arg(long)]
        term: String,
        #[arg(long)]
        year: i16,
        /// One school's URN; every school when absent
        #[arg(long)]
        school: Option<String>,
        /// csv, or xml for the census SpecialEducationalNeeds fragment per pupil
        #[arg(long, default_value = "csv")]
        format: String,
    },
}

pub async fn school_id(store: &Arc<dyn Store>, urn: &str) -> Result<Uuid, CliError> {
    let urn: Urn = urn.parse().map_err(|e| CliError::Usage(format!("--school {urn}: {e}")))?;
    store
        .organisations()
        .await?
        .into_iter()
        .find(|o| o.kind == OrganisationKind::School && o.urn.as_ref() == Some(&urn))
        .map(|o| o.id)
        .ok_or_else(|| CliError::Usage(format!("no school with URN {urn} in this database")))
}

pub async fn import(cmd: ImportCommand) -> Result<(), CliError> {
    let (db, school, file, leavers) = match cmd {
        ImportCommand::Pupils { db, school, file } => (db, school, file, false),
        ImportCommand::Leavers { db, school, file } => (db, school, file, true),
        ImportCommand::Ctf { db, school, file } => {
            return crate::ctf::import(db, school, file).await;
        }
        ImportCommand::Establishments { db, file } => {
            return crate::establishments::import(db, file).await;
        }
    };
    let name = file.display().to_string();
    let text =
        std::fs::read_to_string(&file).map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
    let today = sendcase_web::today();
    let refused = |errors: Vec<String>| crate::local_offer::refused_in(&name, errors);
    if leavers {
        let rows = read_leavers(&text, today).map_err(refused)?;
        let store = sendcase_store::connect(&db.url()?).await?;
        let school = school_id(&store, &school).await?;
        let left: Vec<(Leaver, jiff::civil::Date)> =
            rows.iter().map(|r| (Leaver::Upn(r.upn.clone()), r.left_on)).collect();
        let meta = AuditMeta::system("import leavers");
        return match store.record_leavers(school, &left, &meta).await {
            Ok(()) => {
                println!("recorded {name}: {} leavers", rows.len());
                Ok(())
            }
            Err(StoreError::NotOnRoll { index }) => Err(refused(vec![format!(
                "line {}: UPN {} is not on roll at the school before that date",
                rows[index].line, rows[index].upn
            )])),
            Err(other) => Err(other.into()),
        };
    }
    let rows = read_pupils(&text, today).map_err(refused)?;
    let store = sendcase_store::connect(&db.url()?).await?;
    let school = school_id(&store, &school).await?;
    let pupils: Vec<PupilImport> = rows
        .into_iter()
        .map(|r| PupilImport {
            upn: r.upn,
            surname: r.surname,
            forename: r.forename,
            birth_date: r.birth_date,
            year_group: r.year_group.code(),
            out_of_cohort_reason: r.out_of_cohort_reason,
            provision: r.status.provision.code(),
            need1: r.status.needs.first().map(|n| n.code()),
            need2: r.status.needs.get(1).map(|n| n.code()),
        })
        .collect();
    let progress = Progress::new(pupils.len(), "pupils");
    let show = |done: usize| {
        if done.is_multiple_of(500) || done == pupils.len() {
            progress.show(done)
        }
    };
    let counts = store
        .import_pupils(school, &pupils, today, &show, &AuditMeta::system("import pupils"))
        .await?;
    progress.finish();
    println!(
        "imported {name}: {} pupils ({} added, {} changed, {} unchanged)",
        pupils.len(),
        counts.added,
        counts.changed,
        counts.unchanged
    );
    Ok(())
}

pub async fn export(cmd: ExportCommand) -> Result<(), CliError> {
    let (db, term, year, school, format) = match cmd {
        ExportCommand::CensusSen { db, term, year, school, format } => {
            (db, term, year, school, format)
        }
        ExportCommand::Ctf { db, school, upn } => return crate::ctf::export(db, school, upn).await,
        ExportCommand::Sen2(args) => return crate::sen2::export(args).await,
        ExportCommand::Person(args) => return crate::subject_access::export(args).await,
    };
    let term = CensusTerm::parse(&term)
        .ok_or_else(|| CliError::Usage(format!("--term {term}: expected SPR, SUM or AUT")))?;
    if !(2000..=2100).contains(&year) {
        return Err(CliError::Usage(format!("--year {year}: expected a census year such as 2027")));
    }
    if format != "csv" && format != "xml" {
        return Err(CliError::Usage(format!("--format {format}: expected csv or xml")));
    }
    let store = sendcase_store::connect(&db.url()?).await?;
    let school = match school {
        Some(urn) => Some(school_id(&store, &urn).await?),
        None => None,
    };
    let (mut pupils, mut faults) = (vec![], vec![]);
    // The return describes the school as it stood on the census day, whenever it is run.
    for row in store.census_register(school, term.census_day(year)).await? {
        let who = format!(
            "{} {} (school {}, UPN {})",
            row.forename,
            row.surname,
            row.urn,
            row.upn.as_deref().unwrap_or("none")
        );
        let upn = row.upn.as_deref().unwrap_or_default().parse();
        let status = SenStatus::from_codes(
            &row.provision,
            row.need1.as_deref().unwrap_or(""),
            row.need2.as_deref().unwrap_or(""),
        );
        match (upn, status) {
            (Ok(upn), Ok(status)) => pupils.push(CensusPupil {
                urn: row.urn,
                upn,
                surname: row.surname,
                forename: row.forename,
                birth_date: row.birth_date,
                status,
            }),
            (upn, status) => {
                let mut why: Vec<String> =
                    upn.err().map(|e| format!("UPN: {e}")).into_iter().collect();
                why.extend(status.err().unwrap_or_default());
                faults.push(format!("{who}: {}", why.join("; ")));
            }
        }
    }
    if !faults.is_empty() {
        return Err(CliError::Usage(format!(
            "the return was not written; {} pupil(s) at fault:\n{}",
            faults.len(),
            faults.join("\n")
        )));
    }
    print!(
        "{}",
        if format == "xml" { census_xml(&pupils, term) } else { census_csv(&pupils, term) }
    );
    Ok(())
}
