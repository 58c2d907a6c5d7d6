//! Who takes part in a young person's case from the end of compulsory school age: the young
//! person agrees or withdraws a parent's part, or the council records it for them, or records a
//! decision under the Mental Capacity Act 2005 (Code 8.13–8.15, Annex 1).

use crate::{Acting, Refused};
use jiff::civil::Date;
use sendcase_domain::people::young_person_rights::{DecisionError, FamilyDecision, check_decision};
use sendcase_domain::policy::{FamilyDecisionKind, decide_family_decision};
use uuid::Uuid;

/// Records `decision`, made on `decided_on`, about the young person `child`.
pub async fn record_family_decision(
    acting: Acting<'_>,
    child: Uuid,
    decision: FamilyDecision,
    decided_on: Date,
) -> Result<(), Refused> {
    let record = acting.store.child(child, acting.today).await?.ok_or(Refused::NotFound)?;
    let kind = match decision {
        FamilyDecision::ParentAccess { .. } => FamilyDecisionKind::ParentAccess,
        FamilyDecision::Capacity { .. } => FamilyDecisionKind::Capacity,
    };
    let role =
        decide_family_decision(acting.actor, kind, &record.relations, acting.today).allowed()?;
    let relations = &record.relations;
    check_decision(relations.birth_date, &relations.parents, decision, decided_on, acting.today)
        .map_err(|e| {
            let field = match e {
                DecisionError::BeforeRightsPass(_) => "",
                DecisionError::InTheFuture | DecisionError::BeforeBirth => "decided_on",
                DecisionError::NotTheirParent => "decision",
            };
            Refused::rule(field, e.to_string())
        })?;
    let meta = acting.audit(Some(role));
    Ok(acting.store.record_family_decision(child, decision, decided_on, &meta).await?)
}
