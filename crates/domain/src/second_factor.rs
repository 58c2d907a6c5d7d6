//! The second step of signing in: a code from an authenticator app, or one of the recovery codes
//! given when it was set up, for when the phone is lost.

/// How many recovery codes are given at once.
pub const RECOVERY_CODES: usize = 10;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A recovery code from 60 random bits (the low 60 of `random`): twelve letters and digits in
/// three groups of four, e.g. `ABCD-EF23-GH45`, easy to copy and read back.
pub fn recovery_code(random: u64) -> String {
    let chars: Vec<char> =
        (0..12).map(|i| ALPHABET[((random >> (5 * i)) & 31) as usize] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// What a person typed as the second step: an authenticator's six digits, or a recovery code
/// (spaces and dashes ignored, small letters read as capitals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Given {
    Code(String),
    Recovery(String),
}

/// Reads what was typed; `None` if it can be neither.
pub fn read(typed: &str) -> Option<Given> {
    let kept: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>();
    if kept.len() == 6 && kept.chars().all(|c| c.is_ascii_digit()) {
        return Some(Given::Code(kept));
    }
    let upper = kept.to_ascii_uppercase();
    if upper.len() == 12 && upper.bytes().all(|b| ALPHABET.contains(&b)) {
        let code = upper.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned());
        return Some(Given::Recovery(code.collect::<Vec<_>>().join("-")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_code_carries_sixty_bits_in_three_groups() {
        assert_eq!(recovery_code(0), "AAAA-AAAA-AAAA");
        assert_eq!(recovery_code(u64::MAX), "7777-7777-7777");
        assert_ne!(recovery_code(1 << 59), recovery_code(0), "the sixtieth bit counts");
        assert_eq!(recovery_code(1 << 60), recovery_code(0), "bits past sixty do not");
    }

    #[test]
    fn six_digits_are_a_code_and_twelve_letters_a_recovery_code_however_typed() {
        assert_eq!(read(" 123 456 "), Some(Given::Code("123456".into())));
        assert_eq!(read("abcd ef23-gh45"), Some(Given::Recovery("ABCD-EF23-GH45".into())));
        assert_eq!(read("12345"), None);
        assert_eq!(read("ABCD-EF23-GH41"), None, "1 is not in the alphabet");
        assert_eq!(read(""), None);
    }
}
