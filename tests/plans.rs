//! Study plans in a real database: a SQLite file always, and PostgreSQL (`.ci/run` starts one;
//! without it, the tests start their own from the PostgreSQL installed here). Through the
//! store, through the commands, through the `careerbot` binary, and across a SIGKILL.

#[path = "support/postgres.rs"]
mod postgres;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use careerbot::commands::{self, Caller, Context, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::plans::{PlanStore, Record};
use careerbot::snapshot::{self, Snapshot, Store};

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// A server id no other test run uses (PostgreSQL is shared between runs).
fn fresh_guild() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("test-{}-{nanos}", std::process::id())
}

/// The databases to run on: a new SQLite file, and PostgreSQL (see `support/postgres.rs`:
/// the one `.ci/run` starts, or one this process starts; skipped only when asked).
fn databases(dir: &Path) -> Vec<String> {
    let mut urls = vec![format!("sqlite:{}", dir.join("plans.sqlite").display())];
    urls.extend(postgres::url());
    urls
}

#[test]
fn a_plan_is_kept_shared_exported_imported_and_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()) {
        let plans = PlanStore::open(&url).unwrap_or_else(|e| panic!("{e}"));
        let guild = fresh_guild();
        assert_eq!(plans.plan(&guild, "1").unwrap(), None);
        plans.set_target(&guild, "1", "secops-engineer").unwrap();
        plans.set_target(&guild, "2", "devops-engineer").unwrap();
        plans.mark_done(&guild, "1", &[("secops-engineer/tool/terraform".into(), "Terraform".into())]).unwrap();
        // Progress is kept per career: another target, then back.
        plans.set_target(&guild, "1", "cloud-engineer").unwrap();
        plans.set_target(&guild, "1", "secops-engineer").unwrap();
        assert_eq!(plans.done(&guild, "1", "secops-engineer/").unwrap().len(), 1, "{url}");
        assert!(plans.share(&guild, "1", true).unwrap());
        assert!(!plans.share(&guild, "3", true).unwrap(), "no plan, nothing shared");
        let board = plans.plans_in(&guild).unwrap();
        assert_eq!(board.len(), 2);
        assert!(board.contains(&("1".into(), "secops-engineer".into(), true)), "{board:?}");

        // Export one member, import into a new SQLite file: the same records.
        let exported = plans.export(Some(&guild), Some("1")).unwrap();
        assert_eq!(exported.len(), 2, "{exported:?}");
        assert!(exported.iter().all(|r| match r {
            Record::Plan { member, .. } | Record::Done { member, .. } => member == "1",
        }));
        let copy =
            PlanStore::open(&format!("sqlite:{}", dir.path().join(format!("copy-{}.sqlite", plans.kind())).display()))
                .unwrap();
        assert_eq!(copy.import(&exported).unwrap(), 2);
        assert_eq!(copy.export(None, None).unwrap(), exported);

        // Forget: everything about member 1 in this server, nothing of member 2.
        assert_eq!(plans.forget(&guild, "1").unwrap(), (1, 1));
        assert_eq!(plans.plan(&guild, "1").unwrap(), None);
        assert!(plans.done(&guild, "1", "").unwrap().is_empty());
        assert!(plans.plan(&guild, "2").unwrap().is_some());
        let status = plans.status().unwrap();
        assert!(status.iter().all(|(_, _, applied)| *applied), "{status:?}");
    }
}

fn store_with(content_dir: &Path, url: &str) -> Store {
    let library = load_dir(content_dir, &LoadOptions::default()).unwrap();
    let settings = snapshot::Settings {
        content_dir: content_dir.to_path_buf(),
        index_dir: content_dir.join("unused-index"),
        load: LoadOptions::default(),
    };
    Store::with_snapshot(Snapshot::in_memory(library).unwrap(), settings)
        .with_plans(Arc::new(PlanStore::open(url).unwrap()))
}

