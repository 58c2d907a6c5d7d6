//! Reading a file of ORUK services: a JSON array, or one service per line (ndjson). Each record
//! stands alone, so one bad record is reported with its index and the rest still load.

use crate::{Service, local_offer_service};
use sendcase_domain::local_offer::LocalOfferService;

/// One record of the file: its index (from 0), the line it starts on, and what it read as.
#[derive(Debug)]
pub struct Record {
    pub index: usize,
    pub line: usize,
    pub service: Result<LocalOfferService, String>,
}

/// The file as a whole could not be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

/// Each record of `text` as a service in `council`'s Local Offer.
pub fn read_services(
    text: &str,
    council: uuid::Uuid,
    now: jiff::Timestamp,
) -> Result<Vec<Record>, ImportError> {
    let read = |value: serde_json::Value| {
        serde_json::from_value::<Service>(value)
            .map_err(|e| e.to_string())
            .and_then(|s| local_offer_service(s, council, now))
    };
    if text.trim_start().starts_with('[') {
        let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
            ImportError(format!("line {}: not a JSON array of services: {e}", e.line()))
        })?;
        // Line numbers are not kept by the array parse; records are named by index.
        return Ok(values
            .into_iter()
            .enumerate()
            .map(|(index, v)| Record { index, line: 0, service: read(v) })
            .collect());
    }
    let lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    Ok(lines
        .enumerate()
        .map(|(index, (n, l))| {
            let service = serde_json::from_str::<serde_json::Value>(l)
                .map_err(|e| format!("not JSON: {e}"))
                .and_then(read);
            Record { index, line: n + 1, service }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Detail, service};
    use sendcase_domain::local_offer::synthetic::services;

    #[test]
    fn bad_records_are_named_by_index_and_the_rest_read() {
        let good: Vec<String> = services(3, uuid::Uuid::nil(), jiff::civil::date(2026, 6, 1))
            .iter()
            .map(|s| serde_json::to_string(&service(s, Detail::Full)).unwrap())
            .collect();
        let ndjson = format!(
            "{}\n{{\"id\": \"not-a-uuid\", \"name\": \"x\", \"status\": \"active\"}}\n\n{}\nnot json\n{}\n",
            good[0], good[1], good[2]
        );
        let records = read_services(&ndjson, uuid::Uuid::nil(), jiff::Timestamp::now()).unwrap();
        let bad: Vec<(usize, usize)> =
            records.iter().filter(|r| r.service.is_err()).map(|r| (r.index, r.line)).collect();
        assert_eq!(bad, vec![(1, 2), (3, 5)]);
        assert_eq!(records.iter().filter(|r| r.service.is_ok()).count(), 3);

        let array =
            format!("[{}, {{\"name\": \"No id\", \"status\": \"active\"}}, {}]", good[0], good[1]);
        let records = read_services(&array, uuid::Uuid::nil(), jiff::Timestamp::now()).unwrap();
        assert!(
            records[1].service.as_ref().unwrap_err().contains("id"),
            "{:?}",
            records[1].service
        );
        assert!(read_services("[{\"id\": ", uuid::Uuid::nil(), jiff::Timestamp::now()).is_err());
    }
}
