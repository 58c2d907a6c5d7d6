//! The demo's EHC plans: each written as a caseworker would, with the child's own words in A,
//! needs in B to D that match the register, and specific, quantified provision linked to them,
//! so every draft and final plan the demo issues has content that passes the Code's checks.

use jiff::civil::{Date, date};
use sendcase_domain::ehc::plan::{
    AboutMe, AboutMeAnswer, AboutMeQuestion, AdulthoodArea, Appendix, BroadAreaOfNeed, BudgetPart,
    DirectPayment, EhcPlan, Need, Outcome, PersonalBudget, Placement, ProvisionLine,
};

fn about(words: [(&str, &str); 4]) -> AboutMe {
    let answers = AboutMeQuestion::ALL
        .into_iter()
        .zip(words)
        .map(|(question, (own, parents))| AboutMeAnswer {
            question,
            own_words: own.into(),
            parents_words: parents.into(),
        })
        .collect();
    AboutMe { answers }
}

fn need(id: &str, description: &str, area: Option<BroadAreaOfNeed>) -> Need {
    Need { id: id.into(), description: description.into(), area }
}

fn outcome(description: &str, success: &str, by: Date) -> Outcome {
    Outcome {
        description: description.into(),
        success_looks_like: success.into(),
        by_when: Some(by),
        adulthood: None,
    }
}

/// An outcome aimed at one area of preparing for adulthood.
fn aimed(area: AdulthoodArea, outcome: Outcome) -> Outcome {
    Outcome { adulthood: Some(area), ..outcome }
}

/// One line of provision: what, who with what expertise, how often, how long, group size.
fn provide(
    meets: &[&str],
    what: &str,
    who: [&str; 2],
    often: &str,
    long: &str,
    group: &str,
) -> ProvisionLine {
    ProvisionLine {
        meets: meets.iter().map(|m| (*m).to_owned()).collect(),
        what: what.into(),
        who: who[0].into(),
        expertise: who[1].into(),
        frequency: often.into(),
        duration: long.into(),
        group_size: group.into(),
    }
}

fn advice(title: &str, from: &str, on: Date) -> Appendix {
    Appendix { title: title.into(), from: from.into(), received_on: on }
}

const UNTIL_REVIEW: &str = "until the next annual review";

/// Aisha, Year 5: social, emotional and mental health needs (SEMH on the register).
pub fn aisha() -> EhcPlan {
    use BroadAreaOfNeed::SocialEmotionalAndMentalHealth as Semh;
    EhcPlan {
        a: about([
            ("I am kind to my little brother and I draw comics", "Aisha is creative and caring"),
            ("My cat Biscuit and my best friend Noor", "Her family and her art club"),
            ("I want to make cartoons when I grow up", "That she enjoys school again"),
            (
                "Tell me what is happening next and let me have a quiet place",
                "Warn her of changes in advance",
            ),
        ]),
        b: vec![
            need(
                "B1",
                "Becomes very anxious at changes to routine and leaves the classroom",
                Some(Semh),
            ),
            need("B2", "Finds it hard to name and manage strong feelings", Some(Semh)),
        ],
        e: vec![outcome(
            "Aisha stays in class through changes to the timetable",
            "She attends every lesson in a normal week, using her calm card when she needs to",
            date(2027, 7, 16),
        )],
        f: vec![
            provide(
                &["B1"],
                "A visual timetable checked with an adult at the start of each day",
                ["teaching assistant", "trained in emotion coaching"],
                "10 minutes daily",
                UNTIL_REVIEW,
                "1:1",
            ),
            provide(
                &["B2"],
                "Zones of Regulation sessions",
                ["ELSA (emotional literacy support assistant)", "ELSA trained"],
                "30 minutes twice weekly",
                "for 2 terms",
                "small group of 4",
            ),
        ],
        j: PersonalBudget::default(),
        k: vec![advice(
            "Health advice",
            "Kent and Medway Integrated Care Board",
            date(2026, 9, 15),
        )],
        ..EhcPlan::default()
    }
}

