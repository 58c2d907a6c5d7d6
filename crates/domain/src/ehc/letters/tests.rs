use super::*;
use crate::clock::ReviewOutcome;
use jiff::civil::date;

fn la() -> LaContacts {
    LaContacts {
        la_name: "Northbrook Council".into(),
        send_team: "the SEND team, 01632 960000".into(),
        mediation_service: "Northbrook Mediation, 01632 960111".into(),
        information_advice_support: "Northbrook SENDIASS, 01632 960222".into(),
    }
}

fn parent() -> Reader {
    Reader::ParentOf { child_name: "Amara Okafor".into() }
}

fn appeal() -> AppealDates {
    AppealDates { mediation_contact_by: date(2026, 4, 10), appeal_by: date(2026, 4, 13) }
}

fn refusal(reader: Reader) -> DecisionFacts {
    DecisionFacts {
        reader,
        request_received: date(2026, 1, 5),
        decided_on: date(2026, 2, 10),
        reasons: "Progress with SEN support is good.\n\nThe school's support meets her needs."
            .into(),
        appeal: appeal(),
    }
}

/// Every letter sendcase writes, to the parent and to the young person.
fn every_letter() -> Vec<(&'static str, bool, Letter)> {
    let la = la();
    let mut out = vec![];
    for reader in [parent(), Reader::YoungPerson { name: "Sam Carter".into() }] {
        let assess = AssessFacts {
            reader: reader.clone(),
            request_received: date(2026, 1, 5),
            decided_on: date(2026, 2, 10),
            no_plan_by: date(2026, 4, 27),
            final_plan_by: date(2026, 5, 25),
        };
        let final_plan = FinalPlanFacts {
            reader: reader.clone(),
            issued_on: date(2026, 5, 20),
            setting: Some("Oakfield Primary School".into()),
            review_by: date(2027, 5, 20),
            appeal: appeal(),
        };
        let review = |outcome, next| ReviewDecisionFacts {
            reader: reader.clone(),
            meeting_held: date(2026, 4, 20),
            decided_on: date(2026, 5, 12),
            outcome,
            reasons: "The outcomes have been met.".into(),
            next,
        };
        let cease = CeaseFacts {
            reader: reader.clone(),
            decided_on: date(2026, 3, 2),
            reasons: "Starting university.".into(),
            family_consulted_on: date(2026, 2, 2),
            setting_consulted_on: date(2026, 2, 9),
            appeal: appeal(),
        };
        let transfer = TransferFacts {
            reader: reader.clone(),
            transferred_on: date(2026, 3, 2),
            decisions_by: date(2026, 4, 14),
            review_by: date(2026, 9, 1),
        };
        let amend = AfterReview::Amendments {
            comment_by: date(2026, 5, 26),
            amended_plan_by: date(2026, 7, 7),
        };
        out.extend([
            ("not to assess", true, decision_not_to_assess(&refusal(reader.clone()), &la)),
            ("to assess", false, decision_to_assess(&assess, &la)),
            ("not to issue", true, decision_not_to_issue(&refusal(reader.clone()), &la)),
            ("final plan", true, final_plan_notice(&final_plan, &la)),
            (
                "review: keep",
                true,
                review_decision(
                    &review(ReviewOutcome::Maintain, AfterReview::Appeal(appeal())),
                    &la,
                ),
            ),
            ("review: amend", false, review_decision(&review(ReviewOutcome::Amend, amend), &la)),
            (
                "review: cease",
                true,
                review_decision(&review(ReviewOutcome::Cease, AfterReview::Appeal(appeal())), &la),
            ),
            ("cease", true, decision_to_cease(&cease, &la)),
            ("no re-assessment", true, refusal_to_reassess(&refusal(reader.clone()), &la)),
            ("transfer", false, transfer_notice(&transfer, &la)),
        ]);
    }
    out
}

fn text(letter: &Letter) -> String {
    letter.sections.iter().flat_map(|s| s.paragraphs.clone()).collect::<Vec<_>>().join("\n")
}

fn sentences(text: &str) -> Vec<&str> {
    text.split(['.', '\n']).map(str::trim).filter(|s| s.split_whitespace().count() > 1).collect()
}

