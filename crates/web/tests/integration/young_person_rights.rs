//! From the end of compulsory school age the young person decides whether each parent takes
//! part (Code 8.13–8.15): a parent they have not agreed to cannot open the record but is told
//! why, the council records decisions given to it and those under the Mental Capacity Act, and
//! before the rights pass nothing of this can be recorded.

use crate::fixtures::{PASSWORD, date_fields, ev, meta, named_user, request, token, user, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;
use jiff::civil::date;
use sendcase_domain::people::roles::Role;
use sendcase_store::{FamilyRelationship, NewChild};
use uuid::Uuid;

on_both_backends!(
    a_young_person_decides_which_parent_takes_part,
    the_council_records_decisions_given_to_it_and_under_the_mental_capacity_act,
    a_young_person_is_told_of_their_own_draft_plan
);

/// Yara, 17, with her own account and her parent Kim; and Kim's account.
async fn yara(app: &TestApp, la: Uuid, school: Uuid) -> (Uuid, Uuid) {
    let new = NewChild {
        given_name: "Yara".into(),
        family_name: "Hale".into(),
        birth_date: date(2009, 6, 15),
        upn: None,
        nhs_number: None,
        uln: None,
        responsible_la_id: la,
        enrolment: Some((school, date(2020, 9, 1))),
    };
    let child = app.store.create_child(new, &meta()).await.unwrap();
    let own = user(app, "yara@example.org", Role::YoungPerson, None).await;
    let kim = named_user(app, "kim@example.org", "Kim Hale", Role::Parent, None).await;
    for (account, link) in
        [(own, FamilyRelationship::OwnAccount), (kim, FamilyRelationship::ParentOrCarer)]
    {
        app.store.link_family(child, account, link, &meta()).await.unwrap();
    }
    (child, kim)
}

async fn a_young_person_decides_which_parent_takes_part(app: TestApp) {
    let w = world(&app).await;
    let (yara, kim) = yara(&app, w.la, w.school).await;
    let record = format!("/children/{yara}");
    let who = format!("{record}/who-can-see");
    let parent = app.sign_in("kim@example.org", PASSWORD).await;
    let young_person = app.sign_in("yara@example.org", PASSWORD).await;

    // Nobody has asked Yara yet: Kim cannot open the record, and is told why.
    assert_eq!(app.get(&record, &[("cookie", &parent)]).await.status, StatusCode::FORBIDDEN);
    let list = app.get("/children", &[("cookie", &parent)]).await;
    assert!(
        list.body.contains(&who) && list.body.contains("Records you cannot open"),
        "{}",
        list.body
    );
    let told = app.get(&who, &[("cookie", &parent)]).await;
    assert_eq!(told.status, StatusCode::OK);
    assert!(told.body.contains("Yara has not said that you can see their record"), "{}", told.body);
    assert!(!told.body.contains("Oakfield Primary"), "not who else works with it: {}", told.body);

    let page = app.get(&record, &[("cookie", &young_person)]).await;
    assert!(page.body.contains(&who), "the record links who can see it: {}", page.body);
    let mine = app.get(&who, &[("cookie", &young_person)]).await;
    assert!(mine.body.contains("Who can see your record"), "{}", mine.body);
    assert!(mine.body.contains("Let Kim Hale see your record and help you"), "{}", mine.body);
    assert!(mine.body.contains("Oakfield Primary"), "{}", mine.body);

    let kim_id = kim.to_string();
    let agree = app.submit(&young_person, &who, &[("parent", &kim_id), ("agreed", "yes")]).await;
    assert_eq!(agree.status, StatusCode::SEE_OTHER, "{}", agree.body);
    assert_eq!(app.get(&record, &[("cookie", &parent)]).await.status, StatusCode::OK);
    let mine = app.get(&who, &[("cookie", &young_person)]).await;
    assert!(mine.body.contains("Stop Kim Hale seeing your record"), "{}", mine.body);

    let stop = app.submit(&young_person, &who, &[("parent", &kim_id), ("agreed", "no")]).await;
    assert_eq!(stop.status, StatusCode::SEE_OTHER, "{}", stop.body);
    assert_eq!(app.get(&record, &[("cookie", &parent)]).await.status, StatusCode::FORBIDDEN);
    let told = app.get(&who, &[("cookie", &parent)]).await;
    assert!(
        told.body.contains("Yara has decided that you cannot see their record"),
        "{}",
        told.body
    );

    // Only her own parents, and never someone else's.
    let ada_parent = app.store.user_account_by_email("parent@example.org").await.unwrap();
    let stranger = ada_parent.unwrap().user.id.to_string();
    let refused =
        app.submit(&young_person, &who, &[("parent", &stranger), ("agreed", "yes")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("Choose a parent or carer linked"), "{}", refused.body);
    let nonsense =
        app.submit(&young_person, &who, &[("parent", &kim_id), ("agreed", "maybe")]).await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", nonsense.body);

    // Another family's parent learns nothing.
    let other = app.sign_in("parent@example.org", PASSWORD).await;
    assert_eq!(app.get(&who, &[("cookie", &other)]).await.status, StatusCode::NOT_FOUND);
}

async fn the_council_records_decisions_given_to_it_and_under_the_mental_capacity_act(app: TestApp) {
    let w = world(&app).await;
    let (yara, kim) = yara(&app, w.la, w.school).await;
    let record = format!("/children/{yara}");
    let form = format!("{record}/who-can-see/record");
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let parent = app.sign_in("kim@example.org", PASSWORD).await;
    let today = sendcase_web::today();
    let fields = |decision: &str, on: jiff::civil::Date| {
        let mut f = vec![("decision".to_owned(), decision.to_owned())];
        f.extend(date_fields("decided_on", on));
        f
    };
    let send = |fields: Vec<(String, String)>| {
        let (app, cookie, form) = (&app, &caseworker, &form);
        async move { crate::fixtures::send_form(app, cookie, form, fields).await }
    };

    let who = app.get(&format!("{record}/who-can-see"), &[("cookie", &caseworker)]).await;
    assert!(who.body.contains(&form), "the council may record: {}", who.body);
    let future = send(fields(&format!("agreed:{kim}"), today + 1.day())).await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.body.contains("cannot be in the future"), "{}", future.body);
    let nothing = send(date_fields("decided_on", today)).await;
    assert!(nothing.body.contains("Choose what was decided"), "{}", nothing.body);

    let given = send(fields(&format!("agreed:{kim}"), today)).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    assert_eq!(app.get(&record, &[("cookie", &parent)]).await.status, StatusCode::OK);
    let withdrawn = send(fields(&format!("withdrawn:{kim}"), today)).await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER, "{}", withdrawn.body);
    assert_eq!(app.get(&record, &[("cookie", &parent)]).await.status, StatusCode::FORBIDDEN);

    // A decision under the Mental Capacity Act: every parent acts for her, and she is told.
    let lacks = send(fields("lacks_capacity", today - 3.days())).await;
    assert_eq!(lacks.status, StatusCode::SEE_OTHER, "{}", lacks.body);
    assert_eq!(app.get(&record, &[("cookie", &parent)]).await.status, StatusCode::OK);
    let young_person = app.sign_in("yara@example.org", PASSWORD).await;
    let hers = app.get(&format!("{record}/who-can-see"), &[("cookie", &young_person)]).await;
    assert!(hers.body.contains("Mental Capacity Act"), "{}", hers.body);
    assert!(!hers.body.contains("Stop Kim Hale"), "the decision is not hers now: {}", hers.body);

    // The school does not record these; before the rights pass nobody does.
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let csrf = crate::app::hidden_csrf(&app.get("/", &[("cookie", &senco)]).await.body);
    let mut by_school = vec![("csrf_token", csrf.as_str()), ("decision", "has_capacity")];
    let on = date_fields("decided_on", today);
    by_school.extend(on.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(app.post_form(&form, &senco, &by_school).await.status, StatusCode::FORBIDDEN);
    let ada = format!("/children/{}/who-can-see/record", w.own_child);
    let early =
        crate::fixtures::send_form(&app, &caseworker, &ada, fields("has_capacity", today)).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("only from the end of compulsory school age"), "{}", early.body);
    let ada_parent = app.sign_in("parent@example.org", PASSWORD).await;
    let ada_who = app
        .get(&format!("/children/{}/who-can-see", w.own_child), &[("cookie", &ada_parent)])
        .await;
    assert!(ada_who.body.contains("You make decisions about Ada"), "{}", ada_who.body);
}

async fn a_young_person_is_told_of_their_own_draft_plan(app: TestApp) {
    let w = world(&app).await;
    let (yara, _kim) = yara(&app, w.la, w.school).await;
    let cw = token(&app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let steps = [
        ev("decided_to_assess", &(today - 20.days()).to_string()),
        ev("draft_plan_issued", &today.to_string()),
    ];
    request(&app, &cw, yara, &(today - 40.days()).to_string(), &steps).await;
    let own = app.store.user_account_by_email("yara@example.org").await.unwrap().unwrap();
    let told: Vec<String> =
        app.store.inbox(own.user.id, 10).await.unwrap().into_iter().map(|m| m.body).collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].starts_with("The council has sent you your draft plan."), "{told:?}");
}
