//! Searching the Local Offer: words are matched exactly, by prefix, or with a typo or two, and
//! ranked by where they were found (the name counts most). Filters narrow by need, provision,
//! age, cost, provider, opening times, change date and distance. Built once from the public
//! services, then read-only.

use super::synonyms::{Clause, clauses};
use super::when::{Session, Sessions};
use super::words::{Typos, tokenise};
use super::{LocalOfferService, NeedType, Schedule2Category};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in kilometres between two (latitude, longitude) points.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let (dlat, dlon) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// A place as a point on the unit sphere. The straight line between two such points grows with
/// the great circle between them, so places are compared and filtered by it (a few
/// multiplications, where the great circle needs four trigonometric functions); the distance in
/// kilometres is worked out only for the results shown.
#[derive(Debug, Clone, Copy)]
struct OnSphere([f64; 3]);

impl OnSphere {
    fn of((latitude, longitude): (f64, f64)) -> Self {
        let (lat, lon) = (latitude.to_radians(), longitude.to_radians());
        OnSphere([lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()])
    }

    /// The square of the straight line to `other`, from 0 (the same place) to 4 (the far side).
    fn chord_squared(self, other: OnSphere) -> f64 {
        let [x, y, z] = self.0;
        let [a, b, c] = other.0;
        (x - a).powi(2) + (y - b).powi(2) + (z - c).powi(2)
    }

    /// The straight line squared that `km` along the great circle makes.
    fn chord_squared_of(km: f64) -> f64 {
        let half_angle = km / (2.0 * EARTH_RADIUS_KM);
        if half_angle >= std::f64::consts::FRAC_PI_2 {
            f64::INFINITY
        } else {
            (2.0 * half_angle.sin()).powi(2)
        }
    }

    fn km_of(chord_squared: f64) -> f64 {
        2.0 * EARTH_RADIUS_KM * (chord_squared.sqrt() / 2.0).min(1.0).asin()
    }
}

/// Where the family is, and how far they will travel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub from: (f64, f64),
    pub within_km: Option<f64>,
}

/// What a family asked for. Empty means everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    pub text: String,
    /// Services meeting any of these needs; empty means no filter.
    pub needs: Vec<NeedType>,
    pub categories: Vec<Schedule2Category>,
    pub age: Option<u8>,
    pub free_only: bool,
    pub modified_after: Option<jiff::Timestamp>,
    pub near: Option<Near>,
    pub age_limits: AgeLimits,
    /// Services of this provider (Open Referral's `organization_id`).
    pub provider: Option<Uuid>,
    pub sessions: Option<Sessions>,
    pub order: Order,
    /// A service delivered online or by phone reaches the family wherever they are, so a search
    /// near a postcode keeps it, spread among the nearest ([`ONLINE_ONE_IN`]). Open Referral's
    /// `proximity` asks about places, so the API leaves this off.
    pub online_is_near: bool,
}

/// Open Referral UK's `minimum_age` and `maximum_age` filters, as its profile words them: the
/// service's youngest age is at least the first, its oldest at most the second. A service that
/// states no youngest age takes children from birth; one that states no oldest has no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AgeLimits {
    pub minimum_at_least: Option<f64>,
    pub maximum_at_most: Option<f64>,
}

/// How results that are not ranked (no words, no place) are listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// By name, as a family browses.
    #[default]
    Name,
    /// By id, which no edit changes: a consumer paging through while services are edited sees
    /// each in the same place (a change of name, or of when it changed, would move it across a
    /// page boundary and skip another). An added service is seen before the pull ends or in the
    /// next pull with `modified_after`; only one withdrawn mid-pull can shift the rest.
    Id,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f32,
    pub distance_km: Option<f64>,
    /// Found near because it is delivered online or by phone (see [`SearchQuery::online_is_near`]).
    pub online: bool,
}

/// Near a postcode, a service delivered online or by phone ranks as if it were the nearest, but
/// no more than one result in this many is one, so they show among the nearest venues (on the
/// first page, however many venues the town has) without crowding them out.
pub const ONLINE_ONE_IN: usize = 4;

