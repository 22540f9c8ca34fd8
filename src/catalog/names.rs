//! Career names as members type them, resolved through an index made once per snapshot:
//! `secops`, `27`, `Sec Ops`, `secops engineer`, `sec eng`, `secopps`, the role names of
//! `synonyms.toml` (`qa engineer`, `dba`, `pm`) and the job titles each career's page lists
//! in its ladder and entry-level sections (`report developer`, `junior ios developer`). Every
//! command that takes a career goes through [`Names::resolve`]; autocomplete goes through
//! [`Names::suggest`].
//!
//! Ranks, best first (see [`MatchRank`] and `STEPS`): a whole name (slug, title, alias or
//! number, case, spaces and hyphens ignored), then a role's whole name, the start of a name,
//! every typed word starting a word of the title or aliases, a page's whole job title, the
//! words of one role or title in any order (`developer frontend`), the start of a role's name,
//! one typo away (the whole name, or the start of it typed so far), and, for "did you mean",
//! names that share the most letter triples with what was typed. A name that finds nothing is
//! tried again without words of seniority (`junior`, `senior`, `ii`, `intern`). A role the
//! table gives several careers (`pm`), or a title several pages give, is a name of each, so it
//! resolves to a question; of pages that give the same title, the one whose own title shares
//! a distinctive word with it takes it (`staff software engineer`).
//!
//! What it costs does not grow with the library: whole names are one hash lookup; starts of
//! names a binary search in the sorted names (with the first matches of every one-to-three
//! letter start kept ready); words the same over title words; typos the deletion
//! neighbourhood (every name with one letter deleted, in a hash map and sorted for starts);
//! likeness a letter-triple index. Ties go to the lower document number, as the library is
//! sorted.

use std::collections::{HashMap, HashSet};

use crate::catalog::ladders::job_titles;
use crate::content::{Document, Kind, Library};

/// How well a name matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchRank {
    /// The whole name, number, slug or an alias (case, spaces and hyphens ignored).
    Exact,
    /// The start of a name: `sec` → `secops-engineer`.
    Prefix,
    /// Every typed word starts a word of the title: `sec eng`.
    Word,
    /// One typo away from a name, or from the start of one.
    Typo,
    /// Further away, but alike enough to suggest.
    Similar,
}

/// What a typed career name refers to: indices into the library's documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// One document, and how it matched.
    Found(usize, MatchRank),
    /// Several documents match equally well: the first few, ranked, and how many there are.
    Ambiguous(Vec<usize>, usize),
    /// Nothing matches well enough; these are the closest, for "did you mean".
    Unknown(Vec<usize>),
}

/// Query text longer than this is cut before matching: names are short.
const MAX_NAME_CHARS: usize = 100;

/// Documents listed in an ambiguity at most.
const AMBIGUOUS_SHOWN: usize = 5;

/// Starts up to this long keep their first matches ready.
const READY_PREFIX: usize = 3;

/// Matches kept ready per start.
const READY: usize = 25;

/// Typed names this long (letters and digits) resolve with any one typo, when one name is that
/// close: in a name this long a wrong or missing letter is a slip, not another word.
const LONG_NAME: usize = 8;

/// A name as the name index compares it: [`super::keys::fold`], the normaliser every name
/// goes through (`Sec Ops-Engineer` → `secopsengineer`).
pub fn compact(text: &str) -> String {
    super::keys::fold(text)
}

/// The names a document answers to, compacted.
fn names(d: &Document) -> Vec<String> {
    let mut out: Vec<String> = [compact(&d.slug), compact(&d.title)]
        .into_iter()
        .chain(d.aliases.iter().map(|a| compact(a)))
        .chain(d.number.map(|n| n.to_string()))
        .filter(|n| !n.is_empty())
        .collect();
    out.sort();
    out.dedup();
    // The name index keeps thousands: no room left from growing (not in `compact`, which
    // commands call per request).
    out.iter_mut().for_each(String::shrink_to_fit);
    out
}

/// Lowercase words of the title and aliases.
fn title_words(d: &Document) -> Vec<String> {
    let mut out: Vec<String> = std::iter::once(d.title.as_str())
        .chain(d.aliases.iter().map(String::as_str))
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Which names a step of the resolver reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The documents' own names: slug, title, aliases, number.
    Own,
    /// The role names of `synonyms.toml` ("QA Engineer", "DBA", "PM").
    Roles,
    /// The job titles each career's page gives in its ladder and entry-level sections
    /// ("Junior Data Engineer", "Report Developer"); a title several pages give is a name of
    /// each, so it resolves to a question.
    Titles,
}

