//! The `sendcase` command as a user runs it: real process, stdin, stdout and exit status.

#[path = "cli/anonymise.rs"]
mod anonymise;
#[path = "cli/audit.rs"]
mod audit;
#[path = "cli/authenticator_key.rs"]
mod authenticator_key;
#[path = "cli/backup.rs"]
mod backup;
#[path = "cli/crash.rs"]
mod crash;
#[path = "cli/retention.rs"]
mod retention;
#[path = "cli/sen2.rs"]
mod sen2;
#[path = "cli/subject_access.rs"]
mod subject_access;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn sendcase(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sendcase"))
        .args(args)
        .env_remove("SENDCASE_BANK_HOLIDAYS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sendcase binary runs");
    // A command that refuses its arguments exits without reading its input: that is its answer.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written.unwrap(),
    }
    child.wait_with_output().unwrap()
}

const HISTORY: &str = r#"{"as_of": "2026-03-01", "events": [
    {"event": "request_received", "date": "2026-01-05"},
    {"event": "advice_requested", "date": "2026-01-20", "ref": "educational-psychologist"}]}"#;

#[test]
fn clock_prints_the_duties_the_domain_computes() {
    let out = sendcase(&["clock"], HISTORY);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let history = sendcase_domain::clock::read_history(HISTORY).unwrap();
    let expected = history
        .duties(
            jiff::civil::date(2000, 1, 1),
            sendcase_domain::clock::calendar::Calendar::england_and_wales(),
        )
        .unwrap();
    let mut indented = expected.to_json(sendcase_domain::clock::Layout::Indented);
    indented.push(b'\n');
    assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&indented));
    assert_eq!(printed["duties"][0]["due"], "2026-02-16");
}

#[test]
fn an_invalid_history_exits_2_naming_the_event_with_nothing_on_stdout() {
    for (input, message) in [
        (
            r#"{"events": [{"event": "request_received", "date": "2026-01-05"}, {"event": "advice_received", "date": "2026-01-20", "ref": "ep"}]}"#,
            "event 1: `advice_received`",
        ),
        (
            r#"{"events": [{"event": "request_received", "date": "2026-02-30"}]}"#,
            "event 0: `date`: 2026-02-30 is not a real date",
        ),
        (
            r#"{"events": [{"event": "plan_made", "date": "2026-02-03"}]}"#,
            "event 0: unknown event \"plan_made\"",
        ),
        ("not json", "not valid JSON"),
    ] {
        let out = sendcase(&["clock"], input);
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(out.stdout.is_empty(), "stdout must stay empty for {input}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{stderr:?} should mention {message:?}");
    }
}

