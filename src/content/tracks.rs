//! Study tracks: courses in `tracks/<track>/`, one folder each, read into [`Track`]s.
//!
//! A track is a folder with an `index.md` (its overview); every other page is a lesson, read
//! by the same parser as a career page. Sub-folders are modules (or levels) with their own
//! `index.md`; a folder of pages written in another language than the track (`lang: si`) holds
//! translations of the pages of the same file name.
//!
//! Lesson order is read from the folder, in general terms: numbered file names (`2-3-1-…`,
//! `1-introduction`) where most pages have one; otherwise the order in which the index pages
//! link them (by relative path or by permalink, whatever numbers the list shows), then pages no
//! index links, with a warning. Modules come from sub-folders, else from the first number of
//! numbered names, else from the headings the index groups its links under.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{parse_document, read_limited, Document, LoadOptions, Problem, NOT_DOCUMENTS};

/// The folder of the content folder that holds the tracks.
pub const FOLDER: &str = "tracks";

/// How deep sub-folders are read: a track, its modules, their levels.
const MOST_DEPTH: usize = 4;

/// One course.
#[derive(Debug, Clone)]
pub struct Track {
    /// The folder's name: `software-security`.
    pub slug: String,
    /// The overview page (`index.md`), parsed: its title, description, permalink and sections.
    pub overview: Document,
    /// The track's language (the overview's `lang`, English when it gives none).
    pub lang: String,
    /// Modules or levels, in order; empty when the track is one list of lessons.
    pub modules: Vec<Module>,
    /// Every lesson, in order.
    pub lessons: Vec<Lesson>,
    /// Overviews in other languages (`si/index.md`), by language.
    pub translated_overviews: Vec<Document>,
}

/// A module or level of a track: a sub-folder, a first number, or an index heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// What a member sees: "Back-end Design and Development", "Primary Students".
    pub title: String,
    /// The module's number as lessons show it: `2`.
    pub number: usize,
}

/// One page of a track.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// Stable across reloads: `<track>/<stem>`, e.g. `freelancing/2-3-winning-online-profile`.
    pub id: String,
    /// The file's path inside the track folder without `.md`: `primary/internet-safety`.
    pub stem: String,
    /// The number members type: `2.3.1` from the file name, or `module.position`.
    pub number: String,
    /// How deep it sits in the outline: 1 for a module's own page, 3 for `2-3-1`.
    pub depth: usize,
    /// Index in [`Track::modules`], when the track has modules.
    pub module: Option<usize>,
    /// False for a page no index links (it is shown after the linked ones).
    pub linked: bool,
    /// The words the index links it with, when they differ from its title ("Internet Safety -
    /// Advanced"): another name members may use.
    pub link_text: Option<String>,
    /// The page itself.
    pub document: Document,
    /// The same lesson in other languages.
    pub translations: Vec<Document>,
}

impl Track {
    /// The title without the site's decoration.
    pub fn title(&self) -> &str {
        &self.overview.title
    }

    /// The lesson with this id.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }

    /// Where the lesson with this id stands in [`Track::lessons`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.lessons.iter().position(|l| l.id == id)
    }

    /// The overview in `lang`, or the track's own.
    pub fn overview_in(&self, lang: &str) -> &Document {
        self.translated_overviews.iter().find(|d| d.lang.as_deref() == Some(lang)).unwrap_or(&self.overview)
    }
}

impl Lesson {
    /// The page in `lang`, when it has one (the lesson's own language otherwise).
    pub fn in_lang(&self, lang: &str) -> Option<&Document> {
        if self.document.lang.as_deref().unwrap_or("en") == lang {
            return Some(&self.document);
        }
        self.translations.iter().find(|d| d.lang.as_deref() == Some(lang))
    }
}

/// A page read from a track folder, before it is placed.
struct Page {
    /// Path inside the track folder, with `/`, without `.md`: `primary/index`.
    stem: String,
    document: Document,
}

impl Page {
    fn folder(&self) -> &str {
        self.stem.rsplit_once('/').map_or("", |(folder, _)| folder)
    }

