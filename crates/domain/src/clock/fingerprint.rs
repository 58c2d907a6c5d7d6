//! What a stored summary of the clock was computed with: the clock's rules (their version) and
//! the bank holidays. A summary computed with another fingerprint may disagree with the case
//! page, so it is recomputed (`sendcase rebuild`, or `serve` at start-up).

use super::calendar::Calendar;
use sha2::{Digest, Sha256};

/// The version of the clock's rules. Bump it with any change to what the clock computes, so
/// every stored summary is rebuilt with the new rules.
/// 2: a review deciding to cease meets the review and starts no new one; plans end
/// (`plan_ceased`); the Tribunal's orders and the council's concessions start duties.
/// 3: the plans in force keep how far each planned move to the next phase has gone.
pub const CLOCK_VERSION: i32 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub clock_version: i32,
    /// A digest of the bank-holiday table.
    pub bank_holidays: String,
}

impl Fingerprint {
    /// The running clock's fingerprint with `calendar`.
    pub fn of(calendar: &Calendar) -> Self {
        let mut digest = Sha256::new();
        for day in calendar.bank_holidays() {
            digest.update(day.to_string().as_bytes());
            digest.update(b"\n");
        }
        let hex: String = digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
        Fingerprint { clock_version: CLOCK_VERSION, bank_holidays: hex }
    }

    /// What differs between what the summaries were computed with (`self`) and `now`, in words.
    pub fn differences(&self, now: &Fingerprint) -> Vec<String> {
        let mut out = vec![];
        if self.clock_version != now.clock_version {
            out.push(format!(
                "the clock's rules changed (version {} to {})",
                self.clock_version, now.clock_version
            ));
        }
        if self.bank_holidays != now.bank_holidays {
            out.push(format!(
                "the bank-holiday table changed ({} to {})",
                self.bank_holidays, now.bank_holidays
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_bank_holiday_table_or_clock_version_is_a_difference() {
        let built_in = Fingerprint::of(Calendar::england_and_wales());
        assert_eq!(built_in, Fingerprint::of(&Calendar::england_and_wales().clone()));
        assert!(built_in.differences(&built_in).is_empty());
        let local = Calendar::from_csv_str("date,name\n2026-06-03,Local holiday\n").unwrap();
        let other = Fingerprint::of(&local);
        assert_eq!(other.differences(&built_in).len(), 1);
        assert!(other.differences(&built_in)[0].contains("bank-holiday table"));
        let older = Fingerprint { clock_version: CLOCK_VERSION - 1, ..built_in.clone() };
        let said = format!("version {} to {CLOCK_VERSION}", CLOCK_VERSION - 1);
        assert!(older.differences(&built_in)[0].contains(&said));
    }
}