/// A service that is also delivered at a venue counts as online only when no venue is this
/// close (about five miles), or within the distance the family asked for.
const LOCAL_KM: f64 = 8.0;

/// What every search reads of a service, kept to a few bytes so that a pass over every service
/// stays in the processor's cache.
#[derive(Debug, Clone, Copy)]
struct Facts {
    needs: u16,
    categories: u16,
    min_age: u8,
    max_age: u8,
    free: bool,
    online: bool,
}

/// What only some searches read of a service.
struct Doc {
    modified: jiff::Timestamp,
    places: Vec<OnSphere>,
    provider: Uuid,
    sessions: Vec<Session>,
}

fn bits<T: Copy>(items: &[T], index: impl Fn(T) -> usize) -> u16 {
    items.iter().fold(0, |m, &i| m | 1 << index(i))
}

pub struct SearchIndex {
    services: Vec<LocalOfferService>,
    facts: Vec<Facts>,
    docs: Vec<Doc>,
    by_id: HashMap<Uuid, u32>,
    /// Sorted, so a prefix is a contiguous run.
    terms: Vec<String>,
    /// Each term's letters, measured against a typed word for typos.
    letters: Vec<Box<[char]>>,
    /// For each term, the documents holding it (ascending) and the weight of the best field.
    postings: Vec<Vec<(u32, f32)>>,
    /// Every document in id order: [`Order::Id`].
    by_uuid: Vec<u32>,
    /// What each word typed lately matched ([`SearchIndex::expand`]): families type the same
    /// words again and again, and finding the typos means measuring the word against every term.
    expanded: std::sync::RwLock<HashMap<String, Matches>>,
}

/// The terms a word matches, each with how well.
type Matches = Arc<[(usize, f32)]>;

/// Words remembered with what they matched, before the memory starts again.
const EXPANSIONS_KEPT: usize = 4_096;

const NAME: f32 = 3.0;
const LABEL: f32 = 2.0;
const BODY: f32 = 1.0;
const EXACT: f32 = 1.0;
const PREFIX: f32 = 0.7;
const TYPO: f32 = 0.5;
/// Longer queries are cut here; families type a few words.
const MAX_QUERY_WORDS: usize = 8;

