//! An [`Invocation`]: a command with its option values, however it arrived. The terminal
//! writes it as a line that reads like Discord (`/career secops certifications` or
//! `/career name:secops section:certifications`); [`Invocation::parse`] and
//! [`Invocation::to_line`] round-trip through the spec.

use std::fmt;

use super::spec::{spec, CommandName, Completion, OptionSpec, OptionType, ValueSource};

/// Words a career name runs to at most, unquoted in a terminal line.
const MAX_NAME_WORDS: usize = 6;

/// An option's value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum OptionValue {
    /// Text.
    String(String),
    /// Whole number.
    Integer(i64),
    /// true/false.
    Boolean(bool),
    /// A member's id.
    User(u64),
}

impl fmt::Display for OptionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionValue::String(s) => f.write_str(s),
            OptionValue::Integer(n) => write!(f, "{n}"),
            OptionValue::Boolean(b) => write!(f, "{b}"),
            OptionValue::User(id) => write!(f, "<@{id}>"),
        }
    }
}

/// A command and its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// Which command.
    pub command: CommandName,
    /// Option values by name, in the order given.
    pub options: Vec<(String, OptionValue)>,
}

/// Why a terminal line is not an invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but spaces.
    Empty,
    /// No command by that name; the closest names follow.
    UnknownCommand(String, Vec<&'static str>),
    /// The command has no option by that name.
    UnknownOption {
        /// Command name.
        command: &'static str,
        /// What was typed.
        option: String,
        /// Options the command has.
        valid: Vec<&'static str>,
    },
    /// A value of the wrong type.
    BadValue {
        /// Option name.
        option: &'static str,
        /// What was typed.
        value: String,
        /// What the option takes.
        expected: &'static str,
    },
    /// A required option is missing.
    Missing {
        /// Command name.
        command: &'static str,
        /// Option name.
        option: &'static str,
    },
    /// More words than the command takes.
    Extra(String),
    /// An opening quote without its closing quote.
    UnclosedQuote,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "Type a command, e.g. /career secops. /help lists them all."),
            ParseError::UnknownCommand(name, close) if !close.is_empty() => {
                write!(f, "There is no command /{name}. Did you mean /{}?", close.join(" or /"))
            }
            ParseError::UnknownCommand(name, _) => write!(f, "There is no command /{name}. /help lists them all."),
            ParseError::UnknownOption { command, option, valid } => {
                write!(f, "/{command} has no option '{option}'. Its options: {}.", valid.join(", "))
            }
            ParseError::BadValue { option, value, expected } => {
                write!(f, "Option '{option}' takes {expected}, not '{value}'.")
            }
            ParseError::Missing { command, option } => {
                write!(f, "/{command} needs {option}: e.g. /{command} {option}:…")
            }
            ParseError::Extra(words) => write!(f, "Did not understand '{words}'; put text with spaces in \"quotes\"."),
            ParseError::UnclosedQuote => write!(f, "A quote is not closed."),
        }
    }
}

impl std::error::Error for ParseError {}

impl Invocation {
    /// An invocation with no options.
    pub fn new(command: CommandName) -> Self {
        Invocation { command, options: Vec::new() }
    }

    /// Adds an option (builder style).
    pub fn with(mut self, name: &str, value: OptionValue) -> Self {
        self.set(name, value);
        self
    }

