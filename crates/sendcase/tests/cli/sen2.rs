//! `sendcase export sen2` on a small council made by hand: the file element by element, the
//! checks passing and then failing, and the file read back with quick-xml.

use super::{on_both_backends, sendcase};
use jiff::civil::{Date, date};
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{CaseEvent, DatedEvent, EventName, ExceptionGround, summarise};
use sendcase_domain::ehc::placements::{
    PlacedAt, Placement, PlacementRank, PlacementRecorded, Residential, SenSetting,
};
use sendcase_domain::ehc::plan::{BudgetPart, EhcPlan};
use sendcase_domain::ehc::records::CaseRecordKind;
use sendcase_domain::people::identifiers::synthetic_upn;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_domain::schools::register::SenProvision;
use sendcase_store::{
    AuditMeta, BulkChild, BulkRegisterEntry, BulkRequest, DatabaseUrl, NewCaseRecord, NewChild,
    NewOrganisation, PlanIssue, Store,
};
use uuid::Uuid;

#[test]
fn a_small_council_s_return_is_written_element_by_element_and_checked_on_both_backends() {
    on_both_backends("sen2", small_council);
}

fn plain(name: EventName, on: Date) -> DatedEvent {
    DatedEvent::plain(name, on)
}

pub(super) fn child(given: &str, family: &str, birth: Date, la: Uuid) -> NewChild {
    NewChild {
        given_name: given.into(),
        family_name: family.into(),
        birth_date: birth,
        upn: None,
        nhs_number: None,
        uln: None,
        responsible_la_id: la,
        enrolment: None,
    }
}

fn placed(
    number: u32,
    at: PlacedAt,
    rank: PlacementRank,
    residential: Option<Residential>,
) -> NewCaseRecord {
    let recorded = PlacementRecorded {
        number,
        placement: Placement {
            at,
            name: "Riverside School".into(),
            rank,
            residential,
            work_based: false,
            sen_unit: false,
            resourced_provision: rank == PlacementRank::MAIN,
            starts: date(2025, 9, 3),
            ends: None,
        },
    };
    NewCaseRecord {
        kind: PlacementRecorded::KIND,
        body: serde_json::to_value(recorded).unwrap(),
        invites: vec![],
        consultation: None,
    }
}

/// A request with its history, what accompanies it, and the final plan if `issued`.
fn request(
    child: Uuid,
    source: &str,
    events: Vec<DatedEvent>,
    records: Vec<NewCaseRecord>,
    issued: Option<Date>,
) -> BulkRequest {
    let summary = summarise(&events, Calendar::england_and_wales()).unwrap();
    let mut plan = EhcPlan::default();
    plan.j.requested = true;
    plan.j.health = 900;
    plan.j.organised = Some(BudgetPart { amount: 900, pays_for: vec![] });
    BulkRequest {
        id: Uuid::now_v7(),
        child_id: child,
        source: source.into(),
        caseworker_user_id: None,
        events,
        summary,
        records,
        plans: issued.map(|on| (plan, Some((PlanIssue::Final, on)))).into_iter().collect(),
    }
}

/// A council of this name and LA code, made by `meta`.
pub(super) async fn council(store: &dyn Store, name: &str, code: &str, meta: &AuditMeta) -> Uuid {
    let council = NewOrganisation::local_authority(code.parse().unwrap(), name.into());
    store.create_organisation(council, meta).await.unwrap()
}

