//! The index on disk: fresh, reused, and safe to share between processes.
//!
//! Layout of the index folder:
//!
//! ```text
//! index/
//!   manifest.json          which generation serves, its content fingerprint and schema version
//!   gen-<fingerprint>/     a complete tantivy index, the library's words (`words.txt`, for
//!                          typo correction) and its section bodies (`bodies.txt`, which a
//!                          serving bot maps instead of keeping them on its heap), never
//!                          modified after it is renamed in
//!   .tmp-…/                a build in progress (ignored; removed when stale)
//! ```
//!
//! A build writes a whole tantivy index into a private `.tmp-…` folder, renames it to its
//! `gen-…` name in one step, then replaces `manifest.json` (write to a temporary file, then
//! rename). Readers therefore see either the old generation or the new one, never a half-built
//! index. Two processes started on one folder at once may both build; each renames a complete
//! index, the second finds the first's generation for the same content and uses it, and the
//! manifest ends naming a complete generation either way. Old generations are deleted after a
//! switch; a process still reading one keeps its memory-mapped files (Unix semantics) until it
//! reloads. Files in the folder that careerbot did not make are never touched.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::Index;

use super::{Fields, SearchError, SearchIndex, Vocabulary, SCHEMA_VERSION};
use crate::content::text::Source;
use crate::content::Library;

const MANIFEST: &str = "manifest.json";

/// A name no other build, in this process or another, is using right now.
fn unique_suffix() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{nanos}-{n}", std::process::id())
}
/// Builds left behind by a crashed process are removed after this long.
const STALE_BUILD: Duration = Duration::from_secs(3600);

/// What `manifest.json` records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// [`SCHEMA_VERSION`] of the build.
    pub schema_version: u32,
    /// [`fingerprint`] of the library that was indexed.
    pub fingerprint: String,
    /// Folder name of the generation, inside the index folder.
    pub generation: String,
    /// Career documents indexed.
    pub documents: usize,
    /// Index documents (sections and items).
    pub index_docs: u64,
}

/// What [`open_or_build`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexAction {
    /// A matching index was opened as it was.
    Reused,
    /// An index was built, for this reason.
    Built {
        /// Why: no index yet, content changed, schema changed, damaged, asked for.
        reason: String,
    },
    /// The folder could not be used; the index lives in memory for this process.
    InMemory {
        /// Why the folder could not be used.
        reason: String,
    },
}

/// The result of [`open_or_build`].
#[derive(Debug)]
pub struct Opened {
    /// The index, ready to search.
    pub index: SearchIndex,
    /// Reused, built or in memory.
    pub action: IndexAction,
    /// Things worth a warning in the log (damaged or foreign folder, …).
    pub warnings: Vec<String>,
    /// Content fingerprint of the indexed library.
    pub fingerprint: String,
    /// The generation's `bodies.txt`, mapped (none for an index in memory).
    pub bodies: Option<Arc<Source>>,
}

/// Hex BLAKE3 over the schema version and each loaded document: its file name, its bytes'
/// hash, and what the parser made of it (section paths, keys and text, the listed items),
/// which is what the index stores. Equal fingerprints mean an index built from one library
/// serves the other; a new parser that reads the same files differently (other section keys,
/// say) gets a new fingerprint, so an index on disk is never reused with stale keys.
pub fn fingerprint(library: &Library) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&SCHEMA_VERSION.to_le_bytes());
    // Not indexed, but part of what serves: a changed table is new content.
    hasher.update(&library.synonyms.hash);
    let mut docs: Vec<_> = library.documents.iter().collect();
    docs.sort_by(|a, b| a.file.cmp(&b.file));
    let field = |hasher: &mut blake3::Hasher, text: &str| {
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    for d in docs {
        field(&mut hasher, &d.file);
        hasher.update(&d.content_hash);
        for fact in [&d.slug, &d.title, d.kind.as_str(), d.definition.as_deref().unwrap_or_default()] {
            field(&mut hasher, fact);
        }
        for section in &d.sections {
            field(&mut hasher, &section.key);
            section.path.iter().for_each(|p| field(&mut hasher, p));
            field(&mut hasher, &section.body);
        }
        for cert in &d.certifications {
            field(&mut hasher, &cert.name);
            field(&mut hasher, cert.issuer.as_deref().unwrap_or_default());
            field(&mut hasher, cert.group.as_deref().unwrap_or_default());
            field(&mut hasher, &cert.summary);
        }
        d.prompts.iter().for_each(|p| field(&mut hasher, p));
        for link in &d.links {
            field(&mut hasher, &link.title);
            field(&mut hasher, &link.url);
            field(&mut hasher, &link.summary);
        }
    }
    // The tracks: each page's bytes and where the track placed it.
    for track in &library.tracks {
        field(&mut hasher, &track.slug);
        let overviews = std::iter::once(&track.overview).chain(&track.translated_overviews);
        let lessons = track.lessons.iter().flat_map(|l| std::iter::once(&l.document).chain(&l.translations));
        for (i, d) in overviews.chain(lessons).enumerate() {
            field(&mut hasher, &d.file);
            hasher.update(&(i as u64).to_le_bytes());
            hasher.update(&d.content_hash);
        }
    }
    hasher.finalize().to_hex().to_string()
}

