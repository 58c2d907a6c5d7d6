//! CSV files people hand to sendcase (pupil imports, bank holidays, postcodes, GIAS), read record by
//! record with the line each starts on, so every error can say where to look; and cells of the
//! CSV files sendcase hands out, made safe to open in a spreadsheet.

/// Each record of `text` with its line number (the first line is 1), fields trimmed, any number
/// of fields. Blank lines (and lines of spaces) are skipped but still counted.
pub fn numbered_records(
    text: &str,
) -> impl Iterator<Item = (usize, Result<csv::StringRecord, csv::Error>)> + '_ {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut counted = Counted::default();
    reader
        .into_records()
        .filter(|record| record.as_ref().map_or(true, |r| r.iter().any(|f| !f.is_empty())))
        .map(move |record| {
            let at = match &record {
                Ok(r) => r.position(),
                Err(e) => e.position(),
            };
            (counted.line_at(text, at), record)
        })
}

/// Reads a whole file whose first line is `header`: each later row, with as many fields as the
/// header, is given to `row` with its line, which returns it parsed or its problems. Any problem
/// fails the file, every one named by its line (the header is line 1).
pub fn read_file<T>(
    text: &str,
    header: &str,
    row: impl FnMut(usize, &[String]) -> Result<T, Vec<String>>,
) -> Result<Vec<T>, Vec<String>> {
    let mut records = numbered_records(text.trim_start_matches('\u{feff}'));
    match records.next() {
        Some((_, Ok(first))) if first.iter().collect::<Vec<_>>().join(",") == header => {}
        _ => return Err(vec![format!("line 1: the header must be {header}")]),
    }
    read_rows(records, header.split(',').count(), row)
}

/// One row of a file read by column name ([`read_named`]).
pub struct NamedRow<'a> {
    columns: &'a [String],
    cells: &'a [String],
}

impl NamedRow<'_> {
    /// The cell under `column`; empty when the file has no such column.
    pub fn get(&self, column: &str) -> &str {
        self.columns.iter().position(|c| c == column).map_or("", |i| self.cells[i].as_str())
    }
}

/// Reads a whole file whose first line names its columns, for files laid out by someone else
/// (GIAS's download), whose columns come in any order among others this reader ignores. Each
/// `required` column missing from the header is one error naming it; otherwise as [`read_file`].
pub fn read_named<T>(
    text: &str,
    required: &[&str],
    mut row: impl FnMut(usize, &NamedRow) -> Result<T, Vec<String>>,
) -> Result<Vec<T>, Vec<String>> {
    let mut records = numbered_records(text.trim_start_matches('\u{feff}'));
    let columns: Vec<String> = match records.next() {
        Some((_, Ok(first))) => first.iter().map(str::to_owned).collect(),
        Some((_, Err(e))) => return Err(vec![format!("line 1: {e}")]),
        None => vec![],
    };
    let missing: Vec<String> = required
        .iter()
        .filter(|name| !columns.iter().any(|c| c == *name))
        .map(|name| format!("line 1: the header has no column \"{name}\""))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    read_rows(records, columns.len(), |line, cells| {
        row(line, &NamedRow { columns: &columns, cells })
    })
}

