//! Search speed: building and opening the index, query latency, and career-name resolution.
//!
//! Run with `cargo bench --bench search`. Inputs:
//!
//! - the shipped seed library (`content/`), indexed on disk and in memory, reopened, and
//!   queried with twenty typical member questions;
//! - a generated library of 1,000 documents in the documents' format, written into a
//!   temporary folder by this file (deterministic: the same words every run), to see how a
//!   build scales.
//!
//! Targets: a query under 200 µs at the median on the seed library; opening a reused index
//! under 20 ms.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use careerbot::catalog::names::{Names, Resolution};
use careerbot::content::{load_dir, Library, LoadOptions};
use careerbot::search::disk::{open_or_build, IndexAction};
use careerbot::search::{SearchIndex, SearchRequest};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use tempfile::TempDir;

/// Documents in the generated library.
const GENERATED: u32 = 1_000;

/// Typical things members ask, typos and a quoted phrase included.
const QUERIES: [&str; 20] = [
    "admission controllers",
    "kubernetes",
    "kubernets",
    "certifcation",
    "SIEM",
    "incident response",
    "\"security as code\"",
    "salary",
    "entry level",
    "portfolio projects",
    "terraform",
    "python scripting",
    "cloud security",
    "CISSP",
    "threat modeling",
    "devsecops",
    "soft skills",
    "career ladder",
    "compliance as code",
    "zero trust",
];

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The shipped seed library; it must load without errors, or the benchmarks measure error
/// paths.
fn seed_library() -> Library {
    let library = load_dir(&content_dir(), &LoadOptions::default()).expect("load content/");
    assert!(!library.documents.is_empty(), "content/ has no documents");
    assert!(!library.has_errors(), "{:#?}", library.problems);
    library
}

fn tempdir() -> TempDir {
    TempDir::new().expect("tempdir")
}

// --- generated library ------------------------------------------------------------------

/// Tech words the generated documents are made of (~200).
const WORDS: &[&str] = &[
    "kubernetes",
    "docker",
    "terraform",
    "ansible",
    "python",
    "rust",
    "golang",
    "java",
    "javascript",
    "typescript",
    "react",
    "angular",
    "postgres",
    "mysql",
    "redis",
    "kafka",
    "spark",
    "hadoop",
    "airflow",
    "snowflake",
    "bigquery",
    "tableau",
    "pandas",
    "numpy",
    "pytorch",
    "tensorflow",
    "sklearn",
    "jupyter",
    "linux",
    "bash",
    "powershell",
    "windows",
    "networking",
    "firewall",
    "routing",
    "switching",
    "dns",
    "tls",
    "oauth",
    "saml",
    "identity",
    "encryption",
    "cryptography",
    "pki",
    "siem",
    "splunk",
    "elastic",
    "logging",
    "monitoring",
    "observability",
    "prometheus",
    "grafana",
    "tracing",
    "alerting",
    "incident",
    "forensics",
    "malware",
    "phishing",
    "vulnerability",
    "pentesting",
    "exploit",
    "threat",
    "compliance",
    "governance",
    "audit",
    "risk",
    "gdpr",
    "hipaa",
    "iso27001",
    "nist",
    "soc2",
    "aws",
    "azure",
    "gcp",
    "serverless",
    "lambda",
    "microservices",
    "api",
    "graphql",
    "rest",
    "grpc",
    "cicd",
    "jenkins",
    "gitlab",
    "github",
    "git",
    "testing",
    "automation",
    "selenium",
    "cypress",
    "agile",
    "scrum",
    "kanban",
    "jira",
    "devops",
    "devsecops",
    "sre",
    "reliability",
    "availability",
    "scalability",
    "latency",
    "throughput",
    "caching",
    "cdn",
    "loadbalancer",
    "nginx",
    "apache",
    "helm",
    "istio",
    "envoy",
    "containers",
    "virtualization",
    "vmware",
    "hypervisor",
    "storage",
    "backup",
    "recovery",
    "database",
    "datawarehouse",
    "datalake",
    "etl",
    "pipeline",
    "streaming",
    "batch",
    "analytics",
    "statistics",
    "regression",
    "classification",
    "clustering",
    "nlp",
    "vision",
    "llm",
    "embeddings",
    "prompting",
    "mlops",
    "feature",
    "model",
    "training",
    "inference",
    "gpu",
    "cuda",
    "embedded",
    "firmware",
    "iot",
    "robotics",
    "blockchain",
    "solidity",
    "ethereum",
    "mobile",
    "android",
    "ios",
    "swift",
    "kotlin",
    "flutter",
    "frontend",
    "backend",
    "fullstack",
    "accessibility",
    "usability",
    "design",
    "figma",
    "prototyping",
    "wireframes",
    "documentation",
    "writing",
    "mentoring",
    "leadership",
    "communication",
    "stakeholders",
    "budgeting",
    "roadmap",
    "architecture",
    "patterns",
    "refactoring",
    "debugging",
    "profiling",
    "performance",
    "optimization",
    "concurrency",
    "distributed",
    "consensus",
    "replication",
    "sharding",
    "indexing",
    "search",
    "ranking",
    "recommendation",
    "experimentation",
    "abtesting",
    "metrics",
    "dashboards",
    "reporting",
    "salary",
    "portfolio",
    "certification",
    "interview",
    "resume",
    "networking-events",
    "open-source",
    "community",
    "conference",
    "bootcamp",
    "degree",
    "internship",
    "apprenticeship",
    "freelance",
    "consulting",
    "startup",
];