fn ask(store: &Store, caller: Caller, line: &str) -> (String, bool) {
    let settings = Settings::default();
    let ctx = Context { store, settings: &settings, caller };
    let invocation = commands::parse_line(&store.snapshot(), line).unwrap_or_else(|e| panic!("{line}: {e}"));
    let reply = commands::execute(&ctx, &invocation, 0);
    (format!("{}\n{}", reply.title, reply.pages.join("\n")), reply.error)
}

/// A server id (as Discord gives them) no other test run uses.
fn fresh_guild_id() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    (nanos as u64 ^ (u64::from(std::process::id()) << 40)) | 1
}

#[test]
fn members_plan_tick_share_and_see_only_what_is_shared() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()) {
        members_on(&url);
    }
}

fn members_on(url: &str) {
    let store = store_with(&content(), url);
    let guild = fresh_guild_id();
    let me = Caller { moderator: false, user: Some(11), guild: Some(guild) };
    let other = Caller { moderator: false, user: Some(22), guild: Some(guild) };
    let moderator = Caller { moderator: true, user: Some(33), guild: Some(guild) };

    let (text, error) = ask(&store, me, "/plan");
    assert!(error && text.contains("/plan set"), "{text}");
    let (text, _) = ask(&store, me, "/plan set career:devops");
    assert!(text.contains("Target set: DevOps Engineer"), "{text}");
    let (text, error) = ask(&store, me, "/plan done item:\"Terraform, Docker, Underwater Basket Weaving\"");
    assert!(!error && text.contains("✅ Terraform") && text.contains("✅ Docker"), "{text}");
    assert!(text.contains("Not on your checklist: 'Underwater Basket Weaving'"), "{text}");
    let (text, _) = ask(&store, me, "/plan");
    assert!(text.contains("✅ Terraform") && text.contains("⬜ Ansible"), "{text}");
    assert!(text.contains("private"), "{text}");
    let (text, _) = ask(&store, me, "/plan undo item:docker");
    assert!(text.contains("⬜ Docker"), "{text}");
    // Autocomplete from the member's own plan: what is left for done, what is done for undo.
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: me };
    let offered = |line: &str, typed: &str| -> Vec<String> {
        let partial = commands::parse_line(&store.snapshot(), line).unwrap();
        commands::complete_for(&ctx, &partial, "item", typed).into_iter().map(|c| c.name).collect()
    };
    assert!(offered("/plan done", "dock").contains(&"Docker".to_string()));
    assert!(!offered("/plan done", "terra").contains(&"Terraform".to_string()), "done already");
    assert_eq!(offered("/plan undo", ""), ["Terraform"]);
    let several = commands::complete_for(
        &ctx,
        &commands::parse_line(&store.snapshot(), "/plan done").unwrap(),
        "item",
        "Docker, ansi",
    );
    assert!(several.iter().any(|c| c.value == commands::OptionValue::String("Docker, Ansible".into())), "{several:?}");
    // Several at once, each way; what was not named stays as it was.
    let (text, _) = ask(&store, me, "/plan done item:\"Docker, Ansible, ansible\"");
    assert!(text.contains("✅ Docker") && text.matches("✅ Ansible").count() == 1, "{text}");
    let (text, _) = ask(&store, me, "/plan undo item:\"Docker, Ansible\"");
    assert!(text.contains("⬜ Docker") && text.contains("⬜ Ansible"), "{text}");
    let (text, _) = ask(&store, me, "/plan");
    assert!(text.contains("✅ Terraform") && text.contains("⬜ Docker") && text.contains("⬜ Ansible"), "{text}");

    // Not shared: others see that it is not, and /group does not list it.
    let (text, error) = ask(&store, other, "/plan member:11");
    assert!(error && text.contains("not shared"), "{text}");
    let (text, _) = ask(&store, other, "/group");
    assert!(!text.contains("<@11>"), "{text}");
    // Shared: others see it, /group lists it with its %, moderators see counts.
    ask(&store, me, "/plan share state:on");
    let (text, error) = ask(&store, other, "/plan member:11");
    assert!(!error && text.contains("Shared plan: DevOps Engineer") && text.contains("<@11>'s plan"), "{text}");
    assert!(text.contains("✅ Terraform"), "{text}");
    let (text, _) = ask(&store, other, "/group");
    assert!(text.contains("**DevOps Engineer**") && text.contains("<@11> — "), "{text}");
    assert!(!text.contains("Plans per career"), "members see no counts: {text}");
    let invocation = commands::parse_line(&store.snapshot(), "/group").unwrap();
    let settings = Settings::default();
    let reply = commands::execute(&Context { store: &store, settings: &settings, caller: moderator }, &invocation, 0);
    assert!(reply
        .fields
        .iter()
        .any(|f| f.name.starts_with("Plans per career") && f.value.contains("DevOps Engineer: 1")));

    // Another server sees nothing; DMs have no plans.
    let elsewhere = Caller { guild: Some(guild.wrapping_add(1)), ..me };
    assert!(ask(&store, elsewhere, "/plan").1);
    let (text, error) = ask(&store, Caller { guild: None, ..me }, "/plan");
    assert!(error && text.contains("server"), "{text}");

    // Forget asks first, then deletes.
    let (text, _) = ask(&store, me, "/plan forget");
    assert!(text.contains("confirm:true"), "{text}");
    assert!(ask(&store, me, "/plan").0.contains("DevOps"), "nothing deleted before the confirm");
    // In Discord, the button: a confirmation that runs the forget for this member only.
    let invocation = commands::parse_line(&store.snapshot(), "/plan forget").unwrap();
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: me };
    let button = commands::execute(&ctx, &invocation, 0).confirm.expect("a confirm button");
    assert_eq!(button.label, "Delete my plan data");
    let pressed = commands::press(&ctx, &button.token);
    assert!(pressed.pages[0].contains("1 plan"), "{:?}", pressed.pages);
    assert!(ask(&store, me, "/plan").1, "deleted");
    ask(&store, me, "/plan set career:devops");
    let (text, _) = ask(&store, me, "/plan forget confirm:true");
    assert!(text.contains("1 plan"), "{text}");
    assert!(ask(&store, me, "/plan").1, "deleted");
}

