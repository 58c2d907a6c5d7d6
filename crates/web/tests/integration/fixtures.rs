//! A small world to test access in: two local authorities, a school in each, two families.

use crate::TestApp;
use axum::http::StatusCode;
use jiff::civil::date;
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::policy::Membership;
use sendcase_store::{
    AuditMeta, FamilyRelationship, NewAdviceRequest, NewChild, NewOrganisation, NewUser,
};
use sendcase_web::auth::{hash_password, hash_secret, new_secret};
use serde_json::json;
use std::sync::LazyLock;
use uuid::Uuid;

pub const PASSWORD: &str = "a long test password";
/// Hashing is deliberately slow, so every fixture user shares one hash.
static HASH: LazyLock<String> = LazyLock::new(|| hash_password(PASSWORD).unwrap());

pub struct World {
    pub la: Uuid,
    pub school: Uuid,
    /// The Ashby family's child, at `school`, in `la`.
    pub own_child: Uuid,
    /// A child of another family in another local authority.
    pub other_child: Uuid,
}

pub fn meta() -> AuditMeta {
    AuditMeta::system("fixture")
}

pub async fn organisation(
    app: &TestApp,
    kind: OrganisationKind,
    name: &str,
    la_code: Option<&str>,
    urn: Option<&str>,
    la: Option<Uuid>,
) -> Uuid {
    let new = NewOrganisation {
        kind,
        name: name.into(),
        la_code: la_code.map(|c| c.parse().unwrap()),
        urn: urn.map(|u| u.parse().unwrap()),
        phase: None,
        school_type: None,
        ukprn: None,
        local_authority_id: la,
    };
    app.store.create_organisation(new, &meta()).await.unwrap()
}

async fn child(app: &TestApp, given: &str, la: Uuid, school: Uuid) -> Uuid {
    let new = NewChild {
        given_name: given.into(),
        family_name: "Ashby".into(),
        birth_date: date(2015, 3, 4),
        upn: None,
        nhs_number: None,
        uln: None,
        responsible_la_id: la,
        enrolment: Some((school, date(2020, 9, 1))),
    };
    app.store.create_child(new, &meta()).await.unwrap()
}

pub async fn user(app: &TestApp, email: &str, role: Role, org: Option<Uuid>) -> Uuid {
    named_user(app, email, &format!("Test {role}"), role, org).await
}

pub async fn named_user(
    app: &TestApp,
    email: &str,
    name: &str,
    role: Role,
    org: Option<Uuid>,
) -> Uuid {
    let memberships = vec![Membership { role, organisation_id: org }];
    let new = NewUser {
        email: email.into(),
        display_name: name.into(),
        password_hash: HASH.clone(),
        memberships,
    };
    app.store.create_user(new, &meta()).await.unwrap()
}

pub async fn world(app: &TestApp) -> World {
    let la = organisation(
        app,
        OrganisationKind::LocalAuthority,
        "Kent County Council",
        Some("886"),
        None,
        None,
    )
    .await;
    let other_la = organisation(
        app,
        OrganisationKind::LocalAuthority,
        "Medway Council",
        Some("887"),
        None,
        None,
    )
    .await;
    let school = organisation(
        app,
        OrganisationKind::School,
        "Oakfield Primary",
        None,
        Some("990101"),
        Some(la),
    )
    .await;
    let other_school = organisation(
        app,
        OrganisationKind::School,
        "Chatham Reach",
        None,
        Some("990201"),
        Some(other_la),
    )
    .await;
    let own_child = child(app, "Ada", la, school).await;
    let other_child = child(app, "Ben", other_la, other_school).await;
    let parent = user(app, "parent@example.org", Role::Parent, None).await;
    let other_parent = user(app, "other.parent@example.org", Role::Parent, None).await;
    app.store
        .link_family(own_child, parent, FamilyRelationship::ParentOrCarer, &meta())
        .await
        .unwrap();
    app.store
        .link_family(other_child, other_parent, FamilyRelationship::ParentOrCarer, &meta())
        .await
        .unwrap();
    user(app, "caseworker@example.org", Role::LaCaseworker, Some(la)).await;
    user(app, "senco@example.org", Role::Senco, Some(school)).await;
    user(app, "staff@example.org", Role::SchoolStaff, Some(school)).await;
    user(app, "admin@example.org", Role::Admin, None).await;
    let ep = user(app, "ep@example.org", Role::Professional, None).await;
    let advice = NewAdviceRequest {
        child_id: own_child,
        professional_user_id: ep,
        advice_kind: "educational psychologist".into(),
        requested_on: date(2026, 11, 2),
    };
    app.store.create_advice_request(advice, &meta()).await.unwrap();
    World { la, school, own_child, other_child }
}

