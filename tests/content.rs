//! Integration tests for the content parser, through the public API only.
//!
//! Fixtures: `tests/fixtures/content/` holds one small hand-written document per variant the
//! parser must understand (see the README there). Bad files are built in a temporary folder by
//! the test that needs them. The one real document read here is the shipped seed,
//! `content/27-SecOps_Engineer.md`, for the golden tests.

use std::path::{Path, PathBuf};

use careerbot::content::{
    load_dir, parse_document, Certification, Document, Kind, Library, Link, LoadOptions, Part, Problem, Severity,
};

const SEED: &str = "27-SecOps_Engineer.md";

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn fixtures_dir() -> PathBuf {
    manifest_path("tests/fixtures/content")
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

fn seed_bytes() -> Vec<u8> {
    let path = manifest_path("content").join(SEED);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read seed {}: {e}", path.display()))
}

/// Parses bytes that must give a document; returns it with the problems.
fn parse_ok(name: &str, bytes: &[u8]) -> (Document, Vec<Problem>) {
    let parsed = parse_document(name, bytes);
    match parsed.document {
        Some(doc) => (doc, parsed.problems),
        None => panic!("{name} did not parse: {:#?}", parsed.problems),
    }
}

/// Parses a fixture that must give a document with no problems at all.
fn fixture(name: &str) -> Document {
    let (doc, problems) = parse_ok(name, &fixture_bytes(name));
    assert!(problems.is_empty(), "{name}: unexpected problems {problems:#?}");
    doc
}

fn seed() -> Document {
    let (doc, problems) = parse_ok(SEED, &seed_bytes());
    assert!(problems.is_empty(), "seed: unexpected problems {problems:#?}");
    doc
}

fn paths(doc: &Document) -> Vec<Vec<&str>> {
    doc.sections.iter().map(|s| s.path.iter().map(String::as_str).collect()).collect()
}

fn names(certs: &[Certification]) -> Vec<&str> {
    certs.iter().map(|c| c.name.as_str()).collect()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
}

fn load(dir: &Path) -> Library {
    load_dir(dir, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn problems_of<'a>(library: &'a Library, file: &str) -> Vec<&'a Problem> {
    library.problems.iter().filter(|p| p.file == file).collect()
}

/// The only problem of a file, which must be an error.
fn single_error<'a>(library: &'a Library, file: &str) -> &'a Problem {
    let problems = problems_of(library, file);
    assert_eq!(problems.len(), 1, "{file}: expected one problem, got {problems:#?}");
    assert_eq!(problems[0].severity, Severity::Error, "{:?}", problems[0]);
    assert!(library.documents.iter().all(|d| d.file != file), "{file} has an error but was loaded");
    problems[0]
}

/// A small valid career document, for folders built in a test.
fn small_doc(number: u32, title: &str) -> String {
    format!(
        "---\ntitle: \"{number}. {title}\"\ndescription: \"Career Path for a {title}\"\n---\n# {number}. {title}\n\n\
         ## Role Definition & Responsibilities:\n\n### Definition:\n* **Definition:** {title}s do useful work.\n"
    )
}

/// CRLF line endings and a UTF-8 byte-order mark, as a Windows editor saves a file.
fn windows_bytes(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(unix_bytes(bytes)).expect("fixture is UTF-8");
    let mut windows = vec![0xEF, 0xBB, 0xBF];
    windows.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    windows
}

/// LF line endings, whatever a checkout (`core.autocrlf`) did to the fixture.
fn unix_bytes(bytes: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(bytes).expect("fixture is UTF-8");
    text.replace("\r\n", "\n").into_bytes()
}

// ---------------------------------------------------------------------------------------------
// Golden tests on the shipped seed document.

#[test]
fn seed_metadata() {
    let doc = seed();
    assert_eq!(doc.file, SEED);
    assert_eq!(doc.title, "SecOps Engineer");
    assert_eq!(doc.number, Some(27));
    assert_eq!(doc.slug, "secops-engineer");
    assert_eq!(doc.kind, Kind::Career);
    assert_eq!(doc.description, "Career Path for a SecOps Engineer");
    assert_eq!(doc.permalink.as_deref(), Some("/students/career_guidance/career_paths/27-SecOps_Engineer/"));
    assert_eq!(doc.lang.as_deref(), Some("en"));
    for alias in ["secops", "27"] {
        assert!(doc.aliases.iter().any(|a| a == alias), "alias {alias} missing from {:?}", doc.aliases);
    }
    assert!(!doc.aliases.iter().any(|a| a == &doc.slug), "the slug is not its own alias: {:?}", doc.aliases);
}