/// The resolver's steps, best first. A document's own name wins over a role's, a role's whole
/// name over the start of a document's name ("ba" is Business Analyst, not the start of
/// "backend"); a page's job title comes after the documents' own names and words (the table
/// is the curated word, the pages' lists the wider one), then the words of one role or title
/// in any order ("developer frontend"), and the start of a role's name comes last ("frontend
/// dev"). Words of roles and titles match within one name, never pooled per career
/// ("account engineer" must not find Technical Sales through two of its titles).
const STEPS: [(Source, MatchRank); 8] = [
    (Source::Own, MatchRank::Exact),
    (Source::Roles, MatchRank::Exact),
    (Source::Own, MatchRank::Prefix),
    (Source::Own, MatchRank::Word),
    (Source::Titles, MatchRank::Exact),
    (Source::Roles, MatchRank::Word),
    (Source::Titles, MatchRank::Word),
    (Source::Roles, MatchRank::Prefix),
];

/// The steps for reading names inside text (questions, transitions): the documents' own names
/// and the table's roles only. A page's thousand job titles and words in any order would
/// find a career in ordinary runs of a question's words ("project lead", "entry level").
const TEXT_STEPS: [(Source, MatchRank); 5] = [
    (Source::Own, MatchRank::Exact),
    (Source::Roles, MatchRank::Exact),
    (Source::Own, MatchRank::Prefix),
    (Source::Own, MatchRank::Word),
    (Source::Roles, MatchRank::Prefix),
];

/// Words of seniority or stage that a job title adds to a career's name ("Junior", "Senior
/// Data Engineer", "Data Engineer II", "Software Engineer Intern"): a name that finds nothing
/// is tried again without them. Only these words at the start, and only the words after them
/// at the end, so a section word after a name ("secops senior") stays a section.
const SENIORITY_BEFORE: &[&str] =
    &["junior", "jr", "associate", "senior", "sr", "lead", "principal", "staff", "entry", "level", "assistant"];

/// See [`SENIORITY_BEFORE`].
const SENIORITY_AFTER: &[&str] = &["intern", "trainee", "i", "ii", "iii", "iv"];

/// The name index of one library.
#[derive(Debug, Default)]
pub struct Names {
    /// The documents' own names.
    own: Layer,
    /// The synonyms table's roles, each a name of the documents it stands for (of several when
    /// it fits several: such a name resolves to a question).
    roles: Layer,
    /// The careers' job titles, as their pages list them.
    titles: Layer,
    /// Each document's distinctive title words (words few careers' titles share: "software",
    /// "backend", not "engineer"), which say whose a title several pages give is.
    distinctive: Vec<HashSet<String>>,
    /// The first word of each title (its number aside) → the documents whose title starts so:
    /// one word that starts several titles ("business": Business Analyst and Business
    /// Intelligence Developer) names none of them alone, even where it is one's short name.
    /// With each document, its title's second word: titles that go on alike ("SecOps
    /// Engineer", "SecOps Engineer 2") are one name's, not a question.
    title_starts: HashMap<String, Vec<(usize, String)>>,
}

/// One set of names over the documents, indexed for every rank.
#[derive(Debug, Default)]
struct Layer {
    /// Each document's names, for checking candidates: places in `sorted`.
    names_of: Vec<Vec<u32>>,
    /// (name, document), sorted: whole names and their starts are ranges. The one copy of
    /// each name; the rest of the layer points into it (at 100 copies of the library the job
    /// titles are a hundred thousand names).
    sorted: Vec<(String, usize)>,
    /// Starts of up to three characters → their first documents, in order.
    ready: HashMap<String, Vec<usize>>,
    /// (title word, document), sorted.
    words: Vec<(String, usize)>,
    /// (word of one name, that name's place in `phrase_doc`), sorted: the words of one role or
    /// title in any order.
    phrase_words: Vec<(String, usize)>,
    /// The document of each name whose words `phrase_words` holds.
    phrase_doc: Vec<usize>,
    /// Every name with one character deleted, sorted: equal ranges for a typo in a name,
    /// starting ranges for a typo in a start.
    deleted: Deletions,
    /// Letter triple → documents whose names hold it.
    triples: HashMap<[char; 3], Vec<u32>>,
}

