//! The words of a library, for typo correction: a word of 5+ letters that the library does not
//! contain is also searched as the library's words one edit away ("kubernets" → "kubernetes").
//! Correcting to real words, rather than fuzzy-matching stemmed terms, keeps snippets
//! highlighted and never matches a stem that no one typed.
//!
//! Corrections come from a deletion table made at load: every word, and every word with one
//! letter left out, keyed by a hash. A typed word and its own one-letter deletions are looked up
//! there, so a request costs a few binary searches whatever the size of the library, not a scan
//! of its words (two words one edit apart always share a key: the same string, or the same
//! string with one letter left out of either).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use crate::catalog::names::within_one_edit;
use crate::content::Library;

/// Lowercase words of a library with their counts, and their deletion table.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    /// (word, count), sorted by word.
    words: Vec<(String, u32)>,
    /// (key, word): the key of each word that can be a correction, and of each of its
    /// one-letter deletions; sorted by key.
    deletions: Vec<(u32, u32)>,
}

/// Words longer than this are not corrected (and not collected).
const MAX_WORD_CHARS: usize = 40;

/// Shortest word corrected; its corrections are one letter shorter at least.
const MIN_CORRECTED_CHARS: usize = 5;

impl Vocabulary {
    /// Collects the words of every title, heading, body and listed item, of documents and
    /// lessons.
    pub fn of(library: &Library) -> Vocabulary {
        let pages: Vec<&crate::content::Document> = library.pages().map(|(_, page)| page).collect();
        let counts: HashMap<String, u32> = pages
            .par_iter()
            .fold(HashMap::new, |mut counts, d| {
                let mut add = |text: &str| count_words(text, &mut counts);
                add(&d.title);
                for s in &d.sections {
                    s.path.iter().for_each(|h| add(h));
                    add(&s.body);
                }
                counts
            })
            .reduce(HashMap::new, |mut a, b| {
                let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, std::mem::take(&mut a)) };
                for (word, n) in small {
                    *big.entry(word).or_insert(0) += n;
                }
                big
            });
        Vocabulary::from_words(counts.into_iter().collect())
    }

    /// The words as text, one `word count` per line: how the index folder keeps them.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(self.words.len() * 12);
        for (word, count) in &self.words {
            out.push_str(word);
            out.push(' ');
            out.push_str(&count.to_string());
            out.push('\n');
        }
        out
    }

    /// Reads what [`Vocabulary::to_text`] wrote. `Err` names the first line that is not a
    /// word and its count.
    pub fn parse(text: &str) -> Result<Vocabulary, String> {
        let mut words = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let parsed = line.split_once(' ').and_then(|(word, count)| {
                // Lowercasing may add marks ('İ' is 'i' and a combining dot): only the
                // format is checked.
                let is_word = !word.is_empty() && !word.contains(char::is_whitespace);
                Some((word.to_string(), count.parse::<u32>().ok()?)).filter(|_| is_word)
            });
            words.push(parsed.ok_or_else(|| format!("line {} is not a word and its count", n + 1))?);
        }
        Ok(Vocabulary::from_words(words))
    }

    /// Sorts the words and makes the deletion table.
    fn from_words(mut words: Vec<(String, u32)>) -> Vocabulary {
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        words.dedup_by(|a, b| a.0 == b.0);
        let mut deletions: Vec<(u32, u32)> = words
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, (word, _))| {
                let chars: Vec<char> = word.chars().collect();
                let keys = if chars.len() + 1 >= MIN_CORRECTED_CHARS { chars.len() + 1 } else { 0 };
                (0..keys).map(move |k| (key(&chars, k.checked_sub(1)), id as u32))
            })
            .collect();
        deletions.par_sort_unstable();
        Vocabulary { words, deletions }
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the library has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when the library contains this word (any case).
    pub fn contains(&self, word: &str) -> bool {
        self.position(&word.to_lowercase()).is_some()
    }

    fn position(&self, lowercase: &str) -> Option<usize> {
        self.words.binary_search_by(|(w, _)| w.as_str().cmp(lowercase)).ok()
    }

    /// Up to three library words one edit (insert, delete, substitute, swap neighbours) away,
    /// the likeliest first.
    pub fn corrections(&self, word: &str) -> Vec<&str> {
        let word: Vec<char> = word.to_lowercase().chars().collect();
        let n = word.len();
        if !(MIN_CORRECTED_CHARS..=MAX_WORD_CHARS).contains(&n) {
            return Vec::new();
        }
        let mut found: Vec<u32> = Vec::new();
        for skip in std::iter::once(None).chain((0..n).map(Some)) {
            let key = key(&word, skip);
            let from = self.deletions.partition_point(|&(k, _)| k < key);
            for &(_, id) in self.deletions[from..].iter().take_while(|&&(k, _)| k == key) {
                if !found.contains(&id) {
                    found.push(id);
                }
            }
        }
        let mut close: Vec<(usize, u32, &str)> = found
            .into_iter()
            .filter_map(|id| {
                let (candidate, count) = self.words.get(id as usize)?;
                let chars: Vec<char> = candidate.chars().collect();
                // A letter left out is the commonest slip, then one wrong or two swapped, then
                // one too many: "lerning" is "learning" before it is "leaning".
                let slip = match chars.len() {
                    l if l == n + 1 => 0,
                    l if l == n => 1,
                    _ => 2,
                };
                (chars != word && within_one_edit(&word, &chars)).then_some((slip, *count, candidate.as_str()))
            })
            .collect();
        // Most frequent first within a kind of slip, so the likeliest correction wins a tie.
        close.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
        close.into_iter().take(3).map(|(_, _, w)| w).collect()
    }
}