#[test]
fn seed_has_exactly_the_nine_listed_certifications() {
    let doc = seed();
    assert_eq!(
        names(&doc.certifications),
        [
            "CompTIA Security+",
            "Certified Cloud Security Professional (CCSP)",
            "AWS Certified Security – Specialty",
            "Microsoft Certified: Azure Security Engineer Associate",
            "Google Professional Cloud Security Engineer Certification",
            "Certified Kubernetes Security Specialist (CKSS)",
            "DevOps Certifications with Security Components",
            "GIAC Security Certifications with Automation or Cloud Focus",
            "Certified Ethical Hacker (CEH)",
        ]
    );
    assert!(
        !doc.certifications.iter().any(|c| c.name.contains("Self-Learning") || c.summary.contains("Udemy")),
        "the self-learning item is not a certification: {:#?}",
        doc.certifications
    );
    let issuer = |name: &str| {
        doc.certifications.iter().find(|c| c.name == name).and_then(|c| c.issuer.as_deref()).map(str::to_string)
    };
    assert_eq!(issuer("Certified Cloud Security Professional (CCSP)").as_deref(), Some("(ISC)²"));
    assert_eq!(issuer("Certified Kubernetes Security Specialist (CKSS)").as_deref(), Some("CNCF"));
    assert_eq!(issuer("Certified Ethical Hacker (CEH)").as_deref(), Some("EC-Council"));
    assert_eq!(issuer("CompTIA Security+"), None);
    let ceh = &doc.certifications[8];
    assert!(ceh.summary.starts_with("Optional, but can be beneficial"), "{ceh:?}");
    assert!(doc.certifications.iter().all(|c| c.group.is_none()), "no sub-headings in the seed");
}

#[test]
fn seed_has_ten_prompts_without_quotes() {
    let doc = seed();
    assert_eq!(doc.prompts.len(), 10, "{:#?}", doc.prompts);
    assert_eq!(
        doc.prompts[0],
        "Describe the core responsibilities of a SecOps Engineer, focusing on ensuring secure operations and \
         integrating security practices into development and IT operations."
    );
    assert_eq!(
        doc.prompts[9],
        "Develop a beginner-friendly tutorial for implementing and configuring SIEM tools in a small-scale environment."
    );
    // The one prompt with quotes inside keeps them; only the outer pair goes.
    assert_eq!(
        doc.prompts[6],
        "Draft a blog post titled 'The Future of SecOps: Trends in Threat Intelligence, Automation, and Zero-Trust \
         Architecture.'"
    );
    assert!(doc.prompts.iter().all(|p| !p.starts_with('"') && !p.ends_with('"')), "{:#?}", doc.prompts);
}

#[test]
fn seed_has_ten_reading_links() {
    let doc = seed();
    assert_eq!(doc.links.len(), 10, "{:#?}", doc.links);
    assert_eq!(
        doc.links[0],
        Link {
            title: "Splunk Documentation".into(),
            url: "https://docs.splunk.com/".into(),
            summary: "Learn to use Splunk for security information and event management (SIEM).".into(),
        }
    );
    assert_eq!(doc.links[9].title, "LinkedIn Learning - SecOps Courses");
    assert_eq!(doc.links[9].url, "https://www.linkedin.com/learning/");
    assert!(doc.links.iter().all(|l| l.url.starts_with("https://")), "{:#?}", doc.links);
}

#[test]
fn seed_sections_have_no_site_markup_left() {
    let doc = seed();
    assert!(!doc.sections.is_empty());
    for section in &doc.sections {
        for line in section.body.lines() {
            let line = line.trim();
            assert!(
                line != "* TOC" && !line.contains("{:toc}"),
                "site markup left in section {:?} (line {}): {line}",
                section.path,
                section.line
            );
        }
    }
}

#[test]
fn seed_outline_and_parts() {
    let doc = seed();
    let certs = doc.part(Part::Certifications).expect("certifications section");
    assert_eq!(certs.path, ["Getting Started", "Vocational Training & SecOps Certifications"]);
    assert_eq!(certs.level, 3);
    assert_eq!(certs.key, "certifications");
    assert_eq!(certs.anchor, "vocational-training--secops-certifications");
    assert_eq!(certs.line, 39);
    let prompts = doc.part(Part::Prompts).expect("prompts section");
    assert_eq!(prompts.path, ["GPT Prompts"]);
    assert_eq!(doc.section("reading").map(|s| s.heading()), Some("Future Reading Links"));
    let senior = doc.part(Part::Senior).expect("senior section");
    assert_eq!(senior.heading(), "On Being a Senior SecOps Engineer");
    assert_eq!(doc.children(senior).count(), 3);
    let technical = doc.part(Part::TechnicalSkills).expect("technical skills");
    assert_eq!(technical.path, ["Getting Started", "Key Skills Required", "Technical Skills"]);
    assert_eq!(technical.level, 4);
}

#[test]
fn the_shipped_library_loads_whole_and_skips_the_notice() {
    let library = load(&manifest_path("content"));
    // Three documents have a `####` heading with no text: shown, not hidden.
    let problems: Vec<String> =
        library.problems.iter().filter(|p| !p.file.starts_with("tracks/")).map(|p| p.to_string()).collect();
    // The tracks' own (pages no index links) are judged in tests/tracks.rs.
    assert!(library.problems.iter().all(|p| p.severity == careerbot::content::Severity::Warning));
    assert_eq!(
        problems,
        [
            "18-Product_Manager.md:43: warning: empty heading ignored",
            "19-Software_Tester.md:42: warning: empty heading ignored",
            "20-Business_Analyst.md:41: warning: empty heading ignored",
        ]
    );
    assert_eq!(library.documents.len(), 35, "NOTICE.md is not a document");
    let numbers: Vec<u32> = library.documents.iter().filter_map(|d| d.number).collect();
    assert_eq!(numbers, (1..=35).collect::<Vec<u32>>());
    assert_eq!(library.documents.iter().filter(|d| d.kind == Kind::Career).count(), 28);
    assert!(library.get("secops-engineer").is_some());
}

// ---------------------------------------------------------------------------------------------
// Variants: one fixture each.

