//! The golden suite over the shipped library (`content/`, 35 documents): every command on every
//! document, what every career must have, and each fault the whole-library issue found, pinned.

#[path = "support/replies.rs"]
mod replies;
#[path = "support/shipped.rs"]
mod shipped;
#[path = "support/whole_bot.rs"]
mod whole_bot;

use std::collections::HashSet;
use std::path::Path;

use careerbot::commands::{self, Caller, Context, Reply, Settings};
use careerbot::content::{Kind, Part};
use shipped::{ask, content, store};
use whole_bot::Reach;

fn text(reply: &Reply) -> String {
    reply.pages.join("\n")
}

/// Whether an invocation asks for something the document does not have, on purpose (the
/// whole-bot check tries a section and group that do not exist, and one prompt too many), or
/// a ladder of a document that describes none (guides, Product Manager), or plans of a bot
/// without a database.
fn asks_for_what_is_not_there(line: &str, slug: &str) -> bool {
    let snapshot = store().snapshot();
    let doc = snapshot.library.get(slug).expect("a document of the library");
    let prompt_number = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("number:"))
        .and_then(|n| n.parse::<usize>().ok())
        .is_some_and(|n| n > doc.prompts.len());
    let no_ladder = [Part::Ladder, Part::JobTitles, Part::Specializations, Part::Progression]
        .into_iter()
        .all(|part| doc.part(part).is_none());
    // Commands that need a career refuse a guide and say what it is (issue 24.11).
    let needs_career =
        ["/certs", "/compare", "/path", "/ladder", "/plan", "/group"].iter().any(|c| line.starts_with(c));
    // This store keeps no plans (no database): /plan and /group say they are unavailable.
    let names_guide =
        line.split([' ', ':']).any(|word| snapshot.library.get(word).is_some_and(|d| d.kind == Kind::Guide));
    (needs_career && (doc.kind == Kind::Guide || names_guide))
        || line.starts_with("/plan")
        || line.starts_with("/group")
        || (line.starts_with("/ladder") && no_ladder)
        || line.contains("no-such-section")
        || line.contains("no such group")
        || (line.contains(" group:") && doc.certifications.is_empty())
        || prompt_number
}

#[test]
fn every_command_on_every_document_answers_within_discords_limits() {
    let mut errors = Vec::new();
    let asked = whole_bot::every_command(store(), Reach::ALL, |asked| {
        let Some(slug) = &asked.document else { return };
        if asked.reply.error && !asks_for_what_is_not_there(&asked.line, slug) {
            errors.push(format!("{}: {} — {}", asked.line, asked.reply.title, asked.reply.pages[0]));
        }
    });
    assert!(asked > 1500, "only {asked} commands asked");
    assert!(errors.is_empty(), "{} error answers:\n{}", errors.len(), errors.join("\n"));
}

#[test]
fn every_career_has_a_definition_sections_prompts_and_links() {
    let snapshot = store().snapshot();
    let library = &snapshot.library;
    assert_eq!(library.documents.len(), 35);
    for doc in &library.documents {
        let what = &doc.slug;
        let definition = doc.definition.as_deref().unwrap_or_else(|| panic!("{what}: no definition"));
        assert!(definition.split_whitespace().count() >= 10, "{what}: {definition}");
        assert!(!definition.starts_with("**") && !definition.starts_with("* "), "{what}: {definition}");
        let overview = ask(&format!("/career {what}"));
        assert!(
            text(&overview).starts_with(&definition.chars().take(60).collect::<String>()),
            "{what}: the overview opens with it"
        );
        let keys: HashSet<&str> = doc.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys.len(), doc.sections.len(), "{what}: keys are unique");
        for key in &keys {
            assert!(!key.contains("--") && !key.starts_with('-') && !key.ends_with('-'), "{what}: key {key}");
            assert!(key.split('-').count() <= 5, "{what}: key {key} is short");
        }
        if doc.kind != Kind::Career {
            continue;
        }
        assert!(doc.sections.len() >= 5, "{what}: {} sections", doc.sections.len());
        let has = |part: Part| doc.part(part).is_some();
        assert!(has(Part::Role) || has(Part::Definition), "{what}: a role section");
        // Technical Writer has no prompts or links: the rule is that a document that has the
        // section gets its items.
        assert_eq!(has(Part::Prompts), !doc.prompts.is_empty(), "{what}: prompts");
        assert_eq!(has(Part::Reading), !doc.links.is_empty(), "{what}: links");
    }
    assert_eq!(library.documents.iter().filter(|d| d.kind == Kind::Career).count(), 28);
}

