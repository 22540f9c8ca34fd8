//! Study plans in a real database: a SQLite file always, and PostgreSQL (`.ci/run` starts one;
//! without it, the tests start their own from the PostgreSQL installed here). Through the
//! store, through the commands, through the `careerbot` binary, and across a SIGKILL.

#[path = "support/endpoint.rs"]
mod endpoint;
#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/postgres.rs"]
mod postgres;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use careerbot::commands::plan::LOCAL_GUILD;
use careerbot::commands::spec::COMMANDS;
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
        let board = plans.plans_in(&guild).unwrap().rows;
        assert_eq!(board.len(), 2);
        assert!(
            board.iter().any(|r| r.member == "1" && r.career == "secops-engineer" && r.shared && r.track.is_none()),
            "{board:?}"
        );

        // Export one member, import into a new SQLite file: the same records.
        let exported = plans.export(Some(&guild), Some("1")).unwrap().rows;
        assert_eq!(exported.len(), 2, "{exported:?}");
        assert!(exported.iter().all(|r| match r {
            Record::Plan { member, .. } | Record::Settings { member, .. } | Record::Done { member, .. } =>
                member == "1",
        }));
        let copy =
            PlanStore::open(&format!("sqlite:{}", dir.path().join(format!("copy-{}.sqlite", plans.kind())).display()))
                .unwrap();
        assert_eq!(copy.import(&exported).unwrap(), 2);
        assert_eq!(copy.export(None, None).unwrap().rows, exported);

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
    // The value carries the item's id after what was typed before it.
    let id_value = commands::OptionValue::String("Docker, devops-engineer/tool/ansible".into());
    assert!(several.iter().any(|c| c.name == "Ansible" && c.value == id_value), "{several:?}");
    // Several at once, each way; what was not named stays as it was.
    let (text, _) = ask(&store, me, "/plan done item:\"Docker, devops-engineer/tool/ansible, ansible\"");
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
    let items: Vec<String> = snapshot
        .checklist(position)
        .items()
        .map(|(_, i)| i.name.clone())
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

/// On a machine without PostgreSQL, `cargo test` failed ("no PostgreSQL for the plans tests").
/// Without one the PostgreSQL cases skip with one line that shows, and SQLite runs them all;
/// `CAREERBOT_REQUIRE_POSTGRES=1` (which `.ci/run` sets) makes a missing one a failure.
#[test]
fn without_postgresql_its_cases_skip_with_a_line_unless_it_is_required() {
    let nowhere = tempfile::tempdir().unwrap();
    let run = |require: bool| {
        let mut test = Command::new(std::env::current_exe().unwrap());
        test.args(["--exact", "a_plan_is_kept_shared_exported_imported_and_forgotten", "--test-threads=1"])
            .env_remove("CAREERBOT_TEST_POSTGRES_URL")
            .env_remove("CAREERBOT_SKIP_POSTGRES")
            .env_remove("CAREERBOT_REQUIRE_POSTGRES")
            .env("CAREERBOT_TEST_POSTGRES_BIN", nowhere.path());
        if require {
            test.env("CAREERBOT_REQUIRE_POSTGRES", "1");
        }
        // Into files, not pipes: a server the run starts outlives it briefly, holding a pipe.
        let (stdout, stderr) = (nowhere.path().join("stdout"), nowhere.path().join("stderr"));
        test.stdout(std::fs::File::create(&stdout).unwrap()).stderr(std::fs::File::create(&stderr).unwrap());
        let passed = test.status().unwrap().success();
        (passed, std::fs::read_to_string(stdout).unwrap(), std::fs::read_to_string(stderr).unwrap())
    };
    let (passed, stdout, stderr) = run(false);
    assert!(passed && stdout.contains("1 passed"), "{stdout}{stderr}");
    let said: Vec<&str> =
        stderr.lines().filter(|l| l.contains("PostgreSQL cases of the plans tests are skipped")).collect();
    assert_eq!(said.len(), 1, "one visible line: {stderr}");
    let (passed, stdout, stderr) = run(true);
    assert!(!passed && stdout.contains("CAREERBOT_REQUIRE_POSTGRES=1 requires one"), "{stdout}{stderr}");
}

