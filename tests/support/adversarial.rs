//! Adversarial documents: one career page per shape that makes one extraction repeat itself
//! (a certification list that goes on and on, the same heading thousands of times, a ladder of
//! thousands of rungs…), grown to a size in bytes.
//!
//! Shared by `tests/linear_content.rs` (work grows in proportion to the size) and
//! `benches/linear.rs` (the figures at 0.25 and 1 MB). Every shape stays under the default
//! `max_file_bytes` at 1 MB, so each is a document a moderator could really drop in.
#![allow(dead_code)]

/// One shape: its name and the document it makes of about `bytes` bytes.
pub struct Shape {
    /// What repeats, in a word or two.
    pub name: &'static str,
    /// The document of about that many bytes (never more, unless the page around the repeats
    /// is larger).
    pub document: fn(usize) -> String,
}

/// Every shape, one per extraction the loader makes from a page.
pub const SHAPES: &[Shape] = &[
    Shape { name: "certification list, colon", document: |n| prose_in_education(n, "Cisco certifications: CCNA, ") },
    Shape { name: "certification list, parenthesis", document: |n| prose_in_education(n, "certifications (CISSP, ") },
    Shape {
        name: "certification list, singular",
        document: |n| prose_in_education(n, "certification such as PMP (Project Management "),
    },
    Shape { name: "certification words glued", document: |n| prose_in_education(n, "certificationcertifications:") },
    Shape { name: "certification prose", document: certification_prose },
    Shape { name: "certifications listed", document: certifications_listed },
    Shape { name: "repeated headings", document: repeated_headings },
    Shape { name: "nested headings", document: nested_headings },
    Shape { name: "bullets", document: bullets },
    Shape { name: "nested bullets", document: nested_bullets },
    Shape { name: "links", document: links },
    Shape { name: "prompts", document: prompts },
    Shape { name: "definitions", document: definitions },
    Shape { name: "ladder", document: ladder },
    Shape { name: "transitions", document: transitions },
    Shape { name: "one long line", document: one_long_line },
    Shape { name: "sentences", document: |n| prose_in_education(n, "Learn Rust. Then learn Go! Why? ") },
    Shape { name: "backticks and fences", document: |n| prose_in_education(n, "````` ``` `x` ```\n") },
    Shape { name: "one run of backticks", document: |n| prose_in_education(n, "`") },
    Shape { name: "emphasis never closed", document: |n| prose_in_education(n, "**Bold *and _under ") },
];

/// Front matter and the opening of a career page.
fn page(title: &str) -> String {
    format!(
        "---\ntitle: \"1. {title}\"\ndescription: \"Career Path for a {title}\"\n\
         permalink: /students/career_paths/1-{slug}/\nlang: en\n---\n# 1. {title}\n\n\
         ## Role Definition & Responsibilities:\n\n### Definition:\n* **Definition:** A {title} keeps \
         zeppelins flying every day.\n\n",
        slug = title.replace(' ', "_"),
    )
}

/// `unit(1)`, `unit(2)`… added while the document stays within `bytes`.
fn grow(mut doc: String, bytes: usize, unit: impl Fn(usize) -> String) -> String {
    for n in 1.. {
        let next = unit(n);
        if doc.len() + next.len() > bytes {
            break;
        }
        doc.push_str(&next);
    }
    doc
}

/// One paragraph of `unit` in the education section: a single sentence that never ends.
fn prose_in_education(bytes: usize, unit: &'static str) -> String {
    let mut doc = page("Listing Engineer");
    doc.push_str("## Getting Started:\n\n### Vocational Training & Certifications:\n");
    let mut doc = grow(doc, bytes.saturating_sub(1), |_| unit.to_string());
    doc.push('\n');
    doc
}

fn certification_prose(bytes: usize) -> String {
    let mut doc = page("Prose Engineer");
    doc.push_str("## Getting Started:\n\n### Educational Background:\n");
    grow(doc, bytes, |n| {
        format!(
            "Earn the AWS Certified Solutions Architect {n} and the Certified Ethical Hacker (CEH{n}), \
             then CompTIA Security{n}+ or the CKA{n} certification, (ISC)² CISSP{n} and \
             Google Professional Cloud Architect {n}. "
        )
    })
}

fn certifications_listed(bytes: usize) -> String {
    let mut doc = page("Listed Engineer");
    doc.push_str("## Getting Started:\n\n### Vocational Training & Certifications:\n");
    grow(doc, bytes, |n| {
        format!("* **Certified Zeppelin Pilot {n} (CZP{n}) (Air Guild):** Flying basics, level {n}.\n")
    })
}

fn repeated_headings(bytes: usize) -> String {
    grow(page("Heading Engineer"), bytes, |_| "### Same Heading\nSome words.\n".to_string())
}

fn nested_headings(bytes: usize) -> String {
    grow(page("Nested Engineer"), bytes, |n| format!("{} Step {n}\n", "#".repeat(2 + n % 5)))
}

fn bullets(bytes: usize) -> String {
    let mut doc = page("Bullet Engineer");
    doc.push_str("## Getting Started:\n\n### Key Skills Required:\n\n#### Technical Skills:\n");
    grow(doc, bytes, |n| format!("* **Skill {n}:** Python, SQL, Rust and Go {n}, with Docker.\n"))
}

fn nested_bullets(bytes: usize) -> String {
    let mut doc = page("Deep Engineer");
    doc.push_str("### Recommended Technologies and Tools to Learn:\n");
    grow(doc, bytes, |n| format!("{}* Tool {n}\n", "  ".repeat(n % 12)))
}

fn links(bytes: usize) -> String {
    let mut doc = page("Link Engineer");
    doc.push_str("## Future Reading Links\n");
    grow(doc, bytes, |n| format!("{n}. [Zeppelins {n}](https://example.com/{n}): All about them, part {n}.\n"))
}

fn prompts(bytes: usize) -> String {
    let mut doc = page("Prompt Engineer");
    doc.push_str("## GPT Prompts\n");
    grow(doc, bytes, |n| format!("{n}. \"Explain step {n} of becoming a Prompt Engineer.\"\n"))
}

fn definitions(bytes: usize) -> String {
    let mut doc = page("Defining Engineer");
    doc.push_str("### Key Terms:\n");
    grow(doc, bytes, |n| format!("* **Term {n}:** Term {n} is a word that means {n}. Also known as T{n}.\n"))
}

fn ladder(bytes: usize) -> String {
    let mut doc = page("Ladder Engineer");
    doc.push_str("## Progression Paths:\n\n### Typical Career Ladder:\n");
    grow(doc, bytes, |n| format!("* **Level {n}:** Junior Ladder Engineer {n}, Senior Ladder Engineer {n}.\n"))
}

fn transitions(bytes: usize) -> String {
    let mut doc = page("Moving Engineer");
    doc.push_str("## Switching Careers:\n\n### Common Transition Paths (From Moving Engineer to other roles):\n");
    grow(doc, bytes, |n| {
        format!("* **Cloud Engineer {n} (Focus {n}):** Moving Engineers can transition to Cloud Engineer roles.\n")
    })
}

fn one_long_line(bytes: usize) -> String {
    let mut doc = page("Line Engineer");
    doc.push_str("## Getting Started:\n\n");
    let mut doc = grow(doc, bytes.saturating_sub(1), |n| format!("word{n} "));
    doc.push('\n');
    doc
}
