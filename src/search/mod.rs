//! Full-text search over a [`Library`]: a tantivy index with one index document per section,
//! certification, prompt and reading link, and a query path that accepts anything a member
//! types. Knows tantivy and the content model, nothing of Discord.
//!
//! - [`SearchIndex`] builds and opens the index ([`disk`] keeps it on disk, fresh and reused).
//! - [`SearchIndex::find`] answers a [`SearchRequest`] with ranked [`Found`] entries: what each
//!   index document is lives in a table made from the library at build and at open (the index
//!   stores only a number per document, no text), so a search reads no stored text.
//! - [`SearchIndex::search`] turns them into [`Hit`]s with the library's text and `**bold**`
//!   snippets, made by one [`Highlighter`] per question.

pub mod disk;
pub mod stem;
mod vocabulary;
pub mod words;

use std::collections::{BTreeSet, HashMap, HashSet};

use memchr::memmem;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use stem::RememberingStemmer;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, PhraseQuery, Query, Scorer, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING};
use tantivy::tokenizer::{Language, LowerCaser, StopWordFilter, TextAnalyzer};
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, ReloadPolicy, Score, Searcher, SeekDangerResult, TantivyDocument,
    Term,
};

use crate::content::{plain_text, Document, Kind, Library, PageAt, Part};
pub use vocabulary::Vocabulary;

/// Bump when the schema, the way documents are indexed or what a generation holds beside the
/// index changes: indexes on disk with another version are rebuilt.
pub const SCHEMA_VERSION: u32 = 10;

/// The `doc_kind` of a lesson's entries.
const LESSON: &str = "lesson";

/// Name of our English analyzer in tantivy's tokenizer manager.
const ANALYZER: &str = "careerbot_en";

/// Query words beyond this many are ignored: a 6,000-character paste stays cheap.
const MAX_QUERY_TERMS: usize = 32;

/// How much a word in a section's heading path counts against the same word in its text.
const HEADING_BOOST: f32 = 1.5;

/// How much a word of the career's title counts (every entry of the career has it).
const TITLE_BOOST: f32 = 0.5;

/// Words typed next to each other that stand next to each other in a text count this much more
/// ("threat modeling", "power bi").
const NEIGHBOURS_BOOST: f32 = 1.0;

/// Neighbouring pairs looked for at most.
const MAX_NEIGHBOURS: usize = 8;

/// A neighbouring pair, or a word of a long question, is scored at every entry that has it when
/// its (rarer) word is in at most this many entries' text: tantivy walks that word's entries,
/// a cost that does not grow with the library. A pair of two commoner words ("soft skill",
/// "softwar engin" at 3,500 documents) and the text of a long question's commoner words
/// ("manag", "engin", "skill" in a pasted paragraph) only reorder the best entries found by
/// the rest ([`add_scores_at`]). On the shipped library (5,472 entries) every pair and word is
/// scored everywhere.
const EVERYWHERE_UP_TO: u64 = 2_000;

/// A question of this many words (stems) or more is long: a pasted paragraph. The rest of a
/// shorter question's words may be too few to find the right entries without its common ones,
/// and its union is cheap anyway.
const LONG_QUESTION_WORDS: usize = 16;

/// Common pairs and words reorder the best entries by the rest: this many entries per hit asked
/// for, and at least [`MIN_CONTENDERS`]. With 8, every judged question of tests/relevance gets
/// on the shipped library, all its pairs taken as common, the ranking that scoring them at
/// every entry gives (with 4, two did not); its pasted paragraphs, their words in more than 20
/// entries taken as common, keep their first ten candidates in order (with 2, not).
const CONTENDERS_PER_HIT: usize = 8;
/// The fewest entries that common pairs and words reorder.
const MIN_CONTENDERS: usize = 50;

/// Indexing threads at most (the machines careerbot runs on have two cores to share).
const INDEX_THREADS: usize = 2;

/// Indexing memory per thread: a library of thousands of documents indexes in one go.
const INDEX_BUDGET_PER_THREAD: usize = 64 * 1024 * 1024;
/// Libraries of up to this many documents are indexed on one thread, into one segment.
const ONE_SEGMENT_UP_TO: usize = 300;

/// Characters of context in a snippet.
const SNIPPET_CHARS: usize = 220;

/// What an index document stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HitKind {
    /// A section's text.
    Section,
    /// One certification.
    Certification,
    /// One prompt.
    Prompt,
    /// One reading link.
    Link,
}

impl HitKind {
    /// The name stored in the index and used in filters.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Section => "section",
            HitKind::Certification => "certification",
            HitKind::Prompt => "prompt",
            HitKind::Link => "link",
        }
    }
}

/// The schema's field handles, made once with the schema; never looked up by name per query.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// [`HitKind`] name (exact), for filters.
    pub kind: Field,
    /// Career slug, or a lesson's id (exact), for filters.
    pub career: Field,
    /// "career", "guide" or "lesson" (exact), for filters.
    pub doc_kind: Field,
    /// The track's slug (exact), for a lesson's entries; empty otherwise.
    pub track: Field,
    /// "yes" (exact) for the entries of a lesson's translation; empty otherwise.
    pub translation: Field,
    /// Part key of the section (exact), for filters; empty when none.
    pub part: Field,
    /// Career title, or a lesson's title and description (stemmed text).
    pub career_title: Field,
    /// Heading path joined with " › " (stemmed, weighted a little above the body).
    pub heading: Field,
    /// Body text (stemmed).
    pub body: Field,
    /// Position in the entry table ([`Entry`]), a fast field: what the index document is.
    pub entry: Field,
}

impl Fields {
    /// Builds the schema and its field handles together. Nothing is stored: the text is the
    /// library's, and the entry table says where.
    pub fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let text = |positions: bool| {
            let option =
                if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
            let indexing = TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(option);
            TextOptions::default().set_indexing_options(indexing)
        };
        let fields = Fields {
            kind: builder.add_text_field("kind", STRING),
            career: builder.add_text_field("career", STRING),
            doc_kind: builder.add_text_field("doc_kind", STRING),
            track: builder.add_text_field("track", STRING),
            translation: builder.add_text_field("translation", STRING),
            part: builder.add_text_field("part", STRING),
            // Phrases are looked for in headings and bodies only: the title keeps no positions.
            career_title: builder.add_text_field("career_title", text(false)),
            heading: builder.add_text_field("heading", text(true)),
            body: builder.add_text_field("body", text(true)),
            entry: builder.add_u64_field("entry", FAST),
        };
        (builder.build(), fields)
    }
}

/// The one analyzer of every page: words as [`words`] cuts them (Sinhala and Tamil words whole,
/// their marks and joiners inside; no endings an apostrophe joins; none over 40 characters), lowercase, English stop words dropped, English words stemmed (remembering stems:
/// see [`stem`]; words in other scripts are kept as written). One analyzer for all languages:
/// the translations write English tool names and terms among their own words.
fn analyzer() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(words::WordTokenizer).filter(LowerCaser);
    match StopWordFilter::new(Language::English) {
        Some(stop_words) => builder.filter(stop_words).filter(RememberingStemmer).build(),
        None => builder.filter(RememberingStemmer).build(),
    }
}