#[test]
fn a_replacement_bank_holiday_table_is_used_and_a_bad_one_is_named_with_its_line() {
    let dir = std::env::temp_dir().join(format!("sendcase-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // With Friday 22 May 2026 also a holiday, the 20-week date (bank holiday Monday 25 May) targets Thursday 21 May.
    let table = dir.join("holidays.csv");
    std::fs::write(&table, "date,name\n2026-05-22,Extra day\n2026-05-25,Spring bank holiday\n")
        .unwrap();
    let out = sendcase(&["clock", "--bank-holidays", table.to_str().unwrap()], HISTORY);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let final_plan = printed["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["duty"] == "issue_final_plan")
        .unwrap();
    assert_eq!(final_plan["target"], "2026-05-21");

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "date,name\n2026-05-25,Spring\n2026-5-26,Typo\n").unwrap();
    let out = sendcase(&["clock", "--bank-holidays", bad.to_str().unwrap()], HISTORY);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.csv: line 3:"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bench_prints_histories_per_second() {
    let out = sendcase(&["bench", "clock", "--histories", "2000"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("histories per second"), "{stdout}");
}

#[test]
fn the_local_offer_bench_searches_both_ways_and_compares_with_the_health_check() {
    let args = ["bench", "local-offer", "--services", "300", "--clients", "2", "--requests", "40"];
    let out = sendcase(&args, "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for line in ["/healthz (baseline): 40 requests", "HTML /local-offer: 40", "ORUK /openreferral"]
    {
        assert!(stdout.contains(line), "{line}: {stdout}");
    }
    assert_eq!(stdout.matches("the baseline's").count(), 2, "{stdout}");
}

#[test]
fn local_offer_import_refuses_a_file_with_a_bad_record_and_export_writes_back_what_was_imported() {
    let dir = std::env::temp_dir().join(format!("sendcase-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("lo.db").display());
    assert!(sendcase(&["demo", "--db", &db], "").status.success());
    let count = || {
        let out = sendcase(&["local-offer", "export", "--db", &db], "");
        serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap().len()
    };
    let before = count();
    let good: Vec<String> = sendcase_domain::local_offer::synthetic::services(
        3,
        uuid::Uuid::nil(),
        jiff::civil::date(2026, 6, 1),
    )
    .into_iter()
    .map(|mut s| {
        s.id = uuid::Uuid::new_v4();
        serde_json::to_string(&sendcase_oruk::service(&s, sendcase_oruk::Detail::Full)).unwrap()
    })
    .collect();
    let file = dir.join("services.ndjson");
    std::fs::write(
        &file,
        format!(
            "{}\n{{\"name\": \"No id\", \"status\": \"active\"}}\n{}\n{}\n",
            good[0], good[1], good[2]
        ),
    )
    .unwrap();
    let import = |file: &std::path::Path, council: &str| {
        let file = file.to_str().unwrap();
        sendcase(&["local-offer", "import", "--db", &db, "--council", council, file], "")
    };
    // Every import follows one rule: a bad record refuses the whole file, naming it.
    let out = import(&file, "886");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing was imported; 1 bad record(s)"), "{stderr}");
    assert!(stderr.contains("record 1 (line 2): missing field `id`"), "{stderr}");
    assert_eq!(count(), before, "nothing stored");
    let fixed = format!("{}\n{}\n{}\n", good[0], good[1], good[2]);
    std::fs::write(&file, fixed).unwrap();
    let nowhere = import(&file, "999");
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("--council 999: no council"));
    for _ in 0..2 {
        let out = import(&file, "886");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            said.contains("imported 3 services into Kent County Council's Local Offer"),
            "{said}"
        );
    }
    assert_eq!(count(), before + 3, "importing twice replaces by id");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "[{\"id\": ").unwrap();
    let out = import(&broken, "886");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.json: line 1"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_small_scale_demo_loads_once_keeps_the_audit_chain_and_can_be_benchmarked() {
    let dir = std::env::temp_dir().join(format!("sendcase-cli-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("scale.db").display());
    let out = sendcase(&["demo", "--scale", "la", "--percent", "1", "--db", &db], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(": 1 council, 345 requests, 460 pupils on SEN support in"), "{said}");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("[########################################] 805/805 children")
    );
    // The empty database is brought up to date before the load, not its 345 summaries after.
    assert!(String::from_utf8_lossy(&out.stderr).contains(": 0 summaries, 0 changed"));
    let again = sendcase(&["demo", "--scale", "la", "--percent", "1", "--db", &db], "");
    assert!(String::from_utf8_lossy(&again.stdout).contains("already in"));
    let issued = issued_plans_with_content(&db);
    assert!(issued > 250, "every plan of the scale demo was drafted and issued: {issued}");
    let audit = sendcase(&["audit", "verify", "--db", &db], "");
    assert!(audit.status.success(), "{}", String::from_utf8_lossy(&audit.stderr));
    let rebuilt = sendcase(&["rebuild", "--db", &db], "");
    assert_eq!(
        String::from_utf8_lossy(&rebuilt.stdout).trim(),
        "rebuilt 345 summaries: 0 changed",
        "the loaded summaries are the clock's: {}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
    // The same council on PostgreSQL, timed turn about with SQLite in one run.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (pg, drop_pg) = pg_database(&runtime);
    let loaded = sendcase(&["demo", "--scale", "la", "--percent", "1", "--db", &pg], "");
    assert!(loaded.status.success(), "{}", String::from_utf8_lossy(&loaded.stderr));
    let args = ["bench", "caseload", "--db", &db, "--db", &pg, "--clients", "2", "--seconds", "1"];
    let bench = sendcase(&args, "");
    assert!(bench.status.success(), "{}", String::from_utf8_lossy(&bench.stderr));
    let stdout = String::from_utf8_lossy(&bench.stdout);
    for endpoint in ["caseload page", "caseload API", "plans page", "plans API"] {
        for on in ["A", "B"] {
            let timed = format!("{on} {endpoint:<14} GET ");
            assert!(stdout.contains(&timed), "{timed} in {stdout}");
        }
        let compared = stdout.lines().find(|l| l.starts_with(endpoint) && l.contains("B/A p95"));
        assert!(compared.is_some(), "{endpoint}'s ratio in {stdout}");
    }
    let three = sendcase(&["bench", "caseload", "--db", &db, "--db", &db, "--db", &pg], "");
    assert_eq!(three.status.code(), Some(2));
    drop_pg(&runtime);
    assert_eq!(
        sendcase(&["demo", "--scale", "la", "--percent", "0", "--db", &db], "").status.code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_census_return_is_valid_and_a_pupil_import_is_all_or_nothing_by_line() {
    use sendcase_domain::people::identifiers::{Upn, synthetic_upn};
    let dir = std::env::temp_dir().join(format!("sendcase-census-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("census.db").display());
    assert!(sendcase(&["demo", "--db", &db], "").status.success());
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "census-sen", "--db", &db, "--term", "SPR", "--year", "2026"];
        args.extend_from_slice(extra);
        sendcase(&args, "")
    };
    let out = export(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("URN,UPN,Surname,Forename,DOB,SENprovision,SENtype1,SENtype2"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().any(|r| r[5] == "K") && rows.iter().any(|r| r[5] == "E"), "{csv}");
    for r in &rows {
        assert!(r[1].parse::<Upn>().is_ok(), "UPN {}", r[1]);
        assert!(r[5] != "N" || (r[6].is_empty() && r[7].is_empty()), "{r:?}");
        assert!(r[6] != "NSA" || r[5] == "K", "{r:?}");
    }
    let urn = rows[0][0];
    let xml = String::from_utf8(export(&["--school", urn, "--format", "xml"]).stdout).unwrap();
    assert!(xml.contains("<SENprovision>") && xml.contains(&format!("<URN>{urn}</URN>")), "{xml}");

    let (a, b) =
        (synthetic_upn("886".parse().unwrap(), 7001), synthetic_upn("886".parse().unwrap(), 7002));
    let header = "UPN,Surname,Forename,DOB,YearGroup,SENprovision,SENtype1,SENtype2";
    let good = dir.join("pupils.csv");
    std::fs::write(
        &good,
        format!("{header}\n{a},Noor,Aisha,2017-03-01,4,K,SLCN,\n{b},Price,Leo,2016-11-20,5,N,,\n"),
    )
    .unwrap();
    let import = |file: &std::path::Path| {
        sendcase(&["import", "pupils", "--db", &db, "--school", urn, file.to_str().unwrap()], "")
    };
    let first = import(&good);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(
        String::from_utf8_lossy(&first.stdout)
            .contains("2 pupils (2 added, 0 changed, 0 unchanged)")
    );
    let again = import(&good);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("(0 added, 0 changed, 2 unchanged)"),
        "re-importing changes nothing"
    );
    let with_pupils = export(&[]).stdout;

    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{header}\n{a},Noor,Aisha,2017-03-01,4,E,SLCN,\n{b},Price,Leo,2016-02-30,5,N,MLD,\n"
        ),
    )
    .unwrap();
    let refused = import(&bad);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("bad.csv: line 3: DOB \"2016-02-30\"")
            && stderr.contains("bad.csv: line 3: a pupil with SENprovision N has no SEN types"),
        "{stderr}"
    );
    assert_eq!(
        export(&[]).stdout,
        with_pupils,
        "a refused import changes nothing, not even its good rows"
    );
    // A leavers file: all or nothing; a pupil not on roll there names its line.
    let today = sendcase_web::today();
    let leavers = dir.join("leavers.csv");
    let stranger = synthetic_upn("886".parse().unwrap(), 7999);
    // A demo pupil on roll since September (one imported today joined today, so cannot leave).
    let long_on_roll = rows[0][1];
    std::fs::write(&leavers, format!("UPN,DateLeft\n{long_on_roll},{today}\n{stranger},{today}\n"))
        .unwrap();
    let left = |file: &std::path::Path| {
        sendcase(&["import", "leavers", "--db", &db, "--school", urn, file.to_str().unwrap()], "")
    };
    let refused = left(&leavers);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(&format!("leavers.csv: line 3: UPN {stranger} is not on roll")),
        "{stderr}"
    );
    assert_eq!(export(&[]).stdout, with_pupils, "nothing was recorded");
    std::fs::write(&leavers, format!("UPN,DateLeft\n{long_on_roll},{today}\n")).unwrap();
    let recorded = left(&leavers);
    assert!(recorded.status.success(), "{}", String::from_utf8_lossy(&recorded.stderr));
    assert!(String::from_utf8_lossy(&recorded.stdout).contains("1 leavers"));

    // A pupil joins from a school outside sendcase with their common transfer file; their SEN
    // history comes with them and goes on with them in the next file.
    let joiner = synthetic_upn("886".parse().unwrap(), 7100);
    let ctf = dir.join("joiner.xml");
    std::fs::write(&ctf, format!(
        "<CTfile><Header><DocumentName>Common Transfer File</DocumentName><SourceSchool><URN>123456</URN>\
         <SchoolName>Riverside Academy</SchoolName></SourceSchool></Header><CTFpupilData><Pupil>\
         <UPN>{joiner}</UPN><Surname>Reyes</Surname><Forename>Nia</Forename><DOB>2017-02-11</DOB>\
         <SENhistory><SEN><StartDate>2024-09-05</StartDate><SENprovision>K</SENprovision></SEN>\
         <SENneeds><SENneed><SENtypeRank>1</SENtypeRank><SENtype>SPLD</SENtype></SENneed></SENneeds>\
         </SENhistory></Pupil></CTFpupilData></CTfile>"
    )).unwrap();
    let taken =
        sendcase(&["import", "ctf", "--db", &db, "--school", urn, ctf.to_str().unwrap()], "");
    assert!(taken.status.success(), "{}", String::from_utf8_lossy(&taken.stderr));
    let out =
        sendcase(&["export", "ctf", "--db", &db, "--school", urn, "--upn", joiner.as_ref()], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.contains("<StartDate>2024-09-05</StartDate><SENprovision>K</SENprovision>")
            && xml.contains("<SENtype>SPLD</SENtype>")
            && xml.contains(&format!("<UPN>{joiner}</UPN>")),
        "{xml}"
    );
    std::fs::write(&ctf, "<CTfile><Header><DocumentName>Common Transfer File</DocumentName><SourceSchool><URN>123456</URN></SourceSchool></Header><CTFpupilData><Pupil><UPN>bad</UPN><Surname>X</Surname><Forename>Y</Forename><DOB>2017-02-11</DOB></Pupil></CTFpupilData></CTfile>").unwrap();
    let refused =
        sendcase(&["import", "ctf", "--db", &db, "--school", urn, ctf.to_str().unwrap()], "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("joiner.xml: pupil 1: UPN \"bad\""));

    let bad_term =
        sendcase(&["export", "census-sen", "--db", &db, "--term", "XYZ", "--year", "2026"], "");
    assert_eq!(bad_term.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad_term.stderr).contains("--term XYZ: expected SPR, SUM or AUT")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A small file in GIAS's layout: some of its columns, in its order, with its own names.
const GIAS_FILE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gias-establishments.csv");

#[test]
fn establishments_from_gias_are_stored_once_by_urn_and_kept_up_to_date_on_both_backends() {
    on_both_backends("gias", establishments_are_imported);
}

/// Runs `check` on a fresh SQLite file and then on a fresh PostgreSQL database, each with a
/// scratch folder.
fn on_both_backends(name: &str, check: fn(&str, &std::path::Path)) {
    let dir = std::env::temp_dir().join(format!("sendcase-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    check(&format!("sqlite://{}", dir.join(format!("{name}.db")).display()), &dir);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (url, drop_it) = pg_database(&runtime);
    check(&url, &dir);
    drop_it(&runtime);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A fresh PostgreSQL database (from `SENDCASE_TEST_PG_URL`, an admin URL): its URL, and what
/// drops it.
fn pg_database(
    runtime: &tokio::runtime::Runtime,
) -> (String, impl FnOnce(&tokio::runtime::Runtime)) {
    let admin = std::env::var("SENDCASE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("sendcase_cli_{}", uuid::Uuid::now_v7().simple());
    let url = runtime
        .block_on(sendcase_store::PgStore::create_database(&admin, &name))
        .expect("PostgreSQL at SENDCASE_TEST_PG_URL must be reachable for the tests");
    let drop_it = move |runtime: &tokio::runtime::Runtime| {
        runtime.block_on(sendcase_store::PgStore::drop_database(&admin, &name)).unwrap()
    };
    (url, drop_it)
}

fn establishments_are_imported(db: &str, dir: &std::path::Path) {
    let import = |file: &str| sendcase(&["import", "establishments", "--db", db, file], "");
    let first = import(GIAS_FILE);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(
        String::from_utf8_lossy(&first.stdout).contains(
            "6 establishments (4 added, 0 updated, 0 unchanged; not added: 1 closed, 1 outside \
             England)"
        ),
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    let stored = organisations(db);
    let kent = stored.iter().find(|o| o.la_code.as_ref().is_some_and(|c| c.as_ref() == "886"));
    let kent = kent.expect("Kent is added by its LA code");
    assert_eq!(kent.name, "Kent");
    let councils: Vec<&str> =
        stored.iter().filter(|o| o.la_code.is_some()).map(|o| o.name.as_str()).collect();
    assert_eq!(councils, ["Kent", "Medway"], "none for the Welsh school, which is not added");
    let school = with_urn(&stored, "991001").expect("an open school is added");
    assert_eq!(school.name, "St Mary’s CofE Primary School");
    assert_eq!(school.kind, sendcase_domain::people::roles::OrganisationKind::School);
    assert_eq!(school.local_authority_id, Some(kent.id));
    assert_eq!(school.ukprn.as_ref().map(|u| u.to_string()).as_deref(), Some("10079001"));
    assert_eq!(
        (school.phase.as_deref(), school.school_type.as_deref()),
        (Some("Primary"), Some("Community school"))
    );
    let university = with_urn(&stored, "991006").unwrap();
    assert_eq!(university.name, "Canterbury College of Arts, Kent");
    assert_eq!(university.kind, sendcase_domain::people::roles::OrganisationKind::OtherProvider);
    assert!(with_urn(&stored, "991004").is_none() && with_urn(&stored, "991005").is_none());

    let again = import(GIAS_FILE);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("(0 added, 0 updated, 4 unchanged;"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(organisations(db), stored, "re-importing the same file changes nothing");

    // Next year's file: one school became an academy with a new UKPRN, and one closed.
    let text = std::fs::read_to_string(GIAS_FILE).unwrap();
    let later = text
        .replace(
            "St Mary’s CofE Primary School,1,Community school,4,Local authority maintained schools",
            "St Mary’s CofE Primary Academy,34,Academy converter,10,Academies",
        )
        .replace("10079001", "10079002")
        .replace(
            "Weald Special School,7,Community special school,5,Special schools,1,Open",
            "Weald Community Special School,7,Community special school,5,Special schools,2,Closed",
        );
    let later_file = dir.join("later.csv");
    std::fs::write(&later_file, &later).unwrap();
    let updated = import(later_file.to_str().unwrap());
    assert!(
        String::from_utf8_lossy(&updated.stdout)
            .contains("(0 added, 2 updated, 2 unchanged; not added: 1 closed, 1 outside England)"),
        "{}",
        String::from_utf8_lossy(&updated.stdout)
    );
    let now = organisations(db);
    assert_eq!(now.len(), stored.len(), "updated in place, never duplicated");
    let academy = with_urn(&now, "991001").unwrap();
    assert_eq!(
        (academy.name.as_str(), academy.school_type.as_deref(), academy.id),
        ("St Mary’s CofE Primary Academy", Some("Academy converter"), school.id)
    );
    assert_eq!(academy.ukprn.as_ref().map(|u| u.to_string()).as_deref(), Some("10079002"));
    let closed = with_urn(&now, "991002").expect("a closed school already stored is kept");
    assert_eq!(closed.name, "Weald Community Special School");

    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{}12345,886,Kent,2009,New School,1,Community school,4,Local authority maintained \
             schools,1,Open,,,2,Primary,20012345,Dover,CT16 1AA\n",
            later.replace("Medway Valley College", "Renamed College")
        ),
    )
    .unwrap();
    let refused = import(bad.to_str().unwrap());
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("nothing was imported; 2 bad record(s)")
            && stderr.contains("bad.csv: line 8: URN \"12345\": a URN is 6 digits")
            && stderr.contains("bad.csv: line 8: UKPRN \"20012345\": a UKPRN is 8 digits"),
        "{stderr}"
    );
    assert_eq!(organisations(db), now, "a refused file changes nothing, not even its good lines");

    // The imported school is one pupils can be imported into, in the council GIAS gave it.
    let pupils = dir.join("pupils.csv");
    let upn = sendcase_domain::people::identifiers::synthetic_upn("886".parse().unwrap(), 8001);
    std::fs::write(
        &pupils,
        format!(
            "UPN,Surname,Forename,DOB,YearGroup,SENprovision,SENtype1,SENtype2\n\
             {upn},Okafor,Tobi,2018-05-04,,K,SLCN,\n"
        ),
    )
    .unwrap();
    let args = ["import", "pupils", "--db", db, "--school", "991001", pupils.to_str().unwrap()];
    let on_roll = sendcase(&args, "");
    assert!(on_roll.status.success(), "{}", String::from_utf8_lossy(&on_roll.stderr));
    assert!(String::from_utf8_lossy(&on_roll.stdout).contains("1 pupils (1 added"));
    services_are_added(db, kent.id);
    let audit = sendcase(&["audit", "verify", "--db", db], "");
    assert!(audit.status.success(), "{}", String::from_utf8_lossy(&audit.stderr));
}

/// A health body serving Kent is added from the command line, and its designated clinical
/// officer and a professional working in it are given their roles in it by its name.
fn services_are_added(db: &str, kent: uuid::Uuid) {
    let add = |args: &[&str]| sendcase(&[&["organisation", "add", "--db", db], args].concat(), "");
    let icb = ["--kind", "health_body", "--name", "Kent ICB", "--area", "886"];
    let added = add(&icb);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    assert!(String::from_utf8_lossy(&added.stdout).contains("serving Kent"));
    for (args, says) in [
        (&icb[..], "a health body of that name exists"),
        (&["--kind", "school", "--name", "X", "--area", "886"][..], "only a health body"),
        (&["--kind", "health_body", "--name", "Y", "--area", "999"][..], "no local authority"),
    ] {
        let refused = add(args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&refused.stderr).contains(says), "{args:?}");
    }
    let body = organisations(db).into_iter().find(|o| o.name == "Kent ICB").unwrap();
    assert_eq!(body.kind, sendcase_domain::people::roles::OrganisationKind::HealthBody);
    assert_eq!(body.local_authority_id, Some(kent));
    let user = |email: &str, role: &str| {
        let args = ["user", "add", "--db", db, "--email", email, "--name", "A B", "--role", role];
        sendcase(&args, "a long password 1\n")
    };
    for (email, role) in [
        ("dco@k.test", "designated_clinical_officer:Kent ICB"),
        ("nurse@k.test", "professional:Kent ICB"),
    ] {
        let out = user(email, role);
        assert!(out.status.success(), "{role}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let nowhere = user("ot@k.test", "professional:Nowhere Trust");
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no health body"));
}

fn organisations(db: &str) -> Vec<sendcase_store::Organisation> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = sendcase_store::DatabaseUrl::parse(db).unwrap();
        sendcase_store::connect(&url).await.unwrap().organisations().await.unwrap()
    })
}

fn with_urn<'a>(
    organisations: &'a [sendcase_store::Organisation],
    urn: &str,
) -> Option<&'a sendcase_store::Organisation> {
    organisations.iter().find(|o| o.urn.as_ref().is_some_and(|u| u.as_ref() == urn))
}

#[test]
fn rebuild_recomputes_the_summaries_and_serve_rebuilds_when_the_bank_holidays_change() {
    let dir = std::env::temp_dir().join(format!("sendcase-cli-rebuild-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("rebuild.db").display());
    assert!(sendcase(&["demo", "--db", &db], "").status.success());
    let same = sendcase(&["rebuild", "--db", &db], "");
    assert!(same.status.success(), "{}", String::from_utf8_lossy(&same.stderr));
    let said = String::from_utf8_lossy(&same.stdout).into_owned();
    assert!(said.starts_with("rebuilt ") && said.trim_end().ends_with(": 0 changed"), "{said}");

    let holidays = dir.join("holidays.csv");
    std::fs::write(&holidays, "date,name\n2026-12-25,Christmas Day\n").unwrap();
    let other = holidays.to_str().unwrap();
    assert!(sendcase(&["rebuild", "--db", &db, "--bank-holidays", other], "").status.success());
    let again = sendcase(&["rebuild", "--db", &db, "--bank-holidays", other], "");
    assert!(String::from_utf8_lossy(&again.stdout).trim_end().ends_with(": 0 changed"));

    // Served with the built-in table again, the summaries are rebuilt before the first request.
    let mut server = Command::new(env!("CARGO_BIN_EXE_sendcase"))
        .args(["serve", "--db", &db, "--addr", "127.0.0.1:0"])
        .env_remove("SENDCASE_BANK_HOLIDAYS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(server.stdout.take().unwrap());
    let (mut line, mut mail) = (String::new(), String::new());
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    std::io::BufRead::read_line(&mut stdout, &mut mail).unwrap();
    server.kill().unwrap();
    let out = server.wait_with_output().unwrap();
    assert!(line.starts_with("sendcase is running at"), "{line}");
    // Without a mail server, serve says email is off; a mail server it cannot read is refused.
    assert!(mail.starts_with("email is off"), "{mail}");
    let bad_smtp = ["serve", "--db", &db, "--addr", "127.0.0.1:0", "--smtp-url", "ftp://mail"];
    let refused = sendcase(&bad_smtp, "");
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--smtp-url"), "{refused:?}");
    // A providers' file with a mistake stops serve, naming the file and the mistake.
    let oidc = dir.join("oidc.json");
    std::fs::write(&oidc, r#"{"providers": [{"id": "Kent Council"}]}"#).unwrap();
    let oidc = oidc.to_str().unwrap();
    let bad_oidc = ["serve", "--db", &db, "--addr", "127.0.0.1:0", "--oidc-config", oidc];
    let refused = sendcase(&bad_oidc, "");
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains(oidc) && said.contains("missing field"), "{said}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("because the bank-holiday table changed"), "{stderr}");
    assert!(sendcase(&["rebuild", "--db", &db], "").stdout.ends_with(b": 0 changed\n"));
    assert_eq!(sendcase(&["rebuild", "--db", "mysql://x"], "").status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What the demo says agrees with itself: every issued draft or final plan has content, and a
/// pupil with an EHC plan on a school's register has a final plan from the council.
#[test]
fn the_demo_tells_the_truth() {
    let dir = std::env::temp_dir().join(format!("sendcase-cli-truth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("truth.db").display());
    assert!(sendcase(&["demo", "--db", &db], "").status.success());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = sendcase_store::DatabaseUrl::parse(&db).unwrap();
        let store = sendcase_store::connect(&url).await.unwrap();
        let mut with_plans = 0;
        for school in store.organisations().await.unwrap() {
            let entries = store.register_entries(school.id, None).await.unwrap();
            let mut latest = std::collections::HashMap::new();
            for e in &entries {
                latest.insert(e.child_id, e);
            }
            // No two pupils' SEN support reads the same: each step's text belongs to one pupil.
            let mut written_for = std::collections::HashMap::new();
            for (child, step) in store.school_support_steps(school.id).await.unwrap() {
                let text = format!("{:?}", step.step);
                let first = *written_for.entry(text.clone()).or_insert(child);
                assert_eq!(first, child, "two pupils at {} share {text}", school.name);
            }
            for (child, entry) in latest.into_iter().filter(|(_, e)| e.provision == "E") {
                let mut finals = 0;
                for request in store.ehc_requests_of_child(child).await.unwrap() {
                    let versions = store.plan_versions(request.id).await.unwrap();
                    finals +=
                        versions.iter().filter(|v| v.issued.as_deref() == Some("final")).count();
                }
                assert_eq!(finals, 1, "{} is E on the register of {}", entry.name, school.name);
                with_plans += 1;
            }
        }
        assert!(with_plans >= 2, "{with_plans} pupils with plans");
    });
    assert!(issued_plans_with_content(&db) >= 4);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// How many draft and final plans the database at `db` has issued; each must have content, and
/// a final must name in section I a setting consulted on its case.
fn issued_plans_with_content(db: &str) -> usize {
    use sendcase_domain::ehc::plan::content_check;
    use sendcase_domain::ehc::records::{CaseRecordKind, Consultation};
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = sendcase_store::DatabaseUrl::parse(db).unwrap();
        let store = sendcase_store::connect(&url).await.unwrap();
        let mut issued = 0;
        for case in every_case(store.as_ref()).await {
            let records = store.case_records(case.request.id).await.unwrap();
            let consulted: Vec<String> = records
                .iter()
                .filter(|r| r.kind == Consultation::KIND)
                .map(|r| r.body["institution"].as_str().unwrap().to_owned())
                .collect();
            for v in store.plan_versions(case.request.id).await.unwrap() {
                if v.issued.is_none() {
                    continue;
                }
                assert_eq!(content_check(&v.plan), Ok(()), "request {}", case.request.id);
                if v.issued.as_deref() == Some("final") {
                    let named = &v.plan.i.as_ref().expect("a final names a setting").institution;
                    assert!(consulted.contains(named), "{named} not consulted: {consulted:?}");
                }
                issued += 1;
            }
        }
        issued
    })
}

#[test]
fn every_kind_of_document_in_the_demo_is_written_as_a_pdf_on_both_backends() {
    on_both_backends("documents", demo_documents);
}

/// Loads the demo into `db`, then writes the first document of each kind it has with
/// `sendcase document`, and reads each back with poppler's `pdftotext`.
fn demo_documents(db: &str, dir: &std::path::Path) {
    use sendcase_domain::documents::DocumentKind;
    use sendcase_usecases::documents::{StoredCase, available};
    assert!(sendcase(&["demo", "--db", db], "").status.success());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let firsts: Vec<(DocumentKind, String, String)> = runtime.block_on(async {
        let store = sendcase_store::connect(&sendcase_store::DatabaseUrl::parse(db).unwrap())
            .await
            .unwrap();
        let mut firsts = vec![];
        for case in every_case(store.as_ref()).await {
            let id = case.request.id;
            let stored = StoredCase::read(store.as_ref(), id, jiff::civil::date(2026, 12, 1)).await;
            let stored = stored.unwrap().expect("the case and its child");
            let file = stored.file();
            for kind in available(&file) {
                if !firsts.iter().any(|(k, _, _)| *k == kind) {
                    firsts.push((kind, id.to_string(), stored.child.full_name()));
                }
            }
        }
        firsts
    });
    let kinds: Vec<&str> = firsts.iter().map(|(k, _, _)| k.slug()).collect();
    for needed in [
        "decision-to-assess",
        "decision-not-to-assess",
        "draft-plan",
        "final-plan",
        "final-plan-notice",
        "review-decision",
        "decision-to-cease",
    ] {
        assert!(kinds.contains(&needed), "the demo has a {needed}: {kinds:?}");
    }
    for (kind, request, child) in &firsts {
        let out = sendcase(&["document", "--db", db, "--request", request, kind.slug()], "");
        assert!(out.status.success(), "{}: {}", kind.slug(), String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.starts_with(b"%PDF-"), "{} is a PDF", kind.slug());
        let file = dir.join(format!("{}.pdf", kind.slug()));
        std::fs::write(&file, &out.stdout).unwrap();
        let text = Command::new("pdftotext").arg(&file).arg("-").output().expect("poppler-utils");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains(child.as_str()), "{} names {child}: {text}", kind.slug());
        assert!(text.contains("The law"), "{}: {text}", kind.slug());
    }
    let (_, request, _) = &firsts[0];
    let unknown = sendcase(&["document", "--db", db, "--request", request, "final-letter"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("final-plan"), "lists the kinds");
    let absent = firsts.iter().find(|(k, _, _)| *k == DocumentKind::DecisionNotToAssess).unwrap();
    let none = sendcase(&["document", "--db", db, "--request", &absent.1, "final-plan"], "");
    assert_eq!(none.status.code(), Some(2), "{}", String::from_utf8_lossy(&none.stderr));
    assert!(
        String::from_utf8_lossy(&none.stderr)
            .contains("has no final-plan (it has: decision-not-to-assess")
    );
    assert!(none.stdout.is_empty(), "nothing on stdout");
}

#[test]
fn the_clock_command_agrees_with_the_pages_for_every_disagreement_in_the_demo() {
    use sendcase_domain::clock::calendar::Calendar;
    use sendcase_domain::clock::{CaseHistory, DatedEvent};
    use sendcase_domain::ehc::disagreements::concerns_disagreement;
    let dir = std::env::temp_dir().join(format!("sendcase-disputes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("disputes.db").display());
    assert!(sendcase(&["demo", "--db", &db], "").status.success());
    let as_of = jiff::civil::date(2026, 12, 1);
    let histories: Vec<Vec<DatedEvent>> = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = sendcase_store::connect(&sendcase_store::DatabaseUrl::parse(&db).unwrap())
            .await
            .unwrap();
        every_case(store.as_ref()).await.iter().map(|c| c.history()).collect()
    });
    let mut disputed = 0;
    for events in histories {
        // What the pages and the API show: the clock's duties for the stored history.
        let shown = CaseHistory { as_of: Some(as_of), events: events.clone() }
            .duties(as_of, Calendar::england_and_wales())
            .unwrap();
        if !shown.duties.iter().any(|d| concerns_disagreement(d.duty)) {
            continue;
        }
        disputed += 1;
        let json: Vec<serde_json::Value> = events.iter().map(DatedEvent::to_json).collect();
        let input = serde_json::json!({"as_of": as_of, "events": json}).to_string();
        let out = sendcase(&["clock"], &input);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let shown: serde_json::Value =
            serde_json::from_slice(&shown.to_json(sendcase_domain::clock::Layout::Compact))
                .unwrap();
        assert_eq!(printed, shown, "for {input}");
    }
    assert!(disputed >= 4, "mediation, an appeal, an order and a concession: {disputed}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every request of every council in the database.
async fn every_case(store: &dyn sendcase_store::Store) -> Vec<sendcase_store::EhcCase> {
    let councils = store.organisations().await.unwrap();
    let scopes: Vec<sendcase_domain::policy::ChildScope> = councils
        .iter()
        .filter(|o| o.la_code.is_some())
        .map(|la| sendcase_domain::policy::ChildScope::ResponsibleLa(la.id))
        .collect();
    store.ehc_cases_in_scopes(&scopes).await.unwrap()
}

#[test]
fn serve_takes_the_session_limits_and_refuses_ones_that_make_no_sense() {
    let help = sendcase(&["serve", "--help"], "");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--session-idle-minutes"), "{help}");
    assert!(help.contains("--session-hours"), "{help}");
    let zero = sendcase(&["serve", "--session-idle-minutes", "0"], "");
    assert_eq!(zero.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&zero.stderr).contains("--session-idle-minutes"));
}

#[test]
fn the_demo_says_how_its_council_accounts_give_their_second_step() {
    let dir = std::env::temp_dir().join(format!("sendcase-cli-two-step-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("demo.db").display());
    let out = sendcase(&["demo", "--db", &db], "");
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("authenticator key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), "{said}");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = sendcase_store::DatabaseUrl::parse(&db).unwrap();
        let store = sendcase_store::connect(&url).await.unwrap();
        for (email, has_key) in [
            ("la.caseworker@example.org", true),
            ("dco@example.org", true),
            ("parent@example.org", false),
        ] {
            let user = store.user_account_by_email(email).await.unwrap().unwrap();
            let key = store.authenticator_secret(user.user.id).await.unwrap();
            assert_eq!(key.is_some(), has_key, "{email}");
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
}
