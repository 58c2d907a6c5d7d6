//! What the designated clinical or medical officer reads (Code 3.46–3.47): the plans of the
//! local area their health body serves, and of each only its health part — the health needs and
//! provision (sections C and G) and the health advice behind them. Every listing and every plan
//! read is audited before anything is returned, and so is every refusal.

use crate::documents::advice_shown;
use crate::ehc::file::{final_plan, issued_draft};
use crate::{Acting, Refused};
use jiff::civil::Date;
use sendcase_domain::documents::AppendedAdvice;
use sendcase_domain::ehc::plan::Section;
use sendcase_domain::ehc::records::AdviceKind;
use sendcase_domain::people::roles::OrganisationKind;
use sendcase_domain::policy::{
    Decision, HealthBody, decide_health_part, designated_for, health_areas,
};
use sendcase_store::{Child, PlanRow, PlansQuery, StoreResult, VersionedPage};
use uuid::Uuid;

/// The health bodies `acting` is designated for, each with the council whose area it serves.
pub(crate) async fn bodies(acting: &Acting<'_>) -> StoreResult<Vec<HealthBody>> {
    let mut bodies = vec![];
    for id in designated_for(acting.actor) {
        let body = acting.store.organisation(id).await?;
        if let Some(area) = body
            .filter(|b| b.kind == OrganisationKind::HealthBody)
            .and_then(|b| b.local_authority_id)
        {
            bodies.push(HealthBody { id, area });
        }
    }
    Ok(bodies)
}

/// The councils whose plans `acting` oversees the health part of; none for anyone but a
/// designated clinical officer.
pub async fn areas(acting: &Acting<'_>) -> StoreResult<Vec<Uuid>> {
    Ok(health_areas(acting.actor, &bodies(acting).await?))
}

/// One page of the plans of `acting`'s areas that `query` (whose councils are replaced by those
/// areas) reaches, audited as a listing; refused for anyone with no area.
pub async fn area_plans(
    acting: &Acting<'_>,
    mut query: PlansQuery,
) -> Result<VersionedPage<PlanRow>, Refused> {
    query.la_ids = areas(acting).await?;
    let meta = acting.audit(None);
    if query.la_ids.is_empty() {
        acting.store.record_access(&meta, "refused", "health_plans", None).await?;
        return Err(Refused::Forbidden);
    }
    acting.store.record_access(&meta, "list", "health_plans", None).await?;
    Ok(acting.store.plans_in_force(&query).await?)
}

/// The health part of one request's plan, as its area's designated clinical officer reads it.
pub struct HealthPart {
    pub child: Child,
    pub council: String,
    /// The plan read: the one in force, or before that the draft sent to the family.
    pub plan: Option<PlanShown>,
    /// The health advice asked for, with what it said once given.
    pub advice: Vec<AppendedAdvice>,
}

pub struct PlanShown {
    pub final_plan: bool,
    pub issued_on: Option<Date>,
    pub health_needs: Vec<String>,
    pub health_provision: Vec<String>,
}

/// The health part of request `id`'s plan, if `acting` is the designated clinical officer of the
/// child's council's area; the read or refusal is audited first.
pub async fn health_part(acting: &Acting<'_>, id: Uuid) -> Result<HealthPart, Refused> {
    let store = acting.store;
    let case = store.ehc_case(id).await?.ok_or(Refused::NotFound)?;
    let record =
        store.child(case.request.child_id, acting.today).await?.ok_or(Refused::NotFound)?;
    let decision =
        decide_health_part(acting.actor, &bodies(acting).await?, record.relations.responsible_la);
    let (verb, role) = match decision {
        Decision::Allowed(role) => ("read", Some(role)),
        Decision::Refused(_) => ("refused", None),
    };
    store.record_access(&acting.audit(role), verb, "health_part", Some(&id.to_string())).await?;
    decision.allowed()?;
    let versions = store.plan_versions(id).await?;
    let plan = final_plan(&versions).or_else(|| issued_draft(&versions)).map(|v| PlanShown {
        final_plan: v.issued.as_deref() == Some("final"),
        issued_on: v.issued_on,
        health_needs: v.plan.section_lines(Section::C),
        health_provision: v.plan.section_lines(Section::G),
    });
    let health = AdviceKind::Health.code();
    let asked: Vec<_> = store
        .case_advice_requests(id)
        .await?
        .into_iter()
        .filter(|a| a.advice_kind == health)
        .collect();
    let council = store.organisation(record.child.responsible_la_id).await?;
    Ok(HealthPart {
        council: council.map(|c| c.name).unwrap_or_default(),
        child: record.child,
        plan,
        advice: advice_shown(&asked, false),
    })
}
