//! Identifiers of children, schools and local authorities, parsed once at the boundary so that
//! nothing downstream holds an unchecked one. Rules: the DfE identifier specifications summarised in the workplace standards notes (§4).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

/// Check letters and temporary-UPN letters: the alphabet without I, O and S.
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// Valid LA and pseudo-LA codes for UPN characters 2–4 (DfE validation rule 1530), plus the
/// current LA codes that rule predates (942, 943).
const UPN_LA_RANGES: &[(u16, u16)] = &[
    (1, 5),
    (201, 213),
    (301, 320),
    (330, 336),
    (340, 344),
    (350, 359),
    (370, 373),
    (380, 384),
    (390, 394),
    (420, 420),
    (660, 681),
    (701, 708),
    (800, 803),
    (805, 808),
    (810, 813),
    (815, 816),
    (820, 823),
    (825, 826),
    (830, 831),
    (835, 841),
    (845, 846),
    (850, 852),
    (855, 857),
    (860, 861),
    (865, 896),
    (908, 909),
    (916, 916),
    (919, 919),
    (921, 921),
    (925, 926),
    (928, 929),
    (931, 931),
    (933, 933),
    (935, 938),
    (940, 943),
];

macro_rules! string_newtype {
    ($name:ident, $err:ty) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = $err;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

/// Unique Pupil Number: 13 characters, check letter first (README §4.1). Parsing enforces the
/// format and the check letter (DfE rule 1510); see [`Upn::check_la_code`] for rule 1530.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Upn(String);
string_newtype!(Upn, UpnError);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpnError {
    #[error("a UPN is 13 characters, not {0}")]
    Length(usize),
    #[error("characters 2 to 12 of a UPN must be digits")]
    NotDigits,
    #[error(
        "the last character of a UPN must be a digit, or a letter other than I, O or S for a temporary UPN"
    )]
    BadLastCharacter,
    #[error("characters 2 to 4 of a UPN must be a valid LA code, not {0}")]
    LaCode(String),
    #[error("the check letter should be {expected}, not {found}")]
    CheckLetter { expected: char, found: char },
}

fn upn_check_letter(body: &[u8]) -> Option<char> {
    // Weights run 2..=13 over characters 2..=13; a trailing letter counts as its alphabet index.
    let mut sum = 0u32;
    for (i, &c) in body.iter().enumerate() {
        let value = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            _ if i == 11 => UPN_LETTERS.iter().position(|&l| l == c)? as u32,
            _ => return None,
        };
        sum += value * (i as u32 + 2);
    }
    Some(UPN_LETTERS[(sum % 23) as usize] as char)
}

impl Upn {
    /// Completes a 12-character UPN body with its check letter.
    pub fn with_check_letter(body: &str) -> Result<Upn, UpnError> {
        let letter = upn_check_letter(body.as_bytes()).ok_or(UpnError::NotDigits)?;
        format!("{letter}{body}").parse()
    }

    /// DfE validation rule 1530, checked apart from parsing because UPNs issued under LA codes
    /// the rule's list predates are still real pupils' numbers: a warning for returns, not a refusal.
    pub fn check_la_code(&self) -> Result<(), UpnError> {
        let code = &self.0[1..4];
        let la: u16 = code.parse().map_err(|_| UpnError::NotDigits)?;
        if UPN_LA_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&la)) {
            Ok(())
        } else {
            Err(UpnError::LaCode(code.to_owned()))
        }
    }

    pub fn is_temporary(&self) -> bool {
        self.0.as_bytes()[12].is_ascii_alphabetic()
    }
}

impl FromStr for Upn {
    type Err = UpnError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 13 || !s.is_ascii() {
            return Err(UpnError::Length(s.chars().count()));
        }
        if !b[1..12].iter().all(u8::is_ascii_digit) {
            return Err(UpnError::NotDigits);
        }
        if !(b[12].is_ascii_digit() || UPN_LETTERS.contains(&b[12])) {
            return Err(UpnError::BadLastCharacter);
        }
        let expected = upn_check_letter(&b[1..]).ok_or(UpnError::BadLastCharacter)?;
        let found = b[0] as char;
        if expected != found {
            return Err(UpnError::CheckLetter { expected, found });
        }
        Ok(Upn(s))
    }
}

/// NHS number: 10 digits, modulus 11 (README §4.2). Stored as digits; displayed `943 476 5870`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NhsNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    #[error("an NHS number is 10 digits")]
    Format,
    #[error("this is not a valid NHS number: its check digit is wrong")]
    CheckDigit,
}

fn nhs_check_digit(first9: &[u8]) -> Option<u8> {
    let sum: u32 = first9.iter().zip((2..=10).rev()).map(|(&d, w)| u32::from(d - b'0') * w).sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        c => Some(c as u8),
    }
}