#[test]
fn every_fixture_loads_together_with_only_the_expected_warnings() {
    let library = load(&fixtures_dir());
    assert!(!library.has_errors(), "{:#?}", library.problems);
    assert_eq!(library.documents.len(), 15, "README.md is skipped, every fixture is a document");
    let warnings: Vec<(&str, usize)> = library.problems.iter().map(|p| (p.file.as_str(), p.line)).collect();
    assert_eq!(warnings, [("59-Site_Reliability_Engineer.md", 15), ("62-Tech_Writer.md", 1)]);
    let numbers: Vec<Option<u32>> = library.documents.iter().map(|d| d.number).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted, "documents are sorted by number");
}

#[test]
fn prompts_under_a_bold_level_three_heading_belong_to_the_whole_document() {
    let doc = fixture("51-Data_Engineer.md");
    let section = doc.part(Part::Prompts).expect("prompts section");
    assert_eq!(section.path, ["GPT Prompts"], "not nested under the senior section");
    assert_eq!(section.level, 3);
    assert_eq!(
        doc.prompts,
        [
            "Explain what a Data Engineer does on a normal working day, from the morning checks to the last deployment.",
            "Write a study plan for moving from spreadsheet reporting to building data pipelines.",
            "Compare batch and streaming pipelines for a small online shop and recommend one.",
        ]
    );
    let senior = doc.part(Part::Senior).expect("senior section");
    assert_eq!(doc.children(senior).count(), 1);
}

#[test]
fn prompts_under_a_heading_with_a_colon_as_a_bulleted_list() {
    let doc = fixture("52-Game_Developer.md");
    assert_eq!(doc.part(Part::Prompts).map(|s| s.heading()), Some("Prompts"));
    assert_eq!(
        doc.prompts,
        [
            "List five small games a beginner can finish in a weekend to learn a game engine.",
            "Describe how a Game Developer and a level designer share work on one level.",
            "Suggest a portfolio layout that shows gameplay clips next to the code behind them.",
        ]
    );
}

#[test]
fn prompts_in_curly_quotes() {
    let doc = fixture("53-Network_Administrator.md");
    assert_eq!(
        doc.prompts,
        [
            "Explain VLANs to a first-year student using a school building as the example.",
            "Draft a checklist for replacing a core switch during a weekend maintenance window.",
            "Write a short story titled 'The Night the DHCP Server Stopped.'",
        ]
    );
}

#[test]
fn numbered_links_under_future_reading_links() {
    let doc = fixture("54-Mobile_Developer.md");
    assert_eq!(doc.part(Part::Reading).map(|s| s.heading()), Some("Future Reading Links"));
    let link =
        |title: &str, url: &str, summary: &str| Link { title: title.into(), url: url.into(), summary: summary.into() };
    assert_eq!(
        doc.links,
        [
            link(
                "Android Developers",
                "https://developer.android.com/",
                "Official guides for building Android apps with Kotlin."
            ),
            link(
                "Swift Documentation",
                "https://www.swift.org/documentation/",
                "The language guide and standard library reference for Swift."
            ),
            link(
                "Material Design",
                "https://m3.material.io/",
                "Design guidance for layouts, colour and motion on Android."
            ),
        ]
    );
}

#[test]
fn bulleted_links_under_a_level_four_further_reading_heading() {
    let doc = fixture("55-QA_Engineer.md");
    let section = doc.part(Part::Reading).expect("reading section");
    assert_eq!(section.path, ["Further Reading Links"], "hoisted out of Portfolio Building Tips");
    assert_eq!(section.level, 4);
    assert_eq!(section.key, "reading");
    let portfolio = doc.part(Part::Portfolio).expect("portfolio section");
    assert_eq!(portfolio.body, "* Publish a small automated test suite for an open-source project you use.");
    assert_eq!(
        doc.links,
        [
            Link {
                title: "Writing Good Bug Reports - Ministry of Testing".into(),
                url: "https://www.ministryoftesting.com/".into(),
                summary: String::new().into(),
            },
            Link {
                title: "Getting Started with Playwright - Playwright Docs".into(),
                url: "https://playwright.dev/docs/intro".into(),
                summary: String::new().into(),
            },
        ]
    );
}

#[test]
fn certifications_as_bold_label_items_with_abbreviation_and_issuer() {
    let doc = fixture("56-Cloud_Architect.md");
    let cert = |name: &str, issuer: Option<&str>, summary: &str| Certification {
        name: name.into(),
        issuer: issuer.map(Into::into),
        group: None,
        summary: summary.into(),
    };
    assert_eq!(
        doc.certifications,
        [
            cert(
                "AWS Certified Solutions Architect - Associate (SAA)",
                Some("AWS"),
                "A first architecture certificate covering compute, storage and networking on AWS."
            ),
            cert(
                "Google Professional Cloud Architect (PCA)",
                Some("Google Cloud"),
                "Design and planning of solutions on Google Cloud."
            ),
            cert(
                "Certified Kubernetes Administrator (CKA)",
                Some("CNCF"),
                "Running and repairing Kubernetes clusters from the command line."
            ),
            cert("HashiCorp Certified: Terraform Associate", None, "Infrastructure as code with Terraform."),
        ],
        "the Self-Learning Paths item is not a certification"
    );
}

