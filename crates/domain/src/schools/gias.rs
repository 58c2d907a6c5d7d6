//! Schools, colleges and other settings as Get Information about Schools (GIAS) publishes them in
//! its download of every establishment (`edubasealldata*.csv`; its columns are in
//! `data/gias/`). A council loads its settings from it, so that the URN and UKPRN the census,
//! SEN2 placements and section I use are GIAS's own.

use crate::csv_lines::{NamedRow, read_named};
use crate::people::identifiers::{LaCode, Ukprn, Urn};
use crate::people::roles::OrganisationKind;
use std::collections::HashMap;

const URN: &str = "URN";
const LA_CODE: &str = "LA (code)";
const LA_NAME: &str = "LA (name)";
const NAME: &str = "EstablishmentName";
const TYPE: &str = "TypeOfEstablishment (name)";
const TYPE_GROUP: &str = "EstablishmentTypeGroup (name)";
const STATUS: &str = "EstablishmentStatus (name)";
const PHASE: &str = "PhaseOfEducation (name)";
/// Optional: a file cut down to the columns above still loads, with no UKPRNs.
const UKPRN: &str = "UKPRN";
/// Optional, as UKPRN: without it, what special provision an establishment has is unknown.
const RESOURCED_PROVISION: &str = "TypeOfResourcedProvision (name)";

/// The columns a file must have; any others are ignored.
pub const REQUIRED_COLUMNS: [&str; 8] =
    [URN, LA_CODE, LA_NAME, NAME, TYPE, TYPE_GROUP, STATUS, PHASE];

/// One establishment of the file, as GIAS describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Establishment {
    pub line: usize,
    pub urn: Urn,
    pub name: String,
    /// `None` when its LA code is none of England's councils': Welsh establishments, British
    /// schools overseas, and those GIAS files under "does not apply". sendcase serves England's
    /// councils only.
    pub local_authority: Option<LocalAuthority>,
    pub type_of_establishment: String,
    pub type_group: String,
    pub status: Status,
    /// `None` where GIAS says "Not applicable" (special schools, colleges, most independents).
    pub phase: Option<String>,
    pub ukprn: Option<Ukprn>,
    /// `None` where the file does not say.
    pub sen_provision: Option<SenProvision>,
}

/// Whether a mainstream establishment has a SEN unit or resourced provision: places the council
/// recognises for pupils with a particular need. SEN2 and the census may claim a place in one
/// only where GIAS lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SenProvision {
    pub sen_unit: bool,
    pub resourced_provision: bool,
}

impl SenProvision {
    const NAMES: [(&str, SenProvision); 4] = [
        ("Not applicable", SenProvision { sen_unit: false, resourced_provision: false }),
        ("Resourced provision", SenProvision { sen_unit: false, resourced_provision: true }),
        ("SEN unit", SenProvision { sen_unit: true, resourced_provision: false }),
        (
            "Resourced provision and SEN unit",
            SenProvision { sen_unit: true, resourced_provision: true },
        ),
    ];

    /// GIAS's `TypeOfResourcedProvision (name)`; an empty cell says nothing.
    fn parse(name: &str) -> Result<Option<SenProvision>, String> {
        if name.is_empty() {
            return Ok(None);
        }
        let found = Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, p)| *p);
        found.map(Some).ok_or_else(|| {
            let known: Vec<&str> = Self::NAMES.iter().map(|(n, _)| *n).collect();
            format!("{RESOURCED_PROVISION} \"{name}\" is not one of: {}", known.join("; "))
        })
    }
}

/// The English local authority an establishment is in, with the name GIAS gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAuthority {
    pub code: LaCode,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    OpenButProposedToClose,
    ProposedToOpen,
    Closed,
}

impl Status {
    const NAMES: [(Status, &str); 4] = [
        (Status::Open, "Open"),
        (Status::OpenButProposedToClose, "Open, but proposed to close"),
        (Status::ProposedToOpen, "Proposed to open"),
        (Status::Closed, "Closed"),
    ];

    fn parse(name: &str) -> Option<Status> {
        Self::NAMES.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }
}

/// Why an establishment not yet stored is not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAdded {
    /// Nobody is placed at a closed setting; one already stored is kept, since children's
    /// histories refer to it.
    Closed,
    OutsideEngland,
}

