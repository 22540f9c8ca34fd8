//! Study plans: what members create, kept in a real database and never lost.
//!
//! One code path for SQLite (the default: a file created on first use, in WAL mode with full
//! sync, so an acknowledged write survives a crash) and PostgreSQL (`postgres://…`, for several
//! replicas of the HTTP mode), through sqlx's `Any` driver; the schema is versioned in
//! `migrations/` and applied at start.
//!
//! Rows are keyed by server and member. Nothing here logs a member beyond ids.
//!
//! The store is used from synchronous command code: each call runs on the store's own small
//! runtime (from a thread of its own when called inside tokio), so it is safe from any thread.

use std::fmt;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

use crate::catalog::profiles::{key, Profiles};
use crate::content::{labelled_items, Document, Part};

/// The default database: a SQLite file beside the working folder.
pub const DEFAULT_URL: &str = "sqlite:data/careerbot.sqlite";

/// The schema, embedded from `migrations/`.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A done item: (id, name).
pub type DoneItem = (String, String);

/// A database problem, with what was being done.
#[derive(Debug)]
pub struct PlanError(pub String);

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PlanError {}

fn failed(what: &str) -> impl Fn(sqlx::Error) -> PlanError + '_ {
    move |e| PlanError(format!("{what}: {e}"))
}

/// A member's target in a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Career slug.
    pub career: String,
    /// Others in the server may see it.
    pub shared: bool,
}

/// One line of `careerbot db export` / `import`: a plan or a done item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Record {
    /// A member's target.
    Plan {
        /// Server id ("local" in the terminal).
        guild: String,
        /// Member id.
        member: String,
        /// Career slug.
        career: String,
        /// Shared with the server.
        shared: bool,
        /// Unix seconds.
        updated_at: i64,
    },
    /// A done item.
    Done {
        /// Server id.
        guild: String,
        /// Member id.
        member: String,
        /// Item id.
        item: String,
        /// Item as shown.
        name: String,
        /// Unix seconds.
        done_at: i64,
    },
}

/// Plans in a database.
pub struct PlanStore {
    pool: AnyPool,
    /// Always `Some` until dropped.
    runtime: Option<tokio::runtime::Runtime>,
    url_kind: &'static str,
}

impl Drop for PlanStore {
    fn drop(&mut self) {
        // The store may be dropped on an async thread (the bot stopping): a runtime cannot be
        // shut down there by waiting, so it is let go in the background.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl fmt::Debug for PlanStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the URL: it may hold a password.
        f.debug_struct("PlanStore").field("database", &self.url_kind).finish()
    }
}