impl Names {
    /// Indexes the names of every document, and the roles of the library's synonyms table.
    pub fn build(library: &Library) -> Names {
        let mut names = Names::build_own(library);
        let mut roles_of: Vec<Vec<String>> = vec![Vec::new(); library.documents.len()];
        for (role, slug) in &library.synonyms.roles {
            if let Some(id) = library.position(slug) {
                roles_of[id].push(role.clone());
            }
        }
        // A title is a name unless it is only qualified ("(Infrastructure focus)") where a
        // page, a role or a document's own name gives it plainly.
        let page_titles: Vec<_> =
            library.documents.iter().map(|d| if d.kind == Kind::Career { job_titles(d) } else { Vec::new() }).collect();
        let mut plain: HashSet<String> = names.own.sorted.iter().map(|(name, _)| name.clone()).collect();
        plain.extend(roles_of.iter().flatten().map(|r| compact(r)));
        plain.extend(page_titles.iter().flatten().filter(|t| !t.qualified).map(|t| compact(&t.title)));
        let titles_of: Vec<Vec<String>> = page_titles
            .into_iter()
            .map(|titles| {
                titles
                    .into_iter()
                    .filter(|t| !t.qualified || !plain.contains(&compact(&t.title)))
                    .flat_map(|t| std::iter::once(t.title).chain(t.abbreviation))
                    .collect()
            })
            .collect();
        names.roles = Layer::build_phrases(roles_of);
        names.titles = Layer::build_phrases(titles_of);
        names.distinctive = distinctive_words(library);
        for (id, doc) in library.documents.iter().enumerate() {
            let mut words = doc
                .title
                .split_whitespace()
                .skip_while(|w| w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()));
            if let Some(first) = words.next() {
                let second = words.next().map(compact).unwrap_or_default();
                names.title_starts.entry(compact(first)).or_default().push((id, second));
            }
        }
        names
    }

    /// The documents' own names only (slug, title, aliases, number), without roles or job
    /// titles: what the linear resolver knew, for comparing with it.
    pub fn build_own(library: &Library) -> Names {
        let own = Layer::build(library.documents.iter().map(|d| (names(d), title_words(d))));
        Names { own, ..Names::default() }
    }

    fn layer(&self, source: Source) -> &Layer {
        match source {
            Source::Own => &self.own,
            Source::Roles => &self.roles,
            Source::Titles => &self.titles,
        }
    }

    /// Resolves a typed career name.
    ///
    /// Exact names win, then a role's name, then a unique start, then title words, then the
    /// start of a role's name. A one-letter slip resolves when the name is unmistakable: an
    /// extra or doubled letter, or two neighbours swapped (`secopps`, `sceops`), or any one
    /// letter in a long name (`sofware engineer`). A wrong or missing letter in a short name
    /// (`secopz`) may be another word, so it is only offered as "did you mean".
    pub fn resolve(&self, typed: &str) -> Resolution {
        self.resolve_with(typed, true)
    }

    /// [`Names::resolve`] without the likeness search behind "did you mean": the same `Found`
    /// and `Ambiguous`, and `Unknown` with only the typos. For reading where a name ends in a
    /// line of words, which asks of many runs of words whether one names a career.
    pub fn resolve_without_likeness(&self, typed: &str) -> Resolution {
        self.resolve_with(typed, false)
    }

    fn resolve_with(&self, typed: &str, likeness: bool) -> Resolution {
        let query = Query::new(typed);
        if query.compact.is_empty() {
            return Resolution::Unknown(Vec::new());
        }
        if let Some(found) = self.at_best_rank(&query, MatchRank::Word) {
            return found;
        }
        let stripped = query.without_seniority();
        let mut first_typos = None;
        for query in std::iter::once(&query).chain(stripped.as_ref()) {
            // A typo of a document's own name first; of a role's only when there is none, of
            // a page's title only when neither has one.
            let (layer, typos) = [&self.own, &self.roles, &self.titles]
                .into_iter()
                .map(|layer| (layer, layer.typos(query)))
                .find(|(_, typos)| !typos.is_empty())
                .unwrap_or((&self.own, Vec::new()));
            if let [one] = typos.as_slice() {
                if layer.is_slip(&query.compact, *one) || query.compact.chars().count() >= LONG_NAME {
                    return Resolution::Found(*one, MatchRank::Typo);
                }
            }
            first_typos.get_or_insert(typos);
        }
        let mut closest: Vec<usize> = first_typos.unwrap_or_default();
        closest.truncate(AMBIGUOUS_SHOWN);
        if !likeness {
            return Resolution::Unknown(closest);
        }
        for id in self.own.similar(&query).into_iter().chain(self.roles.similar(&query)) {
            if closest.len() == AMBIGUOUS_SHOWN {
                break;
            }
            if !closest.contains(&id) {
                closest.push(id);
            }
        }
        Resolution::Unknown(closest)
    }

    /// The one document `typed` names at rank `worst` or better, without the typo and likeness
    /// work of [`Names::resolve`]: for reading names inside text (questions, transitions), where
    /// most runs of words name nothing.
    pub fn lookup(&self, typed: &str, worst: MatchRank) -> Option<(usize, MatchRank)> {
        match self.at_best_step(&Query::new(typed), worst, &TEXT_STEPS)? {
            Resolution::Found(id, rank) => Some((id, rank)),
            _ => None,
        }
    }

    /// True when `typed` names one document or several at rank `worst` or better: for reading
    /// where a career name ends in a line of words (`pm skills` is the name "pm", which fits
    /// two careers, and then a section).
    pub fn names_any(&self, typed: &str, worst: MatchRank) -> bool {
        self.at_best_rank(&Query::new(typed), worst).is_some()
    }

    /// `Found` or `Ambiguous` at the best of the steps up to rank `worst`, for the name as
    /// typed, else for it without words of seniority ("junior ml engineer").
    fn at_best_rank(&self, query: &Query, worst: MatchRank) -> Option<Resolution> {
        self.at_best_step(query, worst, &STEPS)
            .or_else(|| self.at_best_step(&query.without_seniority()?, worst, &STEPS))
    }

    /// `Found` or `Ambiguous` at the first of `steps` up to rank `worst` that finds any.
    fn at_best_step(&self, query: &Query, worst: MatchRank, steps: &[(Source, MatchRank)]) -> Option<Resolution> {
        if query.compact.is_empty() {
            return None;
        }
        for &(source, rank) in steps.iter().filter(|(_, r)| *r <= worst) {
            let (first, count) = match source {
                Source::Titles => {
                    let (all, _) = self.titles.at_rank(query, rank, usize::MAX);
                    let mut owners = self.owners(query, all);
                    let count = owners.len();
                    owners.truncate(AMBIGUOUS_SHOWN);
                    (owners, count)
                }
                _ => self.layer(source).at_rank(query, rank, AMBIGUOUS_SHOWN),
            };
            // A short name that is also the first word of other titles asks which.
            let starting = match (source, rank, query.words.as_slice()) {
                (Source::Own, MatchRank::Exact, [_]) => self.title_starts.get(&query.compact),
                _ => None,
            };
            if let (1, Some(starting)) = (count, starting) {
                let found = starting.iter().find(|(id, _)| *id == first[0]);
                let others: Vec<usize> = match found {
                    Some((_, second)) => starting.iter().filter(|(_, s)| s != second).map(|(id, _)| *id).collect(),
                    None => Vec::new(),
                };
                if !others.is_empty() {
                    let shown: Vec<usize> =
                        std::iter::once(first[0]).chain(others.iter().copied()).take(AMBIGUOUS_SHOWN).collect();
                    return Some(Resolution::Ambiguous(shown, others.len() + 1));
                }
            }
            match count {
                0 => continue,
                1 => return Some(Resolution::Found(first[0], rank)),
                n => return Some(Resolution::Ambiguous(first, n)),
            }
        }
        None
    }

    /// Of the documents that give the same job title, the one whose own title shares a
    /// distinctive word with it ("Staff Software Engineer" is Software Engineer's, though Full
    /// Stack Developer's ladder lists it too); all of them when none or several do.
    fn owners(&self, query: &Query, documents: Vec<usize>) -> Vec<usize> {
        if documents.len() < 2 {
            return documents;
        }
        let sharing: Vec<usize> = documents
            .iter()
            .copied()
            .filter(|&id| self.distinctive.get(id).is_some_and(|words| query.words.iter().any(|w| words.contains(w))))
            .collect();
        if sharing.len() == 1 {
            sharing
        } else {
            documents
        }
    }

    /// Autocomplete: at most `limit` (≤ 25) documents for what has been typed so far, ranked
    /// as [`Names::resolve`] ranks (names, roles, starts, words, starts of roles), then typos,
    /// then likeness. Nothing typed lists the first documents.
    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<usize> {
        self.suggest_where(typed, limit, &|_| true)
    }

    /// [`Names::suggest`] among the documents `keep` accepts (careers only, for a command that
    /// needs a career).
    pub fn suggest_where(&self, typed: &str, limit: usize, keep: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let limit = limit.min(25);
        let query = Query::new(typed);
        if query.compact.is_empty() {
            return (0..self.own.names_of.len()).filter(|&id| keep(id)).take(limit).collect();
        }
        let mut out: Vec<usize> = Vec::new();
        let push = |ids: Vec<usize>, out: &mut Vec<usize>| {
            for id in ids {
                if out.len() < limit && !out.contains(&id) && keep(id) {
                    out.push(id);
                }
            }
        };
        for (source, rank) in STEPS {
            // Ask for enough to fill the list after documents already in it or left out.
            let (first, _) = self.layer(source).at_rank(&query, rank, 2 * limit + out.len());
            push(first, &mut out);
            if out.len() == limit {
                return out;
            }
        }
        push(self.own.typos(&query), &mut out);
        push(self.roles.typos(&query), &mut out);
        push(self.titles.typos(&query), &mut out);
        if out.len() < limit {
            push(self.own.similar(&query), &mut out);
            push(self.roles.similar(&query), &mut out);
        }
        out
    }
}

