//! Words as search sees them: lower case, plurals folded, common words dropped, and how far
//! apart two spellings are.

/// Lower-case words, plurals folded ("groups" finds "group"), with common words left out.
pub fn tokenise(text: &str) -> Vec<String> {
    const STOP: [&str; 12] =
        ["a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with", "at"];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| fold_plural(&w.to_lowercase()))
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

fn fold_plural(w: &str) -> String {
    if w.len() > 4 && w.ends_with("ies") {
        format!("{}y", &w[..w.len() - 3])
    } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w[..w.len() - 1].to_owned()
    } else {
        w.to_owned()
    }
}

/// Optimal string alignment distance (a swap of neighbours counts as one), or `None` above `max`.
/// Lengths are compared first, which rules out most words of an index without measuring them.
pub fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    Typos::new(max).between(&a, &b)
}

/// Measures many words against one within `max` edits, reusing its rows: an index's terms are
/// measured against each word a family typed, and most are given up on after a letter or two.
pub struct Typos {
    max: usize,
    rows: [Vec<usize>; 3],
}

impl Typos {
    pub fn new(max: usize) -> Self {
        Typos { max, rows: Default::default() }
    }

    /// The distance from `a` to `b` when it is at most `max`.
    pub fn between(&mut self, a: &[char], b: &[char]) -> Option<usize> {
        let max = self.max;
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        let [before, previous, current] = &mut self.rows;
        for row in [&mut *before, &mut *previous, &mut *current] {
            row.clear();
            row.resize(b.len() + 1, 0);
        }
        previous.iter_mut().enumerate().for_each(|(j, cell)| *cell = j);
        for i in 1..=a.len() {
            current[0] = i;
            let mut best = i;
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut d = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = d.min(before[j - 2] + 1);
                }
                current[j] = d;
                best = best.min(d);
            }
            // Every later row is at least this row's least: no alignment comes back under.
            if best > max {
                return None;
            }
            std::mem::swap(before, previous);
            std::mem::swap(previous, current);
        }
        Some(previous[b.len()]).filter(|d| *d <= max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_common_words_dropped() {
        assert_eq!(
            tokenise("Support Groups for Families, and Parties!"),
            ["support", "group", "family", "party"]
        );
        assert_eq!(edit_distance_within("autsim", "autism", 1), Some(1));
        assert_eq!(edit_distance_within("speach", "speech", 1), Some(1));
        assert_eq!(edit_distance_within("swimming", "swim", 2), None);
    }

    #[test]
    fn the_distance_counts_insertions_deletions_changes_and_swaps_each_as_one() {
        for (a, b, d) in [
            ("", "", 0),
            ("", "ab", 2),
            ("autism", "autism", 0),
            ("autism", "autsim", 1),
            ("autism", "autis", 1),
            ("autism", "xautism", 1),
            ("speech", "speach", 1),
            ("ca", "abc", 3),
            ("dyslexia", "dsylexai", 2),
            ("therapy", "theraphy", 1),
            ("kitten", "sitting", 3),
            ("café", "cafe", 1),
        ] {
            assert_eq!(edit_distance_within(a, b, 3), Some(d), "{a} to {b}");
            assert_eq!(edit_distance_within(b, a, 3), Some(d), "{b} to {a}");
            assert_eq!(edit_distance_within(a, b, d.saturating_sub(1)), (d == 0).then_some(0));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_bounded_measure_agrees_with_the_whole_distance(
            a in "[abcé]{0,9}",
            b in "[abcé]{0,9}",
            max in 0usize..4,
        ) {
            let whole = strsim::osa_distance(&a, &b);
            proptest::prop_assert_eq!(
                edit_distance_within(&a, &b, max),
                (whole <= max).then_some(whole)
            );
        }
    }
}
