//! Section J, the personal budget (s49; the Personal Budgets Regulations 2014; Code 9.95–9.124):
//! whether one was asked for, the amount agreed for education, health and social care, and how
//! it is held: as a direct payment (with the day it was agreed), as an organised arrangement or
//! as a notional budget, each tied to the lines of provision in F, G or H it pays for.

use super::{EhcPlan, Section};
use crate::clock::long_date;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Section J. Amounts are whole pounds a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalBudget {
    pub requested: bool,
    pub arrangements: String,
    #[serde(default)]
    pub education: u32,
    #[serde(default)]
    pub health: u32,
    #[serde(default)]
    pub social_care: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_payment: Option<DirectPayment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organised: Option<BudgetPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notional: Option<BudgetPart>,
}

/// Part of the budget held one way, and the provision it pays for (`F1`, `G2`, `H1.1`, `H2.3`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetPart {
    pub amount: u32,
    pub pays_for: Vec<String>,
}

/// A direct payment is made under an agreement with the family, from the day it was agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectPayment {
    pub agreed_on: Date,
    #[serde(flatten)]
    pub part: BudgetPart,
}

/// The line of provision a reference names: `F1` is F's first line, `H2.3` H2's third.
pub fn provision_line(reference: &str) -> Option<(Section, usize)> {
    let reference = reference.trim().to_uppercase();
    let (section, number) = match reference.split_once('.') {
        Some((section, number)) => (Section::parse(section)?, number),
        None => (Section::parse(reference.get(..1)?)?, reference.get(1..)?),
    };
    let number: usize = number.parse().ok().filter(|n| *n > 0)?;
    matches!(section, Section::F | Section::G | Section::H1 | Section::H2)
        .then_some((section, number))
}

impl PersonalBudget {
    pub fn agreed(&self) -> u32 {
        self.education + self.health + self.social_care
    }

    fn parts(&self) -> [(&'static str, Option<&BudgetPart>); 3] {
        [
            ("direct payment", self.direct_payment.as_ref().map(|d| &d.part)),
            ("organised arrangement", self.organised.as_ref()),
            ("notional budget", self.notional.as_ref()),
        ]
    }

    /// Whether a budget is in place: an amount agreed or a part held (SEN2's `PB`).
    pub fn taken_up(&self) -> bool {
        self.agreed() > 0 || self.parts().iter().any(|(_, p)| p.is_some())
    }

    /// Why the budget cannot stand in `plan`, as `(field, message)`: a part pays for a line the
    /// plan does not have, or the parts come to more than was agreed.
    pub fn problem(&self, plan: &EhcPlan) -> Option<(&'static str, String)> {
        for ((_, part), field) in
            self.parts().into_iter().zip(["dp_pays_for", "oa_pays_for", "nb_pays_for"])
        {
            for reference in part.map(|p| p.pays_for.as_slice()).unwrap_or_default() {
                let exists = provision_line(reference)
                    .is_some_and(|(section, n)| n <= plan.provision(section).len());
                if !exists {
                    return Some((
                        field,
                        format!(
                            "There is no line of provision \"{reference}\": give lines such as F1 or H2.1"
                        ),
                    ));
                }
            }
        }
        let held: u32 = self.parts().iter().filter_map(|(_, p)| p.map(|p| p.amount)).sum();
        (held > self.agreed()).then(|| {
            (
                "education",
                format!("The parts come to £{held}, more than the £{} agreed", self.agreed()),
            )
        })
    }

    /// Section J in words, for the plan's page and document.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "Personal budget requested: {}{}",
            if self.requested { "yes" } else { "no" },
            if self.arrangements.is_empty() {
                String::new()
            } else {
                format!(" — {}", self.arrangements)
            }
        )];
        if self.agreed() > 0 {
            lines.push(format!(
                "Agreed: £{} a year (education £{}, health £{}, social care £{})",
                self.agreed(),
                self.education,
                self.health,
                self.social_care
            ));
        }
        for (kind, part) in self.parts() {
            let Some(part) = part else { continue };
            let mut line = format!("{}: £{} a year", capitalised(kind), part.amount);
            if let (Some(dp), "direct payment") = (&self.direct_payment, kind) {
                line.push_str(&format!(", agreed {}", long_date(dp.agreed_on)));
            }
            if !part.pays_for.is_empty() {
                line.push_str(&format!(", paying for {}", part.pays_for.join(", ")));
            }
            lines.push(line);
        }
        lines
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ehc::plan::ProvisionLine;

    fn plan_with_f() -> EhcPlan {
        EhcPlan {
            f: vec![ProvisionLine::default()],
            h2: vec![ProvisionLine::default()],
            ..EhcPlan::default()
        }
    }

    #[test]
    fn references_name_a_section_s_line() {
        assert_eq!(provision_line("f1"), Some((Section::F, 1)));
        assert_eq!(provision_line("H2.3"), Some((Section::H2, 3)));
        assert_eq!(provision_line("B1"), None);
        assert_eq!(provision_line("F0"), None);
        assert_eq!(provision_line("H11"), None);
    }

    #[test]
    fn a_part_pays_for_lines_the_plan_has() {
        let part = |pays: &str| BudgetPart { amount: 100, pays_for: vec![pays.into()] };
        let mut budget = PersonalBudget {
            social_care: 500,
            organised: Some(part("F2")),
            ..PersonalBudget::default()
        };
        assert_eq!(budget.problem(&plan_with_f()).unwrap().0, "oa_pays_for");
        budget.organised = Some(part("H2.1"));
        assert_eq!(budget.problem(&plan_with_f()), None);
    }

    #[test]
    fn the_parts_come_to_no_more_than_was_agreed() {
        let dp = DirectPayment {
            agreed_on: jiff::civil::date(2026, 1, 26),
            part: BudgetPart { amount: 600, pays_for: vec![] },
        };
        let mut budget =
            PersonalBudget { health: 500, direct_payment: Some(dp), ..PersonalBudget::default() };
        assert!(budget.problem(&plan_with_f()).unwrap().1.contains("more than the £500 agreed"));
        budget.social_care = 100;
        assert_eq!(budget.problem(&plan_with_f()), None);
        assert!(budget.taken_up());
        assert!(!PersonalBudget::default().taken_up());
        assert_eq!(budget.lines()[2], "Direct payment: £600 a year, agreed Monday 26 January 2026");
    }
}