fn in_a_day() -> jiff::Timestamp {
    jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24)
}

pub async fn token(app: &TestApp, email: &str) -> String {
    let account = app.store.user_account_by_email(email).await.unwrap().expect("user");
    let token = new_secret();
    app.store
        .create_api_token(account.user.id, &hash_secret(&token), "test", in_a_day(), &meta())
        .await
        .unwrap();
    token
}

/// A pupil for a school's import: Sam Pupil{serial}, in year 5 at Kent's numbering.
pub fn pupil(
    serial: u32,
    provision: &'static str,
    need1: Option<&'static str>,
) -> sendcase_store::PupilImport {
    sendcase_store::PupilImport {
        upn: sendcase_domain::people::identifiers::synthetic_upn("886".parse().unwrap(), serial),
        surname: format!("Pupil{serial}"),
        forename: "Sam".into(),
        birth_date: date(2016, 9, 1),
        year_group: "5".into(),
        out_of_cohort_reason: None,
        provision,
        need1,
        need2: None,
    }
}

/// Opens a request for `child` through the API, received on 5 January 2026; its id.
pub async fn open_request(app: &TestApp, caseworker: &str, child: uuid::Uuid) -> String {
    let res = app
        .post_json(
            &format!("/api/v1/children/{child}/ehc-requests"),
            caseworker,
            &json!({"received_on": "2026-01-05", "source": "parent"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.json()["id"].as_str().unwrap().to_owned()
}

/// A plan with content in B, E and F, as a caseworker would write it before the draft; E aims
/// an outcome at each area of preparing for adulthood, as a plan from Year 9 must.
pub fn plan_content() -> serde_json::Value {
    let aimed = |area: &str, description: &str| {
        json!({"description": description, "success_looks_like": "Seen each week for a term",
               "by_when": null, "adulthood": area})
    };
    json!({
        "a": {"answers": []},
        "b": [{"id": "B1", "description": "Reading well below age", "area": "cognition-and-learning"}],
        "c": [], "d": [],
        "e": [aimed("employment", "Reads a work rota"),
              aimed("independent_living", "Reads a bus timetable"),
              aimed("community", "Reads the youth club's notices"),
              aimed("health", "Reads a prescription label")],
        "f": [{"meets": ["B1"], "what": "Precision teaching of phonics", "who": "Teaching assistant",
               "expertise": "", "frequency": "20 minutes daily", "duration": "until the next annual review",
               "group_size": "1:1"}],
        "g": [], "h1": [], "h2": [], "i": null, "j": {"requested": false, "arrangements": ""}, "k": []
    })
}

/// Saves [`plan_content`] as the request's first plan version, through the API.
pub async fn write_plan(app: &TestApp, caseworker: &str, id: &str) {
    let path = format!("/api/v1/ehc-requests/{id}/plan");
    let res = app.put_json(&path, caseworker, &json!({"version": 0, "plan": plan_content()})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// Posts one clock event to the API as a caseworker's system would: plan content is saved before
/// a draft, and Oakfield Primary is consulted before a final plan, which names it in section I.
pub async fn post_event(
    app: &TestApp,
    token: &str,
    id: &str,
    event: &serde_json::Value,
) -> crate::app::Response {
    let path = format!("/api/v1/ehc-requests/{id}/events");
    let mut event = event.clone();
    match event["event"].as_str() {
        Some("draft_plan_issued") => {
            let plan = app.get_api(&format!("/api/v1/ehc-requests/{id}/plan"), token).await;
            if plan.json()["version"] == 0 {
                write_plan(app, token, id).await;
            }
        }
        Some("final_plan_issued") if event.get("section_i").is_none() => {
            let consult = json!({"event": "institution_consulted", "date": event["date"],
                "ref": "Oakfield Primary"});
            let res = app.post_json(&path, token, &consult).await;
            assert!(
                res.status == StatusCode::CREATED || res.body.contains("already been consulted"),
                "{}",
                res.body
            );
            event["section_i"] =
                json!({"institution": "Oakfield Primary", "kind": "Mainstream primary"});
        }
        _ => {}
    }
    app.post_json(&path, token, &event).await
}

/// The id of the organisation called `name`.
pub async fn organisation_named(app: &TestApp, name: &str) -> Uuid {
    app.store
        .organisations()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == name)
        .expect("organisation")
        .id
}

/// A child born on 1 May 2016, on roll at `school` from September 2021 if there is one.
pub async fn child_at(app: &TestApp, given: &str, la: Uuid, school: Option<Uuid>) -> Uuid {
    let new = NewChild {
        given_name: given.into(),
        family_name: "Caseload".into(),
        birth_date: date(2016, 5, 1),
        upn: None,
        nhs_number: None,
        uln: None,
        responsible_la_id: la,
        enrolment: school.map(|s| (s, date(2021, 9, 1))),
    };
    app.store.create_child(new, &meta()).await.unwrap()
}

/// Opens a request for `child` received on `received`, then posts each of `events` to it.
pub async fn request(
    app: &TestApp,
    token: &str,
    child: Uuid,
    received: &str,
    events: &[serde_json::Value],
) -> String {
    let res = app
        .post_json(
            &format!("/api/v1/children/{child}/ehc-requests"),
            token,
            &json!({"received_on": received, "source": "school"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_str().unwrap().to_owned();
    for e in events {
        let res = post_event(app, token, &id, e).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    id
}

/// A clock event with nothing but its date.
pub fn ev(name: &str, on: &str) -> serde_json::Value {
    json!({"event": name, "date": on})
}

/// The three boxes of the date input `prefix`, filled with `d`.
pub fn date_fields(prefix: &str, d: jiff::civil::Date) -> Vec<(String, String)> {
    [("day", d.day().to_string()), ("month", d.month().to_string()), ("year", d.year().to_string())]
        .into_iter()
        .map(|(part, v)| (format!("{prefix}-{part}"), v))
        .collect()
}

/// Submits the form at `path` with `fields`, as the holder of `cookie` would.
pub async fn send_form(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: Vec<(String, String)>,
) -> crate::app::Response {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.submit(cookie, path, &pairs).await
}

/// Tess, born in May 2011 (Year 10 in 2026/27, so preparing for adulthood applies), on roll at
/// the world's school.
pub async fn teen(app: &TestApp, w: &World) -> Uuid {
    let tess = sendcase_store::NewChild {
        given_name: "Tess".into(),
        family_name: "Older".into(),
        birth_date: date(2011, 5, 1),
        upn: None,
        nhs_number: None,
        uln: None,
        responsible_la_id: w.la,
        enrolment: Some((w.school, date(2022, 9, 1))),
    };
    app.store.create_child(tess, &meta()).await.unwrap()
}

/// The duty named `name` in a `/duties` answer.
pub fn duty(duties: &serde_json::Value, name: &str) -> serde_json::Value {
    let all = duties["duties"].as_array().expect("a list of duties");
    all.iter().find(|d| d["duty"] == name).cloned().unwrap_or_else(|| panic!("no {name}: {duties}"))
}

/// A request for `child` whose final plan was issued `ago` days before today, through the API.
pub async fn plan_in_force(app: &TestApp, token: &str, child: Uuid, ago: i64) -> String {
    use jiff::ToSpan;
    let received = sendcase_web::today() - (ago + 90).days();
    let on = |d: i64| (received + d.days()).to_string();
    let events = [
        ev("decided_to_assess", &on(30)),
        ev("draft_plan_issued", &on(60)),
        ev("draft_comments_received", &on(65)),
        ev("final_plan_issued", &on(90)),
    ];
    request(app, token, child, &received.to_string(), &events).await
}

/// Sets the contacts every decision notice of the council `la` must give.
pub async fn la_contacts(app: &TestApp, la: Uuid) {
    let contacts = sendcase_store::LaContactRow {
        send_team: "SEND team 01632 960000".into(),
        mediation_service: "Mediation Works 01632 960111".into(),
        information_advice_support: "SENDIASS 01632 960222".into(),
    };
    app.store.set_la_contacts(la, contacts, &meta()).await.unwrap();
}

/// The PDF's text as poppler extracts it, after checking it is tagged.
pub fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let file = std::env::temp_dir().join(format!("sendcase-web-{}.pdf", uuid::Uuid::now_v7()));
    std::fs::write(&file, bytes).unwrap();
    let run = |tool: &str, args: &[&str]| {
        let out = std::process::Command::new(tool).arg(&file).args(args).output();
        String::from_utf8(out.expect("poppler-utils must be installed").stdout).unwrap()
    };
    let info = run("pdfinfo", &[]);
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
    let text = run("pdftotext", &["-"]);
    std::fs::remove_file(file).unwrap();
    text
}