#[test]
fn certifications_as_plain_items_grouped_by_sub_headings() {
    let doc = fixture("57-Systems_Administrator.md");
    let cert = |name: &str, group: &str, summary: &str| Certification {
        name: name.into(),
        issuer: None,
        group: Some(group.into()),
        summary: summary.into(),
    };
    assert_eq!(
        doc.certifications,
        [
            cert("CompTIA Linux+", "Entry-Level/Foundational", ""),
            // Vendor names with a colon are one name, not "name: summary".
            cert("Microsoft Certified: Windows Server Hybrid Administrator Associate", "Entry-Level/Foundational", ""),
            cert("Red Hat Certified Engineer (RHCE)", "Intermediate/Advanced", ""),
            cert(
                "Certified Information Systems Security Professional (CISSP)",
                "Intermediate/Advanced",
                "For admins moving into security"
            ),
        ],
        "the Self-Learning Paths item is not a certification"
    );
}

#[test]
fn plain_certification_items_with_a_summary_after_a_colon() {
    let text = "---\ntitle: \"5. Cert Lister\"\n---\n# 5. Cert Lister\n\n## Certifications:\n\
                * CompTIA Network+: Cabling, addressing and troubleshooting basics.\n\
                * Microsoft Certified: Azure Administrator Associate: Running workloads on Azure.\n";
    let (doc, _) = parse_ok("5-Cert_Lister.md", text.as_bytes());
    let pairs: Vec<(&str, &str)> = doc.certifications.iter().map(|c| (c.name.as_str(), c.summary.as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("CompTIA Network+", "Cabling, addressing and troubleshooting basics."),
            ("Microsoft Certified: Azure Administrator Associate", "Running workloads on Azure."),
        ]
    );
}

#[test]
fn bold_lines_standing_alone_are_headings() {
    let doc = fixture("58-Frontend_Developer.md");
    assert_eq!(
        paths(&doc),
        [
            // The repeated "Role Definition & Responsibilities" folds into its parent.
            vec!["Role Definition & Responsibilities"],
            vec!["Role Definition & Responsibilities", "Daily Tasks"],
            vec!["Getting Started"],
            vec!["Getting Started", "Key Skills Required"],
            vec!["Getting Started", "Key Skills Required", "Technical Skills"],
            vec!["Getting Started", "Key Skills Required", "Soft Skills"],
        ]
    );
    let getting_started = doc.part(Part::GettingStarted).expect("getting started");
    assert_eq!(getting_started.level, 2, "a top-level name written in bold plays level 2");
    let technical = doc.part(Part::TechnicalSkills).expect("technical skills");
    assert_eq!(technical.level, 4);
    assert_eq!(technical.body, "* **HTML and CSS:** Semantic markup and responsive layouts.");
    assert_eq!(doc.part(Part::Responsibilities).map(|s| s.heading()), Some("Daily Tasks"));
    assert!(doc.part(Part::SoftSkills).is_some());
}

#[test]
fn an_empty_heading_is_a_warning_and_parsing_goes_on() {
    let name = "59-Site_Reliability_Engineer.md";
    let (doc, problems) = parse_ok(name, &fixture_bytes(name));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!((problems[0].line, problems[0].severity), (15, Severity::Warning));
    assert!(problems[0].message.contains("empty heading"), "{:?}", problems[0]);
    assert_eq!(
        paths(&doc),
        [
            vec!["Role Definition & Responsibilities"],
            vec!["Role Definition & Responsibilities", "Definition"],
            vec!["Getting Started"],
            vec!["Getting Started", "Educational Background"],
        ]
    );
    assert_eq!(doc.part(Part::Education).map(|s| s.line), Some(19));
}

#[test]
fn a_second_level_one_heading_opens_a_top_level_section() {
    let doc = fixture("60-Database_Administrator.md");
    assert_eq!(doc.title, "Database Administrator", "title from the first heading (no title in front matter)");
    assert_eq!(doc.number, Some(60));
    assert_eq!(
        paths(&doc),
        [
            vec!["Role Definition & Responsibilities"],
            vec!["Role Definition & Responsibilities", "Definition"],
            vec!["Appendix: Interview Practice"],
            vec!["Appendix: Interview Practice", "Sample Questions"],
        ]
    );
    let levels: Vec<u8> = doc.sections.iter().map(|s| s.level).collect();
    assert_eq!(levels, [2, 3, 1, 2]);
    assert_eq!(doc.sections[2].line, 12);
}