/// Runs SQL behind the store's back, as an operator's `sqlite3` session would.
fn behind_the_back(path: &Path, statements: &[&str]) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}", path.display());
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
        for statement in statements {
            sqlx::query(statement).execute(&mut conn).await.unwrap();
        }
    });
}

fn choices(store: &Store, caller: Caller, line: &str, typed: &str) -> Vec<commands::Choice> {
    let settings = Settings::default();
    let ctx = Context { store, settings: &settings, caller };
    commands::complete_for(&ctx, &commands::parse_line(&store.snapshot(), line).unwrap(), "item", typed)
}

/// SQLite keeps a value of any type in any column: `UPDATE plans SET shared = 'yes'` made
/// `Row::get` panic in `/plan`, `/group`, autocomplete and `db export` (exit 101). A row that
/// cannot be read is now named by its key and left out; everything else answers.
#[test]
fn a_row_that_cannot_be_read_is_named_and_left_out_and_nothing_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.sqlite");
    let url = format!("sqlite:{}", path.display());
    let store = store_with(&content(), &url);
    // The terminal's server, so that the `careerbot` binary below sees the same rows.
    let damaged = Caller { moderator: false, user: Some(11), guild: Some(LOCAL_GUILD) };
    let fine = Caller { moderator: false, user: Some(22), guild: Some(LOCAL_GUILD) };
    for caller in [damaged, fine] {
        for line in ["/plan set career:devops", "/plan done item:Terraform", "/plan share state:on"] {
            assert!(!ask(&store, caller, line).1, "{line}");
        }
    }
    behind_the_back(
        &path,
        &[
            "UPDATE plans SET shared = 'yes' WHERE member = '11'",
            "UPDATE progress SET done_at = 'soon' WHERE member = '22'",
        ],
    );

    let (text, error) = ask(&store, damaged, "/plan");
    assert!(error && text.contains("Plan unreadable") && text.contains("careerbot db check"), "{text}");
    let (text, error) = ask(&store, damaged, "/plan done item:Docker");
    assert!(error && text.contains("Plan unreadable"), "{text}");
    assert!(choices(&store, damaged, "/plan done", "dock").is_empty(), "no plan to offer items from");
    let (text, error) = ask(&store, fine, "/plan");
    assert!(!error && text.contains("✅ Terraform"), "{text}");
    let (text, error) = ask(&store, fine, "/group");
    assert!(!error && text.contains("<@22> — ") && !text.contains("<@11>"), "{text}");
    assert!(text.contains("Left out: 1 saved row that can't be read."), "{text}");
    assert!(!choices(&store, fine, "/plan done", "dock").is_empty());

    // The binary: `ask` answers (no exit 101), `db export` writes every good row and names the
    // others, `db check` lists them.
    let index = dir.path().join("index").display().to_string();
    let ask_as = |member: &str, line: &str| {
        careerbot().args(["--index", &index, "--database", &url, "--member", member, "ask", line]).output().unwrap()
    };
    let out = ask_as("22", "/group");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("<@22>"), "{out:?}");
    let out = ask_as("11", "/plan");
    assert_eq!(out.status.code(), Some(1), "an error answer, not a panic: {out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Plan unreadable"), "{out:?}");

    let export = careerbot().args(["--database", &url, "db", "export"]).output().unwrap();
    assert_eq!(export.status.code(), Some(1), "{export:?}");
    let lines = String::from_utf8(export.stdout).unwrap();
    let records: Vec<Record> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 2, "member 22's plan and member 11's done item: {lines}");
    assert!(records.iter().any(|r| matches!(r, Record::Plan { member, .. } if member == "22")), "{lines}");
    assert!(records.iter().any(|r| matches!(r, Record::Done { member, .. } if member == "11")), "{lines}");
    let stderr = String::from_utf8_lossy(&export.stderr);
    assert!(stderr.contains("plans row (guild local, member 11) cannot be read: column shared"), "{stderr}");
    assert!(
        stderr.contains("progress row (guild local, member 22, item devops-engineer/tool/terraform) cannot be read"),
        "{stderr}"
    );

    let check = careerbot().args(["--database", &url, "db", "check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let listed = String::from_utf8_lossy(&check.stdout);
    assert!(listed.contains("member 11") && listed.contains("member 22") && listed.contains("2 rows"), "{listed}");
    behind_the_back(
        &path,
        &["UPDATE plans SET shared = 1 WHERE member = '11'", "UPDATE progress SET done_at = 0 WHERE member = '22'"],
    );
    let check = careerbot().args(["--database", &url, "db", "check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    assert!(ask(&store, damaged, "/plan").0.contains("✅ Terraform"));
}

/// The HTTP endpoint, in front of a store over `url`, signing with a test key.
struct Http {
    fake: fake_discord::FakeDiscord,
    url: String,
    key: ed25519_dalek::SigningKey,
    client: reqwest::Client,
}

impl Http {
    async fn start(store: Store) -> Http {
        use careerbot::discord::{cooldown::Cooldown, Dispatcher};
        use careerbot::http::{webhook::Webhooks, Endpoint, PublicKey};
        let fake = fake_discord::FakeDiscord::start().await;
        let dispatcher = Arc::new(Dispatcher::new(
            Arc::new(store),
            Settings::default(),
            Vec::new(),
            Cooldown::new(0, Duration::from_secs(10)),
            Arc::new(careerbot::metrics::Metrics::new()),
        ));
        let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let hex: String = key.verifying_key().as_bytes().iter().map(|b| format!("{b:02x}")).collect();
        let endpoint = Arc::new(Endpoint::new(
            dispatcher,
            PublicKey::from_hex(&hex).unwrap(),
            Webhooks::new(Some(&fake.rest_base())).unwrap(),
        ));
        let url = endpoint::serve(endpoint).await;
        let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(60)).build().unwrap();
        Http { fake, url, key, client }
    }

    async fn post(&self, interaction: &serde_json::Value) -> serde_json::Value {
        use ed25519_dalek::Signer;
        let body = interaction.to_string();
        let timestamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let signature: String = self
            .key
            .sign(format!("{timestamp}{body}").as_bytes())
            .to_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let response = self
            .client
            .post(&self.url)
            .header("X-Signature-Ed25519", signature)
            .header("X-Signature-Timestamp", timestamp.to_string())
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }

    /// The edit of the deferred answer to `interaction`.
    async fn edit_of(&self, interaction: &serde_json::Value) -> serde_json::Value {
        let original = fake_discord::original_path(interaction);
        self.fake
            .expect_request("the deferred answer's edit", |r| r.method == "PATCH" && r.path == original)
            .await
            .json()
            .cloned()
            .unwrap()
    }
}

/// In HTTP mode a damaged row left `/group` on "thinking…" for ever (the follow-up panicked)
/// and a `/plan` autocomplete without any response; and a moderator's `/group` was deferred
/// public (flags 0) while it carries "Plans per career (moderators)", which counts private
/// plans. Now the board arrives, the autocomplete is answered, and what only moderators see is
/// only ever ephemeral.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_http_group_answers_despite_a_damaged_row_and_a_moderators_is_private() {
    use fake_discord::{autocomplete, slash_command, MemberSpec, DEFAULT_GUILD_ID, DEFAULT_USER_ID};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.sqlite");
    let url = format!("sqlite:{}", path.display());
    let store = store_with(&content(), &url);
    let guild = DEFAULT_GUILD_ID.to_string();
    let plans = store.plans().unwrap();
    let (sharing, damaged, private) =
        ((DEFAULT_USER_ID + 1).to_string(), (DEFAULT_USER_ID + 2).to_string(), (DEFAULT_USER_ID + 3).to_string());
    for member in [&sharing, &damaged, &private] {
        plans.set_target(&guild, member, "devops-engineer").unwrap();
    }
    plans.share(&guild, &sharing, true).unwrap();
    plans.share(&guild, &damaged, true).unwrap();
    let corrupt = format!("UPDATE plans SET shared = 'yes' WHERE member = '{damaged}'");
    tokio::task::block_in_place(|| behind_the_back(&path, &[&corrupt]));
    let http = Http::start(store).await;

    let member = MemberSpec::new(DEFAULT_USER_ID + 1);
    let asked = slash_command("group", serde_json::json!([]), &member);
    let deferred = http.post(&asked).await;
    assert_eq!(deferred["type"], 5, "{deferred}");
    assert_eq!(deferred["data"]["flags"].as_u64().unwrap_or(0) & 64, 0, "a member's board is public: {deferred}");
    let edit = http.edit_of(&asked).await;
    let board = edit["embeds"][0]["description"].as_str().unwrap_or_default();
    assert!(board.contains(&format!("<@{sharing}> — ")) && board.contains("Left out: 1 saved row"), "{edit}");
    assert!(!edit.to_string().contains("Plans per career"), "members see no counts: {edit}");

    let moderator = MemberSpec::moderator(DEFAULT_USER_ID + 4);
    let asked = slash_command("group", serde_json::json!([]), &moderator);
    let deferred = http.post(&asked).await;
    assert_eq!(deferred["type"], 5, "{deferred}");
    assert_eq!(deferred["data"]["flags"], 64, "a moderator's board counts private plans: {deferred}");
    let edit = http.edit_of(&asked).await;
    assert!(edit.to_string().contains("Plans per career (moderators)"), "{edit}");
    assert!(edit.to_string().contains("DevOps Engineer: 2"), "the damaged plan is not counted: {edit}");

    let typing = serde_json::json!([
        { "name": "action", "type": 3, "value": "done" },
        { "name": "item", "type": 3, "value": "dock", "focused": true }
    ]);
    let offered = http.post(&autocomplete("plan", typing.clone(), &MemberSpec::new(DEFAULT_USER_ID + 2))).await;
    assert_eq!(offered["type"], 8, "{offered}");
    let offered = http.post(&autocomplete("plan", typing, &MemberSpec::new(DEFAULT_USER_ID + 1))).await;
    assert!(offered.to_string().contains("devops-engineer/tool/docker"), "{offered}");
}

/// `/group` showed one page (no Next, however many share) and counted ticks of items a reloaded
/// document no longer lists, which `/plan` does not count: both count the items of the
/// current checklist that are ticked, and `/group` pages through every member.
#[test]
fn group_pages_through_every_member_and_counts_progress_as_plan_does() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    std::fs::create_dir(&folder).unwrap();
    let original = std::fs::read_to_string(content().join("6-DevOps_Engineer.md")).unwrap();
    std::fs::write(folder.join("6-DevOps_Engineer.md"), &original).unwrap();
    let url = format!("sqlite:{}", dir.path().join("plans.sqlite").display());
    let guild = fresh_guild_id();
    let me = Caller { moderator: false, user: Some(5), guild: Some(guild) };
    const OTHERS: u64 = 5_000;
    {
        let store = store_with(&folder, &url);
        for line in ["/plan set career:devops", "/plan done item:\"Terraform, Ansible\"", "/plan share state:on"] {
            assert!(!ask(&store, me, line).1, "{line}");
        }
        // 5,000 more members who share, in one transaction.
        let records: Vec<Record> = (0..OTHERS)
            .map(|n| Record::Plan {
                guild: guild.to_string(),
                member: (1_000_000 + n).to_string(),
                career: "devops-engineer".into(),
                shared: true,
                updated_at: 0,
                track: None,
            })
            .collect();
        store.plans().unwrap().import(&records).unwrap();
    }
    // The document drops Ansible: member 5's tick of it stays, and counts for neither command.
    std::fs::write(folder.join("6-DevOps_Engineer.md"), original.replace("Ansible (agentless, popular), Chef", "Chef"))
        .unwrap();
    let store = store_with(&folder, &url);
    let (text, _) = ask(&store, me, "/plan");
    let overall: String =
        text.split("% done overall").next().unwrap().chars().rev().take_while(char::is_ascii_digit).collect();
    let overall: String = overall.chars().rev().collect();
    assert!(text.contains("% done overall (1 of "), "Terraform only: {text}");

    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: me };
    let mut reply = commands::execute(&ctx, &commands::parse_line(&store.snapshot(), "/group").unwrap(), 0);
    let mut shown = std::collections::HashMap::new();
    let mut pages = 1;
    loop {
        for line in reply.text().lines() {
            if let Some((member, percent)) = line.strip_prefix("<@").and_then(|l| l.split_once("> — ")) {
                assert!(shown.insert(member.to_string(), percent.to_string()).is_none(), "{member} twice");
            }
        }
        let Some(next) = reply.next.clone() else { break };
        reply = commands::turn_page(&ctx, &next);
        assert!(!reply.error, "{:?}", reply.pages);
        pages += 1;
    }
    assert!(pages > 1, "one page for {} members", OTHERS + 1);
    assert_eq!(shown.len() as u64, OTHERS + 1, "every sharing member, on some page");
    assert_eq!(shown["5"], format!("{overall}%"), "/group counts as /plan does");
    assert_eq!(shown["1000000"], "0%");
}