    fn file_name(&self) -> &str {
        self.stem.rsplit_once('/').map_or(self.stem.as_str(), |(_, name)| name)
    }

    fn is_index(&self) -> bool {
        self.file_name().eq_ignore_ascii_case("index")
    }
}

/// Reads every track under `content/tracks/`. A folder without `index.md` is no track (a
/// warning); a page with an error is left out, its track still loads.
pub fn load(content_dir: &Path, options: &LoadOptions) -> (Vec<Track>, Vec<Problem>) {
    let root = content_dir.join(FOLDER);
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(&root) else { return (Vec::new(), problems) };
    let mut folders: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    folders.sort();
    let mut tracks = Vec::new();
    for (slug, path) in folders {
        let shown = format!("{FOLDER}/{slug}");
        if !path.join("index.md").is_file() {
            problems.push(Problem::warning(&shown, 0, "folder has no index.md, so it is no track; not loaded"));
            continue;
        }
        let (pages, mut found) = read_pages(&path, &shown, options);
        problems.append(&mut found);
        if let Some(track) = assemble_track(&slug, pages, &mut problems) {
            tracks.push(track);
        }
    }
    (tracks, problems)
}

/// The page files of every track, for the content watch.
pub fn files(content_dir: &Path) -> Vec<PathBuf> {
    let root = content_dir.join(FOLDER);
    let Ok(entries) = std::fs::read_dir(&root) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_dir())) {
        let mut files = Vec::new();
        collect_files(&entry.path(), "", 0, "", &mut files, &mut Vec::new());
        out.extend(files.into_iter().map(|(_, path)| path));
    }
    out.sort();
    out
}

/// Every `.md` page of one track folder (sub-folders too), parsed in parallel.
fn read_pages(dir: &Path, shown: &str, options: &LoadOptions) -> (Vec<Page>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    collect_files(dir, "", 0, shown, &mut files, &mut problems);
    files.sort();
    let parsed: Vec<(String, Option<Document>, Vec<Problem>)> = files
        .par_iter()
        .map(|(stem, path)| {
            let file = format!("{shown}/{stem}.md");
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let parsed = match read_limited(path, options.max_file_bytes) {
                Ok(bytes) => parse_document(&name, &bytes),
                Err(message) => return (stem.clone(), None, vec![Problem::error(&file, 0, message)]),
            };
            // Problems name the file from the content folder, so two `index.md` are told apart.
            let problems = parsed.problems.into_iter().map(|p| Problem { file: file.clone(), ..p }).collect();
            let document = parsed.document.map(|d| Document { file: file.clone(), ..d });
            (stem.clone(), document, problems)
        })
        .collect();
    let mut pages = Vec::new();
    for (stem, document, mut found) in parsed {
        problems.append(&mut found);
        if let Some(document) = document {
            pages.push(Page { stem, document });
        }
    }
    (pages, problems)
}

fn collect_files(
    dir: &Path,
    prefix: &str,
    depth: usize,
    shown: &str,
    files: &mut Vec<(String, PathBuf)>,
    problems: &mut Vec<Problem>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // Symlinks are not followed inside a track: a track is the files of its folder.
        let Ok(file_type) = entry.file_type() else { continue };
        if file_type.is_dir() {
            if depth + 1 >= MOST_DEPTH {
                problems.push(Problem::warning(
                    &format!("{shown}/{prefix}{name}"),
                    0,
                    "folder nested too deep; not read",
                ));
            } else {
                collect_files(&entry.path(), &format!("{prefix}{name}/"), depth + 1, shown, files, problems);
            }
        } else if file_type.is_file() {
            let lower = name.to_ascii_lowercase();
            if lower.ends_with(".md") && !NOT_DOCUMENTS.contains(&lower.as_str()) {
                files.push((format!("{prefix}{}", &name[..name.len() - 3]), entry.path()));
            }
        }
    }
}

/// The numbers a file name starts with: `2-3-1-fundamentals` → `[2, 3, 1]`, `1-introduction` →
/// `[1]`, `api_security` → `[]`.
pub fn file_numbers(name: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for piece in name.split(['-', '_', '.']) {
        match piece.parse::<u32>() {
            Ok(n) if !piece.is_empty() && piece.len() <= 4 => out.push(n),
            _ => break,
        }
    }
    out
}

