//! The one-page profile: what a pupil and their parents say about the pupil, under three
//! headings, agreed with them on a date. The Code asks that children and parents take part in
//! decisions about support (1.1–1.7, 6.64); the profile is where their words are kept, so it
//! records who contributed and when it was agreed.

use crate::clock::long_date;
use crate::documents::{FamilyDocument, paragraphs};
use crate::edits::{Parts, merge_parts, stale_edit};
use crate::ehc::letters::LetterSection;
use jiff::civil::Date;

/// One of the profile's headings: where its text is kept, its title and a prompt for writing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileHeading {
    pub key: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
}

pub const PROFILE_HEADINGS: [ProfileHeading; 3] = [
    ProfileHeading {
        key: "likes",
        title: "What people like and admire about me",
        hint: "In the pupil's words where possible, with what their family and staff say",
    },
    ProfileHeading {
        key: "important",
        title: "What's important to me",
        hint: "People, activities, routines and things that matter to the pupil",
    },
    ProfileHeading {
        key: "support",
        title: "How best to support me",
        hint: "What helps and what does not, so anyone working with the pupil knows",
    },
];

/// The longest a heading's text or the list of contributors may be: a profile fits on one page.
pub const MAX_SECTION_CHARS: usize = 2_000;

const CONTRIBUTORS: &str = "Who wrote this profile with the pupil";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnePageProfile {
    /// When the pupil, their parents and the school agreed this version.
    pub agreed_on: Date,
    /// Who wrote it together, e.g. "Ellie, her mum Sarah Whitfield and Mrs Marsh (SENCO)".
    pub contributors: String,
    /// The text under each of [`PROFILE_HEADINGS`], in order.
    pub sections: [String; 3],
}

impl OnePageProfile {
    /// The profile's parts by title (its headings, then who wrote it), as an edit merges them.
    pub fn parts(&self) -> Parts<&'static str> {
        let mut parts: Parts<&'static str> =
            self.headed().map(|(h, text)| (h.title, text.to_owned())).collect();
        parts.push((CONTRIBUTORS, self.contributors.clone()));
        parts
    }

    /// `self`, edited from `base` while `newest` was saved: see [`merge_parts`]. The date is this
    /// edit's, since the new version is agreed afresh.
    pub fn merged(&self, base: &OnePageProfile, newest: &OnePageProfile) -> Result<Self, String> {
        let merged = merge_parts(&base.parts(), &newest.parts(), &self.parts())
            .map_err(|clashes| stale_edit("one-page profile", &clashes))?;
        let mut texts = merged.into_iter().map(|(_, text)| text);
        let sections = std::array::from_fn(|_| texts.next().unwrap_or_default());
        Ok(OnePageProfile {
            agreed_on: self.agreed_on,
            sections,
            contributors: texts.next().unwrap_or_default(),
        })
    }

    /// Each heading with its text.
    pub fn headed(&self) -> impl Iterator<Item = (&'static ProfileHeading, &str)> {
        PROFILE_HEADINGS.iter().zip(self.sections.iter().map(String::as_str))
    }

    /// The profile as the family keeps it, from the school `school` about `name`.
    pub fn for_family(&self, name: &str, school: &str) -> FamilyDocument {
        FamilyDocument {
            from: school.to_owned(),
            title: format!("One-page profile: {name}"),
            intro: vec![],
            table: None,
            sections: self
                .headed()
                .map(|(h, text)| LetterSection::new(h.title, paragraphs(text)))
                .collect(),
            closing: vec![format!(
                "Agreed {} with {}.",
                long_date(self.agreed_on),
                self.contributors
            )],
        }
    }

    /// What is wrong with this profile as agreed on or before `today`, keyed by the field at fault
    /// (a heading's key, `contributors` or `agreed`); empty when it may be saved.
    pub fn problems(&self, today: Date) -> Vec<(&'static str, String)> {
        let mut out = vec![];
        for (heading, text) in self.headed() {
            if text.trim().is_empty() {
                out.push((heading.key, format!("Enter {}", lower_first(heading.title))));
            } else if text.chars().count() > MAX_SECTION_CHARS {
                out.push((
                    heading.key,
                    format!("{} must be {MAX_SECTION_CHARS} characters or fewer", heading.title),
                ));
            }
        }
        if self.contributors.trim().is_empty() {
            out.push((
                "contributors",
                "Enter who wrote the profile with the pupil and their parents".to_owned(),
            ));
        } else if self.contributors.chars().count() > MAX_SECTION_CHARS {
            out.push((
                "contributors",
                format!("Who contributed must be {MAX_SECTION_CHARS} characters or fewer"),
            ));
        }
        if self.agreed_on > today {
            out.push((
                "agreed",
                "The profile must already be agreed: enter today's date or an earlier one"
                    .to_owned(),
            ));
        }
        out
    }
}

fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn profile() -> OnePageProfile {
        OnePageProfile {
            agreed_on: date(2026, 10, 5),
            contributors: "Ellie and her mum".into(),
            sections: [
                "Kind and funny".into(),
                "My dog Biscuit".into(),
                "Give me time to answer".into(),
            ],
        }
    }

    #[test]
    fn two_edits_of_one_version_keep_both_unless_they_change_the_same_heading() {
        let base = profile();
        let mut theirs = base.clone();
        theirs.sections[0] = "Kind, funny and brave".into();
        let mut mine = base.clone();
        mine.sections[2] = "Give me time and show me pictures".into();
        mine.agreed_on = date(2026, 11, 2);
        let merged = mine.merged(&base, &theirs).unwrap();
        assert_eq!(merged.sections[0], "Kind, funny and brave");
        assert_eq!(merged.sections[2], "Give me time and show me pictures");
        assert_eq!(merged.agreed_on, date(2026, 11, 2));
        mine.sections[0] = "Kind".into();
        let clash = mine.merged(&base, &theirs).unwrap_err();
        assert!(clash.contains("(What people like and admire about me)"), "{clash}");
    }

    #[test]
    fn a_complete_profile_agreed_in_the_past_has_no_problems() {
        assert!(profile().problems(date(2026, 10, 5)).is_empty());
    }

    #[test]
    fn every_heading_and_the_contributors_must_be_written() {
        let mut p = profile();
        p.sections[1] = "  ".into();
        p.contributors = String::new();
        let problems = p.problems(date(2026, 11, 1));
        assert_eq!(
            problems,
            vec![
                ("important", "Enter what's important to me".to_owned()),
                (
                    "contributors",
                    "Enter who wrote the profile with the pupil and their parents".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_profile_cannot_be_agreed_in_the_future_or_run_past_a_page() {
        let mut p = profile();
        p.sections[2] = "x".repeat(MAX_SECTION_CHARS + 1);
        let fields: Vec<&str> = p.problems(date(2026, 10, 4)).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["support", "agreed"]);
        p.sections[2] = "é".repeat(MAX_SECTION_CHARS);
        assert!(p.problems(date(2026, 10, 5)).is_empty(), "the limit counts characters, not bytes");
    }

    #[test]
    fn headings_come_in_the_profile_s_order() {
        let titles: Vec<&str> = profile().headed().map(|(h, _)| h.title).collect();
        assert_eq!(
            titles,
            [
                "What people like and admire about me",
                "What's important to me",
                "How best to support me"
            ]
        );
    }
}
