//! Schools, colleges and settings loaded from GIAS: each found by its URN and kept up to date, with
//! the councils they sit in, in one transaction so that a failure leaves nothing behind.

use crate::convert::parse_stored;
use crate::directory::OrganisationRow;
use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::register::ImportProgress;
use crate::{AuditMeta, NewOrganisation, Organisation};
use async_trait::async_trait;
use sendcase_domain::people::identifiers::{LaCode, Ukprn, Urn};
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_domain::schools::gias::SenProvision;
use std::collections::HashMap;
use uuid::Uuid;

/// One establishment of a GIAS file, as it is to be stored.
#[derive(Debug, Clone)]
pub struct EstablishmentImport {
    pub urn: Urn,
    pub kind: OrganisationKind,
    pub name: String,
    pub phase: Option<String>,
    pub school_type: Option<String>,
    pub ukprn: Option<Ukprn>,
    /// `None` leaves what is stored as it is, as GIAS's file did not say.
    pub sen_provision: Option<SenProvision>,
    /// The council it sits in, by code and name; `None` leaves a stored one's council as it is.
    pub local_authority: Option<(LaCode, String)>,
    /// Whether it is added when no organisation has its URN yet.
    pub add_if_new: bool,
}

/// What an import did with one establishment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Added,
    Updated,
    Unchanged,
    NotAdded,
}

#[async_trait]
pub trait EstablishmentStore: Send + Sync {
    /// Records each establishment by its URN, all or nothing. One already stored takes the
    /// file's name, type, phase, UKPRN and council (its kind stays as it is, since memberships
    /// depend on it); one not yet stored is added if `add_if_new`. A council not yet stored is
    /// added by its LA code. What happened to each, in order; `progress` hears how many are done.
    async fn import_establishments(
        &self,
        establishments: &[EstablishmentImport],
        progress: ImportProgress<'_>,
        meta: &AuditMeta,
    ) -> StoreResult<Vec<Upserted>>;
}

impl<E: Engine> SqlStore<E> {
    /// The council with `code`, added with `name` if there is none yet.
    async fn council(
        tx: &mut Tx<'_, E>,
        councils: &mut HashMap<LaCode, Uuid>,
        (code, name): &(LaCode, String),
        meta: &AuditMeta,
    ) -> StoreResult<Uuid> {
        if let Some(id) = councils.get(code) {
            return Ok(*id);
        }
        let id = Uuid::now_v7();
        let new = NewOrganisation::local_authority(code.clone(), name.clone());
        Self::insert_organisation(tx, id, &new).await?;
        Self::append_audit(tx, meta, "create", "organisation", Some(&id.to_string())).await?;
        councils.insert(code.clone(), id);
        Ok(id)
    }

    async fn update_establishment(
        tx: &mut Tx<'_, E>,
        stored: &Organisation,
        wanted: &EstablishmentImport,
        local_authority_id: Option<Uuid>,
        meta: &AuditMeta,
    ) -> StoreResult<Upserted> {
        let local_authority_id = local_authority_id.or(stored.local_authority_id);
        let sen_provision = wanted.sen_provision.or(stored.sen_provision);
        let unchanged = stored.name == wanted.name
            && stored.phase == wanted.phase
            && stored.school_type == wanted.school_type
            && stored.ukprn == wanted.ukprn
            && stored.local_authority_id == local_authority_id
            && stored.sen_provision == sen_provision;
        if unchanged {
            return Ok(Upserted::Unchanged);
        }
        Sql::<E>::new(
            "UPDATE organisations SET name = $1, phase = $2, school_type = $3, ukprn = $4, \
             local_authority_id = $5 WHERE id = $6",
        )
        .bind(&wanted.name)
        .bind(&wanted.phase)
        .bind(&wanted.school_type)
        .bind(wanted.ukprn.as_ref().map(|u| u.to_string()))
        .bind(local_authority_id)
        .bind(stored.id)
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::set_sen_provision(tx, stored.id, sen_provision).await?;
        Self::append_audit(tx, meta, "update", "organisation", Some(&stored.id.to_string()))
            .await?;
        Ok(Upserted::Updated)
    }

    async fn set_sen_provision(
        tx: &mut Tx<'_, E>,
        id: Uuid,
        provision: Option<SenProvision>,
    ) -> StoreResult<()> {
        Sql::<E>::new(
            "UPDATE organisations SET sen_unit = $1, resourced_provision = $2 WHERE id = $3",
        )
        .bind(provision.map(|p| p.sen_unit))
        .bind(provision.map(|p| p.resourced_provision))
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

#[async_trait]
impl<E: Engine> EstablishmentStore for SqlStore<E> {
    async fn import_establishments(
        &self,
        establishments: &[EstablishmentImport],
        progress: ImportProgress<'_>,
        meta: &AuditMeta,
    ) -> StoreResult<Vec<Upserted>> {
        let mut tx = self.begin().await?;
        // Read once rather than per row: a national file has about 50,000 establishments.
        let councils: Vec<(String, Uuid)> =
            Sql::<E>::new("SELECT la_code, id FROM organisations WHERE la_code IS NOT NULL")
                .fetch_all(&mut *tx)
                .await?;
        let mut councils: HashMap<LaCode, Uuid> = councils
            .into_iter()
            .map(|(code, id)| Ok((parse_stored("LA code", &code)?, id)))
            .collect::<StoreResult<_>>()?;
        let sql =
            format!("SELECT {} FROM organisations WHERE urn IS NOT NULL", OrganisationRow::COLUMNS);
        let rows: Vec<OrganisationRow> = Sql::<E>::new(sql).fetch_all(&mut *tx).await?;
        let mut stored: HashMap<Urn, Organisation> = HashMap::with_capacity(rows.len());
        for row in rows {
            let organisation = row.into_organisation()?;
            if let Some(urn) = organisation.urn.clone() {
                stored.insert(urn, organisation);
            }
        }
        let mut done = Vec::with_capacity(establishments.len());
        for wanted in establishments {
            let found = stored.get(&wanted.urn);
            if found.is_none() && !wanted.add_if_new {
                done.push(Upserted::NotAdded);
                progress(done.len());
                continue;
            }
            let la = match &wanted.local_authority {
                Some(la) => Some(Self::council(&mut tx, &mut councils, la, meta).await?),
                None => None,
            };
            let outcome = match found {
                Some(organisation) => {
                    Self::update_establishment(&mut tx, organisation, wanted, la, meta).await?
                }
                None => {
                    let id = Uuid::now_v7();
                    let new = NewOrganisation {
                        kind: wanted.kind,
                        name: wanted.name.clone(),
                        la_code: None,
                        urn: Some(wanted.urn.clone()),
                        phase: wanted.phase.clone(),
                        school_type: wanted.school_type.clone(),
                        ukprn: wanted.ukprn.clone(),
                        local_authority_id: la,
                    };
                    Self::insert_organisation(&mut tx, id, &new).await?;
                    Self::set_sen_provision(&mut tx, id, wanted.sen_provision).await?;
                    Self::append_audit(
                        &mut tx,
                        meta,
                        "create",
                        "organisation",
                        Some(&id.to_string()),
                    )
                    .await?;
                    Upserted::Added
                }
            };
            done.push(outcome);
            progress(done.len());
        }
        Self::commit_audited(tx, meta, "import_establishments", "organisation", None).await?;
        Ok(done)
    }
}
