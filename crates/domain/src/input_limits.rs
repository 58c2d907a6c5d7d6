//! How long each kind of field may be, in characters. A name or a single line is short by nature
//! and a longer value is a mistake or an attack (a 1 MB "name" fills every list it appears in);
//! a paragraph or a plan section may run long but still has an end.

/// A person's, school's or service's name.
pub const NAME: usize = 100;
/// An email address (RFC 5321 limits a path to 254 characters).
pub const EMAIL: usize = 254;
/// One line: an identifier, a setting, how often, a postcode, a search.
pub const LINE: usize = 300;
/// A paragraph: views, reasons, a description, a plan section's entry.
pub const TEXT: usize = 20_000;

const NAMES: [&str; 9] = [
    "name",
    "given_name",
    "family_name",
    "forename",
    "surname",
    "display_name",
    "institution",
    "requested_setting",
    "organisation",
];

const LINES: [&str; 24] = [
    "upn",
    "nhs",
    "nhs_number",
    "uln",
    "urn",
    "year_group",
    "setting",
    "delivered_by",
    "how_often",
    "institution_kind",
    "kind",
    "who",
    "expertise",
    "frequency",
    "duration",
    "group_size",
    "title",
    "postcode",
    "q",
    "url",
    "phone",
    "telephone",
    "from",
    "contributors",
];

/// The most characters the field `name` takes. `name` is a form field (`r2-who`, a table row's
/// field) or a JSON path (`services[0].name`); only its last part counts.
pub fn max_chars(name: &str) -> usize {
    let last = last_part(name);
    if last == "email" {
        EMAIL
    } else if NAMES.contains(&last) {
        NAME
    } else if LINES.contains(&last) {
        LINE
    } else {
        TEXT
    }
}

/// The field itself: `who` of `r2-who`, `name` of `services[0].name`.
fn last_part(name: &str) -> &str {
    let last = name.rsplit(['.', ']']).next().unwrap_or(name);
    match last.split_once('-') {
        Some((row, field))
            if row.len() > 1
                && row.starts_with('r')
                && row[1..].chars().all(|c| c.is_ascii_digit()) =>
        {
            field
        }
        _ => last,
    }
}

/// A field's name as words for a message: `given_name` reads "Given name".
pub fn field_words(name: &str) -> String {
    let spaced = last_part(name).replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "The value".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_field_has_its_limit() {
        assert_eq!(max_chars("given_name"), NAME);
        assert_eq!(max_chars("services[3].name"), NAME);
        assert_eq!(max_chars("email"), EMAIL);
        assert_eq!(max_chars("r12-who"), LINE);
        assert_eq!(max_chars("upn"), LINE);
        assert_eq!(max_chars("reasons"), TEXT);
        assert_eq!(max_chars("section-F"), TEXT);
        assert_eq!(max_chars("r0-description"), TEXT);
    }

    #[test]
    fn fields_are_named_in_words() {
        assert_eq!(field_words("given_name"), "Given name");
        assert_eq!(field_words("r2-how_often"), "How often");
        assert_eq!(field_words("services[0].name"), "Name");
        assert_eq!(field_words("section-F"), "Section F");
        assert_eq!(field_words(""), "The value");
    }
}
