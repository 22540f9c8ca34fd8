//! The markdown side: headings into an outline of sections, bodies cleaned of site markup,
//! and list items. Line-based on purpose: the documents are simple, a line parser keeps exact
//! line numbers for problems, parses a 40 KiB document in microseconds, and tolerates what a
//! CommonMark parser reads differently from the site generator (kramdown) that renders these
//! files: bullets indented by 3 or 5 spaces, an outline written as nested bullets.
//!
//! A section opens at:
//! - an ATX heading (`## Getting Started`);
//! - a line that is bold from end to end and reads as a label (`**Technical Skills:**`);
//! - a bullet whose whole text is a bold label naming a part of a career path
//!   (`* **Getting Started:**`), where that part belongs: some libraries write the whole
//!   outline as nested bullets. Such a bullet is placed by what it names, not by its indentation
//!   (which real files get wrong): "Educational Background" goes under the open "Getting
//!   Started", "Technical Skills" under "Key Skills Required". The lines under it are its body,
//!   dedented.
//!
//! Afterwards a heading that only repeats its parent's (`## Role Definition & Responsibilities`
//! holding nothing but `### Role Definition & Responsibilities`) folds into the parent.

use super::parts::Part;

/// A section before classification.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct RawSection {
    pub path: Vec<String>,
    pub level: u8,
    pub anchor: String,
    pub body: String,
    pub line: usize,
}

/// The outline of a document body.
#[derive(Debug, Default)]
pub(super) struct Outline {
    /// Text of the first level-1 heading, cleaned.
    pub title: Option<String>,
    pub sections: Vec<RawSection>,
    pub warnings: Vec<(usize, String)>,
}

/// Headings deeper than this are kept as text: no real document needs more, and it bounds
/// the path length whatever a file holds.
const MAX_LEVEL: u8 = 6;

/// A section opened by a heading or a label bullet, as long as it is open.
#[derive(Debug, Clone)]
struct Open {
    level: u8,
    text: String,
    part: Option<Part>,
    /// `Some(indent)` for a label bullet: its column.
    bullet: Option<usize>,
}

/// Builds the outline. `first_line` is the file line of the body's first line.
pub(super) fn outline(body: &str, first_line: usize) -> Outline {
    let mut out = Outline::default();
    let mut anchors = Anchors::default();
    // Open sections above the current line, outermost first.
    let mut stack: Vec<Open> = Vec::new();
    let mut last_real_level: u8 = 1;
    let mut fence: Option<&str> = None;
    // Under a label bullet: its column and the column its content starts at (stripped).
    let mut dedent: Option<(usize, Option<usize>)> = None;
    // The section collecting lines now; text before any heading goes to an intro section.
    let mut current =
        RawSection { path: Vec::new(), level: 1, anchor: String::new(), body: String::new(), line: first_line };

    for (index, raw_line) in body.split('\n').enumerate() {
        let line_no = first_line + index;
        let line = match &mut dedent {
            Some((bullet, content)) => strip_indent(raw_line, bullet, content),
            None => raw_line,
        };
        if let Some(marker) = fence {
            if line.trim_start().starts_with(marker) {
                fence = None;
            }
            push_line(&mut current.body, line);
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            push_line(&mut current.body, line);
            continue;
        }
        if is_site_markup(trimmed) {
            continue;
        }

        let heading = match atx_heading(raw_line) {
            Some((_, text)) if text.is_empty() => {
                out.warnings.push((line_no, "empty heading ignored".into()));
                continue;
            }
            Some((level, text)) => Some((level, text, true, None)),
            None => match bold_heading(raw_line.trim_start()) {
                Some(text) => {
                    let level =
                        if super::parts::is_top_level_name(&text) { 2 } else { (last_real_level + 1).min(MAX_LEVEL) };
                    Some((level, text, false, None))
                }
                None => label_bullet(raw_line, &stack).map(|(level, text, indent)| (level, text, false, Some(indent))),
            },
        };
        let Some((level, text, real, bullet)) = heading else {
            push_line(&mut current.body, line);
            continue;
        };

        if level == 1 && real && out.title.is_none() && stack.is_empty() {
            // The document's title: not part of any path. Text under it is the intro.
            out.title = Some(text.clone());
            anchors.make(&text);
            if current.body.trim().is_empty() {
                current.line = line_no;
            }
            continue;
        }
        finish(&mut out.sections, std::mem::take(&mut current), out.title.as_deref());
        if bullet.is_none() && (real || level == 2) {
            last_real_level = level;
        }
        dedent = bullet.map(|indent| (indent, None));
        // Prompts and reading links belong to the whole document, even when a file puts them
        // one level too deep (under "On Being a Senior …").
        let part = Part::of_heading(&text);
        let whole_document = matches!(part, Some(Part::Prompts | Part::Reading));
        while stack.last().is_some_and(|open| open.level >= level || whole_document) {
            stack.pop();
        }
        stack.push(Open { level, text: text.clone(), part, bullet });
        current = RawSection {
            path: stack.iter().map(|open| open.text.clone()).collect(),
            level,
            anchor: anchors.make(&text),
            body: String::new(),
            line: line_no,
        };
    }
    finish(&mut out.sections, current, out.title.as_deref());
    out.sections = fold_repeated_headings(out.sections, out.title.as_deref());
    out
}

