//! `sendcase demo --scale la|england`: the largest local authority in England — 25,000 children
//! with plans, 9,500 requests at every stage, 600 settings, 46,000 pupils on SEN support — or
//! every one of England's 153 at its size. Loaded council by council in large transactions, one
//! audit entry per batch saying what it held, each batch generated on a second thread while the
//! last is written, so the load takes both cores and holds two batches at a time.

use crate::CliError;
use crate::progress::Progress;
use crate::scale_cases::{Batch, Cases, FAMILY, GIVEN};
use jiff::civil::Date;
use sendcase_domain::people::identifiers::LaCode;
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::policy::Membership;
use sendcase_store::{AuditMeta, DatabaseUrl, NewOrganisation, NewUser, Store};
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use std::time::Instant;
use uuid::Uuid;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// The largest local authority in England
    La,
    /// Every local authority in England at its size: over 700,000 plans, 1.3 million pupils on
    /// SEN support in 22,000 schools, and a year of 155,000 requests
    England,
}

pub const LA_CODE: &str = "850";
pub const CASEWORKER: &str = "scale.caseworker@example.org";
/// Children generated, and written in one transaction, at a time.
const BATCH: usize = 2_000;
const FIRST_URN: usize = 700_001;

/// What one council holds.
#[derive(Clone, Copy)]
struct Size {
    plans: usize,
    /// Requests still open, spread over the open stages.
    open: usize,
    /// Requests that ended without a plan, so every stage is represented.
    closed: usize,
    settings: usize,
    sen_support: usize,
}

/// The largest council (Hampshire's size), whose lists and return the benches time.
const LARGEST: Size =
    Size { plans: 25_000, open: 8_000, closed: 1_500, settings: 600, sen_support: 46_000 };

/// England's plans, year of requests, schools and pupils on SEN support beyond the largest
/// council's, shared by the other 152.
const REST_OF_ENGLAND: Size = Size {
    plans: 680_000,
    open: 122_500,
    closed: 23_000,
    settings: 21_400,
    sen_support: 1_254_000,
};

/// A council's caseworkers: the largest has 40, the others as many for their plans, at least 2.
const CASEWORKERS: usize = 40;

impl Size {
    fn requests(&self) -> usize {
        self.plans + self.open + self.closed
    }

    fn children(&self) -> usize {
        self.requests() + self.sen_support
    }

    fn part(self, percent: u8) -> Size {
        let part = |n: usize| (n * usize::from(percent)).div_ceil(100);
        Size {
            plans: part(self.plans),
            open: part(self.open),
            closed: part(self.closed),
            settings: part(self.settings).max(1),
            sen_support: part(self.sen_support),
        }
    }

    fn caseworkers(&self) -> usize {
        (self.plans * CASEWORKERS / LARGEST.plans).max(2)
    }
}

/// The councils of `scale`, largest first, and their sizes. Beyond the largest, sizes fall away
/// as a power of their rank, as the published returns do, from about 24,000 plans to about
/// 1,800; which council gets which rank is shuffled rather than following the codes.
fn councils(scale: Scale, percent: u8) -> Result<Vec<(LaCode, Size)>, CliError> {
    let largest: LaCode = LA_CODE.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut councils = vec![(largest.clone(), LARGEST)];
    if scale == Scale::England {
        let others: Vec<LaCode> = LaCode::all().filter(|c| *c != largest).collect();
        let weight = |rank: usize| 1.0 / (rank as f64 + 6.0).powf(0.8);
        let sum: f64 = (0..others.len()).map(weight).sum();
        for (i, code) in others.into_iter().enumerate() {
            // 67 shares no factor with 152, so this visits every rank once.
            let share = weight((i * 67) % 152) / sum;
            let of = |n: usize| (n as f64 * share).ceil() as usize;
            let r = REST_OF_ENGLAND;
            let size = Size {
                plans: of(r.plans),
                open: of(r.open),
                closed: of(r.closed),
                settings: of(r.settings),
                sen_support: of(r.sen_support),
            };
            councils.push((code, size));
        }
    }
    Ok(councils.into_iter().map(|(code, size)| (code, size.part(percent))).collect())
}

/// What a load added.
pub struct Loaded {
    councils: usize,
    requests: usize,
    sen_support: usize,
}