#[test]
fn every_certs_answer_names_a_certification_or_says_there_is_none() {
    let snapshot = store().snapshot();
    for doc in &snapshot.library.documents {
        let reply = ask(&format!("/certs {}", doc.slug));
        if doc.kind == Kind::Guide {
            // A guide is no career: /certs says so (issue 24.11).
            assert!(reply.error && text(&reply).contains("is a guide, not a career"), "{}", doc.slug);
            continue;
        }
        assert!(!reply.error, "{}", doc.slug);
        let shown = text(&reply);
        let names_one = shown.contains("• **");
        let says_none = shown.contains("names no certification");
        assert!(names_one || says_none, "{}: {shown}", doc.slug);
        if says_none && !shown.contains("it speaks of these") {
            assert!(!names_one, "{}: {shown}", doc.slug);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The faults the whole-library issue found, one test each.

#[test]
fn careers_whose_definition_is_a_bold_bullet_open_with_it() {
    // Numbers 4–15 write `* **Definition:** …` (or a plain first bullet) under a repeated
    // "Role Definition & Responsibilities" heading.
    for (name, opening) in [
        ("devops", "DevOps Engineers are technology professionals who bridge the gap"),
        ("4", "A Full Stack Developer is a versatile software engineer"),
        ("data scientist", "Data Scientists are analytical experts"),
        ("15", "Web Developers are software professionals"),
    ] {
        let reply = ask(&format!("/career {name}"));
        assert!(text(&reply).starts_with(opening), "{name}: {}", text(&reply));
    }
}

#[test]
fn a_heading_that_repeats_its_parent_makes_no_numbered_key() {
    let snapshot = store().snapshot();
    for doc in &snapshot.library.documents {
        for section in &doc.sections {
            assert_ne!(section.key, "role-definition-responsibilities-2", "{}", doc.slug);
            assert!(!section.key.ends_with("-1"), "{}: {}", doc.slug, section.key);
            assert!(
                section.path.windows(2).all(|pair| pair[0] != pair[1]),
                "{}: a heading inside one with the same name: {:?}",
                doc.slug,
                section.path
            );
        }
    }
    let devops = snapshot.library.get("devops-engineer").unwrap();
    let role = devops.section("role").expect("role");
    assert_eq!(role.path, ["Role Definition & Responsibilities"]);
    assert!(role.body.contains("**Definition:** DevOps Engineers"), "{}", role.body);
    assert_eq!(devops.section("responsibilities").map(|s| s.path.len()), Some(2));
}

#[test]
fn certs_for_a_career_without_a_list_names_the_certifications_in_its_text() {
    let devops = text(&ask("/certs devops"));
    for name in ["CISSP", "Security+", "CEH"] {
        assert!(devops.contains(name), "devops lacks {name}: {devops}");
    }
    assert!(!devops.contains("CloudFormation") && !devops.contains("Google Cloud"), "no tool passages: {devops}");
    let backend = text(&ask("/certs backend developer"));
    for name in ["**Security+**", "**CEH**", "**OSCP**", "**CISSP**"] {
        assert!(backend.contains(name), "backend lacks {name}: {backend}");
    }
    assert!(backend.contains("`/career backend-developer switch-training`"), "{backend}");
    let cloud = text(&ask("/certs cloud engineer"));
    assert!(cloud.contains("AWS Certified Solutions Architect – Associate"), "{cloud}");
}

#[test]
fn certs_by_name_and_alone() {
    let cissp = ask("/certs name:cissp");
    assert_eq!(cissp.title, "Certified Information Systems Security Professional (CISSP)");
    let shown = text(&cissp);
    assert!(shown.contains("**Listed by**\n• **17. IT Security Specialist** · Intermediate/Advanced"), "{shown}");
    assert!(shown.contains("**Also named in the text of**"), "{shown}");
    assert!(shown.contains("**21. Backend Developer**"), "{shown}");
    assert_eq!(ask("/certs name:security+").title, "CompTIA Security+");
    let typo = ask("/certs name:cisp");
    assert!(typo.error && text(&typo).contains("Did you mean"), "{typo:?}");
    let top = text(&ask("/certs"));
    assert!(top.starts_with("• **CompTIA Security+** — listed by 4"), "{top}");
}

#[test]
fn an_unquoted_career_name_of_several_words_works_in_every_command() {
    assert_eq!(ask("/prompt data scientist 1").title, "Prompt 1 · 5. Data Scientist");
    let certs = ask("/certs it security specialist cloud");
    assert_eq!(certs.title, "Certifications · 17. IT Security Specialist");
    assert!(text(&certs).starts_with("**Cloud Security Certifications**"), "{}", text(&certs));
    assert_eq!(
        ask("/career database administrator tools").title,
        "25. Database Administrator · Recommended Technologies and Tools to Learn"
    );
    assert_eq!(ask("/career machine learning engineer").title, "14. Machine Learning Engineer");
}

/// Issue 24.3: "secops 2" also names SecOps ("2" starts the "27" of "27. SecOps Engineer"), so
/// the number was read into the career name and the whole list answered, context dropped.
#[test]
fn a_number_after_a_career_name_is_the_prompt_number() {
    for (line, title) in [
        ("/prompt secops 2", "Prompt 2 · 27. SecOps Engineer"),
        ("/prompt secops #2", "Prompt 2 · 27. SecOps Engineer"),
        ("/prompt devops 6", "Prompt 6 · 6. DevOps Engineer"),
        ("/prompt product manager 1", "Prompt 1 · 18. Product Manager"),
        ("/prompt cloud 8", "Prompt 8 · 8. Cloud Engineer"),
        ("/prompt 27 2", "Prompt 2 · 27. SecOps Engineer"),
    ] {
        assert_eq!(ask(line).title, title, "{line}");
    }
    let with_context = ask("/prompt data scientist 5 context:\"I know SQL\"");
    assert_eq!(with_context.title, "Prompt 5 · 5. Data Scientist");
    assert!(text(&with_context).contains("About me: I know SQL"), "{}", text(&with_context));
    // The number is the next option whatever it is: a section here, not part of the name.
    assert!(text(&ask("/career secops 2")).contains("has no section '2'"));
}

/// Issue 24.2: "what's devops" was read as "what", "s", "devops"; the career went to the
/// subjects and "s" alone was searched, putting SecOps' "Bachelor'**s**" first.
#[test]
fn a_question_with_an_apostrophe_is_read_as_typed() {
    for line in ["/search what's devops", "/search query:\"what's devops\""] {
        let reply = ask(line);
        let text = text(&reply);
        assert!(text.starts_with("**1. DevOps Engineer ›"), "{line}: {text}");
        assert!(!text.contains("**s**"), "{line}: {text}");
    }
}

#[test]
fn the_terminal_reads_an_unquoted_career_name() {
    let index = tempfile::TempDir::new().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_careerbot"))
        .args(["ask", "/prompt", "data", "scientist", "1", "--index"])
        .arg(index.path())
        .arg("--content")
        .arg(content())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Prompt 1 · 5. Data Scientist"));
}

#[test]
fn a_certification_is_found_by_the_starts_of_its_words() {
    // Members skip words ("Certified") and cut the rest short.
    assert_eq!(
        ask("/certs name:\"aws solutions architect associate\"").title,
        "AWS Certified Solutions Architect – Associate"
    );
    let several = ask("/certs name:\"aws sol\"");
    assert!(several.error, "{several:?}");
    assert_eq!(several.title, "Which certification?");
    assert!(text(&several).contains("**AWS Certified Solutions Architect – Associate**"), "{}", text(&several));
    // Autocomplete offers them from the same words; names that start with the whole text first.
    let snapshot = store().snapshot();
    let typing = |typed: &str| -> Vec<String> {
        let invocation = commands::Invocation::new(commands::CommandName::Certs);
        commands::complete(&snapshot, &invocation, "name", typed).into_iter().map(|c| c.name).collect()
    };
    let offered = typing("aws sol");
    assert!(offered.iter().any(|n| n == "AWS Certified Solutions Architect – Associate"), "{offered:?}");
    assert!(offered.iter().all(|n| n.starts_with("AWS Certified Solutions")), "{offered:?}");
    assert_eq!(typing("comptia sec").first().map(String::as_str), Some("CompTIA Security+"));
    assert_eq!(
        typing("cissp").first().map(String::as_str),
        Some("Certified Information Systems Security Professional (CISSP)")
    );
    assert_eq!(typing("").len(), 25);
}

/// Pairs of `marker` in `page` outside code fences, inline code and escapes: even when every
/// emphasis the page opens, it closes.
fn unpaired(page: &str, marker: &str) -> bool {
    let mut count = 0;
    let mut in_fence = false;
    for line in page.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let (mut rest, mut in_code) = (line, false);
        while let Some(c) = rest.chars().next() {
            if c == '\\' {
                rest = rest.get(1 + rest[1..].chars().next().map_or(0, char::len_utf8)..).unwrap_or("");
                continue;
            }
            if c == '`' {
                in_code = !in_code;
            } else if !in_code && rest.starts_with(marker) {
                count += 1;
                rest = &rest[marker.len()..];
                continue;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    count % 2 == 1
}

#[test]
fn every_page_of_every_answer_closes_the_emphasis_it_opens() {
    let mut open = Vec::new();
    let mut one_line_pages = Vec::new();
    whole_bot::every_command(store(), Reach::ALL, |asked| {
        let values = asked.reply.fields.iter().map(|f| f.value.as_str());
        for (n, page) in asked.reply.pages.iter().map(String::as_str).chain(values).enumerate() {
            for marker in ["**", "__", "~~", "||"] {
                if unpaired(page, marker) {
                    open.push(format!("{} (page {}): an unclosed {marker}\n{page}", asked.line, n + 1));
                }
            }
        }
        let pages = &asked.reply.pages;
        if pages.len() > 1 && pages.iter().any(|p| p.trim().lines().count() == 1) {
            one_line_pages.push(asked.line.clone());
        }
    });
    assert!(open.is_empty(), "{} pages with unclosed emphasis:\n{}", open.len(), open.join("\n\n"));
    assert!(one_line_pages.is_empty(), "answers with a one-line page:\n{}", one_line_pages.join("\n"));
}

/// Issue 24.1 and 24.11, as members type them: short forms and job titles find their career, a
/// name that fits two asks which, words that name no career are echoed whole, and commands that
/// need a career refuse a guide and say what it is.
#[test]
fn the_names_members_use_and_guides_that_are_not_careers() {
    for (typed, title) in [
        ("/career qa", "10. Quality Assurance Engineer"),
        ("/career qa engineer", "10. Quality Assurance Engineer"),
        ("/career ml engineer", "14. Machine Learning Engineer"),
        ("/career dba", "25. Database Administrator"),
        ("/career sre", "6. DevOps Engineer"),
        ("/career ba", "20. Business Analyst"),
        ("/career network engineer", "7. Computer Network Architect"),
    ] {
        assert_eq!(ask(typed).title, title, "{typed}");
    }
    for (typed, both) in [
        ("/career pm", ["product-manager", "project-manager"]),
        ("/career security engineer", ["it-security-specialist", "cybersecurity-engineer"]),
    ] {
        let reply = ask(typed);
        assert_eq!(reply.title, "Which career?", "{typed}");
        for slug in both {
            assert!(text(&reply).contains(&format!("name:{slug}")), "{typed}: {}", text(&reply));
        }
    }
    let unknown = ask("/career blockchain developer");
    assert!(text(&unknown).contains("'blockchain developer'"), "{}", text(&unknown));
    assert_eq!(
        ask("/path from:\"qa engineer\" to:\"software developer\"").title,
        "From Quality Assurance Engineer to Software Engineer"
    );
    for typed in ["/compare devops introduction", "/path introduction secops", "/ladder introduction"] {
        let reply = ask(typed);
        assert!(reply.error && text(&reply).contains("is a guide, not a career"), "{typed}: {}", text(&reply));
    }
}

/// Issue 24.11: every example `/help` shows and every `ask` line README shows answers without
/// an error. Study plans need a database (tests/plans.rs runs those), `/reload` a moderator, and
/// README's `/career secopz` is its example of a typo.
#[test]
fn every_example_in_help_and_readme_answers() {
    let help = text(&ask("/help"));
    let mut examples: Vec<String> =
        help.split('`').skip(1).step_by(2).filter(|s| s.starts_with('/')).map(str::to_string).collect();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for line in readme.lines() {
        let Some(at) = line.find("-- ask ") else { continue };
        let rest = line[at + "-- ask ".len()..].trim_start_matches("--images pictures ");
        let Some(quoted) = rest.strip_prefix('"') else { continue };
        // Up to the closing quote that is not escaped.
        let mut example = String::new();
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => example.extend(chars.next()),
                '"' => break,
                c => example.push(c),
            }
        }
        examples.push(example);
    }
    assert!(examples.len() >= 40, "only {} examples found", examples.len());
    let mut failed = Vec::new();
    for example in &examples {
        if ["/plan", "/group", "/reload"].iter().any(|c| example.starts_with(c)) || example == "/career secopz" {
            continue;
        }
        let snapshot = store().snapshot();
        let reply = match commands::parse_line(&snapshot, example) {
            Ok(invocation) => {
                let settings = Settings::default();
                let ctx = Context { store: store(), settings: &settings, caller: Caller::default() };
                commands::execute(&ctx, &invocation, 0)
            }
            Err(error) => {
                failed.push(format!("{example}: {error}"));
                continue;
            }
        };
        if reply.error {
            failed.push(format!("{example}: {} — {}", reply.title, reply.pages[0]));
        }
    }
    assert!(failed.is_empty(), "examples that answer with an error:\n{}", failed.join("\n"));
}
