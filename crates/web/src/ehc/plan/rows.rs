//! Each plan section as rows of fields: what the editor shows, and how a submission becomes the
//! section's new content. Row `i` of a list section is the section's `i`th item; one blank row
//! follows them to add another.

use super::{adulthood_options, area_options, remove_box};
use crate::error::FieldError;
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use sendcase_domain::ehc::plan::{
    AboutMe, AboutMeAnswer, AboutMeQuestion, AdulthoodArea, Appendix, BroadAreaOfNeed, EhcPlan,
    Need, Outcome, ProvisionLine, Section,
};
use sendcase_domain::ehc::records::AdviceKind;
use sendcase_store::CaseAdviceRequest;

const PROVISION_FIELDS: [(&str, &str, &str); 6] = [
    (
        "what",
        "What will be provided",
        "Specific and quantified, for example, precision teaching of phonics using a structured programme",
    ),
    ("who", "Who delivers it", "For example, teaching assistant, speech and language therapist"),
    (
        "expertise",
        "Their training or expertise",
        "For example, trained by a qualified specialist teacher",
    ),
    ("frequency", "How often", "For example, 3 sessions of 30 minutes a week"),
    ("duration", "For how long", "For example, until the next annual review"),
    ("group_size", "Group size", "For example, 1:1, or a group of up to 4"),
];

pub fn intro(section: Section, plan: &EhcPlan) -> Vec<String> {
    match section.needs_met_by() {
        Some(needs) => {
            let listed: Vec<String> = plan.needs(needs).iter().map(|n| format!("{} ({})", n.id, n.description)).collect();
            vec![if listed.is_empty() {
                format!("Section {} has no needs yet: add them first, so each line here can say which need it meets.", needs.letter())
            } else {
                format!("Needs this section meets: {}.", listed.join("; "))
            }]
        }
        None if section == Section::A => vec!["Keep the child's or young person's own words apart from their parents'. The family's latest views are filled in where the plan has none yet.".into()],
        None => vec![],
    }
}

/// How many rows the form shows: the items, plus one blank, or as many as were submitted.
fn row_count(existing: usize, values: Option<&FormValues>) -> usize {
    match values {
        Some(v) => (0..existing + 50).take_while(|i| v.has_prefix(&format!("r{i}-"))).count(),
        None => existing + 1,
    }
}

