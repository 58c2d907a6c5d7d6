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
pub fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![0usize; width * (a.len() + 1)];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        let mut row_min = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
    }
    Some(rows[a.len() * width + b.len()]).filter(|d| *d <= max)
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
