//! One way to describe, render and read the forms of the case pages, so each statutory step is
//! a list of fields and a rule, and every form gets GOV.UK markup and error handling alike.

use crate::error::FieldError;
use jiff::civil::Date;
use std::collections::HashMap;

pub enum Kind {
    Text,
    Textarea,
    /// GOV.UK date input: three boxes named `{name}-day`, `-month`, `-year`.
    Date,
    Select(Vec<(String, String)>),
    Radios(Vec<(String, String)>),
    /// A single checkbox whose value is `yes`.
    Checkbox,
    /// GOV.UK file upload, choosing several documents; its form is sent as
    /// `multipart/form-data` ([`crate::page::uploads`]).
    Files,
}

/// `(value, label)` pairs as a select's or radios' options.
pub fn choices<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    pairs.into_iter().map(|(v, l)| (v.to_owned(), l.to_owned())).collect()
}

pub struct Field {
    pub name: String,
    pub label: String,
    pub hint: String,
    pub kind: Kind,
    /// For dates, `YYYY-MM-DD` or the three parts as typed, joined by `|`.
    pub value: String,
}

impl Field {
    pub fn new(name: impl Into<String>, label: impl Into<String>, kind: Kind) -> Self {
        Field {
            name: name.into(),
            label: label.into(),
            hint: String::new(),
            kind,
            value: String::new(),
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    /// Where the error summary links to and the error message is keyed by.
    pub fn anchor(&self) -> String {
        match self.kind {
            Kind::Date => format!("{}-day", self.name),
            Kind::Radios(_) => format!("{}-0", self.name),
            _ => self.name.clone(),
        }
    }

    /// Day, month and year as the boxes show them.
    pub fn date_parts(&self) -> [(&'static str, &'static str, String, u8); 3] {
        let parts: Vec<&str> = if self.value.contains('|') {
            self.value.split('|').collect()
        } else {
            self.value.split('-').rev().collect()
        };
        let part = |i: usize| parts.get(i).map(|p| p.to_string()).unwrap_or_default();
        [("day", "Day", part(0), 2), ("month", "Month", part(1), 2), ("year", "Year", part(2), 4)]
    }

    pub fn is_checked(&self) -> bool {
        self.value == "yes"
    }
}

pub struct Fieldset {
    pub legend: String,
    pub fields: Vec<Field>,
}

impl Fieldset {
    pub fn new(legend: impl Into<String>, fields: Vec<Field>) -> Self {
        Fieldset { legend: legend.into(), fields }
    }
}

/// A submitted form's values, read leniently (missing means empty) and checked by the step.
pub struct FormValues(HashMap<String, String>);

impl FormValues {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        FormValues(pairs.into_iter().collect())
    }

    pub fn text(&self, name: &str) -> String {
        self.0.get(name).map(|v| v.trim().to_owned()).unwrap_or_default()
    }

    /// Whether any field's name starts with `prefix` (a row of a list was submitted).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.0.keys().any(|k| k.starts_with(prefix))
    }

    pub fn checked(&self, name: &str) -> bool {
        self.0.get(name).is_some_and(|v| v == "yes")
    }

    pub fn required(&self, name: &str, message: &str, errors: &mut Vec<FieldError>) -> String {
        let value = self.text(name);
        if value.is_empty() {
            errors.push(FieldError::new(name, message));
        }
        value
    }

    /// The date in `{name}-day/-month/-year`; `missing` is the message when it must be given.
    pub fn date(
        &self,
        name: &str,
        missing: Option<&str>,
        errors: &mut Vec<FieldError>,
    ) -> Option<Date> {
        let [d, m, y] = ["day", "month", "year"].map(|p| self.text(&format!("{name}-{p}")));
        match read_date(&d, &m, &y) {
            Ok(Some(date)) => Some(date),
            Ok(None) => {
                if let Some(message) = missing {
                    errors.push(FieldError::new(format!("{name}-day"), message));
                }
                None
            }
            Err(message) => {
                errors.push(FieldError::new(format!("{name}-day"), message));
                None
            }
        }
    }

    /// The date as typed, for redisplay.
    pub fn date_as_typed(&self, name: &str) -> String {
        ["day", "month", "year"].map(|p| self.text(&format!("{name}-{p}"))).join("|")
    }
}

/// GOV.UK date input rules: all three boxes or none; a real date with a 4-digit year.
pub fn read_date(day: &str, month: &str, year: &str) -> Result<Option<Date>, String> {
    let parts = [("day", day), ("month", month), ("year", year)];
    if parts.iter().all(|(_, v)| v.is_empty()) {
        return Ok(None);
    }
    if let Some((name, _)) = parts.iter().find(|(_, v)| v.is_empty()) {
        return Err(format!("The date must include a {name}"));
    }
    let number = |v: &str| v.parse::<i16>().ok();
    match (number(day), number(month), number(year)) {
        (Some(d), Some(m), Some(y)) if (1000..=9999).contains(&y) => i8::try_from(d)
            .ok()
            .zip(i8::try_from(m).ok())
            .and_then(|(d, m)| Date::new(y, m, d).ok())
            .map(Some)
            .ok_or_else(|| "The date must be a real date".to_owned()),
        _ => Err("The date must be a real date, with a 4-digit year".to_owned()),
    }
}
