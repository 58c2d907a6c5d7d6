//! Organisations, users, children and the relationships between them.

use crate::convert::{from_db_date, parse_stored};
use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::StoreResult;
use crate::model::*;
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::policy::{ChildRelations, ChildScope, Membership};
use std::collections::BTreeMap;
use uuid::Uuid;

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    fn backend(&self) -> crate::Backend;
    /// Answers when the database does; used by the health check.
    async fn ping(&self) -> StoreResult<()>;
    /// True before any organisation exists, i.e. before demo data or real data is loaded.
    async fn is_empty(&self) -> StoreResult<bool>;

    async fn create_organisation(
        &self,
        new: NewOrganisation,
        meta: &crate::AuditMeta,
    ) -> StoreResult<Uuid>;
    async fn organisations(&self) -> StoreResult<Vec<Organisation>>;
    async fn organisation(&self, id: Uuid) -> StoreResult<Option<Organisation>>;

    async fn create_user(&self, new: NewUser, meta: &crate::AuditMeta) -> StoreResult<Uuid>;
    async fn user_account(&self, id: Uuid) -> StoreResult<Option<UserAccount>>;
    async fn user_account_by_email(&self, email: &str) -> StoreResult<Option<UserAccount>>;
    async fn users(&self) -> StoreResult<Vec<UserAccount>>;

    async fn create_child(&self, new: NewChild, meta: &crate::AuditMeta) -> StoreResult<Uuid>;
    async fn link_family(
        &self,
        child_id: Uuid,
        user_id: Uuid,
        relationship: FamilyRelationship,
        meta: &crate::AuditMeta,
    ) -> StoreResult<()>;
    async fn create_advice_request(
        &self,
        new: NewAdviceRequest,
        meta: &crate::AuditMeta,
    ) -> StoreResult<Uuid>;
    /// One child and its relations as they stand on `today`. Not audited: the caller records the read once access is decided.
    async fn child(&self, id: Uuid, today: Date) -> StoreResult<Option<ChildRecord>>;
    /// Every child in any of `scopes`, by name; the caller still decides access for each.
    async fn children_in_scopes(
        &self,
        scopes: &[ChildScope],
        today: Date,
    ) -> StoreResult<Vec<ChildRecord>>;
}

pub(crate) type OrganisationRow = (
    Uuid,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<Uuid>,
);
pub(crate) type ChildRow =
    (Uuid, String, String, time::Date, Option<String>, Option<String>, Option<String>, Uuid);
pub(crate) type EnrolmentRow = (Uuid, Uuid, time::Date, Option<time::Date>);
pub(crate) type FamilyRow = (Uuid, Uuid, String);
pub(crate) type AdviceRow = (Uuid, Uuid);

pub(crate) const ORGANISATION_COLUMNS: &str =
    "id, kind, name, la_code, urn, phase, school_type, local_authority_id";
pub(crate) const CHILD_COLUMNS: &str = "c.id, c.given_name, c.family_name, c.birth_date, c.upn, c.nhs_number, c.uln, c.responsible_la_id";

pub(crate) fn organisation_from_row(r: OrganisationRow) -> StoreResult<Organisation> {
    let (id, kind, name, la_code, urn, phase, school_type, local_authority_id) = r;
    Ok(Organisation {
        id,
        kind: parse_stored("organisation kind", &kind)?,
        name,
        la_code: la_code.map(|c| parse_stored("LA code", &c)).transpose()?,
        urn: urn.map(|u| parse_stored("URN", &u)).transpose()?,
        phase,
        school_type,
        local_authority_id,
    })
}

pub(crate) fn membership_from_row(
    (role, organisation_id): (String, Option<Uuid>),
) -> StoreResult<Membership> {
    Ok(Membership { role: parse_stored("role", &role)?, organisation_id })
}

/// The SQL condition (on children aliased `c`, with the scope's id as `$1`) for each scope.
pub(crate) fn scope_condition(scope: &ChildScope) -> (&'static str, Uuid) {
    match *scope {
        ChildScope::ResponsibleLa(la) => ("c.responsible_la_id = $1", la),
        ChildScope::OnRollAt(school) => (
            "EXISTS (SELECT 1 FROM enrolments e WHERE e.child_id = c.id AND e.school_id = $1)",
            school,
        ),
        ChildScope::ParentOf(user) => (
            "EXISTS (SELECT 1 FROM family_links f WHERE f.child_id = c.id AND f.user_id = $1 AND f.relationship = 'parent_or_carer')",
            user,
        ),
        ChildScope::OwnRecord(user) => (
            "EXISTS (SELECT 1 FROM family_links f WHERE f.child_id = c.id AND f.user_id = $1 AND f.relationship = 'self')",
            user,
        ),
        ChildScope::AdviceRequestedFrom(user) => (
            "EXISTS (SELECT 1 FROM advice_requests a WHERE a.child_id = c.id AND a.professional_user_id = $1 AND a.answered_on IS NULL)",
            user,
        ),
    }
}

