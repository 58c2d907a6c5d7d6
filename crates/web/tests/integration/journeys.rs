//! The EHC journeys through the HTML forms: a caseworker takes a request from intake to final
//! plan, a professional gives advice, and a parent gives views and comments on the draft.

use crate::fixtures::{PASSWORD, la_contacts, meta, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;

on_both_backends!(
    a_request_goes_from_intake_to_final_plan,
    a_decision_not_to_assess_gives_a_reg_32_letter,
    one_new_child_recorded_twice_at_once_is_one_child,
    steps_taken_at_once_are_judged_one_after_the_other
);

fn redirected_to(res: &crate::app::Response) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.headers.get("location").unwrap().to_str().unwrap().to_owned()
}

fn date<'a>(name: &'a str, d: &'a str, m: &'a str, y: &'a str) -> [(String, &'a str); 3] {
    [(format!("{name}-day"), d), (format!("{name}-month"), m), (format!("{name}-year"), y)]
}

fn with<'a>(
    fields: &'a [(&'a str, &'a str)],
    dates: &'a [(String, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    fields.iter().copied().chain(dates.iter().map(|(k, v)| (k.as_str(), *v))).collect()
}

async fn a_request_goes_from_intake_to_final_plan(app: TestApp) {
    let w = world(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let received = date("received", "5", "1", "2026");

    // A "new" child who is already on the council's records is caught.
    let birth = date("birth", "4", "3", "2015");
    let dup: Vec<(String, &str)> = received.iter().chain(birth.iter()).cloned().collect();
    let res = app
        .submit(
            &caseworker,
            "/ehc-requests/new",
            &with(&[("source", "parent"), ("given_name", "ada"), ("family_name", "ASHBY")], &dup),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("Ada Ashby (born Wednesday 4 March 2015) already has a record"),
        "{}",
        res.body
    );

    let child = w.own_child.to_string();
    let res = app
        .submit(
            &caseworker,
            "/ehc-requests/new",
            &with(&[("source", "parent"), ("child", &child)], &received),
        )
        .await;
    let case = redirected_to(&res);
    let page = app.get(&case, &[("cookie", &caseworker)]).await;
    assert!(page.body.contains("Decide whether to assess"), "{}", page.body);
    let me =
        app.store.user_account_by_email("caseworker@example.org").await.unwrap().unwrap().user.id;
    let mine = app.get(&format!("/caseload?caseworker={me}"), &[("cookie", &caseworker)]).await;
    assert!(
        mine.body.contains(&format!("href=\"{case}\"")),
        "the one who records a request handles it: {}",
        mine.body
    );

    // A decision without reasons is refused, with the field named.
    let decided = date("date", "10", "2", "2026");
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/decision"),
            &with(&[("to_assess", "yes")], &decided),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("href=\"#reasons\""), "{}", res.body);
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/decision"),
            &with(&[("to_assess", "yes"), ("reasons", "Needs may require a plan.")], &decided),
        )
        .await;
    redirected_to(&res);

    let ep = app
        .store
        .user_account_by_email("ep@example.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id
        .to_string();
    let asked = date("date", "11", "2", "2026");
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/request-advice"),
            &with(&[("professional", &ep), ("kind", "educational-psychologist")], &asked),
        )
        .await;
    redirected_to(&res);

    // The educational psychologist answers from their inbox.
    let psychologist = app.sign_in("ep@example.org", PASSWORD).await;
    let inbox = app.get("/advice", &[("cookie", &psychologist)]).await;
    assert!(inbox.body.contains("Ada Ashby"), "{}", inbox.body);
    let start = inbox.body.find("href=\"/advice/").expect("an advice link") + "href=\"".len();
    let advice_path = inbox.body[start..].split('"').next().unwrap().to_owned();
    let res = app
        .submit(
            &psychologist,
            &advice_path,
            &[
                ("needs", "Phonological processing is weak."),
                ("provision", "Daily precision teaching."),
            ],
        )
        .await;
    assert_eq!(redirected_to(&res), "/advice");
    // What they wrote stays theirs to read, under its headings; it cannot be answered again.
    let mine = app.get(&advice_path, &[("cookie", &psychologist)]).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains("Your advice"), "{}", mine.body);
    assert!(mine.body.contains("The child or young person&#39;s needs"), "{}", mine.body);
    assert!(mine.body.contains("Phonological processing is weak."), "{}", mine.body);
    let again = app.submit(&psychologist, &advice_path, &[("needs", "Changed")]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "answered advice is closed");
    let inbox = app.get("/advice", &[("cookie", &psychologist)]).await;
    assert!(inbox.body.contains(&format!("href=\"{advice_path}\"")), "{}", inbox.body);

    // The caseworker drafts B and F; vague provision is flagged, not blocked.
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/plan/sections/B"),
            &[("r0-description", "Reading well below age"), ("r0-area", "cognition-and-learning")],
        )
        .await;
    redirected_to(&res);
    let line = [
        ("r0-meets", "b1"),
        ("r0-what", "Regular reading support"),
        ("r0-who", "Teaching assistant"),
        ("r0-frequency", ""),
        ("r0-duration", "A year"),
    ];
    let res = app.submit(&caseworker, &format!("{case}/plan/sections/F"), &line).await;
    redirected_to(&res);
    let plan = app.get(&format!("{case}/plan"), &[("cookie", &caseworker)]).await;
    assert!(plan.body.contains("2 content warnings"), "{}", plan.body);
    assert!(plan.body.contains("Section F line 1 says &#34;regular&#34;"), "{}", plan.body);
    assert!(plan.body.contains("version 2"), "{}", plan.body);
    let compare =
        app.get(&format!("{case}/plan/compare?from=1&to=2"), &[("cookie", &caseworker)]).await;
    assert!(
        compare.body.contains("Added:</strong> For B1: Regular reading support"),
        "{}",
        compare.body
    );

    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/issue-draft"),
            &with(&[], &date("date", "1", "5", "2026")),
        )
        .await;
    redirected_to(&res);

    // The parent gives views and comments on F, and asks for a school.
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let res = app
        .submit(
            &parent,
            &format!("{case}/steps/views"),
            &[("my_hopes-own", "I want to read comics"), ("my_hopes-parents", "Confidence")],
        )
        .await;
    redirected_to(&res);
    let res = app
        .submit(
            &parent,
            &format!("{case}/steps/comments"),
            &[("section-F", "Say how often"), ("setting", "Oakfield Primary")],
        )
        .await;
    redirected_to(&res);
    let section_a = app.get(&format!("{case}/plan/sections/A"), &[("cookie", &caseworker)]).await;
    assert!(
        section_a.body.contains("I want to read comics"),
        "the family's views fill an empty section A: {}",
        section_a.body
    );
    let draft = app.get(&format!("{case}/plan/print"), &[("cookie", &parent)]).await;
    assert!(draft.body.contains("Draft sent to the family"), "{}", draft.body);

    // Changing B after the draft, with no representation about B, needs a new draft.
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/plan/sections/B"),
            &[
                ("r0-description", "Reading and spelling well below age"),
                ("r0-area", "cognition-and-learning"),
            ],
        )
        .await;
    redirected_to(&res);
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/finalise"),
            &with(
                &[("institution", "Oakfield Primary"), ("institution_kind", "Mainstream primary")],
                &date("date", "20", "5", "2026"),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Section B changed since the draft"), "{}", res.body);
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/plan/sections/B"),
            &[("r0-description", "Reading well below age"), ("r0-area", "cognition-and-learning")],
        )
        .await;
    redirected_to(&res);
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/plan/sections/F"),
            &[
                ("r0-meets", "B1"),
                ("r0-what", "Precision teaching of phonics"),
                ("r0-who", "Teaching assistant"),
                ("r0-frequency", "Daily, 20 minutes"),
                ("r0-duration", "A year"),
            ],
        )
        .await;
    redirected_to(&res);

    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/consult"),
            &with(&[("institution", "Oakfield Primary")], &date("date", "2", "5", "2026")),
        )
        .await;
    redirected_to(&res);
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/consultation-response"),
            &with(
                &[
                    ("consultation", "oakfield-primary"),
                    ("named", "yes"),
                    ("response", "We can meet her needs."),
                ],
                &date("date", "12", "5", "2026"),
            ),
        )
        .await;
    redirected_to(&res);
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/finalise"),
            &with(
                &[("institution", "Oakfield Primary"), ("institution_kind", "Mainstream primary")],
                &date("date", "20", "5", "2026"),
            ),
        )
        .await;
    redirected_to(&res);

    let id = case.trim_start_matches("/ehc-requests/");
    let duties = app
        .get_api(
            &format!("/api/v1/ehc-requests/{id}/duties?as_of=2026-06-01"),
            &token(&app, "caseworker@example.org").await,
        )
        .await
        .json();
    let status = |name: &str, reference: Option<&str>| {
        duties["duties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["duty"] == name && d["ref"].as_str() == reference)
            .map(|d| d["status"].clone())
    };
    assert_eq!(status("issue_final_plan", None), Some("met".into()), "{duties}");
    // Advice and comments are dated the day they are given, after these past deadlines.
    assert_eq!(
        status("provide_advice", Some("educational-psychologist")),
        Some("met_late".into()),
        "{duties}"
    );
    assert_eq!(
        status("respond_to_consultation", Some("oakfield-primary")),
        Some("met".into()),
        "{duties}"
    );
    assert_eq!(status("comment_on_draft", None), Some("met_late".into()), "{duties}");
    let final_plan = app.get(&format!("{case}/plan/print"), &[("cookie", &parent)]).await;
    assert!(
        final_plan.body.contains("Final plan, issued")
            && final_plan.body.contains("Oakfield Primary (Mainstream primary)"),
        "{}",
        final_plan.body
    );

    // Another family's parent cannot reach this case's forms.
    let other = app.sign_in("other.parent@example.org", PASSWORD).await;
    assert_eq!(
        app.get(&format!("{case}/steps/views"), &[("cookie", &other)]).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_decision_not_to_assess_gives_a_reg_32_letter(app: TestApp) {
    let w = world(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let child = w.own_child.to_string();
    let res = app
        .submit(
            &caseworker,
            "/ehc-requests/new",
            &with(&[("source", "school"), ("child", &child)], &date("received", "5", "1", "2026")),
        )
        .await;
    let case = redirected_to(&res);
    let reasons = "Her needs are met well through SEN support.";
    let res = app
        .submit(
            &caseworker,
            &format!("{case}/steps/decision"),
            &with(&[("to_assess", "no"), ("reasons", reasons)], &date("date", "10", "2", "2026")),
        )
        .await;
    redirected_to(&res);

    let record = app.get(&format!("/children/{child}"), &[("cookie", &caseworker)]).await;
    assert!(
        record.body.contains(&format!("href=\"{case}\"")),
        "the child's record links its request: {}",
        record.body
    );

    let letter_path = format!("{case}/documents/decision-not-to-assess");
    let missing = app.get(&letter_path, &[("cookie", &caseworker)]).await;
    assert_eq!(
        missing.status,
        StatusCode::CONFLICT,
        "no letter without the contacts reg 32 requires"
    );
    la_contacts(&app, w.la).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let letter = app.get(&letter_path, &[("cookie", &parent)]).await;
    assert_eq!(letter.status, StatusCode::OK, "{}", letter.body);
    for needed in [
        reasons,
        "First-tier Tribunal",
        "Mediation Works 01632 960111",
        "SENDIASS 01632 960222",
        "SEND team 01632 960000",
        "Friday 10 April 2026",
    ] {
        assert!(letter.body.contains(needed), "letter lacks {needed}: {}", letter.body);
    }
}

/// Intake creates the child and the request in one transaction, judging "one child, one record"
/// inside it: the same new child entered twice at the same moment is one child with one request.
async fn one_new_child_recorded_twice_at_once_is_one_child(app: TestApp) {
    let w = world(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let dates: Vec<(String, &str)> = date("received", "5", "1", "2026")
        .into_iter()
        .chain(date("birth", "9", "9", "2016"))
        .collect();
    let form =
        with(&[("source", "parent"), ("given_name", "Cara"), ("family_name", "Dunn")], &dates);
    let (a, b) = tokio::join!(
        app.submit(&caseworker, "/ehc-requests/new", &form),
        app.submit(&caseworker, "/ehc-requests/new", &form)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]);
    let refused = if a.status == StatusCode::SEE_OTHER { &b } else { &a };
    assert!(
        refused.body.contains("Cara Dunn (born Friday 9 September 2016) already has a record"),
        "{}",
        refused.body
    );
    let scope = [sendcase_domain::policy::ChildScope::ResponsibleLa(w.la)];
    let today = jiff::Zoned::now().date();
    let caras: Vec<_> = app
        .store
        .children_in_scopes(&scope, today)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.child.full_name() == "Cara Dunn")
        .collect();
    assert_eq!(caras.len(), 1, "one child");
    assert_eq!(app.store.ehc_requests_of_child(caras[0].child.id).await.unwrap().len(), 1);
}

/// A step's rules are judged on the case as it stands under its lock: the same school consulted
/// twice at the same moment is one consultation, and of two saves of the plan made from the same
/// version, the second is told to look again instead of silently replacing the first.
async fn steps_taken_at_once_are_judged_one_after_the_other(app: TestApp) {
    use sendcase_domain::clock::{DatedEvent, EventName};
    use sendcase_domain::ehc::records::{CaseRecordKind, Consultation};
    let w = world(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    let on = |m, d| jiff::civil::date(2026, m, d);
    let new = sendcase_store::NewEhcRequest::received(
        w.own_child,
        on(1, 5),
        sendcase_domain::ehc::RequestSource::Parent,
        calendar,
    )
    .unwrap();
    let id = app.store.create_ehc_request(new, &meta()).await.unwrap();
    for (name, date) in
        [(EventName::DecidedToAssess, on(2, 10)), (EventName::DraftPlanIssued, on(4, 20))]
    {
        let step = sendcase_store::CaseStep::event(DatedEvent::plain(name, date));
        let today = sendcase_web::today();
        sendcase_usecases::ehc::record_as_system(&*app.store, calendar, id, today, step, meta())
            .await
            .unwrap();
    }
    let case = format!("/ehc-requests/{id}");

    let sent = date("date", "2", "5", "2026");
    let consult = with(&[("institution", "Oakfield Primary")], &sent);
    let path = format!("{case}/steps/consult");
    let (a, b) = tokio::join!(
        app.submit(&caseworker, &path, &consult),
        app.submit(&caseworker, &path, &consult)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]);
    let refused = if a.status == StatusCode::SEE_OTHER { &b } else { &a };
    assert!(
        refused.body.contains("Oakfield Primary has already been consulted"),
        "{}",
        refused.body
    );
    let records = app.store.case_records(id).await.unwrap();
    assert_eq!(records.iter().filter(|r| r.kind == Consultation::KIND).count(), 1);

    // Both editors opened the empty plan (version 0) before either saved.
    let path = format!("{case}/plan/sections/B?version=0");
    let need = |text| [("r0-description", text), ("r0-area", "cognition-and-learning")];
    let (first, second) = (need("Reading well below age"), need("Spelling well below age"));
    let (a, b) = tokio::join!(
        app.submit(&caseworker, &path, &first),
        app.submit(&caseworker, &path, &second)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let (kept, refused, mine) =
        if a.status == StatusCode::SEE_OTHER { (first, &b, second) } else { (second, &a, first) };
    for shown in [
        "Someone else saved section B while you were editing it",
        "Their version (version 1)",
        kept[0].1,
        mine[0].1,
        "Keep their version",
        "Keep your version",
        "/plan/sections/B?version=1",
    ] {
        assert!(refused.body.contains(shown), "{shown}: {}", refused.body);
    }
    assert_eq!(app.store.plan_versions(id).await.unwrap().len(), 1, "one version saved");
    // Keeping one's own version saves it over the one it was shown beside.
    let res = app.submit(&caseworker, &format!("{case}/plan/sections/B?version=1"), &mine).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let versions = app.store.plan_versions(id).await.unwrap();
    assert_eq!(versions.last().unwrap().plan.b[0].description, mine[0].1);

    // Two editors of version 2 saving different sections both keep their words.
    let b = [("r0-description", "Reading and spelling"), ("r0-area", "cognition-and-learning")];
    let c = [("r0-description", "Epilepsy, seizures monthly")];
    let (to_b, to_c) =
        (format!("{case}/plan/sections/B?version=2"), format!("{case}/plan/sections/C?version=2"));
    let (a, d) =
        tokio::join!(app.submit(&caseworker, &to_b, &b), app.submit(&caseworker, &to_c, &c));
    assert_eq!((a.status, d.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    let newest = app.store.plan_versions(id).await.unwrap().pop().unwrap();
    assert_eq!(newest.version, 4);
    assert_eq!(newest.plan.b[0].description, "Reading and spelling");
    assert_eq!(newest.plan.c[0].description, "Epilepsy, seizures monthly");
}
