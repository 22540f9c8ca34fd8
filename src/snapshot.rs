//! What the bot serves at one moment: a library and its index, swapped whole on reload.
//!
//! [`Store::snapshot`] hands out an `Arc<Snapshot>`; a request keeps it to the end, so a
//! reload never changes content under a request. [`Store::reload`] builds the next snapshot off
//! to the side (parse, then index into a new generation folder) and swaps it in with one
//! atomic pointer store. Readers never take a lock; only reloads queue behind each other.
//!
//! [`Store::reload`] is the one reload path: `/reload` from the gateway, the HTTP endpoint or
//! the terminal, and the content watch all call it. It logs one line per reload, counts it in
//! the metrics (outcome and duration) and turns a panic while building into a failed reload
//! that keeps the old content serving.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;

use crate::catalog::certs::Certifications;
use crate::catalog::checklists::Checklist;
use crate::catalog::Catalog;
use crate::content::text::Source;
use crate::content::{self, FolderError, Kind, Library, LoadOptions, Problem, Severity};
use crate::metrics::Metrics;
use crate::search::disk::{self, IndexAction};
use crate::search::{Hit, SearchError, SearchIndex, SearchRequest};

/// A library, the index built from it, and what the commands need from the whole library.
#[derive(Debug)]
pub struct Snapshot {
    /// The documents.
    pub library: Library,
    /// Their search index.
    pub index: SearchIndex,
    /// Derived from the whole library at load: certification vocabulary, …
    pub catalog: Catalog,
    /// Content fingerprint (hex).
    pub fingerprint: String,
    /// The index's copy of the section bodies, which [`Snapshot::prepare`] moves them to.
    bodies: Option<Arc<Source>>,
}

impl Snapshot {
    /// A snapshot with an in-memory index (tests, benchmarks, tools).
    pub fn in_memory(library: Library) -> Result<Snapshot, SearchError> {
        let (snapshot, _) = Snapshot::assemble(library, |library| {
            let index = SearchIndex::in_memory(library)?;
            let fingerprint = disk::fingerprint(library);
            Ok(disk::Opened { index, action: IndexAction::Reused, warnings: Vec::new(), fingerprint, bodies: None })
        })?;
        Ok(snapshot)
    }

    /// A snapshot of a library: its index opened (or built) by `open` while the catalog is
    /// derived on the other cores.
    fn assemble(
        library: Library,
        open: impl FnOnce(&Library) -> Result<disk::Opened, SearchError> + Send,
    ) -> Result<(Snapshot, IndexReport), SearchError> {
        let (catalog, opened) = rayon::join(|| Catalog::build(&library), || open(&library));
        let disk::Opened { index, action, warnings, fingerprint, bodies } = opened?;
        Ok((Snapshot { library, index, catalog, fingerprint, bodies }, IndexReport { action, warnings }))
    }

    /// Short content version for people and page tokens: the first 8 hex digits of the
    /// fingerprint. Every process serving the same content reports the same version.
    pub fn version(&self) -> &str {
        &self.fingerprint[..8.min(self.fingerprint.len())]
    }

    /// The certification vocabulary (made on first use; see [`Snapshot::prepare`]).
    pub fn certs(&self) -> &Certifications {
        self.catalog.certs(&self.library)
    }

    /// Readies the snapshot to serve for a long time: makes every part of the catalog made on
    /// first use, so no request waits for one, and moves the section bodies from the heap to
    /// the index's file of them (see [`crate::content::text`]). The bot calls it before it
    /// serves and before a reload swaps the snapshot in; a one-shot `ask` does not.
    ///
    /// The glossary after the bodies moved: it keeps its terms and definitions as ranges of
    /// the bodies, and made before they moved it would keep the heap copies alive.
    pub fn prepare(&mut self) {
        // Read from the heap (a mapped body is checked to be UTF-8 at every read).
        self.certs();
        self.profiles();
        self.ladders();
        self.catalog.overlaps(&self.library);
        let bodies = self.bodies.take();
        if let Some(bodies) = &bodies {
            let moved = self.library.map_bodies(bodies);
            tracing::debug!(moved, bytes = bodies.len(), "section bodies served from the index folder");
        }
        self.catalog.glossary(&self.library);
        // Making the catalog read every body: the pages it touched go back to the page cache,
        // and the heap it used for the time to the system.
        if let Some(bodies) = &bodies {
            bodies.drop_resident_pages();
        }
        release_freed_memory();
    }