impl fmt::Display for Loaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let councils = if self.councils == 1 { "council" } else { "councils" };
        write!(
            f,
            "{} {councils}, {} requests, {} pupils on SEN support",
            self.councils, self.requests, self.sen_support
        )
    }
}

pub async fn run(url: &DatabaseUrl, scale: Scale, percent: u8) -> Result<(), CliError> {
    let store = sendcase_store::connect(url).await?;
    let started = Instant::now();
    // Summaries already held are brought up to the clock and calendar the load's own are
    // computed with, before the load: after it, every loaded one would be computed again.
    let calendar = sendcase_domain::clock::calendar::Calendar::england_and_wales();
    crate::rebuild::bring_up_to_date(store.as_ref(), calendar).await?;
    match load(store.as_ref(), scale, percent, crate::demo::TODAY).await? {
        Some(loaded) => println!(
            "scale demo loaded into {url}: {loaded} in {:.1} s",
            started.elapsed().as_secs_f64()
        ),
        None => println!("the scale demo is already in {url}: nothing to do"),
    }
    println!("sign in as {CASEWORKER} with the password {}", crate::demo::PASSWORD);
    Ok(())
}

/// Where a council's settings and requests start among every council's, so each council's
/// URNs and seeds are the same whichever scale loads it.
struct Start {
    urn: usize,
    request: usize,
}

/// Loads the councils of `scale` that are not already there; `None` when all are.
pub async fn load(
    store: &dyn Store,
    scale: Scale,
    percent: u8,
    today: Date,
) -> Result<Option<Loaded>, CliError> {
    let present: HashSet<LaCode> =
        store.organisations().await?.into_iter().filter_map(|o| o.la_code).collect();
    let mut start = Start { urn: FIRST_URN, request: 0 };
    let mut missing = vec![];
    for (code, size) in councils(scale, percent)? {
        let next =
            Start { urn: start.urn + size.settings, request: start.request + size.requests() };
        if !present.contains(&code) {
            missing.push((code, size, start));
        }
        start = next;
    }
    if missing.is_empty() {
        return Ok(None);
    }
    let meta = AuditMeta::system(format!("scale-demo-{}", Uuid::now_v7()));
    let hash = sendcase_web::auth::hash_password(crate::demo::PASSWORD)?;
    let total = missing.iter().map(|(_, size, _)| size.children()).sum();
    let progress = Progress::new(total, "children");
    let mut loaded = Loaded { councils: 0, requests: 0, sen_support: 0 };
    let mut done = 0;
    let mut counted = 0;
    for (code, size, start) in missing {
        let cases = Arc::new(council(store, (&code, &size, &start), today, &hash, &meta).await?);
        let batches: Vec<_> = (0..size.children())
            .step_by(BATCH)
            .map(|s| s..(s + BATCH).min(size.children()))
            .collect();
        let generate = |k: usize| {
            let (cases, range) = (cases.clone(), batches.get(k).cloned());
            range.map(|range| tokio::task::spawn_blocking(move || cases.batch(range)))
        };
        let mut next = generate(0);
        let mut k = 0;
        while let Some(generating) = next {
            let batch: Batch = generating
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            next = generate(k + 1);
            let range = &batches[k];
            let note = format!(
                "scale demo: {} children {} to {} of {}",
                code.name(),
                range.start + 1,
                range.end,
                size.children()
            );
            store.load_in_bulk(&batch.0, &batch.1, &note, &meta).await?;
            progress.show(done + range.end);
            // PostgreSQL keeps a connection's plan for each statement the load repeats until the
            // statistics change, and with autovacuum off nothing counts the rows again: a
            // delete by key planned on empty tables went on scanning them whole, slower with
            // each batch. Counted again each time the load doubles, the tables are planned at
            // no less than half their size.
            if done + range.end >= 2 * counted.max(BATCH) {
                store.refresh_statistics().await?;
                counted = done + range.end;
            }
            k += 1;
        }
        done += size.children();
        loaded.councils += 1;
        loaded.requests += size.requests();
        loaded.sen_support += size.sen_support;
    }
    progress.finish();
    // A database planned on no statistics reads whole tables where an index would do: every
    // caller (the demo command and the benches) gets the plans a settled database would.
    if counted != done {
        store.refresh_statistics().await?;
    }
    Ok(Some(loaded))
}

