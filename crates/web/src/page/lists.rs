//! Lists shown a page at a time: the page number and search a URL asks for, the search box
//! (`search_box.html`) and the GOV.UK pagination component (`pagination.html`) linking the pages.

use crate::error::{AppError, FieldError};
use sendcase_domain::people::search::ChildSearch;
use serde::Deserialize;

/// No list has more pages than this; a larger number is a mistyped URL.
const MAX_PAGE: u32 = 100_000;

/// `page` as a URL gives it: a whole number from 1, or nothing for the first page.
pub fn page_number(page: Option<&str>) -> Result<u32, AppError> {
    match page.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(1),
        Some(text) => text.parse().ok().filter(|n| (1..=MAX_PAGE).contains(n)).ok_or_else(|| {
            AppError::invalid(vec![FieldError::new(
                "page",
                format!("page must be a whole number from 1, not \"{text}\""),
            )])
        }),
    }
}

/// A searchable list's URL: what to search for (`q`) and which page.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub page: Option<String>,
}

/// What a searchable list's URL asks for, read and checked.
pub struct Search {
    /// As typed, trimmed, for the search box and the links.
    pub text: String,
    pub search: Option<ChildSearch>,
    pub page: u32,
}

impl SearchParams {
    pub fn parse(&self) -> Result<Search, AppError> {
        let text = self.q.as_deref().unwrap_or_default().trim().to_owned();
        let search = ChildSearch::parse(&text)
            .map_err(|e| AppError::invalid(vec![FieldError::new("q", e.to_string())]))?;
        Ok(Search { text, search, page: page_number(self.page.as_deref())? })
    }
}

impl Search {
    /// `path` searching for the same text, on page `page`.
    pub fn href(&self, path: &str, page: u32) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !self.text.is_empty() {
            query.append_pair("q", &self.text);
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") }
    }
}

/// A GET search form for children (`search_box.html`), its input named `q`.
pub struct SearchBox {
    pub action: String,
    /// The input's id, which errors about the search link to.
    pub id: &'static str,
    pub label: &'static str,
    pub text: String,
}

impl SearchBox {
    pub fn new(action: impl Into<String>, label: &'static str, text: &str) -> Self {
        SearchBox { action: action.into(), id: "q", label, text: text.to_owned() }
    }
}

/// One option of a list filter's select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Self {
        Choice { value: value.into(), label: label.into(), selected }
    }
}

/// `n` as people read large numbers: 34,500.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub struct PageLink {
    pub number: u32,
    pub href: String,
    pub current: bool,
}

/// The links of the GOV.UK pagination component; shown when there is more than one page.
pub struct Pagination {
    /// What the navigation is called, for screen readers: "Pages of requests".
    pub label: &'static str,
    pub pages: Vec<PageLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pagination {
    pub fn new(
        label: &'static str,
        current: u32,
        total: u64,
        page_size: u32,
        link: impl Fn(u32) -> String,
    ) -> Self {
        let count = total.div_ceil(u64::from(page_size)).max(1).min(u64::from(MAX_PAGE)) as u32;
        // The GOV.UK pattern: first, last, and the pages either side of the current one.
        let pages = (1..=count)
            .filter(|&n| n == 1 || n == count || n.abs_diff(current) <= 1)
            .map(|n| PageLink { number: n, href: link(n), current: n == current })
            .collect();
        Pagination {
            label,
            pages,
            previous: (current > 1).then(|| link(current.min(count + 1) - 1)),
            next: (current < count).then(|| link(current + 1)),
        }
    }
}

const API_DEFAULT_LIMIT: u32 = 100;
const API_MAX_LIMIT: u32 = 1_000;

/// An API list's page: `limit` from 1 to 1,000 (default 100) and `offset` (default 0).
pub fn api_page(limit: Option<u32>, offset: Option<u32>) -> Result<(u32, u32), AppError> {
    let limit = limit.unwrap_or(API_DEFAULT_LIMIT);
    if !(1..=API_MAX_LIMIT).contains(&limit) {
        let why = format!("limit must be from 1 to {API_MAX_LIMIT}, not {limit}");
        return Err(AppError::invalid(vec![FieldError::new("limit", why)]));
    }
    Ok((limit, offset.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_whole_numbers_from_one() {
        assert_eq!(page_number(None).unwrap(), 1);
        assert_eq!(page_number(Some(" 3 ")).unwrap(), 3);
        for bad in ["0", "abc", "-1", "1.5", "100001"] {
            assert!(page_number(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn large_numbers_are_grouped_in_thousands() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(34_500), "34,500");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn the_links_keep_the_search() {
        let search = SearchParams { q: Some(" Sam & co ".into()), page: None }.parse().unwrap();
        assert_eq!(search.href("/children", 2), "/children?q=Sam+%26+co&page=2");
        assert_eq!(
            Search { text: String::new(), search: None, page: 1 }.href("/children", 1),
            "/children"
        );
    }

    #[test]
    fn the_pages_near_the_current_one_are_linked() {
        let p = Pagination::new("Pages", 5, 500, 50, |n| n.to_string());
        let numbers: Vec<u32> = p.pages.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 4, 5, 6, 10]);
        assert_eq!((p.previous.as_deref(), p.next.as_deref()), (Some("4"), Some("6")));
        let one = Pagination::new("Pages", 1, 3, 50, |n| n.to_string());
        assert_eq!((one.pages.len(), one.previous, one.next), (1, None, None));
    }
}