/// A search failed inside tantivy (I/O on the index files); user input never causes one.
#[derive(Debug)]
pub struct SearchError(pub String);

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "search index error: {}", self.0)
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError(e.to_string())
    }
}

/// A question for [`SearchIndex::search`].
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    /// Whatever the member typed. Balanced double quotes make a phrase.
    pub text: &'a str,
    /// Only this career (slug).
    pub career: Option<&'a str>,
    /// Only these kinds of hit; empty means all.
    pub kinds: &'a [HitKind],
    /// Only careers or only guides (of the documents).
    pub doc_kind: Option<Kind>,
    /// The documents, the tracks' lessons, or both.
    pub among: Among<'a>,
    /// Only sections (and items) of these parts (part keys); empty means all.
    pub parts: &'a [&'a str],
    /// Fill in each hit's snippet (else left empty, for [`SearchIndex::highlight`] later).
    pub snippets: bool,
    /// At most this many hits.
    pub limit: usize,
    /// Words typed side by side count more where a text has them side by side (on for
    /// questions; off for `/match`, whose words are a list of what a member knows).
    pub neighbours: bool,
}

impl Default for SearchRequest<'_> {
    /// No text, no filter, snippets on; set `text` and `limit`.
    fn default() -> Self {
        SearchRequest {
            text: "",
            career: None,
            kinds: &[],
            doc_kind: None,
            among: Among::Documents,
            parts: &[],
            snippets: true,
            limit: 0,
            neighbours: true,
        }
    }
}

/// Which pages a search reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Among<'a> {
    /// The library's documents (careers and guides): what every command but `/search` reads.
    #[default]
    Documents,
    /// Every track's lessons.
    Tracks,
    /// One track's lessons (its slug).
    Track(&'a str),
    /// Documents and lessons.
    Everything,
}

/// The lesson a hit is in.
#[derive(Debug, Clone, PartialEq)]
pub struct HitLesson {
    /// The track's slug.
    pub track: String,
    /// The track's title.
    pub track_title: String,
    /// The lesson's number as members type it (`2.3`).
    pub number: String,
    /// The lesson's title.
    pub title: String,
    /// The page's language when it is a translation (`si`, `ta`).
    pub lang: Option<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Career slug, or the lesson's id (`<track>/<stem>`).
    pub career: String,
    /// Career title, or the lesson's title.
    pub career_title: String,
    /// The lesson the hit is in, when it is in a track (boxed: most hits are careers').
    pub lesson: Option<Box<HitLesson>>,
    /// What was found.
    pub kind: HitKind,
    /// Heading path of the section it is in.
    pub path: Vec<String>,
    /// Key of that section (for `/career name section`).
    pub section_key: String,
    /// Key of that section's part (`skills`, …), empty when it is not a recognised part.
    pub part: String,
    /// The document is a guide, not a career.
    pub guide: bool,
    /// Position in its list (prompt number − 1, …).
    pub item: usize,
    /// Relevance; higher is better.
    pub score: f32,
    /// A passage around the matched words, which are marked `**bold**` (empty when the
    /// request asked for none).
    pub snippet: String,
    /// The text that was indexed for it (plain), for a snippet made later.
    pub body: String,
}

/// What one index document is, in the library: a document (its position), a section (its
/// position in the document) and, for a listed item, which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The page in the library.
    pub page: PageAt,
    /// A section, or one of its listed items.
    pub kind: HitKind,
    /// Position of the section in the document (for an item: of the section it is listed in).
    pub section: u32,
    /// Position of the item in its list (0 for a section).
    pub item: u32,
}

/// One match of [`SearchIndex::find`]: the entry and how well it matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    /// What matched.
    pub entry: Entry,
    /// Relevance (BM25); higher is better.
    pub score: f32,
}

/// A tantivy index over one library, with its reader. Cheap to share behind an `Arc`.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    vocabulary: Vocabulary,
    analyzer: TextAnalyzer,
    /// A search met damaged index data: the next reload rebuilds the index even when the
    /// content is unchanged.
    damaged: AtomicBool,
    /// Stem of a word of a career's title or aliases → those careers (document positions).
    title_stems: HashMap<String, Vec<usize>>,
    /// Index document → what it is; the `entry` fast field points here.
    entries: Vec<Entry>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex").field("docs", &self.num_docs()).finish()
    }
}

impl SearchIndex {
    /// Indexes a library into a fresh tantivy index (on disk or in RAM; see [`disk`]): both
    /// cores, a memory budget per thread, one commit at the end. The library's vocabulary is
    /// counted meanwhile and returned.
    fn build_into(index: &Index, fields: &Fields, library: &Library) -> Result<Vocabulary, SearchError> {
        let (written, vocabulary) =
            rayon::join(|| SearchIndex::write_entries(index, fields, library), || Vocabulary::of(library));
        written.map(|()| vocabulary)
    }

    fn write_entries(index: &Index, fields: &Fields, library: &Library) -> Result<(), SearchError> {
        index.tokenizers().register(ANALYZER, analyzer());
        // Each indexing thread writes a segment of its own, and every query looks each term up
        // in every segment: a small library (built in milliseconds anyway) gets one thread and
        // one segment; a large one builds on every core.
        let threads = if library.pages().count() <= ONE_SEGMENT_UP_TO {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, INDEX_THREADS)
        };
        let mut writer =
            index.writer_with_num_threads::<TantivyDocument>(threads, INDEX_BUDGET_PER_THREAD * threads)?;
        let mut position = 0u64;
        for (at, document) in library.pages() {
            let translation = if at.is_translation() { "yes" } else { "" };
            // A lesson's one-line description says what it is about, as a career's title does.
            let (doc_kind, track, key, title) = match library.lesson_at(at) {
                Some((track, lesson)) => (
                    LESSON,
                    track.slug.as_str(),
                    lesson.id.as_str(),
                    format!("{} {}", document.title, document.description).trim_end().to_string(),
                ),
                None => (document.kind.as_str(), "", document.slug.as_str(), document.title.clone()),
            };
            for entry in entries_of(at, document) {
                // Every entry of `entries_of` has its text; numbering never skips regardless.
                let Some(text) = entry_text(document, &entry) else {
                    position += 1;
                    continue;
                };
                let mut doc = TantivyDocument::default();
                doc.add_text(fields.kind, text.kind.as_str());
                doc.add_text(fields.career, key);
                doc.add_text(fields.doc_kind, doc_kind);
                doc.add_text(fields.track, track);
                doc.add_text(fields.translation, translation);
                doc.add_text(fields.part, text.part);
                doc.add_text(fields.career_title, &title);
                doc.add_text(fields.heading, &text.heading);
                doc.add_text(fields.body, &text.body);
                doc.add_u64(fields.entry, position);
                writer.add_document(doc)?;
                position += 1;
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok(())
    }

    /// Wraps an opened or built index: registers the analyzer, makes the one reader.
    fn from_index(
        index: Index,
        fields: Fields,
        library: &Library,
        vocabulary: Vocabulary,
    ) -> Result<SearchIndex, SearchError> {
        index.tokenizers().register(ANALYZER, analyzer());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let mut analyzer = analyzer();
        let mut title_stems: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, doc) in library.documents.iter().enumerate().filter(|(_, d)| d.kind == Kind::Career) {
            for text in std::iter::once(&doc.title).chain(&doc.aliases) {
                for (_, stem) in analyze(&mut analyzer, text) {
                    let careers = title_stems.entry(stem).or_default();
                    if careers.last() != Some(&position) {
                        careers.push(position);
                    }
                }
            }
        }
        // The same walk as the build: the table lines up with the `entry` numbers.
        let mut entries: Vec<Entry> = library.pages().flat_map(|(at, d)| entries_of(at, d)).collect();
        entries.shrink_to_fit();
        Ok(SearchIndex { reader, fields, vocabulary, analyzer, damaged: AtomicBool::new(false), title_stems, entries })
    }