    /// The career profiles ([`crate::catalog::profiles`]).
    pub fn profiles(&self) -> &crate::catalog::profiles::Profiles {
        self.catalog.profiles(&self.library)
    }

    /// The career ladders ([`crate::catalog::ladders`]).
    pub fn ladders(&self) -> &crate::catalog::ladders::Ladders {
        self.catalog.ladders(&self.library)
    }

    /// The study-plan checklist of the document at `position` (empty past the library), made
    /// once per snapshot ([`crate::catalog::checklists`]).
    pub fn checklist(&self, position: usize) -> &Checklist {
        static NONE: Checklist = Checklist { groups: Vec::new() };
        self.catalog.checklist(&self.library, position).unwrap_or(&NONE)
    }

    /// Plain full-text search over this snapshot: hits with their text read from the library.
    pub fn search(&self, request: &SearchRequest<'_>) -> Result<Vec<Hit>, SearchError> {
        self.index.search(&self.library, request)
    }
}

/// Hands the heap the allocator holds but no longer uses back to the system: the bodies
/// buffers freed by [`Snapshot::prepare`], and what making the catalog used for the time, sit
/// between live allocations, where glibc does not return them by itself.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What became of the index while a snapshot was made.
struct IndexReport {
    action: IndexAction,
    warnings: Vec<String>,
}

/// Where content and index live.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Content folder.
    pub content_dir: PathBuf,
    /// Index folder.
    pub index_dir: PathBuf,
    /// Loading limits.
    pub load: LoadOptions,
}

/// Starting failed: the content folder cannot be read, or the index cannot be built at all.
#[derive(Debug)]
pub enum StartError {
    /// The content folder is missing or unreadable.
    Content(FolderError),
    /// tantivy failed even in memory.
    Index(SearchError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Content(e) => e.fmt(f),
            StartError::Index(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StartError {}

/// What happened at start.
#[derive(Debug)]
pub struct StartReport {
    /// Index reused, built (and why) or in memory.
    pub action: IndexAction,
    /// Index warnings (damaged, foreign folder, …).
    pub warnings: Vec<String>,
    /// Content problems; documents with errors were left out.
    pub problems: Vec<Problem>,
    /// Documents serving.
    pub documents: usize,
    /// Index documents.
    pub index_docs: u64,
    /// Wall time to parse and open or build.
    pub took: Duration,
}

/// Who or what asked for a reload, for the log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A member's `/reload` (gateway or HTTP).
    Command {
        /// Member id.
        user: Option<u64>,
        /// Server id.
        guild: Option<u64>,
    },
    /// `/reload` in the terminal.
    Terminal,
    /// The content watch saw the files change.
    Watch,
}

impl Trigger {
    /// One word for the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Command { .. } => "command",
            Trigger::Terminal => "terminal",
            Trigger::Watch => "watch",
        }
    }
}

/// The outcome of a reload.
#[derive(Debug, Clone, PartialEq)]
pub enum ReloadOutcome {
    /// New content is serving.
    Swapped,
    /// The content is the same as what is serving; nothing was rebuilt.
    Unchanged,
    /// The new content has errors; the old content keeps serving.
    Rejected,
    /// The content folder or the index could not be used, or building the new content
    /// panicked; the old content keeps serving.
    Failed(String),
}

