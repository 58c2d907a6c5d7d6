//! The SEN register as the school census reads it: each pupil's SEN provision (`N`, `K`, `E`)
//! and up to two ranked types of need, with the census's rules, and the files schools exchange
//! (the pupil import and the census SEN return), all-or-nothing with line-numbered errors.

use crate::csv_lines::spreadsheet_safe;
use crate::needs::{BroadAreaOfNeed, NeedType};
use crate::people::identifiers::Upn;
use crate::schools::year_group::{YearGroup, year_group_to_record};
use jiff::civil::{Date, date};

/// SENprovision, collected every term for every pupil on roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SenProvision {
    NoSen,
    SenSupport,
    EhcPlan,
}

impl SenProvision {
    pub fn code(self) -> &'static str {
        match self {
            SenProvision::NoSen => "N",
            SenProvision::SenSupport => "K",
            SenProvision::EhcPlan => "E",
        }
    }

    pub fn parse(code: &str) -> Option<SenProvision> {
        [SenProvision::NoSen, SenProvision::SenSupport, SenProvision::EhcPlan]
            .into_iter()
            .find(|p| p.code() == code)
    }
}

/// A census SENtype: one of the need types, or NSA (SEN support without a specialist
/// assessment of the type of need).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CensusNeed {
    Type(NeedType),
    NoSpecialistAssessment,
}

impl CensusNeed {
    pub fn code(self) -> &'static str {
        match self {
            CensusNeed::Type(t) => t.code(),
            CensusNeed::NoSpecialistAssessment => "NSA",
        }
    }

    pub fn parse(code: &str) -> Option<CensusNeed> {
        if code == "NSA" {
            return Some(CensusNeed::NoSpecialistAssessment);
        }
        NeedType::ALL.iter().copied().find(|t| t.code() == code).map(CensusNeed::Type)
    }

    /// The broad area of need this falls in; none for NSA or a need that spans areas.
    pub fn broad_area(self) -> Option<BroadAreaOfNeed> {
        match self {
            CensusNeed::Type(t) => t.broad_area(),
            CensusNeed::NoSpecialistAssessment => None,
        }
    }
}

/// A pupil's SEN status, checked against the census rules; needs are in rank order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenStatus {
    pub provision: SenProvision,
    pub needs: Vec<CensusNeed>,
}

impl SenStatus {
    /// Reads the census codes; every rule broken is reported.
    pub fn from_codes(provision: &str, type1: &str, type2: &str) -> Result<SenStatus, Vec<String>> {
        let mut problems = vec![];
        let provision_code = SenProvision::parse(provision);
        if provision_code.is_none() {
            problems.push(format!("SENprovision \"{provision}\" is not N, K or E"));
        }
        let mut needs = vec![];
        for (column, code) in [("SENtype1", type1), ("SENtype2", type2)] {
            if code.is_empty() {
                continue;
            }
            match CensusNeed::parse(code) {
                Some(need) => needs.push(need),
                None => problems.push(format!("{column} \"{code}\" is not a census SEN type")),
            }
        }
        if type1.is_empty() && !type2.is_empty() {
            problems.push("SENtype2 is given without a SENtype1".to_owned());
        }
        if needs.len() == 2 && needs[0] == needs[1] {
            problems.push(format!(
                "SENtype1 and SENtype2 are both {}: each rank needs a different type",
                needs[0].code()
            ));
        }
        let on_register =
            matches!(provision_code, Some(SenProvision::SenSupport | SenProvision::EhcPlan));
        // A SENtype2 alone is already reported above.
        if on_register && type1.is_empty() && type2.is_empty() {
            problems.push(format!(
                "SENprovision {provision} needs a SENtype1: the pupil's primary type of need"
            ));
        }
        match provision_code {
            Some(SenProvision::NoSen) if !needs.is_empty() => {
                problems.push("a pupil with SENprovision N has no SEN types".to_owned())
            }
            Some(p)
                if p != SenProvision::SenSupport
                    && needs.contains(&CensusNeed::NoSpecialistAssessment) =>
            {
                problems.push("NSA is allowed only with SENprovision K".to_owned())
            }
            _ => {}
        }
        match provision_code {
            Some(provision) if problems.is_empty() => Ok(SenStatus { provision, needs }),
            _ => Err(problems),
        }
    }

