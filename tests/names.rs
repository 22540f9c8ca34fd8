//! Career names through the name index ([`careerbot::catalog::names`]): every way members type
//! them, and the same answers as the linear resolver it replaced (kept as an oracle in
//! `support/linear_resolve.rs`) for whole names, starts, words and typos of every document's own
//! name in the shipped library. The oracle knows no role names (`synonyms.toml` [roles]) and no
//! job titles of the pages, so it is compared with the index of the documents' own names.

#[path = "support/linear_resolve.rs"]
mod linear;

use std::path::Path;
use std::sync::OnceLock;

use careerbot::catalog::names::{compact, MatchRank, Names, Resolution};
use careerbot::content::{load_dir, Library, LoadOptions};

fn library() -> &'static (Library, Names) {
    static LIBRARY: OnceLock<(Library, Names)> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let library =
            load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &LoadOptions::default()).unwrap();
        let names = Names::build(&library);
        (library, names)
    })
}

/// The library's own names, without roles or job titles, as the oracle reads it.
fn without_roles() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| Names::build_own(&library().0))
}

fn slug(id: usize) -> &'static str {
    &library().0.documents[id].slug
}

#[test]
fn names_resolve_every_way_members_type_them() {
    let (_, names) = library();
    for typed in
        ["secops", "SecOps", "27", "Sec Ops", "secops engineer", "SECOPS-ENGINEER", "secops-engineer", "  secops  "]
    {
        match names.resolve(typed) {
            Resolution::Found(id, _) => assert_eq!(slug(id), "secops-engineer", "{typed}"),
            other => panic!("{typed:?} → {other:?}"),
        }
    }
    assert!(matches!(names.resolve("secop"), Resolution::Found(_, MatchRank::Prefix)));
    assert!(matches!(names.resolve("sec eng"), Resolution::Found(_, MatchRank::Word)));
    assert!(matches!(names.resolve("secopps"), Resolution::Found(_, MatchRank::Typo)));
    assert!(matches!(names.resolve("sceops"), Resolution::Found(_, MatchRank::Typo)));
    match names.resolve("secopz") {
        Resolution::Unknown(candidates) => assert_eq!(slug(candidates[0]), "secops-engineer"),
        other => panic!("{other:?}"),
    }
    match names.resolve("data") {
        Resolution::Ambiguous(ids, count) => {
            assert_eq!(count, 2);
            assert_eq!(ids.iter().map(|&i| slug(i)).collect::<Vec<_>>(), ["data-scientist", "data-engineer"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(names.resolve("underwater basket weaving"), Resolution::Unknown(Vec::new()));
    assert_eq!(names.resolve(""), Resolution::Unknown(Vec::new()));
    assert_eq!(names.resolve(&"x".repeat(6000)), Resolution::Unknown(Vec::new()));
}

#[test]
fn suggestions_for_autocomplete() {
    let (library, names) = library();
    assert_eq!(slug(names.suggest("secop", 25)[0]), "secops-engineer");
    assert_eq!(names.suggest("", 25).len(), 25);
    assert_eq!(names.suggest("", 25)[0], 0, "nothing typed: the library in order");
    assert_eq!(slug(names.suggest("secpos", 25)[0]), "secops-engineer");
    assert!(names.suggest("zzzzzz", 25).is_empty());
    assert!(names.suggest(&"x".repeat(6000), 25).is_empty());
    let data: Vec<&str> = names.suggest("data", 25).into_iter().map(slug).collect();
    assert_eq!(&data[..2], ["data-scientist", "data-engineer"]);
    assert!(library.documents.len() >= 25);
}

/// What members type for each name of a document: the name, starts of it, its words, and one
/// typo of every kind at the start, the middle and the end (every place would take minutes
/// against the linear oracle in a debug build).
fn typings(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = vec![name.to_string(), name.to_uppercase(), name.replace('-', " ")];
    for end in [1, 2, 3, chars.len() / 2, chars.len().saturating_sub(1)] {
        if (1..chars.len()).contains(&end) {
            out.push(chars[..end].iter().collect());
        }
    }
    out.extend(name.split(['-', ' ']).map(str::to_string));
    let mut places = vec![0, chars.len() / 2, chars.len().saturating_sub(1)];
    places.dedup();
    for i in places.into_iter().filter(|&i| i < chars.len()) {
        let mut deleted = chars.clone();
        deleted.remove(i);
        out.push(deleted.iter().collect());
        let mut inserted = chars.clone();
        inserted.insert(i, 'x');
        out.push(inserted.iter().collect());
        let mut replaced = chars.clone();
        replaced[i] = 'q';
        out.push(replaced.iter().collect());
        if i + 1 < chars.len() {
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            out.push(swapped.iter().collect());
        }
    }
    out
}

#[test]
fn the_index_answers_as_the_linear_resolver_did() {
    let (library, _) = library();
    let names = without_roles();
    let position = |slug: &str| library.documents.iter().position(|d| d.slug == slug).unwrap();
    let mut compared = 0;
    for doc in &library.documents {
        let mut typed_names = vec![doc.slug.clone(), doc.title.clone()];
        typed_names.extend(doc.aliases.iter().cloned());
        for typed in typed_names.iter().flat_map(|n| typings(n)) {
            let old = linear::resolve(library, &typed);
            let new = names.resolve(&typed);
            match (&old, &new) {
                (linear::Resolution::Found(d, rank), Resolution::Found(id, new_rank)) => {
                    assert_eq!((position(&d.slug), rank), (*id, new_rank), "{typed:?}");
                }
                (linear::Resolution::Ambiguous(docs), Resolution::Ambiguous(ids, count)) => {
                    let old_ids: Vec<usize> = docs.iter().map(|d| position(&d.slug)).collect();
                    assert_eq!(old_ids.len(), *count, "{typed:?}");
                    assert_eq!(&old_ids[..ids.len()], ids.as_slice(), "{typed:?}");
                }
                (linear::Resolution::Unknown(docs), Resolution::Unknown(ids)) => {
                    // "Did you mean": the typos are the same; beyond them, likeness may differ.
                    let ranked = linear_typos(library, &typed);
                    let old_ids: Vec<usize> = docs.iter().map(|d| position(&d.slug)).collect();
                    let same = ranked.min(old_ids.len()).min(ids.len());
                    assert_eq!(&old_ids[..same], &ids[..same], "{typed:?}");
                }
                _ => panic!("{typed:?}: linear {old:?}, index {new:?}"),
            }
            let old: Vec<usize> = linear::suggest(library, &typed, 25).iter().map(|d| position(&d.slug)).collect();
            let new = names.suggest(&typed, 25);
            let same = linear_typos_and_better(library, &typed).min(old.len());
            assert_eq!(&old[..same], &new[..same.min(new.len())], "suggest {typed:?}");
            compared += 1;
        }
    }
    assert!(compared > 2_000, "{compared}");
}

/// How many documents the linear resolver ranks a typo (and nothing better) for `typed`.
fn linear_typos(library: &Library, typed: &str) -> usize {
    linear::ranked_ranks(library, typed).iter().filter(|r| **r == MatchRank::Typo).count()
}

/// How many documents the linear resolver ranks a typo or better.
fn linear_typos_and_better(library: &Library, typed: &str) -> usize {
    linear::ranked_ranks(library, typed).iter().filter(|r| **r <= MatchRank::Typo).count()
}

#[test]
fn compact_names_ignore_case_spaces_and_hyphens() {
    assert_eq!(compact("Sec Ops-Engineer"), "secopsengineer");
}
