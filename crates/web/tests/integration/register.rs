//! The SEN register's storage on both backends: an import adds, changes or leaves each pupil,
//! keeps the history, and the census register shows each pupil's latest entry.

use crate::fixtures::{meta, world};
use crate::{on_both_backends, TestApp};
use sendcase_domain::identifiers::synthetic_upn;
use sendcase_store::{ImportCounts, PupilImport};

on_both_backends!(imports_keep_history_and_the_census_reads_the_latest_entry);

fn pupil(serial: u32, provision: &'static str, need1: Option<&'static str>) -> PupilImport {
    PupilImport {
        upn: synthetic_upn("886".parse().unwrap(), serial),
        surname: format!("Pupil{serial}"),
        forename: "Sam".into(),
        birth_date: jiff::civil::date(2016, 9, 1),
        year_group: "5".into(),
        provision,
        need1,
        need2: None,
    }
}

async fn imports_keep_history_and_the_census_reads_the_latest_entry(app: TestApp) {
    let w = world(&app).await;
    let on = jiff::civil::date(2026, 1, 15);
    let first = [pupil(1, "K", Some("SPLD")), pupil(2, "N", None)];
    let counts = app.store.import_pupils(w.school, &first, on, &|_| {}, &meta()).await.unwrap();
    assert_eq!(counts, ImportCounts { added: 2, changed: 0, unchanged: 0 });
    let second = [pupil(1, "E", Some("SPLD")), pupil(2, "N", None)];
    let counts = app.store.import_pupils(w.school, &second, on, &|_| {}, &meta()).await.unwrap();
    assert_eq!(counts, ImportCounts { added: 0, changed: 1, unchanged: 1 });
    let register = app.store.census_register(Some(w.school)).await.unwrap();
    let provisions: Vec<(&str, &str)> = register.iter().map(|r| (r.surname.as_str(), r.provision.as_str())).collect();
    assert_eq!(provisions, vec![("Pupil1", "E"), ("Pupil2", "N")]);
    assert_eq!(register[0].need1.as_deref(), Some("SPLD"));
    assert_eq!(register[0].urn, "990101");
    assert!(app.store.census_register(Some(w.la)).await.unwrap().is_empty(), "an LA has no pupils on roll");
    assert_eq!(app.store.census_register(None).await.unwrap().len(), 2);
}
