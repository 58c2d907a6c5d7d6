//! The demo's one-page profiles and SEN information reports: the demo parent's children and a
//! few pupils at the SENCO's school have profiles (one with an earlier version), and every demo
//! school has published its report.

use crate::CliError;
use jiff::civil::date;
use sendcase_domain::schools::information_report::ReportHeading;
use sendcase_domain::schools::one_page_profile::OnePageProfile;
use sendcase_store::{AuditMeta, Store};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A demo pupil on a register: the child, their school and their first name.
pub struct OnRegister {
    pub child: Uuid,
    pub school: Uuid,
    pub given_name: String,
}

/// Profiles for `family` (the demo parent's children) and the first pupils with SEN at `senco_school`.
pub async fn load(
    store: &dyn Store,
    meta: &AuditMeta,
    family: &[OnRegister],
    with_sen: &[OnRegister],
    senco_school: Uuid,
) -> Result<(), CliError> {
    let at_senco_school = with_sen.iter().filter(|p| p.school == senco_school).take(2);
    for (i, p) in family.iter().chain(at_senco_school).enumerate() {
        let name = &p.given_name;
        let mut profile = OnePageProfile {
            agreed_on: date(2025, 10, 9),
            contributors: format!("{name}, their parents and the SENCO"),
            sections: [
                format!("{name} is kind to younger children, makes everyone laugh and never gives up on a puzzle."),
                format!("{name}'s family and the class guinea pigs.\nKnowing what is happening next in the day."),
                "Give one instruction at a time and time to answer.\nA quiet place to go when the classroom is loud.".to_owned(),
            ],
        };
        store.save_profile(p.child, p.school, &profile, 0, meta).await?;
        if i == 0 {
            // A later review added to the profile, so its history shows.
            profile.agreed_on = date(2026, 10, 14);
            profile.sections[2]
                .push_str("\nA visual timetable on the desk, checked at the start of each lesson.");
            store.save_profile(p.child, p.school, &profile, 1, meta).await?;
        }
    }
    let schools: std::collections::BTreeSet<Uuid> =
        family.iter().chain(with_sen).map(|p| p.school).chain([senco_school]).collect();
    for school in schools {
        store.save_information_report(school, date(2026, 9, 15), &narrative(), 0, meta).await?;
    }
    Ok(())
}

fn narrative() -> BTreeMap<ReportHeading, String> {
    use ReportHeading::*;
    let text = |h: &ReportHeading| match h {
        KindsOfSen => {
            "We are a mainstream school and provide for pupils across all four broad areas of need, with SEN support and with education, health and care plans."
        }
        Identifying => {
            "Class teachers track every pupil's progress each term. Where progress is slower than expected we talk to the pupil and their parents, assess the difficulty with the SENCO and, where needed, specialists."
        }
        ConsultingParents => {
            "We meet parents of every pupil on SEN support at least three times a year to agree outcomes and review progress, and our door is open in between."
        }
        ConsultingPupils => {
            "Pupils help write their own one-page profile and outcomes, and tell us at each review what is working for them."
        }
        Progress => {
            "We follow the graduated approach: assess, plan, do and review, with a review date set for every plan."
        }
        Transitions => {
            "We visit pupils' next schools with them, share their one-page profile and plan extra visits for anyone who needs them."
        }
        Teaching => {
            "High-quality teaching adapted for each class comes first; small-group and one-to-one interventions add to it."
        }
        Adaptations => {
            "Classrooms have visual timetables and quiet spaces; we adapt resources, seating and the pace of lessons."
        }
        Expertise => {
            "All staff are trained each year in supporting SEN; our SENCO holds the national award, and we buy in speech and language therapy and educational psychology."
        }
        Evaluating => {
            "We measure each intervention's impact with entry and exit assessments and review our provision every year with governors."
        }
        Inclusion => {
            "Every club, trip and activity is open to all pupils, with adjustments planned with families in advance."
        }
        Wellbeing => {
            "Pupils have a trusted adult to talk to, a calm room at break times and structured lunchtime groups."
        }
        OtherBodies => {
            "We work with the school nursing team, the local authority's specialist teaching service, social care and local charities, and can refer families to them."
        }
        Complaints => {
            "Please speak to your child's teacher or the SENCO first. If that does not resolve it, our complaints policy on the school website explains the next steps, including the governing body."
        }
        Senco => "Telephone 01632 960500 or email senco@example.org.",
        LocalOffer => "",
    };
    ReportHeading::ALL.iter().map(|h| (*h, text(h).to_owned())).collect()
}