pub fn fieldsets(
    section: Section,
    plan: &EhcPlan,
    family: Option<&AboutMe>,
    advice: &[CaseAdviceRequest],
    values: Option<&FormValues>,
) -> Vec<Fieldset> {
    let val = |name: &str, stored: String| values.map(|v| v.text(name)).unwrap_or(stored);
    let date_val =
        |name: &str, stored: String| values.map(|v| v.date_as_typed(name)).unwrap_or(stored);
    match section {
        Section::A => {
            let source = if plan.a.answers.is_empty() {
                family.cloned().unwrap_or_default()
            } else {
                plan.a.clone()
            };
            AboutMeQuestion::ALL
                .into_iter()
                .map(|q| {
                    let stored = source.answers.iter().find(|a| a.question == q);
                    let own = format!("{}-own", q.code());
                    let parents = format!("{}-parents", q.code());
                    Fieldset::new(
                        q.label(),
                        vec![
                            Field::new(
                                &own,
                                "In the child's or young person's own words",
                                Kind::Textarea,
                            )
                            .value(val(
                                &own,
                                stored.map(|a| a.own_words.clone()).unwrap_or_default(),
                            )),
                            Field::new(
                                &parents,
                                "What their parents or carers say",
                                Kind::Textarea,
                            )
                            .value(val(
                                &parents,
                                stored.map(|a| a.parents_words.clone()).unwrap_or_default(),
                            )),
                        ],
                    )
                })
                .collect()
        }
        Section::B | Section::C | Section::D => {
            let needs = plan.needs(section);
            (0..row_count(needs.len(), values))
                .map(|i| {
                    let p = format!("r{i}");
                    let stored = needs.get(i);
                    let legend = stored
                        .map(|n| format!("Need {}", n.id))
                        .unwrap_or_else(|| "Add a need".into());
                    let mut fields = vec![
                        Field::new(format!("{p}-description"), "Description", Kind::Textarea)
                            .value(val(
                                &format!("{p}-description"),
                                stored.map(|n| n.description.clone()).unwrap_or_default(),
                            )),
                    ];
                    if section == Section::B {
                        let area = stored
                            .and_then(|n| n.area)
                            .map(|a| a.code().to_owned())
                            .unwrap_or_default();
                        fields.push(
                            Field::new(format!("{p}-area"), "Broad area of need", area_options())
                                .value(val(&format!("{p}-area"), area)),
                        );
                    }
                    if stored.is_some() {
                        fields.push(remove_box(&p));
                    }
                    Fieldset::new(legend, fields)
                })
                .collect()
        }
        Section::E => (0..row_count(plan.e.len(), values))
            .map(|i| {
                let p = format!("r{i}");
                let stored = plan.e.get(i);
                let mut fields = vec![
                    Field::new(format!("{p}-description"), "Outcome", Kind::Textarea)
                        .hint(
                            "The difference the provision will make, for the child or young person",
                        )
                        .value(val(
                            &format!("{p}-description"),
                            stored.map(|o| o.description.clone()).unwrap_or_default(),
                        )),
                    Field::new(format!("{p}-success"), "What success looks like", Kind::Textarea)
                        .value(val(
                            &format!("{p}-success"),
                            stored.map(|o| o.success_looks_like.clone()).unwrap_or_default(),
                        )),
                    Field::new(format!("{p}-by"), "By when", Kind::Date)
                        .hint("For example, 31 7 2027")
                        .value(date_val(
                            &format!("{p}-by"),
                            stored
                                .and_then(|o| o.by_when)
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                        )),
                    Field::new(
                        format!("{p}-adulthood"),
                        "Preparing for adulthood",
                        adulthood_options(),
                    )
                    .hint("From Year 9, each area has at least one outcome aimed at it")
                    .value(val(
                        &format!("{p}-adulthood"),
                        stored
                            .and_then(|o| o.adulthood)
                            .map(|a| a.code().to_owned())
                            .unwrap_or_default(),
                    )),
                ];
                if stored.is_some() {
                    fields.push(remove_box(&p));
                }
                Fieldset::new(
                    if stored.is_some() {
                        format!("Outcome {}", i + 1)
                    } else {
                        "Add an outcome".into()
                    },
                    fields,
                )
            })
            .collect(),
        Section::F | Section::G | Section::H1 | Section::H2 => {
            let lines = plan.provision(section);
            (0..row_count(lines.len(), values))
                .map(|i| {
                    let p = format!("r{i}");
                    let stored = lines.get(i);
                    let text = |field: &str| {
                        stored.map(|l| provision_field(l, field).to_owned()).unwrap_or_default()
                    };
                    let mut fields = vec![
                        Field::new(format!("{p}-meets"), "Needs it meets", Kind::Text)
                            .hint("The needs' references, separated by commas, for example, B1, B2")
                            .value(val(
                                &format!("{p}-meets"),
                                stored.map(|l| l.meets.join(", ")).unwrap_or_default(),
                            )),
                    ];
                    for (name, label, hint) in PROVISION_FIELDS {
                        let kind = if name == "what" { Kind::Textarea } else { Kind::Text };
                        fields.push(
                            Field::new(format!("{p}-{name}"), label, kind)
                                .hint(hint)
                                .value(val(&format!("{p}-{name}"), text(name))),
                        );
                    }
                    if stored.is_some() {
                        fields.push(remove_box(&p));
                    }
                    Fieldset::new(
                        if stored.is_some() {
                            format!("Line {}", i + 1)
                        } else {
                            "Add a line of provision".into()
                        },
                        fields,
                    )
                })
                .collect()
        }
        Section::J => super::budget::fieldsets(&plan.j, values),
        Section::K => {
            // Advice received but not yet listed is offered in the blank rows, so K is complete.
            let mut items: Vec<Appendix> = plan.k.clone();
            let listed = plan.k.len();
            for a in advice.iter().filter(|a| a.answered_on.is_some()) {
                let title = AdviceKind::parse(&a.advice_kind)
                    .map(|k| k.label())
                    .unwrap_or(&a.advice_kind)
                    .to_owned();
                if !items.iter().any(|i| i.title == title && i.from == a.professional_name) {
                    items.push(Appendix {
                        title,
                        from: a.professional_name.clone(),
                        received_on: a.answered_on.expect("filtered to answered"),
                    });
                }
            }
            (0..row_count(items.len(), values))
                .map(|i| {
                    let p = format!("r{i}");
                    let stored = items.get(i);
                    let mut fields = vec![
                        Field::new(format!("{p}-title"), "Advice or information", Kind::Text)
                            .value(val(
                                &format!("{p}-title"),
                                stored.map(|a| a.title.clone()).unwrap_or_default(),
                            )),
                        Field::new(format!("{p}-from"), "From", Kind::Text).value(val(
                            &format!("{p}-from"),
                            stored.map(|a| a.from.clone()).unwrap_or_default(),
                        )),
                        Field::new(format!("{p}-received"), "Received on", Kind::Date).value(
                            date_val(
                                &format!("{p}-received"),
                                stored.map(|a| a.received_on.to_string()).unwrap_or_default(),
                            ),
                        ),
                    ];
                    if i < listed {
                        fields.push(remove_box(&p));
                    }
                    Fieldset::new(
                        if i < listed {
                            format!("Appendix {}", i + 1)
                        } else {
                            "Add an appendix".into()
                        },
                        fields,
                    )
                })
                .collect()
        }
        Section::I => vec![],
    }
}

