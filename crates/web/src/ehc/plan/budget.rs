//! Section J's form: whether a budget was asked for, the amounts agreed, and each part held as
//! a direct payment, an organised arrangement or a notional budget with the lines it pays for.

use crate::error::FieldError;
use crate::page::forms::{Field, Fieldset, FormValues, Kind};
use sendcase_domain::ehc::plan::{BudgetPart, DirectPayment, PersonalBudget};

/// The three ways a part is held: its field prefix and legend.
const PARTS: [(&str, &str); 3] = [
    ("dp", "Direct payment"),
    ("oa", "Organised arrangement (the council or another holds the money)"),
    ("nb", "Notional budget (the setting's funding, set out for the family)"),
];

fn pounds(amount: u32) -> String {
    if amount == 0 { String::new() } else { amount.to_string() }
}

pub fn fieldsets(budget: &PersonalBudget, values: Option<&FormValues>) -> Vec<Fieldset> {
    let val = |name: &str, stored: String| values.map(|v| v.text(name)).unwrap_or(stored);
    let amount = |name: &str, label: &str, stored: u32| {
        Field::new(name, label, Kind::Text)
            .hint("Whole pounds a year, for example 1200")
            .value(val(name, pounds(stored)))
    };
    let mut sets = vec![Fieldset::new(
        "",
        vec![
            Field::new("requested", "The family has asked for a personal budget", Kind::Checkbox)
                .value(val(
                    "requested",
                    if budget.requested { "yes".into() } else { String::new() },
                )),
            Field::new(
                "arrangements",
                "Arrangements, and the needs and outcomes any direct payment meets",
                Kind::Textarea,
            )
            .value(val("arrangements", budget.arrangements.clone())),
            amount("education", "Agreed for education", budget.education),
            amount("health", "Agreed for health", budget.health),
            amount("social_care", "Agreed for social care", budget.social_care),
        ],
    )];
    let held = [
        budget.direct_payment.as_ref().map(|d| &d.part),
        budget.organised.as_ref(),
        budget.notional.as_ref(),
    ];
    for ((prefix, legend), part) in PARTS.into_iter().zip(held) {
        let part = part.cloned().unwrap_or_default();
        let mut fields = vec![
            amount(&format!("{prefix}_amount"), "Amount", part.amount),
            Field::new(format!("{prefix}_pays_for"), "Provision it pays for", Kind::Text)
                .hint("The lines of sections F, G and H, for example F1, H2.1")
                .value(val(&format!("{prefix}_pays_for"), part.pays_for.join(", "))),
        ];
        if prefix == "dp" {
            let agreed = budget.direct_payment.as_ref().map(|d| d.agreed_on.to_string());
            let typed = values.map(|v| v.date_as_typed("dp_agreed"));
            fields.push(
                Field::new("dp_agreed", "Date the direct payment was agreed", Kind::Date)
                    .hint("For example, 12 1 2026")
                    .value(typed.or(agreed).unwrap_or_default()),
            );
        }
        sets.push(Fieldset::new(legend, fields));
    }
    sets
}

fn amount(v: &FormValues, name: &str, errors: &mut Vec<FieldError>) -> u32 {
    let text = v.text(name).replace([',', '£'], "");
    if text.is_empty() {
        return 0;
    }
    text.parse().unwrap_or_else(|_| {
        errors.push(FieldError::new(name, "Enter an amount in whole pounds, like 1200"));
        0
    })
}

/// Section J as submitted; what it must agree with in the plan is the use case's to judge.
pub fn read(v: &FormValues, errors: &mut Vec<FieldError>) -> PersonalBudget {
    let part = |prefix: &str, errors: &mut Vec<FieldError>| {
        let amount = amount(v, &format!("{prefix}_amount"), errors);
        let pays_for: Vec<String> = v
            .text(&format!("{prefix}_pays_for"))
            .split(',')
            .map(|r| r.trim().to_uppercase())
            .filter(|r| !r.is_empty())
            .collect();
        (amount > 0 || !pays_for.is_empty()).then_some(BudgetPart { amount, pays_for })
    };
    let direct = part("dp", errors);
    let agreed = v.date(
        "dp_agreed",
        direct.as_ref().map(|_| "Enter the date the direct payment was agreed"),
        errors,
    );
    PersonalBudget {
        requested: v.checked("requested"),
        arrangements: v.text("arrangements"),
        education: amount(v, "education", errors),
        health: amount(v, "health", errors),
        social_care: amount(v, "social_care", errors),
        direct_payment: direct
            .zip(agreed)
            .map(|(part, agreed_on)| DirectPayment { agreed_on, part }),
        organised: part("oa", errors),
        notional: part("nb", errors),
    }
}