/// Opens the index in `dir` when it matches `library`, otherwise builds it there. Never fails
/// on a missing, partial, corrupt or foreign folder: those are rebuilt (with a warning), and a
/// folder that cannot be written at all falls back to an index in memory.
pub fn open_or_build(dir: &Path, library: &Library, rebuild: bool) -> Result<Opened, SearchError> {
    let fingerprint = fingerprint(library);
    let mut warnings = Vec::new();
    let reason = if rebuild {
        "rebuild requested".to_string()
    } else {
        match read_manifest(dir) {
            Ok(Some(m)) if m.schema_version != SCHEMA_VERSION => {
                format!("index has schema version {}, this build uses {SCHEMA_VERSION}", m.schema_version)
            }
            Ok(Some(m)) if m.fingerprint != fingerprint => "content changed since the index was built".to_string(),
            Ok(Some(m)) => match open_generation(&dir.join(&m.generation), library, Made::Found) {
                Ok((index, bodies)) => {
                    return Ok(Opened {
                        index,
                        action: IndexAction::Reused,
                        warnings,
                        fingerprint,
                        bodies: Some(bodies),
                    })
                }
                Err(e) => {
                    warnings.push(format!("index {} is damaged ({e}); rebuilding", dir.join(&m.generation).display()));
                    "index was damaged".to_string()
                }
            },
            Ok(None) => {
                if has_foreign_files(dir) {
                    warnings.push(format!(
                        "index folder {} has no {MANIFEST} (partial build, or not careerbot's); building beside what is there",
                        dir.display()
                    ));
                }
                "no index yet".to_string()
            }
            Err(e) => {
                warnings.push(format!("{}: {e}; rebuilding", dir.join(MANIFEST).display()));
                "manifest was unreadable".to_string()
            }
        }
    };
    match build(dir, library, &fingerprint) {
        Ok((index, bodies)) => {
            Ok(Opened { index, action: IndexAction::Built { reason }, warnings, fingerprint, bodies: Some(bodies) })
        }
        Err(e) => {
            let why = format!("cannot write index folder {}: {e}", dir.display());
            warnings.push(format!("{why}; serving from an index in memory"));
            let index = SearchIndex::in_memory(library)?;
            Ok(Opened { index, action: IndexAction::InMemory { reason: why }, warnings, fingerprint, bodies: None })
        }
    }
}

fn read_manifest(dir: &Path) -> Result<Option<Manifest>, String> {
    let path = dir.join(MANIFEST);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| format!("not a careerbot manifest ({e})"))?;
    if !is_generation_name(&manifest.generation) {
        return Err(format!("manifest names an invalid generation '{}'", manifest.generation));
    }
    Ok(Some(manifest))
}

fn is_generation_name(name: &str) -> bool {
    name.strip_prefix("gen-").is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit()))
}

/// True when the folder holds something besides our README, manifest and builds.
fn has_foreign_files(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else { return false };
    entries.flatten().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        !(name == "README.md" || name == ".gitkeep" || name == ".gitignore" || name.starts_with(".tmp-"))
    })
}

/// The library's words with their counts, beside the index: counting them again at every
/// start would read the whole library.
const WORDS: &str = "words.txt";

/// Every section body of the library, one after another, in the order of its pages (documents,
/// then lessons, each page's sections: the order
/// [`Library::map_bodies`](crate::content::Library::map_bodies) reads them back in; it follows
/// from the content, so one fingerprint has one order).
const BODIES: &str = "bodies.txt";