impl Layer {
    /// Indexes names that are phrases (roles, job titles), each document's in document order:
    /// their compacted whole for every rank, their words per phrase for the word rank.
    fn build_phrases(phrases_of: Vec<Vec<String>>) -> Layer {
        let mut phrase_words: Vec<(String, usize)> = Vec::new();
        let mut phrase_doc: Vec<usize> = Vec::new();
        let compacted = phrases_of.iter().enumerate().map(|(id, phrases)| {
            for phrase in phrases {
                let words = Query::new(phrase).words;
                if words.is_empty() {
                    continue;
                }
                phrase_words.extend(words.into_iter().map(|w| (w, phrase_doc.len())));
                phrase_doc.push(id);
            }
            let mut names: Vec<String> = phrases.iter().map(|p| compact(p)).filter(|n| !n.is_empty()).collect();
            names.sort();
            names.dedup();
            (names, Vec::new())
        });
        let mut layer = Layer::build(compacted.collect::<Vec<_>>().into_iter());
        phrase_words.sort();
        phrase_words.dedup();
        layer.phrase_words = phrase_words;
        layer.phrase_doc = phrase_doc;
        layer
    }

    /// Indexes each document's names and title words, in document order.
    fn build(documents: impl Iterator<Item = (Vec<String>, Vec<String>)>) -> Layer {
        let mut index = Layer::default();
        let mut triples: HashMap<[char; 3], HashSet<u32>> = HashMap::new();
        let mut count = 0;
        for (id, (names, words)) in documents.enumerate() {
            count += 1;
            for name in names {
                // Typed names are cut to MAX_NAME_CHARS, so longer names never need typo keys
                // (and a hostile 10,000-letter title would make 10,000 keys of 10,000 letters).
                let chars: Vec<char> = name.chars().collect();
                for window in chars.windows(3) {
                    triples.entry([window[0], window[1], window[2]]).or_default().insert(id as u32);
                }
                index.sorted.push((name, id));
            }
            index.words.extend(words.into_iter().map(|w| (w, id)));
        }
        index.sorted.sort();
        index.sorted.dedup();
        index.sorted.shrink_to_fit();
        index.names_of = vec![Vec::new(); count];
        for (at, (_, id)) in index.sorted.iter().enumerate() {
            index.names_of[*id].push(at as u32);
        }
        index.words.sort();
        index.deleted = Deletions::of(&index.sorted);
        index.triples = triples
            .into_iter()
            .map(|(k, v)| {
                let mut v: Vec<u32> = v.into_iter().collect();
                v.sort_unstable();
                (k, v)
            })
            .collect();
        // The first documents of every short start, for autocomplete on one to three letters.
        let mut ready: HashMap<String, Vec<usize>> = HashMap::new();
        for (name, id) in &index.sorted {
            for end in name.char_indices().map(|(i, c)| i + c.len_utf8()).take(READY_PREFIX) {
                let ids = ready.entry(name[..end].to_string()).or_default();
                if !ids.contains(id) {
                    ids.push(*id);
                }
            }
        }
        for ids in ready.values_mut() {
            ids.sort_unstable();
            ids.truncate(READY);
        }
        index.ready = ready;
        index
    }

