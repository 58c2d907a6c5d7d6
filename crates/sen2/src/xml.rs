//! The return as XML, written person by person as they are built, with the element names,
//! nesting and order of the standards' structure (`standards/sen2-person-level-structure.csv`):
//! dates `YYYY-MM-DD`, flags `1`/`0`, and an element left out when it has no value.

use crate::model::{ActivePlan, Assessment, Header, NamedPlan, Person, Request, Setting};
use jiff::civil::Date;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::{self, Write};

/// What the file says its software is.
const SOFTWARE: &str = "sendcase";

pub struct Sen2Writer<W: Write> {
    xml: Writer<W>,
}

impl<W: Write> Sen2Writer<W> {
    /// Starts the file: the declaration, the header and the opening of `Persons`.
    pub fn start(out: W, header: &Header) -> io::Result<Self> {
        let mut w = Sen2Writer { xml: Writer::new_with_indent(out, b' ', 2) };
        w.xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.open("Message")?;
        w.open("Header")?;
        w.open("CollectionDetails")?;
        w.text("Collection", "SEN2")?;
        w.text("Year", &header.year.to_string())?;
        w.date("ReferenceDate", Some(header.reference_date))?;
        w.close("CollectionDetails")?;
        w.open("Source")?;
        w.text("SourceLevel", "L")?;
        w.text("LEA", &header.lea)?;
        w.text("SoftwareCode", SOFTWARE)?;
        w.text("Release", env!("CARGO_PKG_VERSION"))?;
        w.text("SerialNo", "1")?;
        w.text("DateTime", &header.created.strftime("%Y-%m-%dT%H:%M:%S").to_string())?;
        w.close("Source")?;
        w.close("Header")?;
        w.open("Persons")?;
        Ok(w)
    }

    pub fn person(&mut self, p: &Person) -> io::Result<()> {
        self.open("Person")?;
        self.text("Surname", &p.surname)?;
        self.text("Forename", &p.forename)?;
        self.date("PersonBirthDate", Some(p.birth_date))?;
        self.optional("UPN", p.upn.as_deref())?;
        self.optional("UniqueLearnerNumber", p.uln.as_deref())?;
        self.optional("UPNunknown", p.upn_unknown.as_deref())?;
        for r in &p.requests {
            self.request(r)?;
        }
        self.close("Person")
    }

    /// Closes `Persons` and the message; the writer it was given.
    pub fn finish(mut self) -> io::Result<W> {
        self.close("Persons")?;
        self.close("Message")?;
        let mut out = self.xml.into_inner();
        out.write_all(b"\n")?;
        Ok(out)
    }

    fn request(&mut self, r: &Request) -> io::Result<()> {
        self.open("Requests")?;
        self.date("ReceivedDate", Some(r.received))?;
        self.optional("RequestSource", r.source.as_deref())?;
        self.flag("RYA", r.rya)?;
        self.date("RequestOutcomeDate", r.outcome_date)?;
        self.text("RequestOutcome", &r.outcome)?;
        self.flag("RequestMediation", r.mediation)?;
        self.flag("RequestTribunal", r.tribunal)?;
        if let Some(a) = &r.assessment {
            self.assessment(a)?;
        }
        if let Some(a) = &r.active {
            self.active(a)?;
        }
        self.close("Requests")
    }

    fn assessment(&mut self, a: &Assessment) -> io::Result<()> {
        self.open("Assessment")?;
        self.text("AssessmentOutcome", &a.outcome)?;
        self.date("AssessmentOutcomeDate", a.outcome_date)?;
        self.flag("AssessmentMediation", a.mediation)?;
        self.flag("AssessmentTribunal", a.tribunal)?;
        self.flag("OtherMediation", a.other_mediation)?;
        self.flag("OtherTribunal", a.other_tribunal)?;
        self.flag("Week20", a.week20)?;
        if let Some(p) = &a.plan {
            self.named_plan(p)?;
        }
        self.close("Assessment")
    }

    fn named_plan(&mut self, p: &NamedPlan) -> io::Result<()> {
        self.open("NamedPlan")?;
        self.date("StartDate", Some(p.start))?;
        self.optional("PlanRes", p.res.as_deref())?;
        self.flag("PlanWBP", p.wbp)?;
        self.flag("PB", p.pb)?;
        self.flag("OA", p.oa)?;
        self.flag("DP", p.dp)?;
        self.date("CeaseDate", p.cease_date)?;
        self.optional("CeaseReason", p.cease_reason.as_deref())?;
        for s in &p.details {
            self.setting("PlanDetail", s, false)?;
        }
        self.close("NamedPlan")
    }

    fn active(&mut self, a: &ActivePlan) -> io::Result<()> {
        self.open("ActivePlans")?;
        self.optional("TransferLA", a.transfer_la.as_deref())?;
        self.date("ReviewMeeting", a.review_meeting)?;
        self.optional("ReviewOutcome", a.review_outcome.as_deref())?;
        self.date("ReviewDraft", a.review_draft)?;
        self.date("PhaseTransferDueDate", a.phase_transfer_due)?;
        self.date("PhaseTransferFinalDate", a.phase_transfer_final)?;
        self.date("LastReview", a.last_review)?;
        for s in &a.placements {
            self.setting("PlacementDetail", s, true)?;
        }
        for (need, rank) in &a.needs {
            self.open("SENneed")?;
            self.text("SENtype", need)?;
            self.text("SENtypeRank", &rank.to_string())?;
            self.close("SENneed")?;
        }
        self.close("ActivePlans")
    }

    fn setting(&mut self, element: &str, s: &Setting, dated: bool) -> io::Result<()> {
        self.open(element)?;
        self.optional("URN", s.urn.as_deref())?;
        self.optional("UKPRN", s.ukprn.as_deref())?;
        self.optional("SENsetting", s.sen_setting.as_deref())?;
        self.optional("SENsettingOther", s.sen_setting_other.as_deref())?;
        self.text("PlacementRank", &s.rank.to_string())?;
        if dated {
            self.date("EntryDate", s.entry)?;
            self.date("LeavingDate", s.leaving)?;
        }
        self.flag("SENunitIndicator", s.sen_unit)?;
        self.flag("ResourcedProvisionIndicator", s.resourced_provision)?;
        if dated {
            self.optional("RES", s.res.as_deref())?;
            self.flag("WBP", s.wbp)?;
        }
        self.close(element)
    }

    fn open(&mut self, name: &str) -> io::Result<()> {
        self.xml.write_event(Event::Start(BytesStart::new(name)))
    }

    fn close(&mut self, name: &str) -> io::Result<()> {
        self.xml.write_event(Event::End(BytesEnd::new(name)))
    }

    fn text(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.xml.create_element(name).write_text_content(BytesText::new(value))?;
        Ok(())
    }

    fn optional(&mut self, name: &str, value: Option<&str>) -> io::Result<()> {
        value.map_or(Ok(()), |v| self.text(name, v))
    }

    fn date(&mut self, name: &str, value: Option<Date>) -> io::Result<()> {
        value.map_or(Ok(()), |d| self.text(name, &d.to_string()))
    }

    fn flag(&mut self, name: &str, value: bool) -> io::Result<()> {
        self.text(name, if value { "1" } else { "0" })
    }
}