/// The table key of `chars` with the char at `skip` left out (none: the whole word).
fn key(chars: &[char], skip: Option<usize>) -> u32 {
    let mut hasher = DefaultHasher::new();
    for (i, c) in chars.iter().enumerate() {
        if Some(i) != skip {
            c.hash(&mut hasher);
        }
    }
    hasher.finish() as u32
}

/// Counts the lowercase words of `text`, allocating only for words not counted yet.
fn count_words(text: &str, counts: &mut HashMap<String, u32>) {
    let mut lower = String::new();
    for word in super::words::word_spans(text).map(|span| super::words::without_joiners(&text[span])) {
        let word = word.as_ref();
        let word = if word.chars().any(char::is_uppercase) {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            lower.as_str()
        } else {
            word
        };
        if word.chars().count() > MAX_WORD_CHARS {
            continue;
        }
        match counts.get_mut(word) {
            Some(n) => *n += 1,
            None => {
                counts.insert(word.to_string(), 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(text: &str) -> Library {
        crate::content::assemble(
            vec![crate::content::parse_document(
                "1-T.md",
                format!("---\ntitle: T\n---\n# T\n## A\n{text}\n").as_bytes(),
            )
            .document
            .expect("parses")],
            Vec::new(),
        )
    }

    #[test]
    fn words_that_grow_when_lowercased_never_index_past_the_end() {
        // 21 dotted capitals: 21 chars typed, 42 once lowercased.
        let vocabulary = Vocabulary::of(&library(&format!("{} {}ab", "İ".repeat(21), "İİ".repeat(19))));
        assert!(!vocabulary.contains(&"İ".repeat(21)), "longer than 40 once lowercased");
        assert!(vocabulary.corrections(&"İ".repeat(21)).is_empty());
    }

    #[test]
    fn corrections_are_every_kind_of_slip_likeliest_first() {
        let vocabulary = Vocabulary::of(&library(
            "learning learning leaning kubernetes Kubernetes monitoring terraform terraform terrafirm",
        ));
        assert_eq!(vocabulary.corrections("lerning"), ["learning", "leaning"], "a letter left out, then one wrong");
        assert_eq!(vocabulary.corrections("learnning"), ["learning"], "one too many");
        assert_eq!(vocabulary.corrections("kubernetse"), ["kubernetes"], "two swapped");
        assert_eq!(vocabulary.corrections("monitorong"), ["monitoring"], "one wrong");
        assert_eq!(vocabulary.corrections("terrafxrm"), ["terraform", "terrafirm"], "the commoner first");
        assert_eq!(vocabulary.corrections("leaarning"), ["learning"]);
        assert!(vocabulary.corrections("lrnng").is_empty(), "two edits away");
        assert_eq!(vocabulary.corrections("learning"), ["leaning"], "a word is no slip of itself");
        assert!(vocabulary.contains("Kubernetes") && vocabulary.contains("kubernetes"));
    }

    #[test]
    fn words_read_back_as_written() {
        let vocabulary = Vocabulary::of(&library("Kubernetes kubernetes İstanbul ǅemal straße 😀 x"));
        let text = vocabulary.to_text();
        let read = Vocabulary::parse(&text).expect("reads its own text");
        assert_eq!(read.to_text(), text);
        assert_eq!(read.len(), vocabulary.len());
        assert!(read.contains("KUBERNETES") && read.contains("istanbul".replace('i', "i\u{307}").as_str()));
        assert_eq!(
            Vocabulary::parse("kubernetes 2\nbroken\n").err().as_deref(),
            Some("line 2 is not a word and its count")
        );
        assert!(Vocabulary::parse("kubernetes two\n").is_err());
    }

    /// The deletion table finds what comparing with every word finds.
    #[test]
    fn the_table_finds_what_a_scan_finds() {
        let text = "security secure securing insecure kubernetes cluster clusters clustered observe observer \
                    observing pipeline pipelines terraform platform platforms monitoring monitor";
        let vocabulary = Vocabulary::of(&library(text));
        let all: Vec<Vec<char>> = text.split_whitespace().map(|w| w.chars().collect()).collect();
        for typed in ["securty", "cluter", "clusterd", "observr", "pipelnes", "platfrom", "monitorin", "secrue"] {
            let typed_chars: Vec<char> = typed.chars().collect();
            let mut scanned: Vec<String> =
                all.iter().filter(|w| within_one_edit(&typed_chars, w)).map(|w| w.iter().collect()).collect();
            scanned.sort();
            scanned.dedup();
            let mut found: Vec<String> = vocabulary.corrections(typed).into_iter().map(str::to_string).collect();
            found.sort();
            assert_eq!(found, scanned.into_iter().take(3).collect::<Vec<_>>(), "{typed}");
        }
    }
}
