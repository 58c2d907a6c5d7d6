//! The contract's output as JSON text, written field by field. A history's duties carry about
//! 4 KB of sentences and rules; serde_json checks such text a byte at a time, which took most of
//! the clock's end-to-end time, so here whole strings are checked at once and copied when, as
//! nearly always, nothing in them needs escaping.

use super::duty::Named;
use super::json::{ClockOutput, DutyOutput};
use jiff::civil::Date;

/// How the JSON is laid out: on one line for the API, indented for people reading the CLI's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Compact,
    /// Two spaces per level, one field per line, as `serde_json::to_string_pretty` writes.
    Indented,
}

impl ClockOutput {
    /// `{"as_of": …, "duties": [{"duty", "ref", "due", "target", "status", "met_on",
    /// "responsible", "rule", "explanation"}, …]}`, in that order, as UTF-8 bytes ready to send or
    /// print.
    pub fn to_json(&self, layout: Layout) -> Vec<u8> {
        let text: usize = self.duties.iter().map(|d| d.explanation.len() + d.rule.len()).sum();
        let mut out = Writer { text: Vec::with_capacity(text + 300 * self.duties.len()), layout };
        out.put("{\"as_of\":", "{\n  \"as_of\": ");
        out.date(self.as_of);
        if self.duties.is_empty() {
            out.put(",\"duties\":[]}", ",\n  \"duties\": []\n}");
            return out.text;
        }
        out.put(",\"duties\":[", ",\n  \"duties\": [");
        for (i, duty) in self.duties.iter().enumerate() {
            if i > 0 {
                out.text.push(b',');
            }
            out.duty(duty);
        }
        out.put("]}", "\n  ]\n}");
        out.text
    }
}

struct Writer {
    text: Vec<u8>,
    layout: Layout,
}

/// Writes a duty's field name with what comes before it: the names are the contract's own and
/// need no escaping.
macro_rules! field {
    ($writer:expr, $first:literal, $name:literal) => {
        $writer
            .put(concat!($first, "\"", $name, "\":"), concat!($first, "\n      \"", $name, "\": "))
    };
}

impl Writer {
    fn duty(&mut self, d: &DutyOutput) {
        self.put("", "\n    ");
        field!(self, "{", "duty");
        self.string(d.duty.as_str());
        field!(self, ",", "ref");
        match &d.reference {
            Some(reference) => self.string(reference),
            None => self.text.extend_from_slice(b"null"),
        }
        field!(self, ",", "due");
        self.date(d.due);
        field!(self, ",", "target");
        self.date(d.target);
        field!(self, ",", "status");
        self.string(d.status.as_str());
        field!(self, ",", "met_on");
        match d.met_on {
            Some(on) => self.date(on),
            None => self.text.extend_from_slice(b"null"),
        }
        field!(self, ",", "responsible");
        self.string(d.responsible.as_str());
        field!(self, ",", "rule");
        self.string(d.rule);
        field!(self, ",", "explanation");
        self.string(&d.explanation);
        self.put("}", "\n    }");
    }

    /// Text that is the same in both layouts but for spacing.
    fn put(&mut self, compact: &str, indented: &str) {
        self.text.extend_from_slice(match self.layout {
            Layout::Compact => compact.as_bytes(),
            Layout::Indented => indented.as_bytes(),
        });
    }

    fn date(&mut self, date: Date) {
        match u16::try_from(date.year()) {
            Ok(year) if year <= 9999 => {
                let [month, day] = [date.month(), date.day()].map(i8::unsigned_abs);
                // Lossless: both halves of a four-digit year are under 100.
                let [y1, y2] = [(year / 100) as u8, (year % 100) as u8];
                let mut text = *b"\"0000-00-00\"";
                for (at, n) in [(1, y1), (3, y2), (6, month), (9, day)] {
                    text[at] = b'0' + n / 10;
                    text[at + 1] = b'0' + n % 10;
                }
                self.text.extend_from_slice(&text);
            }
            _ => self.string(&date.to_string()),
        }
    }

