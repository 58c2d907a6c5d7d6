//! SEN support in schools and early years settings (Code chapters 5 and 6): the register, the
//! graduated approach, the provision map, parents' meetings, one-page profiles, the SEN
//! information report and the progress check at two. Each write is asked of the policy for the
//! school first; what it writes has been parsed into the domain's checked types by the caller.

mod graduated_approach;

pub use graduated_approach::record_support_step;

use crate::versioned::{Versioned, save_edit};
use crate::{Acting, Refused};
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::early_years::ProgressCheck;
use sendcase_domain::policy::{
    Actor, may_edit_information_report, may_edit_one_page_profile, may_lead_sen_support,
};
use sendcase_domain::schools::information_report::{Narrative, merged_narrative};
use sendcase_domain::schools::leavers::leaving_date_problem;
use sendcase_domain::schools::one_page_profile::OnePageProfile;
use sendcase_domain::schools::provision_map::{Intervention, Measures};
use sendcase_store::{AuditMeta, Leaver, RegisterChange, StoreError, StoreResult};
use uuid::Uuid;

/// A school keeps records only of the pupils on its roll today: anyone else is not found.
async fn on_roll(acting: &Acting<'_>, school: Uuid, child: Uuid) -> Result<(), Refused> {
    let record = acting.store.child(child, acting.today).await?;
    let ours = record.is_some_and(|r| r.relations.schools_on_roll.contains(&school));
    if ours { Ok(()) } else { Err(Refused::NotFound) }
}

/// The policy's answer for `school` as a refusal to show.
fn allowed(
    may: fn(&Actor, Uuid) -> bool,
    acting: &Acting<'_>,
    school: Uuid,
) -> Result<(), Refused> {
    if may(acting.actor, school) { Ok(()) } else { Err(Refused::Forbidden) }
}

/// A new entry on the school's SEN register for a pupil on its roll, dated today, made by a
/// SENCO who saw `based_on` entries: refused as stale if someone recorded another meanwhile, as
/// the two entries would otherwise stand in an order neither chose.
pub async fn record_register_entry(
    acting: Acting<'_>,
    school: Uuid,
    child: Uuid,
    change: &RegisterChange,
    based_on: Option<i32>,
) -> Result<(), Refused> {
    allowed(may_lead_sen_support, &acting, school)?;
    on_roll(&acting, school, child).await?;
    let meta = acting.audit(None);
    let recorded =
        acting.store.record_register_entry(school, child, acting.today, change, based_on, &meta);
    recorded.await.map_err(|e| match e {
        StoreError::Stale { newest } => Refused::Stale {
            message: "Someone else changed this pupil's register entry while you were editing it: compare the two and keep one".into(),
            newest,
        },
        other => other.into(),
    })
}

/// A pupil who left the school, `left_on` being their first day off roll: their place ends the
/// day before, and from then the school no longer reaches their record. Their SEN history
/// stays with them for the next school.
pub async fn record_leaver(
    acting: Acting<'_>,
    school: Uuid,
    child: Uuid,
    left_on: Date,
) -> Result<(), Refused> {
    allowed(may_lead_sen_support, &acting, school)?;
    if let Some(why) = leaving_date_problem(left_on, acting.today) {
        return Err(Refused::rule("date-day", why));
    }
    let leaver = [(Leaver::Child(child), left_on)];
    acting.store.record_leavers(school, &leaver, &acting.audit(None)).await.map_err(|e| match e {
        StoreError::NotOnRoll { .. } => Refused::rule(
            "date-day",
            "The pupil was not yet on roll by that date: enter their first day off roll",
        ),
        other => other.into(),
    })
}

/// A meeting the school held with the pupil's parents (Code 6.65): one that has happened.
pub async fn record_parent_meeting(
    acting: Acting<'_>,
    school: Uuid,
    child: Uuid,
    held_on: Date,
    notes: &str,
) -> Result<(), Refused> {
    allowed(may_lead_sen_support, &acting, school)?;
    if held_on > acting.today {
        return Err(Refused::rule(
            "date-day",
            "The meeting must have happened: enter today's date or an earlier one",
        ));
    }
    let meta = acting.audit(None);
    Ok(acting.store.record_parent_meeting(child, school, held_on, notes, &meta).await?)
}

