//! Requests for an EHC needs assessment (CFA s36; Code 9.8–9.9): who may ask for one.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Who made a request for an EHC needs assessment (CFA s36(1); Code 9.8–9.9), as SEN2 groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestSource {
    Parent,
    YoungPerson,
    School,
    Health,
    SocialCare,
    Other,
}

impl RequestSource {
    pub const ALL: [RequestSource; 6] = [
        RequestSource::Parent,
        RequestSource::YoungPerson,
        RequestSource::School,
        RequestSource::Health,
        RequestSource::SocialCare,
        RequestSource::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestSource::Parent => "parent",
            RequestSource::YoungPerson => "young_person",
            RequestSource::School => "school",
            RequestSource::Health => "health",
            RequestSource::SocialCare => "social_care",
            RequestSource::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestSource::Parent => "Parent or carer",
            RequestSource::YoungPerson => "Young person",
            RequestSource::School => "School or setting",
            RequestSource::Health => "Health professional",
            RequestSource::SocialCare => "Social care professional",
            RequestSource::Other => "Someone else",
        }
    }

    /// The SEN2 `RequestSource` code.
    pub fn sen2_code(self) -> u8 {
        match self {
            RequestSource::Parent | RequestSource::YoungPerson => 1,
            RequestSource::School => 2,
            RequestSource::Health => 3,
            RequestSource::SocialCare => 4,
            RequestSource::Other => 5,
        }
    }
}

impl FromStr for RequestSource {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestSource::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            format!("unknown source \"{s}\": expected parent, young_person, school, health, social_care or other")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_round_trip_and_map_to_sen2() {
        for s in RequestSource::ALL {
            assert_eq!(s.as_str().parse::<RequestSource>(), Ok(s));
        }
        assert_eq!(RequestSource::YoungPerson.sen2_code(), 1);
        assert!("headteacher".parse::<RequestSource>().is_err());
    }
}
