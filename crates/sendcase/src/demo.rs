//! Demo data: a believable local authority (Kent, LA code 886) with schools, children and one
//! user per role. Every name is invented; every identifier is synthetic but valid.

use crate::CliError;
use jiff::civil::{Date, date};
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::people::identifiers::{LaCode, Urn, synthetic_nhs_number, synthetic_upn};
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::people::young_person_rights::FamilyDecision;
use sendcase_domain::policy::{Actor, Membership};
use sendcase_domain::schools::year_group::YearGroup;
use sendcase_store::DatabaseUrl;
use sendcase_store::{
    AuditMeta, FamilyRelationship, LaContactRow, NewAdviceRequest, NewAuthenticator, NewChild,
    NewOrganisation, NewUser, PupilImport, Store,
};
use uuid::Uuid;

pub const PASSWORD: &str = "sendcase-demo";
pub const SIGN_INS: [&str; 11] = [
    "la.manager@example.org",
    "la.caseworker@example.org",
    "senco@example.org",
    "school.staff@example.org",
    crate::demo_early_years::NURSERY_SENCO,
    "ep@example.org",
    "dco@example.org",
    "parent@example.org",
    "young.person@example.org",
    "young.person.parent@example.org",
    "admin@example.org",
];
const DEMO_LA: &str = "886";

/// The authenticator key of the demo's council, health and administrator accounts, which must give a
/// code after their password: add it to any authenticator app, or run
/// `oathtool --totp -b JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP`. Published, so only for the demo.
pub const TOTP_KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// How to sign in to the demo, for the start-up output.
pub fn how_to_sign_in() -> String {
    format!(
        "sign in as any of {} with the password {PASSWORD}; la.manager, la.caseworker, dco and \
         admin then give the code of authenticator key {TOTP_KEY} (oathtool --totp -b {TOTP_KEY})",
        SIGN_INS.join(", ")
    )
}

/// The day the demo's histories are written up to.
pub const TODAY: Date = date(2026, 11, 23);

#[derive(clap::Args)]
pub struct DemoArgs {
    #[command(flatten)]
    db: crate::DbArg,
    /// Load a scale demo instead: `la`, a council the size of the largest in England, or
    /// `england`, all 153 at their sizes
    #[arg(long, value_enum)]
    scale: Option<crate::scale::Scale>,
    /// With --scale, load this percentage of it (for a quick look)
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u8).range(1..=100))]
    percent: u8,
}

pub async fn run_args(args: DemoArgs) -> Result<(), CliError> {
    match args.scale {
        None => run(&args.db.url()?).await,
        Some(scale) => crate::scale::run(&args.db.url()?, scale, args.percent).await,
    }
}

pub async fn run(url: &DatabaseUrl) -> Result<(), CliError> {
    let store = sendcase_store::connect(url).await?;
    let loaded = load(store.as_ref()).await?;
    crate::rebuild::bring_up_to_date(store.as_ref(), Calendar::england_and_wales()).await?;
    if loaded {
        println!("demo data loaded into {url}");
    } else {
        println!("demo data is already in {url}: nothing to do");
    }
    println!("{}", how_to_sign_in());
    Ok(())
}