/// A done item; one already there keeps its first time.
const INSERT_DONE: &str = "INSERT INTO progress (guild, member, item, name, done_at) VALUES ($1, $2, $3, $4, $5) \
                           ON CONFLICT (guild, member, item) DO NOTHING";

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl PlanStore {
    /// Opens (creating a SQLite file and its folder when needed) and migrates the database.
    pub fn open(url: &str) -> Result<PlanStore, PlanError> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        let url_kind = if sqlite {
            "sqlite"
        } else if url.starts_with("postgres") {
            "postgres"
        } else {
            "other"
        };
        if url_kind == "other" {
            return Err(PlanError("the database URL must start with sqlite: or postgres://".into()));
        }
        let url = if sqlite { sqlite_url(url)? } else { url.to_string() };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("careerbot-db")
            .enable_all()
            .build()
            .map_err(|e| PlanError(format!("database runtime: {e}")))?;
        // Two processes creating the same SQLite file at once may find it locked while the
        // other turns on WAL (SQLite answers that without waiting): the loser tries again.
        let mut tries = 0;
        let pool = loop {
            let connected = std::thread::scope(|s| s.spawn(|| runtime.block_on(connect(&url, sqlite))).join())
                .map_err(|_| PlanError("the database connection panicked".into()))?
                .map_err(|e| PlanError(format!("cannot open the {url_kind} database: {e}")));
            match connected {
                Err(e) if sqlite && tries < 10 && is_race(&e) => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 * tries));
                }
                connected => break connected?,
            }
        };
        let store = PlanStore { pool, runtime: Some(runtime), url_kind };
        // PostgreSQL serialises migrations with a lock; SQLite has none, so two processes
        // starting at once may race: the loser tries again and finds them applied.
        let mut tries = 0;
        loop {
            match store.migrate() {
                Ok(()) => return Ok(store),
                Err(e) if sqlite && tries < 10 && is_race(&e) => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100 * tries));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Runs `work` on the store's runtime, blocking the calling thread: right here outside
    /// tokio (the terminal); inside a multi-threaded tokio runtime (the bot) after
    /// `block_in_place`, which lets a worker or blocking thread wait on another runtime; and
    /// only inside a current-thread runtime, where neither is allowed, from a thread of its own
    /// (a thread per call costs more CPU than the query under load).
    pub(crate) fn run<T: Send>(&self, work: impl std::future::Future<Output = T> + Send) -> T {
        use tokio::runtime::{Handle, RuntimeFlavor};
        let Some(runtime) = &self.runtime else { unreachable!("the runtime lives as long as the store") };
        match Handle::try_current().map(|h| h.runtime_flavor()) {
            Err(_) => runtime.block_on(work),
            Ok(RuntimeFlavor::CurrentThread) => std::thread::scope(|s| {
                s.spawn(|| runtime.block_on(work)).join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }),
            Ok(_) => tokio::task::block_in_place(|| runtime.block_on(work)),
        }
    }

    /// Applies the migrations not yet applied.
    pub fn migrate(&self) -> Result<(), PlanError> {
        self.run(async { MIGRATOR.run(&self.pool).await })
            .map_err(|e| PlanError(format!("migrating the {} database: {e}", self.url_kind)))
    }

    /// The migrations: (version, description, applied).
    pub fn status(&self) -> Result<Vec<(i64, String, bool)>, PlanError> {
        let applied: Vec<i64> = self
            .run(async {
                sqlx::query("SELECT version FROM _sqlx_migrations ORDER BY version")
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.iter().map(|r| r.get::<i64, _>(0)).collect())
            })
            .unwrap_or_default();
        Ok(MIGRATOR.iter().map(|m| (m.version, m.description.to_string(), applied.contains(&m.version))).collect())
    }

    /// "sqlite" or "postgres".
    pub fn kind(&self) -> &'static str {
        self.url_kind
    }

    /// The pool, for the storage modules beside this one (`crate::seen`).
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A member's plan in a server.
    pub fn plan(&self, guild: &str, member: &str) -> Result<Option<Plan>, PlanError> {
        self.run(async {
            sqlx::query("SELECT career, shared FROM plans WHERE guild = $1 AND member = $2")
                .bind(guild)
                .bind(member)
                .fetch_optional(&self.pool)
                .await
        })
        .map(|row| row.as_ref().map(plan_of))
        .map_err(failed("reading a plan"))
    }

    /// A member's plan and the items of its career they have done (id, name), in one round
    /// trip: `/plan` shows both.
    pub fn plan_and_done(&self, guild: &str, member: &str) -> Result<Option<(Plan, Vec<DoneItem>)>, PlanError> {
        let rows = self
            .run(async {
                sqlx::query(
                    "SELECT p.career, p.shared, g.item, g.name FROM plans p \
                     LEFT JOIN progress g ON g.guild = p.guild AND g.member = p.member \
                     WHERE p.guild = $1 AND p.member = $2 ORDER BY g.done_at, g.item",
                )
                .bind(guild)
                .bind(member)
                .fetch_all(&self.pool)
                .await
            })
            .map_err(failed("reading a plan"))?;
        let Some(first) = rows.first() else { return Ok(None) };
        let plan = plan_of(first);
        let prefix = format!("{}/", plan.career);
        let mut done = Vec::new();
        for row in &rows {
            let item: Option<String> = row.try_get(2).map_err(failed("reading progress"))?;
            let name: Option<String> = row.try_get(3).map_err(failed("reading progress"))?;
            if let (Some(item), Some(name)) = (item, name) {
                if item.starts_with(&prefix) {
                    done.push((item, name));
                }
            }
        }
        Ok(Some((plan, done)))
    }

    /// Sets a member's target (sharing unchanged; off for a new plan).
    pub fn set_target(&self, guild: &str, member: &str, career: &str) -> Result<(), PlanError> {
        self.run(async {
            sqlx::query(
                "INSERT INTO plans (guild, member, career, shared, updated_at) VALUES ($1, $2, $3, 0, $4) \
                 ON CONFLICT (guild, member) DO UPDATE SET career = excluded.career, updated_at = excluded.updated_at",
            )
            .bind(guild)
            .bind(member)
            .bind(career)
            .bind(now())
            .execute(&self.pool)
            .await
        })
        .map(drop)
        .map_err(failed("saving a plan"))
    }

    /// Shares a plan or stops; false when the member has none.
    pub fn share(&self, guild: &str, member: &str, shared: bool) -> Result<bool, PlanError> {
        self.run(async {
            sqlx::query("UPDATE plans SET shared = $1, updated_at = $2 WHERE guild = $3 AND member = $4")
                .bind(i64::from(shared))
                .bind(now())
                .bind(guild)
                .bind(member)
                .execute(&self.pool)
                .await
        })
        .map(|done| done.rows_affected() > 0)
        .map_err(failed("sharing a plan"))
    }

    /// Marks items done (id, name): one statement, so all or none, in one round trip. An item
    /// done already, or named twice, stays one row (`ON CONFLICT DO NOTHING`, on both databases).
    pub fn mark_done(&self, guild: &str, member: &str, items: &[(String, String)]) -> Result<(), PlanError> {
        if items.is_empty() {
            return Ok(());
        }
        // "($1, $2, $3, $4, $5), ($6, …)": the Any driver's query builder writes `?`, which
        // PostgreSQL does not take.
        let rows: Vec<String> = (0..items.len())
            .map(|i| format!("(${}, ${}, ${}, ${}, ${})", 5 * i + 1, 5 * i + 2, 5 * i + 3, 5 * i + 4, 5 * i + 5))
            .collect();
        let sql = format!(
            "INSERT INTO progress (guild, member, item, name, done_at) VALUES {} \
             ON CONFLICT (guild, member, item) DO NOTHING",
            rows.join(", ")
        );
        let at = now();
        self.run(async {
            let mut query = sqlx::query(&sql);
            for (item, name) in items {
                query = query.bind(guild).bind(member).bind(item).bind(name).bind(at);
            }
            query.execute(&self.pool).await
        })
        .map(drop)
        .map_err(failed("saving progress"))
    }

    /// Marks items not done: one statement, in one round trip.
    pub fn undo(&self, guild: &str, member: &str, items: &[String]) -> Result<(), PlanError> {
        if items.is_empty() {
            return Ok(());
        }
        let places: Vec<String> = (0..items.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!("DELETE FROM progress WHERE guild = $1 AND member = $2 AND item IN ({})", places.join(", "));
        self.run(async {
            let mut query = sqlx::query(&sql).bind(guild).bind(member);
            for item in items {
                query = query.bind(item);
            }
            query.execute(&self.pool).await
        })
        .map(drop)
        .map_err(failed("saving progress"))
    }

    /// The items a member has done whose ids start with `prefix` (a career's slug and "/"):
    /// (id, name).
    pub fn done(&self, guild: &str, member: &str, prefix: &str) -> Result<Vec<(String, String)>, PlanError> {
        self.run(async {
            sqlx::query("SELECT item, name FROM progress WHERE guild = $1 AND member = $2 ORDER BY done_at, item")
                .bind(guild)
                .bind(member)
                .fetch_all(&self.pool)
                .await
        })
        .map(|rows| {
            rows.iter()
                .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
                .filter(|(item, _)| item.starts_with(prefix))
                .collect()
        })
        .map_err(failed("reading progress"))
    }

    /// Deletes everything stored about a member in a server: (plans, items) deleted.
    pub fn forget(&self, guild: &str, member: &str) -> Result<(u64, u64), PlanError> {
        self.run(async {
            let mut tx = self.pool.begin().await?;
            let plans = sqlx::query("DELETE FROM plans WHERE guild = $1 AND member = $2")
                .bind(guild)
                .bind(member)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let items = sqlx::query("DELETE FROM progress WHERE guild = $1 AND member = $2")
                .bind(guild)
                .bind(member)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok((plans, items))
        })
        .map_err(failed("deleting a member's data"))
    }

    /// The plans of a server: (member, career, shared).
    pub fn plans_in(&self, guild: &str) -> Result<Vec<(String, String, bool)>, PlanError> {
        self.run(async {
            sqlx::query("SELECT member, career, shared FROM plans WHERE guild = $1 ORDER BY career, member")
                .bind(guild)
                .fetch_all(&self.pool)
                .await
        })
        .map(|rows| rows.iter().map(|r| (r.get(0), r.get(1), r.get::<i64, _>(2) != 0)).collect())
        .map_err(failed("reading a server's plans"))
    }

    /// Every plan and done item, of one server and member if given, as export records.
    pub fn export(&self, guild: Option<&str>, member: Option<&str>) -> Result<Vec<Record>, PlanError> {
        let keep = |g: &str, m: &str| guild.is_none_or(|x| x == g) && member.is_none_or(|x| x == m);
        let (plans, done): (Vec<AnyRow>, Vec<AnyRow>) = self
            .run(async {
                let plans =
                    sqlx::query("SELECT guild, member, career, shared, updated_at FROM plans ORDER BY guild, member")
                        .fetch_all(&self.pool)
                        .await?;
                let done =
                    sqlx::query("SELECT guild, member, item, name, done_at FROM progress ORDER BY guild, member, item")
                        .fetch_all(&self.pool)
                        .await?;
                Ok::<_, sqlx::Error>((plans, done))
            })
            .map_err(failed("exporting"))?;
        let mut records = Vec::new();
        for r in &plans {
            let (g, m): (String, String) = (r.get(0), r.get(1));
            if keep(&g, &m) {
                records.push(Record::Plan {
                    guild: g,
                    member: m,
                    career: r.get(2),
                    shared: r.get::<i64, _>(3) != 0,
                    updated_at: r.get(4),
                });
            }
        }
        for r in &done {
            let (g, m): (String, String) = (r.get(0), r.get(1));
            if keep(&g, &m) {
                records.push(Record::Done { guild: g, member: m, item: r.get(2), name: r.get(3), done_at: r.get(4) });
            }
        }
        Ok(records)
    }

    /// Writes records (as `export` gives them) in one transaction; a plan replaces the one
    /// there, a done item already there is kept. Returns how many were written.
    pub fn import(&self, records: &[Record]) -> Result<usize, PlanError> {
        self.run(async {
            let mut tx = self.pool.begin().await?;
            for record in records {
                match record {
                    Record::Plan { guild, member, career, shared, updated_at } => {
                        sqlx::query(
                            "INSERT INTO plans (guild, member, career, shared, updated_at) VALUES ($1, $2, $3, $4, $5) \
                             ON CONFLICT (guild, member) DO UPDATE SET career = excluded.career, \
                             shared = excluded.shared, updated_at = excluded.updated_at",
                        )
                        .bind(guild)
                        .bind(member)
                        .bind(career)
                        .bind(i64::from(*shared))
                        .bind(*updated_at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    Record::Done { guild, member, item, name, done_at } => {
                        sqlx::query(INSERT_DONE)
                            .bind(guild)
                            .bind(member)
                            .bind(item)
                            .bind(name)
                            .bind(*done_at)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
            }
            tx.commit().await?;
            Ok(records.len())
        })
        .map_err(failed("importing"))
    }
}

/// An error another process starting at the same time can cause (SQLite has no migration
/// lock): worth trying again, unlike a corrupt file or an unknown migration.
/// A plan from a row whose first columns are `career, shared`.
fn plan_of(row: &AnyRow) -> Plan {
    Plan { career: row.get(0), shared: row.get::<i64, _>(1) != 0 }
}

/// One probe connection, then the pool. The probe says why a database cannot be used ("file is
/// not a database"), which a pool hides behind its timeout ("pool timed out").
async fn connect(url: &str, sqlite: bool) -> Result<AnyPool, sqlx::Error> {
    let mut probe = <sqlx::AnyConnection as sqlx::Connection>::connect(url).await?;
    sqlx::query(if sqlite { "PRAGMA journal_mode = WAL" } else { "SELECT 1" }).execute(&mut probe).await?;
    if sqlite {
        // A database that opens but takes no writes (a read-only file or
        // mount) is a start-up error too, not a bot whose every /plan fails.
        let version: i64 = sqlx::query("PRAGMA user_version").fetch_one(&mut probe).await?.get(0);
        sqlx::query("BEGIN IMMEDIATE").execute(&mut probe).await?;
        let wrote = sqlx::query(&format!("PRAGMA user_version = {version}")).execute(&mut probe).await;
        sqlx::query("ROLLBACK").execute(&mut probe).await?;
        wrote?;
    }
    sqlx::Connection::close(probe).await?;
    AnyPoolOptions::new()
        .max_connections(if sqlite { 1 } else { 8 })
        // Opened (in the background) at start rather than by the first members' commands:
        // a PostgreSQL connection starts a server process, milliseconds each under load.
        .min_connections(if sqlite { 1 } else { 4 })
        .acquire_timeout(std::time::Duration::from_secs(10))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    // WAL, and a commit is on disk before it is acknowledged.
                    for pragma in
                        ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000"]
                    {
                        sqlx::query(pragma).execute(&mut *conn).await?;
                    }
                }
                Ok(())
            })
        })
        .connect(url)
        .await
}