fn provision_field<'l>(line: &'l ProvisionLine, field: &str) -> &'l str {
    match field {
        "what" => &line.what,
        "who" => &line.who,
        "expertise" => &line.expertise,
        "frequency" => &line.frequency,
        "duration" => &line.duration,
        _ => &line.group_size,
    }
}

/// The rows that were filled in and not removed, by index.
fn kept_rows(v: &FormValues, main: &str) -> Vec<usize> {
    (0..)
        .take_while(|i| v.has_prefix(&format!("r{i}-")))
        .filter(|i| {
            !v.checked(&format!("r{i}-remove")) && !v.text(&format!("r{i}-{main}")).is_empty()
        })
        .collect()
}

/// `plan` with `section` replaced by what was submitted.
pub fn read(
    section: Section,
    plan: &EhcPlan,
    v: &FormValues,
    errors: &mut Vec<FieldError>,
) -> EhcPlan {
    let mut updated = plan.clone();
    match section {
        Section::A => {
            updated.a = AboutMe {
                answers: AboutMeQuestion::ALL
                    .into_iter()
                    .map(|question| AboutMeAnswer {
                        question,
                        own_words: v.text(&format!("{}-own", question.code())),
                        parents_words: v.text(&format!("{}-parents", question.code())),
                    })
                    .filter(|a| !a.own_words.is_empty() || !a.parents_words.is_empty())
                    .collect(),
            }
        }
        Section::B | Section::C | Section::D => {
            let existing = plan.needs(section);
            let mut next = existing
                .iter()
                .filter_map(|n| n.id.get(section.letter().len()..)?.parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            let needs: Vec<Need> = kept_rows(v, "description")
                .into_iter()
                .map(|i| {
                    let id = existing.get(i).map(|n| n.id.clone()).unwrap_or_else(|| {
                        next += 1;
                        format!("{}{next}", section.letter())
                    });
                    let area = if section == Section::B {
                        v.text(&format!("r{i}-area")).parse::<BroadAreaOfNeed>().ok()
                    } else {
                        None
                    };
                    Need { id, description: v.text(&format!("r{i}-description")), area }
                })
                .collect();
            match section {
                Section::B => updated.b = needs,
                Section::C => updated.c = needs,
                _ => updated.d = needs,
            }
        }
        Section::E => {
            updated.e = kept_rows(v, "description")
                .into_iter()
                .map(|i| Outcome {
                    description: v.text(&format!("r{i}-description")),
                    success_looks_like: v.text(&format!("r{i}-success")),
                    by_when: v.date(&format!("r{i}-by"), None, errors),
                    adulthood: AdulthoodArea::parse(&v.text(&format!("r{i}-adulthood"))),
                })
                .collect()
        }
        Section::F | Section::G | Section::H1 | Section::H2 => {
            let lines: Vec<ProvisionLine> = kept_rows(v, "what")
                .into_iter()
                .map(|i| {
                    let field = |name: &str| v.text(&format!("r{i}-{name}"));
                    ProvisionLine {
                        meets: field("meets")
                            .split(',')
                            .map(|m| m.trim().to_uppercase())
                            .filter(|m| !m.is_empty())
                            .collect(),
                        what: field("what"),
                        who: field("who"),
                        expertise: field("expertise"),
                        frequency: field("frequency"),
                        duration: field("duration"),
                        group_size: field("group_size"),
                    }
                })
                .collect();
            match section {
                Section::F => updated.f = lines,
                Section::G => updated.g = lines,
                Section::H1 => updated.h1 = lines,
                _ => updated.h2 = lines,
            }
        }
        Section::J => updated.j = super::budget::read(v, errors),
        Section::K => {
            updated.k = kept_rows(v, "title")
                .into_iter()
                .filter_map(|i| {
                    let received = v.date(
                        &format!("r{i}-received"),
                        Some("Enter the date the advice was received"),
                        errors,
                    )?;
                    Some(Appendix {
                        title: v.text(&format!("r{i}-title")),
                        from: v.text(&format!("r{i}-from")),
                        received_on: received,
                    })
                })
                .collect()
        }
        Section::I => {}
    }
    updated
}
