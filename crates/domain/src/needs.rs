//! Special educational needs as the Code and the school census name them: the four broad areas
//! of need and the census need types. Plans, the SEN register and the Local Offer share them.

use serde::{Deserialize, Serialize};

/// Declares a closed list named as the Code names it: its stable code, its label and its order.
macro_rules! named_list {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Position in [`Self::ALL`], used for bit sets in the search index.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(s))
                    .ok_or_else(|| format!("unknown {} \"{s}\"", stringify!($name)))
            }
        }
    };
}
pub(crate) use named_list;

named_list!(
    /// The four broad areas of need (Code 6.28–6.35).
    BroadAreaOfNeed {
        CommunicationAndInteraction = ("communication-and-interaction", "Communication and interaction"),
        CognitionAndLearning = ("cognition-and-learning", "Cognition and learning"),
        SocialEmotionalAndMentalHealth = ("social-emotional-and-mental-health", "Social, emotional and mental health"),
        SensoryAndPhysical = ("sensory-and-physical", "Sensory and/or physical needs"),
    }
);

named_list!(
    /// The school census types of special educational need (SENtype).
    NeedType {
        Spld = ("SPLD", "Specific learning difficulty"),
        Mld = ("MLD", "Moderate learning difficulty"),
        Sld = ("SLD", "Severe learning difficulty"),
        Pmld = ("PMLD", "Profound and multiple learning difficulty"),
        Semh = ("SEMH", "Social, emotional and mental health"),
        Slcn = ("SLCN", "Speech, language and communication needs"),
        Hi = ("HI", "Hearing impairment"),
        Vi = ("VI", "Vision impairment"),
        Msi = ("MSI", "Multi-sensory impairment"),
        Pd = ("PD", "Physical disability"),
        Asd = ("ASD", "Autism"),
        Ds = ("DS", "Down syndrome"),
        Oth = ("OTH", "Other difficulty or disability"),
    }
);

impl NeedType {
    /// The broad area the Code places this need in; Down syndrome and "other" span several.
    pub fn broad_area(self) -> Option<BroadAreaOfNeed> {
        use NeedType::*;
        match self {
            Slcn | Asd => Some(BroadAreaOfNeed::CommunicationAndInteraction),
            Spld | Mld | Sld | Pmld => Some(BroadAreaOfNeed::CognitionAndLearning),
            Semh => Some(BroadAreaOfNeed::SocialEmotionalAndMentalHealth),
            Hi | Vi | Msi | Pd => Some(BroadAreaOfNeed::SensoryAndPhysical),
            Ds | Oth => None,
        }
    }
}