/// Poppy, Year 2: autism and speech, language and communication needs (E, ASD and SLCN).
/// Poppy's plan as her early review proposes to amend it: a need at lunchtime and the support
/// for it, still naming her school in section I.
pub fn poppy_amended(placement: Placement) -> EhcPlan {
    use BroadAreaOfNeed::SocialEmotionalAndMentalHealth as Semh;
    let mut plan = poppy();
    plan.b.push(need(
        "B3",
        "Becomes distressed in the dinner hall and eats little at school",
        Some(Semh),
    ));
    plan.f.push(provide(
        &["B3"],
        "Lunch in the quiet room with a familiar adult, moving to the hall in small steps",
        ["teaching assistant", "trained in the school's emotional literacy programme"],
        "daily",
        UNTIL_REVIEW,
        "1:2",
    ));
    plan.i = Some(placement);
    plan
}

pub fn poppy() -> EhcPlan {
    use BroadAreaOfNeed::CommunicationAndInteraction as Ci;
    EhcPlan {
        a: about([
            ("I am good at puzzles and I know all the dinosaurs", "Poppy is determined and funny"),
            ("Trains, my blue blanket and quiet at lunchtime", "Predictable days and her sister"),
            ("To have a friend to play with", "That she can tell people what she needs"),
            (
                "Show me pictures and give me time to answer",
                "Use her picture cards and keep language simple",
            ),
        ]),
        b: vec![
            need(
                "B1",
                "Uses single words and pictures to communicate; understands short instructions",
                Some(Ci),
            ),
            need("B2", "Finds busy, noisy spaces overwhelming and withdraws", Some(Ci)),
        ],
        c: vec![need("C1", "Sensory processing differences affecting eating and sleep", None)],
        e: vec![outcome(
            "Poppy asks for what she needs using two-word phrases or pictures",
            "She makes five requests a day at school without adult prompting",
            date(2027, 7, 16),
        )],
        f: vec![
            provide(
                &["B1"],
                "Speech and language therapy programme, delivered in class",
                ["speech and language therapist", "HCPC registered"],
                "45 minutes every 2 weeks",
                UNTIL_REVIEW,
                "1:1",
            ),
            provide(
                &["B1"],
                "Practising the therapy targets with PECS",
                ["teaching assistant", "trained in PECS by the therapist"],
                "20 minutes daily",
                UNTIL_REVIEW,
                "1:1",
            ),
            provide(
                &["B2"],
                "A low-arousal workstation and a quiet room at break and lunch",
                ["class teacher", "autism awareness trained"],
                "daily",
                UNTIL_REVIEW,
                "1:1",
            ),
        ],
        g: vec![provide(
            &["C1"],
            "Occupational therapy sensory assessment and a sensory diet plan",
            ["occupational therapist", "HCPC registered"],
            "3 sessions of 1 hour",
            "for one term",
            "1:1",
        )],
        k: vec![advice(
            "Educational psychology advice",
            "Kent Educational Psychology Service",
            date(2026, 5, 20),
        )],
        ..EhcPlan::default()
    }
}

/// Grace, a Medway child at Oakfield: speech, language and communication needs (E, SLCN).
pub fn grace() -> EhcPlan {
    use BroadAreaOfNeed::CommunicationAndInteraction as Ci;
    EhcPlan {
        a: about([
            ("I am a fast runner and I help in the garden", "Grace is sporty and helpful"),
            ("Football and my grandma", "Being outdoors"),
            ("To play for a football team", "That she can follow lessons"),
            ("Say things again in a different way", "Check she has understood"),
        ]),
        b: vec![need(
            "B1",
            "Receptive language two years below her age; misses instructions in class",
            Some(Ci),
        )],
        e: vec![outcome(
            "Grace follows two-step instructions in class",
            "She starts tasks without adult help in 4 of 5 lessons",
            date(2026, 12, 18),
        )],
        f: vec![provide(
            &["B1"],
            "Language for Thinking programme",
            ["teaching assistant", "trained by the speech and language therapist"],
            "30 minutes 3 times a week",
            UNTIL_REVIEW,
            "small group of 3",
        )],
        ..EhcPlan::default()
    }
}

