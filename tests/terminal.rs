//! The terminal front end as a user runs it: `careerbot ask` (text, JSON, exit codes),
//! `careerbot chat` with piped input, and the tab completion it shares with autocomplete.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use careerbot::content::{load_dir, LoadOptions};
use careerbot::snapshot::{self, Snapshot, Store};
use careerbot::terminal::completions;
use tempfile::TempDir;

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn careerbot(index: &TempDir, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_careerbot"));
    command.arg("--content").arg(seed()).arg("--index").arg(index.path()).args(args).env("NO_COLOR", "1");
    // `chat` opens the plans database: a file of its own, never one in the repository.
    command.env("DATABASE_URL", format!("sqlite:{}", index.path().join("plans.sqlite").display()));
    command
}

#[test]
fn ask_prints_the_answer_and_builds_the_index_on_first_run() {
    let index = TempDir::new().unwrap();
    let out = careerbot(&index, &["ask", "/career secops"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("27. SecOps Engineer\nhttps://ictasl.github.io/"), "{text}");
    assert!(text.contains("• `certifications` Vocational Training & SecOps Certifications"));
    assert!(index.path().join("manifest.json").exists(), "the index was built");
    // Words after `ask` are joined, as a shell would pass them unquoted.
    let words = careerbot(&index, &["ask", "/career", "secops", "certifications"]).output().unwrap();
    assert!(String::from_utf8(words.stdout).unwrap().starts_with("27. SecOps Engineer · Vocational Training"));
}

/// `careerbot ask … | head -1`: the reader goes before the answer is written. The answer ends
/// quietly with success, as the shell's own tools do, not with a panic in `println!`.
#[test]
fn ask_into_a_closed_pipe_ends_quietly() {
    let index = TempDir::new().unwrap();
    let mut child =
        careerbot(&index, &["ask", "/career secops"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // The read end is closed at once: the child is still loading the library.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn ask_exit_codes_and_json() {
    let index = TempDir::new().unwrap();
    let unknown = careerbot(&index, &["ask", "/frobnicate"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("There is no command /frobnicate"));
    let error = careerbot(&index, &["ask", "/career secopz"]).output().unwrap();
    assert_eq!(error.status.code(), Some(1));
    let missing = Command::new(env!("CARGO_BIN_EXE_careerbot"))
        .args(["--content", "/nonexistent/careerbot", "ask", "/careers"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));

    let json = careerbot(&index, &["ask", "--json", "/prompt secops 3"]).output().unwrap();
    let reply: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(reply["title"], "Prompt 3 · 27. SecOps Engineer");
    assert!(reply["pages"][0].as_str().unwrap().starts_with("```\nCreate a guide"));
    assert_eq!(reply["buttons"][0]["label"], "Open in ChatGPT");
    assert_eq!(reply["private"], false);
}

#[test]
fn chat_reads_lines_and_turns_pages() {
    let index = TempDir::new().unwrap();
    let mut child = careerbot(&index, &["chat"])
        .env("HOME", index.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"/career secops responsibilities\n/next\n/carer secops\n/quit\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("27. SecOps Engineer · Responsibilities"), "{text}");
    assert!(text.contains("Page 1/") && text.contains("Page 2/"), "{text}");
    assert!(text.contains("There is no command /carer. Did you mean /career"), "{text}");
}

fn store() -> Store {
    let library = load_dir(&seed(), &LoadOptions::default()).unwrap();
    let settings = snapshot::Settings { content_dir: seed(), index_dir: seed(), load: LoadOptions::default() };
    Store::with_snapshot(Snapshot::in_memory(library).unwrap(), settings)
}

fn replacements(store: &Store, before: &str, word: &str) -> Vec<String> {
    completions(store, before, word).into_iter().map(|p| p.replacement).collect()
}

#[test]
fn tab_completes_commands_options_careers_sections_and_numbers() {
    let store = store();
    assert_eq!(replacements(&store, "", "/car"), ["/career ", "/careers "]);
    assert!(replacements(&store, "/career ", "sec").contains(&"secops-engineer ".to_string()));
    assert!(replacements(&store, "/career secops ", "cert").contains(&"certifications ".to_string()));
    assert!(replacements(&store, "/career secops ", "").contains(&"section:".to_string()));
    assert_eq!(replacements(&store, "/career ", "name:secopps"), ["name:secops-engineer "]);
    assert_eq!(replacements(&store, "/prompt secops ", "1").first().map(String::as_str), Some("1 "));
    assert!(replacements(&store, "/prompt secops ", "").len() >= 10);
}

#[test]
fn an_unknown_flag_is_a_usage_error_naming_it() {
    let index = TempDir::new().unwrap();
    for args in [
        &["ask", "--bogus-flag", "/career secops"][..],
        &["ask", "/career secops", "--bogus-flag"],
        &["chat", "--bogus-flag"],
    ] {
        let out = careerbot(&index, args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("unexpected argument '--bogus-flag'"), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing answered");
    }
    // A negative number is a value, not a flag: the command answers (and says it is no prompt).
    let out = careerbot(&index, &["ask", "/prompt", "secops", "-1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("-1 is not one of them"));
}
