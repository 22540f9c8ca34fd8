//! Career-path documents: markdown with YAML front matter, parsed into a [`Library`].
//!
//! This module knows markdown and YAML and nothing else: no tantivy, no Discord. The road is
//! [`load_dir`] → one [`parse_document`] per file → checks across files (duplicate slugs) →
//! a [`Library`] that carries every [`Problem`] it met, so one bad file never hides the others.

mod front_matter;
mod markdown;
mod parts;
pub mod synonyms;
pub mod text;
pub mod tracks;

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

pub use markdown::anchor_slug;
pub use parts::{labelled_items, list_items, ListItem, Part};
pub use synonyms::Synonyms;
pub use text::Text;
pub use tracks::{Lesson, Module, Track};

/// Markdown as plain text: emphasis markers and link targets removed (`[title](url)` →
/// `title`), for searching, snippets and reading names out of prose.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else { break };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else { break };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if out.contains("**") || out.contains("__") {
        out = out.replace("**", "").replace("__", "");
    }
    out
}

/// A character words are made of: a letter or digit, or a mark or format character written
/// inside a word (Sinhala and Tamil vowel signs, the virama, the zero-width joiner of "ප්‍ර"),
/// which are no letters but cut such a word in pieces when taken as a gap.
pub fn is_word_char(c: char) -> bool {
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
    c.is_alphanumeric()
        || (!c.is_ascii()
            && (c.general_category_group() == GeneralCategoryGroup::Mark
                || c.general_category() == GeneralCategory::Format))
}

/// The zero-width joiner and non-joiner.
const JOINERS: [char; 2] = ['\u{200C}', '\u{200D}'];

/// True for a zero-width joiner or non-joiner: inside a word, but no part of what it spells.
pub fn is_joiner(c: char) -> bool {
    JOINERS.contains(&c)
}

/// A word without the zero-width joiners written inside it: the pages write "තාක්‍ෂණය" both
/// with and without one, and a member types either.
pub fn without_joiners(word: &str) -> std::borrow::Cow<'_, str> {
    if word.contains(JOINERS) {
        word.replace(JOINERS, "").into()
    } else {
        word.into()
    }
}

/// Files in a content folder that are about the folder, not career documents.
const NOT_DOCUMENTS: &[&str] = &["notice.md", "readme.md", "license.md", "contributing.md"];

/// Default for [`LoadOptions::max_file_bytes`]: 1 MiB, far above any real document (~40 KiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The whole content folder, parsed. Made by [`load_dir`] or [`assemble`].
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Documents that loaded without errors, sorted by number, then slug.
    pub documents: Vec<Document>,
    /// Every problem met while loading, in file order. Documents with an error are not in
    /// `documents`.
    pub problems: Vec<Problem>,
    /// Words and roles that mean the same (`synonyms.toml`; empty when there is none).
    pub synonyms: Synonyms,
    /// The courses in `tracks/`, by folder name (empty when there is none).
    pub tracks: Vec<Track>,
    /// Slug → position in `documents`.
    by_slug: HashMap<String, usize>,
}