impl ReloadOutcome {
    /// One word for logs and metrics: swapped, unchanged, kept (rejected) or failed.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReloadOutcome::Swapped => "swapped",
            ReloadOutcome::Unchanged => "unchanged",
            ReloadOutcome::Rejected => "kept",
            ReloadOutcome::Failed(_) => "failed",
        }
    }
}

/// What a reload did, for the moderator who asked and for the log.
#[derive(Debug, Clone)]
pub struct ReloadReport {
    /// Swapped, unchanged, rejected or failed.
    pub outcome: ReloadOutcome,
    /// Slugs of documents that are new.
    pub added: Vec<String>,
    /// Slugs of documents that are gone.
    pub removed: Vec<String>,
    /// Slugs of documents whose file changed.
    pub changed: Vec<String>,
    /// Documents serving after the reload.
    pub documents: usize,
    /// Of which careers.
    pub careers: usize,
    /// Every problem in the new content (errors are why a reload is rejected).
    pub problems: Vec<Problem>,
    /// Wall time of the reload.
    pub took: Duration,
    /// Content version serving before.
    pub previous_version: String,
    /// Content version serving after.
    pub version: String,
    /// What happened to the index: reused, built (and why) or kept in memory. `None` when no
    /// index was opened (unchanged, rejected or failed before indexing).
    pub index: Option<IndexAction>,
    /// Index warnings: a damaged generation rebuilt, a folder that could not be used, …
    pub index_warnings: Vec<String>,
}

/// Holds the serving snapshot and reloads it.
pub struct Store {
    current: ArcSwap<Snapshot>,
    settings: Settings,
    reloading: Mutex<()>,
    metrics: Arc<Metrics>,
    /// Members' study plans, when a database is configured ([`crate::plans`]).
    plans: Option<Arc<crate::plans::PlanStore>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("settings", &self.settings).field("version", &self.snapshot().version()).finish()
    }
}

impl Store {
    /// First start: loads the content, leaving out documents with errors (reported), and
    /// opens the index when it matches or builds it. `rebuild` forces a build.
    pub fn open(settings: Settings, rebuild: bool) -> Result<(Store, StartReport), StartError> {
        Store::open_with(settings, rebuild, false)
    }

    /// [`Store::open`] for a bot that will serve: the snapshot is prepared
    /// ([`Snapshot::prepare`]) before it is, and the report's time includes that.
    pub fn open_to_serve(settings: Settings) -> Result<(Store, StartReport), StartError> {
        Store::open_with(settings, false, true)
    }

    fn open_with(settings: Settings, rebuild: bool, prepare: bool) -> Result<(Store, StartReport), StartError> {
        let started = Instant::now();
        let library = content::load_dir(&settings.content_dir, &settings.load).map_err(StartError::Content)?;
        let problems = library.problems.clone();
        let (mut snapshot, index) =
            Snapshot::assemble(library, |library| disk::open_or_build(&settings.index_dir, library, rebuild))
                .map_err(StartError::Index)?;
        if prepare {
            snapshot.prepare();
        }
        let report = StartReport {
            action: index.action,
            warnings: index.warnings,
            problems,
            documents: snapshot.library.documents.len(),
            index_docs: snapshot.index.num_docs(),
            took: started.elapsed(),
        };
        Ok((Store::with_snapshot(snapshot, settings), report))
    }

    /// A store serving a ready snapshot (tests and tools); reloads read `settings`.
    pub fn with_snapshot(snapshot: Snapshot, settings: Settings) -> Store {
        let metrics = Arc::new(Metrics::new());
        metrics.content(snapshot.version(), snapshot.library.documents.len());
        Store { current: ArcSwap::from_pointee(snapshot), settings, reloading: Mutex::new(()), metrics, plans: None }
    }

    /// The same store, keeping members' plans in `plans`.
    pub fn with_plans(mut self, plans: Arc<crate::plans::PlanStore>) -> Store {
        self.plans = Some(plans);
        self
    }

    /// Members' plans, when a database is configured.
    pub fn plans(&self) -> Option<&crate::plans::PlanStore> {
        self.plans.as_deref()
    }

