//! Command-line front end: argument parsing (clap) turned into settings, then one function per
//! subcommand. Exit codes: 0 success, 1 the command ran and found a problem, 2 usage or setup.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::catalog::graph::Target;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::content::{self, Document, Library, Problem};
use crate::search::disk::IndexAction;
use crate::serve::{self, LogFormat};
use crate::snapshot::Store;
use crate::terminal;

/// careerbot: answers questions about tech careers from career-path documents.
#[derive(Debug, Parser)]
#[command(name = "careerbot", version, about)]
pub struct Cli {
    /// Flags every subcommand takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes, before or after its name.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Configuration file (TOML); see config.example.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Folder of career documents [default: content].
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Folder for the search index [default: index].
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Database for study plans: sqlite:path or postgres://… [then DATABASE_URL, then
    /// `[database] url`, then sqlite:data/careerbot.sqlite].
    #[arg(long, global = true, value_name = "URL", env = "DATABASE_URL", hide_env_values = true)]
    pub database: Option<String>,
    /// In the terminal: act as this member id (the terminal is one local member, id 1, in a
    /// "local" server), to try plans and sharing.
    #[arg(long, global = true, value_name = "ID")]
    pub member: Option<u64>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse every document and report what was found and every problem.
    Check {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Open the search index, or build it when it is missing or stale.
    Index {
        /// Build it even when a matching index exists.
        #[arg(long)]
        rebuild: bool,
    },
    /// Answer one command as the bot would: careerbot ask "/career secops".
    Ask {
        /// The invocation, e.g. "/career secops certifications" (several words are joined).
        #[arg(required = true, num_args = 1.., allow_negative_numbers = true)]
        invocation: Vec<String>,
        /// Print the reply structure as JSON.
        #[arg(long)]
        json: bool,
        /// Folder for the pictures some answers carry (`/path`, `/ladder`); default: a
        /// `careerbot-images` folder in the system's temporary folder.
        #[arg(long, value_name = "DIR")]
        images: Option<std::path::PathBuf>,
    },
    /// An interactive session: history, tab completion, /next and /prev for pages.
    Chat,
    /// Run the bot in Discord (needs DISCORD_TOKEN in the environment).
    Serve {
        /// Log lines as human-readable text or as JSON objects.
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        log_format: LogFormat,
        /// Answer interactions as signed HTTP POSTs on this address instead of the gateway.
        #[arg(long, value_name = "ADDR")]
        http: Option<String>,
        /// Serve /healthz and /metrics on this address.
        #[arg(long, value_name = "ADDR")]
        ops_addr: Option<String>,
    },
    /// The plans database: migrate, status, export, import, check.
    Db {
        /// What to do.
        #[command(subcommand)]
        action: DbAction,
    },
}

/// `careerbot db …`.
#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Apply the migrations not yet applied.
    Migrate,
    /// Which migrations are applied.
    Status,
    /// Every plan and done item as JSON lines on stdout (one server or member if given).
    Export {
        /// Only this server ("local" for the terminal's).
        #[arg(long)]
        guild: Option<String>,
        /// Only this member.
        #[arg(long)]
        member: Option<String>,
    },
    /// Read JSON lines (as `export` writes them) from stdin, in one transaction.
    Import,
    /// List the rows that cannot be read (exit 1 when there are any).
    Check,
}

/// Parses arguments, runs the subcommand and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match resolve_config(&cli.global) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("careerbot: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Check { json } => check(&config, json),
        Command::Index { rebuild } => index(&config, rebuild),
        Command::Ask { invocation, json, images } => match open_store(&config) {
            Some(store) => {
                let line = invocation.join(" ");
                // Only plan commands touch the database (a lookup never creates its file);
                // `/learn` and `/define` read the member's language from one that exists.
                let wants_plans = crate::commands::parse_line(&store.snapshot(), &line).is_ok_and(|i| {
                    use crate::commands::CommandName;
                    matches!(i.command, CommandName::Plan | CommandName::Group)
                        || (matches!(i.command, CommandName::Learn | CommandName::Define)
                            && database_exists(&config.database_url()))
                });
                // A database that fails makes /plan answer "unavailable", as in the bot.
                let store = if wants_plans {
                    match crate::plans::PlanStore::open(&config.database_url()) {
                        Ok(plans) => store.with_plans(std::sync::Arc::new(plans)),
                        Err(e) => {
                            eprintln!("careerbot: {e}");
                            store
                        }
                    }
                } else {
                    store
                };
                let images = images.unwrap_or_else(|| std::env::temp_dir().join("careerbot-images"));
                let caller = terminal::terminal_caller(cli.global.member);
                ExitCode::from(terminal::ask(&store, &config.commands(), caller, &line, json, &images))
            }
            None => ExitCode::from(2),
        },
        Command::Db { action } => db(&config, action),
        Command::Serve { log_format, http, ops_addr } => {
            let mut config = config;
            if http.is_some() {
                config.http.addr = http;
            }
            if ops_addr.is_some() {
                config.ops.addr = ops_addr;
            }
            serve::run(config, log_format)
        }
        Command::Chat => match open_store(&config) {
            Some(store) => match terminal::chat(
                &match crate::plans::PlanStore::open(&config.database_url()) {
                    Ok(plans) => store.with_plans(std::sync::Arc::new(plans)),
                    Err(e) => {
                        eprintln!("careerbot: plans are off: {e}");
                        store
                    }
                },
                &config.commands(),
                terminal::terminal_caller(cli.global.member),
            ) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("careerbot: {e}");
                    ExitCode::from(2)
                }
            },
            None => ExitCode::from(2),
        },
    }
}

