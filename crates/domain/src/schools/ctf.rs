//! The SEN part of the common transfer file (CTF), the XML schools send each other when a pupil
//! moves: `CTfile/CTFpupilData/Pupil/SENhistory/{SEN/{StartDate, SENprovision},
//! SENneeds/SENneed/{SENtypeRank, SENtype}}` (shape from `standards/school-census`, see
//! `docs/README.md`). sendcase writes it for pupils leaving for a school outside sendcase, and
//! reads it for pupils joining from one, so their SEN history is not lost on the way.

use crate::clock::calendar::parse_iso_date;
use crate::people::identifiers::Upn;
use crate::schools::register::{CensusNeed, SenProvision, SenStatus};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A school in the file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtfSchool {
    pub urn: String,
    pub name: String,
}

/// A pupil's SEN history as the file carries it: each provision from the date it started, and
/// their needs in rank order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtfPupil {
    pub upn: Upn,
    pub surname: String,
    pub forename: String,
    pub birth_date: Date,
    pub history: Vec<(Date, SenProvision)>,
    pub needs: Vec<CensusNeed>,
}

impl CtfPupil {
    /// Each dated SEN status the history gives, oldest first: a provision on the register
    /// carries the pupil's ranked needs (the file does not date them), N carries none.
    pub fn statuses(&self) -> Vec<(Date, SenStatus)> {
        self.history
            .iter()
            .map(|(on, provision)| {
                let needs = if *provision == SenProvision::NoSen {
                    vec![]
                } else {
                    self.needs.iter().take(2).copied().collect()
                };
                (*on, SenStatus { provision: *provision, needs })
            })
            .collect()
    }
}

/// What a file read holds: the school it came from and its pupils.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtfFile {
    pub source: CtfSchool,
    pub pupils: Vec<CtfPupil>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename = "CTfile")]
struct XFile {
    #[serde(rename = "Header")]
    header: XHeader,
    #[serde(rename = "CTFpupilData", default)]
    data: XData,
}

#[derive(Serialize, Deserialize)]
struct XHeader {
    #[serde(rename = "DocumentName")]
    document: String,
    #[serde(rename = "DocumentQualifier", default)]
    qualifier: String,
    #[serde(rename = "SourceSchool")]
    source: XSchool,
}

#[derive(Serialize, Deserialize)]
struct XSchool {
    #[serde(rename = "URN", default)]
    urn: String,
    #[serde(rename = "SchoolName", default)]
    name: String,
}

#[derive(Serialize, Deserialize, Default)]
struct XData {
    #[serde(rename = "Pupil", default)]
    pupils: Vec<XPupil>,
}

#[derive(Serialize, Deserialize)]
struct XPupil {
    #[serde(rename = "UPN")]
    upn: String,
    #[serde(rename = "Surname")]
    surname: String,
    #[serde(rename = "Forename")]
    forename: String,
    #[serde(rename = "DOB")]
    dob: String,
    #[serde(rename = "SENhistory", default)]
    history: XHistory,
}

#[derive(Serialize, Deserialize, Default)]
struct XHistory {
    #[serde(rename = "SEN", default)]
    sen: Vec<XSen>,
    #[serde(rename = "SENneeds", default)]
    needs: XNeeds,
}

#[derive(Serialize, Deserialize)]
struct XSen {
    #[serde(rename = "StartDate")]
    start: String,
    #[serde(rename = "SENprovision")]
    provision: String,
}

#[derive(Serialize, Deserialize, Default)]
struct XNeeds {
    #[serde(rename = "SENneed", default)]
    needs: Vec<XNeed>,
}

#[derive(Serialize, Deserialize)]
struct XNeed {
    #[serde(rename = "SENtypeRank")]
    rank: u8,
    #[serde(rename = "SENtype")]
    kind: String,
}

const DOCUMENT: &str = "Common Transfer File";

/// The SEN part of a CTF from `source` for `pupils`.
pub fn ctf_xml(source: &CtfSchool, pupils: &[CtfPupil]) -> String {
    let file = XFile {
        header: XHeader {
            document: DOCUMENT.into(),
            qualifier: "partial".into(),
            source: XSchool { urn: source.urn.clone(), name: source.name.clone() },
        },
        data: XData {
            pupils: pupils
                .iter()
                .map(|p| XPupil {
                    upn: p.upn.to_string(),
                    surname: p.surname.clone(),
                    forename: p.forename.clone(),
                    dob: p.birth_date.to_string(),
                    history: XHistory {
                        sen: p
                            .history
                            .iter()
                            .map(|(on, provision)| XSen {
                                start: on.to_string(),
                                provision: provision.code().into(),
                            })
                            .collect(),
                        needs: XNeeds {
                            needs: (1..)
                                .zip(&p.needs)
                                .map(|(rank, n)| XNeed { rank, kind: n.code().into() })
                                .collect(),
                        },
                    },
                })
                .collect(),
        },
    };
    let body = quick_xml::se::to_string(&file).expect("the CTF is plain strings");
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n")
}