/// Oliver, Year 3: a speech sound disorder the plan's therapy has largely resolved.
pub fn oliver() -> EhcPlan {
    use BroadAreaOfNeed::CommunicationAndInteraction as Ci;
    EhcPlan {
        a: about([
            ("I like Lego and I can swim a length", "Oliver is cheerful and keen"),
            ("My dog Biscuit and building things", "Time to finish what he starts"),
            ("To be understood by everyone", "That he can join in without help"),
            ("Listen to the end of what I say", "Give him time and do not finish his words"),
        ]),
        b: vec![need(
            "B1",
            "Speech sounds hard to understand for adults who do not know him",
            Some(Ci),
        )],
        e: vec![outcome(
            "Oliver is understood by unfamiliar adults",
            "He reads his news to another class and is understood",
            date(2026, 7, 17),
        )],
        f: vec![provide(
            &["B1"],
            "Speech sound therapy programme, practised daily in school",
            ["speech and language therapist", "HCPC registered"],
            "30 minutes weekly, practice 10 minutes daily",
            UNTIL_REVIEW,
            "1:1",
        )],
        ..EhcPlan::default()
    }
}

/// Mia, Year 6: specific learning difficulty (dyslexia), moving to secondary school next year.
pub fn mia() -> EhcPlan {
    use BroadAreaOfNeed::CognitionAndLearning as Cl;
    EhcPlan {
        a: about([
            ("I am good at art and I look after our class rabbit", "Mia is creative and kind"),
            ("Drawing, animals and my cousins", "Being trusted with jobs"),
            ("To be a vet", "That she reads well enough to enjoy it"),
            (
                "Give me time to read and let me show answers in pictures",
                "Check she has understood written tasks",
            ),
        ]),
        b: vec![need(
            "B1",
            "Reads and spells three years below her age; slow to process written text",
            Some(Cl),
        )],
        e: vec![outcome(
            "Mia reads texts for her year group with support",
            "She reads a Year 7 science worksheet aloud with no more than 5 errors",
            date(2027, 7, 16),
        )],
        f: vec![provide(
            &["B1"],
            "Structured multisensory literacy programme",
            ["specialist teacher", "holds a dyslexia qualification (level 5)"],
            "45 minutes 3 times a week",
            UNTIL_REVIEW,
            "1:1",
        )],
        ..EhcPlan::default()
    }
}

/// Ruby, Year 6, whose plan Medway made before her family moved into Kent: hearing impairment.
pub fn ruby() -> EhcPlan {
    use BroadAreaOfNeed::SensoryAndPhysical as Sp;
    EhcPlan {
        a: about([
            ("I am good at gymnastics and I like making videos", "Ruby is confident and funny"),
            ("My radio aid and sitting near the front", "Clear routines"),
            ("To be a vlogger", "That she keeps up with her friends"),
            ("Face me when you talk and check I heard", "Use her radio aid in every lesson"),
        ]),
        b: vec![need(
            "B1",
            "Moderate bilateral hearing loss; misses speech in noisy rooms",
            Some(Sp),
        )],
        e: vec![outcome(
            "Ruby follows whole-class teaching",
            "She answers questions on new learning in 4 of 5 lessons",
            date(2027, 7, 16),
        )],
        f: vec![provide(
            &["B1"],
            "Visits and advice from a qualified teacher of the deaf; radio aid checked daily",
            [
                "teacher of the deaf",
                "mandatory qualification for teachers of hearing impaired pupils",
            ],
            "half a day each half term",
            UNTIL_REVIEW,
            "1:1",
        )],
        ..EhcPlan::default()
    }
}