pub(crate) fn child_from_row(row: ChildRow) -> StoreResult<Child> {
    let (id, given_name, family_name, birth, upn, nhs, uln, la) = row;
    Ok(Child {
        id,
        given_name,
        family_name,
        birth_date: from_db_date(birth)?,
        upn: upn.map(|u| parse_stored("UPN", &u)).transpose()?,
        nhs_number: nhs.map(|n| parse_stored("NHS number", &n)).transpose()?,
        uln: uln.map(|u| parse_stored("ULN", &u)).transpose()?,
        responsible_la_id: la,
    })
}

/// Builds child records from the rows of the four relation queries, with enrolments judged on `today`.
pub(crate) fn assemble_children(
    children: Vec<ChildRow>,
    enrolments: Vec<EnrolmentRow>,
    family: Vec<FamilyRow>,
    advice: Vec<AdviceRow>,
    today: Date,
    into: &mut BTreeMap<Uuid, ChildRecord>,
) -> StoreResult<()> {
    for row in children {
        let child = child_from_row(row)?;
        let (id, birth_date, la) = (child.id, child.birth_date, child.responsible_la_id);
        let relations = ChildRelations {
            birth_date,
            responsible_la: la,
            schools_on_roll: vec![],
            parents: vec![],
            own_account: None,
            open_advice_requests_to: vec![],
        };
        into.insert(id, ChildRecord { child, relations });
    }
    for (child, school, start, end) in enrolments {
        let on_roll = from_db_date(start)? <= today
            && end.map(from_db_date).transpose()?.is_none_or(|e| e >= today);
        if let Some(rec) = into.get_mut(&child).filter(|_| on_roll) {
            rec.relations.schools_on_roll.push(school);
        }
    }
    for (child, user, relationship) in family {
        if let Some(rec) = into.get_mut(&child) {
            match relationship.as_str() {
                "self" => rec.relations.own_account = Some(user),
                _ => rec.relations.parents.push(user),
            }
        }
    }
    for (child, professional) in advice {
        if let Some(rec) = into.get_mut(&child) {
            rec.relations.open_advice_requests_to.push(professional);
        }
    }
    Ok(())
}

pub(crate) fn by_name(records: BTreeMap<Uuid, ChildRecord>) -> Vec<ChildRecord> {
    let mut v: Vec<ChildRecord> = records.into_values().collect();
    v.sort_by(|a, b| {
        (&a.child.family_name, &a.child.given_name, a.child.id).cmp(&(
            &b.child.family_name,
            &b.child.given_name,
            b.child.id,
        ))
    });
    v
}