    /// Sets an option, replacing an earlier value.
    pub fn set(&mut self, name: &str, value: OptionValue) {
        match self.options.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value,
            None => self.options.push((name.to_string(), value)),
        }
    }

    /// An option's value.
    pub fn get(&self, name: &str) -> Option<&OptionValue> {
        self.options.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// A text option, trimmed; `None` when absent or blank.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(OptionValue::String(s)) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// An integer option.
    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.get(name) {
            Some(OptionValue::Integer(n)) => Some(*n),
            _ => None,
        }
    }

    /// A boolean option (absent is false).
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some(OptionValue::Boolean(true)))
    }

    /// A user option.
    pub fn user(&self, name: &str) -> Option<u64> {
        match self.get(name) {
            Some(OptionValue::User(id)) => Some(*id),
            _ => None,
        }
    }

    /// Parses a terminal line. Words without `name:` fill the command's positional options in
    /// order; extra words join the last one (`/search admission controllers`).
    ///
    /// ```
    /// use careerbot::commands::{CommandName, Invocation};
    ///
    /// let by_position = Invocation::parse("/career secops certifications").unwrap();
    /// let by_name = Invocation::parse("/career name:secops section:certifications").unwrap();
    /// assert_eq!(by_position, by_name);
    /// assert_eq!(by_name.command, CommandName::Career);
    /// assert_eq!(by_name.text("section"), Some("certifications"));
    /// // The line it prints parses back to the same invocation.
    /// assert_eq!(Invocation::parse(&by_name.to_line()).unwrap(), by_name);
    /// ```
    pub fn parse(line: &str) -> Result<Invocation, ParseError> {
        Invocation::complete(Invocation::parse_partial_with(line, &|_| false, false)?)
    }

    /// [`Invocation::parse`], reading a career name of several words without quotes:
    /// `names_career` says whether some words name a career, and the longest run of words that
    /// does fills a career option (`/prompt data scientist 1`); a number after a run that names a
    /// career on its own is the next option (`/prompt secops 2`). Words after a career option
    /// fill the next option only when what precedes them names a career on its own: in
    /// `/career blockchain developer` nothing does, so the whole run is the name asked for (not
    /// "blockchain" with a section "developer").
    pub fn parse_with(line: &str, names_career: &dyn Fn(&str) -> bool) -> Result<Invocation, ParseError> {
        Invocation::complete(Invocation::parse_partial_with(line, names_career, true)?)
    }

    /// A parsed line, refused when a required option is missing.
    fn complete((invocation, _): (Invocation, Option<&'static OptionSpec>)) -> Result<Invocation, ParseError> {
        let spec = spec(invocation.command);
        if let Some(missing) = spec.options.iter().find(|o| o.required && invocation.get(o.name).is_none()) {
            return Err(ParseError::Missing { command: spec.name, option: missing.name });
        }
        Ok(invocation)
    }

    /// Parses a line still being typed (required options may be missing) and tells which
    /// positional option the next word would fill: what tab completion needs.
    pub fn parse_partial(line: &str) -> Result<(Invocation, Option<&'static OptionSpec>), ParseError> {
        Invocation::parse_partial_with(line, &|_| false, false)
    }

    fn parse_partial_with(
        line: &str,
        names_career: &dyn Fn(&str) -> bool,
        knows_names: bool,
    ) -> Result<(Invocation, Option<&'static OptionSpec>), ParseError> {
        let words = split_words(line)?;
        let Some((first, rest)) = words.split_first() else { return Err(ParseError::Empty) };
        let command = CommandName::parse(&first.text).ok_or_else(|| {
            let name = first.text.trim_start_matches('/').to_string();
            ParseError::UnknownCommand(name.clone(), close_commands(&name))
        })?;
        let spec = spec(command);
        let mut invocation = Invocation::new(command);
        let positional: Vec<&OptionSpec> = spec.options.iter().filter(|o| o.positional).collect();
        let mut next_positional = 0;
        let mut last_positional: Option<&OptionSpec> = None;
        let mut at = 0;
        while at < rest.len() {
            let word = &rest[at];
            at += 1;
            // In a search query, `title:foo` is just text.
            let named = word.named().filter(|(name, _)| {
                command != CommandName::Search || spec.option(&name.to_ascii_lowercase()).is_some()
            });
            if let Some((name, value)) = named {
                let option = spec.option(&name.to_ascii_lowercase()).ok_or_else(|| ParseError::UnknownOption {
                    command: spec.name,
                    option: name.to_string(),
                    valid: spec.options.iter().map(|o| o.name).collect(),
                })?;
                invocation.set(option.name, parse_value(option, value)?);
                continue;
            }
            // Skip positional options already given by name.
            while next_positional < positional.len() && invocation.get(positional[next_positional].name).is_some() {
                next_positional += 1;
            }
            if let Some(option) = positional.get(next_positional) {
                let mut value = word.text.clone();
                if matches!(option.completion, Some(Completion::Career | Completion::Track)) {
                    // The longest run of plain words from here that names a career.
                    let plain = rest[at - 1..].iter().take(MAX_NAME_WORDS).take_while(|w| w.named.is_none()).count();
                    let run_text = |n: usize| {
                        rest[at - 1..at - 1 + n].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
                    };
                    // A number after a full career name is the next option (`/prompt secops 2`),
                    // though the run with it also names the career ("2" starts "27. SecOps…").
                    let number_after_name =
                        |n: usize| is_number(&rest[at + n - 2].text) && names_career(&run_text(n - 1));
                    let next_is_career =
                        positional.get(next_positional + 1).is_some_and(|o| o.completion == Some(Completion::Career));
                    let next_is_open =
                        positional.get(next_positional + 1).is_some_and(|o| invocation.get(o.name).is_none());
                    if let Some(run) = (2..=plain).rev().find(|&n| names_career(&run_text(n)) && !number_after_name(n))
                    {
                        // Two careers in a row may also read as one page's job title ("secops
                        // cloud" is a SecOps title): when the run takes every word the next
                        // career option would have, and it splits into two names, it is two.
                        let words_text = |from: usize, to: usize| {
                            rest[at - 1 + from..at - 1 + to]
                                .iter()
                                .map(|w| w.text.as_str())
                                .collect::<Vec<_>>()
                                .join(" ")
                        };
                        let leaves_none = next_is_career && next_is_open && run == plain;
                        let run = (1..run)
                            .rev()
                            .find(|&m| leaves_none && names_career(&run_text(m)) && names_career(&words_text(m, run)))
                            .unwrap_or(run);
                        value = run_text(run);
                        at += run - 1;
                    } else if knows_names && !names_career(&word.text) {
                        // Nothing from here names a career: the words up to one that does when
                        // the next option is a career too (`/compare blockchain devops`), or up to
                        // a number, are the name asked for (`/career blockchain developer` asks
                        // for "blockchain developer", not a section "developer").
                        let unnamed = (1..plain)
                            .take_while(|&n| {
                                let next = &rest[at - 1 + n].text;
                                !(is_number(next) || (next_is_career && names_career(next)))
                            })
                            .count();
                        value = run_text(unnamed + 1);
                        at += unnamed;
                    }
                }
                invocation.set(option.name, parse_value(option, &value)?);
                last_positional = Some(option);
                next_positional += 1;
            } else if let Some(option) = last_positional.filter(|o| o.kind == OptionType::String) {
                if let Some(OptionValue::String(text)) =
                    invocation.options.iter_mut().find(|(n, _)| n == option.name).map(|(_, v)| v)
                {
                    text.push(' ');
                    text.push_str(&word.text);
                }
            } else {
                return Err(ParseError::Extra(word.text.clone()));
            }
        }
        while next_positional < positional.len() && invocation.get(positional[next_positional].name).is_some() {
            next_positional += 1;
        }
        Ok((invocation, positional.get(next_positional).copied()))
    }

    /// The line that parses back to this invocation: `/career name:secops section:skills`.
    pub fn to_line(&self) -> String {
        let mut line = format!("/{}", self.command.as_str());
        for (name, value) in &self.options {
            line.push(' ');
            line.push_str(name);
            line.push(':');
            let text = match value {
                OptionValue::User(id) => id.to_string(),
                other => other.to_string(),
            };
            line.push_str(&quote(&text));
        }
        line
    }
}

