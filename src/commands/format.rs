//! Text helpers shared by the commands: echoing what a member typed safely, lists of names,
//! content links made safe, URL encoding.

use crate::content::Document;

/// What a member typed, echoed back: cut to 60 characters, on one line, in quotes, with
/// markdown and mentions neutralised (`@everyone` cannot ping, backticks cannot break out).
pub fn quoted(typed: &str) -> String {
    let one_line: String = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = super::reply::truncate(&one_line, 60);
    format!("'{}'", escape_markdown(&cut))
}

/// Escapes markdown characters and breaks `@` so mentions never form.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '~' | '|' | '>' | '[' | ']' | '(' | ')' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200b}"),
            // Direction overrides would reorder the rest of the message.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// "SecOps Engineer, DevOps Engineer or IT Security Specialist", in bold.
pub fn name_list(docs: &[&Document]) -> String {
    let names: Vec<String> = docs.iter().map(|d| format!("**{}**", d.title)).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Content markdown made safe to show: links whose target is not http(s) lose their target
/// (the text stays), and `@everyone`/`@here` cannot ping even where mentions are allowed.
pub fn safe_markdown(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let after = &rest[open..];
        let Some(mid) = after.find("](") else { break };
        // A link's text has no line break; give up on this bracket otherwise. No bracket before
        // that line break can start a link either (the same `](` is the first for each), so skip
        // them all: one bracket at a time rescanned the rest for every `[` (quadratic on a
        // document of `[` lines).
        if let Some(newline) = after[..mid].rfind('\n') {
            out.push_str(&rest[..open + newline + 1]);
            rest = &rest[open + newline + 1..];
            continue;
        }
        let Some(close) = after[mid..].find(')').map(|c| mid + c) else { break };
        let text = &after[1..mid];
        let target = &after[mid + 2..close];
        out.push_str(&rest[..open]);
        if super::reply::is_web_url(target) {
            out.push_str(&after[..=close]);
        } else {
            out.push_str(text);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    // Most text has neither: no copy then.
    if out.contains("](") {
        out = break_stray_links(&out);
    }
    if out.contains('@') {
        out = no_mass_mentions(&out);
    }
    out
}

/// `@everyone` and `@here` with a zero-width space after the `@`: shown, never a ping.
pub fn no_mass_mentions(text: &str) -> String {
    text.replace("@everyone", "@\u{200b}everyone").replace("@here", "@\u{200b}here")
}

/// A `](` the pass in [`safe_markdown`] left behind (after a kept link, or with no `[` before
/// it: `[ok](https://a.b)](javascript:x)`) whose target is not http(s) gets a zero-width space
/// between `]` and `(`, so no markdown reader can take it for a link.
fn break_stray_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..=at]);
        let target = rest[at + 2..].trim_start().trim_start_matches('<');
        let web = |scheme: &str| target.get(..scheme.len()).is_some_and(|t| t.eq_ignore_ascii_case(scheme));
        if !(web("https://") || web("http://")) {
            out.push('\u{200b}');
        }
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// Percent-encodes text for a URL query value.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Most a line grows in [`balanced_line`]: two characters for each of its four markers.
pub const BALANCE_GROWTH: usize = 8;

