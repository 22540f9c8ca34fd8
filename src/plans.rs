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

/// The default database: a SQLite file beside the working folder.
pub const DEFAULT_URL: &str = "sqlite:data/careerbot.sqlite";

/// The schema, embedded from `migrations/`.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A done item: (id, name).
pub type DoneItem = (String, String);

/// A database problem, with what was being done.
#[derive(Debug)]
pub struct PlanError {
    /// What failed.
    pub message: String,
    /// The row that cannot be read, when that is the problem: trying again will not help,
    /// unlike a database that is down.
    pub bad_row: Option<Box<BadRow>>,
}

impl PlanError {
    /// A problem with the database or a statement, not with one row.
    pub(crate) fn new(message: impl Into<String>) -> PlanError {
        PlanError { message: message.into(), bad_row: None }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PlanError {}

fn failed(what: &str) -> impl Fn(sqlx::Error) -> PlanError + '_ {
    move |e| PlanError::new(format!("{what}: {e}"))
}

/// A row that cannot be read: a value of another type than the schema's (SQLite keeps what it
/// is given: `UPDATE plans SET shared = 'yes'`). Named by its key, ids only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// "plans" or "progress".
    pub table: &'static str,
    /// Server id ("?" when that is what cannot be read).
    pub guild: String,
    /// Member id ("?" likewise).
    pub member: String,
    /// The item, for a progress row.
    pub item: Option<String>,
    /// Which column, and why.
    pub problem: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} row (guild {}, member {}", self.table, self.guild, self.member)?;
        if let Some(item) = &self.item {
            write!(f, ", item {item}")?;
        }
        write!(f, ") cannot be read: {}", self.problem)
    }
}

impl BadRow {
    /// Logs it (warn: the data needs an operator, the bot carries on without the row).
    fn logged(self) -> BadRow {
        tracing::warn!(
            table = self.table,
            guild = %self.guild,
            member = %self.member,
            item = self.item.as_deref().unwrap_or(""),
            problem = %self.problem,
            "database row cannot be read; left out"
        );
        self
    }
}

/// What a read found: the rows that decode, and those that do not (logged, left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read<T> {
    /// The rows read.
    pub rows: Vec<T>,
    /// The rows that cannot be read.
    pub bad: Vec<BadRow>,
}

impl<T> Default for Read<T> {
    fn default() -> Self {
        Read { rows: Vec::new(), bad: Vec::new() }
    }
}

impl<T> Read<T> {
    fn push(&mut self, row: Result<T, BadRow>) {
        match row {
            Ok(row) => self.rows.push(row),
            Err(bad) => self.bad.push(bad.logged()),
        }
    }
}

/// A column's value, or which column failed and why.
fn column<'r, T>(row: &'r AnyRow, index: usize, name: &str) -> Result<T, String>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(index).map_err(|e| format!("column {name}: {e}"))
}

/// An id column for naming a bad row: "?" when it is the unreadable part.
fn id_or_unknown(row: &AnyRow, index: usize) -> String {
    row.try_get(index).unwrap_or_else(|_| "?".to_string())
}

/// The 0/1 flag columns (the Any driver reads no SQLite booleans).
fn flag(row: &AnyRow, index: usize, name: &str) -> Result<bool, String> {
    column::<i64>(row, index, name).map(|v| v != 0)
}

/// One plan of a server, as `/group` reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Member id.
    pub member: String,
    /// Career slug (empty: none).
    pub career: String,
    /// Shared with the server.
    pub shared: bool,
    /// Track followed, if any.
    pub track: Option<String>,
}

/// A member's target in a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Career slug; empty when the member follows only a track.
    pub career: String,
    /// Others in the server may see it.
    pub shared: bool,
    /// The study track followed (its folder's name), if any.
    pub track: Option<String>,
}