fn write_bodies(path: &Path, library: &Library) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(fs::File::create(path)?);
    for section in library.pages().flat_map(|(_, d)| &d.sections) {
        out.write_all(section.body.as_bytes())?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// Maps `bodies.txt` after checking that it holds exactly this library's bodies. It is read
/// (not mapped) for the check, so its pages are mapped in only as answers need them.
fn checked_bodies(path: &Path, library: &Library) -> Result<Arc<Source>, String> {
    let mut file = std::io::BufReader::new(fs::File::open(path).map_err(|e| e.to_string())?);
    let mut read = Vec::new();
    for (_, doc) in library.pages() {
        for section in &doc.sections {
            read.resize(section.body.len(), 0);
            file.read_exact(&mut read).map_err(|_| "shorter than the library's text".to_string())?;
            if read != section.body.as_bytes() {
                return Err(format!("differs from {} (section '{}')", doc.file, section.key));
            }
        }
    }
    if file.read(&mut [0]).map_err(|e| e.to_string())? != 0 {
        return Err("longer than the library's text".into());
    }
    Source::map(path).map_err(|e| e.to_string())
}

/// Where a generation comes from, which says how much of it is checked before it is used.
#[derive(Clone, Copy, PartialEq)]
enum Made {
    /// Found on disk (an earlier run, another process): everything is checked.
    Found,
    /// Built a moment ago by this process from this library: its files are what it wrote.
    JustBuilt,
}

/// Opens one generation and checks it: our schema, and for one found on disk every file's
/// checksum intact and its bodies the library's; its words readable.
fn open_generation(path: &Path, library: &Library, made: Made) -> Result<(SearchIndex, Arc<Source>), SearchError> {
    let index = Index::open_in_dir(path)?;
    let (schema, fields) = Fields::schema();
    if index.schema() != schema {
        return Err(SearchError("schema differs".into()));
    }
    if made == Made::Found {
        let damaged = index.validate_checksum()?;
        if !damaged.is_empty() {
            return Err(SearchError(format!("{} file(s) fail their checksum", damaged.len())));
        }
    }
    let words = fs::read_to_string(path.join(WORDS)).map_err(|e| SearchError(format!("{WORDS}: {e}")))?;
    let vocabulary = Vocabulary::parse(&words).map_err(|e| SearchError(format!("{WORDS}: {e}")))?;
    let bodies = match made {
        Made::Found => checked_bodies(&path.join(BODIES), library),
        Made::JustBuilt => Source::map(&path.join(BODIES)).map_err(|e| e.to_string()),
    }
    .map_err(|e| SearchError(format!("{BODIES}: {e}")))?;
    Ok((SearchIndex::from_index(index, fields, library, vocabulary)?, bodies))
}

/// Builds a new generation beside the old one and switches the manifest to it.
fn build(dir: &Path, library: &Library, fingerprint: &str) -> Result<(SearchIndex, Arc<Source>), SearchError> {
    let io = |what: &str, e: std::io::Error| SearchError(format!("{what}: {e}"));
    fs::create_dir_all(dir).map_err(|e| io("create folder", e))?;
    let generation = format!("gen-{}", &fingerprint[..16]);
    let target = dir.join(&generation);
    let tmp = dir.join(format!(".tmp-{generation}-{}", unique_suffix()));
    fs::create_dir(&tmp).map_err(|e| io("create build folder", e))?;
    let built = (|| {
        let (schema, fields) = Fields::schema();
        let directory = MmapDirectory::open(&tmp).map_err(|e| SearchError(e.to_string()))?;
        let index = Index::create(directory, schema, Default::default())?;
        // The bodies file is mostly waiting on the disk: written while the index is built.
        let (vocabulary, bodies) = rayon::join(
            || SearchIndex::build_into(&index, &fields, library),
            || write_bodies(&tmp.join(BODIES), library),
        );
        bodies.map_err(|e| SearchError(format!("write {BODIES}: {e}")))?;
        write_synced(&tmp.join(WORDS), vocabulary?.to_text().as_bytes())
            .map_err(|e| SearchError(format!("write {WORDS}: {e}")))?;
        let index_docs = index.reader()?.searcher().num_docs();
        Ok::<u64, SearchError>(index_docs)
    })();
    let index_docs = match built {
        Ok(index_docs) => index_docs,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };

    if target.exists() {
        // Same content already built (by another process, or damaged from before).
        if let Ok(index) = open_generation(&target, library, Made::Found) {
            let _ = fs::remove_dir_all(&tmp);
            write_manifest(dir, &generation, fingerprint, library, index_docs)?;
            remove_old(dir, &generation);
            return Ok(index);
        }
        let trash = dir.join(format!(".tmp-damaged-{generation}-{}", unique_suffix()));
        fs::rename(&target, &trash).map_err(|e| io("move damaged index aside", e))?;
        let _ = fs::remove_dir_all(&trash);
    }
    if let Err(e) = fs::rename(&tmp, &target) {
        let _ = fs::remove_dir_all(&tmp);
        // Lost a race with another process building the same content: use theirs.
        return open_generation(&target, library, Made::Found).map_err(|_| io("rename build into place", e));
    }
    write_manifest(dir, &generation, fingerprint, library, index_docs)?;
    remove_old(dir, &generation);
    open_generation(&target, library, Made::JustBuilt)
}

fn write_manifest(
    dir: &Path,
    generation: &str,
    fingerprint: &str,
    library: &Library,
    index_docs: u64,
) -> Result<(), SearchError> {
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        fingerprint: fingerprint.to_string(),
        generation: generation.to_string(),
        documents: library.documents.len(),
        index_docs,
    };
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| SearchError(e.to_string()))?;
    let tmp = dir.join(format!(".tmp-manifest-{}", unique_suffix()));
    let write = || -> std::io::Result<()> {
        write_synced(&tmp, text.as_bytes())?;
        fs::rename(&tmp, dir.join(MANIFEST))
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&tmp);
        SearchError(format!("write {MANIFEST}: {e}"))
    })
}

/// Writes a whole file and waits until it is on disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes generations other than `keep` and builds abandoned long ago. Errors are ignored:
/// another process may be removing the same folders.
fn remove_old(dir: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path: PathBuf = entry.path();
        if is_generation_name(&name) && name != keep {
            let _ = fs::remove_dir_all(&path);
        } else if name.starts_with(".tmp-") {
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_BUILD);
            if stale {
                let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
            }
        }
    }
}
