//! Advice read and used (Code 9.45–9.52): the council reads each piece of advice on the
//! request's page, the family reads it once it is given, and advice that came by post or email is
//! recorded by the council with the day it arrived.

use crate::family_invitations::invitation_path;
use crate::fixtures::{PASSWORD, date_fields, duty, ev, request, send_form, token, world};
use crate::outbox::{at, mailer, received, smtp_url};
use crate::password_reset::anonymously;
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::{Timestamp, ToSpan};
use sendcase_mail::deliver_due;

on_both_backends!(advice_given_or_posted_is_read_by_the_council_and_the_family);
on_both_backends!(a_school_gives_its_educational_advice_from_its_tasks);
on_both_backends!(someone_without_an_account_is_invited_to_give_advice);
on_both_backends!(advice_carries_documents_that_only_its_readers_download);

/// A request for the world's child that the council decided 20 days ago to assess: the
/// caseworker's API token, today, the request's id and its page.
async fn assessing(app: &TestApp) -> (String, jiff::civil::Date, String, String) {
    let w = world(app).await;
    let cw = token(app, "caseworker@example.org").await;
    let today = sendcase_web::today();
    let assess = [ev("decided_to_assess", &(today - 20.days()).to_string())];
    let id = request(app, &cw, w.own_child, &(today - 30.days()).to_string(), &assess).await;
    let case = format!("/ehc-requests/{id}");
    (cw, today, id, case)
}

/// Asks the world's professional, as the caseworker signed in with `cookie`, for health advice
/// on the case at `case`, sent `on`; the professional's id.
pub async fn ask_the_ep_for_health_advice(
    app: &TestApp,
    cookie: &str,
    case: &str,
    on: jiff::civil::Date,
) -> uuid::Uuid {
    let ep = app.store.user_account_by_email("ep@example.org").await.unwrap().unwrap().user.id;
    let mut asked =
        vec![("professional".to_owned(), ep.to_string()), ("kind".to_owned(), "health".to_owned())];
    asked.extend(date_fields("date", on));
    let asked = send_form(app, cookie, &format!("{case}/steps/request-advice"), asked).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    ep
}

async fn advice_given_or_posted_is_read_by_the_council_and_the_family(app: TestApp) {
    let (cw, today, id, case) = assessing(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    ask_the_ep_for_health_advice(&app, &caseworker, &case, today - 10.days()).await;

    let waiting = app.get(&case, &[("cookie", &parent)]).await;
    assert!(waiting.body.contains("not received yet"), "{}", waiting.body);
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    let school = app.get(&case, &[("cookie", &senco)]).await;
    assert!(!school.body.contains("id=\"advice\""), "the school does not read health advice");

    // The advice came by post: the council records it, with the day it arrived.
    let form = app.get(&format!("{case}/steps/record-advice"), &[("cookie", &caseworker)]).await;
    let request_id = form.body.split("<option value=\"").nth(2).unwrap().split('"').next().unwrap();
    let mut posted = vec![("advice_request".to_owned(), request_id.to_owned())];
    posted.extend(date_fields("date", today - 1.days()));
    let blank =
        send_form(&app, &caseworker, &format!("{case}/steps/record-advice"), posted.clone()).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("Enter the advice"), "{}", blank.body);
    posted.push((
        "advice".to_owned(),
        "Ada's asthma is well controlled.\nNo health provision.".to_owned(),
    ));
    let recorded =
        send_form(&app, &caseworker, &format!("{case}/steps/record-advice"), posted).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);

    for cookie in [&caseworker, &parent] {
        let page = app.get(&case, &[("cookie", cookie)]).await;
        assert!(page.body.contains("asthma is well controlled."), "{}", page.body);
        assert!(page.body.contains(&format!(
            "Received {}",
            sendcase_domain::clock::long_date(today - 1.days())
        )));
    }
    // The plan carries the advice received, appended to section K.
    let plan = crate::fixtures::post_event(
        &app,
        &cw,
        &id,
        &serde_json::json!({"event": "draft_plan_issued", "date": today.to_string()}),
    )
    .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    let print = app.get(&format!("{case}/plan/print"), &[("cookie", &parent)]).await;
    assert!(print.body.contains("appended to section K"), "{}", print.body);
    assert!(print.body.contains("asthma is well controlled."), "{}", print.body);
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    let provide = duty(&duties, "provide_advice");
    assert_eq!(provide["status"], "met");
    assert_eq!(provide["met_on"], (today - 1.days()).to_string());
}

