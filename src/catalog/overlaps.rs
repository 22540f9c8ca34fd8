//! Which study tracks teach what a career asks for, read from the content (no hand table):
//! `/career` names the tracks that serve a career, `/learn` the careers a track serves.
//!
//! A career's tools and skills (its [`profiles`](super::profiles) items: "Docker", "Threat
//! Modeling", "REST APIs") are looked for in each track's lessons, as whole words in a row
//! (plurals and "-ing" forms folded). An item found in few tracks says more than one every
//! track mentions ("Communication"): each counts by its inverse track frequency, and a career's
//! sum is divided by the square root of its item count, so that a career of many items does not
//! win by their number alone. A track serves the careers near its best score (see
//! [`SERVES_FROM_BEST`]); a career points at the tracks that serve it. A pointer names the
//! items behind it, so a member sees why.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::keys::{stem, without_qualifier};
use super::profiles::Profiles;
use crate::content::{is_word_char, plain_text, Kind, Library};

/// Items of more words than this are not looked for (sentences, not names).
const MOST_ITEM_WORDS: usize = 3;

/// A track serves a career when their score (inverse track frequencies summed over shared items,
/// over the square root of the career's item count) is at least this...
const SERVES_FROM: f32 = 2.0;
/// ...and at least this share of the track's best score: tracks differ in how many names they
/// write (a curriculum of tools and frameworks against a course on internet safety), and a track
/// serves the careers it teaches most of, not every career that shares a word or two with it.
const SERVES_FROM_BEST: f32 = 0.75;

/// Careers named per track at most.
const MOST_CAREERS: usize = 6;
/// Tracks named per career at most.
const MOST_TRACKS: usize = 3;

/// Shared items kept per pointer, to show.
const SHARED_SHOWN: usize = 5;

/// A career and a track that teaches part of what it asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Pointer {
    /// The career's position in the library's documents.
    pub career: usize,
    /// The track's position in the library's tracks.
    pub track: usize,
    /// How much of the career the track teaches (see the module's doc); in a career's list, as a
    /// share of the track's best.
    pub score: f32,
    /// The career's items the track teaches, rarest first: "Docker", "Kubernetes".
    pub shared: Vec<String>,
}

/// Every career's pointers to tracks and every track's to careers, best first.
#[derive(Debug, Default)]
pub struct Overlaps {
    by_career: Vec<Vec<Pointer>>,
    by_track: Vec<Vec<Pointer>>,
}