impl Establishment {
    /// The kind of organisation it is in sendcase. Everything GIAS lists is a school, college or
    /// setting a child or young person may attend, except universities: an EHC plan ceases when a
    /// young person goes on to higher education, so no plan names one.
    pub fn kind(&self) -> OrganisationKind {
        match self.type_group.as_str() {
            "Universities" => OrganisationKind::OtherProvider,
            _ => OrganisationKind::School,
        }
    }

    /// Why it is not added if it is not stored already; `None` when it is.
    pub fn not_added(&self) -> Option<NotAdded> {
        if self.status == Status::Closed {
            Some(NotAdded::Closed)
        } else if self.local_authority.is_none() {
            Some(NotAdded::OutsideEngland)
        } else {
            None
        }
    }
}

/// Reads a whole GIAS establishments file (already decoded: see `csv_lines::decode`); any bad
/// row fails it, each problem named by its line.
pub fn read_establishments(text: &str) -> Result<Vec<Establishment>, Vec<String>> {
    let mut seen: HashMap<Urn, usize> = HashMap::new();
    read_named(text, &REQUIRED_COLUMNS, |line, row| {
        let establishment = establishment(line, row)?;
        match seen.insert(establishment.urn.clone(), line) {
            Some(first) => Err(vec![format!("URN {} is also on line {first}", establishment.urn)]),
            None => Ok(establishment),
        }
    })
}

fn establishment(line: usize, row: &NamedRow) -> Result<Establishment, Vec<String>> {
    let mut problems = vec![];
    let urn = row.get(URN).parse::<Urn>().map_err(|e| format!("{URN} \"{}\": {e}", row.get(URN)));
    let urn = noted(&mut problems, urn);
    let local_authority = noted(&mut problems, local_authority(row.get(LA_CODE), row.get(LA_NAME)));
    let status = Status::parse(row.get(STATUS)).ok_or_else(|| {
        let known: Vec<&str> = Status::NAMES.iter().map(|(_, n)| *n).collect();
        format!("{STATUS} \"{}\" is not one of: {}", row.get(STATUS), known.join("; "))
    });
    let status = noted(&mut problems, status);
    let ukprn = match row.get(UKPRN) {
        "" => Ok(None),
        text => text.parse().map(Some).map_err(|e| format!("{UKPRN} \"{text}\": {e}")),
    };
    let ukprn = noted(&mut problems, ukprn);
    let sen_provision = noted(&mut problems, SenProvision::parse(row.get(RESOURCED_PROVISION)));
    for column in [NAME, TYPE, TYPE_GROUP] {
        if row.get(column).is_empty() {
            problems.push(format!("{column} is empty"));
        }
    }
    match (urn, local_authority, status, ukprn, sen_provision) {
        (Some(urn), Some(local_authority), Some(status), Some(ukprn), Some(sen_provision))
            if problems.is_empty() =>
        {
            Ok(Establishment {
                line,
                urn,
                name: row.get(NAME).to_owned(),
                local_authority,
                type_of_establishment: row.get(TYPE).to_owned(),
                type_group: row.get(TYPE_GROUP).to_owned(),
                status,
                phase: match row.get(PHASE) {
                    "" | "Not applicable" => None,
                    phase => Some(phase.to_owned()),
                },
                ukprn,
                sen_provision,
            })
        }
        _ => Err(problems),
    }
}

/// The value, or `None` with its problem noted, so that one row's every problem is reported.
fn noted<T>(problems: &mut Vec<String>, result: Result<T, String>) -> Option<T> {
    result.map_err(|p| problems.push(p)).ok()
}

