//! What a school writes about its pupils and itself beyond the register: each pupil's one-page
//! profile and the school's SEN information report, both kept as dated versions (a save never
//! overwrites), plus the look-ups the public report needs (the school by URN, its SENCOs).

use crate::convert::{from_db_date, parse_stored, to_db_date, to_db_time};
use crate::directory::OrganisationRow;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::{AuditMeta, Organisation};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::people::identifiers::Urn;
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::schools::information_report::ReportHeading;
use sendcase_domain::schools::one_page_profile::OnePageProfile;
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileVersion {
    pub version: i32,
    pub profile: OnePageProfile,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportVersion {
    pub version: i32,
    pub published_on: Date,
    pub narrative: BTreeMap<ReportHeading, String>,
}

#[async_trait]
pub trait SchoolDocumentStore: Send + Sync {
    /// Saves `profile` as the pupil's newest profile at `school`, edited from version `based_on`
    /// (0 for the first); returns its version number. Refused as stale if another version was
    /// saved since.
    async fn save_profile(
        &self,
        child_id: Uuid,
        school_id: Uuid,
        profile: &OnePageProfile,
        based_on: i32,
        meta: &AuditMeta,
    ) -> StoreResult<i32>;
    /// Every version of the pupil's profile at the school, oldest first.
    async fn profile_versions(
        &self,
        child_id: Uuid,
        school_id: Uuid,
    ) -> StoreResult<Vec<ProfileVersion>>;
    /// Publishes a new version of the school's report narrative; returns its version number.
    async fn save_information_report(
        &self,
        school_id: Uuid,
        published_on: Date,
        narrative: &BTreeMap<ReportHeading, String>,
        based_on: i32,
        meta: &AuditMeta,
    ) -> StoreResult<i32>;
    /// The school's report as published in `version`, or its newest; none if never published.
    async fn information_report(
        &self,
        school_id: Uuid,
        version: Option<i32>,
    ) -> StoreResult<Option<ReportVersion>>;
    async fn school_by_urn(&self, urn: &Urn) -> StoreResult<Option<Organisation>>;
    /// The names of the users who are SENCO at the school, by name.
    async fn sencos_of(&self, school_id: Uuid) -> StoreResult<Vec<String>>;
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    version: i32,
    agreed_on: time::Date,
    contributors: String,
    likes: String,
    important: String,
    support: String,
}

impl ProfileRow {
    fn into_version(self) -> StoreResult<ProfileVersion> {
        let profile = OnePageProfile {
            agreed_on: from_db_date(self.agreed_on)?,
            contributors: self.contributors,
            sections: [self.likes, self.important, self.support],
        };
        Ok(ProfileVersion { version: self.version, profile })
    }
}

#[async_trait]
impl<E: Engine> SchoolDocumentStore for SqlStore<E> {
    async fn save_profile(
        &self,
        child_id: Uuid,
        school_id: Uuid,
        profile: &OnePageProfile,
        based_on: i32,
        meta: &AuditMeta,
    ) -> StoreResult<i32> {
        let mut tx = self.begin().await?;
        let (latest,): (Option<i32>,) = Sql::<E>::new(
            "SELECT MAX(version) FROM one_page_profiles WHERE child_id = $1 AND school_id = $2",
        )
        .bind(child_id)
        .bind(school_id)
        .fetch_one(&mut *tx)
        .await?;
        let newest = latest.unwrap_or(0);
        if newest != based_on {
            return Err(StoreError::Stale { newest });
        }
        let version = newest + 1;
        let [likes, important, support] = &profile.sections;
        Sql::<E>::new(
            "INSERT INTO one_page_profiles (child_id, school_id, version, agreed_on, \
             contributors, likes, important, support, recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(child_id)
        .bind(school_id)
        .bind(version)
        .bind(to_db_date(profile.agreed_on))
        .bind(&profile.contributors)
        .bind(likes)
        .bind(important)
        .bind(support)
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(meta.actor_user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::lost_race(e, version))?;
        Self::commit_audited(
            tx,
            meta,
            "save_one_page_profile",
            "child",
            Some(&child_id.to_string()),
        )
        .await?;
        Ok(version)
    }

    async fn profile_versions(
        &self,
        child_id: Uuid,
        school_id: Uuid,
    ) -> StoreResult<Vec<ProfileVersion>> {
        let rows: Vec<ProfileRow> = Sql::<E>::new(
            "SELECT version, agreed_on, contributors, likes, important, support \
             FROM one_page_profiles \
             WHERE child_id = $1 AND school_id = $2 ORDER BY version",
        )
        .bind(child_id)
        .bind(school_id)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.into_iter().map(ProfileRow::into_version).collect()
    }

    async fn save_information_report(
        &self,
        school_id: Uuid,
        published_on: Date,
        narrative: &BTreeMap<ReportHeading, String>,
        based_on: i32,
        meta: &AuditMeta,
    ) -> StoreResult<i32> {
        let mut tx = self.begin().await?;
        let (latest,): (Option<i32>,) =
            Sql::<E>::new("SELECT MAX(version) FROM sen_information_reports WHERE school_id = $1")
                .bind(school_id)
                .fetch_one(&mut *tx)
                .await?;
        let newest = latest.unwrap_or(0);
        if newest != based_on {
            return Err(StoreError::Stale { newest });
        }
        let version = newest + 1;
        Sql::<E>::new(
            "INSERT INTO sen_information_reports (school_id, version, published_on, recorded_at, \
             recorded_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(school_id)
        .bind(version)
        .bind(to_db_date(published_on))
        .bind(to_db_time(jiff::Timestamp::now()))
        .bind(meta.actor_user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::lost_race(e, version))?;
        for (heading, text) in narrative {
            Sql::<E>::new(
                "INSERT INTO sen_information_report_sections (school_id, version, heading, \
                 narrative) VALUES ($1, $2, $3, $4)",
            )
            .bind(school_id)
            .bind(version)
            .bind(heading.code())
            .bind(text)
            .execute(&mut *tx)
            .await?;
        }
        Self::commit_audited(
            tx,
            meta,
            "publish_sen_information_report",
            "organisation",
            Some(&school_id.to_string()),
        )
        .await?;
        Ok(version)
    }

    async fn information_report(
        &self,
        school_id: Uuid,
        version: Option<i32>,
    ) -> StoreResult<Option<ReportVersion>> {
        let mut query = Sql::<E>::new(
            "SELECT version, published_on FROM sen_information_reports WHERE school_id = ",
        );
        query.push_bind(school_id);
        if let Some(version) = version {
            query.push(" AND version = ").push_bind(version);
        }
        query.push(" ORDER BY version DESC LIMIT 1");
        let latest: Option<(i32, time::Date)> =
            query.fetch_optional(&mut *self.read().await?).await?;
        let Some((version, published_on)) = latest else { return Ok(None) };
        let sections: Vec<(String, String)> = Sql::<E>::new(
            "SELECT heading, narrative FROM sen_information_report_sections WHERE school_id = $1 \
             AND version = $2",
        )
        .bind(school_id)
        .bind(version)
        .fetch_all(&mut *self.read().await?)
        .await?;
        let narrative = sections
            .into_iter()
            .map(|(heading, text)| Ok((parse_stored("report heading", &heading)?, text)))
            .collect::<StoreResult<_>>()?;
        Ok(Some(ReportVersion { version, published_on: from_db_date(published_on)?, narrative }))
    }

    async fn school_by_urn(&self, urn: &Urn) -> StoreResult<Option<Organisation>> {
        let sql = format!(
            "SELECT {} FROM organisations WHERE urn = $1 AND kind = $2",
            OrganisationRow::COLUMNS
        );
        let row: Option<OrganisationRow> = Sql::<E>::new(&sql)
            .bind(urn.to_string())
            .bind(OrganisationKind::School.as_str())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        row.map(OrganisationRow::into_organisation).transpose()
    }

    async fn sencos_of(&self, school_id: Uuid) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = Sql::<E>::new(
            "SELECT u.display_name FROM users u JOIN memberships m ON m.user_id = u.id \
             WHERE m.organisation_id = $1 AND m.role = $2 ORDER BY u.display_name",
        )
        .bind(school_id)
        .bind(Role::Senco.as_str())
        .fetch_all(&mut *self.read().await?)
        .await?;
        Ok(rows.into_iter().map(|(name,)| name).collect())
    }
}
