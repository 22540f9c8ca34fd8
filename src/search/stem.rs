//! English stemming that remembers the stems it made.
//!
//! A library repeats a small vocabulary many times over (152,300 index entries at 3,500
//! documents, a few tens of thousands of distinct words), and stemming a word costs several
//! times a hash lookup: stemming was a quarter of an index build. The stems are exactly
//! tantivy's `Stemmer` (the same `frostem` English algorithm); only the work is kept.

use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered per analyzer at most: an analyzer that lives long (the one that reads
/// members' questions) stops learning there instead of growing with what is typed.
const REMEMBERED: usize = 200_000;

/// The filter: stems each token, remembering the stems.
#[derive(Clone, Copy)]
pub struct RememberingStemmer;

impl TokenFilter for RememberingStemmer {
    type Tokenizer<T: Tokenizer> = RememberingStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberingStemmerFilter<T> {
        RememberingStemmerFilter { inner: tokenizer, stems: HashMap::new() }
    }
}

/// A tokenizer with its stems so far.
pub struct RememberingStemmerFilter<T> {
    inner: T,
    stems: HashMap<String, String>,
}

/// A copy starts with nothing remembered: analyzers are copied per indexing thread and per
/// request, and copying what one learned would cost more than it saves.
impl<T: Clone> Clone for RememberingStemmerFilter<T> {
    fn clone(&self) -> Self {
        RememberingStemmerFilter { inner: self.inner.clone(), stems: HashMap::new() }
    }
}

impl<T: Tokenizer> Tokenizer for RememberingStemmerFilter<T> {
    type TokenStream<'a> = RememberingStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberingStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// The token stream.
pub struct RememberingStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut HashMap<String, String>,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for RememberingStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // Sinhala, Tamil and other scripts are kept whole: the English stemmer is not theirs.
        if super::words::is_not_latin(&token.text) {
            return true;
        }
        match self.stems.get(token.text.as_str()) {
            Some(stem) => {
                token.text.clear();
                token.text.push_str(stem);
            }
            None => {
                let stem = self.stemmer.stem(&token.text).into_owned();
                if self.stems.len() < REMEMBERED {
                    self.stems.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
                } else {
                    token.text = stem;
                }
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_as_tantivy_does_the_first_time_and_every_time_after() {
        let text = "Engineers engineering engineered automation automating automates running runs \
                    ran analyses analysis analyzing certifications certified İstanbul naïve Straße";
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut ours =
            TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(RememberingStemmer).build();
        let expected = tokens(&mut theirs, text);
        assert_eq!(tokens(&mut ours, text), expected, "first pass");
        assert_eq!(tokens(&mut ours, text), expected, "from what it remembered");
        assert_eq!(tokens(&mut ours.clone(), text), expected, "a copy");
    }
}