#[test]
fn after_a_reload_done_items_stay_vanished_ones_show_apart_and_new_ones_are_undone() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    std::fs::create_dir(&folder).unwrap();
    let original = std::fs::read_to_string(content().join("6-DevOps_Engineer.md")).unwrap();
    std::fs::write(folder.join("6-DevOps_Engineer.md"), &original).unwrap();
    assert!(original.contains("Ansible (agentless, popular)"));
    for url in databases(dir.path()) {
        std::fs::write(folder.join("6-DevOps_Engineer.md"), &original).unwrap();
        let me = Caller { moderator: false, user: Some(5), guild: Some(fresh_guild_id()) };
        {
            let store = store_with(&folder, &url);
            ask(&store, me, "/plan set career:devops");
            ask(&store, me, "/plan done item:\"Terraform, Ansible\"");
        }
        // The document drops Ansible and adds Pulumi.
        let changed = original.replace("Ansible (agentless, popular), Chef", "Pulumi, Chef");
        std::fs::write(folder.join("6-DevOps_Engineer.md"), changed).unwrap();
        let store = store_with(&folder, &url);
        let (text, _) = ask(&store, me, "/plan");
        assert!(text.contains("✅ Terraform"), "{text}");
        assert!(text.contains("⬜ Pulumi"), "{text}");
        let apart = text.split("no longer in the document").nth(1).unwrap_or_else(|| panic!("{text}"));
        assert!(apart.contains("✅ Ansible"), "{text}");
    }
}

fn careerbot() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_careerbot"));
    command.arg("--content").arg(content()).env_remove("DATABASE_URL");
    command
}

#[test]
fn every_acknowledged_write_survives_a_sigkill_in_the_middle_of_a_burst() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()) {
        burst_then_sigkill(dir.path(), &url);
    }
}

