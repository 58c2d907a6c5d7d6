//! Organisations, users, children and the relationships between them.

use crate::convert::{from_db_date, parse_stored, to_db_date, to_db_time};
use crate::engine::{Connection, Engine, Sql, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::family_decisions::DecisionRow;
use crate::model::*;
use crate::review_invitations::Standing;
use crate::{AuditMeta, Backend};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::{ChildRelations, ChildScope, Membership};
use sendcase_domain::schools::gias::SenProvision;
use std::collections::BTreeMap;
use uuid::Uuid;

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    fn backend(&self) -> Backend;
    /// Answers when the database does; used by the health check.
    async fn ping(&self) -> StoreResult<()>;
    /// True before any organisation exists, i.e. before demo data or real data is loaded.
    async fn is_empty(&self) -> StoreResult<bool>;

    async fn create_organisation(
        &self,
        new: NewOrganisation,
        meta: &AuditMeta,
    ) -> StoreResult<Uuid>;
    async fn organisations(&self) -> StoreResult<Vec<Organisation>>;
    async fn organisation(&self, id: Uuid) -> StoreResult<Option<Organisation>>;

    async fn create_user(&self, new: NewUser, meta: &AuditMeta) -> StoreResult<Uuid>;
    async fn user_account(&self, id: Uuid) -> StoreResult<Option<UserAccount>>;
    async fn user_account_by_email(&self, email: &str) -> StoreResult<Option<UserAccount>>;
    async fn users(&self) -> StoreResult<Vec<UserAccount>>;
    /// The enabled accounts holding `role` anywhere, by name.
    async fn users_holding(&self, role: Role) -> StoreResult<Vec<User>>;

    async fn create_child(&self, new: NewChild, meta: &AuditMeta) -> StoreResult<Uuid>;
    async fn link_family(
        &self,
        child_id: Uuid,
        user_id: Uuid,
        relationship: FamilyRelationship,
        meta: &AuditMeta,
    ) -> StoreResult<()>;
    async fn create_advice_request(
        &self,
        new: NewAdviceRequest,
        meta: &AuditMeta,
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

#[derive(sqlx::FromRow)]
pub(crate) struct OrganisationRow {
    id: Uuid,
    kind: String,
    name: String,
    la_code: Option<String>,
    urn: Option<String>,
    phase: Option<String>,
    school_type: Option<String>,
    ukprn: Option<String>,
    local_authority_id: Option<Uuid>,
    sen_unit: Option<bool>,
    resourced_provision: Option<bool>,
}

impl OrganisationRow {
    pub(crate) const COLUMNS: &str = "id, kind, name, la_code, urn, phase, school_type, ukprn, \
                                      local_authority_id, sen_unit, resourced_provision";

    pub(crate) fn into_organisation(self) -> StoreResult<Organisation> {
        Ok(Organisation {
            id: self.id,
            kind: parse_stored("organisation kind", &self.kind)?,
            name: self.name,
            la_code: self.la_code.map(|c| parse_stored("LA code", &c)).transpose()?,
            urn: self.urn.map(|u| parse_stored("URN", &u)).transpose()?,
            phase: self.phase,
            school_type: self.school_type,
            ukprn: self.ukprn.map(|u| parse_stored("UKPRN", &u)).transpose()?,
            local_authority_id: self.local_authority_id,
            sen_provision: self.sen_unit.zip(self.resourced_provision).map(
                |(sen_unit, resourced_provision)| SenProvision { sen_unit, resourced_provision },
            ),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ChildRow {
    id: Uuid,
    given_name: String,
    family_name: String,
    birth_date: time::Date,
    upn: Option<String>,
    nhs_number: Option<String>,
    uln: Option<String>,
    responsible_la_id: Uuid,
}

impl ChildRow {
    pub(crate) fn id(&self) -> Uuid {
        self.id
    }

    /// On children aliased `c`.
    pub(crate) const COLUMNS: &str = "c.id, c.given_name, c.family_name, c.birth_date, c.upn, \
                                      c.nhs_number, c.uln, c.responsible_la_id";

    pub(crate) fn into_child(self) -> StoreResult<Child> {
        Ok(Child {
            id: self.id,
            given_name: self.given_name,
            family_name: self.family_name,
            birth_date: from_db_date(self.birth_date)?,
            upn: self.upn.map(|u| parse_stored("UPN", &u)).transpose()?,
            nhs_number: self.nhs_number.map(|n| parse_stored("NHS number", &n)).transpose()?,
            uln: self.uln.map(|u| parse_stored("ULN", &u)).transpose()?,
            responsible_la_id: self.responsible_la_id,
        })
    }
}

#[derive(sqlx::FromRow)]
struct EnrolmentRow {
    child_id: Uuid,
    school_id: Uuid,
    start_date: time::Date,
    end_date: Option<time::Date>,
}

#[derive(sqlx::FromRow)]
struct FamilyRow {
    child_id: Uuid,
    user_id: Uuid,
    relationship: String,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    password_hash: String,
    disabled_at: Option<time::OffsetDateTime>,
}

/// A user with one of their memberships (none: NULLs), users aliased `u`.
#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    #[sqlx(flatten)]
    user: UserRow,
    role: Option<String>,
    organisation_id: Option<Uuid>,
}

/// Users with their memberships in one statement: every page and API call reads its caller's
/// account, so one read rather than two. `key` is any columns read first, each followed by a
/// comma; `condition` is on `u`; rows come by user in `order`, then by role.
pub(crate) fn accounts_sql(key: &str, condition: &str, order: &str) -> String {
    format!(
        "SELECT {key}u.id, u.email, u.display_name, u.password_hash, u.disabled_at, m.role, \
         m.organisation_id FROM users u LEFT JOIN memberships m ON m.user_id = u.id \
         {condition} ORDER BY {order}, u.id, m.role"
    )
}

/// The accounts `rows` hold, consecutive rows of one user making one account.
pub(crate) fn accounts(rows: Vec<AccountRow>) -> StoreResult<Vec<UserAccount>> {
    let mut out: Vec<UserAccount> = vec![];
    for AccountRow { user, role, organisation_id } in rows {
        if out.last().is_none_or(|a| a.user.id != user.id) {
            let UserRow { id, email, display_name, password_hash, disabled_at } = user;
            out.push(UserAccount {
                user: User { id, email, display_name },
                password_hash,
                disabled: disabled_at.is_some(),
                memberships: vec![],
            });
        }
        if let (Some(role), Some(account)) = (role, out.last_mut()) {
            account.memberships.push(membership_from_row((role, organisation_id))?);
        }
    }
    Ok(out)
}

fn membership_from_row((role, organisation_id): (String, Option<Uuid>)) -> StoreResult<Membership> {
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
            "EXISTS (SELECT 1 FROM family_links f WHERE f.child_id = c.id AND f.user_id = $1 \
             AND f.relationship = 'parent_or_carer')",
            user,
        ),
        ChildScope::OwnRecord(user) => (
            "EXISTS (SELECT 1 FROM family_links f WHERE f.child_id = c.id AND f.user_id = $1 \
             AND f.relationship = 'self')",
            user,
        ),
        ChildScope::AdviceRequestedFrom(user) => (
            "EXISTS (SELECT 1 FROM advice_requests a WHERE a.child_id = c.id \
             AND a.professional_user_id = $1 AND a.answered_on IS NULL)",
            user,
        ),
        ChildScope::ConsultedAt(setting) => (
            "EXISTS (SELECT 1 FROM consultations k JOIN ehc_requests rq ON rq.id = k.request_id \
             WHERE rq.child_id = c.id AND k.setting_id = $1 AND k.answered_seq IS NULL)",
            setting,
        ),
        ChildScope::InvitedToReview(user) => (
            "EXISTS (SELECT 1 FROM review_invitations ri \
             JOIN ehc_requests rq ON rq.id = ri.request_id \
             WHERE rq.child_id = c.id AND ri.professional_user_id = $1)",
            user,
        ),
    }
}

/// The rows of the relation queries of some children.
struct RelationRows {
    children: Vec<ChildRow>,
    enrolments: Vec<EnrolmentRow>,
    family: Vec<FamilyRow>,
    /// `(child, professional)` for each open advice request.
    advice: Vec<(Uuid, Uuid)>,
    reviews: Vec<Standing>,
    /// `(child, setting)` for each open consultation.
    consulted: Vec<(Uuid, Uuid)>,
    decisions: Vec<DecisionRow>,
}

/// Builds child records from the rows of the relation queries, with enrolments judged on `today`.
fn assemble_children(
    rows: RelationRows,
    today: Date,
    into: &mut BTreeMap<Uuid, ChildRecord>,
) -> StoreResult<()> {
    let RelationRows { children, enrolments, family, advice, reviews, consulted, decisions } = rows;
    for row in children {
        let child = row.into_child()?;
        let (id, birth_date, la) = (child.id, child.birth_date, child.responsible_la_id);
        let relations = ChildRelations {
            birth_date,
            responsible_la: la,
            schools_on_roll: vec![],
            parents: vec![],
            own_account: None,
            open_advice_requests_to: vec![],
            invited_to_review: vec![],
            consulted: vec![],
            family_decisions: vec![],
        };
        into.insert(id, ChildRecord { child, relations });
    }
    for e in enrolments {
        let on_roll = from_db_date(e.start_date)? <= today
            && e.end_date.map(from_db_date).transpose()?.is_none_or(|end| end >= today);
        if let Some(rec) = into.get_mut(&e.child_id).filter(|_| on_roll) {
            rec.relations.schools_on_roll.push(e.school_id);
        }
    }
    for f in family {
        if let Some(rec) = into.get_mut(&f.child_id) {
            match f.relationship.as_str() {
                "self" => rec.relations.own_account = Some(f.user_id),
                _ => rec.relations.parents.push(f.user_id),
            }
        }
    }
    for (child, professional) in advice {
        if let Some(rec) = into.get_mut(&child) {
            rec.relations.open_advice_requests_to.push(professional);
        }
    }
    for invited in reviews {
        if let Some(rec) = into.get_mut(&invited.child) {
            rec.relations.invited_to_review.push(invited.professional);
        }
    }
    for (child, setting) in consulted {
        if let Some(rec) = into.get_mut(&child) {
            rec.relations.consulted.push(setting);
        }
    }
    for row in decisions {
        if let Some(rec) = into.get_mut(&row.child_id()) {
            rec.relations.family_decisions.push(row.read()?);
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
    /// Links `user_id` to the child as `relationship`, within the caller's transaction.
    pub(crate) async fn insert_family_link(
        tx: &mut Tx<'_, E>,
        child_id: Uuid,
        user_id: Uuid,
        relationship: FamilyRelationship,
    ) -> StoreResult<()> {
        Sql::<E>::new(
            "INSERT INTO family_links (child_id, user_id, relationship) VALUES ($1, $2, $3)",
        )
        .bind(child_id)
        .bind(user_id)
        .bind(relationship.as_str())
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[("family_links", "family link")]))?;
        Ok(())
    }

    /// The account and its memberships, within the caller's transaction.
    pub(crate) async fn insert_user(
        tx: &mut Tx<'_, E>,
        id: Uuid,
        new: &NewUser,
    ) -> StoreResult<()> {
        Sql::<E>::new(
            "INSERT INTO users (id, email, display_name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(new.email.to_lowercase())
        .bind(&new.display_name)
        .bind(&new.password_hash)
        .bind(to_db_time(jiff::Timestamp::now()))
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[("email", "email address")]))?;
        for m in &new.memberships {
            Sql::<E>::new(
                "INSERT INTO memberships (user_id, role, organisation_id) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(m.role.as_str())
            .bind(m.organisation_id)
            .execute(&mut **tx)
            .await
            .map_err(|e| StoreError::from_write(e, &[]))?;
        }
        Ok(())
    }

    /// Inserts a child and its enrolment inside the caller's transaction.
    pub(crate) async fn insert_child(
        tx: &mut Tx<'_, E>,
        id: Uuid,
        new: &NewChild,
    ) -> StoreResult<Uuid> {
        Sql::<E>::new(
            "INSERT INTO children (id, given_name, family_name, birth_date, upn, nhs_number, \
             uln, responsible_la_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(&new.given_name)
        .bind(&new.family_name)
        .bind(to_db_date(new.birth_date))
        .bind(new.upn.as_ref().map(|u| u.to_string()))
        .bind(new.nhs_number.as_ref().map(|n| n.as_ref().to_owned()))
        .bind(new.uln.as_ref().map(|u| u.to_string()))
        .bind(new.responsible_la_id)
        .bind(to_db_time(jiff::Timestamp::now()))
        .execute(&mut **tx)
        .await
        .map_err(|e| {
            StoreError::from_write(
                e,
                &[
                    ("upn", "UPN"),
                    ("nhs_number", "NHS number"),
                    ("uln", "ULN"),
                    ("responsible_la", "local authority"),
                ],
            )
        })?;
        if let Some((school, from)) = new.enrolment {
            Self::insert_enrolment(tx, id, school, from).await?;
        }
        Ok(id)
    }

    /// Puts a child on roll at a school from `from`, inside the caller's transaction.
    pub(crate) async fn insert_organisation(
        tx: &mut Tx<'_, E>,
        id: Uuid,
        new: &NewOrganisation,
    ) -> StoreResult<()> {
        Sql::<E>::new(
            "INSERT INTO organisations (id, kind, name, la_code, urn, phase, school_type, \
             ukprn, local_authority_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(new.kind.as_str())
        .bind(&new.name)
        .bind(new.la_code.as_ref().map(|c| c.to_string()))
        .bind(new.urn.as_ref().map(|u| u.to_string()))
        .bind(&new.phase)
        .bind(&new.school_type)
        .bind(new.ukprn.as_ref().map(|u| u.to_string()))
        .bind(new.local_authority_id)
        .bind(to_db_time(jiff::Timestamp::now()))
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[("la_code", "LA code"), ("urn", "URN")]))?;
        Ok(())
    }

    pub(crate) async fn insert_enrolment(
        tx: &mut Tx<'_, E>,
        child_id: Uuid,
        school_id: Uuid,
        from: Date,
    ) -> StoreResult<()> {
        Sql::<E>::new(
            "INSERT INTO enrolments (child_id, school_id, start_date) VALUES ($1, $2, $3)",
        )
        .bind(child_id)
        .bind(school_id)
        .bind(to_db_date(from))
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Ok(())
    }

    /// Loads the children matching `condition` (on alias `c`, id bound as `$1`) with their relations.
    pub(crate) async fn load_children(
        db: &mut Connection<E>,
        condition: &str,
        id: Uuid,
        today: Date,
        into: &mut BTreeMap<Uuid, ChildRecord>,
    ) -> StoreResult<()> {
        let matching = |mut qb: Sql<'static, E>| {
            qb.push(condition);
            qb.bind(id)
        };
        Self::load_children_where(db, matching, today, into).await
    }

    /// Loads the children whose condition on alias `c` `condition` appends, with their relations.
    pub(crate) async fn load_children_where(
        db: &mut Connection<E>,
        condition: impl Fn(Sql<'static, E>) -> Sql<'static, E>,
        today: Date,
        into: &mut BTreeMap<Uuid, ChildRecord>,
    ) -> StoreResult<()> {
        let children_sql = format!("SELECT {} FROM children c WHERE ", ChildRow::COLUMNS);
        let children = condition(Sql::new(children_sql)).fetch_all(db).await?;
        let enrolments = condition(Sql::new(
            "SELECT e.child_id, e.school_id, e.start_date, e.end_date FROM enrolments e \
             JOIN children c ON c.id = e.child_id WHERE ",
        ))
        .fetch_all(db)
        .await?;
        let family = condition(Sql::new(
            "SELECT fl.child_id, fl.user_id, fl.relationship FROM family_links fl \
             JOIN children c ON c.id = fl.child_id WHERE ",
        ))
        .fetch_all(db)
        .await?;
        let advice = condition(Sql::new(
            "SELECT ar.child_id, ar.professional_user_id FROM advice_requests ar \
             JOIN children c ON c.id = ar.child_id WHERE ar.answered_on IS NULL AND ",
        ))
        .fetch_all(db)
        .await?;
        let reviews = Self::invited_to_reviews(db, &condition).await?;
        let consulted = Self::consulted_settings(db, &condition).await?;
        let decisions = Self::family_decisions_where(db, &condition).await?;
        let rows =
            RelationRows { children, enrolments, family, advice, reviews, consulted, decisions };
        assemble_children(rows, today, into)
    }
}

#[async_trait]
impl<E: Engine> DirectoryStore for SqlStore<E> {
    fn backend(&self) -> Backend {
        E::BACKEND
    }

    async fn ping(&self) -> StoreResult<()> {
        Sql::<E>::new("SELECT 1").execute(&mut *self.read().await?).await?;
        Ok(())
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let n: i64 = Sql::<E>::new("SELECT COUNT(*) FROM organisations")
            .scalar(&mut *self.read().await?)
            .await?;
        Ok(n == 0)
    }

    async fn create_organisation(
        &self,
        new: NewOrganisation,
        meta: &AuditMeta,
    ) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        let mut tx = self.begin().await?;
        Self::insert_organisation(&mut tx, id, &new).await?;
        Self::commit_audited(tx, meta, "create", "organisation", Some(&id.to_string())).await?;
        Ok(id)
    }

    async fn organisations(&self) -> StoreResult<Vec<Organisation>> {
        let sql =
            format!("SELECT {} FROM organisations ORDER BY kind, name", OrganisationRow::COLUMNS);
        let rows: Vec<OrganisationRow> =
            Sql::<E>::new(&sql).fetch_all(&mut *self.read().await?).await?;
        rows.into_iter().map(OrganisationRow::into_organisation).collect()
    }

    async fn organisation(&self, id: Uuid) -> StoreResult<Option<Organisation>> {
        let sql = format!("SELECT {} FROM organisations WHERE id = $1", OrganisationRow::COLUMNS);
        let row: Option<OrganisationRow> =
            Sql::<E>::new(&sql).bind(id).fetch_optional(&mut *self.read().await?).await?;
        row.map(OrganisationRow::into_organisation).transpose()
    }

    async fn create_user(&self, new: NewUser, meta: &AuditMeta) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        let mut tx = self.begin().await?;
        Self::insert_user(&mut tx, id, &new).await?;
        Self::commit_audited(tx, meta, "create", "user", Some(&id.to_string())).await?;
        Ok(id)
    }

    async fn user_account(&self, id: Uuid) -> StoreResult<Option<UserAccount>> {
        let rows = Sql::<E>::new(accounts_sql("", "WHERE u.id = $1", "u.id"))
            .bind(id)
            .fetch_all(&mut *self.read().await?)
            .await?;
        Ok(accounts(rows)?.pop())
    }

    async fn user_account_by_email(&self, email: &str) -> StoreResult<Option<UserAccount>> {
        let rows = Sql::<E>::new(accounts_sql("", "WHERE u.email = $1", "u.email"))
            .bind(email.trim().to_lowercase())
            .fetch_all(&mut *self.read().await?)
            .await?;
        Ok(accounts(rows)?.pop())
    }

    async fn users(&self) -> StoreResult<Vec<UserAccount>> {
        let rows = Sql::<E>::new(accounts_sql("", "", "u.email"))
            .fetch_all(&mut *self.read().await?)
            .await?;
        accounts(rows)
    }

    async fn users_holding(&self, role: Role) -> StoreResult<Vec<User>> {
        let rows: Vec<(Uuid, String, String)> = Sql::<E>::new(
            "SELECT u.id, u.email, u.display_name FROM users u WHERE u.disabled_at IS NULL \
             AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = $1) \
             ORDER BY u.display_name, u.id",
        )
        .bind(role.as_str())
        .fetch_all(&mut *self.read().await?)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, email, display_name)| User { id, email, display_name })
            .collect())
    }

    async fn create_child(&self, new: NewChild, meta: &AuditMeta) -> StoreResult<Uuid> {
        let mut tx = self.begin().await?;
        let id = Self::insert_child(&mut tx, Uuid::now_v7(), &new).await?;
        Self::commit_audited(tx, meta, "create", "child", Some(&id.to_string())).await?;
        Ok(id)
    }

    async fn link_family(
        &self,
        child_id: Uuid,
        user_id: Uuid,
        relationship: FamilyRelationship,
        meta: &AuditMeta,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        Self::insert_family_link(&mut tx, child_id, user_id, relationship).await?;
        Self::commit_audited(tx, meta, "link_family", "child", Some(&child_id.to_string())).await
    }

    async fn create_advice_request(
        &self,
        new: NewAdviceRequest,
        meta: &AuditMeta,
    ) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        let mut tx = self.begin().await?;
        Sql::<E>::new(
            "INSERT INTO advice_requests (id, child_id, professional_user_id, advice_kind, \
             requested_on) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(new.child_id)
        .bind(new.professional_user_id)
        .bind(&new.advice_kind)
        .bind(to_db_date(new.requested_on))
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        Self::commit_audited(tx, meta, "request_advice", "child", Some(&new.child_id.to_string()))
            .await?;
        Ok(id)
    }

    async fn child(&self, id: Uuid, today: Date) -> StoreResult<Option<ChildRecord>> {
        let mut found = BTreeMap::new();
        Self::load_children(&mut *self.read().await?, "c.id = $1", id, today, &mut found).await?;
        Ok(found.remove(&id))
    }

    async fn children_in_scopes(
        &self,
        scopes: &[ChildScope],
        today: Date,
    ) -> StoreResult<Vec<ChildRecord>> {
        let mut found = BTreeMap::new();
        for scope in scopes {
            let (condition, id) = scope_condition(scope);
            Self::load_children(&mut *self.read().await?, condition, id, today, &mut found).await?;
        }
        Ok(by_name(found))
    }
}
