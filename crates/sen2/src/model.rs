//! The return as it will be written: one [`Person`] per child, modules nested as the standards'
//! structure nests them, every code and flag already in the file's spelling, so the checks read
//! exactly what the file will say.

use jiff::civil::Date;
use uuid::Uuid;

/// The collection the file is for: the council and the survey day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub year: i16,
    pub reference_date: Date,
    /// The council's three-digit DfE number.
    pub lea: String,
    pub created: jiff::civil::DateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Which record the person is, for the checks' links; never written to the file.
    pub child_id: Uuid,
    pub surname: String,
    pub forename: String,
    pub birth_date: Date,
    pub upn: Option<String>,
    pub uln: Option<String>,
    pub upn_unknown: Option<String>,
    /// The day the record was anonymised once its retention passed; never written to the file.
    pub anonymised_on: Option<Date>,
    pub requests: Vec<Request>,
}

impl Person {
    pub fn name(&self) -> String {
        format!("{} {}", self.forename, self.surname)
    }
}

/// Module 2: one request for an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub request_id: Uuid,
    pub received: Date,
    pub source: Option<String>,
    pub rya: bool,
    pub outcome_date: Option<Date>,
    pub outcome: String,
    pub mediation: bool,
    pub tribunal: bool,
    pub assessment: Option<Assessment>,
    pub active: Option<ActivePlan>,
}

/// Module 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub outcome: String,
    pub outcome_date: Option<Date>,
    pub mediation: bool,
    pub tribunal: bool,
    pub other_mediation: bool,
    pub other_tribunal: bool,
    pub week20: bool,
    pub plan: Option<NamedPlan>,
}

/// Module 4a, with its settings (4b).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPlan {
    pub start: Date,
    pub res: Option<String>,
    pub wbp: bool,
    pub pb: bool,
    pub oa: bool,
    pub dp: bool,
    pub cease_date: Option<Date>,
    pub cease_reason: Option<String>,
    pub details: Vec<Setting>,
}

/// A setting, as `PlanDetail` (4b) or `PlacementDetail` (5b) gives it; the dates, residential
/// and work-based items are written only in `PlacementDetail`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Setting {
    pub urn: Option<String>,
    pub ukprn: Option<String>,
    pub sen_setting: Option<String>,
    pub sen_setting_other: Option<String>,
    pub rank: u8,
    pub entry: Option<Date>,
    pub leaving: Option<Date>,
    pub sen_unit: bool,
    pub resourced_provision: bool,
    pub res: Option<String>,
    pub wbp: bool,
}

/// Module 5a, with placements (5b) and needs (5c): only for a plan active on the survey day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActivePlan {
    pub transfer_la: Option<String>,
    pub review_meeting: Option<Date>,
    pub review_outcome: Option<String>,
    pub review_draft: Option<Date>,
    pub phase_transfer_due: Option<Date>,
    pub phase_transfer_final: Option<Date>,
    pub last_review: Option<Date>,
    pub placements: Vec<Setting>,
    /// `(SENtype, SENtypeRank)`.
    pub needs: Vec<(String, u8)>,
}
