//! The checks a council runs before it submits: the rules the standards document, each a pure
//! function of the values the file will carry, and [`check`], which names the person, module,
//! field and rule of every value that breaks one.

use crate::model::{Person, Request, Setting};
use crate::standards::listed;
use jiff::civil::Date;
use sendcase_domain::people::identifiers::{Uln, Upn};
use sendcase_domain::schools::gias::SenProvision;
use std::collections::HashMap;
use std::fmt;
use uuid::Uuid;

/// One value that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub child_id: Uuid,
    /// The request the value comes from, when it comes from one.
    pub request_id: Option<Uuid>,
    pub person: String,
    pub birth_date: Date,
    pub module: &'static str,
    pub field: &'static str,
    pub rule: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (born {}): {} {}: {}",
            self.person, self.birth_date, self.module, self.field, self.rule
        )
    }
}

/// Outcomes Y and N carry the date of the decision; A, W and H carry none.
pub fn outcome_date_rule(outcome: &str, date: Option<Date>) -> Option<String> {
    match (outcome, date) {
        ("Y" | "N", None) => Some(format!("an outcome of {outcome} needs its date")),
        ("A" | "W" | "H", Some(_)) => Some(format!("an outcome of {outcome} has no date")),
        _ => None,
    }
}

/// A UPN is 13 characters whose first is the check letter of the rest (DfE rule 1510).
pub fn upn_rule(upn: &str) -> Option<String> {
    upn.parse::<Upn>().err().map(|e| format!("\"{upn}\" is not a valid UPN: {e}"))
}

/// A ULN is 10 digits whose weighted sum passes its check.
pub fn uln_rule(uln: &str) -> Option<String> {
    uln.parse::<Uln>().err().map(|e| format!("\"{uln}\" is not a valid ULN: {e}"))
}

/// A record anonymised once its retention passed cannot be returned again as it was sent: its
/// UPN, names and day of birth are no longer held, and no `UPNunknown` reason says so. The
/// return as submitted is the DfE's copy.
pub fn anonymised_rule(on: Date) -> String {
    format!(
        "the record was anonymised on {on} under the retention schedule: its UPN, names and day \
         of birth are no longer held, so this return cannot be made again as it was sent"
    )
}

/// `UPNunknown` gives the reason only when there is neither UPN nor ULN, and then it must.
pub fn upn_unknown_rule(upn: bool, uln: bool, unknown: Option<&str>) -> Option<String> {
    match (upn || uln, unknown) {
        (true, Some(_)) => Some("UPNunknown is given only when there is no UPN or ULN".into()),
        (false, None) => Some("with no UPN or ULN, UPNunknown must give the reason".into()),
        _ => None,
    }
}

/// `later` is not before `earlier`.
pub fn order_rule(earlier: (&str, Option<Date>), later: (&str, Option<Date>)) -> Option<String> {
    match (earlier.1, later.1) {
        (Some(a), Some(b)) if b < a => Some(format!("{} is before {}", later.0, earlier.0)),
        _ => None,
    }
}

/// A cease reason goes with a cease date, and a cease date with its reason.
pub fn cease_rule(date: Option<Date>, reason: Option<&str>) -> Option<String> {
    match (date, reason) {
        (None, Some(_)) => Some("a cease reason needs a cease date".into()),
        (Some(_), None) => Some("a cease date needs a cease reason".into()),
        _ => None,
    }
}

/// A code is one of its list in the standards.
pub fn code_rule(list: &str, code: &str) -> Option<String> {
    (!listed(list, code)).then(|| format!("\"{code}\" is not in the {list} code list"))
}

/// Each rank is held by one setting of a plan.
pub fn rank_rule(settings: &[Setting]) -> Option<String> {
    let mut ranks: Vec<u8> = settings.iter().map(|s| s.rank).collect();
    ranks.sort_unstable();
    let repeated = ranks.windows(2).find(|w| w[0] == w[1]).map(|w| w[0]);
    repeated.map(|rank| format!("placement rank {rank} is given to more than one setting"))
}

/// A setting is named by its URN, its UKPRN or, with neither, its SENsetting: one of them.
pub fn setting_rule(s: &Setting) -> Option<String> {
    let given = [&s.urn, &s.ukprn, &s.sen_setting].iter().filter(|v| v.is_some()).count();
    (given != 1).then(|| "a setting has exactly one of URN, UKPRN and SENsetting".into())
}

/// What GIAS says of each establishment's SEN unit and resourced provision, by URN.
pub type SenProvisionByUrn = HashMap<String, SenProvision>;

/// A place in a SEN unit or resourced provision is claimed only at an establishment GIAS lists
/// one at (the W-SEN2 check of plans and placements). One GIAS has not described is not judged.
pub fn gias_rule(urn: &str, claimed: bool, listed: Option<bool>, what: &str) -> Option<String> {
    (claimed && listed == Some(false)).then(|| format!("GIAS lists no {what} at URN {urn}"))
}

/// An active plan names one or two SEN types, ranked 1 and then 2.
pub fn needs_rule(needs: &[(String, u8)]) -> Option<String> {
    let ranks: Vec<u8> = needs.iter().map(|(_, r)| *r).collect();
    match ranks.as_slice() {
        [] => {
            Some("an active plan names its primary SEN type (record it on the SEN register)".into())
        }
        [1] | [1, 2] => None,
        _ => Some("an active plan names one or two SEN types, ranked 1 and 2".into()),
    }
}