/// Creates a council with its settings and caseworkers; what its children are generated from.
async fn council(
    store: &dyn Store,
    (code, size, start): (&LaCode, &Size, &Start),
    today: Date,
    hash: &str,
    meta: &AuditMeta,
) -> Result<Cases, CliError> {
    let la = Uuid::now_v7();
    let name = format!("{} (scale demo)", code.name());
    let mut organisations =
        vec![(la, NewOrganisation::local_authority(code.clone(), name.clone()))];
    let mut settings = Vec::with_capacity(size.settings);
    for i in 0..size.settings {
        let phase = ["Primary", "Primary", "Secondary", "All-through"][i % 4];
        let urn = start.urn + i;
        let setting = (Uuid::now_v7(), format!("Setting {urn} {phase} School"));
        organisations.push((
            setting.0,
            NewOrganisation {
                kind: OrganisationKind::School,
                name: setting.1.clone(),
                la_code: None,
                urn: Some(urn.to_string().parse().map_err(|e| anyhow::anyhow!("{e}"))?),
                phase: Some(phase.into()),
                school_type: Some("Community school".into()),
                ukprn: None,
                local_authority_id: Some(la),
            },
        ));
        settings.push(setting);
    }
    let note = format!("scale demo: {name} and its {} settings", size.settings);
    store.load_organisations_in_bulk(&organisations, &note, meta).await?;
    let mut caseworkers = vec![];
    for i in 0..size.caseworkers() {
        let email = match (i, code.as_ref()) {
            (0, LA_CODE) => CASEWORKER.to_owned(),
            (_, LA_CODE) => format!("scale.caseworker{i}@example.org"),
            (_, code) => format!("scale.caseworker{i}.{code}@example.org"),
        };
        let memberships = vec![Membership { role: Role::LaCaseworker, organisation_id: Some(la) }];
        let name = format!("{} {}", GIVEN[i % GIVEN.len()], FAMILY[(i * 7) % FAMILY.len()]);
        let new = NewUser { email, display_name: name, password_hash: hash.into(), memberships };
        caseworkers.push(store.create_user(new, meta).await?);
    }
    Ok(Cases {
        la,
        la_code: code.clone(),
        settings,
        first_urn: start.urn,
        caseworkers,
        plans: size.plans,
        open: size.open,
        closed: size.closed,
        first_request: start.request,
        today,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn england_is_every_council_at_the_national_totals_with_the_largest_first() {
        let england = councils(Scale::England, 100).unwrap();
        let codes: HashSet<_> = england.iter().map(|(code, _)| code.clone()).collect();
        assert_eq!((england.len(), codes.len()), (153, 153));
        assert_eq!(england[0].0.as_ref(), LA_CODE);
        let sum = |of: fn(&Size) -> usize| england.iter().map(|(_, s)| of(s)).sum::<usize>();
        assert!((700_000..710_000).contains(&sum(|s| s.plans)));
        assert!((155_000..156_000).contains(&sum(|s| s.open + s.closed)));
        assert!((22_000..22_200).contains(&sum(|s| s.settings)));
        assert!((1_300_000..1_301_000).contains(&sum(|s| s.sen_support)));
        let others = &england[1..];
        assert!(others.iter().all(|(_, s)| s.plans < LARGEST.plans && s.plans > 1_000));
        // Shuffled: sizes do not fall with the codes.
        assert!(others.windows(2).any(|w| w[0].1.plans < w[1].1.plans));
        assert_eq!(england[0].1.caseworkers(), CASEWORKERS);
    }

    #[test]
    fn a_part_of_a_scale_keeps_a_setting_and_two_caseworkers_for_each_council() {
        let la = councils(Scale::La, 1).unwrap();
        let (code, size) = &la[0];
        assert_eq!((la.len(), code.as_ref()), (1, LA_CODE));
        assert_eq!((size.plans, size.requests(), size.children()), (250, 345, 805));
        let smallest = councils(Scale::England, 1).unwrap();
        assert!(smallest.iter().all(|(_, s)| s.settings >= 1 && s.caseworkers() == 2));
    }
}