/// Loads the council and its children; the school's id.
async fn load(store: &dyn Store) -> Uuid {
    let meta = AuditMeta::system("sen2 test");
    let la = council(store, "Essex County Council", "881", &meta).await;
    let school = NewOrganisation {
        kind: OrganisationKind::School,
        name: "Riverside School".into(),
        la_code: None,
        urn: Some("115001".parse().unwrap()),
        phase: Some("Primary".into()),
        school_type: Some("Community school".into()),
        ukprn: None,
        local_authority_id: Some(la),
    };
    let school = store.create_organisation(school, &meta).await.unwrap();

    let ids: Vec<Uuid> = (0..4).map(|_| Uuid::now_v7()).collect();
    let mut alex = child("Alex", "Example", date(2015, 3, 1), la);
    alex.upn = Some(synthetic_upn("881".parse().unwrap(), 1));
    alex.enrolment = Some((school, date(2024, 9, 4)));
    let mut sam = child("Sam", "Sample", date(2012, 5, 5), la);
    sam.uln = Some("9276308686".parse().unwrap());
    let mut old = child("Olly", "Earlier", date(2010, 1, 1), la);
    old.upn = Some(synthetic_upn("881".parse().unwrap(), 3));
    let ruby = child("Ruby", "Recent", date(2021, 2, 2), la);
    let register = BulkRegisterEntry {
        provision: SenProvision::EhcPlan,
        year_group: "5".into(),
        needs: ("ASD".into(), Some("SLCN".into())),
    };
    let children = vec![
        BulkChild { id: ids[0], child: alex, register: Some(register) },
        BulkChild { id: ids[1], child: sam, register: None },
        BulkChild { id: ids[2], child: old, register: None },
        BulkChild { id: ids[3], child: ruby, register: None },
    ];
    let exception = DatedEvent {
        date: date(2025, 5, 1),
        event: CaseEvent::ExceptionClaimed(ExceptionGround::C),
    };
    let requests = vec![
        request(
            ids[0],
            "parent",
            vec![
                plain(EventName::RequestReceived, date(2025, 3, 3)),
                plain(EventName::DecidedToAssess, date(2025, 4, 14)),
                exception,
                plain(EventName::DraftPlanIssued, date(2025, 7, 1)),
                plain(EventName::FinalPlanIssued, date(2025, 7, 21)),
            ],
            vec![
                placed(
                    1,
                    PlacedAt::Establishment("115001".parse().unwrap()),
                    PlacementRank::MAIN,
                    Some(Residential::WeeksUpTo51),
                ),
                placed(
                    2,
                    PlacedAt::Other { setting: SenSetting::Ola, details: String::new() },
                    PlacementRank::SECOND,
                    None,
                ),
            ],
            Some(date(2025, 7, 21)),
        ),
        request(
            ids[1],
            "school",
            vec![
                plain(EventName::RequestReceived, date(2025, 9, 1)),
                plain(EventName::DecidedNotToAssess, date(2025, 10, 6)),
                plain(EventName::MediationRequested, date(2025, 10, 20)),
            ],
            vec![],
            None,
        ),
        // Decided in 2023: not in the 2026 return.
        request(
            ids[2],
            "parent",
            vec![
                plain(EventName::RequestReceived, date(2023, 1, 9)),
                plain(EventName::DecidedNotToAssess, date(2023, 2, 13)),
            ],
            vec![],
            None,
        ),
        request(
            ids[3],
            "health",
            vec![plain(EventName::RequestReceived, date(2025, 12, 1))],
            vec![],
            None,
        ),
    ];
    store.load_in_bulk(&children, &requests, "sen2 test", &meta).await.unwrap();
    la
}