/// Data Engineer lists Python, SQL, Java and Scala under both skills and tools: `/plan done
/// item:Python` ticked the first only, and the other, once ticked by id, could not be undone by
/// name. A name ticks and unticks every item of it and says where; autocomplete offers each
/// apart, by id.
#[test]
fn a_name_several_groups_list_is_ticked_and_unticked_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()) {
        let store = store_with(&content(), &url);
        let guild = fresh_guild_id();
        let me = Caller { moderator: false, user: Some(7), guild: Some(guild) };
        let plans = store.plans().unwrap();
        let done = || -> Vec<String> {
            let mut ids: Vec<String> =
                plans.done(&guild.to_string(), "7", "data-engineer/").unwrap().into_iter().map(|(id, _)| id).collect();
            ids.sort();
            ids
        };
        let both = ["data-engineer/skill/python", "data-engineer/tool/python"];
        assert!(ask(&store, me, "/plan set career:\"data engineer\"").0.contains("Data Engineer"));
        let (text, error) = ask(&store, me, "/plan done item:Python");
        assert!(!error && text.contains("✅ Python — Skills, Tools"), "{text}");
        assert_eq!(done(), both);
        let (text, _) = ask(&store, me, "/plan");
        assert!(text.matches("✅ Python").count() == 2 && !text.contains("⬜ Python"), "{text}");
        let (text, _) = ask(&store, me, "/plan undo item:python");
        assert!(text.contains("⬜ Python — Skills, Tools"), "{text}");
        assert!(done().is_empty());

        // Autocomplete: each apart, named by its group, valued by its id; a choice ticks that one.
        let offered = choices(&store, me, "/plan done", "pyth");
        let named: Vec<(String, String)> = offered.iter().map(|c| (c.name.clone(), c.value.to_string())).collect();
        assert!(named.contains(&("Python (Skills)".into(), both[0].into())), "{named:?}");
        assert!(named.contains(&("Python (Tools)".into(), both[1].into())), "{named:?}");
        ask(&store, me, &format!("/plan done item:{}", both[1]));
        assert_eq!(done(), [both[1]]);
        assert_eq!(choices(&store, me, "/plan undo", "pyth").len(), 1, "only the ticked one to undo");
        // Undone by name, though ticked by id.
        let (text, _) = ask(&store, me, "/plan undo item:Python");
        assert!(text.contains("⬜ Python"), "{text}");
        assert!(done().is_empty(), "{url}");
    }
}