    /// Counts reloads and what serves in `metrics` (the registry `/metrics` shows).
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Store {
        let snapshot = self.snapshot();
        metrics.content(snapshot.version(), snapshot.library.documents.len());
        self.metrics = metrics;
        self
    }

    /// The metrics reloads are counted in.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// The snapshot serving now. Keep it for the whole request.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// The folders this store reads.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Reloads the content folder: the one reload path. Builds the new snapshot completely
    /// before swapping it in; any error in the new content keeps the old snapshot serving, and so
    /// does a panic while building (reported as failed). Concurrent reloads run one after the
    /// other; queries are never blocked. Logs one line and counts the outcome and duration.
    pub fn reload(&self, trigger: Trigger) -> ReloadReport {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let started = Instant::now();
        let old = self.snapshot();
        let mut report = ReloadReport {
            outcome: ReloadOutcome::Unchanged,
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            documents: old.library.documents.len(),
            careers: careers(&old.library),
            problems: Vec::new(),
            took: Duration::ZERO,
            previous_version: old.version().to_string(),
            version: old.version().to_string(),
            index: None,
            index_warnings: Vec::new(),
        };
        // The old snapshot and the swap are untouched until the new one is whole, so after a
        // panic nothing needs repair: the report says failed and the old content serves.
        let built = catch_unwind(AssertUnwindSafe(|| self.build_next(&old, &mut report)));
        match built {
            Ok(Some(next)) => {
                report.documents = next.library.documents.len();
                report.careers = careers(&next.library);
                report.version = next.version().to_string();
                report.outcome = ReloadOutcome::Swapped;
                self.current.store(Arc::new(next));
            }
            Ok(None) => {}
            Err(panic) => {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown cause".to_string());
                report.outcome = ReloadOutcome::Failed(format!("building the new content panicked: {why}"));
            }
        }
        report.took = started.elapsed();
        self.record(trigger, &report);
        report
    }

    /// Loads, checks and indexes the folder. `None` when nothing is to be swapped in; the
    /// report says why.
    fn build_next(&self, old: &Snapshot, report: &mut ReloadReport) -> Option<Snapshot> {
        #[cfg(test)]
        if tests::PANIC_IN_NEXT_BUILD.with(|p| p.replace(false)) {
            panic!("injected by a test");
        }
        let library = match content::load_dir(&self.settings.content_dir, &self.settings.load) {
            Ok(library) => library,
            Err(e) => {
                report.outcome = ReloadOutcome::Failed(e.to_string());
                return None;
            }
        };
        report.problems = library.problems.clone();
        if library.has_errors() {
            report.outcome = ReloadOutcome::Rejected;
            return None;
        }
        diff(&old.library, &library, report);
        // Unchanged content keeps its index, unless searching it met damaged files: then the
        // reload is how a moderator repairs it.
        let repair = old.index.is_damaged();
        if disk::fingerprint(&library) == old.fingerprint && !repair {
            return None;
        }
        let dir = &self.settings.index_dir;
        match Snapshot::assemble(library, |library| disk::open_or_build(dir, library, repair)) {
            Ok((mut snapshot, index)) => {
                report.index = Some(index.action);
                report.index_warnings = index.warnings;
                snapshot.prepare();
                Some(snapshot)
            }
            Err(e) => {
                report.outcome = ReloadOutcome::Failed(e.to_string());
                None
            }
        }
    }