/// Jordan, 17: moderate learning difficulties, preparing for adulthood.
pub fn jordan() -> EhcPlan {
    use BroadAreaOfNeed::CognitionAndLearning as Cl;
    EhcPlan {
        a: about([
            ("I am reliable and I am good with animals", "Jordan is patient and hard-working"),
            ("My dog, gaming with friends, earning my own money", "Independence"),
            (
                "To work with animals and live in my own flat one day",
                "A job and friends of their own",
            ),
            ("Break tasks into steps and let me practise", "Give written steps, not long talks"),
        ]),
        b: vec![need(
            "B1",
            "Reading age of 9; needs support to read work instructions and forms",
            Some(Cl),
        )],
        d: vec![need("D1", "Travelling independently to college and work placements", None)],
        e: vec![
            aimed(
                AdulthoodArea::Employment,
                outcome(
                    "Jordan completes a supported internship at the animal rescue centre",
                    "They work two days a week there with a job coach until the summer",
                    date(2027, 7, 16),
                ),
            ),
            aimed(
                AdulthoodArea::IndependentLiving,
                outcome(
                    "Jordan travels to their work placement alone",
                    "They make the bus journey unaided for 4 weeks running",
                    date(2027, 1, 25),
                ),
            ),
            aimed(
                AdulthoodArea::Community,
                outcome(
                    "Jordan sees friends outside college every week",
                    "They go to the Thursday youth club with a friend for a whole term",
                    date(2027, 4, 1),
                ),
            ),
            aimed(
                AdulthoodArea::Health,
                outcome(
                    "Jordan looks after their own appointments with the GP",
                    "They book and go to two appointments without help",
                    date(2027, 7, 16),
                ),
            ),
        ],
        f: vec![provide(
            &["B1"],
            "Literacy for work: reading instructions, timesheets and forms",
            ["specialist teacher", "qualified in specific learning difficulties"],
            "1 hour weekly",
            "for 3 terms",
            "small group of 4",
        )],
        h2: vec![provide(
            &["D1"],
            "Independent travel training",
            ["travel trainer", "from the council's travel training team"],
            "2 sessions of 2 hours a week",
            "for 6 weeks",
            "1:1",
        )],
        j: PersonalBudget {
            requested: true,
            arrangements: "Direct payment for travel training sessions".into(),
            social_care: 1_440,
            direct_payment: Some(DirectPayment {
                agreed_on: date(2026, 1, 12),
                part: BudgetPart { amount: 1_440, pays_for: vec!["H2.1".into()] },
            }),
            ..PersonalBudget::default()
        },
        ..EhcPlan::default()
    }
}

/// A plan for the scale demo's child `name`, in one of the four broad areas by `seed`, so an
/// authority's worth of plans is varied and every one has content.
pub fn typical(name: &str, seed: usize) -> EhcPlan {
    let (area, need_text, what, who) = [
        (
            BroadAreaOfNeed::CommunicationAndInteraction,
            "Needs help to understand and use spoken language",
            "Speech and language therapy programme",
            ["speech and language therapist", "HCPC registered"],
        ),
        (
            BroadAreaOfNeed::CognitionAndLearning,
            "Reading and spelling well below age",
            "Precision teaching of phonics",
            ["teaching assistant", "trained in precision teaching"],
        ),
        (
            BroadAreaOfNeed::SocialEmotionalAndMentalHealth,
            "Anxiety that stops learning in a busy classroom",
            "Emotional literacy sessions",
            ["ELSA (emotional literacy support assistant)", "ELSA trained"],
        ),
        (
            BroadAreaOfNeed::SensoryAndPhysical,
            "Hearing impairment affecting access to teaching",
            "Radio aid checks and pre-teaching of new vocabulary",
            ["qualified teacher of the deaf", "mandatory qualification"],
        ),
    ][seed % 4];
    let often = ["20 minutes daily", "30 minutes 3 times a week", "45 minutes weekly"][seed % 3];
    EhcPlan {
        a: about([
            (&*format!("I am {name} and I like making things"), "Kind and curious"),
            ("My family and my friends", "Feeling settled at school"),
            ("To get a job I enjoy", "That they reach their potential"),
            ("Explain things step by step", "Check understanding often"),
        ]),
        b: vec![need("B1", need_text, Some(area))],
        e: vec![outcome(
            &format!("{name} makes progress in the area of need in section B"),
            "Measured progress at each termly review",
            date(2027, 7, 16),
        )],
        f: vec![provide(&["B1"], what, who, often, UNTIL_REVIEW, "1:1")],
        ..EhcPlan::default()
    }
}

#[cfg(test)]
mod tests {
    use sendcase_domain::ehc::plan::{content_check, draft_check};

    #[test]
    fn every_demo_plan_has_content_and_draws_no_warning() {
        let typical = (0..12).map(|seed| super::typical("Amara", seed));
        for plan in [super::aisha(), super::poppy(), super::grace(), super::jordan()]
            .into_iter()
            .chain(typical)
        {
            assert_eq!(plan.warnings(), vec![], "{:?}", plan.a.answers[0].own_words);
            assert_eq!((content_check(&plan), draft_check(&plan)), (Ok(()), Ok(())));
        }
    }
}
