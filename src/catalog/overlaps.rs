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

use std::collections::HashSet;

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
    /// Reads what every track teaches of every career.
    pub fn build(library: &Library, profiles: &Profiles) -> Overlaps {
        let tracks: Vec<HashSet<String>> = library
            .tracks
            .par_iter()
            .map(|track| {
                let mut grams = HashSet::new();
                for lesson in &track.lessons {
                    let page = &lesson.document;
                    grams_of(&page.title, &mut grams);
                    for section in &page.sections {
                        section.path.iter().for_each(|heading| grams_of(heading, &mut grams));
                        grams_of(&plain_text(&section.body), &mut grams);
                    }
                }
                grams
            })
            .collect();
        // Each career's items as the word runs looked for, each once.
        let careers: Vec<(usize, Vec<(String, String)>)> = library
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == Kind::Career)
            .map(|(position, _)| {
                let profile = profiles.of(position);
                let mut seen = HashSet::new();
                let items = profile
                    .tools
                    .iter()
                    .chain(&profile.skills)
                    .filter_map(|item| {
                        let name = without_qualifier(item.name());
                        let run = folded_words(&name);
                        let words = run.split(' ').count();
                        (!run.is_empty() && words <= MOST_ITEM_WORDS && seen.insert(run.clone())).then_some((name, run))
                    })
                    .collect();
                (position, items)
            })
            .collect();
        let in_tracks = |run: &str| tracks.iter().filter(|grams| grams.contains(run)).count();
        let idf = |df: usize| ((tracks.len() as f32 + 1.0) / (df as f32 + 0.5)).ln();
        let mut by_career: Vec<Vec<Pointer>> = vec![Vec::new(); library.documents.len()];
        let mut by_track: Vec<Vec<Pointer>> = vec![Vec::new(); library.tracks.len()];
        for (career, items) in &careers {
            if items.is_empty() {
                continue;
            }
            let weighed: Vec<(&str, &str, f32)> =
                items.iter().map(|(name, run)| (name.as_str(), run.as_str(), idf(in_tracks(run)))).collect();
            for (track, grams) in tracks.iter().enumerate() {
                let mut shared: Vec<(&str, f32)> =
                    weighed.iter().filter(|(_, run, _)| grams.contains(*run)).map(|&(name, _, w)| (name, w)).collect();
                let score = shared.iter().map(|(_, w)| w).sum::<f32>() / (items.len() as f32).sqrt();
                if score < SERVES_FROM {
                    continue;
                }
                shared.sort_by(|a, b| b.1.total_cmp(&a.1));
                let pointer = Pointer {
                    career: *career,
                    track,
                    score,
                    shared: shared.iter().take(SHARED_SHOWN).map(|(name, _)| name.to_string()).collect(),
                };
                by_track[track].push(pointer);
            }
        }
        for pointers in &mut by_track {
            pointers.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.career.cmp(&b.career)));
            let best = pointers.first().map_or(0.0, |p| p.score);
            pointers.retain(|p| p.score >= SERVES_FROM_BEST * best);
            for pointer in pointers.iter() {
                by_career[pointer.career].push(Pointer { score: pointer.score / best, ..pointer.clone() });
            }
            pointers.truncate(MOST_CAREERS);
        }
        // A career's tracks, the one it is nearest the best of first.
        for pointers in &mut by_career {
            pointers.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.track.cmp(&b.track)));
            pointers.truncate(MOST_TRACKS);
        }
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

/// Adds the runs of one to [`MOST_ITEM_WORDS`] words of `text` to `grams`.
fn grams_of(text: &str, grams: &mut HashSet<String>) {
    let words: Vec<String> = words(text).collect();
    for start in 0..words.len() {
        let mut run = String::new();
        for word in words.iter().skip(start).take(MOST_ITEM_WORDS) {
            if !run.is_empty() {
                run.push(' ');
            }
            run.push_str(word);
            if !grams.contains(run.as_str()) {
                grams.insert(run.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_found_as_whole_words_in_a_row_plurals_folded() {
        let mut grams = HashSet::new();
        grams_of("Designing REST APIs with Docker containers.", &mut grams);
        for found in ["docker", "rest api", "docker container", "design rest api"] {
            assert!(grams.contains(&folded_words(found)), "{found}: {grams:?}");
        }
        for missing in ["dock", "api design", "kubernetes"] {
            assert!(!grams.contains(&folded_words(missing)), "{missing}");
        }
    }
}
