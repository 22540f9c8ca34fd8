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
        // A link's text has no line break; give up on this bracket otherwise.
        if after[..mid].contains('\n') {
            out.push_str(&rest[..open + 1]);
            rest = &rest[open + 1..];
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
    out.replace("@everyone", "@\u{200b}everyone").replace("@here", "@\u{200b}here")
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
    }

    #[test]
    fn typed_text_cannot_ping_or_break_out() {
        assert_eq!(quoted("@everyone `x`"), "'@\u{200b}everyone \\`x\\`'");
    }

    #[test]
    fn url_encoding() {
        assert_eq!(url_encode("a b&c/é"), "a%20b%26c%2F%C3%A9");
    }
}