/// Quotes a value when it would not survive word splitting.
fn quote(text: &str) -> String {
    // Curly quotes open a quote too, and `”` closes a `"` one.
    let needs =
        text.is_empty() || text.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '\\' | '\'' | '“' | '”'));
    if !needs {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' || c == '”' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A word of a terminal line. `quoted_from`: where a quote began (so `name:"a b"` keeps its
/// colon meaning, but `"a:b"` is plain text).
#[derive(Debug)]
struct Word {
    text: String,
    named: Option<usize>,
}

impl Word {
    fn named(&self) -> Option<(&str, &str)> {
        self.named.map(|i| (&self.text[..i], &self.text[i + 1..]))
    }
}

/// Splits on whitespace; `"…"` and `'…'` group words, `\` escapes inside double quotes.
///
/// A quote opens only at the start of a word or of an option's value (`name:"…"`): elsewhere
/// it is an apostrophe or an inch mark and stays text (`what's`, `I'm`, `5"`). A `'…'` quote
/// closes at the end of a word (`'it's done'`); one that never does was an apostrophe after
/// all (`'90s`) and stays text too.
fn split_words(line: &str) -> Result<Vec<Word>, ParseError> {
    let chars: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut at = 0;
    loop {
        while chars.get(at).is_some_and(|c| c.is_whitespace()) {
            at += 1;
        }
        if at == chars.len() {
            break;
        }
        let mut text = String::new();
        let mut named: Option<usize> = None;
        let mut quoted_any = false;
        while let Some(&c) = chars.get(at) {
            if c.is_whitespace() {
                break;
            }
            at += 1;
            let opens_value = (text.is_empty() && !quoted_any) || named.is_some_and(|i| i + 1 == text.len());
            match c {
                '"' | '“' | '”' if opens_value => {
                    quoted_any = true;
                    let mut closed = false;
                    while let Some(&q) = chars.get(at) {
                        at += 1;
                        // `”` closes a `"` quote too (a phone's keyboard pairs them).
                        if q == '”' || (q == '"' && c == '"') {
                            closed = true;
                            break;
                        }
                        if q == '\\' && c == '"' {
                            if let Some(&escaped) = chars.get(at) {
                                text.push(escaped);
                                at += 1;
                            }
                            continue;
                        }
                        text.push(q);
                    }
                    if !closed {
                        return Err(ParseError::UnclosedQuote);
                    }
                }
                '\'' if opens_value => {
                    let ends_word = |i: usize| chars.get(i + 1).is_none_or(|n| n.is_whitespace());
                    match (at..chars.len()).find(|&i| chars[i] == '\'' && ends_word(i)) {
                        Some(close) => {
                            quoted_any = true;
                            text.extend(&chars[at..close]);
                            at = close + 1;
                        }
                        None => text.push(c),
                    }
                }
                ':' if named.is_none() && !quoted_any && is_option_name(&text) => {
                    named = Some(text.len());
                    text.push(':');
                }
                other => text.push(other),
            }
        }
        words.push(Word { text, named });
    }
    Ok(words)
}

/// A whole number as a number option is typed after a career: `2`, `#2`.
/// `2`, `#2`, and a lesson's `2.3.1`: a number, which no name ends in.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('#').unwrap_or(text);
    !digits.is_empty() && digits.split('.').all(|piece| !piece.is_empty() && piece.chars().all(|c| c.is_ascii_digit()))
}

fn is_option_name(text: &str) -> bool {
    !text.is_empty() && text.len() <= 32 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn parse_value(option: &'static OptionSpec, text: &str) -> Result<OptionValue, ParseError> {
    option.accept(OptionValue::String(text.to_string()), ValueSource::Text)
}

/// Command names one or two edits away, for "did you mean".
fn close_commands(typed: &str) -> Vec<&'static str> {
    let typed = typed.to_ascii_lowercase();
    super::spec::COMMANDS
        .iter()
        .map(|c| c.name)
        .filter(|name| {
            crate::catalog::names::distance(&typed, name) <= 2 || (typed.len() >= 3 && name.starts_with(&typed))
        })
        .collect()
}
