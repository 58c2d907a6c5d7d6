//! Keeping a service's entry: a new entry starts blank, and two officers saving the same entry
//! at once both keep what they changed unless they changed the same thing differently.

use super::{LocalOfferService, Provider, ServiceStatus};
use crate::edits::{keep, stale_edit};
use uuid::Uuid;

impl LocalOfferService {
    /// An entry not yet written, for `council`'s Local Offer, run by `provider`.
    pub fn blank(id: Uuid, council: Uuid, provider: Provider, now: jiff::Timestamp) -> Self {
        LocalOfferService {
            id,
            council,
            provider,
            name: String::new(),
            description: String::new(),
            status: ServiceStatus::Active,
            online: false,
            locations: vec![],
            minimum_age: None,
            maximum_age: None,
            needs: vec![],
            categories: vec![],
            cost_options: vec![],
            contacts: vec![],
            schedules: vec![],
            url: None,
            email: None,
            eligibility: None,
            accessibility: None,
            languages: vec![],
            reviewed_on: None,
            last_modified: now,
            published: false,
        }
    }
}

/// `mine`, edited from `base` while `theirs` was saved: each part either of them changed, or
/// why the two cannot both stand. The entry's council, provider and id are never edited here.
pub fn merge_service(
    mine: &LocalOfferService,
    base: &LocalOfferService,
    theirs: &LocalOfferService,
) -> Result<LocalOfferService, String> {
    let mut clashes = vec![];
    // Listing every field makes a field added to the entry fail to compile until it is merged.
    macro_rules! merged {
        ($($field:ident: $label:literal),* $(,)?) => {
            LocalOfferService {
                id: theirs.id,
                council: theirs.council,
                provider: theirs.provider.clone(),
                last_modified: mine.last_modified,
                $($field: keep(&base.$field, &theirs.$field, &mine.$field)
                    .unwrap_or_else(|t| {
                        clashes.push($label);
                        t
                    })
                    .clone(),)*
            }
        };
    }
    let service = merged!(
        name: "name",
        description: "description",
        status: "status",
        online: "online or by phone",
        locations: "where it is delivered",
        minimum_age: "youngest age",
        maximum_age: "oldest age",
        needs: "needs",
        categories: "kinds of provision",
        cost_options: "cost",
        contacts: "contact details",
        schedules: "opening times",
        url: "website",
        email: "email",
        eligibility: "who can use it",
        accessibility: "accessibility",
        languages: "languages",
        reviewed_on: "last reviewed",
        published: "shown to the public",
    );
    if clashes.is_empty() { Ok(service) } else { Err(stale_edit("service", &clashes)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn entry() -> LocalOfferService {
        let provider = Provider {
            id: Uuid::from_u128(2),
            name: "Speech and Language Therapy".to_owned(),
            description: String::new(),
        };
        let mut s = LocalOfferService::blank(
            Uuid::from_u128(1),
            Uuid::from_u128(3),
            provider,
            Timestamp::UNIX_EPOCH,
        );
        s.name = "Talking Together".to_owned();
        s.description = "Groups for parents".to_owned();
        s
    }

    #[test]
    fn changes_to_different_parts_both_stand() {
        let base = entry();
        let mut theirs = base.clone();
        theirs.description = "Groups for parents and carers".to_owned();
        let mut mine = base.clone();
        mine.minimum_age = Some(2);
        let merged = merge_service(&mine, &base, &theirs).unwrap();
        assert_eq!(merged.description, "Groups for parents and carers");
        assert_eq!(merged.minimum_age, Some(2));
    }

    #[test]
    fn the_same_part_changed_differently_names_it() {
        let base = entry();
        let (mut theirs, mut mine) = (base.clone(), base.clone());
        theirs.name = "Talk Together".to_owned();
        mine.name = "Let's Talk".to_owned();
        mine.published = true;
        theirs.published = true;
        assert_eq!(merge_service(&mine, &base, &theirs), Err(stale_edit("service", &["name"])));
    }

    #[test]
    fn the_council_and_provider_stay_as_stored() {
        let base = entry();
        let mut mine = base.clone();
        mine.council = Uuid::from_u128(9);
        mine.provider.id = Uuid::from_u128(9);
        let merged = merge_service(&mine, &base, &base).unwrap();
        assert_eq!((merged.council, merged.provider.id), (base.council, base.provider.id));
    }
}