    fn string(&mut self, value: &str) {
        self.text.push(b'"');
        if needs_escaping(value.as_bytes()) {
            let mut escaped = String::with_capacity(value.len() + 8);
            for c in value.chars() {
                push_escaped(&mut escaped, c);
            }
            self.text.extend_from_slice(escaped.as_bytes());
        } else {
            self.text.extend_from_slice(value.as_bytes());
        }
        self.text.push(b'"');
    }
}

/// Whether any byte must be escaped, sixteen at a time: a block's bytes are checked without
/// short-circuits, which took a third fewer instructions than stopping at the first.
fn needs_escaping(bytes: &[u8]) -> bool {
    let needs = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let blocks = bytes.chunks_exact(16);
    let rest = blocks.remainder();
    blocks.into_iter().any(|block| block.iter().fold(false, |any, &b| any | needs(b)))
        || rest.iter().any(|&b| needs(b))
}

/// One character as JSON writes it inside a string, with serde_json's choice of escapes.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if u32::from(c) < 0x20 => {
            out.push_str("\\u00");
            for nibble in [u32::from(c) >> 4, u32::from(c) & 0xf] {
                out.push(char::from_digit(nibble, 16).unwrap_or('0'));
            }
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::duty::{DutyKind, DutyStatus, Responsible};
    use jiff::civil::date;
    use proptest::prelude::*;
    use serde::Serialize;

    /// Two duties: the first with `reference` and `explanation`, the second with neither a ref
    /// nor a date met.
    fn output(reference: Option<String>, explanation: String) -> ClockOutput {
        let first = DutyOutput {
            duty: DutyKind::ProvideAdvice,
            reference,
            due: date(2026, 3, 3),
            target: date(2026, 3, 3),
            status: DutyStatus::Met,
            met_on: Some(date(987, 12, 31)),
            responsible: Responsible::AdviceGiver,
            rule: "SEND Regulations 2014 reg 8(1)",
            explanation,
        };
        let second = DutyOutput { reference: None, met_on: None, ..first.clone() };
        ClockOutput { as_of: date(2026, 3, 1), duties: vec![first, second] }
    }

    /// The same output through serde_json, field for field in the contract's order.
    #[derive(Serialize)]
    struct Expected<'a> {
        as_of: Date,
        duties: Vec<ExpectedDuty<'a>>,
    }

    #[derive(Serialize)]
    struct ExpectedDuty<'a> {
        duty: &'a str,
        #[serde(rename = "ref")]
        reference: Option<&'a str>,
        due: Date,
        target: Date,
        status: &'a str,
        met_on: Option<Date>,
        responsible: &'a str,
        rule: &'a str,
        explanation: &'a str,
    }

    fn expected(out: &ClockOutput) -> Expected<'_> {
        let duties = out.duties.iter().map(|d| ExpectedDuty {
            duty: d.duty.as_str(),
            reference: d.reference.as_deref(),
            due: d.due,
            target: d.target,
            status: d.status.as_str(),
            met_on: d.met_on,
            responsible: d.responsible.as_str(),
            rule: d.rule,
            explanation: &d.explanation,
        });
        Expected { as_of: out.as_of, duties: duties.collect() }
    }

    #[test]
    fn both_layouts_match_serde_json_byte_for_byte() {
        let out = output(Some("a \"quoted\"\\ref\u{1}\u{1f}\t\n".into()), "Café — fine.".into());
        let expected = expected(&out);
        assert_eq!(out.to_json(Layout::Compact), serde_json::to_vec(&expected).unwrap());
        assert_eq!(out.to_json(Layout::Indented), serde_json::to_vec_pretty(&expected).unwrap());
    }

    #[test]
    fn no_duties_is_an_empty_list() {
        let out = ClockOutput { as_of: date(-5, 1, 2), duties: vec![] };
        let expected = expected(&out);
        assert_eq!(out.to_json(Layout::Compact), serde_json::to_vec(&expected).unwrap());
        assert_eq!(out.to_json(Layout::Indented), serde_json::to_vec_pretty(&expected).unwrap());
    }

    proptest! {
        #[test]
        fn any_text_round_trips(reference in any::<String>(), explanation in any::<String>()) {
            let out = output(Some(reference), explanation);
            prop_assert_eq!(out.to_json(Layout::Compact), serde_json::to_vec(&expected(&out)).unwrap());
        }
    }
}