/// The plain id of an item, as every checklist made them before certifications that differ only
/// in "(…)" were told apart.
fn plain_id(slug: &str, group: &str, name: &str) -> String {
    let part = match group {
        "Certifications" => "cert",
        "Skills" => "skill",
        "Tools" => "tool",
        _ => "project",
    };
    format!("{slug}/{part}/{}", careerbot::catalog::keys::key(name))
}

/// "AWS Certified Solutions Architect (Associate)" and "(Professional)" were one checklist item
/// (the id drops the qualifier), and a portfolio project with nothing to key kept an empty key
/// (the test for one missed the longer `project/` prefix). Every shipped item keeps its id:
/// members' ticks are stored by id.
#[test]
fn items_that_differ_only_in_parentheses_are_two_and_no_id_has_an_empty_key() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    std::fs::create_dir(&folder).unwrap();
    let original = std::fs::read_to_string(content().join("27-SecOps_Engineer.md")).unwrap();
    let changed = original
        .replacen(
            "Key certifications include:\n",
            "Key certifications include:\n\
             * **AWS Certified Solutions Architect (Associate):** Designing on AWS.\n\
             * **AWS Certified Solutions Architect (Professional):** Designing on AWS, at scale.\n",
            1,
        )
        .replacen("#### Project Ideas:\n", "#### Project Ideas:\n* **🚀:** A rocket with no name.\n", 1);
    assert_eq!(changed.lines().count(), original.lines().count() + 3);
    std::fs::write(folder.join("27-SecOps_Engineer.md"), &changed).unwrap();
    let url = format!("sqlite:{}", dir.path().join("plans.sqlite").display());
    let store = store_with(&folder, &url);
    let snapshot = store.snapshot();
    let checklist = snapshot.checklist(0);
    let certs: Vec<(&str, &str)> = checklist
        .groups
        .iter()
        .filter(|(g, _)| *g == "Certifications")
        .flat_map(|(_, items)| items.iter().map(|i| (i.id.as_str(), i.name.as_str())))
        .collect();
    let aws: Vec<_> = certs.iter().filter(|(_, name)| name.starts_with("AWS Certified Solutions Architect")).collect();
    assert_eq!(
        aws,
        [
            &("secops-engineer/cert/awscertifiedsolutionsarchitect", "AWS Certified Solutions Architect (Associate)"),
            &(
                "secops-engineer/cert/awscertifiedsolutionsarchitectprofessional",
                "AWS Certified Solutions Architect (Professional)"
            ),
        ],
        "{certs:?}"
    );
    let items = || checklist.groups.iter().flat_map(|(_, items)| items);
    assert!(items().all(|i| !i.id.ends_with('/')), "{checklist:?}");
    assert!(!items().any(|i| i.name.contains('🚀')), "{checklist:?}");
    drop(snapshot);

    // Ticked by their full names, each is its own; the shared part alone asks which.
    let me = Caller { moderator: false, user: Some(9), guild: Some(fresh_guild_id()) };
    ask(&store, me, "/plan set career:secops");
    let (text, _) = ask(&store, me, "/plan done item:\"AWS Certified Solutions Architect (Professional)\"");
    assert!(text.contains("✅ AWS Certified Solutions Architect (Professional)"), "{text}");
    assert!(!text.contains("(Associate)"), "{text}");
    let (text, _) = ask(&store, me, "/plan done item:\"AWS Certified Solutions Architect\"");
    assert!(text.contains("could be") && text.contains("Associate") && text.contains("name one"), "{text}");
    let (text, _) = ask(&store, me, "/plan");
    assert!(text.contains("⬜ AWS Certified Solutions Architect (Associate)"), "{text}");
    assert!(text.contains("✅ AWS Certified Solutions Architect (Professional)"), "{text}");

    // The shipped library: every item's id is its plain id, as before.
    let library = load_dir(&content(), &LoadOptions::default()).unwrap();
    let shipped = Snapshot::in_memory(library).unwrap();
    let mut count = 0;
    for (position, doc) in shipped.library.documents.iter().enumerate() {
        for (group, items) in &shipped.checklist(position).groups {
            for item in items {
                assert_eq!(item.id, plain_id(&doc.slug, group, &item.name));
                count += 1;
            }
        }
    }
    assert!(count > 500, "{count} items");
}