impl FromStr for NhsNumber {
    type Err = NhsNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NhsNumberError::Format);
        }
        let b = digits.as_bytes();
        if nhs_check_digit(&b[..9]) != Some(b[9] - b'0') {
            return Err(NhsNumberError::CheckDigit);
        }
        Ok(NhsNumber(digits))
    }
}

impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}
impl AsRef<str> for NhsNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for NhsNumber {
    type Error = NhsNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}
impl From<NhsNumber> for String {
    fn from(v: NhsNumber) -> String {
        v.0
    }
}

/// Unique Learner Number: 10 digits, first non-zero, weighted sum ≡ 10 (mod 11) (README §4.3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uln(String);
string_newtype!(Uln, UlnError);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UlnError {
    #[error("a ULN is 10 digits and does not start with 0")]
    Format,
    #[error("this is not a valid ULN: its check digit is wrong")]
    CheckDigit,
}

impl FromStr for Uln {
    type Err = UlnError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) || b[0] == b'0' {
            return Err(UlnError::Format);
        }
        let sum: u32 = b.iter().zip((1..=10).rev()).map(|(&d, w)| u32::from(d - b'0') * w).sum();
        if sum % 11 != 10 {
            return Err(UlnError::CheckDigit);
        }
        Ok(Uln(s.to_owned()))
    }
}

/// A school's Unique Reference Number in Get Information About Schools: six digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Urn(String);
string_newtype!(Urn, UrnError);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a URN is 6 digits, from 100000")]
pub struct UrnError;

impl FromStr for Urn {
    type Err = UrnError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let valid = s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
        if valid { Ok(Urn(s.to_owned())) } else { Err(UrnError) }
    }
}

/// A UK Provider Reference Number from the UK Register of Learning Providers: 8 digits starting
/// with 1. Colleges and post-16 providers are known by it (GIAS records it beside the URN), and
/// the ESFA's funding and the SEN2 return name them with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Ukprn(String);
string_newtype!(Ukprn, UkprnError);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a UKPRN is 8 digits starting with 1")]
pub struct UkprnError;

impl FromStr for Ukprn {
    type Err = UkprnError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let valid = s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) && s.starts_with('1');
        if valid { Ok(Ukprn(s.to_owned())) } else { Err(UkprnError) }
    }
}

/// The DfE three-digit code of one of England's 153 local authorities (2025).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LaCode(String);
string_newtype!(LaCode, LaCodeError);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not the code of a local authority in England")]
pub struct LaCodeError(pub String);

/// Code → name, from `data/la-codes-england-2025.csv` (copied from shared/standards/identifiers).
static LA_CODES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut table =
        csv::Reader::from_reader(include_str!("../../data/la-codes-england-2025.csv").as_bytes());
    table
        .records()
        .map(|row| {
            let row = row.expect("the embedded LA code table is valid CSV");
            (row[0].to_owned(), row[2].to_owned())
        })
        .collect()
});

impl LaCode {
    pub fn name(&self) -> &'static str {
        LA_CODES.iter().find(|(c, _)| *c == self.0).map_or("", |(_, n)| n.as_str())
    }

    pub fn all() -> impl Iterator<Item = LaCode> {
        LA_CODES.iter().map(|(c, _)| LaCode(c.clone()))
    }
}

impl FromStr for LaCode {
    type Err = LaCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        LA_CODES
            .iter()
            .find(|(c, _)| *c == s)
            .map(|(c, _)| LaCode(c.clone()))
            .ok_or_else(|| LaCodeError(s.to_owned()))
    }
}

/// A valid permanent UPN for synthetic records: LA `la`, allocated in 2025, by establishment
/// 2000 onwards, one for each thousand serials, so an authority-sized demo's are all different.
pub fn synthetic_upn(la: LaCode, serial: u32) -> Upn {
    let establishment = 2000 + (serial / 1000) % 8000;
    let body = format!("{}{establishment:04}25{:03}", la.0, serial % 1000);
    Upn::with_check_letter(&body).expect("LA codes are valid UPN LA codes and the body is digits")
}

