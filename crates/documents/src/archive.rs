//! The subject access export as one file: a POSIX tar archive of the JSON document and the
//! council's PDFs. tar needs no library, every system opens it, and PDFs barely compress.

use crate::{DocumentError, pdf};
use jiff::civil::Date;
use sendcase_domain::documents::Document;

const BLOCK: usize = 512;

/// The archive: `person.json` holding `json`, then each document's PDF under its file name, all
/// dated `made_on`.
pub fn subject_access<'a>(
    json: &[u8],
    documents: impl IntoIterator<Item = (&'a str, &'a Document, Date)>,
    made_on: Date,
) -> Result<Vec<u8>, DocumentError> {
    let mtime = made_on.to_zoned(jiff::tz::TimeZone::UTC).map_or(0, |z| z.timestamp().as_second());
    let mut out = Vec::new();
    append(&mut out, "person.json", json, mtime)?;
    for (name, document, on) in documents {
        append(&mut out, name, &pdf(document, on)?, mtime)?;
    }
    // Two empty blocks end the archive.
    out.resize(out.len() + 2 * BLOCK, 0);
    Ok(out)
}

fn append(out: &mut Vec<u8>, name: &str, data: &[u8], mtime: i64) -> Result<(), DocumentError> {
    if name.len() >= 100 {
        return Err(DocumentError::Archive(name.to_owned()));
    }
    let mut header = [0u8; BLOCK];
    let mut field =
        |at: usize, text: &str| header[at..at + text.len()].copy_from_slice(text.as_bytes());
    field(0, name);
    field(100, "0000644");
    field(108, "0000000");
    field(116, "0000000");
    field(124, &format!("{:011o}", data.len()));
    field(136, &format!("{:011o}", mtime.max(0)));
    // The checksum is summed with its own field as spaces.
    field(148, "        ");
    field(156, "0");
    field(257, "ustar");
    field(263, "00");
    let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
    header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(data);
    out.resize(out.len().next_multiple_of(BLOCK), 0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn octal(field: &[u8]) -> u64 {
        let text = std::str::from_utf8(field).unwrap().trim_matches(|c| c == '\0' || c == ' ');
        u64::from_str_radix(text, 8).unwrap()
    }

    #[test]
    fn the_json_is_the_first_file_with_its_size_and_a_checksum_tar_accepts() {
        let json = br#"{"format":"x"}"#;
        let tar = subject_access(json, [], date(2026, 12, 4)).unwrap();
        assert_eq!(tar.len(), 4 * BLOCK, "header, data, two end blocks");
        assert_eq!(&tar[..11], b"person.json");
        assert_eq!(octal(&tar[124..136]), json.len() as u64);
        assert_eq!(&tar[BLOCK..BLOCK + json.len()], json);
        let mut header = tar[..BLOCK].to_vec();
        header[148..156].copy_from_slice(b"        ");
        let sum: u64 = header.iter().map(|&b| u64::from(b)).sum();
        assert_eq!(octal(&tar[148..156]), sum);
        assert!(tar[2 * BLOCK..].iter().all(|&b| b == 0));
    }

    #[test]
    fn a_name_tar_cannot_hold_is_refused() {
        let long = "d/".repeat(50) + "x.pdf";
        let mut out = vec![];
        assert!(append(&mut out, &long, b"", 0).is_err());
        assert!(out.is_empty());
    }
}