fn is_race(error: &PlanError) -> bool {
    let text = error.0.to_lowercase();
    ["locked", "busy", "already exists", "unique constraint"].iter().any(|w| text.contains(w))
}

/// `sqlite:path` with its folder made and `mode=rwc` (create the file on first use).
fn sqlite_url(url: &str) -> Result<String, PlanError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err(PlanError("a SQLite database needs a file path: plans must outlive the process".into()));
    }
    if let Some(folder) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| PlanError(format!("{}: {e}", folder.display())))?;
    }
    let query = if query.contains("mode=") { query.to_string() } else { format!("mode=rwc&{query}") };
    Ok(format!("sqlite://{path}?{}", query.trim_end_matches('&')))
}

/// One item of a career's checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Stable id: career slug / part / normalised name ("secops-engineer/cert/cissp").
    pub id: String,
    /// As the document writes it.
    pub name: String,
}

/// A career's checklist: (group, its items), for certifications, technical skills, tools and
/// portfolio projects.
pub type Checklist = Vec<(&'static str, Vec<ChecklistItem>)>;

/// A career's checklist, by group (each snapshot keeps them: [`crate::snapshot::Snapshot::checklist`]).
pub fn checklist(doc: &Document, profiles: &Profiles, position: usize) -> Checklist {
    let item = |part: &str, name: &str| ChecklistItem {
        id: format!("{}/{part}/{}", doc.slug, key(name)),
        name: name.to_string(),
    };
    let dedup = |items: Vec<ChecklistItem>| {
        let mut seen = std::collections::HashSet::new();
        items.into_iter().filter(|i| i.id.len() > doc.slug.len() + 6 && seen.insert(i.id.clone())).collect::<Vec<_>>()
    };
    let profile = profiles.of(position);
    let certifications = dedup(doc.certifications.iter().map(|c| item("cert", &c.name)).collect());
    let skills = dedup(profile.skills.iter().map(|s| item("skill", s.name())).collect());
    let tools = dedup(profile.tools.iter().map(|t| item("tool", t.name())).collect());
    let projects = dedup(
        doc.part(Part::Projects)
            .map(|s| {
                labelled_items(&s.body)
                    .into_iter()
                    .filter_map(|(label, _)| label)
                    .map(|l| item("project", &l))
                    .collect()
            })
            .unwrap_or_default(),
    );
    [("Certifications", certifications), ("Skills", skills), ("Tools", tools), ("Portfolio projects", projects)]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .collect()
}
