//! `import establishments`: a council's schools, colleges and settings from GIAS's download, so
//! that real settings, not only the demo's, can be named, placed at and imported into.

use crate::progress::Progress;
use crate::{CliError, DbArg};
use sendcase_domain::csv_lines::decode;
use sendcase_domain::schools::gias::{Establishment, NotAdded, read_establishments};
use sendcase_store::{AuditMeta, EstablishmentImport, Upserted};
use std::path::PathBuf;

pub async fn import(db: DbArg, file: PathBuf) -> Result<(), CliError> {
    let name = file.display().to_string();
    let bytes = std::fs::read(&file).map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
    let establishments = read_establishments(&decode(&bytes))
        .map_err(|errors| crate::local_offer::refused_in(&name, errors))?;
    let wanted: Vec<EstablishmentImport> = establishments.iter().map(to_store).collect();
    let store = sendcase_store::connect(&db.url()?).await?;
    let progress = Progress::new(wanted.len(), "establishments");
    let show = |done: usize| {
        if done.is_multiple_of(1_000) || done == wanted.len() {
            progress.show(done)
        }
    };
    let meta = AuditMeta::system("import establishments");
    let done = store.import_establishments(&wanted, &show, &meta).await?;
    progress.finish();
    let count = |outcome: Upserted| done.iter().filter(|d| **d == outcome).count();
    let not_added = |why: NotAdded| {
        establishments
            .iter()
            .zip(&done)
            .filter(|(e, d)| **d == Upserted::NotAdded && e.not_added() == Some(why))
            .count()
    };
    println!(
        "imported {name}: {} establishments ({} added, {} updated, {} unchanged; not added: {} \
         closed, {} outside England)",
        done.len(),
        count(Upserted::Added),
        count(Upserted::Updated),
        count(Upserted::Unchanged),
        not_added(NotAdded::Closed),
        not_added(NotAdded::OutsideEngland),
    );
    Ok(())
}

fn to_store(e: &Establishment) -> EstablishmentImport {
    EstablishmentImport {
        urn: e.urn.clone(),
        kind: e.kind(),
        name: e.name.clone(),
        phase: e.phase.clone(),
        school_type: Some(e.type_of_establishment.clone()),
        ukprn: e.ukprn.clone(),
        sen_provision: e.sen_provision,
        local_authority: e.local_authority.as_ref().map(|la| (la.code.clone(), la.name.clone())),
        add_if_new: e.not_added().is_none(),
    }
}
