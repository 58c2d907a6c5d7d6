//! The Local Offer (Children and Families Act 2014 s30; SEND Regulations 2014 regs 53–56 and
//! Schedule 2; Code chapter 4): the provision a local authority expects to be available for
//! children and young people with SEND, described so that families can find it.

pub mod editing;
pub mod quality;
pub mod search;
pub mod synonyms;
pub mod synthetic;
pub mod when;
pub mod words;

use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::needs::named_list;
pub use crate::needs::{BroadAreaOfNeed, NeedType};

named_list!(
    /// The kinds of provision Schedule 2 and s30(2) require the Local Offer to cover.
    Schedule2Category {
        Education = ("education", "Education"),
        Health = ("health", "Health"),
        SocialCare = ("social-care", "Social care"),
        TrainingAndEmployment = ("training-and-employment", "Training and employment"),
        Travel = ("travel", "Travel"),
        Leisure = ("leisure", "Leisure"),
        PreparingForAdulthood = ("preparing-for-adulthood", "Preparing for adulthood"),
        InformationAndAdvice = ("information-and-advice", "Information, advice and support"),
    }
);

named_list!(
    /// What a comment on the Local Offer is about: the matters reg 56(1) asks families about.
    FeedbackTopic {
        Content = ("content", "What the Local Offer includes"),
        Quality = ("quality", "The quality of the services"),
        Gaps = ("gaps", "Services that are missing"),
        Accessibility = ("accessibility", "How easy the Local Offer is to find and use"),
        Development = ("development", "How the Local Offer was developed and reviewed"),
    }
);

/// What of a family's comment (reg 56) is published: `None` when the council publishes it as it
/// was sent, the text the council edited it to otherwise (to take out what could identify
/// someone), or why that text cannot be published.
pub fn redaction(original: &str, published: &str) -> Result<Option<String>, &'static str> {
    let published = published.trim();
    if published.is_empty() {
        return Err(
            "Enter the comment as it will be published, with anything that could identify someone taken out",
        );
    }
    Ok((published != original.trim()).then(|| published.to_owned()))
}

/// Whether a service is running, as Open Referral UK states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceStatus {
    Active,
    Inactive,
    Defunct,
    #[serde(rename = "temporarily closed")]
    TemporarilyClosed,
}

/// Who runs a service. For providers with a sendcase account the id is their organisation's,
/// which is what lets them edit their own services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    pub id: Uuid,
    pub name: String,
    pub description: String,
}

/// A place a service is delivered, with the ids Open Referral gives its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceLocation {
    pub id: Uuid,
    pub service_at_location_id: Uuid,
    pub address_id: Uuid,
    pub name: Option<String>,
    pub address_1: String,
    pub city: String,
    pub county: String,
    pub postcode: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub accessibility: Option<String>,
}

impl ServiceLocation {
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        self.latitude.zip(self.longitude)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Uuid,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// What a family is told a service costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    Free,
    Charges,
    NotGiven,
}