/// Columns of leading whitespace, a tab counting 4.
fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// A line under a label bullet, without the indentation its content starts at (the first
/// content line sets it; a line indented less loses only what it has).
fn strip_indent<'a>(line: &'a str, bullet: &mut usize, content: &mut Option<usize>) -> &'a str {
    if line.trim().is_empty() {
        return line;
    }
    let indent = indent_of(line);
    let strip = *content.get_or_insert(if indent > *bullet { indent } else { 0 });
    let mut columns = 0;
    for (at, c) in line.char_indices() {
        if columns >= strip || !(c == ' ' || c == '\t') {
            return &line[at..];
        }
        columns += if c == '\t' { 4 } else { 1 };
    }
    ""
}

/// A bullet whose whole text is a bold label naming a part, where that part belongs in the
/// open outline: (level, heading text, column). Otherwise the bullet is a list item.
///
/// Where a part belongs is read from what is open, not from the bullet's indentation: the
/// sections open above are looked at from the innermost out, through label bullets and the
/// first heading above them (a label bullet never climbs out of a real heading's section):
/// - the part's own section comes first: the bullet is a group inside it (a list item);
/// - a section of the part it belongs to ("Key Skills Required" for "Technical Skills"):
///   the bullet opens a section under it;
/// - a part that heads a career path ("Getting Started") opens a top section when only label
///   bullets (or nothing) are open.
fn label_bullet(line: &str, stack: &[Open]) -> Option<(u8, String, usize)> {
    let trimmed = line.trim_start();
    let rest = ["* ", "- ", "+ "].iter().find_map(|m| trimmed.strip_prefix(m))?;
    let text = bold_heading(rest.trim_start())?;
    let part = Part::of_heading(&text)?;
    let parents = part.parents();
    let reachable = stack.iter().rev().scan(true, |more, open| {
        let this = more.then_some(open);
        *more = open.bullet.is_some();
        this
    });
    if parents.is_empty() {
        return stack.iter().all(|open| open.bullet.is_some()).then(|| (2, text, indent_of(line)));
    }
    for open in reachable {
        if open.part == Some(part) {
            return None;
        }
        if open.part.is_some_and(|p| parents.contains(&p)) {
            return Some(((open.level + 1).min(MAX_LEVEL), text, indent_of(line)));
        }
    }
    None
}

/// Folds a section that only repeats its parent's heading into the parent: the parent has no
/// text of its own, and the child's heading is the parent's (or its end, or the document's
/// title). The child's text and sub-sections become the parent's.
fn fold_repeated_headings(sections: Vec<RawSection>, title: Option<&str>) -> Vec<RawSection> {
    let title = title.map(|t| words(super::parts::strip_number_prefix(t).1));
    let mut out: Vec<RawSection> = Vec::with_capacity(sections.len());
    // (depth of a folded child's heading in paths, levels it moved up), while its
    // descendants follow.
    let mut folded: Option<(Vec<String>, usize, u8)> = None;
    for mut section in sections {
        if let Some((path, depth, lift)) = &folded {
            if section.path.len() > path.len() && section.path.starts_with(path) {
                section.path.remove(*depth);
                section.level = section.level.saturating_sub(*lift).max(1);
            } else {
                folded = None;
            }
        }
        if let Some(parent) = out.last_mut() {
            let is_child = section.path.len() == parent.path.len() + 1 && section.path.starts_with(&parent.path);
            let child = words(section.path.last().map(String::as_str).unwrap_or_default());
            let parent_heading = words(parent.path.last().map(String::as_str).unwrap_or_default());
            let repeats =
                !child.is_empty() && (parent_heading.ends_with(&child) || title.as_deref() == Some(child.as_str()));
            if is_child && repeats && parent.body.trim().is_empty() {
                parent.body = std::mem::take(&mut section.body);
                let lift = section.level.saturating_sub(parent.level);
                folded = Some((section.path.clone(), section.path.len() - 1, lift));
                continue;
            }
        }
        out.push(section);
    }
    out
}