/// GIAS gives every establishment a three-digit LA code; those outside England's 153 councils
/// (Welsh ones, "does not apply") are real establishments, just not ones sendcase serves.
fn local_authority(code: &str, name: &str) -> Result<Option<LocalAuthority>, String> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{LA_CODE} \"{code}\" is not a three-digit LA code"));
    }
    Ok(code.parse::<LaCode>().ok().map(|code| LocalAuthority {
        name: if name.is_empty() { code.name().to_owned() } else { name.to_owned() },
        code,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column of GIAS's download, in its order.
    fn gias_columns() -> Vec<&'static str> {
        include_str!("../../data/gias/edubasealldata-columns.csv")
            .lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap())
            .collect()
    }

    /// A file in `columns`' order with one row per establishment, each given as
    /// `(column, value)` pairs; a column a row does not give is empty, as in GIAS's own file.
    fn file(columns: &[&str], rows: &[Vec<(&str, &str)>]) -> String {
        let mut text = columns.join(",");
        for row in rows {
            let cells: Vec<String> = columns
                .iter()
                .map(|c| {
                    let value = row.iter().find(|(k, _)| k == c).map_or("", |(_, v)| *v);
                    if value.contains(',') { format!("\"{value}\"") } else { value.to_owned() }
                })
                .collect();
            text.push('\n');
            text.push_str(&cells.join(","));
        }
        text.push('\n');
        text
    }

    fn primary(urn: &'static str) -> Vec<(&'static str, &'static str)> {
        vec![
            (URN, urn),
            (LA_CODE, "886"),
            (LA_NAME, "Kent"),
            ("EstablishmentNumber", "2001"),
            (NAME, "Harbour View Primary School"),
            (TYPE, "Community school"),
            (TYPE_GROUP, "Local authority maintained schools"),
            (STATUS, "Open"),
            (PHASE, "Primary"),
            (UKPRN, "10079001"),
            ("Postcode", "CT1 1AA"),
        ]
    }

    fn with(
        mut row: Vec<(&'static str, &'static str)>,
        column: &'static str,
        value: &'static str,
    ) -> Vec<(&'static str, &'static str)> {
        row.retain(|(c, _)| *c != column);
        row.push((column, value));
        row
    }

    #[test]
    fn the_download_is_read_in_its_own_layout() {
        let columns = gias_columns();
        assert_eq!(columns.len(), 140);
        let read = read_establishments(&file(&columns, &[primary("991001")])).unwrap();
        assert_eq!(
            read,
            vec![Establishment {
                line: 2,
                urn: "991001".parse().unwrap(),
                name: "Harbour View Primary School".into(),
                local_authority: Some(LocalAuthority {
                    code: "886".parse().unwrap(),
                    name: "Kent".into()
                }),
                type_of_establishment: "Community school".into(),
                type_group: "Local authority maintained schools".into(),
                status: Status::Open,
                phase: Some("Primary".into()),
                ukprn: Some("10079001".parse().unwrap()),
                sen_provision: None,
            }]
        );
        assert_eq!(read[0].kind(), OrganisationKind::School);
        assert_eq!(read[0].not_added(), None);
    }

    #[test]
    fn columns_may_come_in_any_order_with_others_or_without_ukprn() {
        let mut columns: Vec<&str> = REQUIRED_COLUMNS.iter().rev().copied().collect();
        columns.insert(3, "Something GIAS adds next year");
        let row = primary("991001");
        let read = read_establishments(&file(&columns, std::slice::from_ref(&row))).unwrap();
        assert_eq!(read[0].name, "Harbour View Primary School");
        assert_eq!(read[0].ukprn, None, "no UKPRN column, so none");
        assert_eq!(read[0].local_authority.as_ref().unwrap().code.as_ref(), "886");
        columns.push(UKPRN);
        let read = read_establishments(&file(&columns, &[row])).unwrap();
        assert_eq!(read[0].ukprn.as_ref().map(|u| u.to_string()), Some("10079001".into()));
    }

    #[test]
    fn a_missing_column_is_one_error_naming_it() {
        let columns: Vec<&str> = gias_columns().into_iter().filter(|c| *c != STATUS).collect();
        let rows = [primary("991001"), primary("991002")];
        assert_eq!(
            read_establishments(&file(&columns, &rows)),
            Err(vec!["line 1: the header has no column \"EstablishmentStatus (name)\"".into()])
        );
    }

    #[test]
    fn every_bad_row_is_named_by_its_line_with_what_is_wrong() {
        let columns = gias_columns();
        let rows = [
            primary("991001"),
            with(primary("12345"), UKPRN, "20012345"),
            with(with(primary("991003"), LA_CODE, "88"), STATUS, "Shut"),
            with(primary("991004"), NAME, ""),
            primary("991001"),
        ];
        let errors = read_establishments(&file(&columns, &rows)).unwrap_err();
        assert_eq!(
            errors,
            vec![
                "line 3: URN \"12345\": a URN is 6 digits, from 100000",
                "line 3: UKPRN \"20012345\": a UKPRN is 8 digits starting with 1",
                "line 4: LA (code) \"88\" is not a three-digit LA code",
                "line 4: EstablishmentStatus (name) \"Shut\" is not one of: Open; Open, but \
                 proposed to close; Proposed to open; Closed",
                "line 5: EstablishmentName is empty",
                "line 6: URN 991001 is also on line 2",
            ]
        );
    }

    #[test]
    fn closed_establishments_and_those_outside_england_are_not_added() {
        let columns = gias_columns();
        let welsh = with(with(primary("991003"), LA_CODE, "660"), LA_NAME, "Isle of Anglesey");
        let rows = [
            with(primary("991001"), STATUS, "Closed"),
            with(primary("991002"), STATUS, "Proposed to open"),
            with(welsh, TYPE_GROUP, "Welsh schools"),
            with(with(primary("991004"), STATUS, "Closed"), LA_CODE, "000"),
        ];
        let read = read_establishments(&file(&columns, &rows)).unwrap();
        let why: Vec<Option<NotAdded>> = read.iter().map(Establishment::not_added).collect();
        assert_eq!(
            why,
            [Some(NotAdded::Closed), None, Some(NotAdded::OutsideEngland), Some(NotAdded::Closed)]
        );
        assert_eq!(read[2].local_authority, None);
    }

    #[test]
    fn the_local_authority_is_the_english_council_the_la_code_names() {
        let columns = gias_columns();
        let rows = [
            with(with(primary("991001"), LA_CODE, "887"), LA_NAME, "Medway"),
            with(with(primary("991002"), LA_CODE, "801"), LA_NAME, ""),
        ];
        let read = read_establishments(&file(&columns, &rows)).unwrap();
        let councils: Vec<(String, String)> = read
            .iter()
            .map(|e| {
                let la = e.local_authority.as_ref().unwrap();
                (la.code.to_string(), la.name.clone())
            })
            .collect();
        assert_eq!(
            councils,
            [("887".into(), "Medway".into()), ("801".into(), "Bristol, City of".into())],
            "GIAS's name, or the council's own when GIAS gives none"
        );
    }

    #[test]
    fn every_type_group_gias_publishes_is_a_kind_of_organisation() {
        let types = include_str!("../../data/gias/establishment-types-20250422.csv");
        let mut groups: Vec<&str> =
            types.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
        groups.dedup();
        assert_eq!(groups.len(), 10);
        for group in groups {
            let row = with(primary("991001"), TYPE_GROUP, group);
            let read = read_establishments(&file(&gias_columns(), &[row])).unwrap();
            let expected = if group == "Universities" {
                OrganisationKind::OtherProvider
            } else {
                OrganisationKind::School
            };
            assert_eq!(read[0].kind(), expected, "{group}");
        }
    }

    #[test]
    fn not_applicable_is_no_phase() {
        let row = with(primary("991001"), PHASE, "Not applicable");
        let read = read_establishments(&file(&gias_columns(), &[row])).unwrap();
        assert_eq!(read[0].phase, None);
    }

    #[test]
    fn a_sen_unit_and_resourced_provision_are_read_as_gias_names_them() {
        let provision = |name: &'static str| {
            let row = with(primary("991001"), RESOURCED_PROVISION, name);
            read_establishments(&file(&gias_columns(), &[row])).map(|r| r[0].sen_provision)
        };
        let has = |sen_unit, resourced_provision| {
            Ok(Some(SenProvision { sen_unit, resourced_provision }))
        };
        assert_eq!(provision(""), Ok(None), "an empty cell says nothing");
        assert_eq!(provision("Not applicable"), has(false, false));
        assert_eq!(provision("SEN unit"), has(true, false));
        assert_eq!(provision("Resourced provision"), has(false, true));
        assert_eq!(provision("Resourced provision and SEN unit"), has(true, true));
        assert_eq!(
            provision("A unit"),
            Err(vec![
                "line 2: TypeOfResourcedProvision (name) \"A unit\" is not one of: Not \
                 applicable; Resourced provision; SEN unit; Resourced provision and SEN unit"
                    .into()
            ])
        );
    }
}