    /// Builds an index in memory (tests, and a fallback when the index folder is unusable).
    pub fn in_memory(library: &Library) -> Result<SearchIndex, SearchError> {
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        let vocabulary = SearchIndex::build_into(&index, &fields, library)?;
        SearchIndex::from_index(index, fields, library, vocabulary)
    }

    /// Number of index documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True once a search met damaged index files (see [`SearchIndex::search`]).
    pub fn is_damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    /// Finds the best entries for a question. Any text is accepted: there is no query syntax
    /// to get wrong, only words and "quoted phrases". Words of 5+ letters that the library does
    /// not contain are also looked up with one typo corrected. Reads no stored text.
    ///
    /// Fails only when the index files are damaged under a running process (a disk error,
    /// someone overwriting them). tantivy reports some damage by panicking; that is caught here
    /// and reported as an error like the rest, and the index is marked damaged so the next
    /// reload rebuilds it.
    pub fn find(&self, request: &SearchRequest<'_>) -> Result<Vec<Found>, SearchError> {
        let found = catch_unwind(AssertUnwindSafe(|| self.find_unchecked(request, EVERYWHERE_UP_TO)))
            .unwrap_or_else(|_| Err(SearchError("the index data is damaged".into())));
        if found.is_err() {
            self.damaged.store(true, Ordering::Relaxed);
        }
        found
    }

