//! Data quality, stricter than Open Referral UK: what a service must say before families see it,
//! and when its provider must check it again.

use super::LocalOfferService;
use jiff::ToSpan;
use jiff::civil::Date;

/// Why a service cannot be published. Each names the form field that fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QualityProblem {
    NoDescription,
    NoCategory,
    NoAddressOrOnline,
    NoContact,
    NeverReviewed,
    ReviewLapsed { due: Date },
}

impl QualityProblem {
    pub fn field(self) -> &'static str {
        match self {
            QualityProblem::NoDescription => "description",
            QualityProblem::NoCategory => "categories",
            QualityProblem::NoAddressOrOnline => "address_1",
            QualityProblem::NoContact => "contact_email",
            QualityProblem::NeverReviewed | QualityProblem::ReviewLapsed { .. } => "reviewed",
        }
    }

    pub fn message(self) -> String {
        match self {
            QualityProblem::NoDescription => "Enter a description of the service".into(),
            QualityProblem::NoCategory => "Select at least one kind of provision".into(),
            QualityProblem::NoAddressOrOnline => {
                "Enter the address where the service is delivered, or say it is online".into()
            }
            QualityProblem::NoContact => {
                "Enter an email address or phone number families can use".into()
            }
            QualityProblem::NeverReviewed => "Confirm the information has been reviewed".into(),
            QualityProblem::ReviewLapsed { due } => {
                let due = crate::clock::long_date(due);
                format!("The information was due for review by {due}: review it and confirm")
            }
        }
    }
}

/// A review lasts 12 months.
pub fn review_due(reviewed_on: Date) -> Date {
    reviewed_on.saturating_add(12.months())
}

/// Every reason the service cannot be published on `today`; empty when it can.
pub fn publish_problems(s: &LocalOfferService, today: Date) -> Vec<QualityProblem> {
    let mut problems = vec![];
    if s.description.trim().is_empty() {
        problems.push(QualityProblem::NoDescription);
    }
    if s.categories.is_empty() {
        problems.push(QualityProblem::NoCategory);
    }
    let has_address =
        s.locations.iter().any(|l| !l.address_1.trim().is_empty() && !l.postcode.trim().is_empty());
    if !has_address && !s.online {
        problems.push(QualityProblem::NoAddressOrOnline);
    }
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
    if !filled(&s.email) && !s.contacts.iter().any(|c| filled(&c.email) || filled(&c.phone)) {
        problems.push(QualityProblem::NoContact);
    }
    match s.reviewed_on {
        None => problems.push(QualityProblem::NeverReviewed),
        Some(on) if review_due(on) < today => {
            problems.push(QualityProblem::ReviewLapsed { due: review_due(on) })
        }
        Some(_) => {}
    }
    problems
}

/// Officers are warned this long before a review lapses.
const REVIEW_WARNING_DAYS: i32 = 30;

/// On `today`, an entry is due for review when its review lapses on or before this day (or it
/// was never reviewed).
pub fn due_for_review_by(today: Date) -> Date {
    today.saturating_add(REVIEW_WARNING_DAYS.days())
}

/// Due for review: never reviewed, or lapsing within the warning (or already lapsed).
pub fn due_for_review(s: &LocalOfferService, today: Date) -> bool {
    s.reviewed_on.is_none_or(|on| review_due(on) <= due_for_review_by(today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_offer::synthetic::services;
    use jiff::civil::date;

    #[test]
    fn a_complete_recent_entry_can_be_published() {
        let s = &services(1, uuid::Uuid::nil(), date(2026, 6, 1))[0];
        assert_eq!(publish_problems(s, date(2026, 11, 23)), vec![]);
    }

    #[test]
    fn every_missing_item_is_reported_at_once() {
        let mut s = services(1, uuid::Uuid::nil(), date(2026, 6, 1))[0].clone();
        s.description = "  ".into();
        s.categories.clear();
        s.locations.clear();
        s.online = false;
        s.email = None;
        s.contacts.clear();
        s.reviewed_on = None;
        use QualityProblem::*;
        assert_eq!(
            publish_problems(&s, date(2026, 11, 23)),
            vec![NoDescription, NoCategory, NoAddressOrOnline, NoContact, NeverReviewed]
        );
        s.online = true;
        assert!(!publish_problems(&s, date(2026, 11, 23)).contains(&NoAddressOrOnline));
    }

    #[test]
    fn a_review_lasts_twelve_months_to_the_day() {
        let mut s = services(1, uuid::Uuid::nil(), date(2026, 6, 1))[0].clone();
        s.reviewed_on = Some(date(2025, 11, 23));
        assert_eq!(publish_problems(&s, date(2026, 11, 23)), vec![]);
        assert_eq!(
            publish_problems(&s, date(2026, 11, 24)),
            vec![QualityProblem::ReviewLapsed { due: date(2026, 11, 23) }]
        );
        assert!(due_for_review(&s, date(2026, 10, 24)));
        assert!(!due_for_review(&s, date(2026, 10, 23)));
    }

    #[test]
    fn an_entry_is_shown_until_its_review_lapses_and_only_when_asked_for_and_complete() {
        let mut s = services(1, uuid::Uuid::nil(), date(2026, 6, 1))[0].clone();
        s.reviewed_on = Some(date(2025, 11, 23));
        assert_eq!(s.shown_until(), Some(date(2026, 11, 23)));
        assert!(s.is_public(date(2026, 11, 23)) && !s.is_public(date(2026, 11, 24)));
        s.published = false;
        assert_eq!(s.shown_until(), None);
        s.published = true;
        s.status = crate::local_offer::ServiceStatus::Defunct;
        assert_eq!(s.shown_until(), None);
        s.status = crate::local_offer::ServiceStatus::Active;
        s.contacts.clear();
        s.email = None;
        assert_eq!(s.shown_until(), None);
        s.email = Some("team@example.org".into());
        s.reviewed_on = None;
        assert_eq!(s.shown_until(), None);
    }
}