impl<E: Engine> SqlStore<E> {
    /// Inserts a child and its enrolment inside the caller's transaction.
    pub(crate) async fn insert_child(
        tx: &mut Tx<'_, E>,
        id: uuid::Uuid,
        new: &crate::NewChild,
    ) -> crate::StoreResult<uuid::Uuid> {
        Sql::<E>::new(
                    "INSERT INTO children (id, given_name, family_name, birth_date, upn, nhs_number, uln, responsible_la_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(id)
                .bind(&new.given_name)
                .bind(&new.family_name)
                .bind(crate::convert::to_db_date(new.birth_date))
                .bind(new.upn.as_ref().map(|u| u.to_string()))
                .bind(new.nhs_number.as_ref().map(|n| n.as_ref().to_owned()))
                .bind(new.uln.as_ref().map(|u| u.to_string()))
                .bind(new.responsible_la_id)
                .bind(crate::convert::to_db_time(jiff::Timestamp::now()))
                .execute(&mut **tx)
                .await
                .map_err(|e| {
                    crate::StoreError::from_write(
                        e,
                        &[("upn", "UPN"), ("nhs_number", "NHS number"), ("uln", "ULN"), ("responsible_la", "local authority")],
                    )
                })?;
        if let Some((school, from)) = new.enrolment {
            Sql::<E>::new(
                "INSERT INTO enrolments (child_id, school_id, start_date) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(school)
            .bind(crate::convert::to_db_date(from))
            .execute(&mut **tx)
            .await
            .map_err(|e| crate::StoreError::from_write(e, &[]))?;
        }
        Ok(id)
    }

    async fn load_user_account(
        &self,
        row: Option<(uuid::Uuid, String, String, String)>,
    ) -> crate::StoreResult<Option<crate::UserAccount>> {
        let Some((id, email, display_name, password_hash)) = row else { return Ok(None) };
        let memberships: Vec<(String, Option<uuid::Uuid>)> = Sql::<E>::new(
            "SELECT role, organisation_id FROM memberships WHERE user_id = $1 ORDER BY role",
        )
        .bind(id)
        .fetch_all(&mut *self.read().await?)
        .await?;
        Ok(Some(crate::UserAccount {
            user: crate::User { id, email, display_name },
            password_hash,
            memberships: memberships
                .into_iter()
                .map(crate::directory::membership_from_row)
                .collect::<Result<_, _>>()?,
        }))
    }

    /// Loads the children matching `condition` (on alias `c`, id bound as `$1`) with their relations.
    pub(crate) async fn load_children(
        db: &mut crate::engine::Connection<E>,
        condition: &str,
        id: uuid::Uuid,
        today: jiff::civil::Date,
        into: &mut std::collections::BTreeMap<uuid::Uuid, crate::ChildRecord>,
    ) -> crate::StoreResult<()> {
        let children_sql =
            format!("SELECT {} FROM children c WHERE {condition}", crate::directory::CHILD_COLUMNS);
        let children: Vec<crate::directory::ChildRow> =
            Sql::<E>::new(&children_sql).bind(id).fetch_all(db).await?;
        let enrol_sql = format!(
            "SELECT e.child_id, e.school_id, e.start_date, e.end_date FROM enrolments e JOIN children c ON c.id = e.child_id WHERE {condition}"
        );
        let enrolments = Sql::<E>::new(&enrol_sql).bind(id).fetch_all(db).await?;
        let family_sql = format!(
            "SELECT fl.child_id, fl.user_id, fl.relationship FROM family_links fl JOIN children c ON c.id = fl.child_id WHERE {condition}"
        );
        let family = Sql::<E>::new(&family_sql).bind(id).fetch_all(db).await?;
        let advice_sql = format!(
            "SELECT ar.child_id, ar.professional_user_id FROM advice_requests ar JOIN children c ON c.id = ar.child_id \
                     WHERE ar.answered_on IS NULL AND {condition}"
        );
        let advice = Sql::<E>::new(&advice_sql).bind(id).fetch_all(db).await?;
        crate::directory::assemble_children(children, enrolments, family, advice, today, into)
    }
}

#[async_trait::async_trait]
impl<E: Engine> crate::DirectoryStore for SqlStore<E> {
    fn backend(&self) -> crate::Backend {
        E::BACKEND
    }

    async fn ping(&self) -> crate::StoreResult<()> {
        Sql::<E>::new("SELECT 1").execute(&mut *self.read().await?).await?;
        Ok(())
    }

    async fn is_empty(&self) -> crate::StoreResult<bool> {
        let n: i64 = Sql::<E>::new("SELECT COUNT(*) FROM organisations")
            .scalar(&mut *self.read().await?)
            .await?;
        Ok(n == 0)
    }

    async fn create_organisation(
        &self,
        new: crate::NewOrganisation,
        meta: &crate::AuditMeta,
    ) -> crate::StoreResult<uuid::Uuid> {
        let id = uuid::Uuid::now_v7();
        let mut tx = self.begin().await?;
        Sql::<E>::new(
                    "INSERT INTO organisations (id, kind, name, la_code, urn, phase, school_type, local_authority_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(id)
                .bind(new.kind.as_str())
                .bind(&new.name)
                .bind(new.la_code.as_ref().map(|c| c.to_string()))
                .bind(new.urn.as_ref().map(|u| u.to_string()))
                .bind(&new.phase)
                .bind(&new.school_type)
                .bind(new.local_authority_id)
                .bind(crate::convert::to_db_time(jiff::Timestamp::now()))
                .execute(&mut *tx)
                .await
                .map_err(|e| crate::StoreError::from_write(e, &[("la_code", "LA code"), ("urn", "URN")]))?;
        Self::append_audit(&mut tx, meta, "create", "organisation", Some(&id.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn organisations(&self) -> crate::StoreResult<Vec<crate::Organisation>> {
        let sql = format!(
            "SELECT {} FROM organisations ORDER BY kind, name",
            crate::directory::ORGANISATION_COLUMNS
        );
        let rows: Vec<crate::directory::OrganisationRow> =
            Sql::<E>::new(&sql).fetch_all(&mut *self.read().await?).await?;
        rows.into_iter().map(crate::directory::organisation_from_row).collect()
    }

    async fn organisation(
        &self,
        id: uuid::Uuid,
    ) -> crate::StoreResult<Option<crate::Organisation>> {
        let sql = format!(
            "SELECT {} FROM organisations WHERE id = $1",
            crate::directory::ORGANISATION_COLUMNS
        );
        let row: Option<crate::directory::OrganisationRow> =
            Sql::<E>::new(&sql).bind(id).fetch_optional(&mut *self.read().await?).await?;
        row.map(crate::directory::organisation_from_row).transpose()
    }

    async fn create_user(
        &self,
        new: crate::NewUser,
        meta: &crate::AuditMeta,
    ) -> crate::StoreResult<uuid::Uuid> {
        let id = uuid::Uuid::now_v7();
        let mut tx = self.begin().await?;
        Sql::<E>::new("INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(new.email.to_lowercase())
                    .bind(&new.display_name)
                    .bind(&new.password_hash)
                    .bind(crate::convert::to_db_time(jiff::Timestamp::now()))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| crate::StoreError::from_write(e, &[("email", "email address")]))?;
        for m in &new.memberships {
            Sql::<E>::new(
                "INSERT INTO memberships (user_id, role, organisation_id) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(m.role.as_str())
            .bind(m.organisation_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::StoreError::from_write(e, &[]))?;
        }
        Self::append_audit(&mut tx, meta, "create", "user", Some(&id.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn user_account(&self, id: uuid::Uuid) -> crate::StoreResult<Option<crate::UserAccount>> {
        let row =
            Sql::<E>::new("SELECT id, email, display_name, password_hash FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *self.read().await?)
                .await?;
        self.load_user_account(row).await
    }

    async fn user_account_by_email(
        &self,
        email: &str,
    ) -> crate::StoreResult<Option<crate::UserAccount>> {
        let row = Sql::<E>::new(
            "SELECT id, email, display_name, password_hash FROM users WHERE email = $1",
        )
        .bind(email.trim().to_lowercase())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        self.load_user_account(row).await
    }

    async fn users(&self) -> crate::StoreResult<Vec<crate::UserAccount>> {
        let rows: Vec<(uuid::Uuid, String, String, String)> = Sql::<E>::new(
            "SELECT id, email, display_name, password_hash FROM users ORDER BY email",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.extend(self.load_user_account(Some(row)).await?);
        }
        Ok(out)
    }

    async fn create_child(
        &self,
        new: crate::NewChild,
        meta: &crate::AuditMeta,
    ) -> crate::StoreResult<uuid::Uuid> {
        let mut tx = self.begin().await?;
        let id = Self::insert_child(&mut tx, uuid::Uuid::now_v7(), &new).await?;
        Self::append_audit(&mut tx, meta, "create", "child", Some(&id.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn link_family(
        &self,
        child_id: uuid::Uuid,
        user_id: uuid::Uuid,
        relationship: crate::FamilyRelationship,
        meta: &crate::AuditMeta,
    ) -> crate::StoreResult<()> {
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO family_links (child_id, user_id, relationship) VALUES ($1, $2, $3)",
        )
        .bind(child_id)
        .bind(user_id)
        .bind(relationship.as_str())
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::StoreError::from_write(e, &[("family_links", "family link")]))?;
        Self::append_audit(&mut tx, meta, "link_family", "child", Some(&child_id.to_string()))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_advice_request(
        &self,
        new: crate::NewAdviceRequest,
        meta: &crate::AuditMeta,
    ) -> crate::StoreResult<uuid::Uuid> {
        let id = uuid::Uuid::now_v7();
        let mut tx = self.begin().await?;
        Sql::<E>::new(
                    "INSERT INTO advice_requests (id, child_id, professional_user_id, advice_kind, requested_on) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(new.child_id)
                .bind(new.professional_user_id)
                .bind(&new.advice_kind)
                .bind(crate::convert::to_db_date(new.requested_on))
                .execute(&mut *tx)
                .await
                .map_err(|e| crate::StoreError::from_write(e, &[]))?;
        Self::append_audit(
            &mut tx,
            meta,
            "request_advice",
            "child",
            Some(&new.child_id.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn child(
        &self,
        id: uuid::Uuid,
        today: jiff::civil::Date,
    ) -> crate::StoreResult<Option<crate::ChildRecord>> {
        let mut found = std::collections::BTreeMap::new();
        Self::load_children(&mut *self.read().await?, "c.id = $1", id, today, &mut found).await?;
        Ok(found.remove(&id))
    }

    async fn children_in_scopes(
        &self,
        scopes: &[sendcase_domain::policy::ChildScope],
        today: jiff::civil::Date,
    ) -> crate::StoreResult<Vec<crate::ChildRecord>> {
        let mut found = std::collections::BTreeMap::new();
        for scope in scopes {
            let (condition, id) = crate::directory::scope_condition(scope);
            Self::load_children(&mut *self.read().await?, condition, id, today, &mut found).await?;
        }
        Ok(crate::directory::by_name(found))
    }
}