/// File, then flags.
fn resolve_config(global: &GlobalArgs) -> Result<Config, String> {
    let mut config = match &global.config {
        Some(path) => Config::from_file(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    if let Some(dir) = &global.content {
        config.content.dir = dir.clone();
    }
    if let Some(dir) = &global.index {
        config.index.dir = dir.clone();
    }
    if let Some(url) = &global.database {
        config.database.url = Some(url.clone());
    }
    Ok(config)
}

/// `careerbot db …`: exit 0; 2 when the database cannot be opened or migrated (a setup
/// problem); 1 when the action failed, or found rows it cannot read (`export` still writes every
/// row it can, and names the others on stderr). Problems are printed, never the URL (it may
/// hold a password).
fn db(config: &Config, action: DbAction) -> ExitCode {
    let plans = match crate::plans::PlanStore::open(&config.database_url()) {
        Ok(plans) => plans,
        Err(e) => {
            eprintln!("careerbot: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match action {
        DbAction::Migrate => plans.migrate().map(|()| outln!("{} database is up to date", plans.kind())),
        DbAction::Status => plans.status().map(|migrations| {
            for (version, description, applied) in migrations {
                outln!("{version} {description}: {}", if applied { "applied" } else { "pending" });
            }
        }),
        DbAction::Export { guild, member } => match plans.export(guild.as_deref(), member.as_deref()) {
            Ok(read) => {
                for record in &read.rows {
                    if let Ok(line) = serde_json::to_string(record) {
                        outln!("{line}");
                    }
                }
                if read.bad.is_empty() {
                    return ExitCode::SUCCESS;
                }
                for bad in &read.bad {
                    eprintln!("careerbot: not exported: {bad}");
                }
                eprintln!(
                    "careerbot: exported {} records; {} rows cannot be read (`careerbot db check` lists them)",
                    read.rows.len(),
                    read.bad.len()
                );
                return ExitCode::from(1);
            }
            Err(e) => Err(e),
        },
        DbAction::Check => match plans.check() {
            Ok(bad) if bad.is_empty() => {
                outln!("every row of the {} database can be read", plans.kind());
                return ExitCode::SUCCESS;
            }
            Ok(bad) => {
                for row in &bad {
                    outln!("{row}");
                }
                outln!("{} rows cannot be read", bad.len());
                return ExitCode::from(1);
            }
            Err(e) => Err(e),
        },
        DbAction::Import => {
            let mut records = Vec::new();
            for (n, line) in std::io::stdin().lines().enumerate() {
                let line = match line {
                    Ok(line) => line,
                    Err(e) => {
                        eprintln!("careerbot: stdin: {e}");
                        return ExitCode::from(1);
                    }
                };
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<crate::plans::Record>(&line) {
                    Ok(record) => records.push(record),
                    Err(e) => {
                        eprintln!("careerbot: line {}: {e}; nothing was imported", n + 1);
                        return ExitCode::from(1);
                    }
                }
            }
            plans.import(&records).map(|n| outln!("imported {n} records"))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("careerbot: {e}");
            ExitCode::from(1)
        }
    }
}

/// Opens the store for `ask` and `chat`: content errors and index warnings go to stderr,
/// briefly; the documents that load serve.
fn open_store(config: &Config) -> Option<Store> {
    match Store::open(config.store_settings(), false) {
        Ok((store, report)) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            let errors: Vec<_> = report.problems.iter().filter(|p| p.severity == content::Severity::Error).collect();
            for problem in &errors {
                eprintln!("{problem}");
            }
            if !errors.is_empty() {
                eprintln!("careerbot: {} document(s) left out; `careerbot check` tells more", errors.len());
            }
            Some(store)
        }
        Err(e) => {
            eprintln!("careerbot: {e}");
            None
        }
    }
}

/// `careerbot index`.
fn index(config: &Config, rebuild: bool) -> ExitCode {
    let (store, report) = match Store::open(config.store_settings(), rebuild) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("careerbot: {e}");
            return ExitCode::from(2);
        }
    };
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    let what = match &report.action {
        IndexAction::Reused => "reused the index".to_string(),
        IndexAction::Built { reason } => format!("built the index ({reason})"),
        IndexAction::InMemory { reason } => format!("built the index in memory only ({reason})"),
    };
    let snapshot = store.snapshot();
    outln!(
        "{what} in {}: {} documents, {} index entries, content version {}, {:.1} ms",
        config.index.dir.display(),
        report.documents,
        report.index_docs,
        snapshot.version(),
        report.took.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}

/// `careerbot check`.
fn check(config: &Config, json: bool) -> ExitCode {
    let library = match content::load_dir(&config.content.dir, &config.load_options()) {
        Ok(library) => library,
        Err(e) => {
            eprintln!("careerbot: {e}");
            return ExitCode::from(2);
        }
    };
    if json {
        match serde_json::to_string_pretty(&CheckReport::new(&library)) {
            Ok(text) => outln!("{text}"),
            Err(e) => {
                eprintln!("careerbot: cannot write JSON: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        out!("{}", check_text(&library));
    }
    if library.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The human-readable report of `careerbot check`.
pub fn check_text(library: &Library) -> String {
    use std::fmt::Write;
    let catalog = Catalog::build(library);
    let mut out = String::new();
    let width = library.documents.iter().map(|d| d.slug.len()).max().unwrap_or(0);
    for d in &library.documents {
        let _ = writeln!(
            out,
            "{:<width$}  {:<6}  sections {:>3}  certifications {:>2}  prompts {:>2}  links {:>2}",
            d.slug,
            d.kind.as_str(),
            d.sections.len(),
            d.certifications.len(),
            d.prompts.len(),
            d.links.len(),
        );
    }
    let glossary = catalog.glossary(library);
    let track_width = library.tracks.iter().map(|t| t.slug.len()).max().unwrap_or(0);
    for (i, track) in library.tracks.iter().enumerate() {
        let prompts: usize = track.lessons.iter().map(|l| l.document.prompts.len()).sum();
        let translated = track.lessons.iter().filter(|l| !l.translations.is_empty()).count();
        let _ = writeln!(
            out,
            "track {:<track_width$}  lessons {:>3}  modules {:>2}  prompts {:>3}  glossary terms {:>3}  translated {:>2}",
            track.slug,
            track.lessons.len(),
            track.modules.len(),
            prompts,
            glossary.terms_of(i),
            translated,
        );
    }
    for p in &library.problems {
        let _ = writeln!(out, "{p}");
    }
    let graph = &catalog.graph;
    let careers_reached = graph.edges().iter().filter(|e| matches!(e.to, Target::Career(_))).count();
    let _ = writeln!(
        out,
        "info: transition graph: {} edges, {careers_reached} between careers of the library",
        graph.edges().len()
    );
    for (role, froms) in graph.unresolved() {
        let slugs: Vec<&str> =
            froms.iter().filter_map(|&i| library.documents.get(i)).map(|d| d.slug.as_str()).collect();
        let _ = writeln!(out, "info: '{role}' is no document (named by {})", slugs.join(", "));
    }
    let _ = writeln!(out, "info: certification vocabulary: {} certifications", catalog.certs(library).all().len());
    let careers = library.documents.iter().filter(|d| d.kind == content::Kind::Career).count();
    let errors = library.problems.iter().filter(|p| p.severity == content::Severity::Error).count();
    let lessons: usize = library.tracks.iter().map(|t| t.lessons.len()).sum();
    let tracks = match library.tracks.len() {
        0 => String::new(),
        n => format!(", {n} tracks ({lessons} lessons)"),
    };
    let _ = writeln!(
        out,
        "{} documents ({} careers, {} guides){tracks}, {} errors, {} warnings",
        library.documents.len(),
        careers,
        library.documents.len() - careers,
        errors,
        library.problems.len() - errors
    );
    out
}

/// The JSON shape of `careerbot check --json`. Outside tools rely on it: change it only by
/// adding keys.
#[derive(Debug, Serialize)]
pub struct CheckReport<'a> {
    documents: Vec<CheckDocument<'a>>,
    problems: &'a [Problem],
    /// The transition graph (added with the explorer).
    transitions: CheckTransitions,
    /// The study tracks (added with the tracks).
    tracks: Vec<CheckTrack<'a>>,
}

#[derive(Debug, Serialize)]
struct CheckTrack<'a> {
    slug: &'a str,
    title: &'a str,
    modules: Vec<&'a str>,
    lessons: Vec<CheckLesson<'a>>,
    prompts: usize,
    glossary_terms: usize,
}

#[derive(Debug, Serialize)]
struct CheckLesson<'a> {
    id: &'a str,
    number: &'a str,
    title: &'a str,
    file: &'a str,
    module: Option<usize>,
    linked: bool,
    sections: usize,
    prompts: usize,
    translations: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
struct CheckTransitions {
    edges: Vec<CheckEdge>,
    unresolved: Vec<String>,
}

#[derive(Debug, Serialize)]
struct CheckEdge {
    from: String,
    to: String,
    career: bool,
}

#[derive(Debug, Serialize)]
struct CheckDocument<'a> {
    file: &'a str,
    slug: &'a str,
    number: Option<u32>,
    title: &'a str,
    description: &'a str,
    kind: content::Kind,
    aliases: &'a [String],
    sections: Vec<CheckSection<'a>>,
    certifications: &'a [content::Certification],
    prompts: &'a [content::text::Text],
    links: &'a [content::Link],
}

#[derive(Debug, Serialize)]
struct CheckSection<'a> {
    path: &'a [String],
    level: u8,
    /// The short key `/career NAME KEY` opens it with.
    key: &'a str,
    /// The recognised part's key (`skills`, `transitions`, …), if any.
    part: Option<&'static str>,
}

impl<'a> CheckReport<'a> {
    /// The report for a loaded library.
    pub fn new(library: &'a Library) -> Self {
        let catalog = Catalog::build(library);
        let slug = |i: usize| library.documents.get(i).map(|d| d.slug.clone()).unwrap_or_default();
        let edges = catalog
            .graph
            .edges()
            .iter()
            .map(|e| match &e.to {
                Target::Career(to) => CheckEdge { from: slug(e.from), to: slug(*to), career: true },
                Target::Role(role) => CheckEdge { from: slug(e.from), to: role.clone(), career: false },
            })
            .collect();
        let unresolved = catalog.graph.unresolved().iter().map(|(role, _)| role.clone()).collect();
        let glossary = catalog.glossary(library);
        let tracks = library
            .tracks
            .iter()
            .enumerate()
            .map(|(i, t)| CheckTrack {
                slug: &t.slug,
                title: t.title(),
                modules: t.modules.iter().map(|m| m.title.as_str()).collect(),
                lessons: t
                    .lessons
                    .iter()
                    .map(|l| CheckLesson {
                        id: &l.id,
                        number: &l.number,
                        title: &l.document.title,
                        file: &l.document.file,
                        module: l.module,
                        linked: l.linked,
                        sections: l.document.sections.len(),
                        prompts: l.document.prompts.len(),
                        translations: l.translations.iter().filter_map(|d| d.lang.as_deref()).collect(),
                    })
                    .collect(),
                prompts: t.lessons.iter().map(|l| l.document.prompts.len()).sum(),
                glossary_terms: glossary.terms_of(i),
            })
            .collect();
        CheckReport {
            documents: library.documents.iter().map(CheckDocument::new).collect(),
            problems: &library.problems,
            transitions: CheckTransitions { edges, unresolved },
            tracks,
        }
    }
}

impl<'a> CheckDocument<'a> {
    fn new(d: &'a Document) -> Self {
        CheckDocument {
            file: &d.file,
            slug: &d.slug,
            number: d.number,
            title: &d.title,
            description: &d.description,
            kind: d.kind,
            aliases: &d.aliases,
            sections: d
                .sections
                .iter()
                .map(|s| CheckSection { path: &s.path, level: s.level, key: &s.key, part: s.part.map(|p| p.key()) })
                .collect(),
            certifications: &d.certifications,
            prompts: &d.prompts,
            links: &d.links,
        }
    }
}

/// False for a SQLite database whose file is not there yet (a server database always is).
fn database_exists(url: &str) -> bool {
    match url.strip_prefix("sqlite:") {
        Some(rest) => {
            let path = rest.trim_start_matches("//").split('?').next().unwrap_or_default();
            std::path::Path::new(path).exists()
        }
        None => true,
    }
}
