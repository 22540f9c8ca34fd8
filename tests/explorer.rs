//! The career explorer on the shipped library: `/compare`, `/path` and `/ladder` answer from
//! what the documents say, and bad input gets a helpful answer.

use std::path::Path;
use std::sync::OnceLock;

use careerbot::catalog::profiles::named_things;
use careerbot::commands::{self, Caller, Context, Invocation, OptionValue, Reply, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::snapshot::{self, Snapshot, Store};

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let library = load_dir(&content, &LoadOptions::default()).expect("content/");
        let settings = snapshot::Settings {
            content_dir: content,
            index_dir: std::env::temp_dir().join("careerbot-explorer-test-unused"),
            load: LoadOptions::default(),
        };
        Store::with_snapshot(Snapshot::in_memory(library).expect("index"), settings)
    })
}

fn run(invocation: &Invocation) -> Reply {
    let settings = Settings::default();
    let ctx = Context { store: store(), settings: &settings, caller: Caller::default() };
    commands::execute(&ctx, invocation, 0)
}

fn ask(line: &str) -> Reply {
    let invocation = commands::parse_line(&store().snapshot(), line).unwrap_or_else(|e| panic!("{line}: {e}"));
    run(&invocation)
}

fn text(reply: &Reply) -> String {
    reply.pages.join("\n")
}

/// The line of an answer that starts with `label`.
fn line<'a>(answer: &'a str, label: &str) -> &'a str {
    answer.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no line {label:?} in:\n{answer}"))
}

#[test]
fn compare_shows_what_two_careers_share_and_what_sets_them_apart() {
    let reply = ask("/compare devops secops");
    assert!(!reply.error, "{}", text(&reply));
    assert_eq!(reply.title, "DevOps Engineer vs SecOps Engineer");
    let answer = text(&reply);
    // Both definitions, one line each.
    assert!(line(&answer, "**DevOps Engineer**: ").contains("bridge the gap"), "{answer}");
    assert!(line(&answer, "**SecOps Engineer**: ").contains("security"), "{answer}");
    // Terraform is in both documents' tools (DevOps: "Terraform (industry standard…)",
    // SecOps: "IaC tools (Terraform, CloudFormation, …)"): matched across documents.
    assert!(line(&answer, "**Tools both need**").contains("Terraform"), "{answer}");
    assert!(line(&answer, "**Certifications both name**").contains("CISSP"), "{answer}");
    assert!(answer.contains("Junior DevOps Engineer") && answer.contains("Junior SecOps Engineer"), "{answer}");
    // SecOps's page describes a move to DevOps.
    assert!(answer.contains("`/path secops-engineer devops-engineer`"), "{answer}");
}

#[test]
fn path_gives_the_move_the_library_describes() {
    let reply = ask("/path secops cloud");
    assert!(!reply.error, "{}", text(&reply));
    assert_eq!(reply.title, "From SecOps Engineer to Cloud Engineer");
    let answer = text(&reply);
    assert!(answer.contains("*What it takes:*"), "{answer}");
    assert!(line(&answer, "*Certifications named:*").contains("AWS Certified Solutions Architect"), "{answer}");
    assert!(answer.contains("**Skills that carry over**"), "{answer}");
    assert!(answer.contains("asks for what SecOps Engineer's page does not list"), "{answer}");
}

#[test]
fn path_without_a_direct_move_takes_the_shortest_route() {
    let snapshot = store().snapshot();
    let graph = &snapshot.catalog.graph;
    let library = &snapshot.library;
    // A pair with no direct edge but a route: found from the graph, not hard-coded.
    let careers: Vec<usize> = (0..library.documents.len()).filter(|&i| graph.out_of(i).count() > 0).collect();
    let (from, to, route) = careers
        .iter()
        .flat_map(|&a| careers.iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| a != b && graph.direct(a, b).is_none())
        .find_map(|(a, b)| graph.route(a, b, 3).filter(|r| r.len() >= 2).map(|r| (a, b, r.len())))
        .expect("the library has a pair of careers joined by a longer route");
    let invocation = Invocation::new(careerbot::commands::CommandName::Path)
        .with("from", OptionValue::String(library.documents[from].slug.clone()))
        .with("to", OptionValue::String(library.documents[to].slug.clone()));
    let answer = text(&run(&invocation));
    assert!(answer.contains(&format!("this route takes {route} steps")), "{answer}");
    assert!(answer.matches(" → ").count() >= route, "{answer}");
}