    fn need_code(&self, rank: usize) -> &'static str {
        self.needs.get(rank).map(|n| n.code()).unwrap_or("")
    }
}

/// One row of a pupil import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilRow {
    pub line: usize,
    pub upn: Upn,
    pub surname: String,
    pub forename: String,
    pub birth_date: Date,
    pub year_group: YearGroup,
    /// Set when the file's year group is not the one the date of birth gives.
    pub out_of_cohort_reason: Option<String>,
    pub status: SenStatus,
}

/// Why an imported pupil's year group differs from the one their date of birth gives: the
/// school's own information system says so.
pub const OUT_OF_COHORT_IN_FILE: &str =
    "Recorded out of their year group in the school's pupil file";

pub const PUPIL_HEADER: &str = "UPN,Surname,Forename,DOB,YearGroup,SENprovision,SENtype1,SENtype2";
pub const CENSUS_HEADER: &str = "URN,UPN,Surname,Forename,DOB,SENprovision,SENtype1,SENtype2";

/// Reads a whole pupil file as of `on`; any bad row fails it, and every error names its line (the
/// header is line 1). A blank YearGroup is the one the date of birth gives.
pub fn read_pupils(text: &str, on: Date) -> Result<Vec<PupilRow>, Vec<String>> {
    let mut seen = std::collections::HashMap::new();
    crate::csv_lines::read_file(text, PUPIL_HEADER, |line, cols| {
        let mut problems = vec![];
        let upn = cols[0]
            .parse::<Upn>()
            .map_err(|e| problems.push(format!("UPN \"{}\": {e}", cols[0])))
            .ok();
        for (i, name) in [(1, "Surname"), (2, "Forename")] {
            if cols[i].is_empty() {
                problems.push(format!("{name} is empty"));
            }
        }
        let birth_date = crate::clock::calendar::parse_iso_date(&cols[3])
            .map_err(|_| {
                problems.push(format!("DOB \"{}\" is not a real date (YYYY-MM-DD)", cols[3]))
            })
            .ok();
        let status = SenStatus::from_codes(&cols[5], &cols[6], &cols[7])
            .map_err(|p| problems.extend(p))
            .ok();
        let year_group = birth_date.and_then(|birth| {
            year_group_to_record(birth, on, &cols[4], OUT_OF_COHORT_IN_FILE)
                .map_err(|p| problems.push(p))
                .ok()
        });
        if let Some(upn) = &upn
            && let Some(first) = seen.insert(upn.to_string(), line)
        {
            problems.push(format!("UPN {upn} is also on line {first}"));
        }
        match (upn, birth_date, status, year_group) {
            (
                Some(upn),
                Some(birth_date),
                Some(status),
                Some((year_group, out_of_cohort_reason)),
            ) if problems.is_empty() => Ok(PupilRow {
                line,
                upn,
                surname: cols[1].clone(),
                forename: cols[2].clone(),
                birth_date,
                year_group,
                out_of_cohort_reason,
                status,
            }),
            _ => Err(problems),
        }
    })
}

/// Which census the return is for; SEN types are collected in the spring census only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CensusTerm {
    Spring,
    Summer,
    Autumn,
}

impl CensusTerm {
    /// The census day of this term in `year`, as the DfE's school census guide sets it: the
    /// first Thursday of October (autumn), the third Thursday of January (spring) and of May
    /// (summer). The return describes the school as it stood on that day.
    pub fn census_day(self, year: i16) -> Date {
        let (month, nth) = match self {
            CensusTerm::Autumn => (10, 1),
            CensusTerm::Spring => (1, 3),
            CensusTerm::Summer => (5, 3),
        };
        date(year, month, 1)
            .nth_weekday_of_month(nth, jiff::civil::Weekday::Thursday)
            .expect("every month has three Thursdays")
    }

    pub fn parse(code: &str) -> Option<CensusTerm> {
        match code {
            "SPR" => Some(CensusTerm::Spring),
            "SUM" => Some(CensusTerm::Summer),
            "AUT" => Some(CensusTerm::Autumn),
            _ => None,
        }
    }
}

