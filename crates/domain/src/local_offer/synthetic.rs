//! A believable Local Offer for one area of Kent, of any size: the demo's 300-odd services and the
//! benchmark's 50,000. Names are invented; towns, postcodes and coordinates are approximate.

use super::*;
use jiff::ToSpan;
use jiff::civil::{Date, date, time};

/// Town, postcode, latitude, longitude: the demo area, and its postcode table.
pub const PLACES: [(&str, &str, f64, f64); 14] = [
    ("Maidstone", "ME14 1XQ", 51.2741, 0.5226),
    ("Canterbury", "CT1 2EH", 51.2790, 1.0800),
    ("Ashford", "TN23 1PL", 51.1465, 0.8720),
    ("Dover", "CT16 1DQ", 51.1280, 1.3110),
    ("Folkestone", "CT20 1JR", 51.0810, 1.1700),
    ("Margate", "CT9 1XZ", 51.3890, 1.3830),
    ("Tunbridge Wells", "TN1 1RS", 51.1320, 0.2630),
    ("Tonbridge", "TN9 1DQ", 51.1950, 0.2750),
    ("Sevenoaks", "TN13 1HG", 51.2720, 0.1900),
    ("Dartford", "DA1 1DR", 51.4460, 0.2170),
    ("Gravesend", "DA11 0AT", 51.4410, 0.3700),
    ("Sittingbourne", "ME10 4DE", 51.3400, 0.7310),
    ("Faversham", "ME13 7AE", 51.3150, 0.8900),
    ("Herne Bay", "CT6 5HE", 51.3700, 1.1280),
];

/// Name and description of each provider; the demo links some to its organisations by name.
pub const PROVIDERS: [(&str, &str); 13] = [
    (
        "Kent County Council SEND Service",
        "The local authority's special educational needs and disability service.",
    ),
    (
        "Kent and Medway Integrated Care Board",
        "Plans and buys NHS health services for children and young people in Kent and Medway.",
    ),
    ("Kent Disabled Children's Team", "Social workers for disabled children and their families."),
    (
        "Kent Educational Psychology Service",
        "Educational psychologists working with schools, settings and families.",
    ),
    (
        "Oakfield Primary School",
        "A community primary school with an enhanced provision for speech and language.",
    ),
    ("Greenwood Special School", "An all-through community special school."),
    (
        "Marsh Lane Academy",
        "A secondary academy with a specialist resource provision for autistic pupils.",
    ),
    (
        "Kent Autism Family Network",
        "A charity run by and for families of autistic children and young people.",
    ),
    (
        "Garden of England Sports Trust",
        "A charity running inclusive sport and leisure across Kent.",
    ),
    (
        "Information, Advice and Support Kent",
        "The free, impartial SEND information, advice and support service.",
    ),
    (
        "Coastline Supported Employment",
        "A community interest company helping young disabled people into work.",
    ),
    ("Weald Short Breaks", "Short breaks and holiday clubs for disabled children."),
    (
        "Kent Travel Training Partnership",
        "Teaches young people to travel independently and safely.",
    ),
];

use NeedType::*;
use Schedule2Category as C;