const EXPECTED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>SEN2</Collection>
      <Year>2026</Year>
      <ReferenceDate>2026-01-15</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>881</LEA>
      <SoftwareCode>sendcase</SoftwareCode>
      <Release>0.1.0</Release>
      <SerialNo>1</SerialNo>
      <DateTime>WRITTEN</DateTime>
    </Source>
  </Header>
  <Persons>
    <Person>
      <Surname>Example</Surname>
      <Forename>Alex</Forename>
      <PersonBirthDate>2015-03-01</PersonBirthDate>
      <UPN>UPN-OF-ALEX</UPN>
      <Requests>
        <ReceivedDate>2025-03-03</ReceivedDate>
        <RequestSource>1</RequestSource>
        <RYA>0</RYA>
        <RequestOutcomeDate>2025-04-14</RequestOutcomeDate>
        <RequestOutcome>Y</RequestOutcome>
        <RequestMediation>0</RequestMediation>
        <RequestTribunal>0</RequestTribunal>
        <Assessment>
          <AssessmentOutcome>Y</AssessmentOutcome>
          <AssessmentOutcomeDate>2025-07-21</AssessmentOutcomeDate>
          <AssessmentMediation>0</AssessmentMediation>
          <AssessmentTribunal>0</AssessmentTribunal>
          <OtherMediation>0</OtherMediation>
          <OtherTribunal>0</OtherTribunal>
          <Week20>1</Week20>
          <NamedPlan>
            <StartDate>2025-07-21</StartDate>
            <PlanRes>A</PlanRes>
            <PlanWBP>0</PlanWBP>
            <PB>1</PB>
            <OA>1</OA>
            <DP>0</DP>
            <PlanDetail>
              <URN>115001</URN>
              <PlacementRank>1</PlacementRank>
              <SENunitIndicator>0</SENunitIndicator>
              <ResourcedProvisionIndicator>1</ResourcedProvisionIndicator>
            </PlanDetail>
            <PlanDetail>
              <SENsetting>OLA</SENsetting>
              <PlacementRank>2</PlacementRank>
              <SENunitIndicator>0</SENunitIndicator>
              <ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>
            </PlanDetail>
          </NamedPlan>
        </Assessment>
        <ActivePlans>
          <PlacementDetail>
            <URN>115001</URN>
            <PlacementRank>1</PlacementRank>
            <EntryDate>2025-09-03</EntryDate>
            <SENunitIndicator>0</SENunitIndicator>
            <ResourcedProvisionIndicator>1</ResourcedProvisionIndicator>
            <RES>A</RES>
            <WBP>0</WBP>
          </PlacementDetail>
          <PlacementDetail>
            <SENsetting>OLA</SENsetting>
            <PlacementRank>2</PlacementRank>
            <EntryDate>2025-09-03</EntryDate>
            <SENunitIndicator>0</SENunitIndicator>
            <ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>
            <WBP>0</WBP>
          </PlacementDetail>
          <SENneed>
            <SENtype>ASD</SENtype>
            <SENtypeRank>1</SENtypeRank>
          </SENneed>
          <SENneed>
            <SENtype>SLCN</SENtype>
            <SENtypeRank>2</SENtypeRank>
          </SENneed>
        </ActivePlans>
      </Requests>
    </Person>
    <Person>
      <Surname>Sample</Surname>
      <Forename>Sam</Forename>
      <PersonBirthDate>2012-05-05</PersonBirthDate>
      <UniqueLearnerNumber>9276308686</UniqueLearnerNumber>
      <Requests>
        <ReceivedDate>2025-09-01</ReceivedDate>
        <RequestSource>2</RequestSource>
        <RYA>0</RYA>
        <RequestOutcomeDate>2025-10-06</RequestOutcomeDate>
        <RequestOutcome>N</RequestOutcome>
        <RequestMediation>1</RequestMediation>
        <RequestTribunal>0</RequestTribunal>
      </Requests>
    </Person>
    <Person>
      <Surname>Recent</Surname>
      <Forename>Ruby</Forename>
      <PersonBirthDate>2021-02-02</PersonBirthDate>
      <UPNunknown>UN1</UPNunknown>
      <Requests>
        <ReceivedDate>2025-12-01</ReceivedDate>
        <RequestSource>3</RequestSource>
        <RYA>0</RYA>
        <RequestOutcome>A</RequestOutcome>
        <RequestMediation>0</RequestMediation>
        <RequestTribunal>0</RequestTribunal>
      </Requests>
    </Person>
  </Persons>
</Message>
"#;

/// The `Person` elements of a return, and the `Requests` elements in all, as quick-xml reads them.
fn read_back(xml: &str) -> (usize, usize) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut people, mut requests) = (0, 0);
    loop {
        match reader.read_event().expect("the return is well-formed XML") {
            Event::Start(e) if e.name().0 == "Person" => people += 1,
            Event::Start(e) if e.name().0 == "Requests" => requests += 1,
            Event::Eof => break,
            _ => {}
        }
    }
    (people, requests)
}