/// Gives each record after the header to `row` when it has `columns` fields, and collects every
/// problem with its line, so that a file is taken whole or refused whole.
fn read_rows<T>(
    records: impl Iterator<Item = (usize, Result<csv::StringRecord, csv::Error>)>,
    columns: usize,
    mut row: impl FnMut(usize, &[String]) -> Result<T, Vec<String>>,
) -> Result<Vec<T>, Vec<String>> {
    let (mut rows, mut errors) = (vec![], vec![]);
    for (line, record) in records {
        let parsed = match record {
            Ok(r) if r.len() == columns => {
                let cols: Vec<String> = r.iter().map(str::to_owned).collect();
                row(line, &cols)
            }
            Ok(r) => Err(vec![format!("expected {columns} columns, found {}", r.len())]),
            Err(e) => Err(vec![e.to_string()]),
        };
        match parsed {
            Ok(parsed) => rows.push(parsed),
            Err(problems) => {
                errors.extend(problems.into_iter().map(|p| format!("line {line}: {p}")))
            }
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// The text of a file handed in: UTF-8 when it is, and otherwise Windows-1252, the encoding GIAS
/// publishes its downloads in (and Excel saves "CSV" in), so that "Ysgol Gymraeg Bro Morgannwg"
/// or a curly apostrophe reads as written instead of failing the file.
pub fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect::<String>().into(),
    }
}

/// Windows-1252 is Latin-1 except for 0x80–0x9F, which hold typographic characters; its five
/// unassigned bytes are read as the control characters of the same number, as browsers do.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// How far into the text lines have been counted, and how many newlines were found there.
/// Records come in order, so each is counted on from the last: counting from the start every
/// time took minutes for a file of 50,000 lines (GIAS's).
#[derive(Default)]
struct Counted {
    upto: usize,
    newlines: usize,
}

impl Counted {
    /// Counted from the byte offset because the CSV reader's own line count leaves out blank
    /// lines, and its offset is where the previous record ended, before any blank lines.
    fn line_at(&mut self, text: &str, at: Option<&csv::Position>) -> usize {
        let bytes = text.as_bytes();
        let mut start = at.map_or(0, |p| p.byte() as usize).min(bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            start += 1;
        }
        if start < self.upto {
            *self = Counted::default();
        }
        self.newlines += bytes[self.upto..start].iter().filter(|&&b| b == b'\n').count();
        self.upto = start;
        self.newlines + 1
    }
}

/// `cell` as a spreadsheet will show it rather than run it: text starting with `=`, `+`, `-`, `@`
/// (or a tab or carriage return) is a formula to Excel and LibreOffice, so it gains a leading `'`.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_quoted() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        for formula in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(spreadsheet_safe(formula).starts_with('\''), "{formula}");
        }
        assert_eq!(spreadsheet_safe("O'Neil-Smith"), "O'Neil-Smith");
    }

    #[test]
    fn columns_are_found_by_name_in_any_order_among_others() {
        let read = |text: &str| {
            read_named(text, &["A", "B"], |line, row| {
                Ok(format!("{line}:{}{}{}", row.get("A"), row.get("B"), row.get("absent")))
            })
        };
        assert_eq!(
            read("\u{feff}extra,B,A\nx,2,1\n\ny,4,3\n"),
            Ok(vec!["2:12".into(), "4:34".into()])
        );
        assert_eq!(
            read("B,A\n2,1\nshort\n"),
            Err(vec!["line 3: expected 2 columns, found 1".into()])
        );
        assert_eq!(
            read("A\n1\n"),
            Err(vec!["line 1: the header has no column \"B\"".into()]),
            "a missing column is named, not each row's empty cell"
        );
        assert_eq!(read("").unwrap_err().len(), 2);
    }

    #[test]
    fn a_file_not_in_utf8_is_read_as_windows_1252() {
        assert_eq!(decode("St Mary’s".as_bytes()), "St Mary’s");
        assert_eq!(decode(b"St Mary\x92s Caf\xe9 \x80"), "St Mary’s Café €");
    }

    #[test]
    fn lines_are_counted_across_blank_lines_and_quoted_newlines() {
        let text = "a,b\n\n\"x\ny\",2\n   \n  c , d \n";
        let seen: Vec<(usize, Vec<String>)> = numbered_records(text)
            .map(|(line, r)| (line, r.unwrap().iter().map(str::to_owned).collect()))
            .collect();
        assert_eq!(seen[0], (1, vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(seen[1], (3, vec!["x\ny".to_owned(), "2".to_owned()]));
        assert_eq!(seen[2], (6, vec!["c".to_owned(), "d".to_owned()]));
    }
}
