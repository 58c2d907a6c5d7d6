//! CSV files people hand to sendcase (pupil imports, bank holidays, postcodes), read record by
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
    reader
        .into_records()
        .filter(|record| record.as_ref().map_or(true, |r| r.iter().any(|f| !f.is_empty())))
        .map(move |record| {
            let at = match &record {
                Ok(r) => r.position(),
                Err(e) => e.position(),
            };
            (line_at(text, at), record)
        })
}

/// Reads a whole file whose first line is `header`: each later row, with as many fields as the
/// header, is given to `row` with its line, which returns it parsed or its problems. Any problem
/// fails the file, every one named by its line (the header is line 1).
pub fn read_file<T>(
    text: &str,
    header: &str,
    mut row: impl FnMut(usize, &[String]) -> Result<T, Vec<String>>,
) -> Result<Vec<T>, Vec<String>> {
    let mut records = numbered_records(text.trim_start_matches('\u{feff}'));
    match records.next() {
        Some((_, Ok(first))) if first.iter().collect::<Vec<_>>().join(",") == header => {}
        _ => return Err(vec![format!("line 1: the header must be {header}")]),
    }
    let columns = header.split(',').count();
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

/// Counted from the byte offset because the CSV reader's own line count leaves out blank lines,
/// and its offset is where the previous record ended, before any blank lines.
fn line_at(text: &str, at: Option<&csv::Position>) -> usize {
    let bytes = text.as_bytes();
    let mut start = at.map_or(0, |p| p.byte() as usize).min(bytes.len());
    while bytes.get(start).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
        start += 1;
    }
    bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1
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
