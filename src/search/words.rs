//! Words of a text as search counts them: runs of letters and digits, without the endings an
//! apostrophe joins to a word (`what's`, `Bachelor's`, `I'm`, `don't`).
//!
//! Split at the apostrophe, those endings were words of their own: "what's devops" searched
//! for "s" and put the possessive "s" of every "Bachelor's" in bold, above DevOps itself. The
//! index and the questions drop them alike, leaving a gap in positions as a stop word does
//! (phrases and neighbouring pairs do not join across one). Only an ending right after an
//! apostrophe that follows a letter or digit goes: `O'Reilly` keeps "reilly", a lone "s" or
//! "C" stays a word.

use tantivy::tokenizer::{SimpleTokenizer, Token, TokenStream, Tokenizer};

/// What an apostrophe joins to a word in English: possessive and contractions.
const ENDINGS: [&str; 7] = ["s", "t", "m", "d", "ll", "re", "ve"];

/// True when `word`, at byte `start` of `text`, is an ending an apostrophe joins to the word
/// before it (`s` of `what's`).
pub fn is_joined_ending(text: &str, start: usize, word: &str) -> bool {
    let mut before = text[..start].chars().rev();
    matches!(before.next(), Some('\'' | '’'))
        && before.next().is_some_and(char::is_alphanumeric)
        && ENDINGS.iter().any(|ending| word.eq_ignore_ascii_case(ending))
}

/// The words of `text` (runs of letters and digits) but the endings of [`is_joined_ending`].
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    words_of(text, char::is_alphanumeric)
}

/// [`words`], with the characters a word is made of (`c++`, `c#`: `+` and `#` too).
pub fn words_of(text: &str, in_word: impl Fn(char) -> bool) -> impl Iterator<Item = &str> {
    let mut offset = 0;
    text.split(move |c: char| !in_word(c)).filter(move |word| {
        let start = offset;
        // The separator after this word is one character (a split point); past the end at last.
        offset += word.len() + text[start + word.len()..].chars().next().map_or(0, char::len_utf8);
        !word.is_empty() && !is_joined_ending(text, start, word)
    })
}

/// tantivy's [`SimpleTokenizer`] (runs of letters and digits) without the endings of
/// [`is_joined_ending`].
#[derive(Clone, Default)]
pub struct WordTokenizer {
    inner: SimpleTokenizer,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream { text, inner: self.inner.token_stream(text) }
    }
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    inner: <SimpleTokenizer as Tokenizer>::TokenStream<'a>,
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        // A skipped ending keeps its position number: the next word is not its neighbour's.
        while self.inner.advance() {
            let token = self.inner.token();
            if !is_joined_ending(self.text, token.offset_from, &token.text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(usize, String)> {
        let mut tokenizer = WordTokenizer::default();
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

    #[test]
    fn the_tokenizer_drops_them_and_keeps_the_gap() {
        assert_eq!(tokens("Bachelor's degree"), [(0, "Bachelor".to_string()), (2, "degree".to_string())]);
        assert_eq!(tokens("O'Reilly"), [(0, "O".to_string()), (1, "Reilly".to_string())]);
    }
}