    /// [`SearchIndex::find`]; neighbouring pairs whose rarer word, and the words of a long
    /// question, that are in at most `everywhere_up_to` entries' text are scored at every
    /// entry, the others at the best by the rest ([`EVERYWHERE_UP_TO`]).
    fn find_unchecked(&self, request: &SearchRequest<'_>, everywhere_up_to: u64) -> Result<Vec<Found>, SearchError> {
        let limit = request.limit.clamp(1, 100);
        let Some(text) = self.text_query(request.text, request.neighbours) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let in_text = |word: &str| searcher.doc_freq(&Term::from_field_text(self.fields.body, word));
        // One flat union of every clause: tantivy gives each union a window of 4,096 scores to
        // fill, so a union per word (of its three fields) cost a window per word.
        let mut union: Vec<(Occur, Box<dyn Query>)> =
            text.phrases.into_iter().map(|phrase| (Occur::Should, phrase)).collect();
        // What only reorders the best entries found by the rest.
        let mut at_contenders: Vec<Box<dyn Query>> = Vec::new();
        // Within one career the search is cheap whatever the question: no word is left out.
        let long = text.words.len() >= LONG_QUESTION_WORDS && request.career.is_none();
        let mut words_left_out = false;
        for word in &text.words {
            let [heading, title, body] = self.word_clauses(word);
            union.extend([(Occur::Should, heading), (Occur::Should, title)]);
            if long && in_text(word)? > everywhere_up_to {
                at_contenders.push(body);
                words_left_out = true;
            } else {
                union.push((Occur::Should, body));
            }
        }
        for (a, b) in &text.pairs {
            let phrases = self.pair_phrases(a, b);
            if in_text(a)?.min(in_text(b)?) <= everywhere_up_to {
                union.extend(phrases.map(|phrase| (Occur::Should, phrase)));
            } else {
                at_contenders.extend(phrases);
            }
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(BooleanQuery::new(union)))];
        if let Some(career) = request.career {
            clauses.push((Occur::Must, exact(self.fields.career, career)));
        }
        if let Some(doc_kind) = request.doc_kind {
            clauses.push((Occur::Must, exact(self.fields.doc_kind, doc_kind.as_str())));
        }
        match request.among {
            Among::Documents => clauses.push((Occur::MustNot, exact(self.fields.doc_kind, LESSON))),
            Among::Tracks => clauses.push((Occur::Must, exact(self.fields.doc_kind, LESSON))),
            Among::Track(slug) => clauses.push((Occur::Must, exact(self.fields.track, slug))),
            Among::Everything => {}
        }
        // A translation holds its English original's tool names and terms too: an English
        // question is the original's, a Sinhala or Tamil one finds the page it comes from.
        if !words::has_sinhala_or_tamil(request.text) {
            clauses.push((Occur::MustNot, exact(self.fields.translation, "yes")));
        }
        if !request.kinds.is_empty() {
            let kinds: Vec<(Occur, Box<dyn Query>)> =
                request.kinds.iter().map(|k| (Occur::Should, exact(self.fields.kind, k.as_str()))).collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
        }
        if !request.parts.is_empty() {
            let parts: Vec<(Occur, Box<dyn Query>)> =
                request.parts.iter().map(|p| (Occur::Should, exact(self.fields.part, p))).collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(parts))));
        }
        let query = BooleanQuery::new(clauses);
        let mut top = if at_contenders.is_empty() {
            searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?
        } else {
            let contenders = (limit * CONTENDERS_PER_HIT).max(MIN_CONTENDERS);
            let mut top = searcher.search(&query, &TopDocs::with_limit(contenders).order_by_score())?;
            if words_left_out && top.len() < contenders {
                // The rest found fewer entries than asked for: entries that only the words left
                // out have are missing (a long question of words no heading has), so every word
                // is scored everywhere. A pair finds no entry that its words do not.
                return self.find_unchecked(request, u64::MAX);
            }
            add_scores_at(&searcher, &at_contenders, &mut top)?;
            // As tantivy orders its top: by score, then by address.
            top.sort_by(|(a, a_at), (b, b_at)| b.total_cmp(a).then(a_at.cmp(b_at)));
            top
        };
        top.truncate(limit);
        self.entries_at(&searcher, top)
    }

    /// The entries that tantivy's matches stand for (read from the `entry` fast field).
    fn entries_at(&self, searcher: &Searcher, top: Vec<(Score, DocAddress)>) -> Result<Vec<Found>, SearchError> {
        let mut columns: HashMap<u32, tantivy::columnar::Column<u64>> = HashMap::new();
        let mut found = Vec::with_capacity(top.len());
        for (score, DocAddress { segment_ord, doc_id }) in top {
            let column = match columns.get(&segment_ord) {
                Some(column) => column,
                None => {
                    let column = searcher.segment_reader(segment_ord).fast_fields().u64("entry")?;
                    columns.entry(segment_ord).or_insert(column)
                }
            };
            let position =
                column.first(doc_id).ok_or_else(|| SearchError("an index document without its entry".into()))?;
            let entry =
                self.entries.get(position as usize).ok_or_else(|| SearchError("an entry past the table".into()))?;
            found.push(Found { entry: *entry, score });
        }
        Ok(found)
    }

    /// [`SearchIndex::find`], with each match made a [`Hit`] from the library's text, and
    /// snippets when the request asks for them. `library` is the one the index was built from.
    pub fn search(&self, library: &Library, request: &SearchRequest<'_>) -> Result<Vec<Hit>, SearchError> {
        let found = self.find(request)?;
        let mut highlighter = if request.snippets { self.highlighter(request.text) } else { None };
        Ok(found
            .iter()
            .filter_map(|f| {
                let mut hit = hit(library, f)?;
                if let Some(highlighter) = &mut highlighter {
                    hit.snippet = highlighter.snippet(&hit.body);
                }
                Some(hit)
            })
            .collect())
    }

    /// The snippet maker for one question: the words of `query` (their stems and one-typo
    /// corrections too) in `**bold**`. `None` when the question has no searchable word.
    pub fn highlighter(&self, query: &str) -> Option<Highlighter> {
        catch_unwind(AssertUnwindSafe(|| -> Option<Highlighter> {
            let text = self.text_query(query, false)?;
            Highlighter::new(self.analyzer.clone(), text.needles)
        }))
        .ok()
        .flatten()
    }

    /// The careers whose title (or an alias) has every one of `stems` (words as
    /// [`SearchIndex::stems_of_each`] gives them: "cloud engineering" → Cloud Engineer):
    /// document positions. The careers of each stem are in document order: the shortest list is
    /// walked and the others searched (a common stem such as "engineer" has most careers of a
    /// large library).
    pub fn careers_titled_by<'a>(&self, stems: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
        let mut lists: Vec<&[usize]> = Vec::new();
        for stem in stems {
            match self.title_stems.get(stem) {
                Some(careers) => lists.push(careers),
                None => return Vec::new(),
            }
        }
        lists.sort_by_key(|careers| careers.len());
        let Some((shortest, others)) = lists.split_first() else { return Vec::new() };
        shortest.iter().copied().filter(|c| others.iter().all(|careers| careers.binary_search(c).is_ok())).collect()
    }

    /// Each word's stems as the index stores them (lowercased, stemmed: "engineering" and
    /// "engineer" are one; none for a stop word), with one analyzer.
    pub fn stems_of_each(&self, words: &[String]) -> Vec<Vec<String>> {
        let mut analyzer = self.analyzer.clone();
        words.iter().map(|word| analyze(&mut analyzer, word).into_iter().map(|(_, stem)| stem).collect()).collect()
    }

    /// The share (0–1) of a query's words (of three letters or more) that the library does not
    /// contain, nor a word one typo away: near 1 for a question in a language the library is not
    /// written in.
    pub fn unknown_share(&self, query: &str) -> f32 {
        // Words of one or two letters ("de", "a") are words of many languages: they say nothing.
        let words: Vec<std::borrow::Cow<str>> = words::word_spans(query)
            .map(|s| words::without_joiners(&query[s]))
            .filter(|w| w.chars().count() > 2)
            .collect();
        if words.is_empty() {
            return 0.0;
        }
        let unknown =
            words.iter().filter(|w| !self.vocabulary.contains(w) && self.vocabulary.corrections(w).is_empty()).count();
        unknown as f32 / words.len() as f32
    }

    /// The query with each word of five letters or more that the library does not contain
    /// replaced by the library word one edit away ("machin lerning enginer" → "machine learning
    /// engineer"); other words as they are.
    pub fn corrected(&self, query: &str) -> String {
        let mut out = String::with_capacity(query.len());
        let mut rest = query;
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
            out.push_str(&rest[..start]);
            let word_len = rest[start..].find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len() - start);
            let word = &rest[start..start + word_len];
            match self.vocabulary.corrections(word).first() {
                Some(corrected) if word.chars().count() >= 5 && !self.vocabulary.contains(word) => {
                    out.push_str(corrected)
                }
                _ => out.push_str(word),
            }
            rest = &rest[start + word_len..];
        }
        out.push_str(rest);
        out
    }

    /// A passage of `text` around the words of `query` (their stems and one-typo corrections
    /// too), the words in `**bold**`; the start of the text when none of them is in it.
    pub fn highlight(&self, text: &str, query: &str) -> String {
        match self.highlighter(query) {
            Some(mut highlighter) => highlighter.snippet(text),
            None => plain_snippet(text),
        }
    }

    /// The scoring parts of a query and the lowercase words and stems to look for when
    /// placing a snippet; `None` when the text has no searchable word.
    fn text_query(&self, text: &str, neighbours: bool) -> Option<TextQuery> {
        let (phrases, loose) = split_phrases(text);
        // One analyzer for the whole query (getting one from the index clones it).
        let mut analyzer = self.analyzer.clone();
        let mut phrase_queries: Vec<Box<dyn Query>> = Vec::new();
        let mut words: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut needles: Vec<String> = Vec::new();
        for phrase in phrases {
            let terms = analyze(&mut analyzer, &phrase);
            needles.extend(terms.iter().map(|(_, t)| t.clone()));
            match terms.len() {
                0 => {}
                1 => {
                    if seen.insert(terms[0].1.clone()) {
                        words.push(terms[0].1.clone());
                    }
                }
                _ => {
                    // Positions from the analyzer keep the gaps of dropped stop words:
                    // "security as code" matches those three words, not "secure coding".
                    let positioned: Vec<(usize, &str)> = terms.iter().map(|(at, t)| (*at, t.as_str())).collect();
                    let either: Vec<(Occur, Box<dyn Query>)> = vec![
                        (Occur::Should, phrase_in(self.fields.heading, &positioned, 3.0)),
                        (Occur::Should, phrase_in(self.fields.body, &positioned, 1.0)),
                    ];
                    phrase_queries.push(Box::new(BooleanQuery::new(either)));
                }
            }
        }
        for word in words::words(&loose) {
            if phrase_queries.len() + words.len() >= MAX_QUERY_TERMS {
                break;
            }
            let mut terms: Vec<String> = analyze(&mut analyzer, word).into_iter().map(|(_, t)| t).collect();
            needles.push(word.to_lowercase());
            let word = words::without_joiners(word);
            if word.chars().count() >= 5 && !self.vocabulary.contains(&word) {
                for corrected in self.vocabulary.corrections(&word) {
                    terms.extend(analyze(&mut analyzer, corrected).into_iter().map(|(_, t)| t));
                    needles.push(corrected.to_string());
                }
            }
            needles.extend(terms.iter().cloned());
            for term in terms {
                if seen.insert(term.clone()) {
                    words.push(term);
                }
            }
        }
        // Neighbouring words of the loose text: a passage that has them side by side is closer
        // to what was asked than one that has them apart.
        let positioned = if neighbours { analyze(&mut analyzer, &loose) } else { Vec::new() };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for pair in positioned.windows(2) {
            // A long paste's words leave no room for pairs (what counts is in the words).
            if pairs.len() == MAX_NEIGHBOURS || phrase_queries.len() + words.len() + pairs.len() >= MAX_QUERY_TERMS {
                break;
            }
            let ((a_at, a), (b_at, b)) = (&pair[0], &pair[1]);
            if b_at != &(a_at + 1) || a == b {
                continue;
            }
            pairs.push((a.clone(), b.clone()));
        }
        if phrase_queries.is_empty() && words.is_empty() {
            return None;
        }
        // Quoted phrases have no other bound; a word's typo corrections may go past the words'.
        phrase_queries.truncate(MAX_QUERY_TERMS + MAX_NEIGHBOURS);
        words.truncate(MAX_QUERY_TERMS + MAX_NEIGHBOURS - phrase_queries.len());
        needles.retain(|n| !n.is_empty());
        needles.truncate(MAX_QUERY_TERMS * 2);
        Some(TextQuery { phrases: phrase_queries, words, pairs, needles })
    }

    /// A neighbouring pair as a phrase of the heading and one of the body.
    fn pair_phrases(&self, a: &str, b: &str) -> [Box<dyn Query>; 2] {
        [self.fields.heading, self.fields.body].map(|field| phrase_in(field, &[(0, a), (1, b)], NEIGHBOURS_BOOST))
    }

    /// One analysed term in heading, career title and body, each boosted: clauses of a union.
    fn word_clauses(&self, term: &str) -> [Box<dyn Query>; 3] {
        // A heading says what a section is about, but only a little more than its text: a word
        // of a common heading ("Become a Time Management Master") must not outweigh a rare word
        // of a text. The career's title is in every one of its entries, so it counts least.
        [(self.fields.heading, HEADING_BOOST), (self.fields.career_title, TITLE_BOOST), (self.fields.body, 1.0)].map(
            |(field, boost)| -> Box<dyn Query> {
                let query = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::WithFreqs);
                Box::new(BoostQuery::new(Box::new(query), boost))
            },
        )
    }
}

