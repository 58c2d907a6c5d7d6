//! Searching the Local Offer: words are matched exactly, by prefix, or with a typo or two, and
//! ranked by where they were found (the name counts most). Filters narrow by need, provision,
//! age, cost, provider, opening times, change date and distance. Built once from the public
//! services, then read-only.

use super::synonyms::{Clause, clauses};
use super::when::{Session, Sessions};
use super::words::{edit_distance_within, tokenise};
use super::{LocalOfferService, NeedType, Schedule2Category};
use std::collections::HashMap;
use uuid::Uuid;

/// Great-circle distance in kilometres between two (latitude, longitude) points.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let (dlat, dlon) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
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

struct Doc {
    needs: u16,
    categories: u16,
    free: bool,
    min_age: u8,
    max_age: u8,
    modified: jiff::Timestamp,
    places: Vec<(f64, f64)>,
    provider: Uuid,
    sessions: Vec<Session>,
    online: bool,
}

fn bits<T: Copy>(items: &[T], index: impl Fn(T) -> usize) -> u16 {
    items.iter().fold(0, |m, &i| m | 1 << index(i))
}

pub struct SearchIndex {
    services: Vec<LocalOfferService>,
    docs: Vec<Doc>,
    by_id: HashMap<Uuid, u32>,
    /// Sorted, so a prefix is a contiguous run.
    terms: Vec<String>,
    /// For each term, the documents holding it (ascending) and the weight of the best field.
    postings: Vec<Vec<(u32, f32)>>,
    /// Every document in id order: [`Order::Id`].
    by_uuid: Vec<u32>,
}

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
            docs.push(Doc {
                needs: bits(&s.needs, NeedType::index),
                categories: bits(&s.categories, Schedule2Category::index),
                free: s.is_free(),
                min_age: s.minimum_age.unwrap_or(0),
                max_age: s.maximum_age.unwrap_or(u8::MAX),
                modified: s.last_modified,
                places: s.locations.iter().filter_map(|l| l.coordinates()).collect(),
                provider: s.provider.id,
                sessions: s.schedules.iter().map(Session::of).collect(),
                online: s.online,
            });
        }
        let mut terms: Vec<(String, Vec<(u32, f32)>)> = words.into_iter().collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let by_id = services.iter().enumerate().map(|(i, s)| (s.id, i as u32)).collect();
        let (terms, postings) = terms.into_iter().unzip();
        let mut by_uuid: Vec<u32> = (0..services.len() as u32).collect();
        by_uuid.sort_by_key(|&d| services[d as usize].id);
        SearchIndex { services, docs, by_id, terms, postings, by_uuid }
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
    fn expand(&self, word: &str) -> Vec<(usize, f32)> {
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
            for (i, term) in self.terms.iter().enumerate() {
                if !term.starts_with(word)
                    && term != word
                    && edit_distance_within(word, term, typos).is_some()
                {
                    found.push((i, TYPO));
                }
            }
        }
        found
    }

    /// Each document's score for the words asked, and how many of the clauses it meets: an
    /// alternative of a clause is met when every word of it matches, and scores the mean of its
    /// words' best matches, so a long phrase weighs no more than the words it stands for.
    fn score(&self, clauses: &[Clause]) -> (Vec<f32>, Vec<u8>) {
        let n = self.docs.len();
        let (mut score, mut met) = (vec![0f32; n], vec![0u8; n]);
        let (mut word_best, mut alt_sum) = (vec![0f32; n], vec![0f32; n]);
        let (mut alt_words, mut clause_best) = (vec![0u8; n], vec![0f32; n]);
        for clause in clauses {
            let mut in_clause = vec![];
            for alt in &clause.alternatives {
                let mut in_alt = vec![];
                for word in alt {
                    let mut touched = vec![];
                    for (term, quality) in self.expand(word) {
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
            }
        }
        (score, met)
    }

    /// The filters on what a service is rather than what it says.
    fn keeps(&self, doc: &Doc, q: &SearchQuery) -> bool {
        let limits = q.age_limits;
        q.age.is_none_or(|a| doc.min_age <= a && a <= doc.max_age)
            && limits.minimum_at_least.is_none_or(|m| f64::from(doc.min_age) >= m)
            && limits.maximum_at_most.is_none_or(|m| f64::from(doc.max_age) <= m)
            && (!q.free_only || doc.free)
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
        let (score, matched) =
            if clauses.is_empty() { (vec![], vec![]) } else { self.score(&clauses) };
        let need_mask = bits(&q.needs, NeedType::index);
        let category_mask = bits(&q.categories, Schedule2Category::index);
        let ranked = !words.is_empty() || q.near.is_some();
        let visit: Box<dyn Iterator<Item = usize>> = match q.order {
            Order::Id if !ranked => Box::new(self.by_uuid.iter().map(|&d| d as usize)),
            _ => Box::new(0..n),
        };
        let mut hits = vec![];
        for i in visit {
            let doc = &self.docs[i];
            if !clauses.is_empty() && usize::from(matched[i]) != clauses.len() {
                continue;
            }
            if !(need_mask == 0 || doc.needs & need_mask != 0)
                || !(category_mask == 0 || doc.categories & category_mask != 0)
                || !self.keeps(doc, q)
            {
                continue;
            }
            // A degree of latitude is never less than 110 km, so places outside that band are too far
            // without the cost of the great-circle formula.
            let in_band = |p: &&(f64, f64), near: Near| {
                near.within_km.is_none_or(|km| (p.0 - near.from.0).abs() * 110.0 <= km)
            };
            let distance_km = q.near.and_then(|near| {
                doc.places
                    .iter()
                    .filter(|p| in_band(p, near))
                    .map(|&p| distance_km(near.from, p))
                    .min_by(f64::total_cmp)
            });
            let local = q.near.and_then(|near| near.within_km).unwrap_or(LOCAL_KM);
            let online = q.online_is_near
                && q.near.is_some()
                && doc.online
                && distance_km.is_none_or(|d| d > local);
            if let Some(limit) = q.near.and_then(|near| near.within_km)
                && !online
                && distance_km.is_none_or(|d| d > limit)
            {
                continue;
            }
            hits.push(Hit {
                doc: i as u32,
                score: score.get(i).copied().unwrap_or(0.0),
                distance_km: distance_km.filter(|_| !online),
                online,
            });
        }
        let total = hits.len();
        if ranked {
            let far = |h: &Hit| match h.online {
                true => 0.0,
                false => h.distance_km.unwrap_or(f64::INFINITY),
            };
            let rank = |a: &Hit, b: &Hit| {
                b.score.total_cmp(&a.score).then(far(a).total_cmp(&far(b))).then(a.doc.cmp(&b.doc))
            };
            // A page need not sort all the others: only the best `top`.
            let best = |mut list: Vec<Hit>| {
                if top < list.len() {
                    list.select_nth_unstable_by(top, rank);
                    list.truncate(top);
                }
                list.sort_unstable_by(rank);
                list
            };
            hits = if hits.iter().any(|h| h.online) {
                // The first `top` spread come from the best `top` of each kind, in rank order.
                let (online, venues): (Vec<Hit>, Vec<Hit>) =
                    hits.into_iter().partition(|h| h.online);
                let (mut online, mut venues) =
                    (best(online).into_iter().peekable(), best(venues).into_iter().peekable());
                let mut merged = Vec::with_capacity(top.min(total));
                while let (Some(o), Some(v)) = (online.peek(), venues.peek()) {
                    let first = if rank(o, v).is_le() { online.next() } else { venues.next() };
                    merged.extend(first);
                }
                merged.extend(online.chain(venues));
                spread_online(merged)
            } else {
                best(hits)
            };
        }
        hits.truncate(top);
        (total, hits)
    }
}

/// `hits` in order, but each online one held back until at least `ONLINE_ONE_IN - 1` venues
/// have come since the last: never earlier than ranked, only later.
fn spread_online(hits: Vec<Hit>) -> Vec<Hit> {
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
