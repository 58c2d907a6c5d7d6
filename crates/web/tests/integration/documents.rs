//! A request's documents: listed for those who may read the case, each a page and a tagged PDF
//! at the same address with `.pdf`, which works with a session or a bearer token; the PDF says
//! what the page says.

use crate::fixtures::{
    PASSWORD, date_fields, ev, la_contacts, pdf_text, plan_in_force, request, send_form, token,
    world,
};
use crate::{TestApp, on_both_backends};
use axum::http::StatusCode;
use jiff::ToSpan;

on_both_backends!(a_plans_documents_are_pages_and_pdfs_for_those_who_may_read_the_case);

async fn a_plans_documents_are_pages_and_pdfs_for_those_who_may_read_the_case(app: TestApp) {
    let w = world(&app).await;
    la_contacts(&app, w.la).await;
    let cw = token(&app, "caseworker@example.org").await;
    let id = plan_in_force(&app, &cw, w.own_child, 30).await;
    let case = format!("/ehc-requests/{id}");
    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let received = sendcase_web::today() - 120.days();
    let reference = sendcase_domain::documents::reference(id.parse().unwrap(), received);
    assert!(reference.starts_with("EHC-") && !reference.contains(&id));

    let list = app.get(&format!("{case}/documents"), &[("cookie", &parent)]).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let sent = ["decision-to-assess", "draft-plan", "final-plan-notice", "final-plan"];
    for slug in sent {
        assert!(
            list.body.contains(&format!("{case}/documents/{slug}.pdf")),
            "{slug}: {}",
            list.body
        );
    }
    assert!(!list.body.contains("decision-not-to-assess"), "only what was sent");
    let case_page = app.get(&case, &[("cookie", &parent)]).await;
    assert!(case_page.body.contains(&format!("{case}/documents")), "the case links them");

    for slug in sent {
        let page = app.get(&format!("{case}/documents/{slug}"), &[("cookie", &parent)]).await;
        assert_eq!(page.status, StatusCode::OK, "{slug}: {}", page.body);
        let pdf = app.get(&format!("{case}/documents/{slug}.pdf"), &[("cookie", &parent)]).await;
        assert_eq!(pdf.status, StatusCode::OK, "{slug}: {}", pdf.body);
        assert_eq!(pdf.headers["content-type"], "application/pdf");
        let text = pdf_text(&pdf.bytes);
        for needed in ["Kent County Council", &reference, "The law"] {
            assert!(text.contains(needed), "{slug} lacks {needed:?}:\n{text}");
        }
        // What the page says, the PDF says: each heading of the page is in the PDF (its lines
        // wrapped where the page's do not).
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for heading in page.body.split("<h2 class=\"govuk-heading-m\">").skip(1) {
            let heading = heading.split('<').next().unwrap().replace("&#39;", "'");
            assert!(flat.contains(&heading), "{slug}: {heading:?} is on the page, not in the PDF");
        }
    }
    let plan = pdf_text(
        &app.get(&format!("{case}/documents/final-plan.pdf"), &[("cookie", &parent)]).await.bytes,
    );
    for needed in [
        "Final education, health and care plan",
        "Section F: Special educational provision",
        "Precision teaching of phonics",
        "Oakfield Primary",
        "Mediation Works 01632 960111",
        "The next annual review must be held by",
    ] {
        assert!(plan.contains(needed), "the plan lacks {needed:?}:\n{plan}");
    }
    let notice = pdf_text(
        &app.get(&format!("{case}/documents/final-plan-notice.pdf"), &[("cookie", &parent)])
            .await
            .bytes,
    );
    assert!(
        notice.contains("Yours sincerely") && notice.contains("SENDIASS 01632 960222"),
        "{notice}"
    );

    // The API reaches the same address with a bearer token; its errors are JSON.
    let api = app.get_api(&format!("{case}/documents/final-plan.pdf"), &cw).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert_eq!(
        api.bytes,
        app.get(&format!("{case}/documents/final-plan.pdf"), &[("cookie", &parent)]).await.bytes,
        "the same document for everyone"
    );
    let absent = app.get_api(&format!("{case}/documents/decision-to-cease.pdf"), &cw).await;
    assert_eq!(absent.status, StatusCode::NOT_FOUND);
    assert_eq!(absent.json()["error"]["code"], "not_found", "{}", absent.body);
    let bad = app.get_api(&format!("{case}/documents/final-plan.pdf"), "not-a-token").await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);

    // Nobody else reads them, and nobody signed out.
    let other = app.sign_in("other.parent@example.org", PASSWORD).await;
    let refused = app.get(&format!("{case}/documents/final-plan.pdf"), &[("cookie", &other)]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
    let anonymous = app.get(&format!("{case}/documents/final-plan.pdf"), &[]).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.headers["location"], "/sign-in");

    // Letters already sent keep their old address.
    let old = app.get(&format!("{case}/decision-letter"), &[("cookie", &parent)]).await;
    assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old.headers["location"], format!("{case}/documents/decision-not-to-assess"));
}

on_both_backends!(a_decision_not_to_issue_a_plan_is_recorded_with_reasons_the_letter_gives);

async fn a_decision_not_to_issue_a_plan_is_recorded_with_reasons_the_letter_gives(app: TestApp) {
    let w = world(&app).await;
    la_contacts(&app, w.la).await;
    let cw = token(&app, "caseworker@example.org").await;
    let received = sendcase_web::today() - 60.days();
    let assessed = [ev("decided_to_assess", &(received + 20.days()).to_string())];
    let id = request(&app, &cw, w.own_child, &received.to_string(), &assessed).await;
    let case = format!("/ehc-requests/{id}");
    let caseworker = app.sign_in("caseworker@example.org", PASSWORD).await;
    assert!(app.get(&case, &[("cookie", &caseworker)]).await.body.contains("/steps/no-plan"));

    let reasons = "The advice shows the school can meet her needs with SEN support.";
    let mut fields = vec![("reasons".to_owned(), reasons.to_owned())];
    fields.extend(date_fields("date", sendcase_web::today() - 2.days()));
    let empty = send_form(&app, &caseworker, &format!("{case}/steps/no-plan"), vec![]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Enter the reasons for the decision"), "{}", empty.body);
    let done = send_form(&app, &caseworker, &format!("{case}/steps/no-plan"), fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    let parent = app.sign_in("parent@example.org", PASSWORD).await;
    let letter = format!("{case}/documents/decision-not-to-issue-plan");
    let page = app.get(&letter, &[("cookie", &parent)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains(reasons) && page.body.contains("First-tier Tribunal"),
        "{}",
        page.body
    );
    let text = pdf_text(&app.get(&format!("{letter}.pdf"), &[("cookie", &parent)]).await.bytes);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(reasons), "{text}");
}