fn burst_then_sigkill(dir: &Path, url: &str) {
    let url = url.to_string();
    let member = (fresh_guild_id() % 1_000_000_000).to_string();
    // The burst: a target, then one item after another of DevOps's checklist.
    let store = store_with(&content(), &url);
    let snapshot = store.snapshot();
    let position = snapshot.library.position("devops-engineer").unwrap();
    let items: Vec<String> =
        careerbot::plans::checklist(&snapshot.library.documents[position], snapshot.profiles(), position)
            .into_iter()
            .flat_map(|(_, items)| items)
            .map(|i| i.name)
            .filter(|n| !n.contains(',') && !n.contains('"'))
            .take(60)
            .collect();
    drop(snapshot);
    drop(store);
    assert!(items.len() >= 40, "{items:?}");
    let mut chat = careerbot()
        .args(["--index", &dir.join("index").display().to_string(), "--database", &url, "--member", &member, "chat"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = chat.stdin.take().unwrap();
    let mut burst = String::from("/plan set career:devops\n");
    for item in &items {
        burst.push_str(&format!("/plan done item:\"{item}\"\n"));
    }
    stdin.write_all(burst.as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Collect what was acknowledged ("Marked done" and the item on the next lines); kill the
    // process as soon as a third of the burst is acknowledged, in the middle of the rest.
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = chat.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("✅ ") {
                let _ = tx.send(name.trim().to_string());
            }
        }
    });
    let mut acknowledged = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while acknowledged.len() < items.len() / 3 && Instant::now() < deadline {
        if let Ok(name) = rx.recv_timeout(Duration::from_secs(1)) {
            acknowledged.push(name);
        }
    }
    chat.kill().unwrap();
    chat.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    acknowledged.extend(rx.try_iter());
    assert!(acknowledged.len() >= items.len() / 3, "only {} acknowledged", acknowledged.len());
    let plans = PlanStore::open(&url).unwrap();
    assert_eq!(plans.plan("local", &member).unwrap().map(|p| p.career), Some("devops-engineer".into()));
    let done: Vec<String> =
        plans.done("local", &member, "devops-engineer/").unwrap().into_iter().map(|(_, name)| name).collect();
    for name in &acknowledged {
        assert!(done.contains(name), "acknowledged {name:?} was lost; on disk: {done:?}");
    }
}