/// A link target folded for comparison: lowercase, without `./`, the fragment, the query,
/// `.md`/`.html` and the slashes around it.
fn fold_target(target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or_default().trim().to_lowercase();
    let target = target.trim_end_matches('/');
    let target = target.strip_suffix(".md").or_else(|| target.strip_suffix(".html")).unwrap_or(target);
    target.trim_matches('/').to_string()
}

/// `base` joined with a relative `target`, `./` and `../` resolved; `None` above the root.
fn join_relative(base: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            piece => parts.push(piece),
        }
    }
    Some(parts.join("/"))
}

/// The links of a page, in order: the heading each stands under, its target and its text.
fn links_of(document: &Document) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for section in &document.sections {
        let mut rest: &str = &section.body;
        while let Some(open) = rest.find("](") {
            let text = rest[..open].rsplit_once('[').map_or("", |(_, t)| t);
            let after = &rest[open + 2..];
            let Some(close) = after.find(')') else { break };
            let text = text.trim_matches(|c: char| c == '*' || c.is_whitespace()).to_string();
            out.push((section.heading().to_string(), after[..close].trim().to_string(), text));
            rest = &after[close..];
        }
    }
    out
}

/// Finds pages of a track by what its links say.
struct Resolver {
    /// Folded stem (`primary/internet-safety`) → page.
    by_stem: HashMap<String, usize>,
    /// Folded permalink (`students/digital-literacy/primary/internet-safety`) → page.
    by_permalink: HashMap<String, usize>,
    /// Last piece of a stem or permalink → pages, for links that name a page by it alone.
    by_last: HashMap<String, Vec<usize>>,
}

impl Resolver {
    fn new(pages: &[&Page]) -> Resolver {
        let mut by_stem = HashMap::new();
        let mut by_permalink = HashMap::new();
        let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            let stem = page.stem.to_lowercase();
            // A folder's index answers for the folder: `primary/` links `primary/index`.
            let as_folder = stem.strip_suffix("/index").map(str::to_string);
            by_stem.insert(stem.clone(), i);
            if let Some(folder) = &as_folder {
                by_stem.insert(folder.clone(), i);
            }
            if let Some(permalink) = &page.document.permalink {
                let folded = fold_target(permalink);
                by_last.entry(folded.rsplit('/').next().unwrap_or_default().to_string()).or_default().push(i);
                by_permalink.insert(folded, i);
            }
            let last = as_folder.as_deref().unwrap_or(&stem).rsplit('/').next().unwrap_or_default().to_string();
            by_last.entry(last).or_default().push(i);
        }
        for list in by_last.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Resolver { by_stem, by_permalink, by_last }
    }

    /// The page a link of `from` points at, if it is one of the track's.
    fn resolve(&self, from: &Page, target: &str) -> Option<usize> {
        let raw = target.trim();
        if raw.is_empty() || raw.starts_with('#') || raw.contains("://") || raw.starts_with("mailto:") {
            return None;
        }
        let folded = fold_target(raw);
        if folded.is_empty() {
            return None;
        }
        if raw.starts_with('/') {
            if let Some(&i) = self.by_permalink.get(&folded) {
                return Some(i);
            }
        } else {
            let base = from.folder().to_lowercase();
            if let Some(&i) = join_relative(&base, &folded).and_then(|joined| self.by_stem.get(&joined)) {
                return Some(i);
            }
            if let Some(permalink) = &from.document.permalink {
                let base = fold_target(permalink);
                // A page's permalink is a folder on the site: `./api_security` from
                // `…/software-security/` is `…/software-security/api_security`.
                let base =
                    if from.is_index() { base } else { base.rsplit_once('/').map_or(String::new(), |(b, _)| b.into()) };
                if let Some(&i) = join_relative(&base, &folded).and_then(|joined| self.by_permalink.get(&joined)) {
                    return Some(i);
                }
            }
        }
        let last = folded.rsplit('/').next().unwrap_or_default();
        match self.by_last.get(last).map(Vec::as_slice) {
            Some([only]) => Some(*only),
            _ => None,
        }
    }
}

