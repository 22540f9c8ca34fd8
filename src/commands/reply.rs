//! The transport-neutral answer: a [`Reply`] with pages that each fit every Discord limit, link
//! buttons, an optional section menu, and the buttons' custom ids ([`super::token`]).

use serde::Serialize;

use super::invocation::Invocation;
use super::token::{replayable, Confirmation, PageToken, MOST_PAGES};

/// Discord's limits (see GUIDE.md). Lengths are counted in UTF-16 code units, as Discord's
/// API counts them, which is never less than the number of characters.
pub mod limits {
    /// Embed title.
    pub const TITLE: usize = 256;
    /// Embed description.
    pub const DESCRIPTION: usize = 4096;
    /// Fields per embed.
    pub const FIELDS: usize = 25;
    /// Field name.
    pub const FIELD_NAME: usize = 256;
    /// Field value.
    pub const FIELD_VALUE: usize = 1024;
    /// Embed footer.
    pub const FOOTER: usize = 2048;
    /// All embeds of a message together.
    pub const EMBED_TOTAL: usize = 6000;
    /// Message content.
    pub const CONTENT: usize = 2000;
    /// A component's custom_id, a select option's value.
    pub const CUSTOM_ID: usize = 100;
    /// A link button's URL.
    pub const BUTTON_URL: usize = 512;
    /// A button's label.
    pub const BUTTON_LABEL: usize = 80;
    /// Buttons in one action row.
    pub const BUTTONS_PER_ROW: usize = 5;
    /// Options of a select menu.
    pub const SELECT_OPTIONS: usize = 25;
    /// A select option's label and description.
    pub const SELECT_TEXT: usize = 100;
    /// Autocomplete choices.
    pub const CHOICES: usize = 25;
    /// An autocomplete choice's name and value.
    pub const CHOICE_NAME: usize = 100;
    /// Autocomplete choice value (a string).
    pub const CHOICE_VALUE: usize = 100;

    /// Length as Discord counts it.
    pub fn len(text: &str) -> usize {
        // ASCII (most text) is one unit a byte; checking is much faster than counting.
        if text.is_ascii() {
            text.len()
        } else {
            text.encode_utf16().count()
        }
    }
}

/// Room left for the description of a page: under the 4096 limit, and under the 6000 total
/// once the title, footer and first-page fields are in.
const PAGE_TEXT: usize = 3900;

/// A block of a reply before it is cut into pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// Markdown text; may be cut between lines (or, for a very long line, between words).
    Text {
        /// The markdown.
        text: String,
    },
    /// A code block (no fences) with a label line above it; kept whole with its label
    /// unless it alone is longer than a page.
    Code {
        /// Markdown line shown above the block ("**3.**").
        label: Option<String>,
        /// The code.
        code: String,
    },
}

/// A short fact shown beside the text ("Prompts: 10").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Label.
    pub name: String,
    /// Value.
    pub value: String,
    /// Shown side by side with its neighbours.
    pub inline: bool,
}

/// A button that opens a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkButton {
    /// Label.
    pub label: String,
    /// http(s) URL of at most 512 characters.
    pub url: String,
}

/// A button that confirms a destructive action ("Delete my plan data" after `/plan forget`):
/// its custom id is a [`Confirmation`], which runs only for the member it was made for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionButton {
    /// Label.
    pub label: String,
    /// The encoded [`Confirmation`].
    pub token: String,
}

/// A button that shows another answer, as a page button does ("Next lesson ▶"): its page
/// token, and the command line a terminal shows in its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepButton {
    /// Label.
    pub label: String,
    /// Page token of the answer it opens.
    pub token: String,
    /// The same answer as a command line: `/learn freelancing 2.4`.
    pub line: String,
}

/// An entry of the section menu under a career overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuOption {
    /// Label (section heading).
    pub label: String,
    /// Section key, shown small.
    pub description: String,
    /// Page token that opens it.
    pub token: String,
}