/// The prefix of the progress items of a track's lessons: `tracks/<track>/`.
pub fn track_prefix(track: &str) -> String {
    format!("tracks/{track}/")
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
        /// Career slug (empty when only a track is followed).
        career: String,
        /// Shared with the server.
        shared: bool,
        /// Unix seconds.
        updated_at: i64,
        /// The track followed (added with the tracks; absent in older exports).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        track: Option<String>,
    },
    /// A member's own settings (added with languages; absent in older exports).
    Settings {
        /// Server id.
        guild: String,
        /// Member id.
        member: String,
        /// The language lessons and definitions are shown in; none: English.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
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

/// A member's settings, replacing the row there.
const UPSERT_SETTINGS: &str = "INSERT INTO member_settings (guild, member, lang, updated_at) VALUES ($1, $2, $3, $4) \
                               ON CONFLICT (guild, member) DO UPDATE SET lang = excluded.lang, \
                               updated_at = excluded.updated_at";

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
            return Err(PlanError::new("the database URL must start with sqlite: or postgres://"));
        }
        let url = if sqlite { sqlite_url(url)? } else { url.to_string() };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("careerbot-db")
            .enable_all()
            .build()
            .map_err(|e| PlanError::new(format!("database runtime: {e}")))?;
        // Two processes creating the same SQLite file at once may find it locked while the
        // other turns on WAL (SQLite answers that without waiting): the loser tries again.
        let mut tries = 0;
        let pool = loop {
            let connected = std::thread::scope(|s| s.spawn(|| runtime.block_on(connect(&url, sqlite))).join())
                .map_err(|_| PlanError::new("the database connection panicked"))?
                .map_err(|e| PlanError::new(format!("cannot open the {url_kind} database: {e}")));
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
            .map_err(|e| PlanError::new(format!("migrating the {} database: {e}", self.url_kind)))
    }

    /// The migrations: (version, description, applied).
    pub fn status(&self) -> Result<Vec<(i64, String, bool)>, PlanError> {
        let applied: Vec<i64> = self
            .run(async {
                sqlx::query("SELECT version FROM _sqlx_migrations ORDER BY version")
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.iter().filter_map(|r| r.try_get::<i64, _>(0).ok()).collect())
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

    /// A member's plan in a server. A row that cannot be read is an error naming it
    /// ([`PlanError::bad_row`]).
    pub fn plan(&self, guild: &str, member: &str) -> Result<Option<Plan>, PlanError> {
        let row = self
            .run(async {
                sqlx::query("SELECT career, shared, track FROM plans WHERE guild = $1 AND member = $2")
                    .bind(guild)
                    .bind(member)
                    .fetch_optional(&self.pool)
                    .await
            })
            .map_err(failed("reading a plan"))?;
        row.map(|row| plan_of(&row, guild, member)).transpose()
    }

    /// A member's plan and the items of its career and track they have done (id, name), in one
    /// round trip: `/plan` shows both. A plan row that cannot be read is an error naming it; a done
    /// item that cannot be read is logged and left out.
    pub fn plan_and_done(&self, guild: &str, member: &str) -> Result<Option<(Plan, Vec<DoneItem>)>, PlanError> {
        let rows = self
            .run(async {
                sqlx::query(
                    "SELECT p.career, p.shared, p.track, g.item, g.name FROM plans p \
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
        let plan = plan_of(first, guild, member)?;
        let prefixes: Vec<String> = [
            Some(plan.career.as_str()).filter(|c| !c.is_empty()).map(|c| format!("{c}/")),
            plan.track.as_deref().map(track_prefix),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut done = Vec::new();
        for row in &rows {
            let item: Option<String> = match column(row, 3, "item") {
                Ok(item) => item,
                Err(problem) => {
                    progress_row(guild, member, None, problem).logged();
                    continue;
                }
            };
            let name: Option<String> = match column(row, 4, "name") {
                Ok(name) => name,
                Err(problem) => {
                    progress_row(guild, member, item, problem).logged();
                    continue;
                }
            };
            if let (Some(item), Some(name)) = (item, name) {
                if prefixes.iter().any(|p| item.starts_with(p.as_str())) {
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

    /// Sets the track a member follows (`None`: none), keeping the career; a member with no
    /// plan gets one with the track only.
    pub fn set_track(&self, guild: &str, member: &str, track: Option<&str>) -> Result<(), PlanError> {
        self.run(async {
            sqlx::query(
                "INSERT INTO plans (guild, member, career, shared, updated_at, track) VALUES ($1, $2, '', 0, $3, $4) \
                 ON CONFLICT (guild, member) DO UPDATE SET track = excluded.track, updated_at = excluded.updated_at",
            )
            .bind(guild)
            .bind(member)
            .bind(now())
            .bind(track)
            .execute(&self.pool)
            .await
        })
        .map(drop)
        .map_err(failed("saving a plan"))
    }

    /// The language a member chose in a server (`si`, `ta`); `None`: English, or none chosen.
    pub fn language(&self, guild: &str, member: &str) -> Result<Option<String>, PlanError> {
        let row = self
            .run(async {
                sqlx::query("SELECT lang FROM member_settings WHERE guild = $1 AND member = $2")
                    .bind(guild)
                    .bind(member)
                    .fetch_optional(&self.pool)
                    .await
            })
            .map_err(failed("reading a member's settings"))?;
        match row {
            None => Ok(None),
            Some(row) => column(&row, 0, "lang").map_err(|problem| {
                let bad = settings_row(guild, member, problem).logged();
                PlanError { message: bad.to_string(), bad_row: Some(Box::new(bad)) }
            }),
        }
    }

    /// Sets the language a member chose in a server (`None`: English).
    pub fn set_language(&self, guild: &str, member: &str, lang: Option<&str>) -> Result<(), PlanError> {
        self.run(async {
            sqlx::query(UPSERT_SETTINGS).bind(guild).bind(member).bind(lang).bind(now()).execute(&self.pool).await
        })
        .map(drop)
        .map_err(failed("saving a member's settings"))
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
    /// (id, name). Rows that cannot be read are logged and left out.
    pub fn done(&self, guild: &str, member: &str, prefix: &str) -> Result<Vec<(String, String)>, PlanError> {
        let rows = self
            .run(async {
                sqlx::query("SELECT item, name FROM progress WHERE guild = $1 AND member = $2 ORDER BY done_at, item")
                    .bind(guild)
                    .bind(member)
                    .fetch_all(&self.pool)
                    .await
            })
            .map_err(failed("reading progress"))?;
        let mut read: Read<(String, String)> = Read::default();
        for row in &rows {
            read.push(
                (|| Ok((column(row, 0, "item")?, column(row, 1, "name")?)))()
                    .map_err(|problem| progress_row(guild, member, row.try_get(0).ok(), problem)),
            );
        }
        Ok(read.rows.into_iter().filter(|(item, _)| item.starts_with(prefix)).collect())
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
            sqlx::query("DELETE FROM member_settings WHERE guild = $1 AND member = $2")
                .bind(guild)
                .bind(member)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok((plans, items))
        })
        .map_err(failed("deleting a member's data"))
    }

    /// The plans of a server: (member, career, shared, track), by career then member; rows
    /// that cannot be read are logged and returned apart.
    pub fn plans_in(&self, guild: &str) -> Result<Read<PlanRow>, PlanError> {
        let rows = self
            .run(async {
                sqlx::query("SELECT member, career, shared, track FROM plans WHERE guild = $1 ORDER BY career, member")
                    .bind(guild)
                    .fetch_all(&self.pool)
                    .await
            })
            .map_err(failed("reading a server's plans"))?;
        let mut read = Read::default();
        for row in &rows {
            read.push(
                (|| {
                    Ok(PlanRow {
                        member: column(row, 0, "member")?,
                        career: column(row, 1, "career")?,
                        shared: flag(row, 2, "shared")?,
                        track: column(row, 3, "track")?,
                    })
                })()
                .map_err(|problem| plan_row(guild.to_string(), id_or_unknown(row, 0), problem)),
            );
        }
        Ok(read)
    }

    /// The items ticked by the members of a server who share their plan, toward their
    /// current career and track: (member, item id), in one round trip for the whole `/group`
    /// board.
    /// Rows that cannot be read are logged and returned apart.
    pub fn shared_progress_in(&self, guild: &str) -> Result<Read<(String, String)>, PlanError> {
        let rows = self
            .run(async {
                // `substr` and `||` mean the same on SQLite and PostgreSQL.
                sqlx::query(
                    "SELECT g.member, g.item FROM progress g \
                     JOIN plans p ON p.guild = g.guild AND p.member = g.member \
                     WHERE g.guild = $1 AND p.shared <> 0 \
                     AND (substr(g.item, 1, length(p.career) + 1) = p.career || '/' \
                     OR (p.track IS NOT NULL AND substr(g.item, 1, length(p.track) + 8) = 'tracks/' || p.track || '/'))",
                )
                .bind(guild)
                .fetch_all(&self.pool)
                .await
            })
            .map_err(failed("reading a server's progress"))?;
        let mut read = Read::default();
        for row in &rows {
            read.push(
                (|| Ok((column(row, 0, "member")?, column(row, 1, "item")?)))()
                    .map_err(|problem| progress_row(guild, &id_or_unknown(row, 0), None, problem)),
            );
        }
        Ok(read)
    }

    /// Every plan and done item, of one server and member if given, as export records; the
    /// rows that cannot be read apart (every column is read: [`PlanStore::check`] is this).
    pub fn export(&self, guild: Option<&str>, member: Option<&str>) -> Result<Read<Record>, PlanError> {
        // An id that cannot be read ("?") matches any filter: the bad row is named, not hidden.
        let keep = |g: &str, m: &str| {
            (g == "?" || guild.is_none_or(|x| x == g)) && (m == "?" || member.is_none_or(|x| x == m))
        };
        let (plans, done, settings): (Vec<AnyRow>, Vec<AnyRow>, Vec<AnyRow>) = self
            .run(async {
                let plans = sqlx::query(
                    "SELECT guild, member, career, shared, updated_at, track FROM plans ORDER BY guild, member",
                )
                .fetch_all(&self.pool)
                .await?;
                let done =
                    sqlx::query("SELECT guild, member, item, name, done_at FROM progress ORDER BY guild, member, item")
                        .fetch_all(&self.pool)
                        .await?;
                let settings =
                    sqlx::query("SELECT guild, member, lang, updated_at FROM member_settings ORDER BY guild, member")
                        .fetch_all(&self.pool)
                        .await?;
                Ok::<_, sqlx::Error>((plans, done, settings))
            })
            .map_err(failed("exporting"))?;
        let mut read = Read::default();
        for r in &plans {
            let (g, m) = (id_or_unknown(r, 0), id_or_unknown(r, 1));
            if !keep(&g, &m) {
                continue;
            }
            read.push(
                (|| {
                    Ok(Record::Plan {
                        guild: column(r, 0, "guild")?,
                        member: column(r, 1, "member")?,
                        career: column(r, 2, "career")?,
                        shared: flag(r, 3, "shared")?,
                        updated_at: column(r, 4, "updated_at")?,
                        track: column(r, 5, "track")?,
                    })
                })()
                .map_err(|problem| plan_row(g.clone(), m.clone(), problem)),
            );
        }
        for r in &settings {
            let (g, m) = (id_or_unknown(r, 0), id_or_unknown(r, 1));
            if !keep(&g, &m) {
                continue;
            }
            read.push(
                (|| {
                    Ok(Record::Settings {
                        guild: column(r, 0, "guild")?,
                        member: column(r, 1, "member")?,
                        lang: column(r, 2, "lang")?,
                        updated_at: column(r, 3, "updated_at")?,
                    })
                })()
                .map_err(|problem| settings_row(&g, &m, problem)),
            );
        }
        for r in &done {
            let (g, m) = (id_or_unknown(r, 0), id_or_unknown(r, 1));
            if !keep(&g, &m) {
                continue;
            }
            read.push(
                (|| {
                    Ok(Record::Done {
                        guild: column(r, 0, "guild")?,
                        member: column(r, 1, "member")?,
                        item: column(r, 2, "item")?,
                        name: column(r, 3, "name")?,
                        done_at: column(r, 4, "done_at")?,
                    })
                })()
                .map_err(|problem| progress_row(&g, &m, r.try_get(2).ok(), problem)),
            );
        }
        Ok(read)
    }

    /// The rows of every table that cannot be read.
    pub fn check(&self) -> Result<Vec<BadRow>, PlanError> {
        self.export(None, None).map(|read| read.bad)
    }

    /// Writes records (as `export` gives them) in one transaction; a plan replaces the one
    /// there, a done item already there is kept. Returns how many were written.
    pub fn import(&self, records: &[Record]) -> Result<usize, PlanError> {
        self.run(async {
            let mut tx = self.pool.begin().await?;
            for record in records {
                match record {
                    Record::Plan { guild, member, career, shared, updated_at, track } => {
                        sqlx::query(
                            "INSERT INTO plans (guild, member, career, shared, updated_at, track) \
                             VALUES ($1, $2, $3, $4, $5, $6) \
                             ON CONFLICT (guild, member) DO UPDATE SET career = excluded.career, \
                             shared = excluded.shared, updated_at = excluded.updated_at, track = excluded.track",
                        )
                        .bind(guild)
                        .bind(member)
                        .bind(career)
                        .bind(i64::from(*shared))
                        .bind(*updated_at)
                        .bind(track.as_deref())
                        .execute(&mut *tx)
                        .await?;
                    }
                    Record::Settings { guild, member, lang, updated_at } => {
                        sqlx::query(UPSERT_SETTINGS)
                            .bind(guild)
                            .bind(member)
                            .bind(lang.as_deref())
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

/// A plan from a row whose first columns are `career, shared`, or the error naming the row.
fn plan_of(row: &AnyRow, guild: &str, member: &str) -> Result<Plan, PlanError> {
    let plan = (|| {
        Ok(Plan { career: column(row, 0, "career")?, shared: flag(row, 1, "shared")?, track: column(row, 2, "track")? })
    })();
    plan.map_err(|problem| {
        let bad = plan_row(guild.to_string(), member.to_string(), problem).logged();
        PlanError { message: bad.to_string(), bad_row: Some(Box::new(bad)) }
    })
}

fn plan_row(guild: String, member: String, problem: String) -> BadRow {
    BadRow { table: "plans", guild, member, item: None, problem }
}

fn settings_row(guild: &str, member: &str, problem: String) -> BadRow {
    BadRow { table: "member_settings", guild: guild.to_string(), member: member.to_string(), item: None, problem }
}

fn progress_row(guild: &str, member: &str, item: Option<String>, problem: String) -> BadRow {
    BadRow { table: "progress", guild: guild.to_string(), member: member.to_string(), item, problem }
}

/// One probe connection, then the pool. The probe says why a database cannot be used ("file is
/// not a database"), which a pool hides behind its timeout ("pool timed out").
async fn connect(url: &str, sqlite: bool) -> Result<AnyPool, sqlx::Error> {
    let mut probe = <sqlx::AnyConnection as sqlx::Connection>::connect(url).await?;
    sqlx::query(if sqlite { "PRAGMA journal_mode = WAL" } else { "SELECT 1" }).execute(&mut probe).await?;
    if sqlite {
        // A database that opens but takes no writes (a read-only file or
        // mount) is a start-up error too, not a bot whose every /plan fails.
        let version: i64 = sqlx::query("PRAGMA user_version").fetch_one(&mut probe).await?.try_get(0)?;
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

/// An error another process starting at the same time can cause (SQLite has no migration
/// lock): worth trying again, unlike a corrupt file or an unknown migration.
fn is_race(error: &PlanError) -> bool {
    let text = error.message.to_lowercase();
    ["locked", "busy", "already exists", "unique constraint"].iter().any(|w| text.contains(w))
}

/// `sqlite:path` with its folder made and `mode=rwc` (create the file on first use).
fn sqlite_url(url: &str) -> Result<String, PlanError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err(PlanError::new("a SQLite database needs a file path: plans must outlive the process"));
    }
    if let Some(folder) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| PlanError::new(format!("{}: {e}", folder.display())))?;
    }
    let query = if query.contains("mode=") { query.to_string() } else { format!("mode=rwc&{query}") };
    Ok(format!("sqlite://{path}?{}", query.trim_end_matches('&')))
}