/// Places a track's pages: overview, translations, modules, lesson order and numbers.
fn assemble_track(slug: &str, pages: Vec<Page>, problems: &mut Vec<Problem>) -> Option<Track> {
    let shown = format!("{FOLDER}/{slug}");
    let Some(root_at) = pages.iter().position(|p| p.stem.eq_ignore_ascii_case("index")) else {
        problems.push(Problem::error(
            &format!("{shown}/index.md"),
            0,
            "the track's index.md did not load; track not served",
        ));
        return None;
    };
    let lang = pages[root_at].document.lang.clone().unwrap_or_else(|| "en".to_string()).to_lowercase();
    // A page that gives no `lang` is in the language most pages of its folder give (a Tamil
    // folder's page that left it out is Tamil), else in the track's.
    let mut folder_langs: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for page in &pages {
        if let Some(l) = &page.document.lang {
            *folder_langs.entry(page.folder().to_string()).or_default().entry(l.to_lowercase()).or_default() += 1;
        }
    }
    let folder_lang: HashMap<String, String> = folder_langs
        .into_iter()
        .filter_map(|(folder, counts)| {
            let most = counts.into_iter().max_by_key(|(l, n)| (*n, std::cmp::Reverse(l.clone())))?;
            Some((folder, most.0))
        })
        .collect();
    let page_lang = |p: &Page| {
        p.document
            .lang
            .as_deref()
            .map(str::to_lowercase)
            .or_else(|| folder_lang.get(p.folder()).cloned())
            .unwrap_or_else(|| lang.clone())
    };

    // Translations: a page in another language stands for the page of the same name one folder
    // up (or in its own folder).
    let mut translations: Vec<Page> = Vec::new();
    let mut own: Vec<Page> = Vec::new();
    for page in pages {
        if page_lang(&page) == lang {
            own.push(page);
        } else {
            translations.push(page);
        }
    }
    let mut translated_for: HashMap<usize, Vec<Document>> = HashMap::new();
    let mut translated_overviews = Vec::new();
    for mut page in translations {
        let page_lang = page_lang(&page);
        page.document.lang.get_or_insert(page_lang);
        let name = page.file_name().to_lowercase();
        let folder = page.folder();
        let parent = folder.rsplit_once('/').map_or("", |(p, _)| p);
        let original = own
            .iter()
            .position(|o| o.file_name().to_lowercase() == name && (o.folder() == parent || o.folder() == folder));
        match original {
            Some(i) if own[i].is_index() && own[i].folder().is_empty() => translated_overviews.push(page.document),
            Some(i) => translated_for.entry(i).or_default().push(page.document),
            None => problems.push(Problem::warning(
                &page.document.file,
                1,
                format!(
                    "page is in '{}' but no page of the track has its file name in '{lang}'; not served",
                    page.document.lang.as_deref().unwrap_or_default()
                ),
            )),
        }
    }

    // The order in which the index pages link the others: the track's index first, then each
    // sub-folder's, a folder's index read where a link reaches it.
    let refs: Vec<&Page> = own.iter().collect();
    let resolver = Resolver::new(&refs);
    let root = own.iter().position(|p| p.stem.eq_ignore_ascii_case("index")).unwrap_or(0);
    let mut link_order: Vec<usize> = Vec::new();
    let mut heading_of: HashMap<usize, String> = HashMap::new();
    let mut link_texts: HashMap<usize, String> = HashMap::new();
    let mut walked: HashSet<usize> = HashSet::new();
    let mut indexes: Vec<usize> = own.iter().enumerate().filter(|(_, p)| p.is_index()).map(|(i, _)| i).collect();
    indexes.sort_by_key(|&i| (i != root, own[i].stem.clone()));
    for start in indexes {
        walk_links(start, &own, &resolver, &mut walked, &mut link_order, &mut heading_of, &mut link_texts);
    }
    let link_position: HashMap<usize, usize> = link_order.iter().enumerate().map(|(pos, &i)| (i, pos)).collect();

    let lesson_pages: Vec<usize> = (0..own.len()).filter(|&i| !own[i].is_index()).collect();
    let numbered = lesson_pages.iter().filter(|&&i| !file_numbers(own[i].file_name()).is_empty()).count();
    let by_numbers = numbered * 2 > lesson_pages.len();
    let folders: Vec<String> = {
        let mut seen = Vec::new();
        for &i in &lesson_pages {
            let folder = own[i].folder().to_string();
            if !seen.contains(&folder) {
                seen.push(folder);
            }
        }
        seen
    };
    let by_folders = folders.iter().any(|f| !f.is_empty());

    // Order: numbers where the names have them, links otherwise; unlinked pages last, by name.
    let mut order = lesson_pages.clone();
    let sort_key = |&i: &usize| {
        let numbers = if by_numbers { file_numbers(own[i].file_name()) } else { Vec::new() };
        let linked = link_position.get(&i).copied();
        (numbers.is_empty(), numbers, linked.is_none(), linked.unwrap_or(usize::MAX), own[i].stem.to_lowercase())
    };
    order.sort_by_key(sort_key);

    // Modules: folders (in the order their lessons are linked), first numbers, or the index's
    // headings over its links.
    let mut modules: Vec<Module> = Vec::new();
    let mut module_of: HashMap<usize, usize> = HashMap::new();
    if by_folders {
        let mut folder_order = folders.clone();
        let first_link = |folder: &str| order.iter().position(|&i| own[i].folder() == folder).unwrap_or(usize::MAX);
        folder_order.sort_by_key(|f| {
            let index_link =
                own.iter().position(|p| p.is_index() && p.folder() == f).and_then(|i| link_position.get(&i).copied());
            (index_link.unwrap_or(usize::MAX).min(first_link(f)), f.clone())
        });
        for folder in &folder_order {
            let title = own
                .iter()
                .find(|p| p.is_index() && p.folder() == folder)
                .map(|p| p.document.title.clone())
                .unwrap_or_else(|| if folder.is_empty() { own[root].document.title.clone() } else { folder.clone() });
            modules.push(Module { title, number: modules.len() + 1 });
        }
        // Lessons follow their module, in the order found above.
        order.sort_by_key(|&i| folder_order.iter().position(|f| f == own[i].folder()).unwrap_or(usize::MAX));
        for &i in &order {
            if let Some(m) = folder_order.iter().position(|f| f == own[i].folder()) {
                module_of.insert(i, m);
            }
        }
    } else if by_numbers {
        let mut firsts: Vec<u32> =
            order.iter().filter_map(|&i| file_numbers(own[i].file_name()).first().copied()).collect();
        firsts.dedup();
        for first in &firsts {
            let title = order
                .iter()
                .find(|&&i| file_numbers(own[i].file_name()) == [*first])
                .map(|&i| own[i].document.title.clone())
                // No page of its own: the heading the index links its lessons under ("6.
                // Appendices and Resources").
                .or_else(|| {
                    order
                        .iter()
                        .filter(|&&i| file_numbers(own[i].file_name()).first() == Some(first))
                        .find_map(|i| heading_of.get(i))
                        .map(|h| h.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').trim().to_string())
                        .filter(|h| !h.is_empty())
                })
                .unwrap_or_else(|| format!("Module {first}"));
            modules.push(Module { title, number: *first as usize });
        }
        for &i in &order {
            if let Some(first) = file_numbers(own[i].file_name()).first() {
                if let Some(m) = firsts.iter().position(|f| f == first) {
                    module_of.insert(i, m);
                }
            }
        }
    } else {
        let mut headings: Vec<String> = Vec::new();
        for &i in &order {
            if let Some(heading) = heading_of.get(&i) {
                if !headings.contains(heading) {
                    headings.push(heading.clone());
                }
            }
        }
        if headings.len() >= 2 {
            for heading in &headings {
                modules.push(Module { title: heading.clone(), number: modules.len() + 1 });
            }
            for &i in &order {
                if let Some(m) = heading_of.get(&i).and_then(|h| headings.iter().position(|x| x == h)) {
                    module_of.insert(i, m);
                }
            }
            // Lessons keep the link order inside each module; unlinked ones come last.
            order.sort_by_key(|&i| module_of.get(&i).copied().unwrap_or(usize::MAX));
        }
    }

    // In a track of modules, pages no index links are a module of their own at the end, so
    // that their numbers do not read as another module's.
    if !modules.is_empty() && order.iter().any(|i| !module_of.contains_key(i)) {
        let number = modules.iter().map(|m| m.number).max().unwrap_or(0) + 1;
        let extra = modules.len();
        modules.push(Module { title: "More pages (not in the index)".to_string(), number });
        for &i in &order {
            module_of.entry(i).or_insert(extra);
        }
    }
    for &i in &order {
        if !link_position.contains_key(&i) {
            problems.push(Problem::warning(
                &own[i].document.file,
                1,
                "no index page of the track links this lesson; it is listed after the linked ones",
            ));
        }
    }

    // Numbers: the file's where it has them, else the place in its module (or in the track).
    let mut place_in_module: HashMap<Option<usize>, usize> = HashMap::new();
    let mut lessons = Vec::with_capacity(order.len());
    let mut slots: Vec<Option<Page>> = own.into_iter().map(Some).collect();
    let overview = slots[root].take().map(|p| p.document)?;
    for i in order {
        let module = module_of.get(&i).copied();
        let place = place_in_module.entry(module).or_insert(0);
        *place += 1;
        let Some(page) = slots[i].take() else { continue };
        let numbers = if by_numbers { file_numbers(page.file_name()) } else { Vec::new() };
        let (number, depth) = if !numbers.is_empty() {
            (numbers.iter().map(u32::to_string).collect::<Vec<_>>().join("."), numbers.len())
        } else {
            match module {
                Some(m) => (format!("{}.{}", modules[m].number, place), 2),
                None => (place.to_string(), 1),
            }
        };
        let link_text = link_texts.remove(&i).filter(|t| !t.is_empty() && t.trim() != page.document.title.trim());
        lessons.push(Lesson {
            link_text,
            id: format!("{slug}/{}", page.stem),
            stem: page.stem,
            number,
            depth,
            module,
            linked: link_position.contains_key(&i),
            document: page.document,
            translations: translated_for.remove(&i).unwrap_or_default(),
        });
    }
    // Sub-folders' own overviews are the modules' pages; they are no lessons.
    Some(Track { slug: slug.to_string(), overview, lang, modules, lessons, translated_overviews })
}

/// Follows the links of one index page, in order: a lesson is placed where it is first linked,
/// a sub-folder's index is read where a link reaches it.
fn walk_links(
    index: usize,
    pages: &[Page],
    resolver: &Resolver,
    walked: &mut HashSet<usize>,
    order: &mut Vec<usize>,
    heading_of: &mut HashMap<usize, String>,
    link_texts: &mut HashMap<usize, String>,
) {
    if !walked.insert(index) {
        return;
    }
    for (heading, target, text) in links_of(&pages[index].document) {
        let Some(to) = resolver.resolve(&pages[index], &target) else { continue };
        if pages[to].is_index() {
            if !order.contains(&to) {
                order.push(to);
            }
            walk_links(to, pages, resolver, walked, order, heading_of, link_texts);
        } else if !order.contains(&to) {
            order.push(to);
            heading_of.insert(to, heading);
            link_texts.insert(to, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_from_the_start_of_a_file_name() {
        assert_eq!(file_numbers("2-3-1-fundamentals-web"), vec![2, 3, 1]);
        assert_eq!(file_numbers("1-introduction"), vec![1]);
        assert_eq!(file_numbers("api_security"), Vec::<u32>::new());
        assert_eq!(file_numbers("10-Quality_Assurance"), vec![10]);
    }

    #[test]
    fn relative_targets_resolve_against_the_folder() {
        assert_eq!(join_relative("primary", "../secondary/x").as_deref(), Some("secondary/x"));
        assert_eq!(join_relative("", "./api_security").as_deref(), Some("api_security"));
        assert_eq!(join_relative("", "../x"), None);
        assert_eq!(fold_target("./Data-Security/#top"), "./data-security");
    }
}
