//! The letters of the first 20 weeks: whether to assess, whether to make a plan, and the final
//! plan's covering notice.

use super::{
    AppealDates, LaContacts, Letter, LetterSection, Reader, appealable, contact, free_help, law,
    reasons,
};
use crate::clock::long_date;
use jiff::civil::Date;

/// What a refusal says about this child: the decision, its reasons and the appeal's dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFacts {
    pub reader: Reader,
    pub request_received: Date,
    pub decided_on: Date,
    pub reasons: String,
    pub appeal: AppealDates,
}

/// The notice of a decision not to carry out an EHC needs assessment.
pub fn decision_not_to_assess(facts: &DecisionFacts, la: &LaContacts) -> Letter {
    let r = &facts.reader;
    let sections = vec![
        LetterSection::new(
            "Our decision",
            vec![
                format!(
                    "We got a request for an education, health and care needs assessment for {} on {}.",
                    r.name(),
                    long_date(facts.request_received)
                ),
                format!("On {} we decided not to do the assessment.", long_date(facts.decided_on)),
                format!(
                    "This means {} will not get an education, health and care plan for now.",
                    r.child()
                ),
            ],
        ),
        LetterSection::new("Why we decided this", reasons(&facts.reasons)),
        LetterSection::new(
            "What happens next",
            vec![
                format!("The school or college will keep helping {} with SEN support.", r.child()),
                "You can ask for an assessment again if things change.".to_owned(),
            ],
        ),
    ];
    appealable(
        format!("Our decision about an assessment for {}", r.name()),
        sections,
        facts.appeal,
        la,
        &[
            "Children and Families Act 2014, section 36: requests for an assessment.",
            "The Special Educational Needs and Disability Regulations 2014, regulations 4 and 5: the decision and when it is due.",
        ],
    )
}

/// What a decision to assess tells the family, with the clock's dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessFacts {
    pub reader: Reader,
    pub request_received: Date,
    pub decided_on: Date,
    /// The last day for telling the family if no plan will be made (16 weeks).
    pub no_plan_by: Date,
    /// The last day for the final plan (20 weeks).
    pub final_plan_by: Date,
}

/// The notice of a decision to carry out an assessment. It is not appealable, so it tells the
/// family what happens and when.
pub fn decision_to_assess(facts: &AssessFacts, la: &LaContacts) -> Letter {
    let r = &facts.reader;
    Letter {
        title: format!("We will do an assessment for {}", r.name()),
        sections: vec![
            LetterSection::new(
                "Our decision",
                vec![
                    format!(
                        "We got a request for an education, health and care needs assessment for {} on {}.",
                        r.name(),
                        long_date(facts.request_received)
                    ),
                    format!("On {} we decided to do the assessment.", long_date(facts.decided_on)),
                ],
            ),
            LetterSection::new(
                "What happens next",
                vec![
                    format!(
                        "We will ask people who know {} for advice. This includes the school or college, an educational psychologist, health services and social care.",
                        r.child()
                    ),
                    match r {
                        Reader::ParentOf { .. } => {
                            "We will ask for your views and your child's views."
                        }
                        Reader::YoungPerson { .. } => "We will ask for your views.",
                    }
                    .to_owned(),
                    format!(
                        "If we decide not to make a plan, we will tell you by {}.",
                        long_date(facts.no_plan_by)
                    ),
                    format!(
                        "If we make a plan, you will get the final plan by {}. Before that we will send you a draft, and you will have 15 days to tell us what you think.",
                        long_date(facts.final_plan_by)
                    ),
                ],
            ),
            free_help(la),
            contact(la),
        ],
        law: law(
            &[
                "Children and Families Act 2014, section 36: the assessment.",
                "The Special Educational Needs and Disability Regulations 2014, regulations 6 to 8: advice and information.",
                "The Special Educational Needs and Disability Regulations 2014, regulations 10 and 13: the time limits.",
            ],
            false,
        ),
    }
}

/// The notice of a decision, after assessing, not to make a plan.
pub fn decision_not_to_issue(facts: &DecisionFacts, la: &LaContacts) -> Letter {
    let r = &facts.reader;
    let sections = vec![
        LetterSection::new(
            "Our decision",
            vec![
                format!(
                    "We have finished the assessment for {} that started with the request on {}.",
                    r.name(),
                    long_date(facts.request_received)
                ),
                format!(
                    "On {} we decided not to make an education, health and care plan.",
                    long_date(facts.decided_on)
                ),
            ],
        ),
        LetterSection::new("Why we decided this", reasons(&facts.reasons)),
        LetterSection::new(
            "What happens next",
            vec![
                format!(
                    "We will send you the advice we got during the assessment. The school or college can use it to help {}.",
                    r.child()
                ),
                format!("The school or college will keep helping {} with SEN support.", r.child()),
            ],
        ),
    ];
    appealable(
        format!("Our decision about a plan for {}", r.name()),
        sections,
        facts.appeal,
        la,
        &[
            "Children and Families Act 2014, section 36(9): deciding whether a plan is needed.",
            "The Special Educational Needs and Disability Regulations 2014, regulation 10: telling you the decision.",
        ],
    )
}

/// What the final plan's covering notice says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalPlanFacts {
    pub reader: Reader,
    pub issued_on: Date,
    /// The school or other institution named in section I, if any.
    pub setting: Option<String>,
    /// The last day for the first annual review.
    pub review_by: Date,
    pub appeal: AppealDates,
}

/// The covering notice sent with the final plan.
pub fn final_plan_notice(facts: &FinalPlanFacts, la: &LaContacts) -> Letter {
    let r = &facts.reader;
    let place = match &facts.setting {
        Some(s) => format!("The plan names {s} in section I."),
        None => "The plan does not name a school or college.".to_owned(),
    };
    let heading = match r {
        Reader::ParentOf { .. } => "Your child's plan",
        Reader::YoungPerson { .. } => "Your plan",
    };
    let sections = vec![
        LetterSection::new(heading, vec![
            format!("This letter comes with the final education, health and care plan for {}. We made it on {}.", r.name(), long_date(facts.issued_on)),
            place,
            format!("The help in sections F, G and H must now be given to {}.", r.child()),
        ]),
        LetterSection::new("What happens next", vec![
            format!("We will review the plan with you at least once a year. The first review must happen by {}.", long_date(facts.review_by)),
        ]),
        LetterSection::new("What you can appeal about", vec![
            "You can appeal about the special educational needs in section B, the special educational help in section F, and the school or college in section I. You can also appeal if no school or college is named.".to_owned(),
            "The tribunal can also make recommendations about the health and social care parts of the plan.".to_owned(),
        ]),
    ];
    appealable(
        format!("The final education, health and care plan for {}", r.name()),
        sections,
        facts.appeal,
        la,
        &[
            "Children and Families Act 2014, sections 37 and 42: the plan and the duty to give its help.",
            "The Special Educational Needs and Disability Regulations 2014, regulations 12 to 14: the plan, its time limits and the notice.",
        ],
    )
}
