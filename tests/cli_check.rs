//! `careerbot check`, run as a real process: exit codes, the human report and the JSON shape
//! outside tools rely on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn seed_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Runs `careerbot <args>` with no config file and no inherited careerbot settings.
fn careerbot(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_careerbot"))
        .args(args)
        .env_remove("RUST_LOG")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run careerbot")
}

fn check(dir: &Path, json: bool) -> Output {
    let mut args = vec!["check".as_ref(), "--content".as_ref(), dir.as_os_str()];
    if json {
        args.push("--json".as_ref());
    }
    careerbot(&args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn exit_code(output: &Output) -> i32 {
    output.status.code().expect("careerbot exited normally")
}

/// A folder with the seed, a document with a warning and a file with invalid front matter.
fn folder_with_problems() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read(seed_folder().join("27-SecOps_Engineer.md")).expect("seed");
    std::fs::write(dir.path().join("27-SecOps_Engineer.md"), seed).expect("write");
    std::fs::write(
        dir.path().join("71-Broken_Yaml.md"),
        "---\ntitle: \"71. Broken Yaml\"\nlang: en\n  permalink: /x/\n---\n# 71. Broken Yaml\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("75-Title_Only.md"), "---\ntitle: \"75. Title Only\"\n---\n# 75. Title Only\n")
        .expect("write");
    dir
}

fn keys(value: &Value) -> BTreeSet<&str> {
    match value.as_object() {
        Some(map) => map.keys().map(String::as_str).collect(),
        None => panic!("expected a JSON object, got {value}"),
    }
}

fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

fn array(value: &Value) -> &Vec<Value> {
    value.as_array().unwrap_or_else(|| panic!("expected a JSON array, got {value}"))
}

fn is_text_or_null(value: &Value) -> bool {
    value.is_string() || value.is_null()
}

/// Checks every object of a `check --json` report has exactly the documented keys.
fn assert_report_shape(report: &Value) {
    // `transitions` was added with the explorer, `tracks` with the tracks (keys are only ever
    // added).
    assert_eq!(keys(report), set(&["documents", "problems", "transitions", "tracks"]));
    for track in array(&report["tracks"]) {
        assert_eq!(keys(track), set(&["slug", "title", "modules", "lessons", "prompts", "glossary_terms"]), "{track}");
        for lesson in array(&track["lessons"]) {
            assert_eq!(
                keys(lesson),
                set(&["id", "number", "title", "file", "module", "linked", "sections", "prompts", "translations"]),
                "{lesson}"
            );
        }
    }
    for edge in array(&report["transitions"]["edges"]) {
        assert_eq!(keys(edge), set(&["from", "to", "career"]), "{edge}");
    }
    assert!(array(&report["transitions"]["unresolved"]).iter().all(Value::is_string));
    for doc in array(&report["documents"]) {
        assert_eq!(
            keys(doc),
            set(&[
                "file",
                "slug",
                "number",
                "title",
                "description",
                "kind",
                "aliases",
                "sections",
                "certifications",
                "prompts",
                "links"
            ]),
            "{doc}"
        );
        for key in ["file", "slug", "title", "description"] {
            assert!(doc[key].is_string(), "{key}: {doc}");
        }
        assert!(doc["number"].is_u64() || doc["number"].is_null(), "{}", doc["number"]);
        assert!(matches!(doc["kind"].as_str(), Some("career" | "guide")), "{}", doc["kind"]);
        assert!(array(&doc["aliases"]).iter().all(Value::is_string));
        assert!(array(&doc["prompts"]).iter().all(Value::is_string));
        for section in array(&doc["sections"]) {
            // `key` and `part` were added later (keys are only ever added).
            assert_eq!(keys(section), set(&["path", "level", "key", "part"]), "{section}");
            assert!(array(&section["path"]).iter().all(Value::is_string));
            assert!(section["level"].is_u64());
            assert!(section["key"].is_string() && is_text_or_null(&section["part"]), "{section}");
        }
        for cert in array(&doc["certifications"]) {
            assert_eq!(keys(cert), set(&["name", "issuer", "group", "summary"]), "{cert}");
            assert!(cert["name"].is_string() && cert["summary"].is_string());
            assert!(is_text_or_null(&cert["issuer"]) && is_text_or_null(&cert["group"]));
        }
        for link in array(&doc["links"]) {
            assert_eq!(keys(link), set(&["title", "url", "summary"]), "{link}");
            assert!(link.as_object().is_some_and(|m| m.values().all(Value::is_string)));
        }
    }
    for problem in array(&report["problems"]) {
        assert_eq!(keys(problem), set(&["file", "line", "severity", "message"]), "{problem}");
        assert!(problem["file"].is_string() && problem["message"].is_string());
        assert!(problem["line"].is_u64());
        assert!(matches!(problem["severity"].as_str(), Some("warning" | "error")), "{problem}");
    }
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

#[test]
fn check_on_the_seed_folder_exits_0_with_one_line_per_document() {
    let output = check(&seed_folder(), false);
    assert_eq!(exit_code(&output), 0, "stderr: {}", stderr(&output));
    let text = stdout(&output);
    let info: Vec<&str> = text.lines().filter(|l| l.starts_with("info: ")).collect();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("info: ")).collect();
    // A line per document, one per track, the three warnings of the careers and the fourteen of
    // the tracks (pages no index links), the summary.
    assert_eq!(lines.len(), 35 + 6 + 3 + 14 + 1, "{text}");
    let freelancing = lines.iter().find(|l| l.starts_with("track freelancing ")).expect("the freelancing line");
    assert!(freelancing.contains("lessons  30") && freelancing.contains("modules  6"), "{freelancing}");
    // The transition graph and the certification vocabulary, as information.
    assert!(info[0].starts_with("info: transition graph: "), "{text}");
    assert!(info.iter().any(|l| l.starts_with("info: 'Solutions Architect' is no document (named by")), "{text}");
    assert!(info.iter().any(|l| l.starts_with("info: certification vocabulary: ")), "{text}");
    let secops = lines.iter().find(|l| l.starts_with("secops-engineer ")).expect("the SecOps line");
    let words: Vec<&str> = secops.split_whitespace().collect();
    assert_eq!(
        words,
        ["secops-engineer", "career", "sections", "29", "certifications", "9", "prompts", "10", "links", "10"],
        "{text}"
    );
    assert_eq!(lines[41], "18-Product_Manager.md:43: warning: empty heading ignored");
    assert_eq!(lines[58], "35 documents (28 careers, 7 guides), 6 tracks (158 lessons), 0 errors, 17 warnings");
}

#[test]
fn check_on_a_folder_with_an_error_exits_1_and_lists_problems_by_file_and_line() {
    let dir = folder_with_problems();
    let output = check(dir.path(), false);
    assert_eq!(exit_code(&output), 1, "stderr: {}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("info: ")).collect();
    assert_eq!(lines.len(), 5, "two documents, two problems, the summary:\n{text}");
    assert!(lines[0].starts_with("secops-engineer  career "), "{text}");
    assert!(lines[1].starts_with("title-only       guide "), "slugs line up in a column:\n{text}");
    assert!(
        lines[2].starts_with("71-Broken_Yaml.md:4: error: invalid YAML front matter: "),
        "file:line: severity: message\n{text}"
    );
    assert_eq!(lines[3], "75-Title_Only.md:1: warning: document has no sections");
    assert_eq!(lines[4], "2 documents (1 careers, 1 guides), 1 errors, 1 warnings");
}

#[test]
fn check_on_a_folder_that_does_not_exist_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-folder");
    for json in [false, true] {
        let output = check(&missing, json);
        assert_eq!(exit_code(&output), 2, "json {json}, stderr: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "json {json}: {}", stdout(&output));
        let err = stderr(&output);
        assert!(err.contains("cannot read content folder") && err.contains("no-such-folder"), "{err}");
    }
}

#[test]
fn content_flag_is_global_and_works_before_the_subcommand() {
    let output = careerbot(&["--content".as_ref(), seed_folder().as_os_str(), "check".as_ref()]);
    assert_eq!(exit_code(&output), 0, "stderr: {}", stderr(&output));
    assert_eq!(stdout(&output), stdout(&check(&seed_folder(), false)));
}

#[test]
fn check_json_on_the_seed_folder() {
    let output = check(&seed_folder(), true);
    assert_eq!(exit_code(&output), 0, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_report_shape(&report);
    assert_eq!(array(&report["problems"]).len(), 3 + 14, "three empty headings, fourteen unlinked lessons");
    let tracks = array(&report["tracks"]);
    assert_eq!(tracks.len(), 6);
    let lessons: usize = tracks.iter().map(|t| array(&t["lessons"]).len()).sum();
    assert_eq!(lessons, 158);
    let docs = array(&report["documents"]);
    assert_eq!(docs.len(), 35);
    let doc = docs.iter().find(|d| d["slug"] == "secops-engineer").expect("SecOps");
    assert_eq!(doc["file"], "27-SecOps_Engineer.md");
    assert_eq!(doc["slug"], "secops-engineer");
    assert_eq!(doc["number"], 27);
    assert_eq!(doc["title"], "SecOps Engineer");
    assert_eq!(doc["description"], "Career Path for a SecOps Engineer");
    assert_eq!(doc["kind"], "career");
    assert_eq!(array(&doc["certifications"]).len(), 9);
    assert_eq!(array(&doc["prompts"]).len(), 10);
    assert_eq!(array(&doc["links"]).len(), 10);
    let ckss = &doc["certifications"][5];
    assert_eq!(ckss["name"], "Certified Kubernetes Security Specialist (CKSS)");
    assert_eq!(ckss["issuer"], "CNCF");
    assert_eq!(ckss["group"], Value::Null);
    assert_eq!(doc["links"][0]["url"], "https://docs.splunk.com/");
    let certs_section = array(&doc["sections"])
        .iter()
        .find(|s| s["path"][1] == "Vocational Training & SecOps Certifications")
        .expect("certifications section");
    assert_eq!(certs_section["level"], 3);
    assert_eq!(certs_section["path"][0], "Getting Started");
}

#[test]
fn check_json_on_a_folder_with_problems_exits_1_and_lists_them() {
    let dir = folder_with_problems();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/content/57-Systems_Administrator.md"),
        dir.path().join("57-Systems_Administrator.md"),
    )
    .expect("copy fixture");
    let output = check(dir.path(), true);
    assert_eq!(exit_code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_report_shape(&report);
    let slugs: Vec<&str> = array(&report["documents"]).iter().filter_map(|d| d["slug"].as_str()).collect();
    assert_eq!(slugs, ["secops-engineer", "systems-administrator", "title-only"]);
    let grouped = &report["documents"][1]["certifications"][0];
    assert_eq!(grouped["group"], "Entry-Level/Foundational", "{grouped}");
    assert_eq!(report["documents"][2]["number"], 75);
    let problems = array(&report["problems"]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0]["file"], "71-Broken_Yaml.md");
    assert_eq!(problems[0]["line"], 4);
    assert_eq!(problems[0]["severity"], "error");
    assert!(problems[0]["message"].as_str().is_some_and(|m| m.starts_with("invalid YAML front matter: ")));
    assert_eq!(
        problems[1],
        serde_json::json!({
            "file": "75-Title_Only.md",
            "line": 1,
            "severity": "warning",
            "message": "document has no sections",
        })
    );
}