impl Cost {
    pub fn label(self) -> &'static str {
        match self {
            Cost::Free => "Free",
            Cost::Charges => "Charges apply",
            Cost::NotGiven => "Cost not given",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostOption {
    pub id: Uuid,
    pub option: String,
    /// Pounds; zero means free, none that the amount is not given.
    pub amount: Option<f64>,
}

/// When a service is open: weekly, on the days listed (iCalendar BYDAY codes, e.g. "MO,WE").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpeningSchedule {
    pub id: Uuid,
    pub byday: Option<String>,
    pub opens_at: Option<Time>,
    pub closes_at: Option<Time>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalOfferService {
    pub id: Uuid,
    /// The local authority whose Local Offer lists it (CFA s30), and so whose officers keep it.
    /// Stored beside the entry rather than in it: it is not part of what Open Referral shares.
    #[serde(skip)]
    pub council: Uuid,
    pub provider: Provider,
    pub name: String,
    pub description: String,
    pub status: ServiceStatus,
    /// Delivered online (or by phone), wherever the family lives.
    pub online: bool,
    pub locations: Vec<ServiceLocation>,
    pub minimum_age: Option<u8>,
    pub maximum_age: Option<u8>,
    pub needs: Vec<NeedType>,
    pub categories: Vec<Schedule2Category>,
    pub cost_options: Vec<CostOption>,
    pub contacts: Vec<Contact>,
    pub schedules: Vec<OpeningSchedule>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub eligibility: Option<String>,
    pub accessibility: Option<String>,
    /// The languages the service is delivered in, not counting interpreters. Entries saved
    /// before it was recorded have none.
    #[serde(default)]
    pub languages: Vec<String>,
    /// When the provider last confirmed the entry is right.
    pub reviewed_on: Option<Date>,
    pub last_modified: jiff::Timestamp,
    /// The LA or provider asked for it to be shown; it is shown only while it also passes
    /// [`quality::publish_problems`].
    pub published: bool,
}

impl LocalOfferService {
    /// Free only when the service says so: each cost option is nothing, or is called free. A
    /// service that gives no cost, or an option without an amount, has not said.
    pub fn cost(&self) -> Cost {
        let said_free = |c: &CostOption| {
            c.amount.is_some_and(|a| a <= 0.0)
                || (c.amount.is_none() && c.option.to_lowercase().contains("free"))
        };
        if self.cost_options.iter().any(|c| c.amount.is_some_and(|a| a > 0.0)) {
            Cost::Charges
        } else if !self.cost_options.is_empty() && self.cost_options.iter().all(said_free) {
            Cost::Free
        } else {
            Cost::NotGiven
        }
    }

    pub fn is_free(&self) -> bool {
        self.cost() == Cost::Free
    }

    pub fn broad_areas(&self) -> Vec<BroadAreaOfNeed> {
        let mut areas: Vec<BroadAreaOfNeed> =
            self.needs.iter().filter_map(|n| n.broad_area()).collect();
        areas.sort();
        areas.dedup();
        areas
    }

    /// Shown to the public: asked for, not closed for good, and passing every data-quality rule.
    pub fn is_public(&self, today: Date) -> bool {
        self.shown_until().is_some_and(|last| today <= last)
    }

    /// The last day families see the entry as it stands: the day its review lapses, when it is
    /// asked for, not closed for good and passes every other data-quality rule; `None` when only
    /// an edit would show it. Only the review depends on the day, so a listing can store this
    /// and compare it with any day.
    pub fn shown_until(&self) -> Option<Date> {
        let reviewed = self.reviewed_on?;
        let complete = quality::publish_problems(self, reviewed).is_empty();
        (self.published && self.status != ServiceStatus::Defunct && complete)
            .then(|| quality::review_due(reviewed))
    }
}

/// A UK postcode in its standard form ("ME14 1XQ"), or `None` when it cannot be one.
pub fn normalise_postcode(text: &str) -> Option<String> {
    let compact: String =
        text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let ok_shape = (5..=7).contains(&compact.len())
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact.starts_with(|c: char| c.is_ascii_alphabetic())
        && {
            let inward: Vec<char> = compact[compact.len() - 3..].chars().collect();
            inward[0].is_ascii_digit()
                && inward[1].is_ascii_alphabetic()
                && inward[2].is_ascii_alphabetic()
        };
    ok_shape.then(|| format!("{} {}", &compact[..compact.len() - 3], &compact[compact.len() - 3..]))
}

/// Why `url` cannot be a service's website: only web addresses are linked, so a `javascript:` or
/// `data:` link in an entry can never run in a family's browser.
pub fn web_address_problem(url: &str) -> Option<&'static str> {
    let lower = url.trim().to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    (!web || lower.len() <= "https://".len())
        .then_some("must be a web address starting with https:// or http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_through_their_codes() {
        for c in Schedule2Category::ALL {
            assert_eq!(c.code().parse::<Schedule2Category>(), Ok(*c));
        }
        for n in NeedType::ALL {
            assert_eq!(n.code().parse::<NeedType>(), Ok(*n));
        }
        assert_eq!("asd".parse::<NeedType>(), Ok(NeedType::Asd));
        assert!("NSA".parse::<NeedType>().is_err());
        assert_eq!(NeedType::Asd.broad_area(), Some(BroadAreaOfNeed::CommunicationAndInteraction));
    }

    #[test]
    fn a_service_is_free_only_when_it_says_so() {
        let mut s =
            crate::local_offer::synthetic::services(1, Uuid::nil(), jiff::civil::date(2026, 6, 1))
                .remove(0);
        let option = |option: &str, amount: Option<f64>| CostOption {
            id: Uuid::nil(),
            option: option.into(),
            amount,
        };
        s.cost_options.clear();
        assert_eq!(s.cost(), Cost::NotGiven, "no cost given is not free");
        s.cost_options = vec![option("Per session", None)];
        assert_eq!(s.cost(), Cost::NotGiven);
        s.cost_options = vec![option("Free for families", None)];
        assert_eq!(s.cost(), Cost::Free);
        s.cost_options = vec![option("Entry", Some(0.0))];
        assert!(s.is_free());
        s.cost_options.push(option("Trips", Some(4.5)));
        assert_eq!(s.cost(), Cost::Charges);
        assert_eq!(Cost::NotGiven.label(), "Cost not given");
    }

    #[test]
    fn a_comment_is_published_as_sent_unless_the_council_redacts_it() {
        let sent = "Mrs Patel at Oak school would not help my son Sam";
        assert_eq!(redaction(sent, &format!("  {sent} ")), Ok(None));
        assert_eq!(
            redaction(sent, "A teacher at a school would not help my son"),
            Ok(Some("A teacher at a school would not help my son".to_owned()))
        );
        assert!(redaction(sent, "   ").is_err(), "a comment is not published blank");
    }

    #[test]
    fn postcodes_are_put_in_standard_form() {
        assert_eq!(normalise_postcode(" me141xq ").as_deref(), Some("ME14 1XQ"));
        assert_eq!(normalise_postcode("CT1 2EH").as_deref(), Some("CT1 2EH"));
        assert_eq!(normalise_postcode("SW1A1AA").as_deref(), Some("SW1A 1AA"));
        for bad in ["", "ME14", "12345", "ME14 1X!", "ME14 11Q"] {
            assert_eq!(normalise_postcode(bad), None, "{bad}");
        }
    }
}