/// A valid NHS number in the 999 range, which is not issued to patients. Each serial (mod 100,000)
/// owns its own eight-digit prefix; of the ten possible ninth digits at most one gives the
/// impossible check digit 10, so a valid one is always found.
pub fn synthetic_nhs_number(serial: u32) -> NhsNumber {
    let prefix = format!("999{:05}", serial % 100_000);
    (b'0'..=b'9')
        .find_map(|ninth| {
            let first9 = format!("{prefix}{}", ninth as char);
            nhs_check_digit(first9.as_bytes()).map(|check| NhsNumber(format!("{first9}{check}")))
        })
        .expect("changing the ninth digit moves the weighted sum through distinct residues")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_shared_test_vector_is_judged_as_expected() {
        for line in include_str!("../../data/identifier-test-vectors.csv").lines().skip(1) {
            let mut cols = line.splitn(3, ',');
            let (scheme, value, expected) =
                (cols.next().unwrap(), cols.next().unwrap(), cols.next().unwrap());
            let valid = expected.trim_start_matches('"').starts_with("valid");
            let parsed = match scheme {
                "UPN" if expected.contains("LA code") => {
                    value.parse::<Upn>().is_ok_and(|u| u.check_la_code().is_ok())
                }
                "UPN" => value.parse::<Upn>().is_ok(),
                "NHS" => value.parse::<NhsNumber>().is_ok(),
                "ULN" => value.parse::<Uln>().is_ok(),
                _ => continue,
            };
            assert_eq!(parsed, valid, "{scheme} {value}: expected {expected}");
        }
    }

    #[test]
    fn a_wrong_check_letter_names_the_right_one() {
        assert_eq!(
            "A801200005001".parse::<Upn>(),
            Err(UpnError::CheckLetter { expected: 'B', found: 'A' })
        );
        assert_eq!(
            "E000200005001".parse::<Upn>().unwrap().check_la_code(),
            Err(UpnError::LaCode("000".into()))
        );
        assert!("B801200005001".parse::<Upn>().unwrap().check_la_code().is_ok());
    }

    #[test]
    fn nhs_numbers_display_in_groups() {
        assert_eq!("943 476 5870".parse::<NhsNumber>().unwrap().to_string(), "943 476 5870");
        assert_eq!("9434765871".parse::<NhsNumber>(), Err(NhsNumberError::CheckDigit));
        assert_eq!("9276308686".parse::<Uln>().unwrap().to_string(), "9276308686");
    }

    #[test]
    fn a_ukprn_is_eight_digits_starting_with_1() {
        assert_eq!(" 10012345 ".parse::<Ukprn>().unwrap().to_string(), "10012345");
        for bad in ["", "1001234", "100123456", "20012345", "1001234X", "１0012345"] {
            assert_eq!(bad.parse::<Ukprn>(), Err(UkprnError), "{bad:?}");
        }
        let json = serde_json::to_string(&"10012345".parse::<Ukprn>().unwrap()).unwrap();
        assert_eq!(json, "\"10012345\"");
        assert!(serde_json::from_str::<Ukprn>("\"00012345\"").is_err());
    }

    #[test]
    fn there_are_153_local_authorities() {
        assert_eq!(LaCode::all().count(), 153);
        assert_eq!("886".parse::<LaCode>().unwrap().name(), "Kent");
        assert!("999".parse::<LaCode>().is_err());
    }

    #[test]
    fn every_council_is_named_in_full_even_when_its_name_holds_a_comma() {
        for la in LaCode::all() {
            let name = la.name();
            assert!(
                !name.is_empty() && !name.contains('"') && name == name.trim(),
                "{la:?}: {name:?}"
            );
            assert!(
                la.as_ref().len() == 3 && la.as_ref().bytes().all(|b| b.is_ascii_digit()),
                "{la:?}"
            );
        }
        assert_eq!("801".parse::<LaCode>().unwrap().name(), "Bristol, City of");
        assert_eq!("810".parse::<LaCode>().unwrap().name(), "Kingston upon Hull, City of");
        assert_eq!("839".parse::<LaCode>().unwrap().name(), "Bournemouth, Christchurch and Poole");
        assert_eq!("884".parse::<LaCode>().unwrap().name(), "Herefordshire, County of");
    }

    proptest! {
        #[test]
        fn synthetic_identifiers_always_parse(serial in any::<u32>(), la in 0usize..153) {
            let la = LaCode::all().nth(la).unwrap();
            let upn = synthetic_upn(la, serial);
            prop_assert_eq!(upn.to_string().parse::<Upn>(), Ok(upn));
            let nhs = synthetic_nhs_number(serial);
            prop_assert_eq!(nhs.as_ref().parse::<NhsNumber>(), Ok(nhs));
        }

        #[test]
        fn distinct_serials_give_distinct_nhs_numbers(a in 0u32..100_000, b in 0u32..100_000) {
            prop_assume!(a != b);
            prop_assert_ne!(synthetic_nhs_number(a), synthetic_nhs_number(b));
        }

        #[test]
        fn any_single_digit_change_of_an_nhs_number_is_caught(serial in any::<u32>(), pos in 0usize..10, delta in 1u8..10) {
            let mut digits = synthetic_nhs_number(serial).as_ref().as_bytes().to_vec();
            digits[pos] = b'0' + (digits[pos] - b'0' + delta) % 10;
            prop_assert!(String::from_utf8(digits).unwrap().parse::<NhsNumber>().is_err());
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,20}") {
            let _ = s.parse::<Upn>();
            let _ = s.parse::<NhsNumber>();
            let _ = s.parse::<Uln>();
            let _ = s.parse::<Urn>();
            let _ = s.parse::<Ukprn>();
            let _ = s.parse::<LaCode>();
        }
    }
}