    /// The documents with the whole name `name`, in order.
    fn exact<'a>(&'a self, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        range_starting_with(&self.sorted, name).take_while(move |(n, _)| n == name).map(|(_, id)| *id)
    }

    /// The names of the document `id`.
    fn names_of(&self, id: usize) -> impl Iterator<Item = &str> + '_ {
        self.names_of.get(id).into_iter().flatten().map(|&at| self.sorted[at as usize].0.as_str())
    }

    /// The first `want` documents (in order) that match at this rank or better, and how many
    /// match at this rank or better in all (up to a bound, for a start matched by thousands).
    fn at_rank(&self, query: &Query, rank: MatchRank, want: usize) -> (Vec<usize>, usize) {
        let mut ids: Vec<usize> = match rank {
            MatchRank::Exact => self.exact(&query.compact).collect(),
            MatchRank::Prefix => self.starting_with(&query.compact, want),
            MatchRank::Word => self.by_words(&query.words),
            MatchRank::Typo | MatchRank::Similar => Vec::new(),
        };
        ids.sort_unstable();
        ids.dedup();
        let count = ids.len();
        ids.truncate(want);
        (ids, count)
    }

    /// Documents with a name that starts with `start`, in order. A short start answers from
    /// the ready lists (at least `want` of them, and a count that tells one from many).
    fn starting_with(&self, start: &str, want: usize) -> Vec<usize> {
        if start.chars().count() <= READY_PREFIX && want <= READY {
            if let Some(ready) = self.ready.get(start) {
                return ready.clone();
            }
        }
        range_starting_with(&self.sorted, start).map(|(_, id)| *id).collect()
    }

    /// Documents whose title words start with every typed word; for phrases, documents with
    /// one phrase that holds every typed word (two or more), the last perhaps only begun
    /// ("director of production" is no "product director").
    fn by_words(&self, typed: &[String]) -> Vec<usize> {
        // A name says each word once: "data scientist data" is two names, not one.
        if typed.iter().enumerate().any(|(i, word)| typed[..i].contains(word)) {
            return Vec::new();
        }
        if !self.phrase_doc.is_empty() {
            // One word is the start of a name (the prefix steps), not a word of any of a
            // thousand titles ("graphic" is no Graphics Programmer).
            if typed.len() < 2 {
                return Vec::new();
            }
            let phrases = words_in(&self.phrase_words, typed, true);
            return phrases.into_iter().map(|p| self.phrase_doc[p]).collect();
        }
        words_in(&self.words, typed, false)
    }

    /// Documents one edit away from what was typed (five letters or more): the whole name, or
    /// the start of a longer name typed so far. In order.
    fn typos(&self, query: &Query) -> Vec<usize> {
        let typed = &query.compact;
        let typed_chars: Vec<char> = typed.chars().collect();
        if typed_chars.len() < 5 {
            return Vec::new();
        }
        let mut candidates: HashSet<usize> = HashSet::new();
        let typed_deletions = deletions(typed);
        // A letter too many, a letter missing, one wrong or two swapped.
        for key in std::iter::once(typed).chain(typed_deletions.iter()) {
            candidates.extend(self.exact(key));
            candidates.extend(self.deleted.equal_to(&self.sorted, key));
        }
        // The start of a longer name, with one letter wrong or two swapped.
        for deletion in &typed_deletions {
            candidates.extend(self.deleted.starting_with(&self.sorted, deletion));
        }
        let mut out: Vec<usize> = candidates
            .into_iter()
            .filter(|&id| {
                self.names_of(id).any(|n| {
                    let n: Vec<char> = n.chars().collect();
                    within_one_edit(&typed_chars, &n)
                        || (n.len() > typed_chars.len() && within_one_edit(&typed_chars, &n[..typed_chars.len()]))
                })
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// True when deleting one typed letter, or swapping two typed neighbours, gives a name.
    fn is_slip(&self, typed: &str, id: usize) -> bool {
        let typed: Vec<char> = typed.chars().collect();
        self.names_of(id).any(|n| {
            let n: Vec<char> = n.chars().collect();
            within_one_edit(&typed, &n)
                && (typed.len() == n.len() + 1
                    || (typed.len() == n.len() && typed.iter().zip(&n).filter(|(a, b)| a != b).count() == 2))
        })
    }

    /// Documents alike enough to suggest: names that share letter triples with what was typed,
    /// the most first, kept when within a third of the name's length in edits or holding what
    /// was typed.
    fn similar(&self, query: &Query) -> Vec<usize> {
        let typed: Vec<char> = query.compact.chars().collect();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for window in typed.windows(3) {
            for &id in self.triples.get(&[window[0], window[1], window[2]]).into_iter().flatten() {
                *shared.entry(id as usize).or_default() += 1;
            }
        }
        let mut candidates: Vec<(usize, usize)> = shared.into_iter().collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(64);
        let mut out: Vec<usize> = candidates
            .into_iter()
            .map(|(id, _)| id)
            .filter(|&id| {
                self.names_of(id).any(|n| {
                    let limit = (n.chars().count().max(typed.len()) / 3).max(2);
                    distance(&query.compact, n) <= limit || (typed.len() >= 3 && n.contains(&query.compact))
                })
            })
            .collect();
        out.sort_unstable();
        out
    }
}

/// Each document's title words that at most one career title in eight shares.
fn distinctive_words(library: &Library) -> Vec<HashSet<String>> {
    let words_of: Vec<HashSet<String>> =
        library.documents.iter().map(|d| Query::new(&d.title).words.into_iter().collect()).collect();
    let careers: Vec<&HashSet<String>> =
        library.documents.iter().zip(&words_of).filter(|(d, _)| d.kind == Kind::Career).map(|(_, w)| w).collect();
    let mut shared: HashMap<&str, usize> = HashMap::new();
    for word in careers.iter().flat_map(|words| words.iter()) {
        *shared.entry(word.as_str()).or_default() += 1;
    }
    words_of
        .iter()
        .map(|words| {
            words
                .iter()
                .filter(|w| shared.get(w.as_str()).copied().unwrap_or(0) * 8 <= careers.len())
                .cloned()
                .collect()
        })
        .collect()
}

/// The ids of a sorted (word, id) list with a word starting with every typed word (equal to
/// every typed word but the last, when `whole`).
fn words_in(words: &[(String, usize)], typed: &[String], whole: bool) -> Vec<usize> {
    let mut result: Option<HashSet<usize>> = None;
    for (n, word) in typed.iter().enumerate() {
        let exact = whole && n + 1 < typed.len();
        let ids: HashSet<usize> =
            range_starting_with(words, word).filter(|(w, _)| !exact || w == word).map(|(_, id)| *id).collect();
        result = Some(match result {
            None => ids,
            Some(so_far) => so_far.intersection(&ids).copied().collect(),
        });
        if result.as_ref().is_some_and(HashSet::is_empty) {
            break;
        }
    }
    result.map(|ids| ids.into_iter().collect()).unwrap_or_default()
}

/// What was typed, ready to match.
struct Query {
    compact: String,
    words: Vec<String>,
}

impl Query {
    fn new(typed: &str) -> Query {
        let typed: String = typed.chars().take(MAX_NAME_CHARS).collect();
        let words =
            typed.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        Query { compact: compact(&typed), words }
    }

    /// The name without words of seniority at its start or stage at its end, when it has
    /// some and something is left.
    fn without_seniority(&self) -> Option<Query> {
        let mut words: &[String] = &self.words;
        while let [first, rest @ ..] = words {
            if rest.is_empty() || !SENIORITY_BEFORE.contains(&first.as_str()) {
                break;
            }
            words = rest;
        }
        while let [rest @ .., last] = words {
            if rest.is_empty() || !SENIORITY_AFTER.contains(&last.as_str()) {
                break;
            }
            words = rest;
        }
        (words.len() < self.words.len()).then(|| Query { compact: words.concat(), words: words.to_vec() })
    }
}

/// Every name of a layer with one character deleted, sorted, each kept as the place of its
/// name in the layer's sorted names and of the character left out: eight bytes, where a
/// string of its own cost some sixty (at 100 copies of the library the job titles' deletions
/// were two million, most of the name index).
#[derive(Debug, Default)]
struct Deletions {
    sorted: Vec<Deleted>,
}

/// A name with one character deleted: `name` in the layer's sorted names, without the
/// character at byte `at`.
#[derive(Debug, Clone, Copy)]
struct Deleted {
    name: u32,
    at: u16,
}

impl Deletions {
    /// The deletions of every name in `names` (the layer's sorted names) short enough to need
    /// them: typed names are cut to [`MAX_NAME_CHARS`], so longer names never match one (and a
    /// hostile 10,000-letter title would make 10,000 keys of 10,000 letters).
    fn of(names: &[(String, usize)]) -> Deletions {
        let mut sorted: Vec<Deleted> = names
            .iter()
            .enumerate()
            .filter(|(_, (name, _))| name.chars().count() <= MAX_NAME_CHARS)
            .flat_map(|(i, (name, _))| {
                name.char_indices().map(move |(at, _)| Deleted { name: i as u32, at: at as u16 })
            })
            .collect();
        let text = |d: &Deleted| Deletions::text(names, *d);
        let doc = |d: &Deleted| names[d.name as usize].1;
        sorted.sort_unstable_by(|a, b| chained_cmp(text(a), text(b)).then(doc(a).cmp(&doc(b))));
        sorted.dedup_by(|a, b| doc(a) == doc(b) && chained_cmp(text(a), text(b)).is_eq());
        sorted.shrink_to_fit();
        Deletions { sorted }
    }

    /// The text of a deletion, in two parts: before and after the character left out.
    fn text(names: &[(String, usize)], deleted: Deleted) -> (&str, &str) {
        let name = &names[deleted.name as usize].0;
        let at = deleted.at as usize;
        let next = name[at..].chars().next().map_or(0, char::len_utf8);
        (&name[..at], &name[at + next..])
    }

    /// The deletions that start with `start`, in order: any that are `start` itself first.
    fn starting<'a>(
        &'a self,
        names: &'a [(String, usize)],
        start: &'a str,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let text = move |d: &Deleted| Deletions::text(names, *d);
        let from = self.sorted.partition_point(|d| chained_cmp(text(d), (start, "")).is_lt());
        self.sorted[from..].iter().map_while(move |d| {
            let (before, after) = text(d);
            let len = before.len() + after.len();
            let starts = len >= start.len() && before.bytes().chain(after.bytes()).take(start.len()).eq(start.bytes());
            starts.then(|| (names[d.name as usize].1, len))
        })
    }

    /// The documents with a deletion that starts with `start`.
    fn starting_with<'a>(&'a self, names: &'a [(String, usize)], start: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.starting(names, start).map(|(id, _)| id)
    }

    /// The documents with a deletion that is `whole`.
    fn equal_to<'a>(&'a self, names: &'a [(String, usize)], whole: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.starting(names, whole).take_while(move |&(_, len)| len == whole.len()).map(|(id, _)| id)
    }
}

