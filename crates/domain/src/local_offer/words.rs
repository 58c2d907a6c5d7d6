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
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return None;
    }
    Some(strsim::osa_distance(a, b)).filter(|d| *d <= max)
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
}
