//! config.example.toml documents every key: it parses, and to the defaults.

use std::path::Path;

use careerbot::config::Config;

#[test]
fn the_example_parses_to_the_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let example = Config::from_file(&path).expect("config.example.toml parses");
    let defaults = Config::default();
    assert_eq!(format!("{example:?}"), format!("{defaults:?}"));
}

#[test]
fn unknown_keys_are_refused_with_their_line() {
    let err = Config::from_toml("[content]\ndir = \"x\"\ncolour = \"blue\"\n").unwrap_err();
    assert!(err.starts_with("3: "), "{err}");
    assert!(err.contains("colour"), "{err}");
}