/// Reads a CTF's SEN part; every pupil at fault is named with what is wrong, and any fault
/// fails the file.
pub fn read_ctf(xml: &str) -> Result<CtfFile, Vec<String>> {
    let file: XFile = quick_xml::de::from_str(xml)
        .map_err(|e| vec![format!("not a common transfer file: {e}")])?;
    if file.header.document != DOCUMENT {
        return Err(vec![format!("Header/DocumentName must be \"{DOCUMENT}\"")]);
    }
    let (mut pupils, mut errors) = (vec![], vec![]);
    for (i, p) in file.data.pupils.into_iter().enumerate() {
        let mut problems = vec![];
        let upn =
            p.upn.parse::<Upn>().map_err(|e| problems.push(format!("UPN \"{}\": {e}", p.upn)));
        let dob = parse_iso_date(&p.dob)
            .map_err(|_| problems.push(format!("DOB \"{}\" is not a date", p.dob)));
        let mut history = vec![];
        for s in &p.history.sen {
            match (parse_iso_date(&s.start), SenProvision::parse(&s.provision)) {
                (Ok(on), Some(provision)) => history.push((on, provision)),
                _ => problems.push(format!(
                    "SEN {} from {} is not a provision and a date",
                    s.provision, s.start
                )),
            }
        }
        history.sort_by_key(|(on, _)| *on);
        let mut ranked = p.history.needs.needs;
        ranked.sort_by_key(|n| n.rank);
        let mut needs = vec![];
        for n in ranked {
            match CensusNeed::parse(&n.kind) {
                Some(need) => needs.push(need),
                None => problems.push(format!("SENtype \"{}\" is not a census SEN type", n.kind)),
            }
        }
        // Each status the history gives must pass the census rules (K and E need a type of need).
        for provision in history.iter().map(|(_, p)| *p).collect::<std::collections::HashSet<_>>() {
            let code = |rank: usize| needs.get(rank).map_or("", |n: &CensusNeed| n.code());
            let (first, second) =
                if provision == SenProvision::NoSen { ("", "") } else { (code(0), code(1)) };
            if let Err(why) = SenStatus::from_codes(provision.code(), first, second) {
                problems.extend(why);
            }
        }
        match (upn, dob) {
            (Ok(upn), Ok(birth_date)) if problems.is_empty() => pupils.push(CtfPupil {
                upn,
                surname: p.surname,
                forename: p.forename,
                birth_date,
                history,
                needs,
            }),
            _ => errors.extend(problems.into_iter().map(|why| format!("pupil {}: {why}", i + 1))),
        }
    }
    let source = CtfSchool { urn: file.header.source.urn, name: file.header.source.name };
    if errors.is_empty() { Ok(CtfFile { source, pupils }) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::needs::NeedType;
    use jiff::civil::date;

    fn pupil() -> CtfPupil {
        CtfPupil {
            upn: crate::people::identifiers::synthetic_upn("886".parse().unwrap(), 3),
            surname: "O'Connor & Sons".into(),
            forename: "Lily".into(),
            birth_date: date(2016, 6, 4),
            history: vec![
                (date(2024, 9, 4), SenProvision::SenSupport),
                (date(2026, 1, 12), SenProvision::EhcPlan),
            ],
            needs: vec![CensusNeed::Type(NeedType::Asd), CensusNeed::Type(NeedType::Slcn)],
        }
    }

    #[test]
    fn a_file_written_reads_back_the_same() {
        let school = CtfSchool { urn: "990101".into(), name: "Oakfield <Primary>".into() };
        let xml = ctf_xml(&school, &[pupil()]);
        assert!(xml.contains("<SENhistory><SEN><StartDate>2024-09-04</StartDate><SENprovision>K</SENprovision></SEN>"), "{xml}");
        assert!(
            xml.contains("<SENneed><SENtypeRank>1</SENtypeRank><SENtype>ASD</SENtype></SENneed>"),
            "{xml}"
        );
        assert!(xml.contains("Oakfield &lt;Primary&gt;"), "{xml}");
        assert_eq!(read_ctf(&xml), Ok(CtfFile { source: school, pupils: vec![pupil()] }));
    }

    #[test]
    fn a_bad_pupil_is_named_and_fails_the_file() {
        let xml = ctf_xml(&CtfSchool { urn: "1".into(), name: "x".into() }, &[pupil()])
            .replace("<SENtype>SLCN</SENtype>", "<SENtype>XYZ</SENtype>")
            .replace("2016-06-04", "2016-02-30");
        let errors = read_ctf(&xml).unwrap_err();
        assert_eq!(
            errors,
            [
                "pupil 1: DOB \"2016-02-30\" is not a date",
                "pupil 1: SENtype \"XYZ\" is not a census SEN type"
            ]
        );
        assert!(read_ctf("<nonsense/>").unwrap_err()[0].starts_with("not a common transfer file"));
        let mut untyped = pupil();
        untyped.needs.clear();
        let xml = ctf_xml(&CtfSchool { urn: "1".into(), name: "x".into() }, &[untyped]);
        assert!(read_ctf(&xml).unwrap_err()[0].contains("needs a SENtype1"));
    }

    #[test]
    fn the_history_gives_each_dated_status_with_the_needs_while_on_the_register() {
        let mut p = pupil();
        p.history.push((date(2026, 7, 1), SenProvision::NoSen));
        let statuses = p.statuses();
        assert_eq!(statuses[0].1.needs.len(), 2);
        assert_eq!(
            statuses[2],
            (date(2026, 7, 1), SenStatus { provision: SenProvision::NoSen, needs: vec![] })
        );
    }
}