fn small_council(db: &str, _dir: &std::path::Path) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store =
        runtime.block_on(sendcase_store::connect(&DatabaseUrl::parse(db).unwrap())).unwrap();
    let la = runtime.block_on(load(store.as_ref()));
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "sen2", "--db", db, "--la", "881", "--year", "2026"];
        args.extend_from_slice(extra);
        sendcase(&args, "")
    };

    let out = export(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xml = String::from_utf8(out.stdout).unwrap();
    let written =
        xml.split("<DateTime>").nth(1).and_then(|t| t.split("</DateTime>").next()).unwrap();
    assert!(jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%S", written).is_ok(), "{written}");
    let alex = synthetic_upn("881".parse().unwrap(), 1).to_string();
    let expected = EXPECTED.replace("WRITTEN", written).replace("UPN-OF-ALEX", &alex);
    assert_eq!(xml, expected);
    // Four children have requests; the one decided in 2023 is not in the 2026 return.
    let in_scope = runtime.block_on(store.sen2_people(la, None, 100)).unwrap().len() - 1;
    assert_eq!(read_back(&xml), (in_scope, 3));

    let checked = export(&["--check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", String::from_utf8_lossy(&checked.stderr));
    assert!(checked.stdout.is_empty());
    assert!(String::from_utf8_lossy(&checked.stderr).contains("3 people, no errors"));

    // A plan issued with no placement recorded and no SEN type on any register.
    let meta = AuditMeta::system("sen2 test");
    let id = Uuid::now_v7();
    let late =
        BulkChild { id, child: child("Lee", "Unplaced", date(2014, 6, 6), la), register: None };
    let events = vec![
        plain(EventName::RequestReceived, date(2025, 1, 6)),
        plain(EventName::DecidedToAssess, date(2025, 2, 10)),
        plain(EventName::DraftPlanIssued, date(2025, 5, 12)),
        plain(EventName::FinalPlanIssued, date(2025, 6, 2)),
    ];
    let unplaced = request(id, "other", events, vec![], Some(date(2025, 6, 2)));
    runtime.block_on(store.load_in_bulk(&[late], &[unplaced], "sen2 test", &meta)).unwrap();
    let checked = export(&["--check"]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(checked.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8_lossy(&checked.stderr);
    for expected in [
        "Lee Unplaced (born 2014-06-06): Person UPNunknown: with no UPN or ULN, UPNunknown must give the reason",
        "Lee Unplaced (born 2014-06-06): NamedPlan PlanDetail: a plan names its setting",
        "Lee Unplaced (born 2014-06-06): ActivePlans PlacementDetail: an active plan has its placement",
        "Lee Unplaced (born 2014-06-06): SENneed SENtype: an active plan names its primary SEN type",
        "4 people, 4 errors",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in {stderr}");
    }

    for ((la, year), named) in [
        (("881", "1999"), "--year 1999: no survey day"),
        (("999", "2026"), "--la 999"),
        (("882", "2026"), "--la 882: no council with that code"),
    ] {
        let out = sendcase(&["export", "sen2", "--db", db, "--la", la, "--year", year], "");
        assert_eq!(out.status.code(), Some(2), "{la} {year}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(named), "{named} in {stderr}");
    }
}

#[test]
fn the_scale_demo_s_return_has_no_errors_on_both_backends() {
    on_both_backends("sen2-scale", scale_demo);
}

fn scale_demo(db: &str, _dir: &std::path::Path) {
    let loaded = sendcase(&["demo", "--scale", "la", "--percent", "2", "--db", db], "");
    assert!(loaded.status.success(), "{}", String::from_utf8_lossy(&loaded.stderr));
    let args = ["export", "sen2", "--db", db, "--la", "850", "--year", "2027"];
    let checked = sendcase(&[&args[..], &["--check"]].concat(), "");
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(0), "{stderr}");
    let people: usize = stderr
        .split("SEN2 2027: ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(stderr.contains("people, no errors"), "{stderr}");
    let written = sendcase(&args, "");
    assert!(written.status.success());
    let xml = String::from_utf8(written.stdout).unwrap();
    let (persons, requests) = read_back(&xml);
    assert_eq!(persons, people);
    assert!(requests >= persons && xml.contains("<PlanDetail>") && xml.contains("<SENneed>"));
}