type Template = (
    &'static str,
    &'static str,
    &'static [Schedule2Category],
    &'static [NeedType],
    (u8, u8),
    Option<(&'static str, f64)>,
    bool,
    usize,
);

const TEMPLATES: [Template; 40] = [
    (
        "Autism-friendly swimming sessions",
        "Quiet, low-sensory swimming with fewer people in the pool, calm changing areas and staff trained in autism.",
        &[C::Leisure],
        &[Asd, Semh],
        (4, 18),
        Some(("Per session", 3.5)),
        false,
        8,
    ),
    (
        "Autism parent support group",
        "Meet other parents and carers of autistic children, share what works and hear from visiting speakers.",
        &[C::InformationAndAdvice],
        &[Asd],
        (0, 25),
        None,
        false,
        7,
    ),
    (
        "Autism diagnostic assessment",
        "Multi-disciplinary assessment for children and young people who may be autistic, with feedback and next steps.",
        &[C::Health],
        &[Asd, Slcn],
        (2, 18),
        None,
        false,
        1,
    ),
    (
        "Speech and language therapy drop-in",
        "Talk to a speech and language therapist about your child's talking, understanding, eating or drinking.",
        &[C::Health],
        &[Slcn, Asd, Ds],
        (0, 18),
        None,
        false,
        1,
    ),
    (
        "Children's occupational therapy",
        "Help with everyday skills such as dressing, handwriting and sensory processing, at home or school.",
        &[C::Health],
        &[Pd, Msi, Spld],
        (0, 18),
        None,
        false,
        1,
    ),
    (
        "Physiotherapy for children and young people",
        "Assessment and therapy for movement, posture and mobility, including equipment advice.",
        &[C::Health],
        &[Pd, Pmld],
        (0, 19),
        None,
        false,
        1,
    ),
    (
        "Hearing support service",
        "Teachers of the deaf support children with hearing loss at home, in nursery and at school.",
        &[C::Education, C::Health],
        &[Hi],
        (0, 25),
        None,
        false,
        0,
    ),
    (
        "Vision support and mobility training",
        "Qualified teachers of vision impairment and habilitation specialists help with learning and getting around.",
        &[C::Education],
        &[Vi, Msi],
        (0, 25),
        None,
        false,
        0,
    ),
    (
        "Educational psychology advice line",
        "Phone or video call with an educational psychologist about learning, behaviour or wellbeing.",
        &[C::Education, C::InformationAndAdvice],
        &[Spld, Mld, Semh],
        (0, 25),
        None,
        true,
        3,
    ),
    (
        "Dyslexia support club",
        "Small-group literacy sessions using structured, multi-sensory teaching for children with dyslexia.",
        &[C::Education],
        &[Spld],
        (7, 16),
        Some(("Per session", 5.0)),
        false,
        4,
    ),
    (
        "Special school outreach",
        "Specialist teachers from a special school advise mainstream schools on including pupils with complex needs.",
        &[C::Education],
        &[Sld, Pmld, Asd],
        (4, 19),
        None,
        false,
        5,
    ),
    (
        "Specialist resource provision for autism",
        "A base within a mainstream secondary school for autistic pupils with an EHC plan.",
        &[C::Education],
        &[Asd],
        (11, 16),
        None,
        false,
        6,
    ),
    (
        "Nurture group",
        "A small, structured class helping children build confidence, friendships and readiness to learn.",
        &[C::Education],
        &[Semh],
        (4, 11),
        None,
        false,
        4,
    ),
    (
        "Saturday short breaks club",
        "Fun, supervised activities on Saturdays that give disabled children time with friends and parents a break.",
        &[C::SocialCare, C::Leisure],
        &[Sld, Pmld, Asd, Ds],
        (5, 18),
        None,
        false,
        11,
    ),
    (
        "Overnight short breaks",
        "Planned overnight stays in a homely setting with trained staff, arranged after a social care assessment.",
        &[C::SocialCare],
        &[Pmld, Sld, Pd],
        (8, 18),
        None,
        false,
        2,
    ),
    (
        "Disabled children's social work",
        "Assessments, care plans and support for families of children with substantial and lasting disabilities.",
        &[C::SocialCare],
        &[Pd, Sld, Pmld, Msi],
        (0, 18),
        None,
        false,
        2,
    ),
    (
        "Direct payments advice",
        "How to use a direct payment or personal budget to arrange your child's care and support.",
        &[C::SocialCare, C::InformationAndAdvice],
        &[Oth, Pd],
        (0, 25),
        None,
        true,
        2,
    ),
    (
        "Supported internships",
        "A year-long study programme based with an employer, with a job coach, for young people with an EHC plan.",
        &[C::TrainingAndEmployment, C::PreparingForAdulthood],
        &[Mld, Sld, Asd, Ds],
        (16, 25),
        None,
        false,
        10,
    ),
    (
        "Job coaching for young adults",
        "One-to-one coaching to find, start and keep a paid job, including help with interviews.",
        &[C::TrainingAndEmployment],
        &[Asd, Mld, Semh],
        (16, 25),
        None,
        false,
        10,
    ),
    (
        "Independent travel training",
        "Learn to plan and make journeys by bus, train and on foot, step by step with a trainer.",
        &[C::Travel, C::PreparingForAdulthood],
        &[Mld, Sld, Asd, Ds],
        (11, 25),
        None,
        false,
        12,
    ),
    (
        "Home to school transport",
        "Apply for free transport to school for children who cannot walk there because of their SEND.",
        &[C::Travel],
        &[Pd, Sld, Pmld, Asd, Vi],
        (4, 19),
        None,
        true,
        0,
    ),
    (
        "Post-16 travel support",
        "Help with travel costs and arrangements for students aged 16 to 25 with SEND.",
        &[C::Travel],
        &[Pd, Mld],
        (16, 25),
        None,
        true,
        0,
    ),
    (
        "Wheelchair basketball club",
        "Fast, friendly wheelchair basketball for beginners and players; sports chairs provided.",
        &[C::Leisure],
        &[Pd],
        (8, 25),
        Some(("Per session", 2.5)),
        false,
        8,
    ),
    (
        "Sensory play sessions",
        "Sensory room play for babies and young children, with lights, sounds and textures to explore.",
        &[C::Leisure, C::Health],
        &[Msi, Pmld, Vi, Hi],
        (0, 5),
        Some(("Per family", 2.0)),
        false,
        11,
    ),
    (
        "Inclusive youth club",
        "An evening youth club where young people with and without SEND meet, cook, play games and go on trips.",
        &[C::Leisure],
        &[Semh, Mld, Asd, Oth],
        (11, 19),
        None,
        false,
        11,
    ),
    (
        "Deaf children's activity group",
        "Activities and trips with British Sign Language users, for deaf children and their siblings.",
        &[C::Leisure],
        &[Hi],
        (5, 18),
        None,
        false,
        8,
    ),
    (
        "SEND information, advice and support",
        "Free, confidential, impartial advice about SEND law, EHC needs assessments, plans and appeals.",
        &[C::InformationAndAdvice],
        &[Asd, Slcn, Mld, Semh, Pd, Oth],
        (0, 25),
        None,
        true,
        9,
    ),
    (
        "Parent carer forum",
        "Have your say on local SEND services and meet other parent carers.",
        &[C::InformationAndAdvice],
        &[Oth, Asd, Sld, Semh],
        (0, 25),
        None,
        false,
        9,
    ),
    (
        "Transition to adult services",
        "Planning with young people and families for the move from children's to adult health and social care.",
        &[C::PreparingForAdulthood, C::SocialCare],
        &[Sld, Pmld, Pd],
        (14, 25),
        None,
        false,
        2,
    ),
    (
        "Independent living skills course",
        "Cooking, budgeting, shopping and staying safe, taught in a real flat.",
        &[C::PreparingForAdulthood, C::TrainingAndEmployment],
        &[Mld, Sld, Ds],
        (16, 25),
        None,
        false,
        10,
    ),
    (
        "Housing options for young people",
        "Advice on supported living, shared housing and living with family as an adult.",
        &[C::PreparingForAdulthood, C::InformationAndAdvice],
        &[Mld, Semh, Asd],
        (16, 25),
        None,
        true,
        0,
    ),
    (
        "Children and young people's mental health service",
        "Assessment and therapy for children and young people with moderate to severe mental health needs.",
        &[C::Health],
        &[Semh],
        (0, 18),
        None,
        false,
        1,
    ),
    (
        "Online counselling for young people",
        "Free, anonymous counselling by chat or video with qualified counsellors.",
        &[C::Health],
        &[Semh],
        (11, 25),
        None,
        true,
        1,
    ),
    (
        "Portage home visiting",
        "A home-visiting educational service for pre-school children with SEND and their families.",
        &[C::Education],
        &[Ds, Pmld, Sld, Slcn],
        (0, 5),
        None,
        false,
        0,
    ),
    (
        "Early years inclusion support",
        "Specialist advisers help nurseries and childminders include young children with SEND.",
        &[C::Education],
        &[Slcn, Asd, Ds],
        (0, 5),
        None,
        false,
        0,
    ),
    (
        "Sleep clinic for autistic children",
        "Advice and support for families of autistic children who have difficulty sleeping.",
        &[C::Health],
        &[Asd, Semh],
        (2, 18),
        None,
        false,
        1,
    ),
    (
        "Down syndrome family group",
        "Play sessions and peer support for families of children with Down syndrome.",
        &[C::InformationAndAdvice, C::Leisure],
        &[Ds],
        (0, 25),
        None,
        false,
        9,
    ),
    (
        "Autism-friendly cinema screenings",
        "Films with the lights up, the sound down and freedom to move around and make noise.",
        &[C::Leisure],
        &[Asd, Semh],
        (0, 25),
        Some(("Per ticket", 4.0)),
        false,
        8,
    ),
    (
        "Specialist children's nursing",
        "Community nurses supporting children with complex health needs, continence and feeding.",
        &[C::Health],
        &[Pd, Pmld, Sld],
        (0, 19),
        None,
        false,
        1,
    ),
    (
        "Maths catch-up tutoring",
        "Online one-to-one maths tutoring for children with dyscalculia or moderate learning difficulties.",
        &[C::Education],
        &[Spld, Mld],
        (6, 16),
        Some(("Per hour", 15.0)),
        true,
        4,
    ),
];

const STREETS: [&str; 6] =
    ["High Street", "Station Road", "Church Lane", "London Road", "Mill Lane", "Park Avenue"];
const DAYS: [&str; 5] = ["MO,WE,FR", "TU,TH", "SA", "MO,TU,WE,TH,FR", "WE"];

/// A stable, well-formed (version 4) id from a seed, so generated data is the same every run.
pub fn seeded_id(seed: u64, salt: u64) -> Uuid {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xD1B5_4A32_D192_ED03);
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(8) {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_be_bytes());
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

fn location(i: u64, n: u64, place: usize) -> ServiceLocation {
    let (town, postcode, lat, lon) = PLACES[place];
    ServiceLocation {
        id: seeded_id(i, 10 + n),
        service_at_location_id: seeded_id(i, 20 + n),
        address_id: seeded_id(i, 30 + n),
        name: Some(format!("{town} Community Hub")),
        address_1: format!(
            "{} {}",
            1 + (i * 7 + n) % 90,
            STREETS[(i as usize + place) % STREETS.len()]
        ),
        city: town.to_owned(),
        county: "Kent".to_owned(),
        postcode: postcode.to_owned(),
        // Spread a little around the town centre, as real venues are.
        latitude: Some(lat + ((i % 11) as f64 - 5.0) * 0.002),
        longitude: Some(lon + ((i % 7) as f64 - 3.0) * 0.003),
        accessibility: Some("Step-free entrance, accessible toilet and a quiet room.".to_owned()),
    }
}

/// `n` services, reviewed over the year before `reviewed_by`; a few are overdue for review or
/// were never reviewed, so an administrator has something to chase.
pub fn services(n: usize, council: Uuid, reviewed_by: Date) -> Vec<LocalOfferService> {
    (0..n as u64).map(|i| service(i, council, reviewed_by)).collect()
}

fn service(i: u64, council: Uuid, reviewed_by: Date) -> LocalOfferService {
    let t = (i % TEMPLATES.len() as u64) as usize;
    let round = i / TEMPLATES.len() as u64;
    let place = ((round + t as u64) % PLACES.len() as u64) as usize;
    let (name, description, categories, needs, (min, max), cost, online, p) = TEMPLATES[t];
    let town = PLACES[place].0;
    let edition = round / PLACES.len() as u64;
    let full_name = if edition == 0 {
        format!("{name} – {town}")
    } else {
        format!("{name} – {town} {}", edition + 1)
    };
    let mut locations = vec![];
    if !online {
        locations.push(location(i, 0, place));
        if i.is_multiple_of(5) {
            locations.push(location(i, 1, (place + 1) % PLACES.len()));
        }
    }
    let reviewed_on = match i {
        _ if i % 73 == 40 => None,
        _ if i % 50 == 7 => Some(reviewed_by.saturating_sub(400.days())),
        _ => Some(reviewed_by.saturating_sub((((i * 37) % 330) as i64).days())),
    };
    let slug: String = PROVIDERS[p]
        .0
        .to_lowercase()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(".")
        .replace(['\'', ','], "");
    let touched = reviewed_on.unwrap_or(date(2025, 1, 6));
    LocalOfferService {
        id: seeded_id(i, 1),
        council,
        provider: Provider {
            id: seeded_id(p as u64, 1_000),
            name: PROVIDERS[p].0.to_owned(),
            description: PROVIDERS[p].1.to_owned(),
        },
        name: full_name,
        description: format!("{description} Serving families in and around {town}."),
        status: ServiceStatus::Active,
        online,
        locations,
        minimum_age: Some(min),
        maximum_age: Some(max),
        needs: needs.to_vec(),
        categories: categories.to_vec(),
        // Most free services say so; a few give no cost at all, as real entries do.
        cost_options: match cost {
            Some((option, amount)) => Some((option, amount)),
            None if i % 9 == 4 => None,
            None => Some(("Free", 0.0)),
        }
        .map(|(option, amount)| CostOption {
            id: seeded_id(i, 40),
            option: option.to_owned(),
            amount: Some(amount),
        })
        .into_iter()
        .collect(),
        contacts: vec![Contact {
            id: seeded_id(i, 50),
            name: Some("Enquiries".to_owned()),
            email: Some(format!("{slug}@example.org")),
            phone: Some(format!("0300 {:03} {:04}", 100 + i % 900, (i * 13) % 10_000)),
        }],
        schedules: vec![OpeningSchedule {
            id: seeded_id(i, 60),
            byday: Some(DAYS[(i % DAYS.len() as u64) as usize].to_owned()),
            // School hours, after school, or a morning: so a search by time has something to narrow.
            opens_at: Some(
                [time(9, 30, 0, 0), time(16, 0, 0, 0), time(10, 0, 0, 0)][(i % 3) as usize],
            ),
            closes_at: Some(
                [time(15, 0, 0, 0), time(18, 0, 0, 0), time(12, 0, 0, 0)][(i % 3) as usize],
            ),
            description: "Term time; closed on bank holidays.".to_owned(),
        }],
        url: Some(format!("https://www.example.org/local-offer/{}", seeded_id(i, 1))),
        email: None,
        eligibility: Some(format!("Children and young people aged {min} to {max} living in Kent.")),
        accessibility: None,
        languages: if needs.contains(&Hi) {
            vec!["English".to_owned(), "British Sign Language".to_owned()]
        } else {
            vec!["English".to_owned()]
        },
        reviewed_on,
        last_modified: touched
            .at(9, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            + jiff::SignedDuration::from_secs((i % 3600) as i64),
        published: true,
    }
}