/// One line whose emphasis markers (`**`, `__`, `~~`, `||` and a single `*`) pair up, so an
/// unclosed one from a page ("**Common Responsibilities:") cannot bold the rest of the
/// message: Discord lets them span lines. The odd marker is closed at the end of the line when
/// text follows it, else escaped. Inline code and escaped characters are left as they are.
pub fn balanced_line(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains(['*', '_', '~', '|']) {
        return std::borrow::Cow::Borrowed(line);
    }
    const MARKERS: [&str; 5] = ["**", "__", "~~", "||", "*"];
    // Byte offsets of each marker kind, outside code spans and escapes.
    let mut found: [Vec<usize>; 5] = Default::default();
    let bytes = line.as_bytes();
    let bullet = line.len() - line.trim_start().len();
    let (mut i, mut in_code, mut open_star) = (0, false, None);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                in_code = !in_code;
                i += 1;
            }
            _ if in_code => i += 1,
            _ => match MARKERS.iter().position(|m| bytes[i..].starts_with(m.as_bytes())) {
                Some(4) => {
                    // A single star opens only before a non-space and closes only after one, as
                    // Discord reads it: a bullet ("* item") or "2 * 3" emphasises nothing.
                    let space = |at: Option<&u8>| at.is_none_or(u8::is_ascii_whitespace);
                    let (can_open, can_close) =
                        (!space(bytes.get(i + 1)), i > bullet && !space(i.checked_sub(1).and_then(|b| bytes.get(b))));
                    if open_star.is_some() && can_close {
                        open_star = None;
                    } else if can_open {
                        open_star = Some(i);
                    }
                    i += 1;
                }
                Some(kind) => {
                    found[kind].push(i);
                    i += MARKERS[kind].len();
                }
                None => i += 1,
            },
        }
    }
    found[4].extend(open_star);
    let mut escapes: Vec<(usize, &str)> = Vec::new();
    let mut closers = String::new();
    for (kind, at) in found.iter().enumerate() {
        let Some(&last) = at.last().filter(|_| at.len() % 2 == 1) else { continue };
        let marker = MARKERS[kind];
        let after = last + marker.len();
        let spaced = |at: Option<&u8>| at.is_none_or(u8::is_ascii_whitespace);
        // Nothing after it to emphasise, or spaces on both sides ("a || b"): shown as typed.
        if line[after..].trim().is_empty()
            || (spaced(last.checked_sub(1).and_then(|b| bytes.get(b))) && spaced(bytes.get(after)))
        {
            escapes.push((last, marker));
        } else {
            // Close the innermost first: the marker opened last closes first.
            closers.insert_str(0, marker);
        }
    }
    if escapes.is_empty() && closers.is_empty() {
        return std::borrow::Cow::Borrowed(line);
    }
    escapes.sort_unstable();
    let mut out = String::with_capacity(line.len() + BALANCE_GROWTH);
    let mut from = 0;
    for (at, marker) in escapes {
        out.push_str(&line[from..at]);
        for c in marker.chars() {
            out.push('\\');
            out.push(c);
        }
        from = at + marker.len();
    }
    let rest = &line[from..];
    let body = rest.trim_end();
    out.push_str(body);
    out.push_str(&closers);
    out.push_str(&rest[body.len()..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_without_a_web_scheme_lose_their_target() {
        assert_eq!(
            safe_markdown("[ok](https://a.b) [bad](javascript:alert(1)) [rel](/x)"),
            "[ok](https://a.b) bad) rel"
        );
        assert_eq!(safe_markdown("a [b] c"), "a [b] c");
        assert_eq!(
            safe_markdown("[ok](https://a.b)](javascript:x) ](/y)"),
            "[ok](https://a.b)]\u{200b}(javascript:x) ]\u{200b}(/y)"
        );
        assert_eq!(safe_markdown("[a\n[b\n[c](/x) [d](http://e)"), "[a\n[b\nc [d](http://e)");
    }

    #[test]
    fn typed_text_cannot_ping_or_break_out() {
        assert_eq!(quoted("@everyone `x`"), "'@\u{200b}everyone \\`x\\`'");
    }

    #[test]
    fn url_encoding() {
        assert_eq!(url_encode("a b&c/é"), "a%20b%26c%2F%C3%A9");
    }

    #[test]
    fn an_unclosed_marker_is_closed_at_the_end_of_its_line_or_escaped() {
        assert_eq!(balanced_line("**Common Responsibilities:"), "**Common Responsibilities:**");
        assert_eq!(balanced_line("Salary Ranges**"), "Salary Ranges\\*\\*");
        assert_eq!(balanced_line("* **Label:** text"), "* **Label:** text");
        assert_eq!(balanced_line("*Note: generalized estimates."), "*Note: generalized estimates.*");
        assert_eq!(balanced_line("2 * 3 = 6"), "2 * 3 = 6");
        assert_eq!(balanced_line("a || b"), "a \\|\\| b");
        assert_eq!(balanced_line("`**` in code"), "`**` in code");
        assert_eq!(balanced_line("\\** escaped"), "\\** escaped");
        assert_eq!(balanced_line("**bold *both"), "**bold *both***");
        assert_eq!(balanced_line("~~gone  "), "~~gone~~  ");
        // Byte by byte, never inside a character.
        assert_eq!(balanced_line("industries – **software\\é *x"), "industries – **software\\é *x***");
    }
}