/// `done` and `undo` forgive what `/career` forgives: a slip in a name, the abbreviation a
/// certification carries, the words of a name without its vendor; several in one value. A word
/// several items hold is a question back, and nothing is ticked for it.
#[test]
fn done_and_undo_forgive_typos_abbreviations_and_words_in_one_comma_list() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()) {
        let store = store_with(&content(), &url);
        let guild = fresh_guild_id();
        let me = Caller { moderator: false, user: Some(9), guild: Some(guild) };
        assert!(ask(&store, me, "/plan set career:secops").0.contains("SecOps Engineer"));
        let (text, error) = ask(&store, me, "/plan done item:\"security+, CEH, terrafrom, ansibel\"");
        assert!(!error, "{text}");
        for ticked in ["✅ CompTIA Security+", "✅ Certified Ethical Hacker (CEH)", "✅ Terraform", "✅ Ansible"] {
            assert!(text.contains(ticked), "{ticked} in {text}");
        }
        assert!(!text.contains("Not on your checklist"), "{text}");
        let (text, _) = ask(&store, me, "/plan");
        assert!(text.contains("✅ CompTIA Security+") && text.contains("✅ Terraform"), "{text}");
        let (text, _) = ask(&store, me, "/plan undo item:\"comptia security+, terraform\"");
        assert!(text.contains("⬜ CompTIA Security+") && text.contains("⬜ Terraform"), "{text}");
        // "Security" is a word of many items: which one?
        let (text, _) = ask(&store, me, "/plan done item:security");
        assert!(text.contains("could be"), "{text}");
        let (text, _) = ask(&store, me, "/plan");
        assert!(!text.contains("✅ CompTIA Security+"), "{text}");
        // A short name is not read with a slip: "CEG" is not CEH.
        let (text, _) = ask(&store, me, "/plan done item:CEG");
        assert!(text.contains("No such item") || text.contains("Not on your checklist"), "{text}");
    }
}

