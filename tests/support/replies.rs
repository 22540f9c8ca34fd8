//! Checks on replies shared by the test files: every Discord limit, and the text outside code.
#![allow(dead_code)]

use careerbot::commands::reply::limits;
use careerbot::commands::Reply;

/// Every page of a reply fits every Discord limit.
pub fn assert_within_limits(reply: &Reply) {
    assert!(!reply.pages.is_empty());
    assert!(limits::len(&reply.title) <= limits::TITLE, "title {}", reply.title);
    assert!(reply.fields.len() <= limits::FIELDS);
    for (i, page) in reply.pages.iter().enumerate() {
        assert!(limits::len(page) <= limits::DESCRIPTION, "page {i} is {}", limits::len(page));
        let fields: usize =
            if i == 0 { reply.fields.iter().map(|f| limits::len(&f.name) + limits::len(&f.value)).sum() } else { 0 };
        let total = limits::len(&reply.title) + limits::len(page) + limits::len(&reply.footer_line()) + fields;
        assert!(total <= limits::EMBED_TOTAL, "page {i} embed total {total}");
        assert_eq!(page.matches("```").count() % 2, 0, "page {i} leaves a code block open");
    }
    for f in &reply.fields {
        assert!(limits::len(&f.name) <= limits::FIELD_NAME && limits::len(&f.value) <= limits::FIELD_VALUE);
    }
    for b in &reply.buttons {
        assert!(b.url.starts_with("https://") && limits::len(&b.url) <= limits::BUTTON_URL, "{}", b.url);
        assert!(limits::len(&b.label) <= limits::BUTTON_LABEL);
    }
    assert!(reply.menu.len() <= limits::SELECT_OPTIONS);
    for m in &reply.menu {
        assert!(m.token.len() <= limits::CUSTOM_ID && limits::len(&m.label) <= limits::SELECT_TEXT);
    }
    for token in reply.prev.iter().chain(&reply.next) {
        assert!(token.len() <= limits::CUSTOM_ID);
    }
}

/// Markdown with code removed: fenced blocks and inline code spans, where nothing is a link
/// and nothing pings.
pub fn outside_code(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            // A fence opened and closed on one line (```x```) is inline.
            if !(line.trim().len() > 6 && line.trim().ends_with("```") && !in_fence) {
                in_fence = !in_fence;
            }
            out.push('\n');
            continue;
        }
        if in_fence {
            out.push('\n');
            continue;
        }
        // Inline code: text between pairs of backticks on the line.
        let mut inside = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '`' {
                while chars.peek() == Some(&'`') {
                    chars.next();
                }
                inside = !inside;
                continue;
            }
            if !inside {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}