impl SearchIndex {
    /// Indexes `services` in name order, which is also the order of results that tie.
    pub fn build(mut services: Vec<LocalOfferService>) -> Self {
        services.sort_by(|a, b| {
            a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id))
        });
        let mut words: HashMap<String, Vec<(u32, f32)>> = HashMap::new();
        let mut docs = Vec::with_capacity(services.len());
        let mut facts = Vec::with_capacity(services.len());
        for (i, s) in services.iter().enumerate() {
            let doc = i as u32;
            let labels = s
                .needs
                .iter()
                .map(|n| n.label())
                .chain(s.categories.iter().map(|c| c.label()))
                .chain([s.provider.name.as_str()]);
            let fields = [
                (NAME, s.name.clone()),
                (LABEL, labels.collect::<Vec<_>>().join(" ")),
                (BODY, s.description.clone()),
            ];
            for (weight, text) in fields {
                for word in tokenise(&text) {
                    let list = words.entry(word).or_default();
                    match list.last_mut() {
                        Some((d, w)) if *d == doc => *w = w.max(weight),
                        _ => list.push((doc, weight)),
                    }
                }
            }
            facts.push(Facts {
                needs: bits(&s.needs, NeedType::index),
                categories: bits(&s.categories, Schedule2Category::index),
                min_age: s.minimum_age.unwrap_or(0),
                max_age: s.maximum_age.unwrap_or(u8::MAX),
                free: s.is_free(),
                online: s.online,
            });
            docs.push(Doc {
                modified: s.last_modified,
                places: s
                    .locations
                    .iter()
                    .filter_map(|l| l.coordinates())
                    .map(OnSphere::of)
                    .collect(),
                provider: s.provider.id,
                sessions: s.schedules.iter().map(Session::of).collect(),
            });
        }
        let mut terms: Vec<(String, Vec<(u32, f32)>)> = words.into_iter().collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let by_id = services.iter().enumerate().map(|(i, s)| (s.id, i as u32)).collect();
        let (terms, postings): (Vec<String>, _) = terms.into_iter().unzip();
        let letters = terms.iter().map(|t| t.chars().collect()).collect();
        let mut by_uuid: Vec<u32> = (0..services.len() as u32).collect();
        by_uuid.sort_by_key(|&d| services[d as usize].id);
        SearchIndex {
            services,
            facts,
            docs,
            by_id,
            terms,
            letters,
            postings,
            by_uuid,
            expanded: Default::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    pub fn service(&self, doc: u32) -> &LocalOfferService {
        &self.services[doc as usize]
    }

    pub fn find(&self, id: Uuid) -> Option<&LocalOfferService> {
        self.by_id.get(&id).map(|&d| self.service(d))
    }

    /// The terms `word` matches, with how well: exactly, as a prefix, or within a typo or two.
    fn expand(&self, word: &str) -> Matches {
        // A poisoned memory is only a lost shortcut: the terms are measured again.
        if let Some(known) = self.expanded.read().ok().and_then(|m| m.get(word).cloned()) {
            return known;
        }
        let found: Matches = self.measure(word).into();
        if let Ok(mut memory) = self.expanded.write() {
            if memory.len() >= EXPANSIONS_KEPT {
                memory.clear();
            }
            memory.insert(word.to_owned(), found.clone());
        }
        found
    }

    fn measure(&self, word: &str) -> Vec<(usize, f32)> {
        let start = self.terms.partition_point(|t| t.as_str() < word);
        let mut found: Vec<(usize, f32)> = vec![];
        if word.chars().count() >= 3 {
            found.extend(
                (start..self.terms.len())
                    .take_while(|&i| self.terms[i].starts_with(word))
                    .map(|i| (i, PREFIX)),
            );
        }
        if self.terms.get(start).is_some_and(|t| t == word) {
            found.retain(|(i, _)| *i != start);
            found.push((start, EXACT));
        }
        let typos = match word.chars().count() {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        if typos > 0 {
            let typed: Vec<char> = word.chars().collect();
            let mut measure = Typos::new(typos);
            for (i, letters) in self.letters.iter().enumerate() {
                if measure.between(&typed, letters).is_some()
                    && !self.terms[i].starts_with(word)
                    && self.terms[i] != word
                {
                    found.push((i, TYPO));
                }
            }
        }
        found
    }

    /// Each document's score for the words asked, and the documents meeting every clause: an
    /// alternative of a clause is met when every word of it matches, and scores the mean of its
    /// words' best matches, so a long phrase weighs no more than the words it stands for.
    fn score(&self, clauses: &[Clause]) -> (Vec<f32>, Vec<u32>) {
        let n = self.docs.len();
        let (mut score, mut met) = (vec![0f32; n], vec![0u8; n]);
        let (mut word_best, mut alt_sum) = (vec![0f32; n], vec![0f32; n]);
        let (mut alt_words, mut clause_best) = (vec![0u8; n], vec![0f32; n]);
        let mut every = vec![];
        for clause in clauses {
            let mut in_clause = vec![];
            for alt in &clause.alternatives {
                let mut in_alt = vec![];
                for word in alt {
                    let mut touched = vec![];
                    for &(term, quality) in self.expand(word).iter() {
                        for &(doc, weight) in &self.postings[term] {
                            let slot = &mut word_best[doc as usize];
                            if *slot == 0.0 {
                                touched.push(doc);
                            }
                            *slot = slot.max(quality * weight);
                        }
                    }
                    for doc in touched {
                        let d = doc as usize;
                        if alt_words[d] == 0 {
                            in_alt.push(doc);
                        }
                        alt_sum[d] += word_best[d];
                        alt_words[d] += 1;
                        word_best[d] = 0.0;
                    }
                }
                for doc in in_alt {
                    let d = doc as usize;
                    if usize::from(alt_words[d]) == alt.len() {
                        if clause_best[d] == 0.0 {
                            in_clause.push(doc);
                        }
                        clause_best[d] = clause_best[d].max(alt_sum[d] / alt.len() as f32);
                    }
                    (alt_sum[d], alt_words[d]) = (0.0, 0);
                }
            }
            for doc in in_clause {
                let d = doc as usize;
                score[d] += clause_best[d] * clause.words as f32;
                met[d] += 1;
                clause_best[d] = 0.0;
                if usize::from(met[d]) == clauses.len() {
                    every.push(doc);
                }
            }
        }
        (score, every)
    }

    /// The filters on what a service is rather than what it says.
    fn keeps(&self, i: usize, q: &SearchQuery, need_mask: u16, category_mask: u16) -> bool {
        let (facts, doc) = (self.facts[i], &self.docs[i]);
        let limits = q.age_limits;
        (need_mask == 0 || facts.needs & need_mask != 0)
            && (category_mask == 0 || facts.categories & category_mask != 0)
            && q.age.is_none_or(|a| facts.min_age <= a && a <= facts.max_age)
            && limits.minimum_at_least.is_none_or(|m| f64::from(facts.min_age) >= m)
            && limits.maximum_at_most.is_none_or(|m| f64::from(facts.max_age) <= m)
            && (!q.free_only || facts.free)
            && q.modified_after.is_none_or(|t| doc.modified >= t)
            && q.provider.is_none_or(|p| doc.provider == p)
            && q.sessions.is_none_or(|want| doc.sessions.iter().any(|s| want.met_by(s)))
    }

    /// Every service matching `q`, best first.
    pub fn search(&self, q: &SearchQuery) -> Vec<Hit> {
        self.search_top(q, usize::MAX).1
    }

    /// How many services match `q`, and the best `top` of them in order: a page of results
    /// need not sort all the others.
    pub fn search_top(&self, q: &SearchQuery, top: usize) -> (usize, Vec<Hit>) {
        let n = self.docs.len();
        let words: Vec<String> = tokenise(&q.text).into_iter().take(MAX_QUERY_WORDS).collect();
        let clauses = clauses(&words);
        let (score, every) = match clauses.is_empty() {
            true => (vec![], None),
            false => {
                let (score, every) = self.score(&clauses);
                (score, Some(every))
            }
        };
        let need_mask = bits(&q.needs, NeedType::index);
        let category_mask = bits(&q.categories, Schedule2Category::index);
        let ranked = !words.is_empty() || q.near.is_some();
        // Words asked for, only the services saying them are visited.
        let visit: Box<dyn Iterator<Item = usize>> = match (&every, q.order) {
            (Some(every), _) => Box::new(every.iter().map(|&d| d as usize)),
            (None, Order::Id) if !ranked => Box::new(self.by_uuid.iter().map(|&d| d as usize)),
            (None, _) => Box::new(0..n),
        };
        let near = q.near.map(|near| {
            let from = OnSphere::of(near.from);
            let within = near.within_km.map(OnSphere::chord_squared_of);
            let local = within.unwrap_or(OnSphere::chord_squared_of(LOCAL_KM));
            (from, within, local)
        });
        let mut total = 0;
        // Unranked, the first `top` in order are the page; ranked, the best `top` of each kind.
        let mut first: Vec<Found> = vec![];
        let (mut venues, mut online_ones) = (Best::new(top), Best::new(top));
        for i in visit {
            if !self.keeps(i, q, need_mask, category_mask) {
                continue;
            }
            let (nearest, online) = match near {
                None => (None, false),
                Some((from, within, local)) => {
                    let places = self.docs[i].places.iter();
                    let nearest = places.map(|&p| from.chord_squared(p)).min_by(f64::total_cmp);
                    let online = q.online_is_near
                        && self.facts[i].online
                        && nearest.is_none_or(|d| d > local);
                    if let Some(limit) = within
                        && !online
                        && nearest.is_none_or(|d| d > limit)
                    {
                        continue;
                    }
                    (nearest.filter(|_| !online), online)
                }
            };
            total += 1;
            let score = score.get(i).copied().unwrap_or(0.0);
            let found = Found { doc: i as u32, score, nearest, online };
            match (ranked, online) {
                (false, _) if first.len() < top => first.push(found),
                (false, _) => {}
                (true, false) => venues.offer(found),
                (true, true) => online_ones.offer(found),
            }
        }
        let mut found = if ranked { merge(online_ones.sorted(), venues.sorted()) } else { first };
        found.truncate(top);
        let hits = found
            .into_iter()
            .map(|f| Hit {
                doc: f.doc,
                score: f.score,
                distance_km: f.nearest.map(OnSphere::km_of),
                online: f.online,
            })
            .collect();
        (total, hits)
    }
}

/// A service that matched, before it is ranked: how near is measured by [`OnSphere`]. Ordered
/// best first: by score, then nearest (online counts as nearest), then in index order.
#[derive(Debug, Clone, Copy)]
struct Found {
    doc: u32,
    score: f32,
    nearest: Option<f64>,
    online: bool,
}

impl Found {
    fn far(&self) -> f64 {
        match self.online {
            true => 0.0,
            false => self.nearest.unwrap_or(f64::INFINITY),
        }
    }
}

impl Ord for Found {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (other.score.total_cmp(&self.score))
            .then(self.far().total_cmp(&other.far()))
            .then(self.doc.cmp(&other.doc))
    }
}