/// A member follows a study track beside a career: `set track:`, lessons ticked by number,
/// title words and typos in one comma list, the checklist module by module, `/group`, the
/// autocomplete from their own track, export and import, forget; on both databases.
#[test]
fn a_member_follows_a_track_beside_a_career_and_ticks_its_lessons() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()) {
        let store = store_with(&content(), &url);
        let guild = fresh_guild_id();
        let me = Caller { moderator: false, user: Some(11), guild: Some(guild) };
        let other = Caller { moderator: false, user: Some(12), guild: Some(guild) };
        let (text, error) = ask(&store, me, "/plan done lesson:1.1");
        assert!(error && text.contains("/plan set career"), "no plan yet: {text}");
        let (text, error) = ask(&store, me, "/plan set track:freelance");
        assert!(!error && text.contains("Freelancing for Technology Undergraduates"), "{url}: {text}");
        let (text, error) = ask(&store, me, "/plan done lesson:\"1.1, winning online profile, glosary\"");
        assert!(!error, "{text}");
        for line in [
            "✅ `1.1` Welcome to the Freelance World",
            "✅ `2.3` Crafting Your Winning Online Profile",
            "✅ `6.1` Glossary",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
        assert!(text.contains("Next: `1` Introduction"), "the first lesson left: {text}");
        let (text, _) = ask(&store, me, "/plan");
        assert!(text.contains("10% of the track (3 of 30 lessons)"), "{text}");
        assert!(text.contains("**Appendices and Resources** — 1/4 (25%)"), "{text}");
        // A career beside it: both checklists, each % saying what it is of.
        assert!(!ask(&store, me, "/plan set career:secops").1);
        let (text, _) = ask(&store, me, "/plan");
        assert!(text.starts_with("Your plan: SecOps Engineer · Freelancing"), "{text}");
        assert!(text.contains("0% of the career (0 of ") && text.contains("3 of 30 lessons"), "{text}");
        // Ticking items of the career does not touch lessons, and the other way round.
        assert!(!ask(&store, me, "/plan done item:terraform").1);
        let (text, _) = ask(&store, me, "/plan undo lesson:6.1");
        assert!(text.contains("⬜ `6.1`"), "{text}");
        // Autocomplete offers the lessons of my track not done yet.
        let settings = Settings::default();
        let ctx = Context { store: &store, settings: &settings, caller: me };
        let partial = commands::parse_line(&store.snapshot(), "/plan done").unwrap();
        let offered: Vec<String> =
            commands::complete_for(&ctx, &partial, "lesson", "2.").into_iter().map(|c| c.name).collect();
        assert!(
            offered.iter().any(|n| n.starts_with("2.1 ")) && !offered.iter().any(|n| n.starts_with("2.3 ")),
            "{offered:?}"
        );
        // Shared: on the board with the track.
        assert!(!ask(&store, me, "/plan share state:on").1);
        let (board, _) = ask(&store, other, "/group");
        assert!(
            board.contains("**Freelancing for Technology Undergraduates** (track)\n<@11> — 6% (2 of 30 lessons)"),
            "{board}"
        );
        // Export and import keep the track and its lessons.
        let plans = store.plans().unwrap();
        let exported = plans.export(Some(&guild.to_string()), Some("11")).unwrap().rows;
        assert!(exported.iter().any(|r| matches!(r, Record::Plan { track: Some(t), career, .. } if t == "freelancing" && career == "secops-engineer")), "{exported:?}");
        assert!(
            exported.iter().any(
                |r| matches!(r, Record::Done { item, .. } if item == "tracks/freelancing/2-3-winning-online-profile")
            ),
            "{exported:?}"
        );
        let copy = PlanStore::open(&format!(
            "sqlite:{}",
            dir.path().join(format!("tracks-{}.sqlite", plans.kind())).display()
        ))
        .unwrap();
        copy.import(&exported).unwrap();
        assert_eq!(copy.export(None, None).unwrap().rows, exported);
        // Dropping the track keeps the ticks; forget deletes them.
        let (text, _) = ask(&store, me, "/plan set track:off");
        assert!(text.contains("the lessons you ticked are kept"), "{text}");
        assert_eq!(plans.done(&guild.to_string(), "11", "tracks/freelancing/").unwrap().len(), 2);
        let (_, error) = ask(&store, me, "/plan forget confirm:true");
        assert!(!error);
        assert!(plans.done(&guild.to_string(), "11", "").unwrap().is_empty());
    }
    // The option exists where a member types it.
    let plan = COMMANDS.iter().find(|c| c.name == "plan").unwrap();
    assert!(plan.option("track").is_some() && plan.option("lesson").is_some());
}

