//! A real PostgreSQL for the plans tests: `CAREERBOT_TEST_POSTGRES_URL` when set (`.ci/run`
//! starts one); otherwise a throwaway server this test process starts itself on loopback, from
//! the PostgreSQL installed on the machine (`CAREERBOT_TEST_POSTGRES_BIN`, the folder of its
//! `initdb` and `pg_ctl`, overrides where to look), stopped by a watchdog when the process ends.
//! Where there is none, the PostgreSQL cases are skipped with one line on stderr and SQLite
//! runs everything, unless `CAREERBOT_REQUIRE_POSTGRES=1` (`.ci/run` sets it) makes that a
//! failure. `CAREERBOT_SKIP_POSTGRES=1` skips it on purpose.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// The PostgreSQL URL to test against, or `None` when there is none (said once, on stderr).
pub fn url() -> Option<String> {
    static URL: OnceLock<Option<String>> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("CAREERBOT_TEST_POSTGRES_URL") {
            return Some(url);
        }
        let required = std::env::var("CAREERBOT_REQUIRE_POSTGRES").as_deref() == Ok("1");
        if std::env::var("CAREERBOT_SKIP_POSTGRES").as_deref() == Ok("1") && !required {
            say("CAREERBOT_SKIP_POSTGRES=1: the plans tests run on SQLite only");
            return None;
        }
        match start() {
            Ok(url) => Some(url),
            Err(e) if required => panic!(
                "no PostgreSQL for the plans tests, and CAREERBOT_REQUIRE_POSTGRES=1 requires one: {e}. \
                 Install PostgreSQL (its initdb and pg_ctl) or set CAREERBOT_TEST_POSTGRES_URL"
            ),
            Err(e) => {
                say(&format!(
                    "no PostgreSQL ({e}): the PostgreSQL cases of the plans tests are skipped, SQLite runs them all \
                     (set CAREERBOT_TEST_POSTGRES_URL, or install PostgreSQL, to run them)"
                ));
                None
            }
        }
    })
    .clone()
}

/// One line straight to the process's stderr: the test harness captures `eprintln!` (and shows
/// it only for a failing test), and a skip must be seen.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn bin_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("CAREERBOT_TEST_POSTGRES_BIN") {
        let dir = PathBuf::from(dir);
        return if dir.join("initdb").exists() {
            Ok(dir)
        } else {
            Err(format!("initdb not found in CAREERBOT_TEST_POSTGRES_BIN ({})", dir.display()))
        };
    }
    if let Ok(out) = Command::new("sh").args(["-c", "command -v initdb"]).output() {
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !path.is_empty() {
            let path = std::fs::canonicalize(&path).map_err(|e| e.to_string())?;
            return path.parent().map(PathBuf::from).ok_or_else(|| "initdb has no folder".into());
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| "initdb not found".to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().ok_or_else(|| "initdb not found".into())
}

fn start() -> Result<String, String> {
    let bin = bin_dir()?;
    let dir = std::env::temp_dir().join(format!("careerbot-test-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        listener.local_addr().map_err(|e| e.to_string())?.port()
    };
    // initdb refuses to run as root: then everything runs as the postgres user.
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let as_pg =
        if root { format!("chown -R postgres '{}' && runuser -u postgres -- ", dir.display()) } else { String::new() };
    let as_pg_only = if root { "runuser -u postgres -- " } else { "" };
    let data = dir.join("data");
    let script = format!(
        "{as_pg}'{bin}/initdb' -D '{data}' -U postgres -A trust >/dev/null && \
         {as_pg_only}'{bin}/pg_ctl' -D '{data}' -l '{dir}/log' -w -o \"-c listen_addresses=127.0.0.1 -p {port} -k '{dir}'\" start >/dev/null",
        bin = bin.display(),
        data = data.display(),
        dir = dir.display(),
    );
    let status = Command::new("sh").args(["-c", &script]).status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("could not start it ({status}); see {}/log", dir.display()));
    }
    // The watchdog: stops the server and removes its files once this process is gone.
    let watchdog = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; \
         {as_pg_only}'{bin}/pg_ctl' -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        bin = bin.display(),
        data = data.display(),
        dir = dir.display(),
    );
    // Not on this process's output: whoever reads that to its end (a test running this one)
    // would wait for the watchdog, which waits for the reader to reap this process.
    Command::new("sh")
        .args(["-c", &watchdog])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    // Ready once it accepts a connection (pg_ctl -w waited for start-up already).
    std::thread::sleep(Duration::from_millis(100));
    Ok(url)
}
