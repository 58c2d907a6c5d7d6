//! The SEN part of the common transfer file: `export ctf` for pupils leaving for a school outside
//! sendcase, `import ctf` for pupils joining from one, their SEN history kept either way.

use crate::census::school_id;
use crate::{CliError, DbArg};
use jiff::civil::Date;
use sendcase_domain::people::identifiers::Upn;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_domain::schools::ctf::{CtfPupil, CtfSchool, ctf_xml, read_ctf};
use sendcase_domain::schools::register::{CensusNeed, SenProvision, SenStatus};
use sendcase_domain::schools::year_group::YearGroup;
use sendcase_store::{AuditMeta, NewOrganisation, PupilImport, RegisterChange, Transfer};
use std::path::PathBuf;

/// A status as the register records it on `on` for a pupil born on `birth`.
fn change(birth: Date, on: Date, status: &SenStatus) -> RegisterChange {
    let need = |rank: usize| status.needs.get(rank).map(|n| n.code().to_owned());
    RegisterChange {
        year_group: YearGroup::for_birth(birth, on).map(YearGroup::code).unwrap_or_default(),
        out_of_cohort_reason: None,
        provision: status.provision.code().to_owned(),
        need1: need(0),
        need2: need(1),
    }
}

pub async fn import(db: DbArg, school: String, file: PathBuf) -> Result<(), CliError> {
    let name = file.display().to_string();
    let xml =
        std::fs::read_to_string(&file).map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
    let ctf = read_ctf(&xml).map_err(|errors| crate::local_offer::refused_in(&name, errors))?;
    let urn = ctf.source.urn.parse().map_err(|e| {
        CliError::Usage(format!("{name}: SourceSchool/URN \"{}\": {e}", ctf.source.urn))
    })?;
    let store = sendcase_store::connect(&db.url()?).await?;
    let school = school_id(&store, &school).await?;
    let today = sendcase_web::today();
    let transfers: Vec<Transfer> =
        ctf.pupils
            .iter()
            .map(|p| {
                let history = p.statuses();
                let now = history.last().map_or(
                    SenStatus { provision: SenProvision::NoSen, needs: vec![] },
                    |(_, s)| s.clone(),
                );
                let need = |rank: usize| now.needs.get(rank).map(|n: &CensusNeed| n.code());
                Transfer {
                    pupil: PupilImport {
                        upn: p.upn.clone(),
                        surname: p.surname.clone(),
                        forename: p.forename.clone(),
                        birth_date: p.birth_date,
                        year_group: change(p.birth_date, today, &now).year_group,
                        out_of_cohort_reason: None,
                        provision: now.provision.code(),
                        need1: need(0),
                        need2: need(1),
                    },
                    history: history
                        .iter()
                        .map(|(on, s)| (*on, change(p.birth_date, *on, s)))
                        .collect(),
                }
            })
            .collect();
    let from = NewOrganisation {
        kind: OrganisationKind::School,
        name: ctf.source.name.clone(),
        la_code: None,
        urn: Some(urn),
        phase: None,
        school_type: None,
        ukprn: None,
        local_authority_id: None,
    };
    let meta = AuditMeta::system("import ctf");
    store.import_transfer(school, &from, &transfers, today, &meta).await?;
    println!("imported {name}: {} pupils from {}", transfers.len(), ctf.source.name);
    Ok(())
}

pub async fn export(db: DbArg, school: String, upns: Vec<String>) -> Result<(), CliError> {
    let store = sendcase_store::connect(&db.url()?).await?;
    let id = school_id(&store, &school).await?;
    let org = store
        .organisation(id)
        .await?
        .ok_or_else(|| CliError::Usage(format!("--school {school}")))?;
    let today = sendcase_web::today();
    let mut pupils = vec![];
    for text in upns {
        let upn: Upn = text.parse().map_err(|e| CliError::Usage(format!("--upn {text}: {e}")))?;
        let on_roll = match store.child_with_upn(&upn).await? {
            Some(child) => store
                .child(child, today)
                .await?
                .filter(|r| r.relations.schools_on_roll.contains(&id)),
            None => None,
        };
        let record = on_roll
            .ok_or_else(|| CliError::Usage(format!("--upn {upn}: not on roll at the school")))?;
        // Every school's entries, this one's included: the whole history goes with the pupil.
        let entries = store.earlier_sen_history(record.child.id, uuid::Uuid::nil()).await?;
        let latest = entries.last().map(|e| &e.entry);
        let needs =
            [latest.and_then(|e| e.need1.as_deref()), latest.and_then(|e| e.need2.as_deref())]
                .into_iter()
                .flatten()
                .filter_map(CensusNeed::parse)
                .collect();
        pupils.push(CtfPupil {
            upn,
            surname: record.child.family_name.clone(),
            forename: record.child.given_name.clone(),
            birth_date: record.child.birth_date,
            history: entries
                .iter()
                .filter_map(|e| {
                    Some((e.entry.recorded_on, SenProvision::parse(&e.entry.provision)?))
                })
                .collect(),
            needs,
        });
    }
    let source =
        CtfSchool { urn: org.urn.map(|u| u.to_string()).unwrap_or_default(), name: org.name };
    print!("{}", ctf_xml(&source, &pupils));
    Ok(())
}