/// An answer, ready for any transport.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reply {
    /// Title (career number and name, …).
    pub title: String,
    /// Link for the title: the source page.
    pub url: Option<String>,
    /// Every page's markdown; each within the description limit. At least one.
    pub pages: Vec<String>,
    /// The page to show (0-based).
    pub page: usize,
    /// Facts shown on the first page.
    pub fields: Vec<Field>,
    /// Link buttons ("Open in ChatGPT", "Read the full page").
    pub buttons: Vec<LinkButton>,
    /// Section menu.
    pub menu: Vec<MenuOption>,
    /// Attribution line.
    pub footer: String,
    /// Only the asker sees it.
    pub private: bool,
    /// A refusal, a bad question: always private.
    pub error: bool,
    /// Member the answer is pointed at.
    pub mention: Option<u64>,
    /// Token that turns to the previous page.
    pub prev: Option<String>,
    /// Token that turns to the next page.
    pub next: Option<String>,
    /// A picture to go with the first page ([`crate::picture`]); each front end renders it,
    /// and an answer whose picture fails to render is sent without it.
    pub picture: Option<crate::picture::Sketch>,
    /// Buttons that open a neighbouring answer (previous and next lesson).
    pub steps: Vec<StepButton>,
    /// A button that confirms a destructive action.
    pub confirm: Option<ActionButton>,
}

impl Reply {
    /// The markdown of the page to show.
    pub fn text(&self) -> &str {
        self.pages.get(self.page).map(String::as_str).unwrap_or_default()
    }

    /// "Page 2/3" when there is more than one page.
    pub fn page_label(&self) -> Option<String> {
        (self.pages.len() > 1).then(|| format!("Page {}/{}", self.page + 1, self.pages.len()))
    }

    /// Footer with the page label: what an embed shows.
    pub fn footer_line(&self) -> String {
        match self.page_label() {
            Some(label) if self.footer.is_empty() => label,
            Some(label) => format!("{} · {label}", self.footer),
            None => self.footer.clone(),
        }
    }
}

/// A reply being put together by a command.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Title.
    pub title: String,
    /// Title link.
    pub url: Option<String>,
    /// A line above the content (e.g. "showing the closest match").
    pub notice: Option<String>,
    /// Content, in order.
    pub blocks: Vec<Block>,
    /// Facts.
    pub fields: Vec<Field>,
    /// Link buttons.
    pub buttons: Vec<LinkButton>,
    /// Section menu.
    pub menu: Vec<MenuOption>,
    /// An error answer.
    pub error: bool,
    /// The invocation that reproduces this reply (the whole question page 1 answers), for page
    /// tokens; `None`, or one that writes ([`super::token::replayable`]): no paging.
    pub replay: Option<Invocation>,
    /// A picture to go with the answer.
    pub picture: Option<crate::picture::Sketch>,
    /// A button that confirms a destructive action, with its label.
    pub confirm: Option<(String, Confirmation)>,
    /// Buttons that open a neighbouring answer (previous and next lesson), with their labels.
    pub steps: Vec<(String, Invocation)>,
}

impl Draft {
    /// A reply with a title.
    pub fn new(title: impl Into<String>) -> Draft {
        Draft { title: title.into(), ..Default::default() }
    }

    /// An error reply: a title and a helpful text.
    pub fn error(title: impl Into<String>, text: impl Into<String>) -> Draft {
        let mut draft = Draft::new(title);
        draft.error = true;
        draft.blocks.push(Block::Text { text: text.into() });
        draft
    }

