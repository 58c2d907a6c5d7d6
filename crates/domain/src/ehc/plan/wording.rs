//! Section F wording a caseworker would send back: phrases that promise nothing enforceable, and
//! "how often" or "how long" that give no amount. Tribunals read F as a contract (Code 9.69: it
//! "must be detailed and specific and should normally be quantified").

/// Phrases that leave the amount of provision to whoever delivers it.
pub(super) const VAGUE: [&str; 16] = [
    "regularly",
    "regular",
    "as needed",
    "as required",
    "when appropriate",
    "where appropriate",
    "often",
    "ongoing",
    "access to",
    "opportunities",
    "opportunity",
    "up to",
    "may",
    "should",
    "if necessary",
    "support with",
];

/// "support with" is vague only when nothing on the line says how much.
const UNLESS_MEASURED: &str = "support with";

const NUMBER_WORDS: [&str; 16] = [
    "a", "an", "once", "twice", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "twelve", "half",
];

const UNITS: [&str; 12] = [
    "minute",
    "min",
    "hour",
    "hr",
    "day",
    "week",
    "fortnight",
    "month",
    "term",
    "year",
    "session",
    "lesson",
];

/// A rate in one word: "daily" is once a day.
const RATES: [&str; 7] =
    ["daily", "weekly", "fortnightly", "monthly", "termly", "annually", "yearly"];

/// Every vague phrase in a provision line, in the order of [`VAGUE`].
pub(super) fn vague_phrases(what: &str, frequency: &str, duration: &str) -> Vec<&'static str> {
    let text = format!(" {what} {frequency} {duration} ").to_lowercase();
    let measured_line = measured(what) || measured(frequency);
    VAGUE
        .into_iter()
        .filter(|p| contains_words(&text, p))
        .filter(|p| !(*p == UNLESS_MEASURED && measured_line))
        // "regular" inside "regularly" is one finding, not two.
        .filter(|p| !(*p == "regular" && contains_words(&text, "regularly")))
        .filter(|p| !(*p == "opportunity" && contains_words(&text, "opportunities")))
        .collect()
}

/// Does `text` say an amount: a number with a unit ("3 sessions of 30 minutes a week", "once a
/// term"), a one-word rate ("weekly"), or a named end ("until the next annual review")?
pub(super) fn measured(text: &str) -> bool {
    let text = text.to_lowercase();
    let words: Vec<&str> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let number =
        words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(w));
    let unit = words
        .iter()
        .any(|w| UNITS.iter().any(|u| w.strip_prefix(u).is_some_and(|s| s.is_empty() || s == "s")));
    let rate = words.iter().any(|w| RATES.contains(w));
    let named_end =
        words.windows(2).any(|w| (w[0] == "until" || w[0] == "end") && w[1] != "needed");
    (number && unit) || rate || named_end
}

/// True when `phrase` appears in `text` as whole words ("may" in "may be", not in "mayor").
pub(super) fn contains_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + phrase.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_need_a_number_and_a_unit_a_rate_or_a_named_end() {
        for ok in [
            "3 sessions of 30 minutes a week",
            "once a term",
            "twice weekly",
            "daily",
            "45 mins",
            "until the next annual review",
            "to the end of key stage 2",
            "for 2 terms",
        ] {
            assert!(measured(ok), "{ok}");
        }
        for vague in ["as agreed", "some", "a lot", "until needed", "", "lots"] {
            assert!(!measured(vague), "{vague}");
        }
        assert!(!measured("minutes"), "a unit alone is no amount");
        assert!(!measured("3"), "a number alone is no amount");
    }

    #[test]
    fn every_phrase_on_a_line_is_found_once() {
        assert_eq!(
            vague_phrases("Regularly given access to a laptop as needed", "", "ongoing"),
            vec!["regularly", "as needed", "ongoing", "access to"]
        );
        assert_eq!(
            vague_phrases("Opportunities to read, may help", "", ""),
            vec!["opportunities", "may"]
        );
    }

    #[test]
    fn support_with_is_vague_only_without_an_amount() {
        assert_eq!(vague_phrases("Support with reading", "", ""), vec!["support with"]);
        assert_eq!(vague_phrases("Support with reading", "3 times a week", ""), Vec::<&str>::new());
        assert_eq!(
            vague_phrases("Support with reading for 20 minutes", "", ""),
            Vec::<&str>::new()
        );
    }
}
