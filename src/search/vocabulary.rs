//! The words of a library, for typo correction: a word of 5+ letters that the library does not
//! contain is also searched as the library's words one edit away ("kubernets" → "kubernetes").
//! Correcting to real words, rather than fuzzy-matching stemmed terms, keeps snippets
//! highlighted and never matches a stem that no one typed.

use std::collections::HashMap;

use crate::catalog::names::within_one_edit;
use crate::content::Library;

/// Lowercase words of a library with their counts, bucketed by length.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    counts: HashMap<String, u32>,
    /// `by_len[n]`: words of `n` chars, with their chars ready for comparing.
    by_len: Vec<Vec<(String, Vec<char>)>>,
}

/// Words longer than this are not corrected (and not collected).
const MAX_WORD_CHARS: usize = 40;

impl Vocabulary {
    /// Collects the words of every title, heading, body and listed item.
    pub fn of(library: &Library) -> Vocabulary {
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut add = |text: &str| {
            for word in words(text) {
                *counts.entry(word).or_insert(0) += 1;
            }
        };
        for d in &library.documents {
            add(&d.title);
            for s in &d.sections {
                s.path.iter().for_each(|h| add(h));
                add(&s.body);
            }
        }
        let mut by_len: Vec<Vec<(String, Vec<char>)>> = vec![Vec::new(); MAX_WORD_CHARS + 1];
        for word in counts.keys() {
            let chars: Vec<char> = word.chars().collect();
            // `words` measures after lowercasing, but a bucket that does not exist is skipped
            // rather than trusted: no word of any script can index past the end.
            if let Some(bucket) = by_len.get_mut(chars.len()) {
                bucket.push((word.clone(), chars));
            }
        }
        // Most frequent first, so the likeliest correction wins a tie.
        for bucket in &mut by_len {
            bucket.sort_by(|(a, _), (b, _)| counts[b].cmp(&counts[a]).then_with(|| a.cmp(b)));
        }
        Vocabulary { counts, by_len }
    }

    /// True when the library contains this word (any case).
    pub fn contains(&self, word: &str) -> bool {
        self.counts.contains_key(&word.to_lowercase())
    }

    /// Up to three library words one edit (insert, delete, substitute, swap neighbours) away,
    /// the likeliest first.
    pub fn corrections(&self, word: &str) -> Vec<&str> {
        let word: Vec<char> = word.to_lowercase().chars().collect();
        let n = word.len();
        if !(5..=MAX_WORD_CHARS).contains(&n) {
            return Vec::new();
        }
        let mut out = Vec::new();
        // A letter left out is the commonest slip, then one wrong or two swapped, then one too
        // many: "lerning" is "learning" before it is "leaning".
        for len in [n + 1, n, n - 1] {
            let Some(bucket) = self.by_len.get(len) else { continue };
            for (candidate, chars) in bucket {
                if within_one_edit(&word, chars) {
                    out.push(candidate.as_str());
                    if out.len() == 3 {
                        return out;
                    }
                }
            }
        }
        out
    }
}

/// Lowercase alphanumeric words of 1..=40 chars, measured after lowercasing: case mappings
/// change lengths (`'İ'.to_lowercase()` is two chars, `ẞ` one), so a word is measured as stored.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() <= MAX_WORD_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_grow_when_lowercased_never_index_past_the_end() {
        // 21 dotted capitals: 21 chars typed, 42 once lowercased.
        let library = crate::content::assemble(
            vec![crate::content::parse_document(
                "1-T.md",
                format!("---\ntitle: T\n---\n# T\n## A\n{} {}ab\n", "İ".repeat(21), "İİ".repeat(19)).as_bytes(),
            )
            .document
            .expect("parses")],
            Vec::new(),
        );
        let vocabulary = Vocabulary::of(&library);
        assert!(!vocabulary.contains(&"İ".repeat(21)), "longer than 40 once lowercased");
        assert!(vocabulary.corrections(&"İ".repeat(21)).is_empty());
    }
}
