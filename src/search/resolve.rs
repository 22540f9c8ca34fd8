//! Career names as members type them: `secops`, `27`, `Sec Ops`, `secops engineer`,
//! `secopps`. Every command that takes a career goes through [`resolve`]; autocomplete goes
//! through [`suggest`]. Both work on the library alone (no index), so they cost microseconds.

use crate::content::{Document, Library};

use super::vocabulary::within_one_edit;

/// How well a name matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchRank {
    /// The whole name, number, slug or an alias (case, spaces and hyphens ignored).
    Exact,
    /// The start of a name: `sec` → `secops-engineer`.
    Prefix,
    /// Every typed word starts a word of the title: `sec eng`.
    Word,
    /// One typo away from a name.
    Typo,
    /// Further away, but alike enough to suggest.
    Similar,
}

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

/// Lowercase letters and digits only: `Sec Ops-Engineer` → `secopsengineer`.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
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
/// `sceops`). A wrong or missing letter (`secopz`) may be another word, so it is only offered
/// as "did you mean".
pub fn resolve<'a>(library: &'a Library, typed: &str) -> Resolution<'a> {
    let ranked = ranked(library, typed);
    let Some(&(best, first)) = ranked.first() else {
        return Resolution::Unknown(Vec::new());
    };
    let tied: Vec<&Document> = ranked.iter().filter(|(r, _)| *r == best).map(|(_, d)| *d).collect();
    match best {
        MatchRank::Exact | MatchRank::Prefix | MatchRank::Word if tied.len() == 1 => Resolution::Found(first, best),
        MatchRank::Exact | MatchRank::Prefix | MatchRank::Word => Resolution::Ambiguous(tied),
        MatchRank::Typo if tied.len() == 1 && is_slip(&compact(typed), first) => Resolution::Found(first, best),
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

/// Optimal string alignment distance (insert, delete, substitute, swap neighbours).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(MAX_NAME_CHARS).collect();
    let b: Vec<char> = b.chars().take(MAX_NAME_CHARS).collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_swaps_as_one() {
        assert_eq!(distance("secops", "secops"), 0);
        assert_eq!(distance("sceops", "secops"), 1);
        assert_eq!(distance("secopz", "secops"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn compact_ignores_case_spaces_and_hyphens() {
        assert_eq!(compact("Sec Ops-Engineer"), "secopsengineer");
    }
}
