//! The two taxonomies the Local Offer classifies services by, with ids fixed for all time so
//! that consumers can filter on them: Schedule 2 provision, and the school census need types.

use crate::model::{Taxonomy, TaxonomyTerm};
use sendcase_domain::local_offer::{NeedType, Schedule2Category};
use uuid::Uuid;

const BASE: u128 = 0x5e4d_ca5e_0000_4000_8000_0000_0000_0000;
pub const PROVISION_TAXONOMY: Uuid = Uuid::from_u128(BASE + 0x100);
pub const NEED_TAXONOMY: Uuid = Uuid::from_u128(BASE + 0x200);
const PROVISION_NAME: &str = "SEND Local Offer provision";
const NEED_NAME: &str = "Special educational need type (school census)";

pub fn category_term_id(c: Schedule2Category) -> Uuid {
    Uuid::from_u128(BASE + 0x101 + c.index() as u128)
}

pub fn need_term_id(n: NeedType) -> Uuid {
    Uuid::from_u128(BASE + 0x201 + n.index() as u128)
}

pub fn category_term(c: Schedule2Category) -> TaxonomyTerm {
    TaxonomyTerm {
        id: category_term_id(c),
        name: c.label().to_owned(),
        description: format!(
            "{} provision in the SEND Local Offer (SEND Regulations 2014, Schedule 2)",
            c.label()
        ),
        code: Some(c.code().to_owned()),
        taxonomy_id: Some(PROVISION_TAXONOMY),
        taxonomy: Some(PROVISION_NAME.to_owned()),
    }
}

pub fn need_term(n: NeedType) -> TaxonomyTerm {
    TaxonomyTerm {
        id: need_term_id(n),
        name: n.label().to_owned(),
        description: format!(
            "Services for children and young people whose need is: {}",
            n.label().to_lowercase()
        ),
        code: Some(n.code().to_owned()),
        taxonomy_id: Some(NEED_TAXONOMY),
        taxonomy: Some(NEED_NAME.to_owned()),
    }
}

/// Every term of both taxonomies, provision first.
pub fn all_terms() -> Vec<TaxonomyTerm> {
    Schedule2Category::ALL
        .iter()
        .map(|&c| category_term(c))
        .chain(NeedType::ALL.iter().map(|&n| need_term(n)))
        .collect()
}

pub fn taxonomies() -> Vec<Taxonomy> {
    let terms = all_terms();
    let of = |id: Uuid| terms.iter().filter(|t| t.taxonomy_id == Some(id)).cloned().collect();
    vec![
        Taxonomy {
            id: PROVISION_TAXONOMY,
            name: PROVISION_NAME.to_owned(),
            description: "The kinds of provision a Local Offer must cover: education, health, social care, training, travel, leisure, preparing for adulthood, and information and advice.".to_owned(),
            version: Some("2014".to_owned()),
            taxonomy_terms: of(PROVISION_TAXONOMY),
        },
        Taxonomy {
            id: NEED_TAXONOMY,
            name: NEED_NAME.to_owned(),
            description: "The types of special educational need recorded in the school census (SENtype).".to_owned(),
            version: Some("2025".to_owned()),
            taxonomy_terms: of(NEED_TAXONOMY),
        },
    ]
}

/// What a term id classifies: a kind of provision or a need.
pub enum Term {
    Category(Schedule2Category),
    Need(NeedType),
}

pub fn term(id: Uuid) -> Option<Term> {
    Schedule2Category::ALL
        .iter()
        .find(|&&c| category_term_id(c) == id)
        .map(|&c| Term::Category(c))
        .or_else(|| NeedType::ALL.iter().find(|&&n| need_term_id(n) == id).map(|&n| Term::Need(n)))
}
