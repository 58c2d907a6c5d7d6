//! SEN support in school (Code chapter 6) around the register: how often the school meets the
//! parents of a pupil on SEN support, and the notice parents must get when provision starts.

use crate::clock::long_date;
use crate::ehc::letters::{Letter, LetterSection};
use jiff::civil::{Date, date};

/// Code 6.65: schools should meet parents of pupils on SEN support at least three times a year.
pub const MEETINGS_EXPECTED: usize = 3;

/// The first day (1 September) of the school year that `on` falls in.
pub fn school_year_start(on: Date) -> Date {
    let year = if on.month() >= 9 { on.year() } else { on.year() - 1 };
    date(year, 9, 1)
}

/// A warning when a pupil on SEN support has had fewer meetings with parents this school year
/// than the Code expects.
pub fn meetings_warning(on_sen_support: bool, meetings: &[Date], today: Date) -> Option<String> {
    let start = school_year_start(today);
    let held = meetings.iter().filter(|d| **d >= start && **d <= today).count();
    (on_sen_support && held < MEETINGS_EXPECTED).then(|| {
        format!(
            "{held} meeting{} with parents this school year (since {}): the Code expects at least {MEETINGS_EXPECTED} for a pupil on SEN support (paragraph 6.65)",
            if held == 1 { "" } else { "s" },
            long_date(start)
        )
    })
}

/// The notice to parents that the school is making special educational provision for their child
/// (Children and Families Act 2014 s68).
pub fn sen_provision_notice(child_name: &str, school: &str, starts_on: Date) -> Letter {
    let section = LetterSection::new;
    Letter {
        title: format!("{school} is making special educational provision for {child_name}"),
        sections: vec![
            section("What this means", vec![
                format!("From {}, {school} is making special educational provision for {child_name}: support that is additional to, or different from, what most children of the same age receive. The school records this as SEN support.", long_date(starts_on)),
                "We are telling you because the law says schools must tell parents when they give this kind of help to a child who does not have an education, health and care plan.".to_owned(),
            ]),
            section("What happens next", vec![
                "The school's special educational needs co-ordinator (SENCO) will agree with you and your child what the support should achieve, what it will be and when it will be reviewed: assess, plan, do and review.".to_owned(),
                "We will meet you to set the outcomes and review progress at least three times a year.".to_owned(),
            ]),
            section("Help and information", vec![
                "The council's Local Offer describes the support available for children with special educational needs and disabilities, and the information, advice and support service (SENDIASS) gives free, impartial advice.".to_owned(),
                "You may ask the council for an education, health and care needs assessment at any time.".to_owned(),
            ]),
        ],
        law: vec!["Children and Families Act 2014, section 68: telling parents about special educational provision.".to_owned()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_school_year_starts_on_1_september() {
        assert_eq!(school_year_start(date(2026, 11, 23)), date(2026, 9, 1));
        assert_eq!(school_year_start(date(2027, 8, 31)), date(2026, 9, 1));
        assert_eq!(school_year_start(date(2026, 9, 1)), date(2026, 9, 1));
    }

    #[test]
    fn fewer_than_three_meetings_this_school_year_warns_for_sen_support_only() {
        let today = date(2027, 3, 1);
        let meetings = [date(2026, 7, 1), date(2026, 10, 5), date(2027, 2, 2)];
        let warning = meetings_warning(true, &meetings, today).unwrap();
        assert!(
            warning.starts_with(
                "2 meetings with parents this school year (since Tuesday 1 September 2026)"
            ),
            "{warning}"
        );
        assert_eq!(meetings_warning(false, &meetings, today), None);
        assert_eq!(
            meetings_warning(true, &[date(2026, 9, 9), date(2026, 12, 1), date(2027, 3, 1)], today),
            None
        );
    }

    #[test]
    fn the_notice_names_the_child_the_school_and_the_start() {
        let letter =
            sen_provision_notice("Sam Whitfield", "Oakfield Primary School", date(2026, 10, 2));
        assert_eq!(
            letter.title,
            "Oakfield Primary School is making special educational provision for Sam Whitfield"
        );
        let text: String =
            letter.sections.iter().flat_map(|s| s.paragraphs.clone()).collect::<Vec<_>>().join(" ");
        assert!(text.contains("Friday 2 October 2026") && !text.contains("section 68"), "{text}");
        assert!(letter.law[0].contains("section 68"), "the law at the end: {:?}", letter.law);
    }
}
