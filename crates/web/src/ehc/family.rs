//! The family's part: their views for section A, with the child's own words kept apart from
//! their parents', and their representations on the draft within its 15 days.

use super::{CaseView, StepForm};
use crate::error::{AppError, FieldError};
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use crate::records::today;
use sendcase_domain::ehc::plan::{
    AboutMe, AboutMeAnswer, AboutMeQuestion, Change, Section, SectionDiff, diff,
};
use sendcase_domain::ehc::records::FamilyViews;
use sendcase_usecases::ehc::Step as TakenStep;

pub fn views_form(view: &CaseView, values: Option<&FormValues>) -> Result<StepForm, AppError> {
    let given = view.records::<FamilyViews>()?.pop().map(|v| v.about_me).unwrap_or_default();
    let earlier = |q: AboutMeQuestion, own: bool| {
        given
            .answers
            .iter()
            .find(|a| a.question == q)
            .map(|a| if own { a.own_words.clone() } else { a.parents_words.clone() })
            .unwrap_or_default()
    };
    let fieldsets = AboutMeQuestion::ALL
        .into_iter()
        .map(|q| {
            let field = |own: bool| {
                let name = format!("{}-{}", q.code(), if own { "own" } else { "parents" });
                let label = if own {
                    "In the child's or young person's own words"
                } else {
                    "What their parents or carers say"
                };
                let value = values.map(|v| v.text(&name)).unwrap_or_else(|| earlier(q, own));
                Field::new(name, label, Kind::Textarea).value(value)
            };
            Fieldset::new(q.label(), vec![field(true), field(false)])
        })
        .collect();
    Ok(StepForm {
        caption: view.child.child.full_name(),
        title: "About me: views, interests and hopes".into(),
        intro: vec![
            "What you write here is section A of the plan. Keep the child's or young person's own words as they said them, apart from what parents say.".into(),
            "You can change these views at any time before the final plan.".into(),
        ],
        warnings: vec![],
        fieldsets,
        submit: "Save views",
    })
}

pub fn read_views(v: &FormValues) -> TakenStep {
    let answers = AboutMeQuestion::ALL
        .into_iter()
        .map(|question| AboutMeAnswer {
            question,
            own_words: v.text(&format!("{}-own", question.code())),
            parents_words: v.text(&format!("{}-parents", question.code())),
        })
        .collect();
    TakenStep::GiveViews { views: FamilyViews { about_me: AboutMe { answers } } }
}

/// The family's comments on the draft, or, once a plan is in force, on the amendments proposed
/// to it, each section shown as what it says or what would change.
pub fn comments_form(view: &CaseView, values: Option<&FormValues>) -> Result<StepForm, AppError> {
    let draft = view.issued_draft().ok_or(AppError::NotFound)?;
    let plan = &draft.plan;
    let in_force = view.final_plan().map(|v| &v.plan);
    let changes = in_force.map(|old| diff(old, plan));
    let typed = |name: &str| values.map(|v| v.text(name)).unwrap_or_default();
    let sections = Section::ALL
        .into_iter()
        .filter(|s| *s != Section::I)
        .map(|s| {
            let shown = plan.section_lines(s);
            let change = changes.as_ref().and_then(|c| c.iter().find(|d| d.section == s));
            let hint = match change {
                Some(d) if d.changed() => format!("Proposed: {}", proposed(d)),
                Some(_) => "No change proposed".to_owned(),
                None if shown.is_empty() => "The draft has nothing in this section".to_owned(),
                None => format!("The draft says: {}", shown.join(" · ")),
            };
            Field::new(
                format!("section-{}", s.letter()),
                format!("Section {}: {}", s.letter(), s.title()),
                Kind::Textarea,
            )
            .hint(hint)
            .value(typed(&format!("section-{}", s.letter())))
        })
        .collect();
    let (title, what) = match in_force {
        Some(_) => ("Comment on the proposed amendments", "the proposed amendments"),
        None => ("Comment on the draft plan", "the draft plan"),
    };
    let intro = match in_force {
        Some(_) => {
            "You have 15 days from the council's decision to comment on the changes it proposes to the plan and to ask for a particular school or other institution to be named. Each section below says what would change. Leave a section blank if you have no comment on it."
        }
        None => {
            "You have 15 days from the day the draft was sent to comment and to ask for a particular school or other institution to be named in the plan. Leave a section blank if you have no comment on it."
        }
    };
    Ok(StepForm {
        caption: view.child.child.full_name(),
        title: title.into(),
        intro: vec![intro.into()],
        warnings: vec![],
        fieldsets: vec![
            Fieldset::new("Your comments, section by section", sections),
            Fieldset::new(
                "School or other institution",
                vec![
                    Field::new(
                        "setting",
                        "The school, college or other institution you want named",
                        Kind::Text,
                    )
                    .value(typed("setting")),
                ],
            ),
            // Saying so lets the council issue the final plan without waiting out the 15 days.
            Fieldset::new(
                "No comments",
                vec![
                    Field::new(
                        "no_comments",
                        format!("I have no comments on {what}"),
                        Kind::Checkbox,
                    )
                    .value(typed("no_comments")),
                ],
            ),
        ],
        submit: "Send comments",
    })
}

pub fn read_comments(
    view: &CaseView,
    v: &FormValues,
    errors: &mut Vec<FieldError>,
) -> Result<Option<TakenStep>, AppError> {
    view.issued_draft().ok_or(AppError::NotFound)?;
    let comments: Vec<(Section, String)> = Section::ALL
        .into_iter()
        .map(|s| (s, v.text(&format!("section-{}", s.letter()))))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    let requested_setting = v.text("setting");
    let none = v.checked("no_comments");
    if none && (!comments.is_empty() || !requested_setting.is_empty()) {
        errors.push(FieldError::new(
            "no_comments",
            "Untick \"I have no comments\" to send the comments you wrote",
        ));
        return Ok(None);
    }
    if !none && comments.is_empty() && requested_setting.is_empty() {
        errors.push(FieldError::new(
            "section-A",
            "Enter a comment on at least one section, or the institution you want named, or tick \"I have no comments\"",
        ));
        return Ok(None);
    }
    Ok(Some(TakenStep::CommentOnDraft { comments, requested_setting, on: today() }))
}

/// A section's changes in a line: what would be added and what removed.
fn proposed(d: &SectionDiff) -> String {
    let parts: Vec<String> = d
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Added(t) => Some(format!("add \"{t}\"")),
            Change::Removed(t) => Some(format!("remove \"{t}\"")),
            Change::Same(_) => None,
        })
        .collect();
    parts.join("; ")
}