/// A question made queries ([`SearchIndex::text_query`]).
struct TextQuery {
    /// Its "quoted phrases", each in a heading or a body.
    phrases: Vec<Box<dyn Query>>,
    /// Its words (stems, each once, typo corrections included), each in any field
    /// ([`SearchIndex::word_clauses`]).
    words: Vec<String>,
    /// Its neighbouring words (stems), which count where a heading or a body has them side by
    /// side ([`SearchIndex::pair_phrases`]).
    pairs: Vec<(String, String)>,
    /// Lowercase words and stems to look for when placing a snippet.
    needles: Vec<String>,
}

/// Adds to each entry of `top` the scores it gets from `queries` (phrases of common pairs, the
/// text of common words). Each query is looked for at those entries alone: scored over the whole
/// index, the pairs of a long question of common words ("what soft skills do software engineers
/// need": "soft skill", "softwar engin") read the positions of thousands of entries, and the
/// common words of a pasted paragraph hundreds of thousands of postings, most of the time of
/// such a search at 3,500 documents.
fn add_scores_at(
    searcher: &Searcher,
    queries: &[Box<dyn Query>],
    top: &mut [(Score, DocAddress)],
) -> Result<(), SearchError> {
    let mut in_order: Vec<usize> = (0..top.len()).collect();
    in_order.sort_unstable_by_key(|&i| top[i].1);
    for query in queries {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        // The query's matches in the segment at hand, and the lowest document that may still
        // match. Documents come in increasing order: `seek_danger` tells whether one matches
        // without scanning on to the next match (nor to the first, when the scorer is made).
        let mut segment: Option<(u32, Box<dyn Scorer>, DocId)> = None;
        for &i in &in_order {
            let DocAddress { segment_ord, doc_id } = top[i].1;
            let found = match &mut segment {
                Some((ord, _, next)) if *ord == segment_ord && doc_id < *next => continue,
                Some((ord, matches, _)) if *ord == segment_ord => matches.seek_danger(doc_id),
                _ => {
                    let (found, matches) = weight.scorer_danger(searcher.segment_reader(segment_ord), doc_id, 1.0)?;
                    segment = Some((segment_ord, matches, doc_id));
                    found
                }
            };
            let Some((_, matches, next)) = &mut segment else { continue };
            match found {
                SeekDangerResult::Found => {
                    top[i].0 += matches.score();
                    *next = doc_id + 1;
                }
                SeekDangerResult::SeekLowerBound(bound) => *next = bound.max(doc_id + 1),
            }
        }
    }
    Ok(())
}

/// Text through the index's analyzer: (position, term) as they are stored.
fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        if terms.len() >= MAX_QUERY_TERMS {
            break;
        }
        terms.push((token.position, token.text.clone()));
    }
    terms
}

/// Words side by side in one field, boosted: (position, term) as [`analyze`] gives them, the
/// gaps of dropped stop words kept.
fn phrase_in(field: Field, words: &[(usize, &str)], boost: f32) -> Box<dyn Query> {
    let first = words.first().map_or(0, |&(at, _)| at);
    let terms = words.iter().map(|&(at, word)| (at - first, Term::from_field_text(field, word))).collect();
    Box::new(BoostQuery::new(Box::new(PhraseQuery::new_with_offset(terms)), boost))
}

fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

/// Splits out `"quoted phrases"`; an unbalanced last quote is just a character.
fn split_phrases(text: &str) -> (Vec<String>, String) {
    let normalized = text.replace(['“', '”', '„'], "\"");
    let quotes = normalized.matches('"').count();
    let mut phrases = Vec::new();
    let mut loose = String::new();
    let mut parts = normalized.split('"');
    let usable_pairs = quotes / 2;
    if let Some(first) = parts.next() {
        loose.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        if i % 2 == 0 && i / 2 < usable_pairs {
            phrases.push(part.to_string());
        } else {
            loose.push(' ');
            loose.push_str(part);
        }
    }
    (phrases, loose)
}