#[test]
fn a_document_without_prompts_links_or_certifications() {
    let doc = fixture("61-UX_Designer.md");
    assert!(doc.prompts.is_empty() && doc.links.is_empty() && doc.certifications.is_empty());
    for part in [Part::Prompts, Part::Reading, Part::Certifications] {
        assert!(doc.part(part).is_none(), "{part:?}");
    }
    assert_eq!(doc.kind, Kind::Career);
    assert_eq!(doc.part(Part::Ladder).map(|s| s.heading()), Some("Typical Career Ladder"));
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_parse_like_the_plain_file() {
    for name in [
        "51-Data_Engineer.md",
        "56-Cloud_Architect.md",
        "57-Systems_Administrator.md",
        "59-Site_Reliability_Engineer.md",
    ] {
        let unix = unix_bytes(&fixture_bytes(name));
        let windows = windows_bytes(&unix);
        let (expected, expected_problems) = parse_ok(name, &unix);
        let (mut doc, problems) = parse_ok(name, &windows);
        assert_ne!(doc.content_hash, expected.content_hash, "the hash is of the bytes as they are");
        doc.content_hash = expected.content_hash;
        assert_eq!(doc, expected, "{name}");
        assert_eq!(problems, expected_problems, "{name}: same problems on the same lines");
        assert!(doc.sections.iter().all(|s| !s.body.contains('\r')), "{name}");
    }
}

#[test]
fn crlf_and_byte_order_mark_files_load_from_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "56-Cloud_Architect.md", windows_bytes(&fixture_bytes("56-Cloud_Architect.md")));
    // Old Mac line endings (CR alone) too.
    let cr_only = String::from_utf8(unix_bytes(&fixture_bytes("53-Network_Administrator.md")))
        .expect("UTF-8")
        .replace('\n', "\r");
    write(dir.path(), "53-Network_Administrator.md", cr_only);
    let library = load(dir.path());
    assert!(library.problems.is_empty(), "{:#?}", library.problems);
    let cloud = library.get("cloud-architect").expect("cloud architect");
    assert_eq!(cloud.title, "Cloud Architect", "the BOM does not hide the front matter");
    assert_eq!(cloud.certifications.len(), 4);
    assert_eq!(library.get("network-administrator").map(|d| d.prompts.len()), Some(3));
}

#[test]
fn missing_front_matter_takes_the_title_from_the_first_heading() {
    let name = "62-Tech_Writer.md";
    let (doc, problems) = parse_ok(name, &fixture_bytes(name));
    assert_eq!(doc.title, "Technical Writer", "from the heading, not the file name");
    assert_eq!(doc.slug, "tech-writer", "from the file name");
    assert_eq!(doc.number, Some(62));
    assert_eq!(doc.description, "");
    assert_eq!(doc.kind, Kind::Career);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!((problems[0].line, problems[0].severity), (1, Severity::Warning));
    assert!(problems[0].message.contains("no front matter"), "{:?}", problems[0]);
}

#[test]
fn missing_front_matter_and_heading_takes_the_title_from_the_file_name() {
    let (doc, problems) = parse_ok(
        "interview_notes.md",
        b"Bring questions of your own to every interview.\n\nWrite down what you were asked afterwards.\n",
    );
    assert_eq!(doc.title, "interview notes");
    assert_eq!(doc.slug, "interview-notes");
    assert_eq!(doc.number, None);
    assert_eq!(doc.kind, Kind::Guide);
    assert_eq!(doc.sections.len(), 1, "the text is an overview section");
    assert_eq!(doc.sections[0].part, Some(Part::Overview));
    let messages: Vec<(usize, Severity)> = problems.iter().map(|p| (p.line, p.severity)).collect();
    assert_eq!(messages, [(1, Severity::Warning)], "{problems:#?}");
    assert!(problems[0].message.contains("no front matter"));
}

#[test]
fn an_introduction_is_a_guide() {
    let doc = fixture("1-Welcome.md");
    assert_eq!(doc.kind, Kind::Guide);
    assert_eq!(doc.title, "Welcome");
    assert_eq!(doc.number, Some(1));
    assert_eq!(doc.slug, "welcome");
    let overview = doc.part(Part::Overview).expect("overview");
    assert!(overview.body.starts_with("Technology careers come in more shapes"), "{:?}", overview.body);
    assert_eq!(doc.prompts.len(), 1);
    assert_eq!(doc.links.len(), 1);
}

#[test]
fn a_role_document_is_a_career() {
    for name in ["51-Data_Engineer.md", "54-Mobile_Developer.md", "58-Frontend_Developer.md"] {
        assert_eq!(fixture(name).kind, Kind::Career, "{name}");
    }
}

#[test]
fn front_matter_kind_and_alias_list_are_honoured() {
    // No role sections and not described as a career path: guessed a guide, but the front
    // matter says career.
    let doc = fixture("63-Support_Engineer.md");
    assert_eq!(doc.kind, Kind::Career);
    assert_eq!(doc.aliases, ["helpdesk", "Service Desk", "support", "63"], "front-matter aliases come first");
}

#[test]
fn front_matter_kind_guide_and_comma_separated_aliases_are_honoured() {
    // Role sections and "Career Path" in the description: guessed a career, but the front
    // matter says guide.
    let doc = fixture("64-Interview_Preparation.md");
    assert_eq!(doc.kind, Kind::Guide);
    assert_eq!(doc.aliases, ["interviews", "mock-interviews", "64"]);
}

#[test]
fn an_unknown_kind_is_a_warning_and_the_kind_is_guessed() {
    let text = "---\ntitle: \"7. Role\"\ndescription: \"Career Path for a Role\"\nkind: job\n---\n# 7. Role\n\n## Definition:\ntext\n";
    let (doc, problems) = parse_ok("7-Role.md", text.as_bytes());
    assert_eq!(doc.kind, Kind::Career);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!((problems[0].line, problems[0].severity), (4, Severity::Warning));
    assert!(problems[0].message.contains("'job'"), "{:?}", problems[0]);
}

// ---------------------------------------------------------------------------------------------
// Bad files: each problem pinned to its file and line; no bad file hides another.

const BAD_YAML: &str = "---\ntitle: \"71. Broken Yaml\"\ndescription: \"Career Path for nobody\"\nlang: en\n  permalink: /x/\n---\n# 71. Broken Yaml\n\n## Definition:\ntext\n";
const UNCLOSED: &str =
    "---\ntitle: \"72. Unclosed\"\ndescription: \"never closed\"\n# 72. Unclosed\n\n## Definition:\ntext\n";