/// Every value of `person` that breaks a rule, with what GIAS says of the settings named.
pub fn check(person: &Person, gias: &SenProvisionByUrn) -> Vec<Problem> {
    let mut found = Found { person, gias, request: None, problems: vec![] };
    if let Some(upn) = &person.upn {
        found.add("Person", "UPN", upn_rule(upn));
    }
    if let Some(uln) = &person.uln {
        found.add("Person", "UniqueLearnerNumber", uln_rule(uln));
    }
    let unknown = person.upn_unknown.as_deref();
    if let Some(on) = person.anonymised_on {
        found.add("Person", "UPN", Some(anonymised_rule(on)));
    } else {
        found.add(
            "Person",
            "UPNunknown",
            upn_unknown_rule(person.upn.is_some(), person.uln.is_some(), unknown),
        );
    }
    if let Some(code) = unknown {
        found.add("Person", "UPNunknown", code_rule("UPNunknown", code));
    }
    for r in &person.requests {
        found.request = Some(r.request_id);
        found.request(r);
    }
    found.problems
}

struct Found<'a> {
    person: &'a Person,
    gias: &'a SenProvisionByUrn,
    request: Option<Uuid>,
    problems: Vec<Problem>,
}

impl Found<'_> {
    fn add(&mut self, module: &'static str, field: &'static str, rule: Option<String>) {
        if let Some(rule) = rule {
            self.problems.push(Problem {
                child_id: self.person.child_id,
                request_id: self.request,
                person: self.person.name(),
                birth_date: self.person.birth_date,
                module,
                field,
                rule,
            });
        }
    }

    fn request(&mut self, r: &Request) {
        const M: &str = "Requests";
        self.add(M, "RequestOutcome", code_rule("RequestOutcome", &r.outcome));
        self.add(M, "RequestOutcomeDate", outcome_date_rule(&r.outcome, r.outcome_date));
        let received = ("ReceivedDate", Some(r.received));
        self.add(
            M,
            "RequestOutcomeDate",
            order_rule(received, ("RequestOutcomeDate", r.outcome_date)),
        );
        match &r.source {
            Some(code) => self.add(M, "RequestSource", code_rule("RequestSource", code)),
            None => self.add(M, "RequestSource", Some("the request's source is required".into())),
        }
        if let Some(a) = &r.assessment {
            const A: &str = "Assessment";
            self.add(A, "AssessmentOutcome", code_rule("AssessmentOutcome", &a.outcome));
            self.add(A, "AssessmentOutcomeDate", outcome_date_rule(&a.outcome, a.outcome_date));
            let decided = ("RequestOutcomeDate", r.outcome_date);
            self.add(
                A,
                "AssessmentOutcomeDate",
                order_rule(decided, ("AssessmentOutcomeDate", a.outcome_date)),
            );
            if let Some(p) = &a.plan {
                const N: &str = "NamedPlan";
                self.add(N, "StartDate", order_rule(received, ("StartDate", Some(p.start))));
                self.add(
                    N,
                    "CeaseDate",
                    order_rule(("StartDate", Some(p.start)), ("CeaseDate", p.cease_date)),
                );
                self.add(N, "CeaseReason", cease_rule(p.cease_date, p.cease_reason.as_deref()));
                if let Some(code) = &p.cease_reason {
                    self.add(N, "CeaseReason", code_rule("CeaseReason", code));
                }
                if let Some(code) = &p.res {
                    self.add(N, "PlanRes", code_rule("PlanRes_RES", code));
                }
                self.add(
                    N,
                    "PlanDetail",
                    p.details
                        .is_empty()
                        .then(|| "a plan names its setting: record its placement".into()),
                );
                self.settings("PlanDetail", &p.details);
            }
        }
        if let Some(a) = &r.active {
            const P: &str = "ActivePlans";
            if let Some(code) = &a.review_outcome {
                self.add(P, "ReviewOutcome", code_rule("ReviewOutcome", code));
            }
            self.add(
                P,
                "LastReview",
                order_rule(("ReviewMeeting", a.review_meeting), ("LastReview", a.last_review)),
            );
            self.add(
                P,
                "PlacementDetail",
                a.placements.is_empty().then(|| {
                    "an active plan has its placement on the survey day: record it".into()
                }),
            );
            self.settings("PlacementDetail", &a.placements);
            self.add("SENneed", "SENtype", needs_rule(&a.needs));
            for (need, _) in &a.needs {
                self.add("SENneed", "SENtype", code_rule("SENtype", need));
            }
        }
    }

    fn settings(&mut self, module: &'static str, settings: &[Setting]) {
        self.add(module, "PlacementRank", rank_rule(settings));
        for s in settings {
            self.add(module, "URN", setting_rule(s));
            self.add(module, "PlacementRank", code_rule("PlacementRank", &s.rank.to_string()));
            if let Some(code) = &s.sen_setting {
                self.add(module, "SENsetting", code_rule("SENsetting", code));
            }
            if let Some(code) = &s.res {
                self.add(module, "RES", code_rule("PlanRes_RES", code));
            }
            if let Some(urn) = &s.urn {
                let listed = self.gias.get(urn);
                let unit = gias_rule(urn, s.sen_unit, listed.map(|l| l.sen_unit), "SEN unit");
                self.add(module, "SENunitIndicator", unit);
                let resourced = listed.map(|l| l.resourced_provision);
                let resourced =
                    gias_rule(urn, s.resourced_provision, resourced, "resourced provision");
                self.add(module, "ResourcedProvisionIndicator", resourced);
            }
            self.add(
                module,
                "LeavingDate",
                order_rule(("EntryDate", s.entry), ("LeavingDate", s.leaving)),
            );
        }
    }
}

#[cfg(test)]
mod tests;
