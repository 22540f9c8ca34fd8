//! Career names members type, judged (`tests/relevance/names.toml`): short forms, job titles
//! from the pages (many not in `synonyms.toml` [roles]), misspellings, other word orders, names
//! that fit several careers and names of no career. Every case goes through the name index and
//! through `/career` as the terminal reads it; a sample through `/compare`, `/path` and
//! `/ladder`. Each prints its failures and holds a floor on its accuracy.

#[path = "support/shipped.rs"]
mod shipped;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use careerbot::catalog::names::{compact, Resolution};
use careerbot::commands::Reply;
use careerbot::content::{Document, Kind};
use shipped::{store, try_ask as ask};

/// One judged name.
#[derive(Debug, serde::Deserialize)]
struct Case {
    typed: String,
    /// A slug, "ambiguous" or "unknown".
    expect: String,
    #[serde(default)]
    choices: Vec<String>,
    kind: String,
    #[allow(dead_code)]
    #[serde(default)]
    source: Option<String>,
}

/// What a name should find, or found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    One(String),
    Which(BTreeSet<String>),
    Unknown,
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Answer::One(slug) => write!(f, "{slug}"),
            Answer::Which(slugs) => write!(f, "which of {}?", slugs.iter().cloned().collect::<Vec<_>>().join(", ")),
            Answer::Unknown => write!(f, "unknown"),
        }
    }
}

impl Case {
    fn expected(&self) -> Answer {
        match self.expect.as_str() {
            "ambiguous" => Answer::Which(self.choices.iter().cloned().collect()),
            "unknown" => Answer::Unknown,
            slug => Answer::One(slug.to_string()),
        }
    }
}

fn cases() -> &'static Vec<Case> {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct File {
            case: Vec<Case>,
        }
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance/names.toml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        toml::from_str::<File>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())).case
    })
}

/// "27. SecOps Engineer", as replies title a document.
fn numbered(doc: &Document) -> String {
    match doc.number {
        Some(n) => format!("{n}. {}", doc.title),
        None => doc.title.clone(),
    }
}

/// The careers a "Which career?" reply offers: its lines "• **27. SecOps Engineer**: `…`".
fn offered(reply: &Reply) -> BTreeSet<String> {
    let snapshot = store().snapshot();
    reply
        .pages
        .join("\n")
        .lines()
        .filter_map(|line| line.trim().strip_prefix("• **")?.split_once("**").map(|(title, _)| title.to_string()))
        .filter_map(|title| snapshot.library.documents.iter().find(|d| numbered(d) == title))
        .map(|d| d.slug.clone())
        .collect()
}

/// What a reply to a command about one name answered; `found` reads a reply that opened a
/// document.
fn answered(reply: &Result<Reply, String>, found: impl Fn(&Reply) -> Option<String>) -> Answer {
    let reply = match reply {
        Ok(reply) => reply,
        // A line the terminal cannot read: a failure of the case, not a panic.
        Err(unreadable) => return Answer::One(format!("(unreadable: {unreadable})")),
    };
    if reply.title == "Which career?" {
        return Answer::Which(offered(reply));
    }
    if let Some(slug) = found(reply) {
        return Answer::One(slug);
    }
    // `/path` from a start the library has no page for says so and points to `/match`.
    if reply.title == "No such career" || reply.pages.join("\n").contains("is not a career the library describes") {
        return Answer::Unknown;
    }
    Answer::One(format!("(reply: {} — {})", reply.title, reply.pages.first().map_or("", |p| p.as_str())))
}

/// Accuracy over the cases, with a line for each failure.
fn score(label: &str, results: &[(&Case, Answer)]) -> (f64, String) {
    let mut failures = String::new();
    let mut right = 0;
    for (case, got) in results {
        if *got == case.expected() {
            right += 1;
        } else {
            failures.push_str(&format!(
                "  [{}] {:?}: expected {}, got {got}\n",
                case.kind,
                case.typed,
                case.expected()
            ));
        }
    }
    let accuracy = right as f64 / results.len().max(1) as f64;
    let report = format!("{label}: {right}/{} right ({:.1} %)\n{failures}", results.len(), 100.0 * accuracy);
    (accuracy, report)
}