    /// Adds markdown text.
    pub fn text(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Text { text: text.into() });
        self
    }

    /// Adds a code block.
    pub fn code(&mut self, code: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Code { label: None, code: code.into() });
        self
    }

    /// Adds a code block with a label line above it, kept on the same page.
    pub fn labelled_code(&mut self, label: impl Into<String>, code: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Code { label: Some(label.into()), code: code.into() });
        self
    }

    /// Adds a field.
    pub fn field(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.fields.push(Field { name: name.into(), value: value.into(), inline: true });
        self
    }

    /// Adds a link button when the URL is http(s) and short enough for Discord.
    pub fn link_button(&mut self, label: impl Into<String>, url: String) -> &mut Self {
        if is_web_url(&url) && limits::len(&url) <= limits::BUTTON_URL {
            self.buttons.push(LinkButton { label: truncate(&label.into(), limits::BUTTON_LABEL), url });
        }
        self
    }

    /// Cuts into pages within every limit and fills in the page tokens.
    pub fn finish(self, page: usize, version: &str, footer: &str) -> Reply {
        // Titles carry content (headings, document titles) and typed text ("Search: …"):
        // `@everyone`/`@here` in them are shown, never pings.
        let title = truncate(&super::format::no_mass_mentions(&one_line(&self.title)), limits::TITLE);
        let footer = truncate(footer, limits::FOOTER - 20);
        let mut fields: Vec<Field> = self
            .fields
            .into_iter()
            .take(limits::FIELDS)
            .map(|f| Field {
                name: truncate(&f.name, limits::FIELD_NAME),
                value: balanced(&truncate(&f.value, limits::FIELD_VALUE - super::format::BALANCE_GROWTH)),
                ..f
            })
            .collect();
        // The fields share the 6000 total with the rest; keep them small.
        while fields.iter().map(|f| limits::len(&f.name) + limits::len(&f.value)).sum::<usize>() > 1000 {
            fields.pop();
        }
        let fixed = limits::len(&title) + limits::len(&footer) + 20;
        let fields_len: usize = fields.iter().map(|f| limits::len(&f.name) + limits::len(&f.value)).sum();
        let mut blocks = self.blocks;
        if let Some(notice) = self.notice {
            blocks.insert(0, Block::Text { text: format!("*{}*", notice.trim()) });
        }
        // Every command puts content into text blocks: section bodies (made safe where they
        // are read) but also headings, document titles and snippet paths, written raw in many
        // places. One pass here, where every reply goes through, keeps a `[x](javascript:…)`
        // heading from becoming a link and an `@everyone` heading from reading as a mention.
        // Idempotent on text that is already safe; code blocks are left as written (nothing
        // is a link or a mention inside them).
        for block in &mut blocks {
            if let Block::Text { text } = block {
                *text = super::format::safe_markdown(text);
            }
        }
        let later = PAGE_TEXT.min(limits::EMBED_TOTAL - fixed);
        let first = later.saturating_sub(fields_len).max(500);
        let mut pages = paginate(&blocks, first, later);
        // A button never writes: an answer whose replay would is not paged (a command bug,
        // caught in debug builds).
        debug_assert!(self.replay.as_ref().is_none_or(replayable), "a replay that writes: {:?}", self.replay);
        let mut tokens = self.replay.as_ref().filter(|inv| replayable(inv)).map(|inv| PageToken {
            version: version.to_string(),
            page: 0,
            invocation: inv.clone(),
        });
        // A reply whose arguments do not fit in a token keeps its first page only.
        if pages.len() > 1 && tokens.as_ref().and_then(|t| t.encode()).is_none() {
            pages.truncate(1);
            pages[0].push_str("\n\n*(More is available: narrow the question to see the rest.)*");
            tokens = None;
        }
        // No token turns to a page past the last one a token can name.
        if pages.len() > MOST_PAGES {
            pages.truncate(MOST_PAGES);
            if let Some(last) = pages.last_mut() {
                last.push_str("\n\n*(More is available: narrow the question to see the rest.)*");
            }
        }
        let page = page.min(pages.len().saturating_sub(1));
        let token_for = |n: usize| tokens.as_ref().and_then(|t| PageToken { page: n, ..t.clone() }.encode());
        let prev = if page > 0 { token_for(page - 1) } else { None };
        let next = if page + 1 < pages.len() { token_for(page + 1) } else { None };
        Reply {
            title,
            url: self.url.filter(|u| is_web_url(u)),
            pages,
            page,
            fields,
            buttons: self.buttons,
            menu: self.menu.into_iter().take(limits::SELECT_OPTIONS).collect(),
            footer,
            private: self.error,
            error: self.error,
            mention: None,
            prev,
            next,
            picture: self.picture.filter(|_| page == 0 && !self.error),
            steps: self
                .steps
                .iter()
                .filter(|(_, invocation)| replayable(invocation))
                .filter_map(|(label, invocation)| {
                    let token = PageToken { version: version.to_string(), page: 0, invocation: invocation.clone() };
                    Some(StepButton {
                        label: truncate(label, limits::BUTTON_LABEL),
                        token: token.encode()?,
                        line: invocation.to_line(),
                    })
                })
                .take(limits::BUTTONS_PER_ROW)
                .collect(),
            confirm: self.confirm.map(|(label, confirmation)| ActionButton {
                label: truncate(&label, limits::BUTTON_LABEL),
                token: confirmation.encode(),
            }),
        }
    }
}

