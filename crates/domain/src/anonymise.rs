//! What anonymising a child's record takes out and what it keeps, once its retention has passed
//! (`retention::Disposal::Anonymise`). The SEN2 returns already made, and the caseload's counts,
//! were computed from the record's dated events, need types, placements and outcomes, so those
//! are kept; whatever names or identifies the child or their family goes. The store applies this
//! table by table (`crates/store/src/anonymise.rs`); `docs/retention.md` says it in words.

use jiff::civil::Date;
use serde_json::Value;

/// The name an anonymised record is shown under.
pub const GIVEN_NAME: &str = "Anonymised";
pub const FAMILY_NAME: &str = "record";

/// The date of birth kept: its month and year only (the first of the month), since a census
/// year group and an age at a census day need no more, and the day itself helps identify.
pub fn birth_date(born: Date) -> Date {
    born.first_of_month()
}

/// What a name is replaced with in the free text kept.
pub const REDACTED: &str = "[name]";

/// Replaces, in every string of `value` (a case's event, record or plan, whose free text may
/// name the child or their family), each of `names` standing as a whole word, whatever its case,
/// with [`REDACTED`]; whether anything changed. Names of fewer than two letters are left, since
/// they would match initials and ordinary words. A string without a space goes only when it is
/// exactly a name, case and all (a list of who attended): otherwise it is a code, a date or a tag
/// the record is read by (`final_plan`), and changing it could leave the record unreadable; an
/// underscore counts as part of a word for the same reason. The structure is untouched, so the
/// record still reads as before.
pub fn redact(value: &mut Value, names: &[String]) -> bool {
    match value {
        Value::String(text) if !text.contains(char::is_whitespace) => {
            let named = names.iter().any(|n| n.chars().count() >= 2 && n == text);
            if named {
                *text = REDACTED.to_owned();
            }
            named
        }
        Value::String(text) => match redacted(text, names) {
            Some(new) => {
                *text = new;
                true
            }
            None => false,
        },
        Value::Array(items) => {
            items.iter_mut().fold(false, |changed, v| redact(v, names) | changed)
        }
        Value::Object(fields) => {
            fields.values_mut().fold(false, |changed, v| redact(v, names) | changed)
        }
        _ => false,
    }
}

/// `text` with each whole-word occurrence of `names` replaced, or `None` if none occurs. Case
/// is ignored in ASCII letters only, so a match is always as long as the name.
fn redacted(text: &str, names: &[String]) -> Option<String> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = text.to_owned();
    for name in names.iter().map(|n| n.trim()).filter(|n| n.chars().count() >= 2) {
        let mut next = String::with_capacity(out.len());
        let mut from = 0;
        for (at, _) in out.char_indices() {
            let end = at + name.len();
            let found = at >= from
                && out.get(at..end).is_some_and(|s| s.eq_ignore_ascii_case(name))
                && !word(out[..at].chars().next_back())
                && !word(out[end..].chars().next());
            if found {
                next.push_str(&out[from..at]);
                next.push_str(REDACTED);
                from = end;
            }
        }
        next.push_str(&out[from..]);
        out = next;
    }
    (out != text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn only_the_month_and_year_of_birth_are_kept() {
        assert_eq!(birth_date(date(1995, 5, 17)), date(1995, 5, 1));
        assert_eq!(birth_date(date(1992, 2, 29)), date(1992, 2, 1));
    }

    #[test]
    fn names_are_taken_out_of_free_text_as_whole_words_and_nothing_else_changes() {
        let names = ["Amira".to_owned(), "Khan".to_owned(), "Jo".to_owned(), "K".to_owned()];
        for (text, expected) in [
            (
                "AMIRA loves music; Mrs Khan and Jo agree.",
                "[name] loves music; Mrs [name] and [name] agree.",
            ),
            ("Khanum is not a name here.", "Khanum is not a name here."),
            ("K is kept", "K is kept"),
            ("khan", "khan"),
            ("amira_khan seen", "amira_khan seen"),
            ("Amira", "[name]"),
        ] {
            let mut value = Value::from(text);
            assert_eq!(redact(&mut value, &names), text != expected, "{text}");
            assert_eq!(value, expected);
        }
        let mut plan = serde_json::json!({"attended": ["Jo", "Amira's tutor", 3, null]});
        assert!(redact(&mut plan, &names));
        assert_eq!(plan, serde_json::json!({"attended": ["[name]", "[name]'s tutor", 3, null]}));
        assert!(!redact(&mut plan, &names), "nothing left to take out");
        let mut other = serde_json::json!({"t": "İ Zoë, ZOË and Amira"});
        let names = ["Zoë".to_owned(), "Amira".to_owned()];
        assert!(redact(&mut other, &names));
        assert_eq!(other, serde_json::json!({"t": "İ [name], ZOË and [name]"}));
    }
}
