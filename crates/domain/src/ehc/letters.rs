//! The letters the Code requires the LA to send, as content the web renders and prints.
//!
//! A decision not to assess is appealable (s51(2)), so its notice must carry what reg 32 lists:
//! the right to mediation and the certificate needed before appealing, the mediation adviser's
//! contact, the time limits, what to tell the LA when asking for mediation, the information,
//! advice and support service, and whom at the LA to contact.

use crate::clock::long_date;
use jiff::civil::Date;

/// The LA's own details that every decision notice names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaContacts {
    pub la_name: String,
    pub send_team: String,
    pub mediation_service: String,
    pub information_advice_support: String,
}

/// What this decision's letter says about this child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFacts {
    pub child_name: String,
    pub request_received: Date,
    pub decided_on: Date,
    pub reasons: String,
    /// From the clock: the last day to contact a mediation adviser (reg 33).
    pub mediation_contact_by: Date,
    /// From the clock: the last day to register an appeal, before any certificate extends it.
    pub appeal_by: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterSection {
    pub heading: &'static str,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub title: String,
    pub sections: Vec<LetterSection>,
}

/// The notice of a decision not to carry out an EHC needs assessment (s36(5), reg 5, reg 32).
pub fn decision_not_to_assess(facts: &DecisionFacts, la: &LaContacts) -> Letter {
    let section = |heading, paragraphs: Vec<String>| LetterSection { heading, paragraphs };
    Letter {
        title: format!("Decision not to carry out an education, health and care needs assessment for {}", facts.child_name),
        sections: vec![
            section("Our decision", vec![
                format!(
                    "{} received a request for an education, health and care (EHC) needs assessment for {} on {}. On {} we decided not to carry out an assessment.",
                    la.la_name, facts.child_name, long_date(facts.request_received), long_date(facts.decided_on)
                ),
                "We considered whether the child or young person has or may have special educational needs, and whether it may be necessary for special educational provision to be made through an EHC plan (section 36(8) of the Children and Families Act 2014).".to_owned(),
            ]),
            section("Why we made this decision", facts.reasons.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()),
            section("Your right to appeal", vec![
                "You have the right to appeal against this decision to the First-tier Tribunal (Special Educational Needs and Disability).".to_owned(),
                format!(
                    "You must register an appeal by {}, or within one month of the date of a mediation certificate if that is later.",
                    long_date(facts.appeal_by)
                ),
            ]),
            section("Mediation", vec![
                format!(
                    "Before you can appeal you must contact a mediation adviser to discuss whether mediation might resolve the disagreement, and get a mediation certificate. Contact the mediation adviser by {}.",
                    long_date(facts.mediation_contact_by)
                ),
                format!("Mediation adviser: {}", la.mediation_service),
                "Mediation is free. You do not have to take part in mediation: if you decide not to, the adviser will give you a certificate within 3 working days so that you can appeal.".to_owned(),
                format!(
                    "If you want mediation, tell {} within 2 months of the date of this letter, and tell us what you disagree with and whether you also want mediation about health or social care.",
                    la.la_name
                ),
                "Mediation must take place within 30 days of our being told that you want it.".to_owned(),
            ]),
            section("Information, advice and support", vec![
                format!("Free, impartial information, advice and support is available from {}.", la.information_advice_support),
            ]),
            section("Contact us", vec![
                format!("If you have any questions about this decision, contact {}.", la.send_team),
                "We will continue to support your child through the school's SEN support, and you may ask for an assessment again if things change.".to_owned(),
            ]),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_letter_carries_every_reg_32_item_with_the_clocks_dates() {
        let facts = DecisionFacts {
            child_name: "Amara Okafor".into(),
            request_received: date(2026, 1, 5),
            decided_on: date(2026, 2, 10),
            reasons:
                "Progress with SEN support is good.\n\nThe school's provision meets her needs."
                    .into(),
            mediation_contact_by: date(2026, 4, 10),
            appeal_by: date(2026, 4, 10),
        };
        let la = LaContacts {
            la_name: "Northbrook Council".into(),
            send_team: "the SEND team, 01632 960000".into(),
            mediation_service: "Northbrook Mediation, 01632 960111".into(),
            information_advice_support: "Northbrook SENDIASS, 01632 960222".into(),
        };
        let letter = decision_not_to_assess(&facts, &la);
        let text: String = letter
            .sections
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n");
        for needed in [
            "First-tier Tribunal",
            "10 April 2026",
            "mediation certificate",
            "Northbrook Mediation, 01632 960111",
            "within 2 months",
            "health or social care",
            "Northbrook SENDIASS",
            "the SEND team, 01632 960000",
            "5 January 2026",
            "10 February 2026",
        ] {
            assert!(text.contains(needed), "letter lacks {needed:?}:\n{text}");
        }
        let reasons = &letter.sections[1];
        assert_eq!(
            reasons.paragraphs,
            vec!["Progress with SEN support is good.", "The school's provision meets her needs."]
        );
    }
}