impl Library {
    /// True when any problem is an error (warnings allowed).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The track with this exact slug (its folder's name).
    pub fn track(&self, slug: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.slug == slug)
    }

    /// The document with this exact slug.
    pub fn get(&self, slug: &str) -> Option<&Document> {
        self.by_slug.get(slug).and_then(|&i| self.documents.get(i))
    }

    /// Where the document with this slug is in `documents`.
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// Every page search reads, in the order it indexes them: the documents, then each track's
    /// lessons in order, each lesson's own page before its translations.
    pub fn pages(&self) -> impl Iterator<Item = (PageAt, &Document)> + '_ {
        let documents = self.documents.iter().enumerate().map(|(i, d)| (PageAt::Document(i as u32), d));
        let lessons = self.tracks.iter().enumerate().flat_map(|(t, track)| {
            track.lessons.iter().enumerate().flat_map(move |(l, lesson)| {
                std::iter::once(&lesson.document).chain(&lesson.translations).enumerate().map(move |(n, page)| {
                    (PageAt::Lesson { track: t as u16, lesson: l as u16, translation: n as u16 }, page)
                })
            })
        });
        documents.chain(lessons)
    }

    /// Every page, in the order of [`Library::pages`], to change in place.
    fn pages_mut(&mut self) -> impl Iterator<Item = &mut Document> + '_ {
        let lessons = self.tracks.iter_mut().flat_map(|track| {
            track
                .lessons
                .iter_mut()
                .flat_map(|lesson| std::iter::once(&mut lesson.document).chain(&mut lesson.translations))
        });
        self.documents.iter_mut().chain(lessons)
    }

    /// The page at `at` (see [`Library::pages`]); `None` when this library has none there.
    pub fn page(&self, at: PageAt) -> Option<&Document> {
        match at {
            PageAt::Document(i) => self.documents.get(i as usize),
            PageAt::Lesson { track, lesson, translation } => {
                let lesson = self.tracks.get(usize::from(track))?.lessons.get(usize::from(lesson))?;
                match translation {
                    0 => Some(&lesson.document),
                    n => lesson.translations.get(usize::from(n) - 1),
                }
            }
        }
    }

    /// The track and lesson a page of a track is, when it is one.
    pub fn lesson_at(&self, at: PageAt) -> Option<(&Track, &Lesson)> {
        let PageAt::Lesson { track, lesson, .. } = at else { return None };
        let track = self.tracks.get(usize::from(track))?;
        Some((track, track.lessons.get(usize::from(lesson))?))
    }

    /// Points every section body, of documents and lessons, at the same bytes in `bodies` (the
    /// library's bodies one after another, in the order of [`Library::pages`], as the index
    /// writes them), so that the heap copies are freed. Returns how many bodies moved; a body
    /// the file does not hold stays on the heap.
    pub fn map_bodies(&mut self, bodies: &std::sync::Arc<text::Source>) -> usize {
        let (mut offset, mut moved) = (0, 0);
        for page in self.pages_mut() {
            let Some(first) = page.sections.first().map(|s| s.body.clone()) else { continue };
            for section in &mut page.sections {
                let len = section.body.len();
                if let Some(mapped) = Text::in_source(bodies, offset, len) {
                    section.body = mapped;
                    moved += 1;
                }
                offset += len;
            }
            // The prompts and links are ranges of the same bodies where the page writes them
            // word for word.
            let after = &page.sections[0].body;
            let texts = page
                .prompts
                .iter_mut()
                .chain(page.links.iter_mut().flat_map(|l| [&mut l.title, &mut l.url, &mut l.summary]));
            for text in texts {
                if let Some(mapped) = text.moved_with(&first, after) {
                    *text = mapped;
                }
            }
        }
        moved
    }
}

/// Where a page is in a [`Library`]: one of its documents, or a lesson of one of its tracks
/// (`translation` 0 for the lesson's own page, n for its n-th translation). Small and `Copy`:
/// the search index keeps one per entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageAt {
    /// Position in [`Library::documents`].
    Document(u32),
    /// Positions in [`Library::tracks`] and its [`Track::lessons`].
    Lesson {
        /// The track's position.
        track: u16,
        /// The lesson's position in the track.
        lesson: u16,
        /// 0, or 1 + the position in [`Lesson::translations`].
        translation: u16,
    },
}

impl PageAt {
    /// True for a lesson's translation (not its own page).
    pub fn is_translation(self) -> bool {
        matches!(self, PageAt::Lesson { translation, .. } if translation > 0)
    }

    /// The position in [`Library::documents`], for a document.
    pub fn document(self) -> Option<usize> {
        match self {
            PageAt::Document(i) => Some(i as usize),
            PageAt::Lesson { .. } => None,
        }
    }
}

/// Whether a document is one role's career path or a guide about careers in general.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A role's career path ("SecOps Engineer").
    Career,
    /// Anything that is not about one role: an introduction, resources, a conclusion.
    Guide,
}

impl Kind {
    /// The lowercase name used in JSON, the index and command options.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Career => "career",
            Kind::Guide => "guide",
        }
    }
}