/// Loads the demo unless its local authority is already there. Returns whether it loaded.
pub async fn load(store: &dyn Store) -> Result<bool, CliError> {
    let la_code: LaCode = DEMO_LA.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    if store.organisations().await?.iter().any(|o| o.la_code.as_ref() == Some(&la_code)) {
        return Ok(false);
    }
    let meta = AuditMeta::system(format!("demo-{}", Uuid::now_v7()));
    let kent = org(
        store,
        &meta,
        OrganisationKind::LocalAuthority,
        "Kent County Council",
        Some(la_code.clone()),
        None,
        None,
    )
    .await?;
    // Every decision notice gives these (reg 32); the numbers are Ofcom's drama range.
    let contacts = LaContactRow {
        send_team: "the SEND Assessment Team, 01632 960000, send.assessment@example.org".into(),
        mediation_service: "Kent Mediation Service, 01632 960111, mediation@example.org".into(),
        information_advice_support: "Kent SENDIASS (information, advice and support), 01632 960222"
            .into(),
    };
    store.set_la_contacts(kent, contacts, &meta).await?;
    let medway_code: LaCode = "887".parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let medway = org(
        store,
        &meta,
        OrganisationKind::LocalAuthority,
        "Medway Council",
        Some(medway_code.clone()),
        None,
        None,
    )
    .await?;
    let contacts = LaContactRow {
        send_team: "Medway's SEND team, 01632 960300, send@medway.example.org".into(),
        mediation_service: "Medway Mediation, 01632 960311".into(),
        information_advice_support: "Medway SENDIASS, 01632 960322".into(),
    };
    store.set_la_contacts(medway, contacts, &meta).await?;

    let mut schools = vec![];
    for (i, (name, phase, kind)) in SCHOOLS.iter().enumerate() {
        let urn: Urn = format!("{}", 990_101 + i).parse().map_err(|e| anyhow::anyhow!("{e}"))?;
        let o = NewOrganisation {
            kind: OrganisationKind::School,
            name: (*name).to_owned(),
            la_code: None,
            urn: Some(urn),
            phase: Some((*phase).to_owned()),
            school_type: Some((*kind).to_owned()),
            ukprn: None,
            local_authority_id: Some(kent),
        };
        schools.push(store.create_organisation(o, &meta).await?);
    }
    let medway_school = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::School,
                name: "Chatham Reach Primary School".into(),
                la_code: None,
                urn: Some("990201".parse().map_err(|e| anyhow::anyhow!("{e}"))?),
                phase: Some("Primary".into()),
                school_type: Some("Academy".into()),
                ukprn: None,
                local_authority_id: Some(medway),
            },
            &meta,
        )
        .await?;
    let icb = org(
        store,
        &meta,
        OrganisationKind::HealthBody,
        "Kent and Medway Integrated Care Board",
        None,
        None,
        Some(kent),
    )
    .await?;
    org(
        store,
        &meta,
        OrganisationKind::SocialCareTeam,
        "Kent Disabled Children's Team",
        None,
        None,
        Some(kent),
    )
    .await?;
    let ep_service = org(
        store,
        &meta,
        OrganisationKind::OtherProvider,
        "Kent Educational Psychology Service",
        None,
        None,
        Some(kent),
    )
    .await?;

    let mut children = vec![];
    let (mut family_on_register, mut with_sen_on_register) = (vec![], vec![]);
    let mut registers: std::collections::BTreeMap<Uuid, Vec<PupilImport>> =
        std::collections::BTreeMap::new();
    for (i, (given, family, birth)) in CHILDREN.iter().enumerate() {
        let serial = i as u32 + 1;
        // Early years children have no school place yet; the rest are spread across the schools by age.
        let school = school_for(*birth, &schools, i);
        let new = NewChild {
            given_name: (*given).to_owned(),
            family_name: (*family).to_owned(),
            birth_date: *birth,
            upn: school.map(|_| synthetic_upn(la_code.clone(), serial)),
            nhs_number: Some(synthetic_nhs_number(serial)),
            uln: None,
            responsible_la_id: kent,
            enrolment: school.map(|s| (s, date(2025, 9, 3))),
        };
        let given_name = new.given_name.clone();
        let mut placed = None;
        if let (Some(school), Some(upn)) = (school, new.upn.clone()) {
            let entry = register_entry(i, upn, &new);
            placed = Some((school, entry.provision != "N"));
            registers.entry(school).or_default().push(entry);
        }
        let child = store.create_child(new, &meta).await?;
        if let Some((school, with_sen)) = placed {
            let pupil = crate::demo_school_documents::OnRegister { child, school, given_name };
            // The first two children are the demo parent's.
            if i < 2 {
                family_on_register.push(pupil)
            } else if with_sen {
                with_sen_on_register.push(pupil)
            }
        }
        children.push(child);
    }
    // Two Medway children at Oakfield, so its SENCO's tasks come from two councils, and Ruby,
    // whose family moved from Medway into Kent: her plan is transferred below.
    let mut medway_pupils = vec![];
    for (serial, given, family, birth, provision) in [
        (901, "Grace", "Ayodele", date(2017, 3, 14), "E"),
        (902, "Luca", "Ferraro", date(2018, 10, 2), "K"),
        (903, "Ruby", "Okonjo", date(2016, 6, 20), "E"),
    ] {
        let new = NewChild {
            given_name: given.into(),
            family_name: family.into(),
            birth_date: birth,
            upn: Some(synthetic_upn(medway_code.clone(), serial)),
            nhs_number: Some(synthetic_nhs_number(serial)),
            uln: None,
            responsible_la_id: medway,
            enrolment: Some((schools[0], date(2025, 9, 3))),
        };
        let mut entry = register_entry(0, new.upn.clone().expect("just set"), &new);
        (entry.provision, entry.need1) = (provision, Some("SLCN"));
        registers.entry(schools[0]).or_default().push(entry);
        medway_pupils.push(store.create_child(new, &meta).await?);
    }
    // Each school's SEN register, with pupils on SEN support (K) and with plans (E).
    for (school, pupils) in registers {
        store.import_pupils(school, &pupils, date(2025, 10, 2), &|_| {}, &meta).await?;
    }
    crate::demo_sen_support::load(store, &meta, schools[0]).await?;
    let medway_child = store
        .create_child(
            NewChild {
                given_name: "Tobias".into(),
                family_name: "Wren".into(),
                birth_date: date(2016, 5, 9),
                upn: Some(synthetic_upn(medway_code.clone(), 900)),
                nhs_number: Some(synthetic_nhs_number(900)),
                uln: None,
                responsible_la_id: medway,
                enrolment: Some((medway_school, date(2021, 9, 2))),
            },
            &meta,
        )
        .await?;

    let hash = sendcase_web::auth::hash_password(PASSWORD)?;
    let member = |role, org: Option<Uuid>| Membership { role, organisation_id: org };
    let users = [
        ("la.manager@example.org", "Priya Raman", member(Role::LaManager, Some(kent))),
        ("la.caseworker@example.org", "Daniel Okafor", member(Role::LaCaseworker, Some(kent))),
        ("senco@example.org", "Helen Marsh", member(Role::Senco, Some(schools[0]))),
        ("school.staff@example.org", "Tom Ellery", member(Role::SchoolStaff, Some(schools[0]))),
        ("ep@example.org", "Dr Amara Bello", member(Role::Professional, Some(ep_service))),
        ("dco@example.org", "Dr Ruth Adeyemi", member(Role::DesignatedClinicalOfficer, Some(icb))),
        ("parent@example.org", "Sarah Whitfield", member(Role::Parent, None)),
        ("young.person@example.org", "Jordan Hale", member(Role::YoungPerson, None)),
        ("young.person.parent@example.org", "Kim Hale", member(Role::Parent, None)),
        ("admin@example.org", "Alex Morgan", member(Role::Admin, None)),
    ];
    let mut ids = std::collections::HashMap::new();
    for (email, name, membership) in users {
        let new = NewUser {
            email: email.into(),
            display_name: name.into(),
            password_hash: hash.clone(),
            memberships: vec![membership.clone()],
        };
        let id = store.create_user(new, &meta).await?;
        if sendcase_domain::policy::must_use_second_factor(&Actor {
            user_id: id,
            memberships: vec![membership],
        }) {
            let key = NewAuthenticator {
                user_id: id,
                secret: TOTP_KEY.into(),
                step: 0,
                recovery_hashes: vec![],
            };
            store.enrol_authenticator(key, "", jiff::Timestamp::now(), &meta).await?;
        }
        ids.insert(email, id);
    }
    // Another family, so a parent's view can be seen not to reach other people's children.
    let other_parent = NewUser {
        email: "other.parent@example.org".into(),
        display_name: "Marcus Wren".into(),
        password_hash: hash.clone(),
        memberships: vec![member(Role::Parent, None)],
    };
    let other_parent = store.create_user(other_parent, &meta).await?;
    store.link_family(medway_child, other_parent, FamilyRelationship::ParentOrCarer, &meta).await?;

    // The Whitfield siblings; Ellie is on SEN support at her school.
    for child in [children[0], children[1]] {
        store
            .link_family(child, ids["parent@example.org"], FamilyRelationship::ParentOrCarer, &meta)
            .await?;
    }
    if let Some(school) = school_for(CHILDREN[0].2, &schools, 0) {
        crate::demo_sen_support::load_family(store, &meta, children[0], school).await?;
    }
    let young_person = store
        .create_child(
            NewChild {
                given_name: "Jordan".into(),
                family_name: "Hale".into(),
                birth_date: date(2009, 6, 15),
                upn: Some(synthetic_upn(la_code.clone(), 800)),
                nhs_number: Some(synthetic_nhs_number(800)),
                uln: None,
                responsible_la_id: kent,
                enrolment: Some((schools[4], date(2020, 9, 2))),
            },
            &meta,
        )
        .await?;
    store
        .link_family(
            young_person,
            ids["young.person@example.org"],
            FamilyRelationship::OwnAccount,
            &meta,
        )
        .await?;
    // Jordan is past compulsory school age and agreed that Kim keeps taking part.
    let kim = ids["young.person.parent@example.org"];
    store.link_family(young_person, kim, FamilyRelationship::ParentOrCarer, &meta).await?;
    let agreed = FamilyDecision::ParentAccess { parent: kim, agreed: true };
    store.record_family_decision(young_person, agreed, date(2025, 7, 1), &meta).await?;
    // Advice outside any EHC request (children 0 and 2 get theirs with their requests below).
    for (child, kind) in
        [(children[5], "educational psychologist"), (children[9], "educational psychologist")]
    {
        let req = NewAdviceRequest {
            child_id: child,
            professional_user_id: ids["ep@example.org"],
            advice_kind: kind.into(),
            requested_on: date(2026, 11, 2),
        };
        store.create_advice_request(req, &meta).await?;
    }
    let named = |id: Uuid| async move {
        let o = store.organisation(id).await?.ok_or_else(|| anyhow::anyhow!("demo school {id}"))?;
        Ok::<_, CliError>((o.name, o.school_type.unwrap_or_default()))
    };
    let poppy_school = school_for(CHILDREN[12].2, &schools, 12)
        .ok_or_else(|| anyhow::anyhow!("Poppy is of school age"))?;
    let oliver_school = school_for(CHILDREN[3].2, &schools, 3)
        .ok_or_else(|| anyhow::anyhow!("Oliver is of school age"))?;
    let mia_school = school_for(CHILDREN[4].2, &schools, 4)
        .ok_or_else(|| anyhow::anyhow!("Mia is of school age"))?;
    let cast = crate::demo_cases::Cast {
        ellie: children[0],
        aisha: children[2],
        noah: children[5],
        harry: children[9],
        poppy: (children[12], named(poppy_school).await?),
        oliver: (children[3], named(oliver_school).await?),
        mia: (children[4], named(mia_school).await?),
        grace: medway_pupils[0],
        luca: medway_pupils[1],
        ruby: medway_pupils[2],
        kent,
        jordan: (young_person, named(schools[4]).await?),
        oakfield: named(schools[0]).await?,
        educational_psychologist: ids["ep@example.org"],
    };
    crate::demo_cases::load(store, &meta, crate::demo_cases::cases(cast)).await?;
    crate::demo_school_documents::load(
        store,
        &meta,
        &family_on_register,
        &with_sen_on_register,
        schools[0],
    )
    .await?;
    crate::demo_local_offer::load(store, kent, &meta).await?;
    crate::demo_early_years::load(store, &meta, schools[3], kent, la_code, &hash).await?;
    Ok(true)
}

