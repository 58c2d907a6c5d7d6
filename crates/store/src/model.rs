//! The records the store hands out and takes in. Identifiers are the domain's parsed types.

use jiff::civil::Date;
use sendcase_domain::people::identifiers::{LaCode, NhsNumber, Ukprn, Uln, Upn, Urn};
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_domain::people::same_child::ChildDetails;
use sendcase_domain::policy::{ChildRelations, Membership};
use sendcase_domain::schools::gias::SenProvision;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub kind: OrganisationKind,
    pub name: String,
    pub la_code: Option<LaCode>,
    pub urn: Option<Urn>,
    pub phase: Option<String>,
    pub school_type: Option<String>,
    pub ukprn: Option<Ukprn>,
    /// The local authority a school or service sits in.
    pub local_authority_id: Option<Uuid>,
}

impl NewOrganisation {
    /// A local authority: its code and name, and nothing a school has.
    pub fn local_authority(code: LaCode, name: String) -> Self {
        NewOrganisation {
            kind: OrganisationKind::LocalAuthority,
            name,
            la_code: Some(code),
            urn: None,
            phase: None,
            school_type: None,
            ukprn: None,
            local_authority_id: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub id: Uuid,
    pub kind: OrganisationKind,
    pub name: String,
    pub la_code: Option<LaCode>,
    pub urn: Option<Urn>,
    pub phase: Option<String>,
    pub school_type: Option<String>,
    pub ukprn: Option<Ukprn>,
    pub local_authority_id: Option<Uuid>,
    /// What GIAS says of its SEN unit and resourced provision, once a GIAS file has said.
    pub sen_provision: Option<SenProvision>,
}

impl Organisation {
    /// The council the organisation belongs to: itself for a council, else the one it sits in.
    pub fn council(&self) -> Option<Uuid> {
        match self.kind {
            OrganisationKind::LocalAuthority => Some(self.id),
            _ => self.local_authority_id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub memberships: Vec<Membership>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
}

/// A user with what is needed to sign them in and decide their access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAccount {
    pub user: User,
    pub password_hash: String,
    pub memberships: Vec<Membership>,
    /// An administrator disabled the account: it cannot sign in, and its sessions and tokens
    /// no longer work.
    pub disabled: bool,
}

#[derive(Debug, Clone)]
pub struct NewChild {
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Date,
    pub upn: Option<Upn>,
    pub nhs_number: Option<NhsNumber>,
    pub uln: Option<Uln>,
    pub responsible_la_id: Uuid,
    /// The school the child is on roll at, and from when.
    pub enrolment: Option<(Uuid, Date)>,
}

impl NewChild {
    /// What says who the child is, for the rule that one child has one record.
    pub fn details(&self) -> ChildDetails<'_> {
        ChildDetails {
            given_name: &self.given_name,
            family_name: &self.family_name,
            birth_date: self.birth_date,
            upn: self.upn.as_ref(),
            nhs_number: self.nhs_number.as_ref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Child {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Date,
    pub upn: Option<Upn>,
    pub nhs_number: Option<NhsNumber>,
    pub uln: Option<Uln>,
    pub responsible_la_id: Uuid,
}

/// A child's name as pages and letters write it.
pub(crate) fn full_name(given_name: &str, family_name: &str) -> String {
    format!("{given_name} {family_name}")
}

impl Child {
    pub fn full_name(&self) -> String {
        full_name(&self.given_name, &self.family_name)
    }

    /// What says who the child is, for the rule that one child has one record.
    pub fn details(&self) -> ChildDetails<'_> {
        ChildDetails {
            given_name: &self.given_name,
            family_name: &self.family_name,
            birth_date: self.birth_date,
            upn: self.upn.as_ref(),
            nhs_number: self.nhs_number.as_ref(),
        }
    }
}

/// A child with the relationships that decide who may see them, as they stand on a given day.
#[derive(Debug, Clone)]
pub struct ChildRecord {
    pub child: Child,
    pub relations: ChildRelations,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyRelationship {
    ParentOrCarer,
    /// The young person's own account.
    OwnAccount,
}

impl FamilyRelationship {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FamilyRelationship::ParentOrCarer => "parent_or_carer",
            FamilyRelationship::OwnAccount => "self",
        }
    }
}

/// A request to a professional for advice about a child (SEND Regulations 2014 reg 6–8).
#[derive(Debug, Clone)]
pub struct NewAdviceRequest {
    pub child_id: Uuid,
    pub professional_user_id: Uuid,
    pub advice_kind: String,
    pub requested_on: Date,
}