#[test]
fn every_appealable_letter_carries_what_reg_32_lists() {
    for (name, appealable, letter) in every_letter() {
        let text = text(&letter);
        let rights = [
            "First-tier Tribunal",
            "13 April 2026",
            "10 April 2026",
            "mediation certificate",
            "Northbrook Mediation, 01632 960111",
            "within 2 months",
            "health or social care",
            "within 30 days",
            "Northbrook SENDIASS",
            "the SEND team, 01632 960000",
        ];
        for needed in rights {
            let found = text.contains(needed);
            let always =
                needed.starts_with("Northbrook SENDIASS") || needed.starts_with("the SEND");
            assert!(
                found == appealable || (always && found),
                "{name}: {needed:?} {found}:\n{text}"
            );
        }
        let law = letter.law.join("\n");
        assert_eq!(law.contains("section 51"), appealable, "{name}: the law lists appeals: {law}");
    }
}

#[test]
fn letters_are_plain_english_with_the_law_kept_to_the_end() {
    for (name, _, letter) in every_letter() {
        let text = text(&letter);
        let all = sentences(&text);
        let words: Vec<usize> = all.iter().map(|s| s.split_whitespace().count()).collect();
        let longest = all.iter().zip(&words).max_by_key(|(_, w)| **w).unwrap();
        assert!(*longest.1 <= 30, "{name}: a sentence of {} words: {}", longest.1, longest.0);
        let mean = words.iter().sum::<usize>() as f64 / words.len() as f64;
        assert!(mean <= 15.0, "{name}: sentences average {mean:.1} words");
        for citation in ["Act 2014", "Regulations 2014", "regulation ", "reg ", "s36", "s51"] {
            assert!(!text.contains(citation), "{name} cites {citation:?} in the letter:\n{text}");
        }
        assert!(!letter.law.is_empty(), "{name}: no closing law");
        assert!(letter.law.iter().all(|l| l.contains("2014")), "{name}: {:?}", letter.law);
    }
}

#[test]
fn a_young_persons_letter_speaks_to_them() {
    let mut to_parents = 0;
    for (name, _, letter) in every_letter() {
        let text = text(&letter);
        if letter.title.contains("Sam Carter") {
            assert!(!text.contains("your child"), "{name} to the young person:\n{text}");
        } else if text.contains("your child") || text.contains("Your child") {
            to_parents += 1;
        }
    }
    assert!(to_parents >= 6, "most letters to parents speak of their child: {to_parents}");
}

#[test]
fn the_reasons_are_the_caseworkers_paragraphs_or_an_offer_to_explain() {
    let letter = decision_not_to_assess(&refusal(parent()), &la());
    let why = letter.sections.iter().find(|s| s.heading == "Why we decided this").unwrap();
    assert_eq!(
        why.paragraphs,
        vec!["Progress with SEN support is good.", "The school's support meets her needs."]
    );
    let mut blank = refusal(parent());
    blank.reasons = " \n ".into();
    let letter = decision_not_to_issue(&blank, &la());
    let why = letter.sections.iter().find(|s| s.heading == "Why we decided this").unwrap();
    assert!(why.paragraphs[0].contains("Contact us and we will explain"), "{:?}", why.paragraphs);
}

#[test]
fn the_final_plans_notice_names_the_setting_and_the_first_review() {
    let facts = FinalPlanFacts {
        reader: parent(),
        issued_on: date(2026, 5, 20),
        setting: None,
        review_by: date(2027, 5, 20),
        appeal: appeal(),
    };
    let text = text(&final_plan_notice(&facts, &la()));
    for needed in ["does not name a school", "20 May 2027", "section B", "section F", "section I"] {
        assert!(text.contains(needed), "lacks {needed:?}:\n{text}");
    }
}

#[test]
fn a_review_decision_gives_appeal_rights_or_the_amendment_timetable() {
    let letters = every_letter();
    let find = |name| text(&letters.iter().find(|(n, _, _)| *n == name).unwrap().2);
    let ceased = find("review: cease");
    assert!(ceased.contains("stays in place") && ceased.contains("20 April 2026"), "{ceased}");
    let kept = find("review: keep");
    assert!(kept.contains("keep the plan as it is") && !kept.contains("stays in place"));
    let amended = find("review: amend");
    for needed in ["26 May 2026", "7 July 2026", "each section"] {
        assert!(amended.contains(needed), "lacks {needed:?}:\n{amended}");
    }
}
