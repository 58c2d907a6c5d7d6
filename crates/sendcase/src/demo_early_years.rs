//! The demo's early years: children aged two to four at Harbourside Nursery School on its SEN
//! register (so its cycles, meetings and provision map work as at a school), the nursery's SENCO,
//! one progress check at two that found a concern, and one child whose check is due now.

use crate::CliError;
use jiff::civil::{Date, date};
use sendcase_domain::early_years::{Judgement, ProgressCheck};
use sendcase_domain::people::identifiers::{LaCode, synthetic_nhs_number, synthetic_upn};
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::Membership;
use sendcase_store::{AuditMeta, NewChild, NewUser, PupilImport, Store};
use uuid::Uuid;

pub const NURSERY_SENCO: &str = "nursery.senco@example.org";

/// Given name, family name, birth date, start at the nursery, census year group and SEN entry.
type Child =
    (&'static str, &'static str, Date, Date, &'static str, (&'static str, Option<&'static str>));

/// Ivy had her check in the summer and it found a concern; Milo, on SEN support for a hearing
/// loss found at birth, turned two in July and his is due; Esme and Otis had theirs soon after
/// starting and are in their last nursery year. Serials 700 and up are their UPNs and NHS numbers.
const CHILDREN: [Child; 4] = [
    ("Ivy", "Lawson", date(2024, 3, 14), date(2026, 4, 20), "N1", ("K", Some("SLCN"))),
    ("Milo", "Forde", date(2024, 7, 2), date(2026, 9, 7), "N1", ("K", Some("HI"))),
    ("Esme", "Quinn", date(2022, 10, 5), date(2025, 9, 3), "N2", ("K", Some("PD"))),
    ("Otis", "Mbeki", date(2023, 1, 27), date(2025, 9, 3), "N2", ("N", None)),
];

fn check(
    done_on: Date,
    judgements: [Judgement; 3],
    strengths: &str,
    next_steps: &str,
    parent_comments: &str,
) -> ProgressCheck {
    ProgressCheck {
        done_on,
        judgements,
        strengths: strengths.into(),
        next_steps: next_steps.into(),
        parent_comments: parent_comments.into(),
        shared_with_health_visitor: true,
    }
}

pub async fn load(
    store: &dyn Store,
    meta: &AuditMeta,
    nursery: Uuid,
    la: Uuid,
    la_code: LaCode,
    password_hash: &str,
) -> Result<(), CliError> {
    let mut register = vec![];
    let mut ids = vec![];
    for (i, (given, family, birth, started, year_group, (provision, need))) in
        CHILDREN.into_iter().enumerate()
    {
        let serial = 700 + i as u32;
        let upn = synthetic_upn(la_code.clone(), serial);
        let new = NewChild {
            given_name: given.into(),
            family_name: family.into(),
            birth_date: birth,
            upn: Some(upn.clone()),
            nhs_number: Some(synthetic_nhs_number(serial)),
            uln: None,
            responsible_la_id: la,
            enrolment: Some((nursery, started)),
        };
        ids.push(store.create_child(new, meta).await?);
        register.push(PupilImport {
            upn,
            surname: family.into(),
            forename: given.into(),
            birth_date: birth,
            year_group: year_group.into(),
            out_of_cohort_reason: None,
            provision,
            need1: need,
            need2: None,
        });
    }
    store.import_pupils(nursery, &register, date(2026, 9, 14), &|_| {}, meta).await?;
    let senco = NewUser {
        email: NURSERY_SENCO.into(),
        display_name: "Joanne Pike".into(),
        password_hash: password_hash.into(),
        memberships: vec![Membership { role: Role::Senco, organisation_id: Some(nursery) }],
    };
    store.create_user(senco, meta).await?;
    use Judgement::{Emerging, NotYet, OnTrack};
    let checks = [
        (
            ids[0],
            check(
                date(2026, 6, 10),
                [NotYet, OnTrack, Emerging],
                "Ivy climbs confidently, loves the water tray and joins in with action songs.",
                "Ivy uses a few single words and points to ask for things. We will give her daily small-group talk time and model two-word phrases.",
                "She says more at home with her brother, but gets frustrated when we do not understand her.",
            ),
        ),
        (
            ids[2],
            check(
                date(2025, 9, 24),
                [OnTrack, Emerging, OnTrack],
                "Esme chats with friends and loves stories.",
                "Esme tires when walking and avoids the climbing frame. We will plan short, regular physical play and talk to her physiotherapist.",
                "We are glad she has settled so quickly.",
            ),
        ),
        (
            ids[3],
            check(
                date(2025, 10, 15),
                [OnTrack; 3],
                "Otis is curious, kind and busy all day.",
                "",
                "",
            ),
        ),
    ];
    for (child, progress_check) in checks {
        store.record_progress_check(child, nursery, &progress_check, meta).await?;
    }
    Ok(())
}