/// Marks the highlighted ranges `**bold**`; neighbours separated by spaces become one run
/// (`**admission controllers**`).
fn bold_snippet(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> String {
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(highlighted.len());
    for range in highlighted {
        match merged.last_mut() {
            Some(last)
                if last.end <= range.start
                    && fragment.get(last.end..range.start).is_some_and(|gap| gap.chars().all(|c| c == ' ')) =>
            {
                last.end = range.end;
            }
            _ => merged.push(range.clone()),
        }
    }
    let mut out = String::with_capacity(fragment.len() + merged.len() * 4);
    let mut from = 0;
    for range in &merged {
        if range.start < from || fragment.get(range.clone()).is_none() {
            continue;
        }
        out.push_str(&without_emphasis(&fragment[from..range.start]));
        out.push_str("**");
        out.push_str(&fragment[range.clone()]);
        out.push_str("**");
        from = range.end;
    }
    out.push_str(&without_emphasis(&fragment[from..]));
    let trimmed = out.trim();
    trimmed.to_string()
}

/// A passage on one line: list markers dropped, lines joined with " · ".
fn one_line(text: &str) -> String {
    text.lines()
        .map(|line| {
            let t = line.trim();
            // A marker alone is what a cut leaves of the next item ("… · *").
            match t {
                "*" | "-" | "+" => "",
                _ => t.strip_prefix("* ").or_else(|| t.strip_prefix("- ")).unwrap_or(t).trim(),
            }
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The start of a passage without words to mark: cut after a whole word, on one line, the
/// page's own emphasis dropped (half of a pair would slant the rest of the message).
pub fn plain_snippet(text: &str) -> String {
    let end = passage_end(text, SNIPPET_CHARS);
    let line = one_line(&without_emphasis(&text[..end]));
    if end < text.len() {
        format!("{line}…")
    } else {
        line
    }
}

/// `text` without `*` and `_` emphasis markers: a snippet is cut anywhere, and a marker whose
/// pair is cut off would slant or bold the rest of the message. A `_` inside a word
/// (`snake_case`) is not a marker.
fn without_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let inside_word =
            previous.is_some_and(char::is_alphanumeric) && chars.peek().is_some_and(|n| n.is_alphanumeric());
        if c == '*' || (c == '_' && !inside_word) {
            previous = Some(c);
            continue;
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

/// Makes snippets for one question (see [`SearchIndex::highlighter`]): finds the question's
/// words in a passage by their starts (memmem over a lowercase copy), and stems only the words
/// found that way.
/// (tantivy's snippet generator stems every word of the passage: most of the time of a search.)
pub struct Highlighter {
    analyzer: TextAnalyzer,
    /// Lowercase starts of the words to look for: the question's stems and its words as typed.
    starts: Vec<memmem::Finder<'static>>,
    /// Those words and their stems: a word of the passage is bold when its stem is here.
    stems: HashSet<String>,
    /// Words of the passages already looked at → the stem of `stems` each stands for (passages
    /// of one answer repeat their words: each is stemmed once per question).
    seen: HashMap<String, Option<u16>>,
    /// The stems of `seen`, numbered (a window of the passage counts distinct numbers).
    known: Vec<String>,
    /// A word being looked up, lowercased (one buffer for all).
    lower: String,
}

impl fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Highlighter").field("stems", &self.stems).finish()
    }
}

/// At most this many of the question's words found in one passage are looked at.
const MAX_FOUND: usize = 200;

impl Highlighter {
    fn new(mut analyzer: TextAnalyzer, mut needles: Vec<String>) -> Option<Highlighter> {
        let mut stems: HashSet<String> = HashSet::new();
        // A stop word ("a", "to") is never bold (a passage's word is bold by its stem, and a
        // stop word has none): looking for it would only find every "a" of the passage.
        needles.retain(|needle| {
            let of_needle = analyze(&mut analyzer, needle);
            if of_needle.is_empty() {
                return false;
            }
            stems.extend(of_needle.into_iter().map(|(_, stem)| stem));
            stems.insert(needle.clone());
            true
        });
        let mut starts: Vec<&str> = needles.iter().map(|n| stem_start(n)).collect();
        starts.sort_unstable();
        starts.dedup();
        let starts = starts.into_iter().map(|start| memmem::Finder::new(start.as_bytes()).into_owned()).collect();
        Some(Highlighter { analyzer, starts, stems, seen: HashMap::new(), known: Vec::new(), lower: String::new() })
    }

    /// A passage of `text` around the question's words, in `**bold**`; the start of the text
    /// when none of them is in it.
    pub fn snippet(&mut self, text: &str) -> String {
        let made = catch_unwind(AssertUnwindSafe(|| self.mark(text)));
        match made {
            Ok(Some(snippet)) => snippet,
            _ => plain_snippet(text),
        }
    }

    /// The number of the question's stem that `word` (as written in a passage) stands for;
    /// `ascii_lowered` is the word with its ASCII letters lowercased (all of it, for most
    /// words: no second lowercasing).
    fn stem_of(&mut self, word: &str, ascii_lowered: &str) -> Option<u16> {
        let lower = if word.is_ascii() {
            ascii_lowered
        } else {
            self.lower.clear();
            self.lower.extend(word.chars().flat_map(char::to_lowercase));
            self.lower.as_str()
        };
        if let Some(&known) = self.seen.get(lower) {
            return known;
        }
        let lower = lower.to_string();
        let stem = analyze(&mut self.analyzer, word).into_iter().next().map(|(_, stem)| stem);
        let known = stem.filter(|stem| self.stems.contains(stem) || self.stems.contains(&lower)).and_then(|stem| {
            match self.known.iter().position(|k| *k == stem) {
                Some(n) => u16::try_from(n).ok(),
                None => {
                    self.known.push(stem);
                    u16::try_from(self.known.len() - 1).ok()
                }
            }
        });
        self.seen.insert(lower, known);
        known
    }

    fn mark(&mut self, text: &str) -> Option<String> {
        // Needles are lowercase; ASCII lowercasing keeps every byte where it was.
        let lower = text.to_ascii_lowercase();
        let mut at: Vec<usize> = Vec::new();
        for start in &self.starts {
            at.extend(start.find_iter(lower.as_bytes()).take(MAX_FOUND));
        }
        at.sort_unstable();
        at.dedup();
        // Whole words of the text that are the question's words, with the stem each stands for.
        let mut found: Vec<(std::ops::Range<usize>, u16)> = Vec::new();
        for start in at {
            if found.len() == MAX_FOUND {
                break;
            }
            let starts_word = !text[..start].chars().next_back().is_some_and(char::is_alphanumeric);
            if !starts_word || found.last().is_some_and(|(last, _)| start < last.end) {
                continue;
            }
            let end = text[start..].find(|c: char| !words::is_word_char(c)).map_or(text.len(), |n| start + n);
            if let Some(stem) = self.stem_of(&text[start..end], &lower[start..end]) {
                // "C++" and "C#" are bold whole, not as "**C**++".
                let signs = text[end..].bytes().take_while(|&b| b == b'+' || b == b'#').count();
                let end = if signs > 0 && signs <= 2 { end + signs } else { end };
                found.push((start..end, stem));
            }
        }
        let (first, _) = found.first()?;
        // The passage starts a little before the stretch that holds the most distinct words:
        // a window slid over the found words, counting each stem's words inside it.
        let mut best = (0, first.start);
        let mut inside = vec![0u16; self.known.len()];
        let (mut distinct, mut end) = (0, 0);
        for (k, (range, _)) in found.iter().enumerate() {
            // The window is found[k..end]; a word longer than the passage is in none.
            end = end.max(k);
            while end < found.len() && found[end].0.end <= range.start + SNIPPET_CHARS {
                let count = &mut inside[usize::from(found[end].1)];
                distinct += usize::from(*count == 0);
                *count += 1;
                end += 1;
            }
            if distinct > best.0 {
                best = (distinct, range.start);
            }
            if k < end {
                let count = &mut inside[usize::from(found[k].1)];
                *count -= 1;
                distinct -= usize::from(*count == 0);
            }
        }
        let from = passage_start(text, best.1);
        let to = passage_end(text, from + SNIPPET_CHARS).max(best.1);
        let ranges: Vec<std::ops::Range<usize>> = found
            .iter()
            .filter(|(r, _)| from <= r.start && r.end <= to)
            .map(|(r, _)| r.start - from..r.end - from)
            .collect();
        let marked = one_line(&bold_snippet(&text[from..to], &ranges));
        let before = if from > 0 { "…" } else { "" };
        let after = if to < text.len() { "…" } else { "" };
        Some(format!("{before}{marked}{after}"))
    }
}

/// How the words a stem stands for start: a stem's last letter may differ in them ("code",
/// "coding"), so a stem of four letters or more without it.
pub fn stem_start(stem: &str) -> &str {
    match stem.char_indices().nth_back(0) {
        Some((last, _)) if stem.chars().count() >= 4 => &stem[..last],
        _ => stem,
    }
}

/// Where a passage around a word at `at` starts: the start of its line when that is close,
/// otherwise a word start some way before it.
fn passage_start(text: &str, at: usize) -> usize {
    let lead = SNIPPET_CHARS / 4;
    let earliest = floor_boundary(text, at.saturating_sub(lead));
    if let Some(line) = text[earliest..at].rfind('\n') {
        return earliest + line + 1;
    }
    if earliest == 0 {
        return 0;
    }
    match text[earliest..at].find(char::is_whitespace) {
        Some(space) => {
            let after = earliest + space;
            after + text[after..].find(|c: char| !c.is_whitespace()).unwrap_or(0)
        }
        None => at,
    }
}

/// Where a passage that may run to `limit` ends: after the last whole word before it.
fn passage_end(text: &str, limit: usize) -> usize {
    if limit >= text.len() {
        return text.len();
    }
    let limit = floor_boundary(text, limit);
    match text[..limit].rfind(char::is_whitespace) {
        Some(space) if space > 0 => text[..space].trim_end().len(),
        _ => limit,
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The hit a match stands for, its text from the library; `None` when the library has no such
/// entry (an index that does not belong to it).
pub fn hit(library: &Library, found: &Found) -> Option<Hit> {
    let entry = found.entry;
    let document = library.page(entry.page)?;
    let section = document.sections.get(entry.section as usize)?;
    let text = entry_text(document, &entry)?;
    let lesson = library.lesson_at(entry.page);
    Some(Hit {
        career: lesson.map_or_else(|| document.slug.clone(), |(_, l)| l.id.clone()),
        career_title: document.title.clone(),
        lesson: lesson.map(|(track, l)| {
            Box::new(HitLesson {
                track: track.slug.clone(),
                track_title: track.title().to_string(),
                number: l.number.clone(),
                title: l.document.title.clone(),
                lang: if entry.page.is_translation() { document.lang.clone() } else { None },
            })
        }),
        kind: entry.kind,
        path: section.path.clone(),
        section_key: section.key.clone(),
        part: section.part.map_or("", Part::key).to_string(),
        guide: document.kind == Kind::Guide,
        item: entry.item as usize,
        score: found.score,
        snippet: String::new(),
        body: text.body,
    })
}

/// The name of a listed item, as the start of its [`hit`]'s text up to the first ": " (a
/// certification with its issuer, a prompt's opening words, a link's title), made without the
/// rest of the hit: `/search` asks it of every item its words find. `None` for a section.
pub fn item_name<'a>(library: &'a Library, entry: &Entry) -> Option<std::borrow::Cow<'a, str>> {
    let document = library.page(entry.page)?;
    let item = entry.item as usize;
    let before_colon = |text: String| text.split(": ").next().unwrap_or_default().to_string();
    Some(match entry.kind {
        HitKind::Section => return None,
        HitKind::Certification => before_colon(plain_text(&with_issuer(document.certifications.get(item)?))).into(),
        HitKind::Prompt => document.prompts.get(item)?.split(": ").next().unwrap_or_default().into(),
        HitKind::Link => before_colon(plain_text(&document.links.get(item)?.title)).into(),
    })
}

/// A certification's name with its issuer, as its entry's text starts: "CISSP ((ISC)²)".
fn with_issuer(cert: &crate::content::Certification) -> String {
    match &cert.issuer {
        Some(issuer) => format!("{} ({issuer})", cert.name),
        None => cert.name.clone(),
    }
}

/// Joins heading paths in the `heading` field; never appears in a heading.
const PATH_SEPARATOR: &str = " › ";

/// What one index document holds: its text, and the part key for filters.
struct EntryText {
    kind: HitKind,
    heading: String,
    body: String,
    part: &'static str,
}

/// The entries of one document, in the order they are indexed: its sections, then one per
/// listed item (certifications, prompts, reading links, each counted in its part's section).
fn entries_of(page: PageAt, document: &Document) -> impl Iterator<Item = Entry> + '_ {
    let sections = (0..document.sections.len() as u32).map(move |section| Entry {
        page,
        kind: HitKind::Section,
        section,
        item: 0,
    });
    let items = [
        (HitKind::Certification, Part::Certifications, document.certifications.len()),
        (HitKind::Prompt, Part::Prompts, document.prompts.len()),
        (HitKind::Link, Part::Reading, document.links.len()),
    ]
    .into_iter()
    .filter_map(move |(kind, part, count)| {
        let section = document.sections.iter().position(|s| s.part == Some(part))? as u32;
        Some((0..count as u32).map(move |item| Entry { page, kind, section, item }))
    })
    .flatten();
    sections.chain(items)
}

/// The text of an entry, as indexed and as snippets show it. A heading with only sub-sections
/// under it is found by its heading; its "body" lists the sub-sections, so the hit shows where
/// to go next.
fn entry_text(document: &Document, entry: &Entry) -> Option<EntryText> {
    let section = document.sections.get(entry.section as usize)?;
    let path = section.path.join(PATH_SEPARATOR);
    let part = section.part.map_or("", Part::key);
    let item = entry.item as usize;
    let (heading, body) = match entry.kind {
        HitKind::Section if section.body.trim().is_empty() => {
            (path, document.children(section).map(|c| c.heading()).collect::<Vec<_>>().join(" · "))
        }
        HitKind::Section => (path, plain_text(&section.body)),
        HitKind::Certification => {
            let cert = document.certifications.get(item)?;
            (
                format!("{path}{PATH_SEPARATOR}{}", cert.name),
                plain_text(&format!("{}: {}", with_issuer(cert), cert.summary)),
            )
        }
        HitKind::Prompt => (path, document.prompts.get(item)?.to_string()),
        HitKind::Link => {
            let link = document.links.get(item)?;
            (path, plain_text(&format!("{}: {}", link.title, link.summary)))
        }
    };
    Some(EntryText { kind: entry.kind, heading, body, part })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::content::{load_dir, LoadOptions};

    /// The index of the shipped library (content/).
    fn shipped_index() -> SearchIndex {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let library = load_dir(&content, &LoadOptions::default()).expect("the shipped library");
        SearchIndex::in_memory(&library).expect("index")
    }

    /// The first `ranks` of `found` are those of `expected`: scores within 1e-4, the same entries
    /// except where scores tie (entries with nearly the same score may come in either order).
    fn assert_same_ranking(found: &[Found], expected: &[Found], ranks: usize, what: &str) {
        let close = |a: f32, b: f32| (a - b).abs() <= 1e-4 * a.abs().max(b.abs());
        for (rank, (one, other)) in found.iter().zip(expected).take(ranks).enumerate() {
            assert!(close(one.score, other.score), "{what}, rank {rank}: {one:?} {other:?}");
            let tied = expected.iter().filter(|e| close(e.score, other.score)).count() > 1;
            assert!(tied || one.entry == other.entry, "{what}, rank {rank}: {one:?} {other:?}");
        }
    }

    /// Questions of common neighbouring words ("soft skills", "software engineers"), some
    /// from the judged sets of tests/relevance.
    const QUESTIONS: &[&str] = &[
        "what soft skills do software engineers need",
        "How do people usually go from senior developer to engineering manager?",
        "which SIEM tools should I learn for a secops role",
        "portfolio project ideas for a mobile developer",
        "what does a sales engineer do",
        "how to move from support to security",
        "kubernetes monitoring prometheus grafana",
        "machine learning engineer vs data scientist salary and career growth",
        "what people skills do customer success engineers need to handle frustrated clients",
        "business analyst certs like cbap or ecba",
    ];

    /// Pairs of common words reorder the best entries by their words
    /// ([`add_scores_at`]). On the shipped library, every pair taken as common, the
    /// ranking is the one that scoring every pair at every entry gives.
    #[test]
    fn common_pairs_scored_at_the_contenders_rank_as_scored_everywhere() {
        let index = shipped_index();
        for question in QUESTIONS {
            assert!(index.text_query(question, true).is_some_and(|t| !t.pairs.is_empty()), "{question}: pairs");
            for (limit, kinds) in [(40, &[][..]), (5, &[HitKind::Prompt][..]), (100, &[][..])] {
                let request = SearchRequest { text: question, kinds, limit, ..Default::default() };
                let expected = index.find_unchecked(&request, u64::MAX).expect("search");
                let found = index.find_unchecked(&request, 0).expect("search");
                assert_eq!(found.len(), expected.len(), "{question}, {limit}");
                assert!(expected.iter().any(|e| e.score > 0.0));
                assert_same_ranking(&found, &expected, limit, &format!("{question}, {limit}"));
            }
        }
    }

    /// Pasted paragraphs, from the judged sets of tests/relevance.
    const LONG_QUESTIONS: &[&str] = &[
        "our company is rolling out kubernetes and terraform and they want someone from the sysadmin team to own security in the pipeline. i'm a linux sysadmin with some python, what should i learn to become a secops/devsecops engineer and are there certs for that?",
        "I'm a high school english teacher and I'm pretty good at explaining complicated things simply. I'm thinking about technical writing or maybe becoming a trainer at a software company. what do I need to learn and how do I land a first job?",
        "I'm a final year CS student, I like maths and stats and I've done a few Kaggle competitions. I can't decide between data scientist and machine learning engineer, what's the actual difference and what should I learn for each one?",
        "i work as a graphic designer at a small agency and i've been tweaking html and css on our clients wordpress sites. i'd love to become a front end web developer. do i need a degree or is a bootcamp enough, and what should i build to get hired?",
        "hey all, i've been doing help desk / IT support for about 3 years, mostly tickets, password resets and some active directory stuff. i want to move into devops or cloud because the growth is better. what should i learn first and which certs actually matter?",
        "been a backend dev for about 6 years (java, spring, postgres). my manager asked if i want to lead the team next year but i'm not sure if i'd rather stay on the senior/staff engineer track. what does each path expect and what skills would i need to build?",
        "I've been a backend developer for about six years and already have the senior title, but my manager keeps telling me that to get promoted further I need to show more strategic impact and mentor the junior people. What does that actually look like day to day?",
        "I'm 34 and have worked as an accountant for eight years. I'm very good with Excel, know a little SQL, and honestly the best part of my job is building reports and dashboards for the managers. Which tech role would fit me and what should I learn first to get hired?",
    ];

    /// A long question whose words are all left out of the search for the contenders (taken
    /// as common) is answered as if none were: the entries that only their text has are not
    /// lost when the rest finds too few.
    #[test]
    fn long_questions_of_common_words_only_find_what_scoring_everywhere_finds() {
        let index = shipped_index();
        let question = "honestly somebody told me yesterday that everything usually happens because people \
                        rarely bother asking whether anything actually matters anymore these days";
        assert!(index.text_query(question, true).expect("words").words.len() >= LONG_QUESTION_WORDS);
        let request = SearchRequest { text: question, limit: 40, ..Default::default() };
        let expected = index.find_unchecked(&request, u64::MAX).expect("search");
        assert!(!expected.is_empty());
        let found = index.find_unchecked(&request, 0).expect("search");
        let entries = |found: &[Found]| found.iter().map(|f| f.entry).collect::<Vec<_>>();
        assert_eq!(entries(&found), entries(&expected));
    }

    /// The text of a long question's common words reorders the best entries by the rest
    /// ([`add_scores_at`]). On the shipped library (5,472 entries with its lessons), the words
    /// in more than the share of its entries that 2,000 is of the 152,300 entries of 3,500
    /// documents taken as common, the first ten entries of /search's 40 candidates are those that scoring
    /// every word at every entry gives, in the same order (where the rest finds fewer entries
    /// than the contenders, as for one of them, every word is scored everywhere anyway).
    #[test]
    fn long_questions_common_words_scored_at_the_contenders_keep_the_best_entries() {
        let index = shipped_index();
        let searcher = index.reader.searcher();
        // The share that 2,000 is of 152,300 entries, of the shipped index's entries.
        let common_from = index.num_docs() * 2_000 / 152_300;
        println!("common from {common_from} of {} entries", index.num_docs());
        for question in LONG_QUESTIONS {
            let words = index.text_query(question, true).expect("words").words;
            assert!(words.len() >= LONG_QUESTION_WORDS, "{question}: long");
            let common = |word: &String| {
                searcher.doc_freq(&Term::from_field_text(index.fields.body, word)).unwrap() > common_from
            };
            assert!(words.iter().any(common), "{question}: common words");
            let request = SearchRequest { text: question, limit: 40, ..Default::default() };
            let expected = index.find_unchecked(&request, u64::MAX).expect("search");
            let found = index.find_unchecked(&request, common_from).expect("search");
            assert_eq!(found.len(), expected.len(), "{question}");
            assert_same_ranking(&found, &expected, 10, question);
        }
    }
}