/// A member's language, kept per server: `/learn` and `/define` use it (a lesson without a
/// translation in English with a line saying so), `lang:` on a command wins, other members and
/// other servers keep English; export, import and forget cover it; on both databases.
#[test]
fn a_members_language_is_kept_per_server_and_used_by_learn_and_define() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()) {
        let store = store_with(&content(), &url);
        let (guild, elsewhere) = (fresh_guild_id(), fresh_guild_id() ^ 2);
        let me = Caller { moderator: false, user: Some(21), guild: Some(guild) };
        let other = Caller { moderator: false, user: Some(22), guild: Some(guild) };
        let me_elsewhere = Caller { guild: Some(elsewhere), ..me };
        let (text, error) = ask(&store, me, "/plan set lang:sinhala");
        assert!(!error && text.contains("in Sinhala here"), "{url}: {text}");
        let (text, _) = ask(&store, me, "/learn ai-aptitude 1.1");
        assert!(text.starts_with("1.1 කෘතිම බුද්ධියට හැඳින්වීම"), "{url}: {text}");
        let (text, _) = ask(&store, me, "/learn freelancing 1.1");
        assert!(text.contains("This lesson has no Sinhala translation; here it is in English."), "{text}");
        let (text, _) = ask(&store, me, "/define csrf");
        assert!(text.contains("Not in Sinhala: the definition and its lesson are in English."), "{text}");
        let (text, _) = ask(&store, me, "/learn ai-aptitude 1.1 lang:en");
        assert!(text.starts_with("1.1 Introduction to AI"), "{text}");
        for caller in [other, me_elsewhere] {
            let (text, _) = ask(&store, caller, "/learn ai-aptitude 1.1");
            assert!(text.starts_with("1.1 Introduction to AI"), "{text}");
        }
        let (text, error) = ask(&store, me, "/plan set lang:klingon");
        assert!(error && text.contains("not 'klingon'"), "{text}");
        // Export and import carry it; forget deletes it.
        let plans = store.plans().unwrap();
        let exported = plans.export(Some(&guild.to_string()), Some("21")).unwrap().rows;
        assert!(
            exported.iter().any(|r| matches!(r, Record::Settings { lang: Some(l), .. } if l == "si")),
            "{exported:?}"
        );
        let copy = PlanStore::open(&format!(
            "sqlite:{}",
            dir.path().join(format!("languages-{}.sqlite", plans.kind())).display()
        ))
        .unwrap();
        copy.import(&exported).unwrap();
        assert_eq!(copy.language(&guild.to_string(), "21").unwrap().as_deref(), Some("si"));
        assert!(!ask(&store, me, "/plan set lang:en").1);
        assert_eq!(plans.language(&guild.to_string(), "21").unwrap(), None);
        assert!(!ask(&store, me, "/plan set lang:ta").1);
        let (_, error) = ask(&store, me, "/plan forget confirm:true");
        assert!(!error);
        assert_eq!(plans.language(&guild.to_string(), "21").unwrap(), None);
        assert!(plans.export(Some(&guild.to_string()), Some("21")).unwrap().rows.is_empty());
    }
}