async fn org(
    store: &dyn Store,
    meta: &AuditMeta,
    kind: OrganisationKind,
    name: &str,
    la_code: Option<LaCode>,
    urn: Option<Urn>,
    local_authority_id: Option<Uuid>,
) -> Result<Uuid, CliError> {
    let new = NewOrganisation {
        kind,
        name: name.into(),
        la_code,
        urn,
        phase: None,
        school_type: None,
        ukprn: None,
        local_authority_id,
    };
    Ok(store.create_organisation(new, meta).await?)
}

/// Picks a school of the right phase for a child born on `birth`, as of the 2026/27 school year.
fn school_for(birth: Date, schools: &[Uuid], i: usize) -> Option<Uuid> {
    let year =
        sendcase_domain::people::school_age::national_curriculum_year(birth, date(2026, 11, 23));
    match year {
        i8::MIN..=-1 => None,
        0..=2 => Some(schools[if i.is_multiple_of(2) { 0 } else { 1 }]),
        3..=6 => Some(schools[if i.is_multiple_of(3) { 2 } else { 0 }]),
        _ => Some(schools[if i.is_multiple_of(4) { 5 } else { 4 }]),
    }
}

const SCHOOLS: [(&str, &str, &str); 6] = [
    ("Oakfield Primary School", "Primary", "Community school"),
    ("Little Acorns Infant School", "Primary", "Community school"),
    ("St Anselm's CE Junior School", "Primary", "Voluntary aided school"),
    ("Harbourside Nursery School", "Nursery", "Maintained nursery school"),
    ("Marsh Lane Academy", "Secondary", "Academy"),
    ("Greenwood Special School", "All-through", "Community special school"),
];