/// Only http and https URLs become links or buttons.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Cuts to at most `max` Discord-length units, marking the cut "…": after the last whole word
/// when one ends in the last third of what fits (a member reads "Security – Specialty…", not
/// "Security – Sp…"), else on a character boundary.
pub fn truncate(text: &str, max: usize) -> String {
    if limits::len(text) <= max {
        return text.to_string();
    }
    let mut end = 0;
    let mut used = 0;
    for (at, c) in text.char_indices() {
        if used + c.len_utf16() + 1 > max {
            break;
        }
        used += c.len_utf16();
        end = at + c.len_utf8();
    }
    let kept = &text[..end];
    // The cut falls inside a word unless the next character starts none.
    let mid_word = text[end..].chars().next().is_some_and(|c| !c.is_whitespace())
        && kept.chars().last().is_some_and(|c| !c.is_whitespace());
    let kept = match kept.rfind(char::is_whitespace) {
        Some(space) if mid_word && space >= end * 2 / 3 => &kept[..space],
        _ => kept,
    };
    let mut out = kept.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';').to_string();
    out.push('…');
    out
}

/// Cuts from the start so that at most `max` characters are left, marking the cut "…": before
/// the first whole word when one starts in the first third of what is left.
pub fn truncate_start(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let start = text.char_indices().nth(count - max.saturating_sub(1)).map_or(text.len(), |(at, _)| at);
    let kept = &text[start..];
    let mid_word = text[..start].chars().last().is_some_and(|c| !c.is_whitespace());
    let kept = match kept.find(char::is_whitespace) {
        Some(space) if mid_word && space <= kept.len() / 3 => &kept[space..],
        _ => kept,
    };
    format!("…{}", kept.trim_start())
}