const NO_SECTIONS: &str =
    "---\ntitle: \"75. Title Only\"\ndescription: \"Career Path with nothing in it\"\n---\n# 75. Title Only\n";

fn non_utf8() -> Vec<u8> {
    // Line 7 holds a Latin-1 é.
    b"---\ntitle: \"73. Latin One\"\n---\n# 73. Latin One\n\n## Definition:\nA caf\xe9 role.\n".to_vec()
}

#[test]
fn invalid_yaml_is_an_error_on_the_line_where_yaml_failed() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "71-Broken_Yaml.md", BAD_YAML);
    let library = load(dir.path());
    let problem = single_error(&library, "71-Broken_Yaml.md");
    assert_eq!(problem.line, 5, "the indented key on line 5: {problem:?}");
    assert!(problem.message.starts_with("invalid YAML front matter: "), "{problem:?}");
    assert!(!problem.message.contains(" at line "), "the location is in `line`, not repeated: {problem:?}");
}

#[test]
fn an_unclosed_yaml_flow_list_is_reported_inside_the_front_matter() {
    let text = "---\ntitle: \"7. X\"\naliases: [one, two\ndescription: \"d\"\n---\n# 7. X\n";
    let parsed = parse_document("7-X.md", text.as_bytes());
    assert!(parsed.document.is_none());
    assert_eq!(parsed.problems.len(), 1, "{:#?}", parsed.problems);
    let line = parsed.problems[0].line;
    assert!((3..=5).contains(&line), "between the open bracket and the closing ---: {:?}", parsed.problems[0]);
}

#[test]
fn front_matter_that_is_never_closed_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "72-Unclosed.md", UNCLOSED);
    let library = load(dir.path());
    let problem = single_error(&library, "72-Unclosed.md");
    assert_eq!(problem.line, 1);
    assert!(problem.message.contains("never closed"), "{problem:?}");
}

#[test]
fn front_matter_that_is_not_a_mapping_is_an_error() {
    let parsed = parse_document("8-List.md", b"---\n- one\n- two\n---\n# 8. List\n");
    assert!(parsed.document.is_none());
    let lines: Vec<(usize, Severity)> = parsed.problems.iter().map(|p| (p.line, p.severity)).collect();
    assert_eq!(lines, [(2, Severity::Error)], "{:#?}", parsed.problems);
}

#[test]
fn bytes_that_are_not_utf8_are_an_error_on_their_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "73-Latin_One.md", non_utf8());
    let library = load(dir.path());
    let problem = single_error(&library, "73-Latin_One.md");
    assert_eq!(problem.line, 7, "{problem:?}");
    assert!(problem.message.contains("not valid UTF-8"), "{problem:?}");
}

#[test]
fn nul_bytes_are_an_error() {
    let parsed = parse_document("9-Binary.md", b"---\ntitle: x\n---\n# 9. Binary\n\0\0\0\n");
    assert!(parsed.document.is_none());
    let lines: Vec<(usize, Severity)> = parsed.problems.iter().map(|p| (p.line, p.severity)).collect();
    assert_eq!(lines, [(5, Severity::Error)], "{:#?}", parsed.problems);
}

#[test]
fn a_file_over_the_size_limit_is_an_error_and_not_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let small = small_doc(2, "Small Role");
    let limit = small.len() as u64;
    write(dir.path(), "2-Small_Role.md", &small);
    write(dir.path(), SEED, seed_bytes());
    let library = load_dir(dir.path(), &LoadOptions { max_file_bytes: limit }).expect("folder");
    let problem = single_error(&library, SEED);
    assert_eq!(problem.line, 0, "about the whole file");
    assert!(problem.message.contains(&format!("limit of {limit} bytes")), "{problem:?}");
    let slugs: Vec<&str> = library.documents.iter().map(|d| d.slug.as_str()).collect();
    assert_eq!(slugs, ["small-role"], "a file exactly at the limit loads");

    // The default limit takes both: the limit, not the file, was the problem.
    let library = load(dir.path());
    assert!(library.problems.is_empty(), "{:#?}", library.problems);
    assert_eq!(library.documents.len(), 2);
}

#[test]
fn two_files_with_the_same_slug_are_an_error_naming_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "70-Data_Engineer.md", small_doc(70, "Data Engineer"));
    write(dir.path(), "74-data-engineer.md", small_doc(74, "Data Engineer"));
    let library = load(dir.path());
    let problem = single_error(&library, "74-data-engineer.md");
    assert!(problem.message.contains("'data-engineer'"), "{problem:?}");
    assert!(problem.message.contains("70-Data_Engineer.md"), "names the other file: {problem:?}");
    assert!(problems_of(&library, "70-Data_Engineer.md").is_empty());
    let kept = library.get("data-engineer").expect("the first file keeps the slug");
    assert_eq!(kept.file, "70-Data_Engineer.md");
    assert_eq!(library.documents.len(), 1);
}

#[test]
fn a_document_with_no_sections_is_a_warning_and_still_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "75-Title_Only.md", NO_SECTIONS);
    let library = load(dir.path());
    assert!(!library.has_errors());
    let problems = problems_of(&library, "75-Title_Only.md");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!((problems[0].line, problems[0].severity), (1, Severity::Warning));
    assert!(problems[0].message.contains("no sections"), "{:?}", problems[0]);
    let doc = library.get("title-only").expect("loaded despite the warning");
    assert!(doc.sections.is_empty());
}

