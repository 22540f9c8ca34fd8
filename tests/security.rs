//! The security promises of SECURITY.md that are not proven elsewhere: the token stays out of
//! panic messages and debug output, the public key parser refuses junk, content links that are
//! not http(s) never become links.

use careerbot::discord::Token;

/// A token-shaped secret built at run time (nothing token-like is committed).
fn secret() -> String {
    format!("{}.{}.{}", "T".repeat(24), "x".repeat(6), "s".repeat(27))
}

#[test]
fn a_panic_does_not_print_the_token() {
    // Re-run this test in a child process that installs the hook and panics with the token
    // in its message; the parent reads the child's stderr.
    if std::env::var_os("CAREERBOT_PANIC_CHILD").is_some() {
        careerbot::serve::install_redacting_panic_hook(Token::new(secret()));
        panic!("lost the connection while sending Authorization: Bot {}", secret());
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "a_panic_does_not_print_the_token", "--nocapture", "--test-threads=1"])
        .env("CAREERBOT_PANIC_CHILD", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the child panicked");
    assert!(stderr.contains("careerbot panicked"), "{stderr}");
    assert!(stderr.contains("Authorization: Bot <redacted>"), "{stderr}");
    assert!(!stderr.contains(&secret()), "{stderr}");
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let token = Token::new(secret());
    assert_eq!(format!("{token:?}"), "Token(<redacted>)");
    let options = careerbot::discord::Options {
        token,
        api_base: None,
        guild_ids: vec![1],
        shards: careerbot::discord::Shards::Auto,
        grace: std::time::Duration::from_secs(5),
    };
    assert!(!format!("{options:?}").contains(&secret()));
    assert_eq!(
        careerbot::discord::redact(&format!("error with {} inside", secret()), &options.token),
        "error with <redacted> inside"
    );
}

#[test]
fn public_keys_must_be_64_hex_digits_of_a_valid_key() {
    use careerbot::http::PublicKey;
    assert!(PublicKey::from_hex("").is_err());
    assert!(PublicKey::from_hex(&"0".repeat(63)).is_err());
    assert!(PublicKey::from_hex(&"é".repeat(32)).is_err());
    assert!(PublicKey::from_hex(&"g".repeat(64)).is_err());
}

#[test]
fn links_other_than_http_are_text() {
    use careerbot::commands::format::safe_markdown;
    let shown = safe_markdown(
        "[a](javascript:alert) [b](data:text/html,x) [c](/relative) [d](ftp://x) [e](https://ok.example)",
    );
    assert!(!shown.contains("](javascript:") && !shown.contains("](data:") && !shown.contains("](/relative"));
    assert!(!shown.contains("](ftp:"));
    assert!(shown.contains("[e](https://ok.example)"));
}