/// Lowercase words of a heading, `&` read as "and", other punctuation as spaces.
fn words(text: &str) -> String {
    let text = text.to_lowercase().replace('&', " and ");
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn push_line(body: &mut String, line: &str) {
    body.push_str(line.trim_end());
    body.push('\n');
}

/// Closes a section: cleans its body; the intro (empty path) is kept only when it has text.
fn finish(sections: &mut Vec<RawSection>, mut section: RawSection, title: Option<&str>) {
    section.body = clean_body(&section.body);
    if section.path.is_empty() {
        if section.body.is_empty() {
            return;
        }
        let name = title.map(super::parts::strip_number_prefix).map(|(_, t)| t).unwrap_or("Overview");
        section.path = vec![name.to_string()];
        section.anchor = "overview".to_string();
    }
    sections.push(section);
}

/// Lines the site generator (Jekyll/kramdown) turns into a table of contents or attributes.
fn is_site_markup(trimmed: &str) -> bool {
    let t = trimmed.trim_end();
    matches!(t, "* TOC" | "- TOC" | "+ TOC" | "{:toc}" | "* toc") || (t.starts_with("{:") && t.ends_with('}'))
}

/// `## Heading ##` → (2, "Heading"); up to three spaces of indent, as in CommonMark.
fn atx_heading(line: &str) -> Option<(u8, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    if hashes == 0 || hashes > MAX_LEVEL as usize {
        return None;
    }
    let after = &rest[hashes..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None; // `#hashtag`
    }
    let text = after.trim().trim_end_matches('#').trim_end();
    let text = strip_attribute(text);
    Some((hashes as u8, clean_heading(text)))
}

/// A line that is bold from end to end and reads as a label: `**Technical Skills:**`.
fn bold_heading(trimmed: &str) -> Option<String> {
    let t = trimmed.trim_end();
    let inner = t.strip_prefix("**")?;
    let (inner, after) = inner.split_once("**")?;
    let after = after.trim();
    if !(after.is_empty() || after == ":") || inner.trim().is_empty() {
        return None;
    }
    let ends_with_colon = inner.trim_end().ends_with(':') || after == ":";
    let short = inner.split_whitespace().count() <= 6 && !inner.trim_end().ends_with(['.', '!', '?']);
    if !(ends_with_colon || short) {
        return None;
    }
    let text = clean_heading(inner);
    (!text.is_empty()).then_some(text)
}

/// Drops a trailing kramdown attribute list: `Heading {#id}`.
fn strip_attribute(text: &str) -> &str {
    if text.ends_with('}') {
        if let Some(open) = text.rfind('{') {
            if text[open..].starts_with("{#") || text[open..].starts_with("{:") {
                return text[..open].trim_end();
            }
        }
    }
    text
}

/// Heading text as shown to people: no emphasis markers, quotes or trailing colon.
pub(super) fn clean_heading(text: &str) -> String {
    let mut t: String = text.replace("**", "").replace("__", "");
    loop {
        let trimmed = t.trim().trim_end_matches(':').trim();
        let trimmed = strip_pair(trimmed, '"', '"')
            .or_else(|| strip_pair(trimmed, '“', '”'))
            .or_else(|| strip_pair(trimmed, '*', '*'))
            .or_else(|| strip_pair(trimmed, '_', '_'))
            .unwrap_or(trimmed);
        if trimmed.len() == t.len() {
            break;
        }
        t = trimmed.to_string();
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_pair(text: &str, open: char, close: char) -> Option<&str> {
    let inner = text.strip_prefix(open)?.strip_suffix(close)?;
    (!inner.contains(open) || open != close).then_some(inner)
}

/// Body text for display: kramdown escapes undone, runs of blank lines folded, trimmed.
fn clean_body(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank_run = 0;
    let mut in_fence = false;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if line.trim().is_empty() && !in_fence {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
            out.push('\n');
            continue;
        }
        blank_run = 0;
        if in_fence {
            out.push_str(line);
        } else {
            out.push_str(&unescape(line));
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// kramdown escapes `!` and `&` that Discord and terminals would show with the backslash.
fn unescape(line: &str) -> std::borrow::Cow<'_, str> {
    if line.contains("\\!") || line.contains("\\&") {
        line.replace("\\!", "!").replace("\\&", "&").into()
    } else {
        line.into()
    }
}

/// The anchor kramdown gives a heading: leading non-letters dropped, only ASCII letters,
/// digits, spaces and hyphens kept, spaces to hyphens, lowercase; empty becomes `section`.
pub fn anchor_slug(text: &str) -> String {
    let start = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    let mut slug: String = text[start..]
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| if c == ' ' { '-' } else { c.to_ascii_lowercase() })
        .collect();
    if slug.is_empty() {
        return "section".to_string();
    }
    // Every section keeps one: no room left from growing.
    slug.shrink_to_fit();
    slug
}

/// Unique anchors within one document, numbered like kramdown: `x`, `x-1`, `x-2`.
#[derive(Default)]
struct Anchors {
    used: std::collections::HashMap<String, usize>,
}

impl Anchors {
    fn make(&mut self, text: &str) -> String {
        let base = anchor_slug(text);
        match self.used.get_mut(&base) {
            Some(count) => {
                *count += 1;
                format!("{base}-{count}")
            }
            None => {
                self.used.insert(base.clone(), 0);
                base
            }
        }
    }
}

/// One list item, continuation lines joined.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    /// Columns of indent before the marker.
    pub indent: usize,
    /// The text after the marker.
    pub text: String,
}

/// A block of a section body: a list item or a paragraph line outside any list.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Block {
    Item(Item),
    Text(String),
}

/// Splits a body into list items and loose text. Numbered (`1.`/`1)`) and bulleted (`*`, `-`,
/// `+`) items both count; indented lines after an item continue it.
pub(super) fn blocks(body: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_fence = false;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if !in_fence {
            if let Some(text) = item_text(trimmed) {
                blocks.push(Block::Item(Item { indent, text: text.trim().to_string() }));
                continue;
            }
        }
        match blocks.last_mut() {
            Some(Block::Item(item)) if indent > item.indent || in_fence => {
                item.text.push(' ');
                item.text.push_str(trimmed.trim_end());
            }
            _ => blocks.push(Block::Text(trimmed.trim_end().to_string())),
        }
    }
    blocks
}