/// Compares two texts given in two parts each, byte by byte, as their joined strings compare.
fn chained_cmp(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    a.0.bytes().chain(a.1.bytes()).cmp(b.0.bytes().chain(b.1.bytes()))
}

/// The entries of a sorted list whose text starts with `start`.
pub(crate) fn range_starting_with<'a>(
    sorted: &'a [(String, usize)],
    start: &'a str,
) -> impl Iterator<Item = &'a (String, usize)> + 'a {
    let from = sorted.partition_point(|(name, _)| name.as_str() < start);
    sorted[from..].iter().take_while(move |(name, _)| name.starts_with(start))
}

/// Every string with one character deleted.
pub(crate) fn deletions(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = (0..chars.len())
        .map(|skip| {
            // Exactly as long as it needs: the name index keeps hundreds of thousands.
            let mut deletion = String::with_capacity(text.len() - chars[skip].len_utf8());
            deletion.extend(chars.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, c)| c));
            deletion
        })
        .collect();
    out.dedup();
    out
}

/// Optimal string alignment distance ≤ 1, without computing the full distance.
pub fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diffs.as_slice() {
                [] | [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        1 => {
            let first_diff = (0..short.len()).find(|&i| short[i] != long[i]).unwrap_or(short.len());
            short[first_diff..] == long[first_diff + 1..]
        }
        _ => false,
    }
}

/// Optimal string alignment distance (insert, delete, substitute, swap neighbours).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(MAX_NAME_CHARS).collect();
    let b: Vec<char> = b.chars().take(MAX_NAME_CHARS).collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn distance_counts_swaps_as_one() {
        assert_eq!(distance("secops", "secops"), 0);
        assert_eq!(distance("sceops", "secops"), 1);
        assert_eq!(distance("secopz", "secops"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn compact_ignores_case_spaces_and_hyphens() {
        assert_eq!(compact("Sec Ops-Engineer"), "secopsengineer");
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit(&chars("kubernets"), &chars("kubernetes")));
        assert!(within_one_edit(&chars("secosp"), &chars("secops")));
        assert!(within_one_edit(&chars("secopz"), &chars("secops")));
        assert!(!within_one_edit(&chars("secpz"), &chars("secops")));
        assert!(!within_one_edit(&chars("abcd"), &chars("badc")));
    }
}