#[test]
fn the_judged_set_covers_every_document_and_each_kind_of_name() {
    let snapshot = store().snapshot();
    let library = &snapshot.library;
    let cases = cases();
    assert!(cases.len() >= 80, "{} cases", cases.len());
    let mut named: BTreeSet<&str> = BTreeSet::new();
    for case in cases {
        let slugs: Vec<&str> = match case.expected() {
            Answer::One(_) => vec![case.expect.as_str()],
            Answer::Which(_) => case.choices.iter().map(String::as_str).collect(),
            Answer::Unknown => vec![],
        };
        assert!(case.expect != "ambiguous" || case.choices.len() >= 2, "{:?}: fewer than two choices", case.typed);
        for slug in slugs {
            assert!(library.get(slug).is_some(), "{:?}: no document {slug}", case.typed);
            named.insert(slug);
        }
    }
    let missing: Vec<&str> = library.documents.iter().map(|d| d.slug.as_str()).filter(|s| !named.contains(s)).collect();
    assert!(missing.is_empty(), "documents no case names: {missing:?}");
    for kind in ["own", "short", "title", "typo", "order", "ambiguous", "unknown", "guide"] {
        assert!(cases.iter().filter(|c| c.kind == kind).count() >= 5, "fewer than 5 cases of kind {kind}");
    }
    // The set is not the table: most job titles are names the table does not hold.
    let roles: BTreeSet<String> = library.synonyms.roles.iter().map(|(role, _)| compact(role)).collect();
    let titles: Vec<&Case> = cases.iter().filter(|c| c.kind == "title").collect();
    let held_out = titles.iter().filter(|c| !roles.contains(&compact(&c.typed))).count();
    println!("{} cases; {held_out} of {} job titles are not in synonyms.toml [roles]", cases.len(), titles.len());
    assert!(held_out * 2 >= titles.len(), "{held_out} of {} titles not in the table", titles.len());
    assert!(library.documents.iter().filter(|d| d.kind == Kind::Career).count() == 28);
}

#[test]
fn the_name_index_resolves_the_judged_names() {
    let snapshot = store().snapshot();
    let documents = &snapshot.library.documents;
    let slug = |id: usize| documents[id].slug.clone();
    let roles: BTreeSet<String> = snapshot.library.synonyms.roles.iter().map(|(role, _)| compact(role)).collect();
    let results: Vec<(&Case, Answer)> = cases()
        .iter()
        .map(|case| {
            let got = match snapshot.catalog.names.resolve(&case.typed) {
                Resolution::Found(id, _) => Answer::One(slug(id)),
                Resolution::Ambiguous(ids, _) => Answer::Which(ids.into_iter().map(slug).collect()),
                Resolution::Unknown(_) => Answer::Unknown,
            };
            (case, got)
        })
        .collect();
    let (accuracy, report) = score("name index", &results);
    let held_out: Vec<(&Case, Answer)> =
        results.iter().filter(|(c, _)| !roles.contains(&compact(&c.typed))).map(|(c, a)| (*c, a.clone())).collect();
    let (held_out_accuracy, held_out_report) = score("names not in synonyms.toml [roles]", &held_out);
    println!("{report}\n{}", held_out_report.lines().next().unwrap_or_default());
    for kind in ["own", "short", "title", "typo", "order", "ambiguous", "unknown", "guide"] {
        let of_kind: Vec<(&Case, Answer)> =
            results.iter().filter(|(c, _)| c.kind == kind).map(|(c, a)| (*c, a.clone())).collect();
        println!("{}", score(kind, &of_kind).1.lines().next().unwrap_or_default());
    }
    assert!(accuracy >= 0.98, "name index accuracy {accuracy:.3} under 0.98\n{report}");
    assert!(held_out_accuracy >= 0.97, "accuracy on names not in the table {held_out_accuracy:.3} under 0.97");
}

#[test]
fn career_finds_the_judged_names_as_the_terminal_reads_them() {
    let snapshot = store().snapshot();
    // A document's answer links its page.
    let by_url = |reply: &Reply| {
        let url = reply.url.as_deref().filter(|_| !reply.error)?;
        let doc =
            snapshot.library.documents.iter().find(|d| d.permalink.as_deref().is_some_and(|p| url.ends_with(p)))?;
        Some(doc.slug.clone())
    };
    let results: Vec<(&Case, Answer)> =
        cases().iter().map(|case| (case, answered(&ask(&format!("/career {}", case.typed)), by_url))).collect();
    let (accuracy, report) = score("/career <name>", &results);
    println!("{report}");
    assert!(accuracy >= 0.98, "/career accuracy {accuracy:.3} under 0.98\n{report}");
}

