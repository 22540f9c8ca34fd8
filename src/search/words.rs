//! Words of a text as search counts them: runs of letters and digits, with the marks and joiners
//! written inside them, without the endings an apostrophe joins to a word (`what's`,
//! `Bachelor's`, `I'm`, `don't`).
//!
//! Split at the apostrophe, those endings were words of their own: "what's devops" searched
//! for "s" and put the possessive "s" of every "Bachelor's" in bold, above DevOps itself. The
//! index and the questions drop them alike, leaving a gap in positions as a stop word does
//! (phrases and neighbouring pairs do not join across one). Only an ending right after an
//! apostrophe that follows a letter or digit goes: `O'Reilly` keeps "reilly", a lone "s" or
//! "C" stays a word.
//!
//! Sinhala and Tamil (the courses' translations) write a word with vowel signs, the virama
//! (al-lakuna, pulli) and the zero-width joiner between its letters ("ප්‍ර"): marks and
//! joiners are not letters, and a split at them cut every such word in pieces. A run of
//! letters keeps the marks and format characters written inside it (Unicode's rule WB4), and a
//! run with other than ASCII in it is cut where Unicode word segmentation cuts
//! (`unicode-segmentation`, UAX #29). The joiners themselves are dropped from the word: the
//! pages write "තාක්‍ෂණය" both with and without one, and a member types either.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

pub use crate::content::{is_word_char, without_joiners};

/// What an apostrophe joins to a word in English: possessive and contractions.
const ENDINGS: [&str; 7] = ["s", "t", "m", "d", "ll", "re", "ve"];

/// Words longer than this are no words (a pasted hash, a URL's run of letters): not indexed.
const MAX_WORD_CHARS: usize = 40;

/// True when `word`, at byte `start` of `text`, is an ending an apostrophe joins to the word
/// before it (`s` of `what's`).
pub fn is_joined_ending(text: &str, start: usize, word: &str) -> bool {
    let mut before = text[..start].chars().rev();
    matches!(before.next(), Some('\'' | '’'))
        && before.next().is_some_and(char::is_alphanumeric)
        && ENDINGS.iter().any(|ending| word.eq_ignore_ascii_case(ending))
}

/// Byte ranges of the words of `text`, joined endings included: runs of letters and digits with
/// the marks inside them, a run with other than ASCII cut by Unicode word segmentation.
pub fn word_spans(text: &str) -> WordSpans<'_> {
    WordSpans { text, rest: text.char_indices().peekable(), pending: Vec::new() }
}

/// The iterator of [`word_spans`].
pub struct WordSpans<'a> {
    text: &'a str,
    rest: std::iter::Peekable<std::str::CharIndices<'a>>,
    /// Pieces of a run that Unicode segmentation cut, last first.
    pending: Vec<std::ops::Range<usize>>,
}

impl Iterator for WordSpans<'_> {
    type Item = std::ops::Range<usize>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(span) = self.pending.pop() {
                return Some(span);
            }
            // The next run: starts at a letter or digit, goes on over letters, digits and marks.
            let start = loop {
                let (at, c) = self.rest.next()?;
                if c.is_alphanumeric() {
                    break at;
                }
            };
            let (mut end, mut ascii) = (self.text.len(), self.text.as_bytes()[start].is_ascii());
            while let Some(&(at, c)) = self.rest.peek() {
                if !(is_word_char(c)) {
                    end = at;
                    break;
                }
                ascii &= c.is_ascii();
                self.rest.next();
            }
            if ascii {
                return Some(start..end);
            }
            // Scripts without spaces, and where scripts meet, are Unicode's to cut.
            let pieces = self.text[start..end]
                .split_word_bound_indices()
                .filter(|(_, piece)| piece.chars().any(char::is_alphanumeric))
                .map(|(at, piece)| start + at..start + at + piece.len());
            self.pending.extend(pieces);
            self.pending.reverse();
        }
    }
}

/// The words of `text` but the endings of [`is_joined_ending`] (joiners left in; see
/// [`without_joiners`]).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    word_spans(text).filter(move |span| !is_joined_ending(text, span.start, &text[span.clone()])).map(|s| &text[s])
}