    /// The one log line and the metrics of a reload.
    fn record(&self, trigger: Trigger, report: &ReloadReport) {
        let outcome = report.outcome.as_str();
        self.metrics.reload(outcome, report.took);
        let snapshot = self.snapshot();
        self.metrics.content(snapshot.version(), snapshot.library.documents.len());
        let (user, guild) = match trigger {
            Trigger::Command { user, guild } => (user, guild),
            _ => (None, None),
        };
        for warning in &report.index_warnings {
            tracing::warn!(trigger = trigger.as_str(), "{warning}");
        }
        let ms = report.took.as_millis() as u64;
        match &report.outcome {
            ReloadOutcome::Swapped => tracing::info!(
                trigger = trigger.as_str(),
                user,
                guild,
                outcome,
                version = %report.version,
                previous = %report.previous_version,
                added = ?report.added,
                removed = ?report.removed,
                changed = ?report.changed,
                index = ?report.index,
                ms,
                "reload"
            ),
            ReloadOutcome::Unchanged if trigger == Trigger::Watch => {
                tracing::debug!(trigger = trigger.as_str(), outcome, ms, "reload")
            }
            ReloadOutcome::Unchanged => {
                tracing::info!(trigger = trigger.as_str(), user, guild, outcome, version = %report.version, ms, "reload")
            }
            ReloadOutcome::Rejected => {
                for problem in report.problems.iter().filter(|p| p.severity == Severity::Error) {
                    tracing::warn!(file = %problem.file, line = problem.line, "{}", problem.message);
                }
                tracing::warn!(trigger = trigger.as_str(), user, guild, outcome, version = %report.version, ms, "reload")
            }
            ReloadOutcome::Failed(why) => {
                tracing::error!(trigger = trigger.as_str(), user, guild, outcome, error = %why, ms, "reload")
            }
        }
    }
}

fn careers(library: &Library) -> usize {
    library.documents.iter().filter(|d| d.kind == Kind::Career).count()
}

fn diff(old: &Library, new: &Library, report: &mut ReloadReport) {
    let before: HashMap<&str, &[u8; 32]> = old.documents.iter().map(|d| (d.slug.as_str(), &d.content_hash)).collect();
    let after: HashMap<&str, &[u8; 32]> = new.documents.iter().map(|d| (d.slug.as_str(), &d.content_hash)).collect();
    for d in &new.documents {
        match before.get(d.slug.as_str()) {
            None => report.added.push(d.slug.clone()),
            Some(hash) if **hash != d.content_hash => report.changed.push(d.slug.clone()),
            Some(_) => {}
        }
    }
    report.removed =
        old.documents.iter().filter(|d| !after.contains_key(d.slug.as_str())).map(|d| d.slug.clone()).collect();
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    thread_local! {
        /// Makes the next reload on this thread panic while building.
        pub(super) static PANIC_IN_NEXT_BUILD: Cell<bool> = const { Cell::new(false) };
    }

    #[test]
    fn a_reload_that_panics_is_a_failed_reload_and_the_old_content_keeps_serving() {
        let content = tempfile::TempDir::new().unwrap();
        let index = tempfile::TempDir::new().unwrap();
        let doc = |word: &str| format!("---\ntitle: \"1. Alpha\"\n---\n# 1. Alpha\n## Role Definition:\n{word}\n");
        std::fs::write(content.path().join("1-Alpha.md"), doc("zebra")).unwrap();
        let settings = Settings {
            content_dir: content.path().to_path_buf(),
            index_dir: index.path().to_path_buf(),
            load: LoadOptions::default(),
        };
        let (store, _) = Store::open(settings, false).unwrap();
        let version = store.snapshot().version().to_string();
        std::fs::write(content.path().join("1-Alpha.md"), doc("okapi")).unwrap();

        PANIC_IN_NEXT_BUILD.with(|p| p.set(true));
        let report = store.reload(Trigger::Watch);
        match &report.outcome {
            ReloadOutcome::Failed(why) => assert!(why.contains("panicked: injected by a test"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.snapshot().version(), version, "the old content serves");
        assert!(store.metrics().render().contains("careerbot_reloads_total{outcome=\"failed\"} 1"));

        // Nothing is left broken: the next reload swaps.
        assert_eq!(store.reload(Trigger::Watch).outcome, ReloadOutcome::Swapped);
        assert_ne!(store.snapshot().version(), version);
    }
}
