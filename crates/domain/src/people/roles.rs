//! The roles people hold in sendcase, named as the Code names them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a membership lets a person act as. A person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    LaManager,
    LaCaseworker,
    Senco,
    SchoolStaff,
    /// Educational psychologist, health or social-care professional asked for advice.
    Professional,
    /// The designated clinical or medical officer of a health body (Code 3.46–3.47): oversees
    /// the health part of the plans of the local area the body serves.
    DesignatedClinicalOfficer,
    Parent,
    YoungPerson,
    /// Manages user accounts; has no access to children's records.
    Admin,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::LaManager,
        Role::LaCaseworker,
        Role::Senco,
        Role::SchoolStaff,
        Role::Professional,
        Role::DesignatedClinicalOfficer,
        Role::Parent,
        Role::YoungPerson,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::LaManager => "la_manager",
            Role::LaCaseworker => "la_caseworker",
            Role::Senco => "senco",
            Role::SchoolStaff => "school_staff",
            Role::Professional => "professional",
            Role::DesignatedClinicalOfficer => "designated_clinical_officer",
            Role::Parent => "parent",
            Role::YoungPerson => "young_person",
            Role::Admin => "admin",
        }
    }

    /// How the role reads to a person, e.g. in the navigation and audit views.
    pub fn label(self) -> &'static str {
        match self {
            Role::LaManager => "Local authority manager",
            Role::LaCaseworker => "Local authority caseworker",
            Role::Senco => "SENCO",
            Role::SchoolStaff => "School staff",
            Role::Professional => "Professional",
            Role::DesignatedClinicalOfficer => "Designated clinical or medical officer",
            Role::Parent => "Parent or carer",
            Role::YoungPerson => "Young person",
            Role::Admin => "Administrator",
        }
    }

    /// The kind of organisation a membership in this role must belong to, if any.
    pub fn organisation_kind(self) -> Option<OrganisationKind> {
        match self {
            Role::LaManager | Role::LaCaseworker => Some(OrganisationKind::LocalAuthority),
            Role::Senco | Role::SchoolStaff => Some(OrganisationKind::School),
            Role::DesignatedClinicalOfficer => Some(OrganisationKind::HealthBody),
            Role::Professional | Role::Parent | Role::YoungPerson | Role::Admin => None,
        }
    }

    /// The kinds of organisation a membership in this role may say it works in, where it need
    /// not belong to one: a professional's service.
    pub fn may_work_in(self) -> &'static [OrganisationKind] {
        match self {
            Role::Professional => &OrganisationKind::SERVICES,
            _ => &[],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role \"{0}\": expected one of la_manager, la_caseworker, senco, school_staff, professional, designated_clinical_officer, parent, young_person, admin"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// The organisations that take part in a child's case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    LocalAuthority,
    /// A school, college or early years setting.
    School,
    HealthBody,
    SocialCareTeam,
    OtherProvider,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 5] = [
        OrganisationKind::LocalAuthority,
        OrganisationKind::School,
        OrganisationKind::HealthBody,
        OrganisationKind::SocialCareTeam,
        OrganisationKind::OtherProvider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::LocalAuthority => "local_authority",
            OrganisationKind::School => "school",
            OrganisationKind::HealthBody => "health_body",
            OrganisationKind::SocialCareTeam => "social_care_team",
            OrganisationKind::OtherProvider => "other_provider",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrganisationKind::LocalAuthority => "Local authority",
            OrganisationKind::School => "School or setting",
            OrganisationKind::HealthBody => "Health body",
            OrganisationKind::SocialCareTeam => "Social care team",
            OrganisationKind::OtherProvider => "Other provider",
        }
    }
}

impl OrganisationKind {
    /// The services a professional asked for advice may work in, when their account says which:
    /// health, social care, or another, such as an educational psychology service.
    pub const SERVICES: [OrganisationKind; 3] = [
        OrganisationKind::HealthBody,
        OrganisationKind::SocialCareTeam,
        OrganisationKind::OtherProvider,
    ];
}

impl FromStr for OrganisationKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrganisationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown organisation kind \"{s}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("headteacher".parse::<Role>().is_err());
    }

    #[test]
    fn organisation_kinds_round_trip() {
        for kind in OrganisationKind::ALL {
            assert_eq!(kind.as_str().parse::<OrganisationKind>(), Ok(kind));
        }
    }
}
