//! No edit is lost. Every versioned record (a plan, a one-page profile, an information report) is
//! edited from a version; when someone else saved in between, the parts this edit changed are
//! kept on top of theirs, and the edit is refused only where both changed the same part
//! differently, since keeping either would silently lose the other's words.

/// One record's parts, in a fixed order: each part's name and its text.
pub type Parts<K> = Vec<(K, String)>;

/// The parts to save for `mine`, edited from `base` while `newest` was saved: `mine`'s changes
/// on top of `newest`, or the parts both changed in different ways. The three lists hold the
/// same parts in the same order.
pub fn merge_parts<K: Copy + PartialEq>(
    base: &Parts<K>,
    newest: &Parts<K>,
    mine: &Parts<K>,
) -> Result<Parts<K>, Vec<K>> {
    let mut clashes = vec![];
    let merged = base
        .iter()
        .zip(newest)
        .zip(mine)
        .map(|(((part, base), (_, theirs)), (_, ours))| {
            let kept = keep(base, theirs, ours).unwrap_or_else(|theirs| {
                clashes.push(*part);
                theirs
            });
            (*part, kept.clone())
        })
        .collect();
    if clashes.is_empty() { Ok(merged) } else { Err(clashes) }
}

/// One part to keep, edited from `base` by us (`ours`) while `theirs` was saved: whichever side
/// changed it, or `Err(theirs)` when both changed it in different ways.
pub fn keep<'a, V: PartialEq>(base: &V, theirs: &'a V, ours: &'a V) -> Result<&'a V, &'a V> {
    match (theirs != base, ours != base) {
        (true, true) if theirs != ours => Err(theirs),
        (_, true) => Ok(ours),
        _ => Ok(theirs),
    }
}

/// Why an edit is not kept: someone else changed the same `parts` meanwhile.
pub fn stale_edit(what: &str, parts: &[&str]) -> String {
    format!(
        "Someone else changed the {what} ({}) while you were editing it: compare the two versions and keep one",
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(texts: [&str; 3]) -> Parts<&'static str> {
        ["likes", "important", "support"].into_iter().zip(texts.map(str::to_owned)).collect()
    }

    #[test]
    fn changes_to_different_parts_both_stand() {
        let base = parts(["a", "b", "c"]);
        let newest = parts(["A", "b", "c"]);
        let mine = parts(["a", "b", "C"]);
        assert_eq!(merge_parts(&base, &newest, &mine), Ok(parts(["A", "b", "C"])));
    }

    #[test]
    fn the_same_part_changed_differently_is_a_clash_and_the_same_change_is_not() {
        let base = parts(["a", "b", "c"]);
        let newest = parts(["A", "B", "c"]);
        assert_eq!(merge_parts(&base, &newest, &parts(["x", "B", "c"])), Err(vec!["likes"]));
        assert_eq!(merge_parts(&base, &newest, &newest), Ok(newest.clone()));
        assert_eq!(merge_parts(&base, &base, &newest), Ok(newest));
    }

    #[test]
    fn the_message_names_the_parts() {
        assert_eq!(
            stale_edit("one-page profile", &["What is important to me"]),
            "Someone else changed the one-page profile (What is important to me) while you were editing it: compare the two versions and keep one"
        );
    }
}