/// Every third career case through the commands that compare and route careers (`/compare` named
/// and unquoted, `/path`, `/ladder`): the name must
/// reach them as it reaches `/career` (guides are refused there, so only careers and names of
/// several or none).
#[test]
fn compare_path_and_ladder_find_the_judged_names() {
    let snapshot = store().snapshot();
    let library = &snapshot.library;
    let sample: Vec<&Case> =
        cases().iter().filter(|c| library.get(&c.expect).is_none_or(|d| d.kind == Kind::Career)).step_by(3).collect();
    let title_of = |slug: &str| library.get(slug).map(|d| d.title.clone()).unwrap_or_default();
    let other = |case: &Case| if case.expect == "technical-writer" { "secops" } else { "technical writer" };
    let mut results: Vec<(&Case, Answer)> = Vec::new();
    let mut lines = 0;
    for case in &sample {
        let named = |prefix: String| {
            let prefix = prefix.clone();
            move |reply: &Reply| {
                (!reply.error).then_some(())?;
                library
                    .documents
                    .iter()
                    .find(|d| d.kind == Kind::Career && reply.title.starts_with(&prefix.replace("{}", &d.title)))
                    .map(|d| d.slug.clone())
            }
        };
        let compare = ask(&format!("/compare a:\"{}\" b:\"{}\"", case.typed, other(case)));
        results.push((case, answered(&compare, named(format!("{{}} vs {}", title_of(&other_slug(case)))))));
        // Unquoted, as members type in the terminal: where the first name ends is read.
        let unquoted = ask(&format!("/compare {} {}", case.typed, other(case)));
        results.push((case, answered(&unquoted, named(format!("{{}} vs {}", title_of(&other_slug(case)))))));
        let path = ask(&format!("/path from:\"{}\" to:\"{}\"", case.typed, other(case)));
        results.push((case, answered(&path, named(format!("From {{}} to {}", title_of(&other_slug(case)))))));
        let ladder = ask(&format!("/ladder career:\"{}\"", case.typed));
        // A ladder, or the answer that the career's page describes none, which names it.
        let numbered_title = |reply: &Reply| {
            let text = reply.pages.join("\n");
            library
                .documents
                .iter()
                .find(|d| {
                    (!reply.error && reply.title.starts_with(&numbered(d)))
                        || (reply.title == "No career ladder" && text.contains(&format!("`/career {}`", d.slug)))
                })
                .map(|d| d.slug.clone())
        };
        results.push((case, answered(&ladder, numbered_title)));
        lines += 4;
    }
    let (accuracy, report) = score("/compare, /path, /ladder", &results);
    println!("{lines} command lines\n{report}");
    assert!(lines >= 200, "{lines}");
    assert!(accuracy >= 0.98, "/compare, /path, /ladder accuracy {accuracy:.3} under 0.98\n{report}");
}

fn other_slug(case: &Case) -> String {
    if case.expect == "technical-writer" { "secops-engineer" } else { "technical-writer" }.to_string()
}

/// The examples of issue 24 item 1, through the terminal, as a member reads the answer.
#[test]
fn the_names_of_the_issue_answer_through_the_commands() {
    for (line, title) in [
        ("/career qa", "10. Quality Assurance Engineer"),
        ("/career qa engineer", "10. Quality Assurance Engineer"),
        ("/career ml engineer", "14. Machine Learning Engineer"),
        ("/career dba", "25. Database Administrator"),
        ("/career sre", "6. DevOps Engineer"),
        ("/career frontend developer", "15. Web Developer"),
        ("/career ba", "20. Business Analyst"),
        ("/career network engineer", "7. Computer Network Architect"),
        (
            "/path from:\"qa engineer\" to:\"software developer\"",
            "From Quality Assurance Engineer to Software Engineer",
        ),
        ("/career security engineer", "Which career?"),
        ("/career pm", "Which career?"),
        ("/compare pm devops", "Which career?"),
        // Two careers in a row that a page's title or a repeated word could join.
        ("/path secops cloud", "From SecOps Engineer to Cloud Engineer"),
        ("/compare data scientist data engineer", "Data Scientist vs Data Engineer"),
        ("/compare staff software engineer devops", "Software Engineer vs DevOps Engineer"),
    ] {
        assert_eq!(ask(line).unwrap().title, title, "{line}");
    }
    let which = ask("/career security engineer").unwrap();
    assert_eq!(
        offered(&which),
        ["cybersecurity-engineer", "it-security-specialist"].map(String::from).into_iter().collect(),
        "{which:?}"
    );
}
