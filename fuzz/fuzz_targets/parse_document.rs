//! `parse_document` on arbitrary bytes, under a fixed or an arbitrary file name.
//!
//! Input layout: a first byte 0x00 (which no real document starts with) means
//! `0x00, name length, name bytes…, file bytes…`; anything else is the file itself, parsed as
//! `50-Fuzz_Target.md`, so the markdown fixtures work as seeds unchanged.
//!
//! Checks: never panics; every problem names the file and has a line within the file (0 is
//! "the whole file"); a document comes back exactly when no problem is an error; section keys
//! are unique and section lines are within the file.
#![no_main]

use std::collections::HashSet;

use careerbot::content::{parse_document, Severity};
use libfuzzer_sys::fuzz_target;

/// Lines of a file as an editor counts them: `\r\n`, `\r` and `\n` each end one.
fn line_count(bytes: &[u8]) -> usize {
    let mut lines = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                lines += 1;
                i += 1;
            }
            b'\r' | b'\n' => lines += 1,
            _ => {}
        }
        i += 1;
    }
    lines
}

fuzz_target!(|data: &[u8]| {
    let (name, bytes) = match data {
        [0, len, rest @ ..] => {
            let len = (*len as usize).min(rest.len());
            (String::from_utf8_lossy(&rest[..len]).into_owned(), &rest[len..])
        }
        _ => ("50-Fuzz_Target.md".to_string(), data),
    };
    let parsed = parse_document(&name, bytes);
    let lines = line_count(bytes);
    for problem in &parsed.problems {
        assert_eq!(problem.file, name);
        assert!(problem.line <= lines, "problem line {} beyond the file's {lines} lines: {problem}", problem.line);
    }
    let has_error = parsed.problems.iter().any(|p| p.severity == Severity::Error);
    assert_eq!(parsed.document.is_some(), !has_error, "a document comes back exactly when there is no error");
    if let Some(document) = &parsed.document {
        assert_eq!(document.file, name);
        assert!(!document.slug.is_empty());
        let mut keys = HashSet::new();
        for section in &document.sections {
            assert!(keys.insert(section.key.as_str()), "section key {:?} is used twice", section.key);
            assert!((1..=lines).contains(&section.line), "section line {} beyond {lines} lines", section.line);
        }
    }
});