/// Little words between the tech words, so sentences have stop words like real ones.
const GLUE: [&str; 12] = ["and", "with", "for", "the", "of", "in", "to", "using", "across", "on", "via", "through"];

const ROLE_NOUNS: [&str; 10] = [
    "Engineer",
    "Analyst",
    "Architect",
    "Developer",
    "Administrator",
    "Scientist",
    "Specialist",
    "Consultant",
    "Manager",
    "Designer",
];

/// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic, no
/// dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }

    /// `count` tech words with a glue word after every second one.
    fn words(&mut self, count: usize) -> String {
        let mut out = String::new();
        for i in 0..count {
            if i > 0 {
                out.push(' ');
                if i % 2 == 0 {
                    out.push_str(GLUE[self.below(GLUE.len())]);
                    out.push(' ');
                }
            }
            out.push_str(self.word());
        }
        out
    }

    /// A sentence: capitalised, ending with a full stop.
    fn sentence(&mut self, count: usize) -> String {
        format!("{}.", capitalise(&self.words(count)))
    }

    /// A bold label: two to four capitalised words.
    fn label(&mut self) -> String {
        let count = 2 + self.below(3);
        (0..count).map(|_| capitalise(self.word())).collect::<Vec<_>>().join(" ")
    }

    /// A certification name's middle: like [`Lcg::label`], without words the parser reads
    /// as "not a certification" (`bootcamp`), so every generated certification counts.
    fn cert_label(&mut self) -> String {
        let count = 2 + self.below(3);
        let mut words = Vec::with_capacity(count);
        while words.len() < count {
            let word = self.word();
            if word != "bootcamp" {
                words.push(capitalise(word));
            }
        }
        words.join(" ")
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One generated career document: (file name, markdown).
fn generated_document(n: u32, rng: &mut Lcg) -> (String, String) {
    let role =
        format!("{} {} {}", capitalise(rng.word()), capitalise(rng.word()), ROLE_NOUNS[rng.below(ROLE_NOUNS.len())]);
    let file_stem = role.replace(' ', "_");
    let file = format!("{n}-{file_stem}_{n}.md");
    let title = format!("{n}. {role} {n}");
    let mut md = String::with_capacity(6 * 1024);
    let _ = writeln!(md, "---");
    let _ = writeln!(md, "layout: resource");
    let _ = writeln!(md, "title: \"{title}\"");
    let _ = writeln!(md, "description: \"Career Path for a {role} {n}\"");
    let _ = writeln!(md, "permalink: /students/career_guidance/career_paths/{n}-{file_stem}_{n}/");
    let _ = writeln!(md, "lang: en");
    let _ = writeln!(md, "---");
    let _ = writeln!(md, "# {title}\n");

    let _ = writeln!(md, "## Role Definition & Responsibilities:\n");
    let _ = writeln!(md, "### Definition:");
    let _ = writeln!(md, "* **Definition:** {role}s work with {} {}\n", rng.words(12), rng.sentence(20));
    let _ = writeln!(md, "### Responsibilities:");
    for _ in 0..8 {
        let _ = writeln!(md, "* **{}:** {} {}", rng.label(), rng.sentence(14), rng.sentence(10));
    }

    let _ = writeln!(md, "\n## Getting Started:\n");
    let _ = writeln!(md, "### Vocational Training & Certifications:");
    for _ in 0..4 {
        let _ = writeln!(md, "* **Certified {} Professional:** {}", rng.cert_label(), rng.sentence(12));
    }
    let _ = writeln!(md, "\n### Key Skills Required:");
    for _ in 0..6 {
        let _ = writeln!(md, "* **{}:** {}", rng.label(), rng.sentence(16));
    }

    let _ = writeln!(md, "\n## GPT Prompts");
    for i in 1..=10 {
        let _ = writeln!(md, "{i}. \"Explain how a {role} uses {} in daily work.\"", rng.words(6));
    }

    let _ = writeln!(md, "\n## Future Reading Links");
    for i in 1..=5 {
        let _ = writeln!(md, "{i}. [{} Guide](https://example.com/{n}/{i}): {}", rng.label(), rng.sentence(10));
    }
    (file, md)
}

/// Writes the generated library into a new temporary folder.
fn generated_folder() -> TempDir {
    let dir = tempdir();
    let mut rng = Lcg(0x5EED_CA2E_E2B0_7001);
    for n in 1..=GENERATED {
        let (file, md) = generated_document(n, &mut rng);
        let path = dir.path().join(&file);
        std::fs::write(&path, md).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    dir
}

// --- benchmarks -------------------------------------------------------------------------

fn index_build(c: &mut Criterion) {
    let library = seed_library();
    let (generated, index_dir) = generated_setup();
    let mut group = c.benchmark_group("index_build");

    // Rebuilding in one folder: after the first iteration the generation for this content
    // exists, so each build is written, found identical to the one in place and discarded
    // (the path `--rebuild` takes on an unchanged library).
    let dir = tempdir();
    let first = open_or_build(dir.path(), &library, true).expect("build");
    assert!(matches!(first.action, IndexAction::Built { .. }), "{:?}", first.action);
    drop(first);
    group.bench_function("seed", |b| {
        b.iter(|| open_or_build(black_box(dir.path()), black_box(&library), true).expect("build"))
    });
    group.bench_function("memory_seed", |b| b.iter(|| SearchIndex::in_memory(black_box(&library)).expect("build")));
    // A build of the generated library takes ~0.6 s: ten flat samples of one or two builds.
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("generated_1000", |b| {
        b.iter(|| open_or_build(black_box(index_dir.path()), black_box(&generated), true).expect("build"))
    });
    group.finish();
}

/// The generated library, loaded (its markdown folder is removed again), and an index folder
/// with one build of it in it.
fn generated_setup() -> (Library, TempDir) {
    let folder = generated_folder();
    let generated = load_dir(folder.path(), &LoadOptions::default()).expect("load generated");
    assert_eq!(generated.documents.len(), GENERATED as usize, "{:#?}", generated.problems);
    assert!(!generated.has_errors(), "{:#?}", generated.problems);
    // Every document must have its lists recognised, or the index is smaller than intended.
    for d in &generated.documents {
        assert_eq!((d.certifications.len(), d.prompts.len(), d.links.len()), (4, 10, 5), "{} parsed short", d.file);
    }
    let index_dir = tempdir();
    let opened = open_or_build(index_dir.path(), &generated, true).expect("build generated");
    eprintln!(
        "generated library: {} documents, {} index documents",
        generated.documents.len(),
        opened.index.num_docs()
    );
    (generated, index_dir)
}

fn index_open(c: &mut Criterion) {
    let library = seed_library();
    let dir = tempdir();
    open_or_build(dir.path(), &library, false).expect("build");
    let reopened = open_or_build(dir.path(), &library, false).expect("open");
    assert_eq!(reopened.action, IndexAction::Reused, "warnings: {:?}", reopened.warnings);
    drop(reopened);

    let mut group = c.benchmark_group("index_open");
    group.bench_function("reused_seed", |b| {
        b.iter(|| open_or_build(black_box(dir.path()), black_box(&library), false).expect("open"))
    });
    group.finish();
}

fn query(c: &mut Criterion) {
    let library = seed_library();
    // The index as the bot serves it: built on disk, then reopened (memory-mapped).
    let dir = tempdir();
    open_or_build(dir.path(), &library, false).expect("build");
    let opened = open_or_build(dir.path(), &library, false).expect("open");
    assert_eq!(opened.action, IndexAction::Reused);
    let index = opened.index;

    for text in QUERIES {
        let hits = index.search(&library, &SearchRequest { text, limit: 5, ..Default::default() }).expect("search");
        eprintln!("query {text:?}: {} hit(s)", hits.len());
    }

    let mut group = c.benchmark_group("query");
    for text in QUERIES {
        group.bench_with_input(BenchmarkId::new("seed", text), &text, |b, &text| {
            b.iter(|| {
                index
                    .search(&library, &SearchRequest { text: black_box(text), limit: 5, ..Default::default() })
                    .expect("search")
            })
        });
    }
    group.bench_function("seed_mix", |b| {
        b.iter(|| {
            let mut total = 0;
            for text in QUERIES {
                let request = SearchRequest { text: black_box(text), limit: 5, ..Default::default() };
                total += index.search(&library, &request).expect("search").len();
            }
            total
        })
    });
    group.finish();
}

fn resolve_names(c: &mut Criterion) {
    let names = Names::build(&seed_library());
    assert!(
        matches!(names.resolve("secopps"), Resolution::Found(..)),
        "\"secopps\" should resolve to the SecOps Engineer document"
    );
    assert!(!names.suggest("sec", 25).is_empty());

    let mut group = c.benchmark_group("resolve");
    group.bench_function("resolve_secopps", |b| b.iter(|| names.resolve(black_box("secopps"))));
    group.bench_function("suggest_sec", |b| b.iter(|| names.suggest(black_box("sec"), 25)));
    group.finish();
}

criterion_group!(benches, index_build, index_open, query, resolve_names);
criterion_main!(benches);
