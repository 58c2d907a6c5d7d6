//! What someone typed to find a child: a date of birth, a unique pupil number (or its start), or
//! parts of a name. Lists search in the database, so the term is read here once into one of these.

use jiff::civil::Date;

/// The longest search anyone needs: a full name, a date or a UPN fit many times over.
pub const MAX_SEARCH_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChildSearch {
    BirthDate(Date),
    /// A UPN or its first characters, in capitals.
    UpnPrefix(String),
    /// Lower-case words, each of which must appear in the first name or the last name.
    Name(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("Search for at most {MAX_SEARCH_CHARS} characters")]
    TooLong,
    #[error("{0:?} is not a real date of birth")]
    NotADate(String),
}

impl ChildSearch {
    /// The search `text` asks for; `None` when it is blank.
    pub fn parse(text: &str) -> Result<Option<ChildSearch>, SearchError> {
        let text = text.trim();
        if text.chars().count() > MAX_SEARCH_CHARS {
            return Err(SearchError::TooLong);
        }
        if text.is_empty() {
            return Ok(None);
        }
        if let Some(parts) = date_parts(text) {
            let date = Date::new(parts[0], parts[1] as i8, parts[2] as i8)
                .map_err(|_| SearchError::NotADate(text.to_owned()))?;
            return Ok(Some(ChildSearch::BirthDate(date)));
        }
        if looks_like_upn(text) {
            return Ok(Some(ChildSearch::UpnPrefix(text.to_ascii_uppercase())));
        }
        let words = text.split_whitespace().map(str::to_lowercase).collect();
        Ok(Some(ChildSearch::Name(words)))
    }
}

/// A UPN or its start: a letter, then digits, the thirteenth character a digit or letter.
fn looks_like_upn(text: &str) -> bool {
    let b = text.as_bytes();
    (2..=13).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b[1..b.len().min(12)].iter().all(u8::is_ascii_digit)
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// Year, month and day of `d/m/yyyy`, `d m yyyy` (or with dashes or dots) or `yyyy-mm-dd`.
fn date_parts(text: &str) -> Option<[i16; 3]> {
    let parts: Vec<&str> = text.split(['/', ' ', '-', '.']).filter(|p| !p.is_empty()).collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let n: Vec<i16> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) => Some([n[0], n[1], n[2]]),
        (1..=2, 4) => Some([n[2], n[1], n[0]]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn parsed(text: &str) -> ChildSearch {
        ChildSearch::parse(text).unwrap().unwrap()
    }

    #[test]
    fn dates_of_birth_are_read_in_the_forms_people_type() {
        for text in ["3/10/2019", "3 10 2019", "03/10/2019", "2019-10-03", " 3.10.2019 "] {
            assert_eq!(parsed(text), ChildSearch::BirthDate(date(2019, 10, 3)), "{text}");
        }
        assert_eq!(ChildSearch::parse("31/2/2019"), Err(SearchError::NotADate("31/2/2019".into())));
    }

    #[test]
    fn a_upn_or_its_start_is_a_upn_search() {
        assert_eq!(parsed("a886"), ChildSearch::UpnPrefix("A886".into()));
        assert_eq!(parsed("A88612345678"), ChildSearch::UpnPrefix("A88612345678".into()));
        assert_eq!(parsed("A88612345678B"), ChildSearch::UpnPrefix("A88612345678B".into()));
        assert_eq!(parsed("pupil2"), ChildSearch::Name(vec!["pupil2".into()]));
    }

    #[test]
    fn anything_else_is_words_of_a_name() {
        assert_eq!(parsed(" Sam  WHIT "), ChildSearch::Name(vec!["sam".into(), "whit".into()]));
        assert_eq!(parsed("O'Neil"), ChildSearch::Name(vec!["o'neil".into()]));
    }

    #[test]
    fn blank_is_no_search_and_too_long_is_refused() {
        assert_eq!(ChildSearch::parse("   "), Ok(None));
        assert_eq!(ChildSearch::parse(&"a".repeat(101)), Err(SearchError::TooLong));
        assert!(ChildSearch::parse(&"a".repeat(100)).is_ok());
    }
}