/// Every line of `text` with its emphasis paired ([`super::format::balanced_line`]).
fn balanced(text: &str) -> String {
    text.split('\n').map(super::format::balanced_line).collect::<Vec<_>>().join("\n")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts blocks into pages: the first at most `first` long, the others at most `later`.
/// Cuts fall between lines, else between words outside links, else between characters; a
/// code block is kept whole, or re-fenced on each page when it alone is too long.
pub fn paginate(blocks: &[Block], first: usize, later: usize) -> Vec<String> {
    let pages = paginate_within(blocks, first, later);
    // A last page of a line or two reads as a leftover: when the same number of pages can
    // share the text more evenly, they do.
    let lengths: Vec<usize> = pages.iter().map(|p| limits::len(p)).collect();
    let short_last = pages.last().is_some_and(|p| p.lines().count() <= 2 || limits::len(p) < later / 3);
    if pages.len() >= 2 && short_last {
        let even = lengths.iter().sum::<usize>() / pages.len() + later / 8;
        let again = paginate_within(blocks, first.min(even), later.min(even));
        if again.len() == pages.len() {
            return again;
        }
    }
    pages
}

/// [`paginate`], filling each page as far as it goes.
fn paginate_within(blocks: &[Block], first: usize, later: usize) -> Vec<String> {
    let mut pages: Vec<String> = Vec::new();
    let mut current = String::new();
    let budget = |pages: &Vec<String>| if pages.is_empty() { first } else { later };
    // `used` is `limits::len(current)`, kept as units are added: counting the page again for
    // every unit cost O(units × page) per reply (seconds for a document of 300,000 short lines).
    let mut used = 0;
    let mut push_unit = |unit: &str, separator: &str, pages: &mut Vec<String>, current: &mut String| {
        let (separator_len, unit_len) = (limits::len(separator), limits::len(unit));
        if !current.is_empty() && used + separator_len + unit_len > budget(pages) {
            pages.push(std::mem::take(current));
            used = 0;
        }
        if !current.is_empty() {
            current.push_str(separator);
            used += separator_len;
        }
        current.push_str(unit);
        used += unit_len;
    };
    for (i, block) in blocks.iter().enumerate() {
        let block_separator = if i == 0 { "" } else { "\n\n" };
        let max = later.min(first);
        let mut first_unit = true;
        let mut push = |unit: &str| {
            let separator = if std::mem::take(&mut first_unit) { block_separator } else { "\n" };
            push_unit(unit, separator, &mut pages, &mut current);
        };
        match block {
            // Lines go onto the page as they are (no copy per line: a listing of a large
            // library has thousands).
            Block::Text { text } => for_each_text_unit(text, max, &mut push),
            Block::Code { label, code } => {
                let mut units = code_units("```", code, max);
                match label {
                    Some(label) if limits::len(&break_fences(label)) + 1 + limits::len(&units[0]) <= max => {
                        units[0] = format!("{}\n{}", break_fences(label), units[0]);
                    }
                    Some(label) => units.splice(0..0, split_line(&break_fences(label), max)).for_each(drop),
                    None => {}
                }
                units.iter().for_each(|unit| push(unit));
            }
        }
    }
    if !current.is_empty() || pages.is_empty() {
        pages.push(current);
    }
    for page in &mut pages {
        let end = page.trim_end_matches('\n').len();
        page.truncate(end);
        let start = page.len() - page.trim_start_matches('\n').len();
        page.drain(..start);
    }
    pages
}

/// Three backticks that do not open a fence on their own line would open a code block in
/// Discord; a zero-width space keeps them as text.
fn break_fences(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("```") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut text = text.replace("```", "`\u{200b}``");
    // A longer run ("````") still holds three backticks after one pass: repeat until none do.
    while text.contains("```") {
        text = text.replace("```", "`\u{200b}``");
    }
    std::borrow::Cow::Owned(text)
}

/// Text as units, each given to `each`: lines, with fenced code regions turned into code units
/// (so a page never ends inside a fence, and a fence never left open swallows the rest of the
/// message).
fn for_each_text_unit(text: &str, max: usize, each: &mut dyn FnMut(&str)) {
    let mut fence: Option<(String, Vec<&str>)> = None;
    // A line and the indented lines that continue it ("• **Name**" then "  …its sentence"):
    // one unit, so a page break never parts an item from its text.
    let mut item = String::new();
    let flush = |item: &mut String, each: &mut dyn FnMut(&str)| {
        if !item.is_empty() {
            each(item);
            item.clear();
        }
    };
    for line in text.trim_end().split('\n') {
        let trimmed = line.trim();
        let is_fence = trimmed.starts_with("```") && !trimmed[3..].contains('`');
        match (&mut fence, is_fence) {
            (Some((opener, lines)), true) => {
                code_units(opener, &lines.join("\n"), max).iter().for_each(|unit| each(unit));
                fence = None;
            }
            (Some((_, lines)), false) => lines.push(line),
            (None, true) => {
                flush(&mut item, each);
                let language: String =
                    trimmed[3..].chars().take_while(|c| c.is_ascii_alphanumeric()).take(20).collect();
                fence = Some((format!("```{language}"), Vec::new()));
            }
            (None, false) => {
                // Each line's emphasis pairs up, so no page (cut between lines) opens one it
                // does not close.
                let line = break_fences(line);
                let line = super::format::balanced_line(&line);
                let continues = line.starts_with("  ")
                    && !trimmed.is_empty()
                    && !trimmed.starts_with(['*', '-', '•', '+'])
                    && !trimmed.starts_with(|c: char| c.is_ascii_digit());
                if continues && !item.is_empty() && limits::len(&item) + 1 + limits::len(&line) <= max {
                    item.push('\n');
                    item.push_str(&line);
                    continue;
                }
                flush(&mut item, each);
                if limits::len(&line) <= max {
                    item.push_str(&line);
                    if item.is_empty() {
                        // An empty line is a unit of its own (a paragraph break).
                        each("");
                    }
                } else {
                    split_line(&line, max.saturating_sub(super::format::BALANCE_GROWTH).max(1))
                        .iter()
                        .for_each(|piece| each(&super::format::balanced_line(piece)));
                }
            }
        }
    }
    flush(&mut item, each);
    if let Some((opener, lines)) = fence {
        code_units(&opener, &lines.join("\n"), max).iter().for_each(|unit| each(unit));
    }
}

/// A code block as fenced units, each at most `max` long.
fn code_units(opener: &str, code: &str, max: usize) -> Vec<String> {
    let code = break_fences(code);
    let fenced = format!("{opener}\n{}\n```", code.trim_end());
    if limits::len(&fenced) <= max {
        return vec![fenced];
    }
    let inner = max.saturating_sub(limits::len(opener) + 6).max(1);
    let mut units = Vec::new();
    let mut chunk = String::new();
    for line in code.lines().flat_map(|l| split_line(l, inner)) {
        if !chunk.is_empty() && limits::len(&chunk) + 1 + limits::len(&line) > inner {
            units.push(format!("{opener}\n{chunk}\n```"));
            chunk.clear();
        }
        if !chunk.is_empty() {
            chunk.push('\n');
        }
        chunk.push_str(&line);
    }
    if !chunk.is_empty() || units.is_empty() {
        units.push(format!("{opener}\n{chunk}\n```"));
    }
    units
}

/// A line longer than `max`, cut after spaces that are not inside a markdown link; a run with
/// no such space is cut between characters.
fn split_line(line: &str, max: usize) -> Vec<String> {
    if limits::len(line) <= max {
        return vec![line.to_string()];
    }
    let safe = link_free_spaces(line);
    let mut pieces = Vec::new();
    let mut start = 0;
    while limits::len(&line[start..]) > max {
        // The last safe cut that keeps the piece within max; else the last char boundary.
        let mut cut = None;
        let mut used = 0;
        let mut last_char_end = start;
        for (offset, c) in line[start..].char_indices() {
            let at = start + offset;
            if used + c.len_utf16() > max {
                break;
            }
            used += c.len_utf16();
            last_char_end = at + c.len_utf8();
            if c == ' ' && safe.contains(&at) {
                cut = Some(at + 1);
            }
        }
        let end = cut
            .filter(|&e| e > start)
            .unwrap_or(last_char_end.max(start + line[start..].chars().next().map_or(1, char::len_utf8)));
        pieces.push(line[start..end].to_string());
        start = end;
    }
    if start < line.len() {
        pieces.push(line[start..].to_string());
    }
    pieces
}

/// Byte offsets of spaces outside `[text](url)` links.
fn link_free_spaces(line: &str) -> std::collections::HashSet<usize> {
    let mut inside = vec![false; line.len() + 1];
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'[' {
            // No `](` (or no `)` after it) from here means no later bracket opens a link
            // either: stop, rather than search the rest of the line again for every `[` (a
            // 100,000-character line of brackets took minutes).
            let Some(close) = line[i..].find("](").map(|c| i + c) else { break };
            let Some(end) = line[close..].find(')').map(|e| close + e) else { break };
            inside[i..=end].iter_mut().for_each(|x| *x = true);
            i = end + 1;
            continue;
        }
        i += 1;
    }
    line.char_indices().filter(|&(at, c)| c == ' ' && !inside[at]).map(|(at, _)| at).collect()
}