#[test]
fn ladder_shows_levels_with_their_titles() {
    let reply = ask("/ladder devops");
    assert!(!reply.error, "{}", text(&reply));
    let answer = text(&reply);
    assert!(line(&answer, "**Entry-Level**").contains("Junior DevOps Engineer"), "{answer}");
    assert!(answer.contains("**Senior-Level**"), "{answer}");
    assert!(answer.contains("__Specialisations__"), "{answer}");
}

#[test]
fn every_career_compares_paths_and_climbs_without_an_error() {
    let snapshot = store().snapshot();
    let careers: Vec<&str> = snapshot
        .library
        .documents
        .iter()
        .filter(|d| d.kind == careerbot::content::Kind::Career)
        .map(|d| d.slug.as_str())
        .collect();
    for (i, slug) in careers.iter().enumerate() {
        let other = careers[(i + 1) % careers.len()];
        for line in
            [format!("/compare a:{slug} b:{other}"), format!("/path from:{slug} to:{other}"), format!("/ladder {slug}")]
        {
            let reply = ask(&line);
            assert!(!reply.error || line.starts_with("/ladder"), "{line}: {}", text(&reply));
        }
    }
}

#[test]
fn bad_input_gets_a_helpful_answer() {
    let same = ask("/compare a:devops b:devops-engineer");
    assert!(same.error && same.title == "The same career twice", "{}", text(&same));
    let same = ask("/path from:27 to:secops");
    assert!(same.error && text(&same).contains("Pick two different careers"), "{}", text(&same));
    let unknown = ask("/path from:secopz to:cloud");
    assert!(unknown.error && text(&unknown).contains("Did you mean **SecOps Engineer**"), "{}", text(&unknown));
    let unknown = ask("/ladder underwater-basket-weaving");
    assert!(unknown.error && text(&unknown).contains("/careers"), "{}", text(&unknown));
    // Mentions and markdown typed as a career never reach the answer live.
    let hostile = ask("/compare a:\"@everyone **x**\" b:devops");
    assert!(hostile.error && !text(&hostile).contains("@everyone **"), "{}", text(&hostile));
}

#[test]
fn named_things_are_the_capitalised_pieces_of_a_list() {
    let found: Vec<&str> =
        named_things("Prometheus, Grafana (open-source, widely used), ELK Stack and Datadog; e.g. New Relic, etc.")
            .collect();
    assert_eq!(found, ["Prometheus", "Grafana", "ELK Stack", "Datadog", "New Relic"]);
}

/// The careers `/match` ranks first, by title.
fn matched(about: &str) -> Vec<String> {
    let invocation =
        Invocation::new(careerbot::commands::CommandName::Match).with("about", OptionValue::String(about.into()));
    let reply = run(&invocation);
    assert!(!reply.error, "{about}: {}", text(&reply));
    text(&reply)
        .lines()
        .filter_map(|l| {
            l.split_once(". **").and_then(|(n, rest)| n.trim().parse::<usize>().ok().and(rest.split_once("**")))
        })
        .map(|(title, _)| title.to_string())
        .collect()
}