/// The pupil's one-page profile as agreed with them and their parents, edited from version
/// `based_on` (the newest if not said); a new version. Headings others changed meanwhile are
/// kept; the same heading changed by both is refused as stale.
pub async fn save_profile(
    acting: Acting<'_>,
    school: Uuid,
    child: Uuid,
    profile: &OnePageProfile,
    based_on: Option<i32>,
) -> Result<i32, Refused> {
    allowed(may_edit_one_page_profile, &acting, school)?;
    let kept = ProfileAt {
        acting: &acting,
        child,
        school,
        meta: acting.audit(None),
        agreed: profile.agreed_on,
    };
    save_edit(&kept, profile, based_on).await
}

/// A pupil's one-page profile at a school, as versions.
struct ProfileAt<'a> {
    acting: &'a Acting<'a>,
    child: Uuid,
    school: Uuid,
    meta: AuditMeta,
    agreed: Date,
}

#[async_trait]
impl Versioned for ProfileAt<'_> {
    type Record = OnePageProfile;

    fn blank(&self) -> OnePageProfile {
        OnePageProfile {
            agreed_on: self.agreed,
            contributors: String::new(),
            sections: Default::default(),
        }
    }

    async fn version(&self, which: Option<i32>) -> StoreResult<Option<(i32, OnePageProfile)>> {
        let mut stored = self.acting.store.profile_versions(self.child, self.school).await?;
        let found = match which {
            None => stored.pop(),
            Some(n) => stored.into_iter().find(|v| v.version == n),
        };
        Ok(found.map(|v| (v.version, v.profile)))
    }

    fn merge(
        &self,
        mine: &OnePageProfile,
        base: &OnePageProfile,
        theirs: &OnePageProfile,
    ) -> Result<OnePageProfile, String> {
        mine.merged(base, theirs)
    }

    async fn write(&self, profile: &OnePageProfile, newest: i32) -> StoreResult<i32> {
        self.acting.store.save_profile(self.child, self.school, profile, newest, &self.meta).await
    }
}

/// The progress check at age two the child had at the setting (Code 5.23).
pub async fn record_progress_check(
    acting: Acting<'_>,
    setting: Uuid,
    child: Uuid,
    check: &ProgressCheck,
) -> Result<(), Refused> {
    allowed(may_lead_sen_support, &acting, setting)?;
    Ok(acting.store.record_progress_check(child, setting, check, &acting.audit(None)).await?)
}

/// The school's SEN information report (reg 51, Code 6.79), published today, edited from
/// version `based_on` (the newest if not said); its version. Headings others changed meanwhile
/// are kept; the same heading changed by both is refused as stale.
pub async fn publish_information_report(
    acting: Acting<'_>,
    school: Uuid,
    narrative: &Narrative,
    based_on: Option<i32>,
) -> Result<i32, Refused> {
    allowed(may_edit_information_report, &acting, school)?;
    let kept = ReportOf { acting: &acting, school, meta: acting.audit(None) };
    save_edit(&kept, narrative, based_on).await
}

/// A school's SEN information report, as published versions.
struct ReportOf<'a> {
    acting: &'a Acting<'a>,
    school: Uuid,
    meta: AuditMeta,
}

#[async_trait]
impl Versioned for ReportOf<'_> {
    type Record = Narrative;

    fn blank(&self) -> Narrative {
        Narrative::new()
    }

    async fn version(&self, which: Option<i32>) -> StoreResult<Option<(i32, Narrative)>> {
        let report = self.acting.store.information_report(self.school, which).await?;
        Ok(report.map(|r| (r.version, r.narrative)))
    }

    fn merge(
        &self,
        mine: &Narrative,
        base: &Narrative,
        theirs: &Narrative,
    ) -> Result<Narrative, String> {
        merged_narrative(mine, base, theirs)
    }

    async fn write(&self, narrative: &Narrative, newest: i32) -> StoreResult<i32> {
        let store = self.acting.store;
        store
            .save_information_report(self.school, self.acting.today, narrative, newest, &self.meta)
            .await
    }
}

/// An intervention added to the school's provision map; its id.
pub async fn add_intervention(
    acting: Acting<'_>,
    school: Uuid,
    intervention: &Intervention,
) -> Result<Uuid, Refused> {
    allowed(may_lead_sen_support, &acting, school)?;
    Ok(acting.store.add_intervention(school, intervention, &acting.audit(None)).await?)
}

/// A pupil placed on one of the school's interventions, with their entry and exit measures.
pub async fn set_intervention_pupil(
    acting: Acting<'_>,
    school: Uuid,
    intervention: Uuid,
    child: Uuid,
    measures: Measures,
) -> Result<(), Refused> {
    allowed(may_lead_sen_support, &acting, school)?;
    let meta = acting.audit(None);
    Ok(acting.store.set_intervention_pupil(intervention, child, measures, &meta).await?)
}
