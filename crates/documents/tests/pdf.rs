//! The PDFs as a reader's tools see them, checked with poppler (`pdfinfo`, `pdffonts`,
//! `pdftotext`, `pdftoppm`; Debian's poppler-utils, which the test command installs).

use jiff::civil::date;
use sendcase_documents::pdf;
use sendcase_domain::documents::*;
use sendcase_domain::ehc::letters::{Letter, LetterSection};
use std::path::PathBuf;
use std::process::Command;

fn letter(reasons: &str) -> Document {
    Document::Letter(LetterDocument {
        council: "Northbrook Council".into(),
        reference: "0193e1c2-0000-7000-8000-000000000001".into(),
        dated: "Tuesday 10 February 2026".into(),
        addressee: vec!["To the parent or carer of Amara Okafor".into()],
        letter: Letter {
            title: "Our decision about an assessment for Amara Okafor".into(),
            sections: vec![
                LetterSection::new(
                    "Our decision",
                    vec!["We decided not to do the assessment.".into()],
                ),
                LetterSection::new("Why we decided this", vec![reasons.into()]),
                LetterSection::new(
                    "If you disagree",
                    vec!["You must appeal by Monday 13 April 2026.".into()],
                ),
            ],
            law: vec!["Children and Families Act 2014, section 51: appeals.".into()],
        },
        signature: Signature {
            name: "Priya Shah".into(),
            role: "SEND team, for Northbrook Council".into(),
        },
    })
}

fn plan() -> Document {
    let section = |letter: &str, title: &str, lines: &[&str]| PlanSectionText {
        letter: letter.into(),
        title: title.into(),
        lines: lines.iter().map(|l| (*l).to_owned()).collect(),
    };
    Document::Plan(PlanDocument {
        council: "Northbrook Council".into(),
        reference: "0193e1c2-0000-7000-8000-000000000001".into(),
        title: "Final education, health and care plan: Amara Okafor".into(),
        status: "Final plan, issued on Wednesday 20 May 2026.".into(),
        child: vec![Fact::new("Name", "Amara Okafor"), Fact::new("NHS number", "943 476 5919")],
        sections: vec![
            section("B", "Special educational needs", &["N1: Reads two years below her age"]),
            section(
                "F",
                "Special educational provision",
                &["Phonics 1:1, 3 sessions of 30 minutes a week (meets N1)"],
            ),
            section("I", "Placement", &[]),
        ],
        advice: vec![AppendedAdvice {
            title: "Educational psychology advice (Dr Lee)".into(),
            status: "Received Monday 2 March 2026".into(),
            sections: vec![Fact::new("Needs", "Working memory is weak.")],
            files: vec![AttachedFile {
                id: Default::default(),
                name: "Cognitive assessment.pdf".into(),
                about: "PDF, 120 KB".into(),
            }],
        }],
        next_review: Some("Thursday 20 May 2027".into()),
        rights: vec![LetterSection::new(
            "If you disagree",
            vec!["You must appeal by Monday 20 July 2026.".into()],
        )],
        law: vec!["Children and Families Act 2014, section 37: plans.".into()],
    })
}

fn written(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("sendcase-{}-{name}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn poppler(tool: &str, args: &[&str], file: &PathBuf) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian's poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF is tagged, titled, in British English, PDF/UA-1, with every font embedded.
fn assert_accessible(file: &PathBuf, title: &str) {
    let info = poppler("pdfinfo", &[], file);
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Title:") && l.contains(title)), "{info}");
    let meta = poppler("pdfinfo", &["-meta"], file);
    assert!(meta.contains("en-GB"), "the language: {meta}");
    assert!(meta.contains("pdfuaid:part"), "PDF/UA-1: {meta}");
    let fonts = poppler("pdffonts", &[], file);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type (may be two words), encoding, emb, sub, uni, object, id
        assert_eq!(cols[cols.len() - 5], "yes", "every font embedded: {fonts}");
    }
}

/// `needles` appear in the extracted text in this order.
fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        let at =
            text[from..].find(n).unwrap_or_else(|| panic!("{n:?} not after byte {from}:\n{text}"));
        from += at + n.len();
    }
}

