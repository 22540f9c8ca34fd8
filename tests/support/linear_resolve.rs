//! The career-name resolver as it was before the name index: a linear scan that ranks every
//! document for every request. Kept here as the oracle the index is checked against
//! (`tests/names.rs`): exact, start, word and typo answers must be the same.
#![allow(dead_code)]

use careerbot::catalog::names::{compact, distance, within_one_edit, MatchRank};
use careerbot::content::{Document, Library};

/// What a typed career name refers to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution<'a> {
    /// One document, and how it matched.
    Found(&'a Document, MatchRank),
    /// Several documents match equally well; ranked.
    Ambiguous(Vec<&'a Document>),
    /// Nothing matches well enough; these are the closest, for "did you mean".
    Unknown(Vec<&'a Document>),
}

/// The names a document answers to, compacted.
fn names(d: &Document) -> impl Iterator<Item = String> + '_ {
    [compact(&d.slug), compact(&d.title)]
        .into_iter()
        .chain(d.aliases.iter().map(|a| compact(a)))
        .chain(d.number.map(|n| n.to_string()))
        .filter(|n| !n.is_empty())
}

/// Lowercase words of the title and aliases.
fn words(d: &Document) -> Vec<String> {
    std::iter::once(d.title.as_str())
        .chain(d.aliases.iter().map(String::as_str))
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Query text longer than this is cut before matching: names are short.
const MAX_NAME_CHARS: usize = 100;

/// The best rank of `d` for the typed text, if it matches at all.
fn rank(d: &Document, typed: &str, typed_words: &[String]) -> Option<MatchRank> {
    if typed.is_empty() {
        return None;
    }
    let names: Vec<String> = names(d).collect();
    if names.iter().any(|n| n == typed) {
        return Some(MatchRank::Exact);
    }
    if names.iter().any(|n| n.starts_with(typed)) {
        return Some(MatchRank::Prefix);
    }
    let title_words = words(d);
    if !typed_words.is_empty() && typed_words.iter().all(|w| title_words.iter().any(|t| t.starts_with(w.as_str()))) {
        return Some(MatchRank::Word);
    }
    let typed_chars: Vec<char> = typed.chars().collect();
    if typed_chars.len() >= 5 {
        let one_typo = names.iter().any(|n| {
            let n: Vec<char> = n.chars().collect();
            // The whole name, or the start of it that was typed so far (autocomplete).
            within_one_edit(&typed_chars, &n)
                || (n.len() > typed_chars.len() && within_one_edit(&typed_chars, &n[..typed_chars.len()]))
        });
        if one_typo {
            return Some(MatchRank::Typo);
        }
    }
    let close = names.iter().any(|n| {
        let limit = (n.chars().count().max(typed_chars.len()) / 3).max(2);
        distance(typed, n) <= limit
    }) || (typed_chars.len() >= 3 && names.iter().any(|n| n.contains(typed)));
    close.then_some(MatchRank::Similar)
}

/// Documents ranked for the typed text (best first; ties by number, then slug).
fn ranked<'a>(library: &'a Library, typed: &str) -> Vec<(MatchRank, &'a Document)> {
    let typed: String = typed.chars().take(MAX_NAME_CHARS).collect();
    let typed_words: Vec<String> =
        typed.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let typed = compact(&typed);
    let mut out: Vec<(MatchRank, &Document)> =
        library.documents.iter().filter_map(|d| rank(d, &typed, &typed_words).map(|r| (r, d))).collect();
    out.sort_by(|(ra, a), (rb, b)| {
        (ra, a.number.unwrap_or(u32::MAX), &a.slug).cmp(&(rb, b.number.unwrap_or(u32::MAX), &b.slug))
    });
    out
}

/// Resolves a typed career name.
///
/// Exact names win, then a unique prefix, then title words. A one-letter slip resolves when
/// the name is unmistakable: an extra or doubled letter, or two neighbours swapped (`secopps`,
/// `sceops`), or any one letter in a name of eight letters or more. A wrong or missing letter
/// in a shorter name (`secopz`) may be another word, so it is only offered as "did you mean".
pub fn resolve<'a>(library: &'a Library, typed: &str) -> Resolution<'a> {
    let ranked = ranked(library, typed);
    let Some(&(best, first)) = ranked.first() else {
        return Resolution::Unknown(Vec::new());
    };
    let tied: Vec<&Document> = ranked.iter().filter(|(r, _)| *r == best).map(|(_, d)| *d).collect();
    match best {
        MatchRank::Exact | MatchRank::Prefix | MatchRank::Word if tied.len() == 1 => Resolution::Found(first, best),
        MatchRank::Exact | MatchRank::Prefix | MatchRank::Word => Resolution::Ambiguous(tied),
        MatchRank::Typo
            if tied.len() == 1 && (is_slip(&compact(typed), first) || compact(typed).chars().count() >= 8) =>
        {
            Resolution::Found(first, best)
        }
        _ => Resolution::Unknown(ranked.into_iter().map(|(_, d)| d).take(5).collect()),
    }
}

/// True when deleting one typed letter, or swapping two typed neighbours, gives a name.
fn is_slip(typed: &str, d: &Document) -> bool {
    let typed: Vec<char> = typed.chars().collect();
    names(d).any(|n| {
        let n: Vec<char> = n.chars().collect();
        within_one_edit(&typed, &n)
            && (typed.len() == n.len() + 1
                || (typed.len() == n.len() && typed.iter().zip(&n).filter(|(a, b)| a != b).count() == 2))
    })
}

/// Autocomplete: at most `limit` (≤ 25) documents for what has been typed so far, ranked exact
/// name, then prefix, then word, then typo, then similar. Nothing typed lists every document.
pub fn suggest<'a>(library: &'a Library, typed: &str, limit: usize) -> Vec<&'a Document> {
    let limit = limit.min(25);
    if compact(typed).is_empty() {
        return library.documents.iter().take(limit).collect();
    }
    ranked(library, typed).into_iter().map(|(_, d)| d).take(limit).collect()
}

/// The ranks of the documents that match at all, best first.
pub fn ranked_ranks(library: &Library, typed: &str) -> Vec<MatchRank> {
    ranked(library, typed).into_iter().map(|(rank, _)| rank).collect()
}