impl Overlaps {
    /// Reads what every track teaches of every career. The careers' item runs are collected
    /// first, so a track's text is only looked up in them (a large library's tracks write
    /// millions of word runs; its careers name a few thousand).
    pub fn build(library: &Library, profiles: &Profiles) -> Overlaps {
        // Each career's items as the word runs looked for, each once per career; and each run's
        // careers.
        let mut runs: HashMap<String, u32> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut careers_of: Vec<Vec<usize>> = Vec::new();
        let mut items_of: Vec<(usize, usize)> = Vec::new();
        for (position, _) in library.documents.iter().enumerate().filter(|(_, d)| d.kind == Kind::Career) {
            let profile = profiles.of(position);
            let mut seen = HashSet::new();
            for item in profile.tools.iter().chain(&profile.skills) {
                let name = without_qualifier(item.name());
                let run = folded_words(&name);
                if run.is_empty() || run.split(' ').count() > MOST_ITEM_WORDS || !seen.insert(run.clone()) {
                    continue;
                }
                let id = *runs.entry(run).or_insert_with(|| {
                    names.push(name);
                    careers_of.push(Vec::new());
                    (names.len() - 1) as u32
                });
                careers_of[id as usize].push(position);
            }
            items_of.push((position, seen.len()));
        }
        let runs = Runs::new(runs);
        // The runs each track's lessons write.
        let taught: Vec<Vec<u32>> = library
            .tracks
            .par_iter()
            .map(|track| {
                let mut found = HashSet::new();
                for lesson in &track.lessons {
                    let page = &lesson.document;
                    runs_in(&page.title, &runs, &mut found);
                    for section in &page.sections {
                        section.path.iter().for_each(|heading| runs_in(heading, &runs, &mut found));
                        runs_in(&plain_text(&section.body), &runs, &mut found);
                    }
                }
                let mut found: Vec<u32> = found.into_iter().collect();
                found.sort_unstable();
                found
            })
            .collect();
        let mut in_tracks = vec![0usize; names.len()];
        for run in taught.iter().flatten() {
            in_tracks[*run as usize] += 1;
        }
        let idf = |df: usize| ((taught.len() as f32 + 1.0) / (df as f32 + 0.5)).ln();
        let item_count: HashMap<usize, usize> = items_of.into_iter().collect();
        let mut by_career: Vec<Vec<Pointer>> = vec![Vec::new(); library.documents.len()];
        let mut by_track: Vec<Vec<Pointer>> = vec![Vec::new(); library.tracks.len()];
        for (track, runs) in taught.iter().enumerate() {
            // Each career's shared runs with this track, by the inverted list.
            let mut shared: HashMap<usize, Vec<(u32, f32)>> = HashMap::new();
            for &run in runs {
                let weight = idf(in_tracks[run as usize]);
                for &career in &careers_of[run as usize] {
                    shared.entry(career).or_default().push((run, weight));
                }
            }
            let mut pointers: Vec<Pointer> = shared
                .into_iter()
                .filter_map(|(career, mut runs)| {
                    let items = *item_count.get(&career)?;
                    let score = runs.iter().map(|(_, w)| w).sum::<f32>() / (items.max(1) as f32).sqrt();
                    if score < SERVES_FROM {
                        return None;
                    }
                    runs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    let shared = runs.iter().take(SHARED_SHOWN).map(|(run, _)| names[*run as usize].clone()).collect();
                    Some(Pointer { career, track, score, shared })
                })
                .collect();
            pointers.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.career.cmp(&b.career)));
            let best = pointers.first().map_or(0.0, |p| p.score);
            pointers.retain(|p| p.score >= SERVES_FROM_BEST * best);
            for pointer in &pointers {
                // A career's tracks, the one it is nearest the best of first; only the best are
                // kept as they come (a large library has careers a thousand tracks serve).
                let kept = &mut by_career[pointer.career];
                kept.push(Pointer { score: pointer.score / best, ..pointer.clone() });
                kept.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.track.cmp(&b.track)));
                kept.truncate(MOST_TRACKS);
            }
            pointers.truncate(MOST_CAREERS);
            pointers.shrink_to_fit();
            by_track[track] = pointers;
        }
        by_career.iter_mut().for_each(Vec::shrink_to_fit);
        Overlaps { by_career, by_track }
    }

    /// The tracks that serve the career at `position`, best first.
    pub fn tracks_for(&self, position: usize) -> &[Pointer] {
        self.by_career.get(position).map_or(&[], Vec::as_slice)
    }

    /// The careers the track at `position` serves, best first.
    pub fn careers_for(&self, track: usize) -> &[Pointer] {
        self.by_track.get(track).map_or(&[], Vec::as_slice)
    }
}

/// The careers' items as the word runs looked for in the tracks.
struct Runs {
    /// Each run → its place.
    ids: HashMap<String, u32>,
    /// The first word of every run.
    first_words: HashSet<String>,
}

impl Runs {
    fn new(ids: HashMap<String, u32>) -> Runs {
        let first_words = ids.keys().map(|run| run.split(' ').next().unwrap_or_default().to_string()).collect();
        Runs { ids, first_words }
    }
}

/// A text's words, lowercase, plurals and "-ing" folded (see [`stem`]), joined by spaces.
fn folded_words(text: &str) -> String {
    words(text).collect::<Vec<_>>().join(" ")
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(is_word_char(c) || matches!(c, '+' | '#'))).filter(|w| !w.is_empty()).map(|w| {
        let mut w = stem(&w.to_lowercase());
        // "APIs" is "API" (the stem keeps a plural "s" after a short word).
        if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            w.pop();
        }
        w
    })
}

/// Adds to `found` the runs of `runs` (one to [`MOST_ITEM_WORDS`] words in a row) that `text`
/// writes.
fn runs_in(text: &str, runs: &Runs, found: &mut HashSet<u32>) {
    let words: Vec<String> = words(text).collect();
    let mut run = String::new();
    for start in 0..words.len() {
        // Most words start no item: a run is only looked up from a word that starts one.
        if !runs.first_words.contains(words[start].as_str()) {
            continue;
        }
        run.clear();
        for word in words.iter().skip(start).take(MOST_ITEM_WORDS) {
            if !run.is_empty() {
                run.push(' ');
            }
            run.push_str(word);
            if let Some(&id) = runs.ids.get(run.as_str()) {
                found.insert(id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_found_as_whole_words_in_a_row_plurals_folded() {
        let names = ["docker", "rest api", "docker container", "design rest api", "dock", "api design", "kubernetes"];
        let runs = Runs::new(names.iter().enumerate().map(|(i, n)| (folded_words(n), i as u32)).collect());
        let mut found = HashSet::new();
        runs_in("Designing REST APIs with Docker containers.", &runs, &mut found);
        let mut found: Vec<&str> = found.into_iter().map(|id| names[id as usize]).collect();
        found.sort_unstable();
        assert_eq!(found, ["design rest api", "docker", "docker container", "rest api"]);
    }
}