/// The text of a list-item line, without its marker.
fn item_text(trimmed: &str) -> Option<&str> {
    for marker in ["* ", "- ", "+ ", "*\t", "-\t"] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = trimmed.len() - trimmed.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = &trimmed[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    rest.starts_with([' ', '\t']).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_match_kramdown() {
        assert_eq!(anchor_slug("Role Definition & Responsibilities"), "role-definition--responsibilities");
        assert_eq!(anchor_slug("27. SecOps Engineer"), "secops-engineer");
        assert_eq!(anchor_slug("¿?"), "section");
    }

    #[test]
    fn heading_text_is_cleaned() {
        assert_eq!(clean_heading("**GPT Prompts**"), "GPT Prompts");
        assert_eq!(clean_heading("\"On Being a Senior SecOps Engineer\":"), "On Being a Senior SecOps Engineer");
        assert_eq!(clean_heading("Overall Objectives :"), "Overall Objectives");
    }

    #[test]
    fn bold_lines_are_headings_only_when_they_read_as_labels() {
        assert_eq!(bold_heading("**Technical Skills:**").as_deref(), Some("Technical Skills"));
        assert_eq!(bold_heading("**Getting Started**:").as_deref(), Some("Getting Started"));
        assert_eq!(bold_heading("**Definition:** text after"), None);
        assert_eq!(bold_heading("**This whole sentence is bold and ends with a full stop.**"), None);
    }

    #[test]
    fn hashes_without_space_are_not_headings() {
        assert_eq!(atx_heading("#hashtag"), None);
        assert_eq!(atx_heading("####### seven"), None);
        assert_eq!(atx_heading("## Title ##"), Some((2, "Title".into())));
    }

    #[test]
    fn list_items_join_their_continuation_lines() {
        let b = blocks("intro\n1. one\n   more\n* two\n");
        assert_eq!(
            b,
            vec![
                Block::Text("intro".into()),
                Block::Item(Item { indent: 0, text: "one more".into() }),
                Block::Item(Item { indent: 0, text: "two".into() }),
            ]
        );
    }

    #[test]
    fn headings_inside_code_fences_are_text() {
        let o = outline("# T\n## A\n```\n# not a heading\n```\n", 1);
        assert_eq!(o.sections.len(), 1);
        assert!(o.sections[0].body.contains("# not a heading"));
    }
}
