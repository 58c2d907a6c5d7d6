//! What changed between two versions of a plan, section by section and line by line, so a
//! caseworker (and later a tribunal bundle) can see exactly what a new version altered.

use super::{EhcPlan, Section};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Same(String),
    Removed(String),
    Added(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionDiff {
    pub section: Section,
    pub changes: Vec<Change>,
}

impl SectionDiff {
    pub fn changed(&self) -> bool {
        self.changes.iter().any(|c| !matches!(c, Change::Same(_)))
    }
}

/// Every section's lines, old against new, in the order of a longest common subsequence.
pub fn diff(old: &EhcPlan, new: &EhcPlan) -> Vec<SectionDiff> {
    Section::ALL
        .into_iter()
        .map(|section| SectionDiff {
            section,
            changes: diff_lines(&old.section_lines(section), &new.section_lines(section)),
        })
        .collect()
}

fn diff_lines(old: &[String], new: &[String]) -> Vec<Change> {
    // Plans have tens of lines per section, so the quadratic table is small.
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, vec![]);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out.push(Change::Same(old[i].clone()));
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Change::Removed(old[i].clone()));
            i += 1;
        } else {
            out.push(Change::Added(new[j].clone()));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unchanged_lines_stay_in_place_and_edits_show_as_removed_then_added() {
        let d = diff_lines(&lines(&["a", "b", "c"]), &lines(&["a", "x", "c", "d"]));
        assert_eq!(
            d,
            vec![
                Change::Same("a".into()),
                Change::Removed("b".into()),
                Change::Added("x".into()),
                Change::Same("c".into()),
                Change::Added("d".into())
            ]
        );
    }

    #[test]
    fn empty_sides() {
        assert_eq!(diff_lines(&[], &lines(&["a"])), vec![Change::Added("a".into())]);
        assert_eq!(diff_lines(&lines(&["a"]), &[]), vec![Change::Removed("a".into())]);
        assert!(diff_lines(&[], &[]).is_empty());
    }
}