const CHILDREN: [(&str, &str, Date); 36] = [
    ("Ellie", "Whitfield", date(2017, 4, 12)),
    ("Sam", "Whitfield", date(2019, 10, 3)),
    ("Aisha", "Khan", date(2016, 1, 22)),
    ("Oliver", "Bennett", date(2018, 7, 30)),
    ("Mia", "Chen", date(2015, 11, 5)),
    ("Noah", "Adeyemi", date(2014, 3, 17)),
    ("Isla", "Murphy", date(2017, 9, 1)),
    ("Leo", "Kowalski", date(2013, 6, 8)),
    ("Freya", "Patel", date(2012, 12, 19)),
    ("Harry", "Doyle", date(2016, 8, 31)),
    ("Zara", "Hussain", date(2018, 2, 14)),
    ("Jack", "Evans", date(2011, 10, 27)),
    ("Poppy", "Nwosu", date(2020, 5, 6)),
    ("Arlo", "Fitzgerald", date(2022, 1, 18)),
    ("Maya", "Singh", date(2015, 4, 2)),
    ("Reuben", "Clarke", date(2013, 9, 23)),
    ("Evie", "Morris", date(2019, 3, 11)),
    ("Theo", "Baptiste", date(2014, 11, 29)),
    ("Lily", "O'Connor", date(2016, 6, 4)),
    ("Ibrahim", "Osei", date(2012, 2, 9)),
    ("Grace", "Thompson", date(2018, 12, 1)),
    ("Finley", "Harris", date(2011, 7, 15)),
    ("Amelia", "Novak", date(2017, 1, 26)),
    ("Kai", "Robinson", date(2021, 8, 20)),
    ("Sofia", "Rossi", date(2015, 10, 13)),
    ("Ethan", "Walsh", date(2013, 5, 28)),
    ("Hana", "Yilmaz", date(2016, 12, 7)),
    ("Charlie", "Price", date(2012, 8, 16)),
    ("Ruby", "Achebe", date(2019, 6, 24)),
    ("Yusuf", "Ali", date(2014, 1, 3)),
    ("Matilda", "Green", date(2020, 11, 11)),
    ("Oscar", "Lindqvist", date(2011, 3, 30)),
    ("Chloe", "Dubois", date(2017, 7, 19)),
    ("Alfie", "Bryant", date(2013, 12, 22)),
    ("Nia", "Mensah", date(2015, 2, 27)),
    ("Rory", "Sutherland", date(2018, 9, 9)),
];

/// A demo pupil's SEN status: child 12 has a plan; others are on SEN support or have no SEN.
fn register_entry(
    i: usize,
    upn: sendcase_domain::people::identifiers::Upn,
    child: &NewChild,
) -> PupilImport {
    let (provision, need1, need2) = match i {
        12 => ("E", Some("ASD"), Some("SLCN")),
        _ if i.is_multiple_of(3) => ("K", Some("SPLD"), None),
        _ if i % 5 == 1 => ("K", Some("NSA"), None),
        // An EHC plan on the register only where the council has issued one.
        _ if i % 7 == 2 => ("K", Some("SEMH"), None),
        _ => ("N", None, None),
    };
    PupilImport {
        upn,
        surname: child.family_name.clone(),
        forename: child.given_name.clone(),
        birth_date: child.birth_date,
        year_group: YearGroup::for_birth(child.birth_date, date(2025, 10, 2))
            .map(YearGroup::code)
            .unwrap_or_default(),
        out_of_cohort_reason: None,
        provision,
        need1,
        need2,
    }
}