impl PartialOrd for Found {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Found {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Found {}

/// The best `top` of what it is offered, kept as it goes: a page of results need not sort the
/// thousands of others, and most are turned away by one comparison with the worst kept.
struct Best {
    top: usize,
    /// The worst kept is on top.
    kept: std::collections::BinaryHeap<Found>,
}

impl Best {
    fn new(top: usize) -> Self {
        Best { top, kept: std::collections::BinaryHeap::new() }
    }

    fn offer(&mut self, found: Found) {
        if self.kept.len() < self.top {
            self.kept.push(found);
        } else if let Some(mut worst) = self.kept.peek_mut()
            && found < *worst
        {
            *worst = found;
        }
    }

    fn sorted(self) -> Vec<Found> {
        self.kept.into_sorted_vec()
    }
}

/// Online services and venues, each best first, merged in rank order with the online ones
/// spread among the venues.
fn merge(online: Vec<Found>, venues: Vec<Found>) -> Vec<Found> {
    if online.is_empty() {
        return venues;
    }
    let mut merged = Vec::with_capacity(online.len() + venues.len());
    let (mut online, mut venues) = (online.into_iter().peekable(), venues.into_iter().peekable());
    while let (Some(o), Some(v)) = (online.peek(), venues.peek()) {
        let first = if o <= v { online.next() } else { venues.next() };
        merged.extend(first);
    }
    merged.extend(online.chain(venues));
    spread_online(merged)
}

/// `hits` in order, but each online one held back until at least `ONLINE_ONE_IN - 1` venues
/// have come since the last: never earlier than ranked, only later.
fn spread_online(hits: Vec<Found>) -> Vec<Found> {
    let mut out = Vec::with_capacity(hits.len());
    let mut waiting = std::collections::VecDeque::new();
    let mut venues_since = ONLINE_ONE_IN - 1;
    for h in hits {
        if h.online {
            waiting.push_back(h);
        } else {
            out.push(h);
            venues_since += 1;
        }
        if venues_since >= ONLINE_ONE_IN - 1
            && let Some(online) = waiting.pop_front()
        {
            out.push(online);
            venues_since = 0;
        }
    }
    out.extend(waiting);
    out
}

#[cfg(test)]
mod tests;