#[test]
fn two_processes_write_the_same_database_and_db_export_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("plans.sqlite").display());
    let index = dir.path().join("index").display().to_string();
    // Build the index once so the two processes only read it.
    assert!(careerbot().args(["--index", &index, "index"]).status().unwrap().success());
    let children: Vec<_> = [("21", "secops"), ("22", "devops")]
        .into_iter()
        .map(|(member, career)| {
            careerbot()
                .args([
                    "--index",
                    &index,
                    "--database",
                    &url,
                    "--member",
                    member,
                    "ask",
                    &format!("/plan set career:{career}"),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let export = careerbot().args(["--database", &url, "db", "export", "--guild", "local"]).output().unwrap();
    assert!(export.status.success());
    let lines = String::from_utf8(export.stdout).unwrap();
    assert_eq!(lines.lines().count(), 2, "{lines}");
    assert!(lines.contains("\"member\":\"21\"") && lines.contains("\"member\":\"22\""), "{lines}");

    let copy = format!("sqlite:{}", dir.path().join("copy.sqlite").display());
    let mut import = careerbot()
        .args(["--database", &copy, "db", "import"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    import.stdin.take().unwrap().write_all(lines.as_bytes()).unwrap();
    let out = import.wait_with_output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("imported 2"));
    let status = careerbot().args(["--database", &copy, "db", "status"]).output().unwrap();
    assert!(String::from_utf8_lossy(&status.stdout).contains("plans: applied"));
    // A broken line imports nothing and names the line.
    let mut bad = careerbot()
        .args(["--database", &copy, "db", "import"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    bad.stdin.take().unwrap().write_all(b"{\"kind\":\"plan\"}\n").unwrap();
    let out = bad.wait_with_output().unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("line 1"));
}

#[test]
fn a_database_that_cannot_be_used_is_a_clear_start_up_error() {
    let dir = tempfile::tempdir().unwrap();
    // Garbage where the file should be; a folder that cannot be made; a schema newer than
    // this build knows.
    let corrupt = dir.path().join("corrupt.sqlite");
    std::fs::write(&corrupt, vec![0x5a; 8192]).unwrap();
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "not a folder").unwrap();
    let newer = dir.path().join("newer.sqlite");
    let newer_url = format!("sqlite:{}", newer.display());
    drop(PlanStore::open(&newer_url).unwrap());
    let before = careerbot().args(["--database", &newer_url, "db", "status"]).output().unwrap();
    assert!(before.status.success());
    // A migration from the future, as a newer careerbot would leave it.
    let conn = std::process::Command::new("sqlite3")
        .arg(&newer)
        .arg(
            "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0);",
        )
        .status();
    let newer_known = conn.is_ok_and(|s| s.success());
    let mut cases = vec![
        (format!("sqlite:{}", corrupt.display()), "corrupt"),
        (format!("sqlite:{}", blocked.join("plans.sqlite").display()), "folder"),
        ("mysql://nowhere/db".to_string(), "kind"),
    ];
    if newer_known {
        cases.push((newer_url.clone(), "newer"));
    }
    // Read-only: a migrated database opened read-only (as on a read-only mount; file modes do
    // not stop root, who runs CI).
    let read_only = dir.path().join("read-only.sqlite");
    drop(PlanStore::open(&format!("sqlite:{}", read_only.display())).unwrap());
    cases.push((format!("sqlite:{}?mode=ro", read_only.display()), "read-only"));
    for (url, what) in cases {
        let out = careerbot().args(["--database", &url, "db", "status"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{what}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("careerbot: ") && stderr.lines().count() <= 3, "{what}: {stderr}");
        // `serve` refuses to start on it as well, with the same exit code.
        let out = careerbot()
            .args(["--index", &dir.path().join("index").display().to_string(), "--database", &url])
            .args(["serve", "--http", "127.0.0.1:0"])
            .env("DISCORD_PUBLIC_KEY", "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c")
            .env_remove("DISCORD_TOKEN")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "serve, {what}: {}", String::from_utf8_lossy(&out.stderr));
        // `ask` answers /plan as unavailable, and every other command as usual.
        let out = careerbot()
            .args(["--index", &dir.path().join("index").display().to_string(), "--database", &url, "ask", "/plan"])
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).contains("Plans are unavailable"), "{what}: {out:?}");
        let out = careerbot()
            .args([
                "--index",
                &dir.path().join("index").display().to_string(),
                "--database",
                &url,
                "ask",
                "/career secops",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{what}");
    }
    assert!(newer_known || which_sqlite3_missing(), "sqlite3 is there but the newer-schema case did not run");
}

fn which_sqlite3_missing() -> bool {
    std::process::Command::new("sqlite3").arg("--version").output().is_err()
}

#[test]
fn a_database_that_fails_while_the_bot_runs_leaves_every_other_command_working() {
    let Some(admin) = postgres::url() else { return };
    // A database of its own, dropped under the running store.
    let name = format!("failing_{}", fresh_guild_id());
    let (base, _) = admin.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let admin_sql = |sql: String| {
        runtime.block_on(async {
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await.unwrap();
            sqlx::query(&sql).execute(&mut conn).await.unwrap();
        })
    };
    admin_sql(format!("CREATE DATABASE {name}"));
    let store = store_with(&content(), &url);
    let me = Caller { moderator: false, user: Some(1), guild: Some(fresh_guild_id()) };
    assert!(!ask(&store, me, "/plan set career:secops").1);
    admin_sql(format!("DROP DATABASE {name} WITH (FORCE)"));
    let started = Instant::now();
    let (text, error) = ask(&store, me, "/plan");
    assert!(error && text.contains("Plans are unavailable"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(15), "answered in {:?}", started.elapsed());
    let (text, error) = ask(&store, me, "/career secops");
    assert!(!error && text.contains("SecOps Engineer"), "{text}");
}
