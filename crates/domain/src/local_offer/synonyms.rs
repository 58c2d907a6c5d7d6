//! Families' words for SEND services. A family searching "respite" means what a provider calls
//! "short breaks", "SALT" is "speech and language therapy", "ASD" is "autism": each group below is
//! words that name the same thing, and a search for any of them finds services that say another.
//!
//! Source: compiled for sendcase from the terms of the SEND Code of Practice: 0 to 25 years
//! (DfE and DHSC, 2015), its glossary and the census need types (`needs.rs`), with the
//! abbreviations and everyday words families and practitioners use for them in England. It is
//! not copied from a published list. Each group is tested (below, and in `search.rs`).

use super::words::tokenise;
use std::sync::LazyLock;

/// Words that name the same thing, as families and providers write them.
pub const GROUPS: &[&[&str]] = &[
    &["short breaks", "respite", "respite care"],
    &["occupational therapy", "occupational therapist", "OT"],
    &[
        "speech and language therapy",
        "speech and language therapist",
        "speech therapy",
        "speech therapist",
        "SALT",
        "SLT",
    ],
    &[
        "autism",
        "autistic",
        "ASD",
        "ASC",
        "autistic spectrum",
        "autism spectrum",
        "autistic spectrum disorder",
        "autism spectrum condition",
    ],
    &["ADHD", "attention deficit", "attention deficit hyperactivity disorder"],
    &["physiotherapy", "physiotherapist", "physio"],
    &["mental health", "CAMHS"],
    &["EHC plan", "EHCP", "education, health and care plan"],
    &["SENDIASS", "IASS", "information, advice and support"],
    &["dyslexia", "dyslexic", "specific learning difficulty", "SpLD"],
    &["hearing impairment", "hearing loss", "deaf"],
    &["visual impairment", "vision impairment", "visually impaired", "sight loss", "blind"],
    &["holiday club", "holiday scheme", "playscheme", "play scheme"],
    &["PMLD", "profound and multiple learning difficulty"],
    &["SEMH", "social, emotional and mental health"],
    &["SLCN", "speech, language and communication needs"],
];

/// One part of a query: any of its alternatives (each a run of words, all of which must match)
/// will do. `words` is how many words of the query it stands for, so a phrase weighs as its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub alternatives: Vec<Vec<String>>,
    pub words: usize,
}

/// Each group's phrases as search sees them (tokenised), without repeats.
static TOKENISED: LazyLock<Vec<Vec<Vec<String>>>> = LazyLock::new(|| {
    GROUPS
        .iter()
        .map(|g| {
            let mut phrases: Vec<Vec<String>> = g.iter().map(|p| tokenise(p)).collect();
            phrases.dedup();
            phrases
        })
        .collect()
});

/// Each group's alternatives a search tries: a phrase holding every word of a shorter one finds
/// nothing the shorter does not ("autism spectrum" and "autism"), so only the shorter is tried.
static ALTERNATIVES: LazyLock<Vec<Vec<Vec<String>>>> = LazyLock::new(|| {
    let holds = |long: &Vec<String>, short: &Vec<String>| {
        long != short && short.iter().all(|w| long.contains(w))
    };
    TOKENISED
        .iter()
        .map(|g| g.iter().filter(|p| !g.iter().any(|q| holds(p, q))).cloned().collect())
        .collect()
});

/// The query's words as clauses: a run of words that is a phrase of a group (the longest that
/// fits) becomes a clause of every phrase of the group; any other word is a clause of itself.
pub fn clauses(words: &[String]) -> Vec<Clause> {
    let mut out = vec![];
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        let longest = TOKENISED
            .iter()
            .enumerate()
            .filter_map(|(g, group)| {
                let fits = group.iter().filter(|p| !p.is_empty() && rest.starts_with(p));
                fits.map(Vec::len).max().map(|n| (g, n))
            })
            .max_by_key(|(_, n)| *n);
        match longest {
            Some((g, n)) => {
                out.push(Clause { alternatives: ALTERNATIVES[g].clone(), words: n });
                i += n;
            }
            None => {
                out.push(Clause { alternatives: vec![vec![words[i].clone()]], words: 1 });
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Vec<Clause> {
        clauses(&tokenise(text))
    }

    #[test]
    fn every_phrase_of_a_group_stands_for_the_whole_group() {
        for (g, group) in GROUPS.iter().enumerate() {
            for phrase in *group {
                let found = of(phrase);
                assert_eq!(found.len(), 1, "{phrase}: {found:?}");
                assert_eq!(found[0].alternatives, ALTERNATIVES[g], "{phrase}");
                assert_eq!(found[0].words, tokenise(phrase).len());
            }
        }
    }

    #[test]
    fn a_phrase_holding_a_shorter_one_is_not_tried_again() {
        let words = |p: &str| tokenise(p);
        let autism = &of("ASD")[0].alternatives;
        assert!(autism.contains(&words("autism")) && !autism.contains(&words("autism spectrum")));
        let speech = &of("SALT")[0].alternatives;
        assert!(speech.contains(&words("speech therapist")));
        assert!(!speech.contains(&words("speech and language therapist")));
        for (g, alternatives) in ALTERNATIVES.iter().enumerate() {
            assert!(!alternatives.is_empty() && alternatives.len() <= TOKENISED[g].len());
        }
    }

    #[test]
    fn the_longest_phrase_wins_and_other_words_stand_alone() {
        let found = of("autistic spectrum disorder swimming on Saturday");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].words, 3);
        assert!(found[0].alternatives.contains(&vec!["asd".to_owned()]));
        assert_eq!(found[1], Clause { alternatives: vec![vec!["swimming".into()]], words: 1 });
        let salt = of("SALT for my son");
        assert!(salt[0].alternatives.contains(&tokenise("speech therapy")));
    }

    #[test]
    fn no_word_is_in_two_groups() {
        let mut seen = std::collections::HashMap::new();
        for (g, group) in TOKENISED.iter().enumerate() {
            for phrase in group {
                if let Some(other) = seen.insert(phrase.clone(), g) {
                    assert_eq!(other, g, "{phrase:?} is in two groups");
                }
            }
        }
    }
}