/// One career-path document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name inside the content folder, e.g. `27-SecOps_Engineer.md`.
    pub file: String,
    /// Stable identifier from the file name without its number: `secops-engineer`.
    pub slug: String,
    /// The number in the file name (or the title), e.g. 27.
    pub number: Option<u32>,
    /// Title without its number prefix: "SecOps Engineer".
    pub title: String,
    /// One-line description from the front matter.
    pub description: String,
    /// Path of the public page, e.g. `/students/career_guidance/career_paths/27-SecOps_Engineer/`.
    pub permalink: Option<String>,
    /// Language code from the front matter.
    pub lang: Option<String>,
    /// Career or guide.
    pub kind: Kind,
    /// Other names that find this document: front-matter `aliases:` first, then derived ones.
    pub aliases: Vec<String>,
    /// What the role is, in one paragraph (or, for a guide, what it is about): the definition
    /// in whichever form the document gives it (see `parts::definition`).
    pub definition: Option<String>,
    /// Sections in document order; the tree is in each section's `path`.
    pub sections: Vec<Section>,
    /// Certifications listed in the certifications section.
    pub certifications: Vec<Certification>,
    /// Ready-made LLM prompts, in order, without surrounding quotes.
    pub prompts: Vec<Text>,
    /// Further-reading links.
    pub links: Vec<Link>,
    /// BLAKE3 hash of the file's bytes, to tell changed documents apart on reload.
    pub content_hash: [u8; 32],
}

impl Document {
    /// The section with this key (see [`Section::key`]).
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The first section of this part.
    pub fn part(&self, part: Part) -> Option<&Section> {
        self.sections.iter().find(|s| s.part == Some(part))
    }

    /// Sections nested under `parent` (any depth), in order: the run of deeper sections right
    /// after it. Read from where it stands, not by comparing every section's path with it,
    /// which cost the square of the sections when the index asked for each empty one (a
    /// document of 63,000 headings took 34 s to index); and a later section of the same
    /// path is not counted as nested. Empty for a section of another document.
    pub fn children<'a>(&'a self, parent: &'a Section) -> impl Iterator<Item = &'a Section> + 'a {
        let after = self.position_of(parent).map_or(self.sections.len(), |at| at + 1);
        self.sections[after..].iter().take_while(move |s| s.path.len() > parent.path.len())
    }

    /// Where `section`, a section of this document, stands in [`Document::sections`].
    fn position_of(&self, section: &Section) -> Option<usize> {
        let offset = (section as *const Section as usize).checked_sub(self.sections.as_ptr() as usize)?;
        let at = offset / std::mem::size_of::<Section>().max(1);
        self.sections.get(at).filter(|s| std::ptr::eq(*s, section)).map(|_| at)
    }
}

/// One heading and the text under it (up to the next heading of any level).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Headings from the top of the document down to this one, without the document's title.
    pub path: Vec<String>,
    /// Markdown heading level (1–6); a bold line standing alone as a heading gets the level it
    /// plays in the outline.
    pub level: u8,
    /// Anchor on the public page, as the site generator (kramdown) makes it: `key-skills-required`.
    pub anchor: String,
    /// Short stable key for commands: `certifications`, `skills`, … or the anchor.
    pub key: String,
    /// What part of a career path this is, when recognised.
    pub part: Option<Part>,
    /// The section's own text as clean markdown (site-generator markup removed).
    pub body: Text,
    /// 1-based line of the heading in the file.
    pub line: usize,
}

impl Section {
    /// The heading text of this section.
    pub fn heading(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or_default()
    }
}

/// A certification named in a certifications section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certification {
    /// "Certified Kubernetes Security Specialist (CKSS)".
    pub name: String,
    /// "CNCF", when the item names one in parentheses.
    pub issuer: Option<String>,
    /// Sub-heading the item stands under, e.g. "Entry-Level/Foundational".
    pub group: Option<String>,
    /// The item's text after its name.
    pub summary: String,
}

/// A further-reading link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Link text.
    pub title: Text,
    /// Target as written in the document.
    pub url: Text,
    /// Text after the link.
    pub summary: Text,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Loads, but something was guessed or ignored.
    Warning,
    /// The document cannot be served.
    Error,
}

/// Something wrong with a content file, pinned to a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// File name inside the content folder.
    pub file: String,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong, and where useful, how to fix it.
    pub message: String,
}

impl Problem {
    pub(crate) fn error(file: &str, line: usize, message: impl Into<String>) -> Self {
        Problem { file: file.to_string(), line, severity: Severity::Error, message: message.into() }
    }

    pub(crate) fn warning(file: &str, line: usize, message: impl Into<String>) -> Self {
        Problem { file: file.to_string(), line, severity: Severity::Warning, message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}:{}: {}: {}", self.file, self.line, severity, self.message)
    }
}

/// Settings for loading a content folder.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this are an error and are not read.
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { max_file_bytes: DEFAULT_MAX_FILE_BYTES }
    }
}