/// One pupil on roll as the census return lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CensusPupil {
    pub urn: String,
    pub upn: Upn,
    pub surname: String,
    pub forename: String,
    pub birth_date: Date,
    pub status: SenStatus,
}

/// The census SEN return as CSV.
pub fn census_csv(pupils: &[CensusPupil], term: CensusTerm) -> String {
    // Writing into memory cannot fail, and every field is already a Rust string.
    const IN_MEMORY: &str = "CSV written into memory";
    let mut out =
        csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(vec![]);
    out.write_record(CENSUS_HEADER.split(',')).expect(IN_MEMORY);
    for p in pupils {
        let types = if term == CensusTerm::Spring {
            [p.status.need_code(0), p.status.need_code(1)]
        } else {
            ["", ""]
        };
        let birth_date = p.birth_date.to_string();
        out.write_record([
            p.urn.as_str(),
            p.upn.as_ref(),
            &spreadsheet_safe(&p.surname),
            &spreadsheet_safe(&p.forename),
            &birth_date,
            p.status.provision.code(),
            types[0],
            types[1],
        ])
        .expect(IN_MEMORY);
    }
    String::from_utf8(out.into_inner().expect(IN_MEMORY)).expect(IN_MEMORY)
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The census `SpecialEducationalNeeds` fragment for each pupil, keyed by school and UPN.
pub fn census_xml(pupils: &[CensusPupil], term: CensusTerm) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Pupils>\n");
    for p in pupils {
        out.push_str(&format!(
            "  <PupilOnRoll>\n    <URN>{}</URN>\n    <UPN>{}</UPN>\n    <Surname>{}</Surname>\n    <Forename>{}</Forename>\n    <DOB>{}</DOB>\n    <SpecialEducationalNeeds>\n      <SENprovision>{}</SENprovision>\n",
            xml_text(&p.urn), p.upn, xml_text(&p.surname), xml_text(&p.forename), p.birth_date, p.status.provision.code()
        ));
        if term == CensusTerm::Spring && !p.status.needs.is_empty() {
            out.push_str("      <SENneeds>\n");
            for (rank, need) in p.status.needs.iter().enumerate() {
                out.push_str(&format!("        <SENneed>\n          <SENtypeRank>{}</SENtypeRank>\n          <SENtype>{}</SENtype>\n        </SENneed>\n", rank + 1, need.code()));
            }
            out.push_str("      </SENneeds>\n");
        }
        out.push_str("    </SpecialEducationalNeeds>\n  </PupilOnRoll>\n");
    }
    out.push_str("</Pupils>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_days_are_the_thursdays_the_guide_names() {
        assert_eq!(CensusTerm::Autumn.census_day(2025), date(2025, 10, 2));
        assert_eq!(CensusTerm::Spring.census_day(2025), date(2025, 1, 16));
        assert_eq!(CensusTerm::Summer.census_day(2025), date(2025, 5, 15));
        assert_eq!(CensusTerm::Spring.census_day(2026), date(2026, 1, 15));
    }

    #[test]
    fn the_census_rules_are_enforced_with_every_problem_named() {
        assert!(SenStatus::from_codes("K", "NSA", "").is_ok());
        assert!(SenStatus::from_codes("E", "ASD", "SLCN").is_ok());
        assert!(SenStatus::from_codes("N", "", "").is_ok());
        let wrong = |p, a, b| SenStatus::from_codes(p, a, b).unwrap_err().join("; ");
        assert_eq!(wrong("E", "NSA", ""), "NSA is allowed only with SENprovision K");
        assert_eq!(wrong("N", "MLD", ""), "a pupil with SENprovision N has no SEN types");
        assert_eq!(
            wrong("K", "MLD", "MLD"),
            "SENtype1 and SENtype2 are both MLD: each rank needs a different type"
        );
        assert_eq!(wrong("K", "", "MLD"), "SENtype2 is given without a SENtype1");
        for provision in ["K", "E"] {
            assert_eq!(
                wrong(provision, "", ""),
                format!(
                    "SENprovision {provision} needs a SENtype1: the pupil's primary type of need"
                )
            );
        }
        assert_eq!(
            wrong("S", "XYZ", ""),
            "SENprovision \"S\" is not N, K or E; SENtype1 \"XYZ\" is not a census SEN type"
        );
    }

    #[test]
    fn a_pupil_file_is_read_whole_or_refused_with_line_numbers() {
        let upn = crate::people::identifiers::synthetic_upn("886".parse().unwrap(), 1);
        let on = date(2026, 12, 3);
        let good = format!("{PUPIL_HEADER}\n{upn},Khan,\"Amir, Jr\",2016-05-04,,K,SPLD,\n");
        let rows = read_pupils(&good, on).unwrap();
        assert_eq!((rows[0].line, rows[0].forename.as_str()), (2, "Amir, Jr"));
        assert_eq!(
            (rows[0].year_group.label(), &rows[0].out_of_cohort_reason),
            ("Year 6".into(), &None)
        );
        let behind = format!("{PUPIL_HEADER}\n{upn},Khan,Amir,2016-05-04,5,K,SPLD,\n");
        let reason = read_pupils(&behind, on).unwrap()[0].out_of_cohort_reason.clone();
        assert_eq!(reason.as_deref(), Some(OUT_OF_COHORT_IN_FILE));
        assert_eq!(rows[0].status.needs, vec![CensusNeed::Type(NeedType::Spld)]);
        let twice = format!("{good}{upn},Khan,Amir,2016-05-04,6,N,,\n");
        assert_eq!(
            read_pupils(&twice, on).unwrap_err(),
            vec![format!("line 3: UPN {upn} is also on line 2")]
        );
        let bad = format!(
            "{PUPIL_HEADER}\nnot-a-upn,Khan,Amir,2016-02-30,4,E,NSA,\n\nshort,row\n{upn},Q,Q,2016-05-04,Q,N,,\n"
        );
        let errors = read_pupils(&bad, on).unwrap_err();
        assert!(
            errors.contains(&"line 5: Year group \"Q\" is not N1, N2, R or 1 to 14".to_owned()),
            "{errors:?}"
        );
        assert!(errors.iter().any(|e| e.starts_with("line 2: UPN \"not-a-upn\"")), "{errors:?}");
        assert!(
            errors
                .contains(&"line 2: DOB \"2016-02-30\" is not a real date (YYYY-MM-DD)".to_owned()),
            "{errors:?}"
        );
        assert!(
            errors.contains(&"line 2: NSA is allowed only with SENprovision K".to_owned()),
            "{errors:?}"
        );
        assert!(errors.contains(&"line 4: expected 8 columns, found 2".to_owned()), "{errors:?}");
        assert_eq!(
            read_pupils("UPN,Name\n", on).unwrap_err(),
            vec![format!("line 1: the header must be {PUPIL_HEADER}")]
        );
    }

    #[test]
    fn types_are_returned_in_the_spring_census_only_and_fields_are_quoted() {
        let upn = crate::people::identifiers::synthetic_upn("886".parse().unwrap(), 7);
        let pupil = CensusPupil {
            urn: "118000".into(),
            upn: upn.clone(),
            surname: "O'Neil, Smith".into(),
            forename: "Ava".into(),
            birth_date: jiff::civil::date(2016, 1, 2),
            status: SenStatus::from_codes("K", "SEMH", "SLCN").unwrap(),
        };
        let spring = census_csv(std::slice::from_ref(&pupil), CensusTerm::Spring);
        assert_eq!(
            spring,
            format!("{CENSUS_HEADER}\n118000,{upn},\"O'Neil, Smith\",Ava,2016-01-02,K,SEMH,SLCN\n")
        );
        assert!(census_csv(std::slice::from_ref(&pupil), CensusTerm::Autumn).ends_with(",K,,\n"));
        let xml = census_xml(&[pupil], CensusTerm::Spring);
        assert!(
            xml.contains("<SENtypeRank>2</SENtypeRank>\n          <SENtype>SLCN</SENtype>"),
            "{xml}"
        );
    }
}