#[test]
fn match_ranks_careers_by_what_the_member_knows_and_likes() {
    let data = matched("I know Python and SQL, I like statistics and dashboards");
    assert_eq!(data.len(), 5, "{data:?}");
    assert!(data[..2].contains(&"Data Scientist".to_string()), "{data:?}");
    assert!(data.iter().any(|t| t.contains("Business Intelligence") || t.contains("Data Analyst")), "{data:?}");
    // Short forms through the synonyms table in content/.
    let k8s = matched("k8s and terraform");
    assert!(k8s[..3].iter().any(|t| t == "DevOps Engineer" || t == "Cloud Engineer"), "{k8s:?}");
    let ml = matched("ml");
    assert!(ml[..3].iter().any(|t| t.contains("Machine Learning") || t == "Data Scientist"), "{ml:?}");
    // The member's words found in the career are shown in bold.
    let invocation = Invocation::new(careerbot::commands::CommandName::Match)
        .with("about", OptionValue::String("kubernetes and linux".into()));
    assert!(text(&run(&invocation)).contains("**kubernetes**"));
}

#[test]
fn match_takes_anything_typed() {
    for about in
        ["x".repeat(6_000), "@everyone <@123> **bold** [link](https://example.com)".into(), "🙂".into(), " ".into()]
    {
        let invocation =
            Invocation::new(careerbot::commands::CommandName::Match).with("about", OptionValue::String(about.clone()));
        let answer = text(&run(&invocation));
        assert!(!answer.contains("@everyone") || answer.contains("@\u{200b}everyone"), "{answer}");
        assert!(!answer.contains("](https://example.com)"), "{answer}");
    }
}

#[test]
fn match_bolds_only_the_words_and_skills_a_career_holds() {
    let invocation = Invocation::new(careerbot::commands::CommandName::Match)
        .with("about", OptionValue::String("I know ML and cobol".into()));
    let answer = text(&run(&invocation));
    // "ML" reaches the skill "machine learning" through the synonyms table; it is found as a
    // phrase in the careers that write it. A word no career holds is bold nowhere.
    let ml = answer.lines().skip_while(|l| !l.contains("**Machine Learning Engineer**")).nth(1).unwrap_or_default();
    assert!(ml.contains("**machine learning**"), "{answer}");
    assert!(!answer.contains("**cobol**"), "{answer}");
}

#[test]
fn path_without_a_route_names_the_careers_closest_by_shared_skills() {
    let invocation = Invocation::new(careerbot::commands::CommandName::Path)
        .with("from", OptionValue::String("technical-writer".into()))
        .with("to", OptionValue::String("video-game-developer".into()));
    let answer = text(&run(&invocation));
    assert!(answer.contains("describes no route from Technical Writer to Video Game Developer"), "{answer}");
    // Read from who holds each of the target's skills and tools (golden on the shipped library).
    let closest: Vec<&str> = answer.lines().filter(|l| l.starts_with("• **")).collect();
    assert_eq!(closest.len(), 3, "{answer}");
    // 14 before qualifiers stopped counting as tools ("Written" and "Verbal" were two of them),
    // 13 before a label's own abbreviation did ("Integrated Development Environments (IDEs)"),
    // 12 before a label naming a kind of tool did ("Programming Languages").
    assert!(closest[0].starts_with("• **Software Engineer** (11 skills and tools in common)"), "{answer}");
    assert!(!answer.contains("**Video Game Developer** ("), "the target itself is not offered: {answer}");
}

/// Overlaps and gaps read skills by meaning: what one page calls "Infrastructure as Code Tools"
/// or "Security Automation and Scripting" is what another calls "Infrastructure as Code" and
/// "Scripting and Automation"; a start the library has no page for gets what the target asks.
#[test]
fn compare_and_path_match_skills_by_meaning_not_spelling() {
    let compare = text(&ask("/compare web-developer full-stack-developer"));
    let shared = line(&compare, "**Skills both need**");
    // Not "Databases": Full Stack's page writes it as the label over its database skills
    // ("Databases: Relational (SQL …) and NoSQL databases. Database design, …"), no skill.
    for skill in ["JavaScript", "Version Control", "Communication"] {
        assert!(shared.contains(skill), "{skill} in {shared}");
    }
    // Full Stack's page says "Problem-solving" and "teamwork" where Web Developer's says
    // "Problem-solving and Analytical Thinking" and "Collaboration and Teamwork".
    for skill in ["Problem-solving and Analytical Thinking", "Collaboration and Teamwork"] {
        assert!(shared.contains(skill), "{skill} in {shared}");
    }
    let path = text(&ask("/path secops cloud"));
    let gaps = path.split("does not list**").nth(1).unwrap_or_default();
    for held in ["Infrastructure as Code", "Scripting and Automation", "Security in the Cloud"] {
        assert!(!gaps.contains(held), "SecOps's page holds {held} under another name: {gaps}");
    }
    let reply = ask("/path from:teacher to:\"software engineer\"");
    let outside = text(&reply);
    assert!(!reply.error, "{outside}");
    assert!(outside.contains("/match") && outside.contains("What Software Engineer asks for"), "{outside}");
}