/// The content folder itself cannot be read (as opposed to a problem with one file).
#[derive(Debug)]
pub struct FolderError {
    /// The folder.
    pub dir: PathBuf,
    /// Why it could not be listed.
    pub source: std::io::Error,
}

impl fmt::Display for FolderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read content folder {}: {}", self.dir.display(), self.source)
    }
}

impl std::error::Error for FolderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Lists the document files of a content folder: every `*.md` except the folder's own
/// `NOTICE.md`, `README.md`, `LICENSE.md` and `CONTRIBUTING.md`, sorted
/// by name. Symlinks are followed only when they resolve inside the folder.
pub fn document_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Problem>), FolderError> {
    let folder_error = |source| FolderError { dir: dir.to_path_buf(), source };
    let root = dir.canonicalize().map_err(folder_error)?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&root).map_err(folder_error)? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.to_ascii_lowercase().ends_with(".md") || name.starts_with('.') {
            continue;
        }
        if NOT_DOCUMENTS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let Ok(file_type) = entry.file_type() else { continue };
        if file_type.is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&root) && target.is_file() => {}
                Ok(_) => {
                    problems.push(Problem::warning(
                        &name,
                        0,
                        "symlink points outside the content folder (or not to a file); not followed",
                    ));
                    continue;
                }
                Err(e) => {
                    problems.push(Problem::warning(&name, 0, format!("broken symlink ({e}); skipped")));
                    continue;
                }
            }
        } else if !file_type.is_file() {
            continue;
        }
        files.push(path);
    }
    files.sort();
    Ok((files, problems))
}

/// Loads every document of a content folder. Fails only when the folder itself cannot be read;
/// problems with single files are in [`Library::problems`].
pub fn load_dir(dir: &Path, options: &LoadOptions) -> Result<Library, FolderError> {
    let (files, mut problems) = document_files(dir)?;
    let parsed: Vec<Parsed> = files
        .par_iter()
        .map(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match read_limited(path, options.max_file_bytes) {
                Ok(bytes) => parse_document(&name, &bytes),
                Err(message) => Parsed { document: None, problems: vec![Problem::error(&name, 0, message)] },
            }
        })
        .collect();
    let mut documents = Vec::with_capacity(parsed.len());
    for one in parsed {
        problems.extend(one.problems);
        documents.extend(one.document);
    }
    let mut library = assemble(documents, problems);
    load_synonyms(dir, options, &mut library);
    let (tracks, problems) = tracks::load(dir, options);
    library.tracks = tracks;
    library.problems.extend(problems);
    Ok(library)
}

/// Reads `synonyms.toml` when the folder has one; a broken table is an error (the rest of the
/// library is fine, but a reload with it is refused like a broken document), a role that names
/// no document a warning.
fn load_synonyms(dir: &Path, options: &LoadOptions, library: &mut Library) {
    let path = dir.join(synonyms::FILE);
    if !path.is_file() {
        return;
    }
    let text = match read_limited(&path, options.max_file_bytes).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            library.problems.push(Problem::error(synonyms::FILE, 1, "file is not valid UTF-8"));
            return;
        }
        Err(message) => {
            library.problems.push(Problem::error(synonyms::FILE, 0, message));
            return;
        }
    };
    match Synonyms::parse(&text) {
        Ok(table) => {
            for (role, slug) in &table.roles {
                if library.get(slug).is_none() {
                    library.problems.push(Problem::warning(
                        synonyms::FILE,
                        Synonyms::line_of(&text, role),
                        format!("role '{role}' stands for '{slug}', which is no document's slug; ignored"),
                    ));
                }
            }
            library.synonyms = table;
        }
        Err(problem) => library.problems.push(problem),
    }
}

/// Builds a library from parsed documents: rejects duplicate slugs and sorts.
pub fn assemble(documents: Vec<Document>, mut problems: Vec<Problem>) -> Library {
    let mut kept: Vec<Document> = Vec::with_capacity(documents.len());
    let mut by_slug: HashMap<String, String> = HashMap::new();
    let mut sorted = documents;
    sorted.sort_by(|a, b| a.file.cmp(&b.file));
    for doc in sorted {
        if let Some(first) = by_slug.get(&doc.slug) {
            problems.push(Problem::error(
                &doc.file,
                1,
                format!("slug '{}' is already used by {first}; rename one of the two files", doc.slug),
            ));
            continue;
        }
        by_slug.insert(doc.slug.clone(), doc.file.clone());
        kept.push(doc);
    }
    kept.sort_by(|a, b| (a.number.unwrap_or(u32::MAX), &a.slug).cmp(&(b.number.unwrap_or(u32::MAX), &b.slug)));
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let by_slug = kept.iter().enumerate().map(|(i, d)| (d.slug.clone(), i)).collect();
    Library { documents: kept, problems, synonyms: Synonyms::default(), tracks: Vec::new(), by_slug }
}

