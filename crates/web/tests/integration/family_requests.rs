//! A parent asks for an assessment online (s36(1)): the request lands in the council's intake
//! with the 6 weeks running from today and the family's reasons and letters on it; only the
//! child's own family may ask, and not while an assessment is open.

use crate::fixtures::{PASSWORD, duty, send_form, token, world};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;

on_both_backends!(a_parent_asks_for_an_assessment_and_the_council_receives_it_today);

async fn a_parent_asks_for_an_assessment_and_the_council_receives_it_today(app: TestApp) {
    let w = world(&app).await;
    let child = format!("/children/{}", w.own_child);
    let form = format!("{child}/request-assessment");
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let record = app.get(&child, &[("cookie", &parent)]).await;
    assert!(record.body.contains(&form), "the child's page offers it: {}", record.body);

    let empty = send_form(&app, &parent, &form, vec![]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Enter why you are asking for an assessment"), "{}", empty.body);
    let reasons = "Ada cannot follow lessons even with help from a teaching assistant.";
    let fields = vec![("reasons".to_owned(), reasons.to_owned())];
    // A letter is sent with it; a file that is not what its name says stops the whole request.
    let letter: &[u8] = b"%PDF-1.4 letter from the GP";
    let said = [("reasons", reasons)];
    let renamed = app.submit_with_files(&parent, &form, &said, &[("letter.docx", letter)]).await;
    assert_eq!(renamed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", renamed.body);
    assert!(renamed.body.contains("letter.docx is a PDF but its name does not end .pdf"));
    let sent = app.submit_with_files(&parent, &form, &said, &[("GP letter.pdf", letter)]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let case = sent.headers["location"].to_str().unwrap().to_owned();
    let id = case.trim_start_matches("/ehc-requests/");

    let cw = token(&app, "caseworker@example.org").await;
    let duties = app.get_api(&format!("/api/v1/ehc-requests/{id}/duties"), &cw).await.json();
    let decide = duty(&duties, "decide_whether_to_assess");
    let due = sendcase_web::today() + 6.weeks();
    assert_eq!(decide["due"], due.to_string(), "6 weeks from the day it was sent");
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    let page = app.get(&case, &[("cookie", &caseworker)]).await;
    assert!(page.body.contains(reasons) && page.body.contains("Parent"), "{}", page.body);
    let link = page.body.split("href=\"/case-documents/").nth(1).expect("the letter's link");
    let link = format!("/case-documents/{}", link.split('"').next().unwrap());
    assert!(page.body.contains("download>GP letter.pdf</a> (PDF, 27 bytes)"), "{}", page.body);
    for reader in [&caseworker, &parent] {
        let got = app.get(&link, &[("cookie", reader)]).await;
        assert_eq!((got.status, got.bytes.as_slice()), (StatusCode::OK, letter));
    }
    // The school reads the request, not the family's evidence.
    let senco = app.sign_in("senco@example.org", PASSWORD).await;
    assert_eq!(app.get(&case, &[("cookie", &senco)]).await.status, StatusCode::OK);
    assert_eq!(app.get(&link, &[("cookie", &senco)]).await.status, StatusCode::FORBIDDEN);

    let again = send_form(&app, &parent, &form, fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("already considering a request"), "{}", again.body);

    // Only the child's own family asks.
    let other = app.sign_in("other.parent@example.org", PASSWORD).await;
    assert_eq!(app.get(&form, &[("cookie", &other)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&form, &[("cookie", &caseworker)]).await.status, StatusCode::FORBIDDEN);
    assert!(!app.get(&child, &[("cookie", &caseworker)]).await.body.contains(&form));
}
