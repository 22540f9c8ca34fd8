//! Scoring /search against the judged questions (`tests/relevance/questions.toml`): nDCG@5 with
//! a section seen twice in one top five scored 0 the second time, precision@1, and the
//! questions with no relevant answer in their top five. Shared by the relevance test and the
//! relevance bench; the baseline is plain tantivy (default tokenizer, BM25, no weights) over the
//! same sections.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use careerbot::content::{plain_text, Kind, Library};
use serde::Deserialize;

/// One judged question.
#[derive(Debug, Deserialize)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub relevant: Vec<Judgement>,
}

/// A judged answer: a document (or `*`, any career), some of its sections (keys or part keys;
/// none: any section), a grade (2 right, 1 related).
#[derive(Debug, Deserialize)]
pub struct Judgement {
    pub career: String,
    #[serde(default)]
    pub sections: Option<Vec<String>>,
    pub grade: u8,
}

#[derive(Debug, Deserialize)]
struct File {
    question: Vec<Question>,
}

/// The judged questions the ranking was tuned with.
pub fn questions() -> Vec<Question> {
    load("questions.toml")
}

/// The holdout: judged questions written after the tuning, independently of it, to see
/// whether it generalises. Never tuned on.
pub fn holdout() -> Vec<Question> {
    load("holdout.toml")
}

/// Questions members would type, written for the issue that asked /search to answer them
/// (`tests/relevance/members.toml`), graded from the pages before the ranking changed for them.
pub fn members() -> Vec<Question> {
    load("members.toml")
}

/// Judged questions about the courses (`tests/relevance/courses.toml`), written from the
/// lesson pages by a second reader before /search read lessons.
pub fn courses() -> Vec<Question> {
    load("courses.toml")
}

/// The pages /search answers from, by the name its hits give: documents by slug, lessons (their
/// own pages, not translations) by id.
pub fn pages(library: &Library) -> Vec<(&str, &careerbot::content::Document)> {
    let documents = library.documents.iter().map(|d| (d.slug.as_str(), d));
    let lessons = library.tracks.iter().flat_map(|t| t.lessons.iter().map(|l| (l.id.as_str(), &l.document)));
    documents.chain(lessons).collect()
}

fn page<'a>(library: &'a Library, name: &str) -> Option<&'a careerbot::content::Document> {
    library.get(name).or_else(|| {
        let (track, _) = name.split_once('/')?;
        Some(&library.track(track)?.lessons.iter().find(|l| l.id == name)?.document)
    })
}

/// Every question's top five with their grades, for reading why a figure moved.
pub fn each(scored: &[Scored]) -> String {
    let mut out = String::new();
    for s in scored {
        out.push_str(&format!("{} {:.2} {:?} {}\n", s.id, s.ndcg, s.grades, s.text));
        for answer in &s.answers {
            out.push_str(&format!("      {answer}\n"));
        }
    }
    out
}

fn load(name: &str) -> Vec<Question> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    file.question
}