/// The council asks the school for its educational advice through its SENCO (reg 6(1)(b)): the
/// request is on the school's tasks, its SENCO gives it there, and no one else at the school can.
async fn a_school_gives_its_educational_advice_from_its_tasks(app: TestApp) {
    let (cw, today, id, case) = assessing(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let senco = app.store.user_account_by_email("senco@example.org").await.unwrap().unwrap();
    let form = app.get(&format!("{case}/steps/request-advice"), &[("cookie", &caseworker)]).await;
    assert!(form.body.contains("SENCO at Oakfield Primary"), "{}", form.body);
    let staff = app.store.user_account_by_email("staff@example.org").await.unwrap().unwrap();
    let ask = |who: uuid::Uuid| {
        let mut fields = vec![
            ("professional".to_owned(), who.to_string()),
            ("kind".to_owned(), "educational".to_owned()),
        ];
        fields.extend(date_fields("date", today - 10.days()));
        fields
    };
    // Only professionals and SENCOs are asked through their accounts.
    let path = format!("{case}/steps/request-advice");
    let refused = send_form(&app, &caseworker, &path, ask(staff.user.id)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let asked = send_form(&app, &caseworker, &path, ask(senco.user.id)).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);

    let school = app.sign_in("senco@example.org", PASSWORD).await;
    let tasks = app.get("/school-tasks", &[("cookie", &school)]).await;
    let advice = tasks.body.split("href=\"/advice/").nth(1).expect("the advice on the tasks");
    let advice = format!("/advice/{}", advice.split('"').next().unwrap());
    let staff_cookie = app.sign_in("staff@example.org", PASSWORD).await;
    assert_eq!(app.get(&advice, &[("cookie", &staff_cookie)]).await.status, StatusCode::NOT_FOUND);
    let given =
        app.submit(&school, &advice, &[("needs", "Ada reads two years below her age.")]).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let page = app.get(&case, &[("cookie", &caseworker)]).await;
    assert!(page.body.contains("Ada reads two years below her age."), "{}", page.body);
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    assert_eq!(duty(&duties, "provide_advice")["status"], "met", "{duties}");
    let tasks = app.get("/school-tasks", &[("cookie", &school)]).await;
    assert!(!tasks.body.contains(&advice), "{}", tasks.body);
}

/// Advice asked of someone without an account: the council invites them by email, its link sets
/// their password, they read the record and give their advice, and the record closes to them.
async fn someone_without_an_account_is_invited_to_give_advice(app: TestApp) {
    let (_, today, _, case) = assessing(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let path = format!("{case}/steps/request-advice");
    let ask = |name: &str, email: &str| {
        let mut fields = vec![
            ("name".to_owned(), name.to_owned()),
            ("email".to_owned(), email.to_owned()),
            ("kind".to_owned(), "health".to_owned()),
        ];
        fields.extend(date_fields("date", today - 2.days()));
        fields
    };
    let taken = send_form(&app, &caseworker, &path, ask("Dr Priya Shah", "EP@example.org")).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("There is already an account"), "{}", taken.body);
    let wrong = send_form(&app, &caseworker, &path, ask("Dr Priya Shah", "priya at nhs")).await;
    assert!(wrong.body.contains("Enter an email address in the right format"), "{}", wrong.body);
    let nameless = send_form(&app, &caseworker, &path, ask(" ", "priya@nhs.test")).await;
    assert!(nameless.body.contains("Enter their full name"), "{}", nameless.body);

    let address = format!("{}@nhs.test", uuid::Uuid::now_v7().simple());
    let asked = send_form(&app, &caseworker, &path, ask("Dr Priya Shah", &address)).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let mailer = mailer(&smtp_url());
    deliver_due(app.store.as_ref(), &mailer, "w", &at(Timestamp::now())).await.unwrap();
    let emails = received(&address).await;
    let invitation = emails
        .iter()
        .find(|e| e["subject"] == "You are invited to sendcase")
        .expect("the invitation");
    let text = invitation["text"].as_str().unwrap();
    assert!(text.contains("Kent County Council has asked for your advice about Ada."), "{text}");
    let link = &invitation_path(text);
    let password = "a password for the clinic";
    let set = anonymously(&app, link, &[("password", password), ("confirm", password)]).await;
    assert!(set.body.contains("Your password is set"), "{}", set.body);

    let doctor = app.sign_in(&address, password).await;
    assert_eq!(app.get(&case, &[("cookie", &doctor)]).await.status, StatusCode::OK);
    let inbox = app.get("/advice", &[("cookie", &doctor)]).await;
    let form = inbox.body.split("href=\"/advice/").nth(1).expect("the request in the inbox");
    let form = format!("/advice/{}", form.split('"').next().unwrap());
    let given =
        app.submit(&doctor, &form, &[("needs", "Ada's asthma needs an inhaler in class.")]).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    assert_eq!(app.get(&case, &[("cookie", &doctor)]).await.status, StatusCode::NOT_FOUND);
    let page = app.get(&case, &[("cookie", &caseworker)]).await;
    assert!(page.body.contains("an inhaler in class."), "{}", page.body);
}

/// A professional attaches a report to their advice: the file is taken for what its bytes are,
/// and downloaded, audited, by those who read the advice and by nobody else.
async fn advice_carries_documents_that_only_its_readers_download(app: TestApp) {
    let (_, today, _, case) = assessing(&app).await;
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let ep = ask_the_ep_for_health_advice(&app, &caseworker, &case, today - 10.days()).await;
    let advice_id = app.store.advice_requests_to(ep).await.unwrap()[0].id;
    let form = format!("/advice/{advice_id}");
    let author = app.sign_in("ep@example.org", PASSWORD).await;
    let needs = [("needs", "Ada has asthma.")];

    // A picture named as a PDF, and too many files, are refused with nothing written.
    let jpeg: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
    let disguised = app.submit_with_files(&author, &form, &needs, &[("report.pdf", jpeg)]).await;
    assert_eq!(disguised.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", disguised.body);
    assert!(disguised.body.contains("is a JPEG image but its name does not end .jpg"));
    let pdf: &[u8] = b"%PDF-1.4 the paediatrician's report";
    let six = [("a.pdf", pdf); 6];
    let too_many = app.submit_with_files(&author, &form, &needs, &six).await;
    assert!(too_many.body.contains("Attach 5 files or fewer"), "{}", too_many.body);
    assert!(app.store.advice_requests_to(ep).await.unwrap()[0].answered_on.is_none());

    let given = app
        .submit_with_files(&author, &form, &needs, &[("Paediatric report.pdf", pdf), ("", b"")])
        .await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let stored = app.store.advice_requests_to(ep).await.unwrap().remove(0);
    let [file] = stored.attachments.as_slice() else { panic!("one file: {stored:?}") };
    assert_eq!((file.content_type.as_str(), file.size), ("application/pdf", pdf.len() as i64));
    let link = format!("/case-documents/{}", file.id);
    let page = app.get(&case, &[("cookie", &caseworker)]).await;
    assert!(
        page.body.contains(&format!(
            "href=\"{link}\" download>Paediatric report.pdf</a> (PDF, 35 bytes)"
        )),
        "{}",
        page.body
    );

    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    for reader in [&caseworker, &parent, &author] {
        let got = app.get(&link, &[("cookie", reader)]).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.bytes, pdf);
        assert_eq!(got.headers["content-type"], "application/pdf");
        let disposition = got.headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment; filename=\"Paediatric report.pdf\""));
        assert_eq!(got.headers["x-content-type-options"], "nosniff");
    }
    // The school reads the record but not the advice; another family does not know it exists.
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assert_eq!(app.get(&link, &[("cookie", &senco)]).await.status, StatusCode::FORBIDDEN);
    let other = app.sign_in("other.parent@example.org", PASSWORD).await;
    assert_eq!(app.get(&link, &[("cookie", &other)]).await.status, StatusCode::NOT_FOUND);
    // Health advice is the area's designated clinical officer's to read too.
    let w_la = crate::fixtures::organisation_named(&app, "Kent County Council").await;
    let icb = crate::fixtures::organisation(
        &app,
        sendcase_domain::people::roles::OrganisationKind::HealthBody,
        "Kent ICB",
        None,
        None,
        Some(w_la),
    )
    .await;
    let dco = sendcase_domain::people::roles::Role::DesignatedClinicalOfficer;
    crate::fixtures::named_user(&app, "dco@example.org", "Dr Ruth Adeyemi", dco, Some(icb)).await;
    let officer = app.sign_in("dco@example.org", PASSWORD).await;
    assert_eq!(app.get(&link, &[("cookie", &officer)]).await.status, StatusCode::OK);

    let entries = app.store.audit_entries(0, 100_000).await.unwrap();
    let reads: Vec<(&str, Option<&str>)> = entries
        .iter()
        .filter(|e| e.record_type == "case_document")
        .map(|e| (e.action.as_str(), e.acting_role.as_deref()))
        .collect();
    assert_eq!(
        reads,
        [
            ("read", Some("la_caseworker")),
            ("read", Some("parent")),
            ("read", Some("professional")),
            ("refused", Some("senco")),
            ("refused", Some("parent")),
            ("read", Some("designated_clinical_officer")),
        ]
    );
}