/// An abbreviation alone is not a certification: Project Manager's "critical path method
/// (CPM)" is not Product Manager's "Certified Product Manager (CPM)"; a name written with its
/// abbreviation ("Certified ScrumMaster (CSM)", "(PMP)®") is one certification, not two; a job
/// title is none.
#[test]
fn compare_names_certifications_not_abbreviations_of_other_things() {
    let compare = text(&ask("/compare \"product manager\" \"project manager\""));
    let both = line(&compare, "**Certifications both name**");
    assert!(!both.contains("CPM"), "{both}");
    let project = compare.lines().rfind(|l| l.starts_with("**Only Project Manager**")).unwrap_or_default();
    assert!(project.contains("Certified ScrumMaster (CSM)"), "{project}");
    assert!(!project.contains(", CSM,") && !project.contains("(CAPM), CAPM"), "{project}");
    assert!(project.contains("Project Management Professional (PMP),"), "{project}");
    assert!(
        project.contains("PMI Agile Certified Practitioner (PMI-ACP)") && !project.contains(", PMI-ACP,"),
        "{project}"
    );
    // A first job's title is no certification: "Typical Entry-Level Job Titles: Associate
    // Product Manager (APM), …".
    let product = compare.lines().rfind(|l| l.starts_with("**Only Product Manager**")).unwrap_or_default();
    assert!(!product.contains("Associate Product Manager"), "{product}");
}

/// `/match` says why: every career it ranks shows the member's words it asks for, the bar is
/// how much of what was said a career asks for (not 100 % for whoever comes first), words no
/// career asks for are named as left out, and a description that matches nothing says how to
/// describe oneself.
#[test]
fn match_shows_the_words_each_career_matched_and_an_absolute_fit() {
    let says = |about: &str| text(&ask(&format!("/match {about}")));
    let answer = says("I love breaking things and finding bugs");
    let first = answer.lines().skip_while(|l| !l.starts_with("1. ")).take(2).collect::<Vec<_>>().join("\n");
    assert!(first.contains("Software Tester") || first.contains("Quality Assurance"), "{answer}");
    let ranked: Vec<&str> = answer.lines().filter(|l| l.starts_with(|c: char| c.is_ascii_digit())).collect();
    let matched: Vec<&str> = answer.lines().filter(|l| l.trim_start().starts_with("matched: **")).collect();
    assert_eq!(ranked.len(), matched.len(), "every ranked career says what it matched: {answer}");
    assert!(!answer.contains("Data Scientist"), "no career without a matched word: {answer}");

    let answer = says("I fix computers for my family and like networking");
    assert!(answer.contains("Support Engineer"), "{answer}");
    assert!(answer.contains("*family*: left out"), "{answer}");
    let support = answer.lines().skip_while(|l| !l.contains("**Support Engineer")).nth(1).unwrap_or_default();
    assert!(!support.contains("family"), "{support}");

    // Words no career asks for are named, not counted.
    let answer = says("kubernetes and watercolour painting");
    assert!(answer.contains("*watercolour*") && answer.contains("*painting*"), "{answer}");
    let answer = says("qwerty zzz");
    assert!(
        answer.contains("Nothing in what the careers ask for matches") && answer.contains("`/match I know"),
        "{answer}"
    );
}