#[test]
fn one_bad_file_never_stops_the_others_and_every_problem_is_reported_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), SEED, seed_bytes());
    write(dir.path(), "2-Small_Role.md", small_doc(2, "Small Role"));
    write(dir.path(), "70-Data_Engineer.md", small_doc(70, "Data Engineer"));
    write(dir.path(), "71-Broken_Yaml.md", BAD_YAML);
    write(dir.path(), "72-Unclosed.md", UNCLOSED);
    write(dir.path(), "73-Latin_One.md", non_utf8());
    write(dir.path(), "74-data-engineer.md", small_doc(74, "Data Engineer"));
    write(dir.path(), "75-Title_Only.md", NO_SECTIONS);
    write(dir.path(), "76-Huge.md", format!("{}{}", small_doc(76, "Huge"), "padding line\n".repeat(1000)));
    write(dir.path(), "NOTICE.md", "# Not a document\n");
    write(dir.path(), "notes.txt", "not markdown");
    let library = load_dir(dir.path(), &LoadOptions { max_file_bytes: 4096 }).expect("folder");

    // The seed is larger than 4096 bytes too.
    let mut errors: Vec<(&str, usize)> =
        library.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| (p.file.as_str(), p.line)).collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            (SEED, 0),
            ("71-Broken_Yaml.md", 5),
            ("72-Unclosed.md", 1),
            ("73-Latin_One.md", 7),
            ("74-data-engineer.md", 1),
            ("76-Huge.md", 0),
        ],
        "{:#?}",
        library.problems
    );
    let warnings: Vec<(&str, usize)> = library
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| (p.file.as_str(), p.line))
        .collect();
    assert_eq!(warnings, [("75-Title_Only.md", 1)]);
    let loaded: Vec<&str> = library.documents.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(loaded, ["2-Small_Role.md", "70-Data_Engineer.md", "75-Title_Only.md"]);
    assert!(library.has_errors());
    let order: Vec<(&str, usize)> = library.problems.iter().map(|p| (p.file.as_str(), p.line)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "problems are in file order");
}

#[test]
fn a_folder_that_does_not_exist_is_a_folder_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-folder");
    let err = load_dir(&missing, &LoadOptions::default()).expect_err("missing folder");
    assert_eq!(err.dir, missing);
    assert!(err.to_string().contains("cannot read content folder"), "{err}");
}

#[test]
fn problems_display_as_file_line_severity_message() {
    let parsed = parse_document("71-Broken_Yaml.md", BAD_YAML.as_bytes());
    let shown = parsed.problems[0].to_string();
    assert!(shown.starts_with("71-Broken_Yaml.md:5: error: invalid YAML front matter: "), "{shown}");
    let (_, problems) = parse_ok("62-Tech_Writer.md", &fixture_bytes("62-Tech_Writer.md"));
    assert_eq!(
        problems[0].to_string(),
        "62-Tech_Writer.md:1: warning: no front matter; title taken from the first heading and the file name"
    );
}

