//! One child, one record: whether details typed at intake are a child the council already holds.
//! A shared identifier settles it; without one, the same name and date of birth do.

use super::identifiers::{NhsNumber, Upn};
use jiff::civil::Date;

/// The details that say who a child is.
#[derive(Debug, Clone, Copy)]
pub struct ChildDetails<'a> {
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub birth_date: Date,
    pub upn: Option<&'a Upn>,
    pub nhs_number: Option<&'a NhsNumber>,
}

impl ChildDetails<'_> {
    pub fn same_child(&self, other: &ChildDetails<'_>) -> bool {
        let shared = |a: Option<&str>, b: Option<&str>| a.is_some() && a == b;
        shared(self.upn.map(AsRef::as_ref), other.upn.map(AsRef::as_ref))
            || shared(self.nhs_number.map(AsRef::as_ref), other.nhs_number.map(AsRef::as_ref))
            || (self.birth_date == other.birth_date
                && self.given_name.trim().eq_ignore_ascii_case(other.given_name.trim())
                && self.family_name.trim().eq_ignore_ascii_case(other.family_name.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::identifiers::{synthetic_nhs_number, synthetic_upn};

    fn details<'a>(given: &'a str, born: Date) -> ChildDetails<'a> {
        ChildDetails {
            given_name: given,
            family_name: "Ashby",
            birth_date: born,
            upn: None,
            nhs_number: None,
        }
    }

    #[test]
    fn an_identifier_or_the_same_name_and_birthday_make_the_same_child() {
        let born = jiff::civil::date(2016, 5, 4);
        let ada = details("Ada", born);
        assert!(ada.same_child(&details(" ada ", born)));
        assert!(!ada.same_child(&details("Ada", born.tomorrow().unwrap())));
        assert!(!ada.same_child(&details("Ben", born)));
        let upn = synthetic_upn("886".parse().unwrap(), 1);
        let nhs = synthetic_nhs_number(1);
        let renamed = ChildDetails { upn: Some(&upn), ..details("Adeline", born) };
        assert!(renamed.same_child(&ChildDetails { upn: Some(&upn), ..details("Ben", born) }));
        assert!(!renamed.same_child(&details("Ben", born)), "one missing UPN is no match");
        let by_nhs = ChildDetails { nhs_number: Some(&nhs), ..details("Cy", born) };
        assert!(by_nhs.same_child(&ChildDetails { nhs_number: Some(&nhs), ..details("Di", born) }));
    }
}
