//! What the bot serves at one moment: a library and its index, swapped whole on reload.
//!
//! [`Store::snapshot`] hands out an `Arc<Snapshot>`; a request keeps it to the end, so a
//! reload never changes content under a request. [`Store::reload`] builds the next snapshot off
//! to the side (parse, then index into a new generation folder) and swaps it in with one
//! atomic pointer store. Readers never take a lock; only reloads queue behind each other.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;

use crate::content::{self, FolderError, Kind, Library, LoadOptions, Problem};
use crate::search::disk::{self, IndexAction};
use crate::search::{SearchError, SearchIndex};

/// A library and the index built from it.
#[derive(Debug)]
pub struct Snapshot {
    /// The documents.
    pub library: Library,
    /// Their search index.
    pub index: SearchIndex,
    /// Content fingerprint (hex).
    pub fingerprint: String,
}

impl Snapshot {
    /// A snapshot with an in-memory index (tests, benchmarks, tools).
    pub fn in_memory(library: Library) -> Result<Snapshot, SearchError> {
        let index = SearchIndex::in_memory(&library)?;
        let fingerprint = disk::fingerprint(&library);
        Ok(Snapshot { library, index, fingerprint })
    }

    /// Short content version for people and page tokens: the first 8 hex digits of the
    /// fingerprint. Every process serving the same content reports the same version.
    pub fn version(&self) -> &str {
        &self.fingerprint[..8.min(self.fingerprint.len())]
    }
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

/// The outcome of a reload.
#[derive(Debug, Clone, PartialEq)]
pub enum ReloadOutcome {
    /// New content is serving.
    Swapped,
    /// The content is the same as what is serving; nothing was rebuilt.
    Unchanged,
    /// The new content has errors; the old content keeps serving.
    Rejected,
    /// The content folder or the index could not be used; the old content keeps serving.
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
}

/// Holds the serving snapshot and reloads it.
pub struct Store {
    current: ArcSwap<Snapshot>,
    settings: Settings,
    reloading: Mutex<()>,
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
        let started = Instant::now();
        let library = content::load_dir(&settings.content_dir, &settings.load).map_err(StartError::Content)?;
        let opened = disk::open_or_build(&settings.index_dir, &library, rebuild).map_err(StartError::Index)?;
        let report = StartReport {
            action: opened.action,
            warnings: opened.warnings,
            problems: library.problems.clone(),
            documents: library.documents.len(),
            index_docs: opened.index.num_docs(),
            took: started.elapsed(),
        };
        let snapshot = Snapshot { library, index: opened.index, fingerprint: opened.fingerprint };
        let store = Store { current: ArcSwap::from_pointee(snapshot), settings, reloading: Mutex::new(()) };
        Ok((store, report))
    }

    /// A store serving a ready snapshot (tests and tools); reloads read `settings`.
    pub fn with_snapshot(snapshot: Snapshot, settings: Settings) -> Store {
        Store { current: ArcSwap::from_pointee(snapshot), settings, reloading: Mutex::new(()) }
    }

    /// The snapshot serving now. Keep it for the whole request.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// The folders this store reads.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Reloads the content folder. Builds the new snapshot completely before swapping it in;
    /// any error in the new content keeps the old snapshot serving. Concurrent reloads run one
    /// after the other; queries are never blocked.
    pub fn reload(&self) -> ReloadReport {
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
        };
        let library = match content::load_dir(&self.settings.content_dir, &self.settings.load) {
            Ok(library) => library,
            Err(e) => {
                report.outcome = ReloadOutcome::Failed(e.to_string());
                report.took = started.elapsed();
                return report;
            }
        };
        report.problems = library.problems.clone();
        if library.has_errors() {
            report.outcome = ReloadOutcome::Rejected;
            report.took = started.elapsed();
            return report;
        }
        diff(&old.library, &library, &mut report);
        if disk::fingerprint(&library) == old.fingerprint {
            report.took = started.elapsed();
            return report;
        }
        let opened = match disk::open_or_build(&self.settings.index_dir, &library, false) {
            Ok(opened) => opened,
            Err(e) => {
                report.outcome = ReloadOutcome::Failed(e.to_string());
                report.took = started.elapsed();
                return report;
            }
        };
        let next = Snapshot { library, index: opened.index, fingerprint: opened.fingerprint };
        report.documents = next.library.documents.len();
        report.careers = careers(&next.library);
        report.version = next.version().to_string();
        report.outcome = ReloadOutcome::Swapped;
        self.current.store(Arc::new(next));
        report.took = started.elapsed();
        report
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