// ---------------------------------------------------------------------------------------------
// Properties: whatever the bytes, parsing never panics and its answer is consistent.

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Lines that exercise every branch of the line parser, mixed with arbitrary text.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("---".to_string()),
            Just("# 3. Title".to_string()),
            Just("##".to_string()),
            Just("### **GPT Prompts**".to_string()),
            Just("## Future Reading Links".to_string()),
            Just("### Vocational Training & Certifications:".to_string()),
            Just("#### Entry-Level/Foundational:".to_string()),
            Just("**Technical Skills:**".to_string()),
            Just("* **Name (ABBR) (CNCF):** summary".to_string()),
            Just("1. [T](https://example.org/(x)): s".to_string()),
            Just("- “curly”".to_string()),
            Just("```".to_string()),
            Just("* TOC".to_string()),
            Just("{:toc}".to_string()),
            Just("title: [".to_string()),
            "[ -~]{0,20}",
            "\\PC{0,12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn parsing_never_panics_and_pins_problems_inside_the_file(
            lines in prop::collection::vec(line(), 0..40),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let line_count = text.split('\n').count();
            let parsed = parse_document("3-Title.md", text.as_bytes());
            let has_error = parsed.problems.iter().any(|p| p.severity == Severity::Error);
            prop_assert_eq!(parsed.document.is_some(), !has_error);
            for problem in &parsed.problems {
                prop_assert!(problem.line <= line_count, "{:?} beyond {} lines", problem, line_count);
            }
            if let Some(doc) = parsed.document {
                prop_assert!(!doc.slug.is_empty());
                for section in &doc.sections {
                    prop_assert!(section.line >= 1 && section.line <= line_count, "{:?}", section);
                    prop_assert!(!section.path.is_empty());
                    prop_assert!((1..=6).contains(&section.level));
                }
                let mut keys: Vec<&str> = doc.sections.iter().map(|s| s.key.as_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                prop_assert_eq!(keys.len(), doc.sections.len(), "section keys are unique");
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let parsed = parse_document("x.md", &bytes);
            prop_assert!(parsed.document.is_some() || !parsed.problems.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Outlines written as nested bullets (`tests/fixtures/outline/`): the same document twice,
// once with headings and once as label-only bullets with inconsistent indentation (2 to 8
// spaces, a tab, `*` and `-` markers). Both parse into the same sections, parts, keys,
// definition, certifications, prompts and links, and every command answers the same.

fn outline_fixture(form: &str) -> Document {
    let name = "40-Lamplighter_Engineer.md";
    let path = manifest_path("tests/fixtures/outline").join(form).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (doc, problems) = parse_ok(name, &bytes);
    assert!(problems.is_empty(), "{form}: {problems:#?}");
    doc
}

/// A body compared across forms: blank lines and indentation do not count.
fn plain_body(body: &str) -> Vec<String> {
    body.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect()
}

#[test]
fn a_bullet_outline_parses_into_the_same_sections_as_headings() {
    let headings = outline_fixture("headings");
    let bullets = outline_fixture("bullets");
    type Shape = (Vec<String>, u8, Option<Part>, String, String, Vec<String>);
    let shape = |doc: &Document| -> Vec<Shape> {
        doc.sections
            .iter()
            .map(|s| (s.path.clone(), s.level, s.part, s.key.clone(), s.anchor.clone(), plain_body(&s.body)))
            .collect()
    };
    let (a, b) = (shape(&headings), shape(&bullets));
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "section {i}");
    }
    assert_eq!(a.len(), b.len(), "section count");
    assert_eq!(headings.definition, bullets.definition);
    assert_eq!(
        headings.definition.as_deref(),
        Some("Lamplighter Engineers keep city lights burning through automation and careful maintenance.")
    );
    assert_eq!(headings.certifications, bullets.certifications);
    assert_eq!(
        names(&bullets.certifications),
        ["Certified Lamp Technician (CLT)", "AWS Certified Solutions Architect – Associate"]
    );
    assert_eq!(headings.prompts, bullets.prompts);
    assert_eq!(bullets.prompts.len(), 2);
    assert_eq!(headings.links, bullets.links);
    assert_eq!(bullets.links.len(), 1);
    assert_eq!((headings.kind, bullets.kind), (Kind::Career, Kind::Career));
    let keys: Vec<&str> = bullets.sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "role",
            "definition",
            "responsibilities",
            "getting-started",
            "education",
            "certifications",
            "skills",
            "technical-skills",
            "soft-skills",
            "tools",
            "entry-level",
            "portfolio",
            "projects",
            "progression",
            "ladder",
            "job-titles",
            "switching",
            "transitions",
            "transferable-skills",
            "switch-training",
            "prompts",
            "reading",
        ]
    );
}

#[test]
fn a_bullet_outline_answers_every_command_like_headings() {
    use careerbot::commands::{self, Caller, Context, Invocation, Settings};
    use careerbot::snapshot::{Snapshot, Store};
    let store = |doc: Document| {
        let settings = careerbot::snapshot::Settings {
            content_dir: "/nonexistent".into(),
            index_dir: "/nonexistent".into(),
            load: LoadOptions::default(),
        };
        Store::with_snapshot(
            Snapshot::in_memory(careerbot::content::assemble(vec![doc], Vec::new())).unwrap(),
            settings,
        )
    };
    let doc = outline_fixture("headings");
    let mut lines: Vec<String> =
        vec!["/career 40".into(), "/certs 40".into(), "/prompt 40".into(), "/prompt 40 2".into()];
    lines.extend(doc.sections.iter().map(|s| format!("/career 40 {}", s.key)));
    lines.extend(["/search wick automation", "/search chief lamplighter", "/careers"].map(String::from));
    let (headings, bullets) = (store(doc), store(outline_fixture("bullets")));
    let settings = Settings::default();
    for line in &lines {
        let invocation = Invocation::parse(line).unwrap();
        let answer = |store: &Store| {
            let reply =
                commands::execute(&Context { store, settings: &settings, caller: Caller::default() }, &invocation, 0);
            (reply.title, reply.pages, reply.error)
        };
        let (a, b) = (answer(&headings), answer(&bullets));
        assert!(!a.2, "{line}: {:?}", a.1);
        assert_eq!(a, b, "{line}");
    }
}

/// `Document::children` compared every section's path with the parent's: a later section of
/// the same path counted its sub-sections as nested under the first too (and the index, which
/// asks for each empty section, took the square of the sections: 34 s for 63,000 headings).
#[test]
fn children_are_the_sections_right_under_a_heading_not_those_of_its_namesake() {
    let text = "---\ntitle: \"1. Twice Engineer\"\n---\n# 1. Twice Engineer\n\n## Same\n### First child\nOne.\n\
                ### Second child\nTwo.\n## Other\nText.\n## Same\n### Third child\nThree.\n";
    let (doc, _) = parse_ok("1-Twice_Engineer.md", text.as_bytes());
    let same: Vec<_> = doc.sections.iter().filter(|s| s.heading() == "Same").collect();
    assert_eq!(same.len(), 2);
    let children = |s| doc.children(s).map(|c| c.heading()).collect::<Vec<_>>();
    assert_eq!(children(same[0]), ["First child", "Second child"]);
    assert_eq!(children(same[1]), ["Third child"]);
    let other = doc.sections.iter().find(|s| s.heading() == "Other").expect("other");
    assert!(children(other).is_empty());
    // A section of another document has none here.
    let (elsewhere, _) = parse_ok("2-Else.md", text.as_bytes());
    assert!(doc.children(&elsewhere.sections[1]).next().is_none());
}