/// True when a word is written in no Latin letter (Sinhala, Tamil, …): the English stemmer
/// has nothing to do with it.
pub fn is_not_latin(word: &str) -> bool {
    !word.chars().any(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// True when `text` holds Sinhala or Tamil letters: a question asked in a course's translation.
pub fn has_sinhala_or_tamil(text: &str) -> bool {
    text.chars().any(|c| ('\u{0B80}'..='\u{0BFF}').contains(&c) || ('\u{0D80}'..='\u{0DFF}').contains(&c))
}

/// [`words`]' runs of characters for which `in_word` holds (`c++`, `c#`: `+` and `#` too).
pub fn words_of(text: &str, in_word: impl Fn(char) -> bool) -> impl Iterator<Item = &str> {
    let mut offset = 0;
    text.split(move |c: char| !in_word(c)).filter(move |word| {
        let start = offset;
        // The separator after this word is one character (a split point); past the end at last.
        offset += word.len() + text[start + word.len()..].chars().next().map_or(0, char::len_utf8);
        !word.is_empty() && !is_joined_ending(text, start, word)
    })
}

/// The index's tokenizer: the [`words`] of a text up to 40 characters, joiners dropped, each
/// with its position (a dropped ending or long word keeps its number: the next word is not its
/// neighbour's).
#[derive(Clone, Default)]
pub struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream { text, spans: word_spans(text), token: Token::default(), next_position: 0 }
    }
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    spans: WordSpans<'a>,
    token: Token,
    next_position: usize,
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        for span in self.spans.by_ref() {
            let position = self.next_position;
            self.next_position += 1;
            let word = &self.text[span.clone()];
            if is_joined_ending(self.text, span.start, word) || word.chars().nth(MAX_WORD_CHARS).is_some() {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(&without_joiners(word));
            self.token.offset_from = span.start;
            self.token.offset_to = span.end;
            self.token.position = position;
            self.token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(usize, String)> {
        let mut tokenizer = WordTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().position, stream.token().text.clone()));
        }
        out
    }

    #[test]
    fn endings_after_an_apostrophe_are_not_words() {
        assert_eq!(words("what's devops").collect::<Vec<_>>(), ["what", "devops"]);
        assert_eq!(
            words("I'm a Bachelor’s grad, don't we'll").collect::<Vec<_>>(),
            ["I", "a", "Bachelor", "grad", "don", "we"]
        );
        // Not an ending, or no word before the apostrophe: kept.
        assert_eq!(words("O'Reilly 's C s é's x").collect::<Vec<_>>(), ["O", "Reilly", "s", "C", "s", "é", "x"]);
        assert_eq!(words("").count(), 0);
        assert_eq!(words("'s").collect::<Vec<_>>(), ["s"]);
    }

    /// Sinhala and Tamil words stay whole (vowel signs, virama, pulli and the zero-width joiner
    /// inside them), the joiner dropped from the term; English is cut as before.
    #[test]
    fn sinhala_and_tamil_words_stay_whole() {
        let texts = |text: &str| tokens(text).into_iter().map(|(_, t)| t).collect::<Vec<_>>();
        assert_eq!(texts("ප්\u{200D}රශ්න අසන්න"), ["ප්රශ්න", "අසන්න"]);
        assert_eq!(texts("ප්රශ්න"), texts("ප්\u{200D}රශ්න"), "with and without the joiner: one term");
        assert_eq!(texts("தரவுத்தொகுப்பில் AI"), ["தரவுத்தொகுப்பில்", "AI"]);
        assert_eq!(texts("ChatGPT යනු කුමක්ද?"), ["ChatGPT", "යනු", "කුමක්ද"]);
        assert_eq!(
            words("don't use 3.5 or snake_case").collect::<Vec<_>>(),
            ["don", "use", "3", "5", "or", "snake", "case"]
        );
        assert!(is_not_latin("ප්රශ්න") && !is_not_latin("résumé") && has_sinhala_or_tamil("a தரவு"));
    }

    #[test]
    fn the_tokenizer_drops_them_and_keeps_the_gap() {
        assert_eq!(tokens("Bachelor's degree"), [(0, "Bachelor".to_string()), (2, "degree".to_string())]);
        assert_eq!(tokens("O'Reilly"), [(0, "O".to_string()), (1, "Reilly".to_string())]);
    }
}