/// Reads at most `limit` bytes; a larger file is refused without reading it whole.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("file is larger than the limit of {limit} bytes (content.max_file_bytes); not loaded"));
    }
    Ok(bytes)
}

/// The result of parsing one file: a document unless it had an error, and its problems.
#[derive(Debug)]
pub struct Parsed {
    /// The document, `None` when any problem is an error.
    pub document: Option<Document>,
    /// Problems found in this file.
    pub problems: Vec<Problem>,
}

/// Parses one document from its file name and bytes. Never panics, whatever the bytes.
pub fn parse_document(file: &str, bytes: &[u8]) -> Parsed {
    let content_hash = *blake3::hash(bytes).as_bytes();
    let mut problems = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            problems.push(Problem::error(
                file,
                line,
                format!("file is not valid UTF-8 (bad byte at offset {})", e.valid_up_to()),
            ));
            return Parsed { document: None, problems };
        }
    };
    if text.contains('\0') {
        let line = text[..text.find('\0').unwrap_or(0)].matches('\n').count() + 1;
        problems.push(Problem::error(file, line, "file contains NUL bytes; is it a binary file?"));
        return Parsed { document: None, problems };
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };

    let split = front_matter::split(text);
    let mut meta = front_matter::FrontMatter::default();
    match &split.front_matter {
        Some(Ok(raw)) => match front_matter::parse(raw, split.first_line_of_yaml) {
            Ok((fm, warnings)) => {
                meta = fm;
                problems.extend(warnings.into_iter().map(|(line, msg)| Problem::warning(file, line, msg)));
            }
            Err((line, msg)) => problems.push(Problem::error(file, line, msg)),
        },
        Some(Err(line)) => problems.push(Problem::error(
            file,
            *line,
            "front matter opened with '---' is never closed; add a '---' line after it",
        )),
        None => problems.push(Problem::warning(
            file,
            1,
            "no front matter; title taken from the first heading and the file name",
        )),
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Parsed { document: None, problems };
    }

    let outline = markdown::outline(split.body, split.body_first_line);
    problems.extend(outline.warnings.iter().map(|(line, msg)| Problem::warning(file, *line, msg.clone())));

    let (file_number, file_slug, file_title) = parts::number_and_slug_from_file(file);
    let (title_number, title) = match meta.title.as_deref().map(parts::strip_number_prefix) {
        Some((n, t)) if !t.is_empty() => (n, t.to_string()),
        _ => match outline.title.as_deref().map(parts::strip_number_prefix) {
            Some((n, t)) if !t.is_empty() => (n, parts::strip_title_tagline(t).to_string()),
            _ => (None, file_title),
        },
    };
    // The number people see (in the title) wins over the file name's, which only orders files.
    let number = title_number.or(file_number);
    let slug = if file_slug.is_empty() { anchor_slug(&title) } else { file_slug };
    if slug.is_empty() {
        problems.push(Problem::error(file, 1, "cannot derive a slug from the file name or title"));
        return Parsed { document: None, problems };
    }

    let sections = parts::classify(outline.sections);
    if sections.is_empty() {
        problems.push(Problem::warning(file, 1, "document has no sections"));
    }
    let kind = meta.kind.unwrap_or_else(|| parts::guess_kind(&meta.description, &sections));
    let definition = parts::definition(&sections);
    let certifications = parts::certifications(&sections);
    let prompts = parts::prompts(&sections);
    let links = parts::links(&sections);
    let aliases = parts::aliases(meta.aliases, &slug, number, &title);

    let document = Document {
        file: file.to_string(),
        slug,
        number,
        title,
        description: meta.description.unwrap_or_default(),
        permalink: meta.permalink,
        lang: meta.lang,
        kind,
        aliases,
        definition,
        sections,
        certifications,
        prompts,
        links,
        content_hash,
    };
    Parsed { document: Some(document), problems }
}