#[test]
fn a_letter_is_tagged_embedded_and_reads_in_order() {
    let file = written("letter", &pdf(&letter("Her needs are met."), date(2026, 2, 10)).unwrap());
    assert_accessible(&file, "Our decision about an assessment for Amara Okafor");
    let text = poppler("pdftotext", &[], &file);
    assert_in_order(
        &text,
        &[
            "Northbrook Council",
            "To the parent or carer of Amara Okafor",
            "Tuesday 10 February 2026",
            "Our decision about an assessment",
            "Our decision",
            "Why we decided this",
            "Her needs are met.",
            "If you disagree",
            "Yours sincerely",
            "Priya Shah",
            "The law",
            "section 51",
        ],
    );
    assert!(text.contains("Page 1 of "), "numbered pages: {text}");
    std::fs::remove_file(file).unwrap();
}

#[test]
fn a_plan_carries_its_sections_advice_and_rights_in_order() {
    let file = written("plan", &pdf(&plan(), date(2026, 5, 20)).unwrap());
    assert_accessible(&file, "Final education, health and care plan: Amara Okafor");
    let text = poppler("pdftotext", &[], &file);
    assert_in_order(
        &text,
        &[
            "Final education, health and care plan",
            "943 476 5919",
            "Thursday 20 May 2027",
            "Section B: Special educational needs",
            "Reads two years below her age",
            "Section F",
            "3 sessions of 30 minutes a week",
            "Section I",
            "To be named in the final plan.",
            "Advice and information appended to section K",
            "Educational psychology advice (Dr Lee)",
            "Working memory is weak.",
            "Cognitive assessment.pdf (PDF, 120 KB)",
            "If you disagree",
            "The law",
        ],
    );
    std::fs::remove_file(file).unwrap();
}

#[test]
fn what_people_type_is_printed_as_text_never_obeyed_as_markup() {
    let typed = "#set text(red) *bold* $x^2$ [link] <label> @ref \\ // not a comment";
    let file = written("markup", &pdf(&letter(typed), date(2026, 2, 10)).unwrap());
    let text = poppler("pdftotext", &[], &file);
    assert!(
        text.contains("#set text(red) *bold* $x^2$ [link] <label> @ref \\ // not a comment"),
        "{text}"
    );
    std::fs::remove_file(file).unwrap();
}

#[test]
fn the_same_data_on_the_same_day_makes_the_same_bytes() {
    let a = pdf(&plan(), date(2026, 5, 20)).unwrap();
    let b = pdf(&plan(), date(2026, 5, 20)).unwrap();
    assert_eq!(a, b, "a document can be made again and compared");
}

#[test]
fn every_page_renders_as_a_picture() {
    let file = written("pages", &pdf(&plan(), date(2026, 5, 20)).unwrap());
    let prefix = file.with_extension("");
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "40"])
        .arg(&file)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = PathBuf::from(format!("{}-1.png", prefix.display()));
    let png = std::fs::read(&page).expect("the first page as a picture");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 2_000, "a page with something on it");
    std::fs::remove_file(page).unwrap();
    std::fs::remove_file(file).unwrap();
}

#[test]
fn a_settings_summary_for_parents_has_its_table_and_sections() {
    let doc = Document::Family(FamilyDocument {
        from: "Harbourside Nursery School".into(),
        title: "Progress check at age two: Leo Grant".into(),
        intro: vec!["This is a short summary of Leo's progress.".into()],
        table: Some(FactTable {
            heading: "Progress in the prime areas".into(),
            columns: ["Prime area".into(), "Progress".into()],
            rows: vec![Fact::new("Communication and language", "Not yet: needs support")],
        }),
        sections: vec![LetterSection::new("Strengths", vec!["Loves the sand tray.".into()])],
        closing: vec!["Shared with your health visitor.".into()],
    });
    let file = written("family", &pdf(&doc, date(2026, 10, 1)).unwrap());
    assert_accessible(&file, "Progress check at age two: Leo Grant");
    let text = poppler("pdftotext", &[], &file);
    assert_in_order(
        &text,
        &[
            "Harbourside Nursery School",
            "Progress check at age two: Leo Grant",
            "Progress in the prime areas",
            "Communication and language",
            "Not yet: needs support",
            "Strengths",
            "Loves the sand tray.",
            "Shared with your health visitor.",
        ],
    );
    std::fs::remove_file(file).unwrap();
}