/// The grade of a passage (document slug, section key) for a question: the highest judgement
/// it matches, 0 for none. A section that is only its sub-sections' headings answers nothing
/// (grade 0, the "hits that are only a list of sub-headings"); what was judged of it
/// holds for each of its sub-sections, where its text is.
pub fn grade(question: &Question, library: &Library, career: &str, key: &str) -> u8 {
    let Some(doc) = page(library, career) else { return 0 };
    let Some(at) = doc.sections.iter().position(|s| s.key == key) else { return 0 };
    if is_only_headings(doc, at) {
        return 0;
    }
    // The section, and each heading-only section it stands under.
    let mut judged = vec![&doc.sections[at]];
    let mut depth = doc.sections[at].path.len();
    for above in doc.sections[..at].iter().rev() {
        if above.path.len() < depth {
            depth = above.path.len();
            let only_headings = above.body.trim().is_empty();
            if !only_headings {
                break;
            }
            judged.push(above);
        }
    }
    judged
        .iter()
        .map(|section| {
            let part = section.part.map(|p| p.key());
            question
                .relevant
                .iter()
                .filter(|j| j.career == career || (j.career == "*" && doc.kind == Kind::Career))
                .filter(|j| match &j.sections {
                    None => true,
                    Some(sections) => sections.iter().any(|s| *s == section.key || Some(s.as_str()) == part),
                })
                .map(|j| j.grade)
                .max()
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0)
}

/// A section with no text of its own over sub-sections.
fn is_only_headings(doc: &careerbot::content::Document, at: usize) -> bool {
    let section = &doc.sections[at];
    section.body.trim().is_empty() && doc.children(section).next().is_some()
}

fn dcg(grades: &[u8]) -> f64 {
    grades.iter().enumerate().map(|(i, &g)| (2f64.powi(g as i32) - 1.0) / ((i + 2) as f64).log2()).sum()
}

/// One question's scores.
#[derive(Debug, Clone)]
pub struct Scored {
    pub id: String,
    pub kind: String,
    pub text: String,
    pub ndcg: f64,
    /// Grade of the first answer.
    pub first: u8,
    /// Grades of the top five, repeats 0.
    pub grades: Vec<u8>,
    /// The top five as `slug key`.
    pub answers: Vec<String>,
}

/// Scores a system's answers: `answer(question)` gives its top passages as (slug, section key).
pub fn score(questions: &[Question], library: &Library, answer: impl Fn(&str) -> Vec<(String, String)>) -> Vec<Scored> {
    questions
        .iter()
        .map(|q| {
            let top: Vec<(String, String)> = answer(&q.text).into_iter().take(5).collect();
            let mut seen = HashSet::new();
            let grades: Vec<u8> = top
                .iter()
                .map(|(career, key)| if seen.insert((career, key)) { grade(q, library, career, key) } else { 0 })
                .collect();
            let mut ideal: Vec<u8> = pages(library)
                .into_iter()
                .flat_map(|(name, d)| d.sections.iter().map(move |s| grade(q, library, name, &s.key)))
                .filter(|&g| g > 0)
                .collect();
            ideal.sort_unstable_by(|a, b| b.cmp(a));
            ideal.truncate(5);
            let ideal = dcg(&ideal);
            Scored {
                id: q.id.clone(),
                kind: q.kind.clone(),
                text: q.text.clone(),
                ndcg: if ideal > 0.0 { dcg(&grades) / ideal } else { 0.0 },
                first: grades.first().copied().unwrap_or(0),
                grades,
                answers: top.iter().map(|(c, k)| format!("{c} {k}")).collect(),
            }
        })
        .collect()
}

/// The totals of a run.
#[derive(Debug, Clone)]
pub struct Summary {
    pub ndcg: f64,
    /// First answer relevant (grade ≥ 1).
    pub p1: f64,
    /// First answer right (grade 2).
    pub p1_strict: f64,
    /// Questions with nothing relevant in the top five.
    pub none: Vec<String>,
    /// Per question type: (nDCG@5, P@1, questions).
    pub by_kind: BTreeMap<String, (f64, f64, usize)>,
}

pub fn summary(scored: &[Scored]) -> Summary {
    let n = scored.len().max(1) as f64;
    let mut by_kind: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    for s in scored {
        let entry = by_kind.entry(s.kind.clone()).or_default();
        entry.0 += s.ndcg;
        entry.1 += f64::from(u8::from(s.first >= 1));
        entry.2 += 1;
    }
    for (ndcg, p1, count) in by_kind.values_mut() {
        *ndcg /= *count as f64;
        *p1 /= *count as f64;
    }
    Summary {
        ndcg: scored.iter().map(|s| s.ndcg).sum::<f64>() / n,
        p1: scored.iter().filter(|s| s.first >= 1).count() as f64 / n,
        p1_strict: scored.iter().filter(|s| s.first == 2).count() as f64 / n,
        none: scored
            .iter()
            .filter(|s| s.grades.iter().all(|&g| g == 0))
            .map(|s| format!("{} {}", s.id, s.text))
            .collect(),
        by_kind,
    }
}

/// The baseline: plain tantivy over the same sections (one index document per section: its
/// heading path and its text), the default tokenizer and BM25, every word of the question
/// OR-ed by the default query parser.
pub struct Baseline {
    reader: tantivy::IndexReader,
    parser: tantivy::query::QueryParser,
    career: tantivy::schema::Field,
    key: tantivy::schema::Field,
}

impl Baseline {
    pub fn build(library: &Library) -> Baseline {
        use tantivy::schema::{Schema, STORED, STRING, TEXT};
        use tantivy::{doc, Index};
        let mut schema = Schema::builder();
        let career = schema.add_text_field("career", STRING | STORED);
        let key = schema.add_text_field("key", STRING | STORED);
        let heading = schema.add_text_field("heading", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(50_000_000).expect("writer");
        for (name, d) in pages(library) {
            for s in &d.sections {
                writer
                    .add_document(doc!(career => name, key => s.key.as_str(), heading => s.path.join(" "), body => plain_text(&s.body)))
                    .expect("add");
            }
        }
        writer.commit().expect("commit");
        let reader = index.reader().expect("reader");
        let parser = tantivy::query::QueryParser::for_index(&index, vec![heading, body]);
        Baseline { reader, parser, career, key }
    }

    pub fn answer(&self, text: &str) -> Vec<(String, String)> {
        use tantivy::schema::Value;
        // Words only: the parser's syntax characters are not what members mean.
        let words: String = text.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        let (query, _) = self.parser.parse_query_lenient(&words);
        let searcher = self.reader.searcher();
        let top =
            searcher.search(&query, &tantivy::collector::TopDocs::with_limit(5).order_by_score()).expect("search");
        top.into_iter()
            .map(|(_, address)| {
                let doc: tantivy::TantivyDocument = searcher.doc(address).expect("doc");
                let text = |f| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                (text(self.career), text(self.key))
            })
            .collect()
    }
}

/// A side-by-side table of two runs.
pub fn report(careerbot: &[Scored], baseline: &[Scored]) -> String {
    let (a, b) = (summary(careerbot), summary(baseline));
    let mut out = String::new();
    out.push_str(&format!("{:<14} {:>10} {:>10}\n", "", "careerbot", "baseline"));
    out.push_str(&format!("{:<14} {:>10.3} {:>10.3}\n", "nDCG@5", a.ndcg, b.ndcg));
    out.push_str(&format!("{:<14} {:>10.3} {:>10.3}\n", "P@1 (≥1)", a.p1, b.p1));
    out.push_str(&format!("{:<14} {:>10.3} {:>10.3}\n", "P@1 (2)", a.p1_strict, b.p1_strict));
    out.push_str(&format!("{:<14} {:>10} {:>10}\n", "no relevant", a.none.len(), b.none.len()));
    out.push_str("per type: nDCG@5 / P@1\n");
    for (kind, (ndcg, p1, n)) in &a.by_kind {
        let (bn, bp, _) = b.by_kind.get(kind).copied().unwrap_or_default();
        out.push_str(&format!("  {kind:<12} ({n:>2}) {ndcg:>6.3} / {p1:.2}   {bn:>6.3} / {bp:.2}\n"));
    }
    out.push_str("careerbot, questions with no relevant answer:\n");
    for q in &a.none {
        out.push_str(&format!("  {q}\n"));
    }
    out.push_str("baseline, questions with no relevant answer:\n");
    for q in &b.none {
        out.push_str(&format!("  {q}\n"));
    }
    out
}
